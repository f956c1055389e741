"""The deal dialog: every field of a deal, the VBANT checklist and, for a saved deal, its
activity log. OK writes it in one undoable step ("New deal" / "Edit deal")."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QDate, QStringListModel, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from sm_desk.core.clock import from_iso
from sm_desk.core.domain import ACTIVITY_KINDS, VBANT
from sm_desk.core.money import MoneyError, numbers_for
from sm_desk.core.sales.activities import ACTIVITY_LABELS, log_activity
from sm_desk.core.sales.deals import SalesError, create_deal, move_deal, update_deal
from sm_desk.core.store import Store
from sm_desk.core.store import sales as queries
from sm_desk.core.words import sentence
from sm_desk.ui.insights.deal_panel import attach_handoff_panel
from sm_desk.ui.widgets.custom_fields import CustomFieldsEditor
from sm_desk.ui.widgets.solo import solo_owner

VBANT_HELP = {
    "vision": "They see how it changes things for them",
    "budget": "Money is set aside for it",
    "need": "They have the problem it solves",
    "authority": "You talk to the person who decides",
    "timeframe": "They know when they want it",
}


def profile_date_format(store: Store) -> str:
    """The profile's short date style for a date field, always with a four-digit year."""
    from PySide6.QtCore import QLocale

    style = QLocale(numbers_for(store).locale).dateFormat(QLocale.FormatType.ShortFormat)
    return style if "yyyy" in style else style.replace("yy", "yyyy")


class OptionalDate(QWidget):
    """A date that may be empty: a checkbox turns the date on."""

    def __init__(self, label: str, store: Store | None = None) -> None:
        super().__init__()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.check = QCheckBox(label)
        self.edit = QDateEdit()
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat(profile_date_format(store) if store else "yyyy-MM-dd")
        self.edit.setEnabled(False)
        self.check.toggled.connect(self.edit.setEnabled)
        row.addWidget(self.check)
        row.addWidget(self.edit, 1)

    def set_value(self, value: str | None, fallback: date) -> None:
        day = date.fromisoformat(value) if value else fallback
        self.edit.setDate(QDate(day.year, day.month, day.day))
        self.check.setChecked(bool(value))

    def value(self) -> str | None:
        if not self.check.isChecked():
            return None
        return str(self.edit.date().toString("yyyy-MM-dd"))


