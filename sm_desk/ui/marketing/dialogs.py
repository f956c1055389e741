"""Campaign and touch dialogs. They call the core services; a refused value shows
its reason under the form and the dialog stays open."""

from __future__ import annotations

from datetime import date, datetime, time
from functools import partial
from typing import Any, cast

from PySide6.QtCore import QDate, QTime
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QColorDialog,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTimeEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from sm_desk.core.domain import (
    CAMPAIGN_COLOURS,
    CAMPAIGN_STATUSES,
    TOUCH_KIND_LABELS,
    TOUCH_STATUSES,
)
from sm_desk.core.marketing.campaigns import CampaignError, create_campaign, update_campaign
from sm_desk.core.marketing.recurrence import RecurrenceError
from sm_desk.core.marketing.series import delete_occurrence, edit_occurrence, occurrence_start
from sm_desk.core.marketing.timing import parse_local
from sm_desk.core.marketing.touches import TouchError, create_touch, delete_touch, update_touch
from sm_desk.core.money import MoneyError
from sm_desk.core.profile import business_zone
from sm_desk.core.store import Changes, Store
from sm_desk.core.store import marketing as q
from sm_desk.core.store.tasks import open_tasks_of_touch
from sm_desk.core.words import counted
from sm_desk.ui.marketing.rule_editor import RuleEditor
from sm_desk.ui.marketing.scope_question import ScopeChoice, ScopeQuestion
from sm_desk.ui.numbers import current as numbers
from sm_desk.ui.widgets.dialog_buttons import save_cancel
from sm_desk.ui.widgets.zone_picker import ZonePicker


class _Form(QDialog):
    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setTextFormat(self.error.textFormat().PlainText)
        self.error.setStyleSheet("color: #b00020")
        self.error.setWordWrap(True)
        self.buttons = save_cancel(self, self.save)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.changes: Changes | None = None

    def save(self) -> None:
        try:
            self.changes = self.commit()
        except (CampaignError, TouchError, MoneyError, ValueError) as exc:
            self.error.setText(str(exc))
            return
        self.accept()

    def commit(self) -> Changes:
        raise NotImplementedError


def _combo(items: list[tuple[Any, str]], current: Any = None) -> QComboBox:
    box = QComboBox()
    for value, label in items:
        box.addItem(label, value)
    index = box.findData(current)
    if index >= 0:
        box.setCurrentIndex(index)
    return box


