"""The sales–marketing agreement (seed 002): filled in once, obeyed by the whole app.

Saving writes it in one undoable step; ctx.changed then tells every page (the
Tasks rules, the stalled marks, the dashboard) to re-read it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from sm_desk.core.agreement import Agreement, load_agreement, save_agreement_counted
from sm_desk.core.assessment.advice import RULE_LABELS
from sm_desk.core.domain import VBANT
from sm_desk.core.money import numbers_for
from sm_desk.core.store import assessment as people_queries
from sm_desk.core.words import counted
from sm_desk.ui.context import AppContext
from sm_desk.ui.widgets.dialog_buttons import save_cancel
from sm_desk.ui.widgets.labels import plain_label

if TYPE_CHECKING:
    from sm_desk.ui.main_window import MainWindow


def _spin(low: int, high: int, value: int, suffix: str) -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    box.setValue(max(low, min(high, value)))
    box.setSuffix(suffix)
    return box


def _note(text: str) -> QLabel:
    return plain_label(text, "color: #6b7785;")


class AgreementDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Sales–marketing agreement")
        agreement = self.agreement = load_agreement(ctx.store)
        layout = QVBoxLayout(self)
        layout.addWidget(_note(
            "The contract between your two hats: what marketing hands to sales, how fast "
            "sales follows up, and how each is measured. The whole app follows it."))
        columns = QHBoxLayout()
        layout.addLayout(columns)
        left = QVBoxLayout()
        columns.addLayout(left, 1)

        lead = QGroupBox("A qualified lead has (VBANT)")
        lead_row = QHBoxLayout(lead)
        self.vbant: dict[str, QCheckBox] = {}
        for name in VBANT:
            box = QCheckBox(name.capitalize())
            box.setChecked(name in agreement.qualified_lead_requires)
            self.vbant[name] = box
            lead_row.addWidget(box)
        left.addWidget(lead)

        protocol = QGroupBox("Protocol")
        form = QFormLayout(protocol)
        self.follow_up = _spin(1, 24 * 30, agreement.follow_up_hours, " hours")
        form.addRow("Contact a new lead &within:", self.follow_up)
        self.stalled = _spin(1, 365, agreement.stalled_after_days, " days")
        form.addRow("A deal is &stalled after:", self.stalled)
        self.sales_share = _spin(0, 100, round(agreement.hat_target_sales_share * 100), " %")
        form.addRow("Share of hat time on sa&les:", self.sales_share)
        self.effort_hours = dict(agreement.effort_hours)
        self.effort_button = QPushButton("Hours per kind of &work…")
        self.effort_button.setToolTip("What each touch, campaign, call, meeting, email and "
                                      "task counts for in the hat balance")
        self.effort_button.clicked.connect(self.edit_effort)
        form.addRow("Hat balance counts:", self.effort_button)
        left.addWidget(protocol)

        targets = QGroupBox("Weekly targets")
        target_form = QFormLayout(targets)
        self.touches = _spin(0, 1000, agreement.targets.get("touches_sent", 0), "")
        target_form.addRow("Marketing: touches sent", self.touches)
        self.leads = _spin(0, 10000, agreement.targets.get("leads_created", 0), "")
        target_form.addRow("Marketing: leads created", self.leads)
        self.deals = _spin(0, 1000, agreement.targets.get("deals_advanced", 0), "")
        target_form.addRow("Sales: deals advanced", self.deals)
        self.numbers = numbers_for(ctx.store)  # the home currency, the owner's locale
        self.revenue = QLineEdit(self.numbers.amount(agreement.targets.get("revenue_won_minor",
                                                                           0)))
        target_form.addRow("Sales: revenue won", self.revenue)
        left.addWidget(targets)
        left.addStretch(1)

        owners = QGroupBox("Who gets each boundary task by default")
        owner_form = QFormLayout(owners)
        self.assignees: dict[str, QComboBox] = {}
        names = people_queries.people_names(ctx.store)
        for rule, label in RULE_LABELS.items():
            combo = QComboBox()
            combo.addItem("Nobody (shows as a crack)", None)
            for person_id, name in names.items():
                combo.addItem(name, person_id)
            current = agreement.default_assignees.get(rule)
            if current is not None:
                index = combo.findData(current)
                combo.setCurrentIndex(max(0, index))
            self.assignees[rule] = combo
            owner_form.addRow(label, combo)
        columns.addWidget(owners, 1)

        buttons = save_cancel(self, self.save)
        layout.addWidget(buttons)

    def edit_effort(self) -> None:
        from sm_desk.ui.agreement.effort import EffortDialog

        dialog = EffortDialog(self.effort_hours, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.effort_hours = dialog.edited()

    def edited(self) -> Agreement:
        """The agreement as the form shows it (raises ValueError on a bad amount)."""
        revenue = self.numbers.parse_money(self.revenue.text() or "0")
        if revenue < 0:
            raise ValueError("the revenue target cannot be negative")
        assignees = {rule: int(combo.currentData()) for rule, combo in self.assignees.items()
                     if combo.currentData() is not None}
        return Agreement(
            qualified_lead_requires=[n for n in VBANT if self.vbant[n].isChecked()],
            follow_up_hours=self.follow_up.value(),
            stalled_after_days=self.stalled.value(),
            targets={**self.agreement.targets, "touches_sent": self.touches.value(),
                     "leads_created": self.leads.value(),
                     "deals_advanced": self.deals.value(), "revenue_won_minor": revenue},
            hat_target_sales_share=self.sales_share.value() / 100,
            default_assignees=assignees,
            effort_hours=dict(self.effort_hours),
        )

    def save(self) -> None:
        try:
            agreement = self.edited()
        except ValueError as exc:
            QMessageBox.warning(self, "Agreement", f"Revenue target: {exc}")
            return
        _, moved = save_agreement_counted(self.ctx.store, agreement)
        redated = (f"; {counted(moved, 'follow-up task')} re-dated, "
                   "none cancelled or completed" if moved else "")
        self.ctx.say(f"Agreement saved; the whole app follows it now{redated}")
        self.accept()


def open_agreement_dialog(ctx: AppContext, parent: QWidget | None = None) -> AgreementDialog:
    dialog = AgreementDialog(ctx, parent)
    dialog.open()
    return dialog


def show_agreement(window: MainWindow) -> None:
    """Tools > Sales–marketing agreement… (called with the MainWindow)."""
    open_agreement_dialog(window.ctx, window)
