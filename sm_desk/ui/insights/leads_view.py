"""The leads list, on both hats' side of the hand-off.

Sales (default filter "Ready for sales"): accept a lead (a deal is created, its
campaign kept) or return it with a reason. Marketing: tick the lead's VBANT; when the
ticks meet the agreement's definition it is handed over by itself; "Hand over again"
after a return. Both sort and filter by the priority of the lead's segments.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from sm_desk.core import clock
from sm_desk.core.agreement import load_agreement
from sm_desk.core.domain import VBANT
from sm_desk.core.handoffs import handoff as protocol
from sm_desk.core.sales.deals import SalesError
from sm_desk.core.store import Changes, Store
from sm_desk.core.words import sentence
from sm_desk.ui.insights.deal_columns import NO_RANK, PRIORITY_FILTERS
from sm_desk.ui.widgets.rows_model import Column, Row, RowsModel, selected_rows, table_view

WATCHED = ("contacts", "handoffs", "lead_qualifications", "segment_priorities",
           "contact_tags", "settings", "campaigns", "companies")
STATE_FILTERS = (("Ready for sales", ("ready", "overdue")), ("All leads", None),
                 ("Not yet qualified", ("new", "qualifying")), ("Accepted", ("accepted",)),
                 ("Returned", ("returned",)))


def _day(instant: str | None) -> str:
    if not instant:
        return ""
    return clock.from_iso(instant).astimezone().strftime("%Y-%m-%d %H:%M")


COLUMNS = [
    Column("Lead", lambda r: r["name"] or r["email"] or f"Contact {r['id']}"),
    Column("Company", lambda r: r["company"] or ""),
    Column("State", lambda r: r["state_text"]),
    Column("Segment priority", lambda r: f"#{r['segment_rank']} {r['segment']}"
           if r["segment_rank"] else "", lambda r: r["segment_rank"] or NO_RANK),
    Column("VBANT", lambda r: f"{r['vbant']}/5", lambda r: r["vbant"], True),
    Column("Source campaign", lambda r: r["campaign"] or ""),
    Column("Handed over", lambda r: _day(r["handed_at"]), lambda r: r["handed_at"] or ""),
    Column("Answer by", lambda r: _day(r["deadline"]), lambda r: r["deadline"] or "~"),
]


class ReturnDialog(QDialog):
    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Return the lead to marketing")
        layout = QVBoxLayout(self)
        label = QLabel(f"Why does {name} go back to marketing?")
        label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(label)
        self.group = QButtonGroup(self)
        self.buttons_by_reason: dict[str, QRadioButton] = {}
        for key, text in (("not_fit", "&Not a fit (the contact is marked lost)"),
                          ("not_now", "Not &now (to marketing's nurture segment)"),
                          ("bad_data", "&Bad data (stays a lead for marketing to fix)")):
            button = QRadioButton(text)
            self.group.addButton(button)
            self.buttons_by_reason[key] = button
            layout.addWidget(button)
        self.buttons_by_reason["not_now"].setChecked(True)
        self.note = QLineEdit()
        self.note.setPlaceholderText("A note for marketing (optional)")
        layout.addWidget(self.note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def reason(self) -> str:
        return next(k for k, b in self.buttons_by_reason.items() if b.isChecked())


class LeadsView(QWidget):
    def __init__(self, store: Store, side: str, say: Callable[[str], None] = lambda _: None,
                 now: Callable[[], datetime] = clock.now_utc,
                 open_deal: Callable[[int], Any] | None = None) -> None:
        super().__init__()
        self.store, self.side, self.say, self.now = store, side, say, now
        self.open_deal = open_deal
        self.rows: list[Row] = []
        self.dialog: ReturnDialog | None = None
        self._dirty = True
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        bar = QHBoxLayout()
        self.state = QComboBox()
        self.state.setObjectName(f"{side}_lead_state")
        for text, states in STATE_FILTERS:
            self.state.addItem(text, states)
        self.state.setCurrentIndex(0 if side == "sales" else 1)
        self.priority = QComboBox()
        for text, rank in PRIORITY_FILTERS:
            self.priority.addItem(text, rank)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search leads…")
        self.search.setClearButtonEnabled(True)
        self.count = QLabel()
        self.count.setTextFormat(Qt.TextFormat.PlainText)
        self.count.setWordWrap(True)
        for widget in (self.state, self.priority, self.search):
            bar.addWidget(widget)
        bar.addWidget(self.count, 1)
        layout.addLayout(bar)
        self.model = RowsModel(COLUMNS, alert=lambda r: r["state"] == "overdue")
        self.view = table_view(self.model, f"{side}_leads",
                               widths=(170, 150, 150, 150, 55, 150, 135))
        layout.addWidget(self.view, 1)
        layout.addLayout(self._actions())
        self.state.currentIndexChanged.connect(lambda _: self.refilter())
        self.priority.currentIndexChanged.connect(lambda _: self.refilter())
        self.search.textChanged.connect(lambda _: self.refilter())
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._show_selected())
        self.view.doubleClicked.connect(lambda _: self._open_selected_deal())

    def _actions(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.hint = QLabel()
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        self.hint.setStyleSheet("color: #52606d;")
        self.hint.setWordWrap(True)  # fits a laptop beside the ticks
        self.checks: dict[str, QCheckBox] = {}
        if self.side == "sales":
            self.accept_button = QPushButton("Accept → new deal")
            self.return_button = QPushButton("Return to marketing…")
            self.accept_button.clicked.connect(self.accept_selected)
            self.return_button.clicked.connect(lambda: self.return_selected())
            row.addWidget(self.accept_button)
            row.addWidget(self.return_button)
        else:
            for name in VBANT:
                check = QCheckBox(name.title())
                check.clicked.connect(lambda checked, n=name: self.tick(n, checked))
                self.checks[name] = check
                row.addWidget(check)
            self.again_button = QPushButton("Hand over again")
            self.again_button.clicked.connect(self.hand_over_selected)
            row.addWidget(self.again_button)
        row.addWidget(self.hint, 1)
        return row

    # -- data ------------------------------------------------------------------------------

    def on_changed(self, changes: Changes) -> None:
        if changes.touches(*WATCHED):
            self._dirty = True
            if self.isVisible():
                self.reload()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        if self._dirty:
            self.reload()
        super().showEvent(event)

    def reload(self) -> None:
        keep = self.selected_id()
        self.rows = protocol.leads(self.store, self.now())
        self._dirty = False
        self.refilter(keep)

    def refilter(self, keep: int | None = None) -> None:
        keep = keep if keep is not None else self.selected_id()
        states, rank = self.state.currentData(), self.priority.currentData()
        words = self.search.text().casefold().split()
        rows = [r for r in self.rows if (states is None or r["state"] in states)
                and (rank is None or (r["segment_rank"] or NO_RANK) <= rank)
                and all(w in f"{r['name']} {r['email']} {r['company']}".casefold()
                        for w in words)]
        if self.model._sort is None:  # the default order: the hunting ground's priority
            rows.sort(key=lambda r: (r["segment_rank"] or NO_RANK, -r["vbant"], r["id"]))
        self.model.set_rows(rows)
        ready = sum(r["state"] in ("ready", "overdue") for r in self.rows)
        late = sum(r["state"] == "overdue" for r in self.rows)
        self.count.setText(f"{len(rows):,} shown · {ready:,} ready for sales"
                           + (f", {late:,} past the follow-up time" if late else ""))
        if keep is not None:
            self.select_contact(keep)
        self._show_selected()

    def select_contact(self, contact_id: int) -> bool:
        for i, row in enumerate(self.model.rows):
            if row["id"] == contact_id:
                self.view.selectRow(i)
                return True
        return False

    def selected(self) -> Row | None:
        rows = selected_rows(self.view)
        return self.model.row(rows[0]) if rows else None

    def selected_id(self) -> int | None:
        row = self.selected()
        return None if row is None else int(row["id"])

    def _show_selected(self) -> None:
        row = self.selected()
        agreement = load_agreement(self.store)
        needs = ", ".join(n.title() for n in agreement.qualified_lead_requires)
        if self.side == "sales":
            waiting = row is not None and row["state"] in ("ready", "overdue")
            self.accept_button.setEnabled(waiting)
            self.return_button.setEnabled(waiting)
            self.hint.setText(f"Answer within {agreement.follow_up_hours} h (your agreement)."
                              if waiting else "")
            return
        for name, check in self.checks.items():
            check.setEnabled(row is not None)
            check.setChecked(bool(row and row.get(name)))
        self.again_button.setEnabled(row is not None and row["state"] == "returned")
        self.hint.setText(f"Ready for sales when {needs} are ticked (your agreement).")

    # -- actions ---------------------------------------------------------------------------

    def _run(self, action: Callable[[], Changes], done: str) -> bool:
        try:
            action()
        except (protocol.HandoffError, SalesError) as exc:
            self.say(sentence(str(exc)))
            return False
        self.say(done)
        return True

    def accept_selected(self) -> None:
        row = self.selected()
        if row is None or not row["handoff_id"]:
            return
        handoff_id = int(row["handoff_id"])
        self._run(lambda: protocol.accept_handoff(self.store, handoff_id, self.now()),
                  "Lead accepted: a new deal is in the pipeline (Ctrl+Z undoes)")

    def return_selected(self, run: bool = True) -> ReturnDialog | None:
        row = self.selected()
        if row is None or not row["handoff_id"]:
            return None
        dialog = ReturnDialog(str(row["name"] or row["email"]), self)
        handoff_id = int(row["handoff_id"])
        dialog.accepted.connect(lambda: self._run(
            lambda: protocol.return_handoff(self.store, handoff_id, dialog.reason(), self.now(),
                                            dialog.note.text()),
            "Lead returned to marketing (Ctrl+Z undoes)"))
        self.dialog = dialog
        if run:
            dialog.open()
        return dialog

    def tick(self, criterion: str, checked: bool) -> None:
        contact_id = self.selected_id()
        if contact_id is not None:
            self._run(lambda: protocol.set_lead_vbant(self.store, contact_id, criterion,
                                                      checked, self.now()),
                      f"{criterion.title()} {'ticked' if checked else 'unticked'}")

    def hand_over_selected(self) -> None:
        contact_id = self.selected_id()
        if contact_id is not None:
            self._run(lambda: protocol.hand_over(self.store, contact_id, self.now()),
                      "Handed to sales")

    def _open_selected_deal(self) -> None:
        row = self.selected()
        if row is not None and row.get("deal_id") and self.open_deal is not None:
            self.open_deal(int(row["deal_id"]))