class CampaignDialog(_Form):
    def __init__(self, store: Store, campaign_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__("Edit campaign" if campaign_id else "New campaign", parent)
        self.store, self.campaign_id = store, campaign_id
        row: dict[str, Any] = (store.get("campaigns", campaign_id) if campaign_id else None) or {}
        self.name = QLineEdit(row.get("name", ""))
        self.objective = QLineEdit(row.get("objective", ""))
        audiences: list[tuple[Any, str]] = [(None, "No audience"),
                                            ("nurture", "Nurture segment (built-in)")]
        audiences += [(f"tag:{t['id']}", f"Tag: {t['name']}") for t in q.tags(store)]
        current = "nurture" if row.get("audience_segment") else (
            f"tag:{row['audience_tag_id']}" if row.get("audience_tag_id") else None)
        self.audience = _combo(audiences, current)
        import json
        self.channels = QLineEdit(", ".join(json.loads(row.get("channels") or "[]")))
        self.channels.setPlaceholderText("email, linkedin, events")
        self.row_currency = str(row.get("currency") or "")
        self.budget = QLineEdit(numbers().amount(row.get("budget_minor", 0),
                                                 self.row_currency or None))
        self.start = QLineEdit(row.get("start_date") or "")
        self.end = QLineEdit(row.get("end_date") or "")
        for edit in (self.start, self.end):
            edit.setPlaceholderText("YYYY-MM-DD")
        self.status = _combo([(s, s.capitalize()) for s in CAMPAIGN_STATUSES],
                             row.get("status", "planned"))
        self.colour = QLineEdit(row.get("colour", "#4e79a7"))
        pick = QPushButton("Other…")
        pick.clicked.connect(self._pick_colour)
        colour_row = QHBoxLayout()
        for offered in CAMPAIGN_COLOURS:  # one click each; all readable on the calendar
            swatch = QToolButton()
            swatch.setObjectName(f"swatch_{offered[1:]}")
            swatch.setFixedSize(20, 20)
            swatch.setStyleSheet(f"background: {offered}; border: 1px solid #888")
            swatch.setToolTip(offered)
            swatch.clicked.connect(partial(self.colour.setText, offered))
            colour_row.addWidget(swatch)
        colour_row.addWidget(self.colour)
        colour_row.addWidget(pick)
        for label, widget in (("Name", self.name), ("Objective", self.objective),
                              ("Audience", self.audience), ("Channels", self.channels),
                              ("Budget", self.budget), ("Starts", self.start), ("Ends", self.end),
                              ("Status", self.status)):
            self.form.addRow(label, widget)
        self.form.addRow("Colour", colour_row)

    def _pick_colour(self) -> None:
        chosen = QColorDialog.getColor(QColor(self.colour.text()), self, "Campaign colour")
        if chosen.isValid():
            self.colour.setText(chosen.name())

    def commit(self) -> Changes:
        audience = self.audience.currentData()
        values: dict[str, Any] = {
            "name": self.name.text(), "objective": self.objective.text().strip(),
            "audience_segment": "nurture" if audience == "nurture" else None,
            "audience_tag_id": int(audience[4:]) if audience and audience.startswith("tag:")
            else None,
            "channels": [c for c in self.channels.text().split(",")],
            "budget_minor": numbers().parse_money(self.budget.text() or "0",
                                                  self.row_currency or None),
            "start_date": self.start.text().strip() or None,
            "end_date": self.end.text().strip() or None,
            "status": self.status.currentData(), "colour": self.colour.text().strip(),
        }
        if self.campaign_id is None:
            return create_campaign(self.store, values)
        return update_campaign(self.store, self.campaign_id, values)


class TouchDialog(_Form):
    """New touch, edit a touch, or edit one occurrence of a series (`occurrence`: its
    wall-clock key) with "This touch / This and following / All touches in the series"."""

    def __init__(self, store: Store, touch_id: int | None = None, day: date | None = None,
                 campaign_id: int | None = None, parent: QWidget | None = None,
                 occurrence: str | None = None, at: time | None = None) -> None:
        super().__init__("Edit touch" if touch_id else "New touch", parent)
        self.store, self.touch_id = store, touch_id
        row: dict[str, Any] = (store.get("touches", touch_id) if touch_id else None) or {}
        self.row = row
        self.occurrence = occurrence if row.get("rrule") else None
        self.title = QLineEdit(row.get("title", ""))
        self.kind = _combo(list(TOUCH_KIND_LABELS.items()), row.get("kind", "newsletter"))
        self.campaign = _combo([(None, "No campaign")] + [
            (c["id"], c["name"]) for c in q.campaign_choices(store)],
            row.get("campaign_id", campaign_id))
        # The wall-clock start in the touch's own zone: what the owner typed stays. On an
        # occurrence, that occurrence's start (moved or not), not the series' first.
        shown = (occurrence_start(store, int(row["id"]), self.occurrence) if self.occurrence
                 else parse_local(row["start_local"]) if row else None)
        all_day = bool(row.get("all_day", 0))
        first = shown.date() if shown else day or date.today()
        self.date = QDateEdit(QDate(first.year, first.month, first.day))
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        clock = shown.time() if shown and not all_day else at or time(9)
        self.time = QTimeEdit(QTime(clock.hour, clock.minute))
        self.all_day = QCheckBox("All day")
        self.all_day.setChecked(all_day)
        self.zone = ZonePicker(row.get("tz") or business_zone(store))
        for timed_widget in (self.time, self.zone):
            self.all_day.toggled.connect(timed_widget.setDisabled)
            timed_widget.setDisabled(all_day)
        when = QHBoxLayout()
        for w in (self.date, self.time, self.all_day):
            when.addWidget(w)
        self.duration = QSpinBox()
        self.duration.setRange(0, 60 * 24 * 14)
        self.duration.setSingleStep(15)
        self.duration.setSuffix(" min")
        self.duration.setValue(int(row.get("duration_minutes", 60)))
        self.repeat_editor = RuleEditor()
        series_start = parse_local(row["start_local"]) if row else datetime.combine(first, clock)
        self.repeat_editor.set_rule(row.get("rrule"), series_start, all_day,
                                    row.get("tz") or business_zone(store))
        self.repeat, self.count, self.rule = (self.repeat_editor.repeat,
                                              self.repeat_editor.count, self.repeat_editor.rule)
        if not row:  # a new touch: its weekday and month day follow the date picked
            self.date.dateChanged.connect(self._start_changed)
            self.time.timeChanged.connect(self._start_changed)
        self.status = _combo([(s, s.capitalize()) for s in TOUCH_STATUSES],
                             self._status(row))
        self.audience = QSpinBox()
        self.audience.setRange(0, 10_000_000)
        self.audience.setValue(int(row.get("audience_size") or 0))
        self.cost = QLineEdit(numbers().amount(int(row.get("cost_minor", 0))))
        self.notes = QPlainTextEdit(row.get("notes", ""))
        self.notes.setFixedHeight(60)
        self.scope = ScopeChoice()
        widget: QWidget
        for label, widget in (("Title", self.title), ("Kind", self.kind),
                              ("Campaign", self.campaign)):
            self.form.addRow(label, widget)
        self.form.addRow("When", when)
        self.form.addRow("Time zone", self.zone)
        self.form.addRow("Duration", self.duration)
        self.form.addRow("Repeat", self.repeat_editor)
        for label, widget in (("Status", self.status), ("Audience size", self.audience),
                              ("Cost", self.cost), ("Notes", self.notes)):
            self.form.addRow(label, widget)
        if self.occurrence:
            self.setWindowTitle(f"Edit touch on {first:%a %d %b %Y}")
            self.form.addRow("Apply to", self.scope)
        if touch_id is not None:
            delete = self.buttons.addButton("Delete…", QDialogButtonBox.ButtonRole.DestructiveRole)
            delete.clicked.connect(self._delete)

    def _status(self, row: dict[str, Any]) -> str:
        if self.occurrence:
            override = q.override(self.store, int(row["id"]), self.occurrence)
            if override is not None:
                return str(override["status"])
        return str(row.get("status", "planned"))

    def _start_changed(self, *_: object) -> None:
        start = datetime.combine(cast(date, self.date.date().toPython()),
                                 cast(time, self.time.time().toPython()))
        self.repeat_editor.set_start(start, self.all_day.isChecked(),
                                     self.zone.zone() or "UTC")

    def rrule_text(self) -> str | None:
        try:
            return self.repeat_editor.rule_text()
        except RecurrenceError as exc:
            raise TouchError(str(exc)) from exc

    def _delete(self) -> None:
        assert self.touch_id is not None
        title = str(self.row["title"])
        tasks = open_tasks_of_touch(self.store, self.touch_id)
        detail = (f"Its {counted(tasks, 'open task')} will be cancelled. " if tasks else "") + \
            "Edit > Undo or the Trash brings it back."
        if self.occurrence:
            scope = ScopeQuestion("Delete", title, detail, self).ask()
            if scope is None:
                return
            self.changes = delete_occurrence(self.store, self.touch_id, self.occurrence, scope)
        else:
            answer = QMessageBox.question(self, "Delete touch", f"Delete “{title}”? {detail}")
            if answer != QMessageBox.StandardButton.Yes:
                return
            self.changes = delete_touch(self.store, self.touch_id)
        self.accept()

    def commit(self) -> Changes:
        day = cast(date, self.date.date().toPython())
        zone = self.zone.zone()
        if zone is None:
            raise TouchError(f"'{self.zone.currentText()}' is not a time zone; pick one "
                             "from the list (for example Europe/Berlin)")
        start = datetime.combine(day, time(0) if self.all_day.isChecked()
                                 else cast(time, self.time.time().toPython()))
        values: dict[str, Any] = {
            "title": self.title.text(), "kind": self.kind.currentData(),
            "campaign_id": self.campaign.currentData(), "start_local": start, "tz": zone,
            "all_day": self.all_day.isChecked(), "duration_minutes": self.duration.value(),
            "rrule": self.rrule_text(), "status": self.status.currentData(),
            "audience_size": self.audience.value() or None,
            "cost_minor": numbers().parse_money(self.cost.text() or "0"),
            "notes": self.notes.toPlainText(),
        }
        if self.touch_id is None:
            return create_touch(self.store, values)
        if self.occurrence:
            return edit_occurrence(self.store, self.touch_id, self.occurrence, values,
                                   self.scope.scope())
        return update_touch(self.store, self.touch_id, values)