class DealDialog(QDialog):
    def __init__(self, store: Store, today: date, now: Callable[[], datetime],
                 deal_id: int | None = None, contact_id: int | None = None,
                 stage_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.today, self.now = store, today, now
        self.deal_id = deal_id
        self.saved_id: int | None = deal_id
        self.deal: dict[str, Any] = dict(store.get("deals", deal_id) or {}) if deal_id else {}
        self.setWindowTitle("Edit deal" if deal_id else "New deal")
        self._contacts: dict[str, int] = {}
        self.contact_id: int | None = self.deal.get("contact_id") or contact_id
        outer = QHBoxLayout(self)
        outer.addLayout(self._build_form(stage_id), 3)
        if deal_id:
            outer.addWidget(self._build_activities(), 2)
            attach_handoff_panel(self, outer)  # insights (Ctrl+I) and suggested collateral
        self._load(contact_id)

    # -- layout --------------------------------------------------------------------------

    def _build_form(self, stage_id: int | None) -> QVBoxLayout:
        column = QVBoxLayout()
        self.title_edit = QLineEdit()
        self.contact_edit = QLineEdit()
        self.contact_edit.setPlaceholderText("Type a name or email")
        self._completions = QStringListModel(self)
        completer = QCompleter(self._completions, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.contact_edit.setCompleter(completer)
        self.contact_edit.textEdited.connect(self._search_contacts)
        self.value_edit = QLineEdit()
        self.value_edit.setPlaceholderText("0.00")
        self.currency_edit = QLineEdit()
        self.currency_edit.setMaxLength(3)
        self.currency_edit.setFixedWidth(56)
        self.currency_edit.setToolTip("The deal's currency (ISO code: USD, EUR, JPY)")
        from sm_desk.core.profile import currency_names

        codes = QCompleter(list(currency_names()), self)
        codes.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.currency_edit.setCompleter(codes)
        # Said while typing: a currency with no rate is left out of every total.
        self.rate_hint = QLabel()
        self.rate_hint.setTextFormat(Qt.TextFormat.PlainText)
        self.rate_hint.setWordWrap(True)
        self.rate_hint.setStyleSheet("color: #b35c00;")
        self.rate_hint.setVisible(False)
        self.currency_edit.textChanged.connect(self._rate_hint)
        value_box = QVBoxLayout()
        value_row = QHBoxLayout()
        value_row.addWidget(self.value_edit, 1)
        value_row.addWidget(self.currency_edit)
        value_box.addLayout(value_row)
        value_box.addWidget(self.rate_hint)
        self.stage_combo = QComboBox()
        self._stages = queries.stages(self.store)
        for stage in self._stages:
            self.stage_combo.addItem(f"{stage['name']} ({stage['probability']}%)", stage["id"])
        chosen = self.deal.get("stage_id") or stage_id
        if chosen:
            self.stage_combo.setCurrentIndex(max(self.stage_combo.findData(chosen), 0))
        self.probability = QSpinBox()
        self.probability.setRange(-1, 100)
        self.probability.setSpecialValueText("Stage default")
        self.probability.setSuffix("%")
        self.expected = OptionalDate("Set", self.store)
        self.next_step = QLineEdit()
        self.next_step.setPlaceholderText("e.g. Send the proposal")
        self.next_due = OptionalDate("Due", self.store)
        self.campaign_combo = QComboBox()
        self.campaign_combo.addItem("(none)", None)
        for row in queries.campaign_choices(self.store):
            self.campaign_combo.addItem(row["name"], row["id"])
        self.owner_combo = QComboBox()
        self.owner_combo.addItem("(nobody)", None)
        for row in queries.people_choices(self.store):
            self.owner_combo.addItem(row["name"], row["id"])
        self.notes = QPlainTextEdit()
        self.notes.setFixedHeight(60)
        self.lost_reason = QLineEdit()
        self.lost_reason.setPlaceholderText("Why was it lost?")
        self.nurture = QCheckBox("Not now — keep nurturing")
        column.addLayout(self._grid(value_box))
        self.custom = CustomFieldsEditor(self.store, "deals")
        self.custom.load(self.deal_id)
        column.addWidget(self.custom)
        column.addWidget(self._build_vbant())
        self.error = QLabel()
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setStyleSheet("color: #c0392b;")
        self.error.setWordWrap(True)
        column.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        column.addWidget(self.buttons)
        self.stage_combo.currentIndexChanged.connect(self._stage_changed)
        return column

    def _grid(self, value_box: QVBoxLayout) -> QGridLayout:
        """Two columns of label-and-field pairs, each label beside its field; the lost
        reason and "not now" show only when the stage is a lost one."""
        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(6)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        self.grid_labels: dict[str, QLabel] = {}

        def put(row: int, col: int, text: str, field: QWidget | QLayout, span: int = 1) -> None:
            label = QLabel(text)
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.grid_labels[text] = label
            grid.addWidget(label, row, col, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignRight)
            if isinstance(field, QLayout):
                grid.addLayout(field, row, col + 1, 1, span)
            else:
                grid.addWidget(field, row, col + 1, 1, span)
            if isinstance(field, QWidget):
                label.setBuddy(field)
            label.setMinimumHeight(self.title_edit.sizeHint().height())

        put(0, 0, "Title", self.title_edit, 3)
        put(1, 0, "Contact", self.contact_edit, 3)
        put(2, 0, "Value", value_box)
        put(2, 2, "Stage", self.stage_combo)
        put(3, 0, "Probability", self.probability)
        put(3, 2, "Expected close", self.expected)
        put(4, 0, "Next step", self.next_step)
        put(4, 2, "Next step due", self.next_due)
        put(5, 0, "Source campaign", self.campaign_combo)
        put(5, 2, "Owner", self.owner_combo)
        put(6, 0, "Lost reason", self.lost_reason, 3)
        grid.addWidget(self.nurture, 7, 1, 1, 3)
        put(8, 0, "Notes", self.notes, 3)
        return grid

    def _build_vbant(self) -> QGroupBox:
        box = QGroupBox("VBANT qualification: is this deal real?")
        grid = QGridLayout(box)
        grid.setVerticalSpacing(2)
        self.vbant: dict[str, QCheckBox] = {}
        for row, name in enumerate(VBANT):
            check = QCheckBox(name.title())
            check.setToolTip(VBANT_HELP[name])
            check.toggled.connect(self._update_score)
            self.vbant[name] = check
            help_text = QLabel(VBANT_HELP[name])
            help_text.setStyleSheet("color: #52606d;")
            help_text.setBuddy(check)
            grid.addWidget(check, row, 0)
            grid.addWidget(help_text, row, 1)
        self.score = QLabel()
        self.score.setStyleSheet("font-weight: bold;")
        grid.addWidget(self.score, 0, 2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        grid.setColumnStretch(1, 1)
        return box

    def _build_activities(self) -> QGroupBox:
        box = QGroupBox("Activity")
        layout = QVBoxLayout(box)
        entry = QHBoxLayout()
        self.activity_kind = QComboBox()
        for kind in ACTIVITY_KINDS:
            self.activity_kind.addItem(ACTIVITY_LABELS[kind], kind)
        self.activity_summary = QLineEdit()
        self.activity_summary.setPlaceholderText("What happened?")
        self.log_button = QPushButton("Log")
        self.log_button.clicked.connect(self.log_activity)
        self.activity_summary.returnPressed.connect(self.log_activity)
        entry.addWidget(self.activity_kind)
        entry.addWidget(self.activity_summary, 1)
        entry.addWidget(self.log_button)
        layout.addLayout(entry)
        self.activity_list = QListWidget()
        self.activity_list.setWordWrap(True)
        self.activity_list.setMinimumWidth(300)
        layout.addWidget(self.activity_list, 1)
        self._fill_activities()
        return box

    # -- behaviour -----------------------------------------------------------------------

    def _load(self, contact_id: int | None) -> None:
        d = self.deal
        self.numbers = numbers_for(self.store)
        self.value_edit.setPlaceholderText(self.numbers.amount(0))
        currency = self.numbers.currency
        self.title_edit.setText(d.get("title", ""))
        if self.contact_id:
            label = queries.contact_label(self.store, self.contact_id)
            self._contacts[label] = self.contact_id
            self.contact_edit.setText(label)
        self.value_edit.setText(self.numbers.amount(d["value_minor"], d.get("currency") or currency)
                                if d.get("value_minor") else "")
        self.currency_edit.setText(d.get("currency") or currency)
        self.probability.setValue(-1 if d.get("probability") is None else d["probability"])
        self.expected.set_value(d.get("expected_close"), self.today)
        self.next_step.setText(d.get("next_step", ""))
        self.next_due.set_value(d.get("next_step_due"), self.today)
        campaign = d.get("source_campaign_id") if d else None
        if not d and contact_id:
            contact = self.store.get("contacts", contact_id)
            campaign = contact["source_campaign_id"] if contact else None
            self.title_edit.setText(f"Deal with {queries.contact_label(self.store, contact_id)}")
        self.campaign_combo.setCurrentIndex(max(self.campaign_combo.findData(campaign), 0))
        owner = d.get("owner_id") if d else solo_owner(self.store)  # alone: the owner's deal
        self.owner_combo.setCurrentIndex(max(self.owner_combo.findData(owner), 0))
        self.notes.setPlainText(d.get("notes", ""))
        self.lost_reason.setText(d.get("lost_reason") or "")
        self.nurture.setChecked(bool(d.get("nurture")))
        for name, check in self.vbant.items():
            check.setChecked(bool(d.get(name)))
        self._update_score()
        self._stage_changed()

    def _stage_outcome(self) -> str:
        stage_id = self.stage_combo.currentData()
        return next((s["outcome"] for s in self._stages if s["id"] == stage_id), "open")

    def _stage_changed(self, *_: object) -> None:
        lost = self._stage_outcome() == "lost"  # fields that do not apply are not shown
        for widget in (self.lost_reason, self.grid_labels["Lost reason"], self.nurture):
            widget.setVisible(lost)

    def _update_score(self, *_: object) -> None:
        score = sum(check.isChecked() for check in self.vbant.values())
        self.score.setText(f"Qualified {score} of 5")

    def _search_contacts(self, text: str) -> None:
        if len(text.strip()) < 2:
            return
        rows = queries.find_contacts(self.store, text)
        labels = []
        for row in rows:
            label = row["name"] or row["email"] or f"Contact {row['id']}"
            if row["email"]:
                label = f"{label} <{row['email']}>"
            self._contacts[label] = row["id"]
            labels.append(label)
        self._completions.setStringList(labels)

    def _resolve_contact(self) -> int | None:
        text = self.contact_edit.text().strip()
        if not text:
            return None
        if text in self._contacts:
            return self._contacts[text]
        rows = queries.find_contacts(self.store, text, limit=2)
        if len(rows) == 1:
            return int(rows[0]["id"])
        raise SalesError(f"pick one contact for '{text}' from the list")

    def _rate_hint(self, text: str) -> None:
        from sm_desk.core.fx import Rates

        code = text.strip().upper()
        home = self.numbers.currency if hasattr(self, "numbers") else ""
        missing = (len(code) == 3 and bool(home) and code != home
                   and Rates.load(self.store, home).rate(code, self.today) is None)
        self.rate_hint.setText(f"No {code} rate yet: left out of totals (Tools > Exchange "
                               f"rates)" if missing else "")
        self.rate_hint.setToolTip("Totals, forecasts and the report count a deal in another "
                                  "currency only with a rate on or before their date.")
        self.rate_hint.setVisible(missing)

    def fields(self) -> dict[str, Any]:
        from sm_desk.core.profile import known_currency

        currency = self.currency_edit.text().strip().upper() or self.numbers.currency
        if not known_currency(currency):
            raise SalesError(f"'{currency}' is not a currency code (such as USD, EUR, JPY)")
        try:
            value = (self.numbers.parse_money(self.value_edit.text(), currency)
                     if self.value_edit.text().strip() else 0)
        except MoneyError as exc:
            raise SalesError(str(exc)) from exc
        probability = self.probability.value()
        fields: dict[str, Any] = {
            "title": self.title_edit.text(), "contact_id": self._resolve_contact(),
            "value_minor": value,
            "currency": currency,
            "probability": None if probability < 0 else probability,
            "expected_close": self.expected.value(), "next_step": self.next_step.text().strip(),
            "next_step_due": self.next_due.value(),
            "source_campaign_id": self.campaign_combo.currentData(),
            "owner_id": self.owner_combo.currentData(),
            "notes": self.notes.toPlainText(),
        }
        fields.update({name: int(check.isChecked()) for name, check in self.vbant.items()})
        return fields

    def save(self) -> None:
        try:
            fields = self.fields()
        except SalesError as exc:
            self.error.setText(sentence(str(exc)))
            return
        stage_id = int(self.stage_combo.currentData())
        reason = self.lost_reason.text().strip() or None
        nurture = self.nurture.isChecked()
        now = self.now()

        def write() -> int:
            if self.deal_id is None:
                if fields["contact_id"] and self.contact_id != fields["contact_id"]:
                    fields.pop("source_campaign_id")  # the newly picked contact's campaign
                changes = create_deal(self.store, fields, now, stage_id=stage_id,
                                      lost_reason=reason, nurture=nurture)
                self.saved_id = min(changes.rows.get("deals") or [0])
                return self.saved_id
            update_deal(self.store, self.deal_id, fields, now)
            current = self.store.get("deals", self.deal_id) or {}
            if (stage_id != current.get("stage_id") or reason != current.get("lost_reason")
                    or int(nurture) != current.get("nurture")):
                move_deal(self.store, self.deal_id, stage_id, now, lost_reason=reason,
                          nurture=nurture)
            return self.deal_id
        problem = self.custom.save_with(
            "New deal" if self.deal_id is None else "Edit deal", write, SalesError)
        if problem:
            self.error.setText(sentence(problem))
            return
        self.accept()

    def _fill_activities(self) -> None:
        self.activity_list.clear()
        if self.deal_id is None:
            return
        for row in queries.activities_for(self.store, deal_id=self.deal_id):
            when = from_iso(row["at"]).astimezone().strftime("%Y-%m-%d %H:%M")
            self.activity_list.addItem(
                f"{when}  {ACTIVITY_LABELS.get(row['kind'], row['kind'])}: {row['summary']}")

    def log_activity(self, *_: object) -> None:
        if self.deal_id is None:
            return
        summary = self.activity_summary.text().strip()
        if not summary:
            self.activity_summary.setFocus()
            return
        now = self.now()
        try:
            log_activity(self.store, self.activity_kind.currentData(), summary, now, now,
                         deal_id=self.deal_id)
        except SalesError as exc:
            QMessageBox.warning(self, "Activity", str(exc))
            return
        self.activity_summary.clear()
        self._fill_activities()
