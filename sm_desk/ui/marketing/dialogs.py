"""Campaign and touch dialogs. They call the core services; a refused value shows
its reason under the form and the dialog stays open."""

from __future__ import annotations

from datetime import date, datetime, time
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
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from sm_desk.core.domain import CAMPAIGN_STATUSES, TOUCH_KIND_LABELS, TOUCH_STATUSES
from sm_desk.core.marketing.campaigns import CampaignError, create_campaign, update_campaign
from sm_desk.core.marketing.recurrence import simple_rule
from sm_desk.core.marketing.timing import parse_local
from sm_desk.core.marketing.touches import TouchError, create_touch, delete_touch, update_touch
from sm_desk.core.money import MoneyError, format_money, parse_money
from sm_desk.core.profile import business_zone
from sm_desk.core.store import Changes, Store
from sm_desk.core.store import marketing as q
from sm_desk.ui.widgets.dialog_buttons import save_cancel
from sm_desk.ui.widgets.zone_picker import ZonePicker

REPEATS = (("none", "Does not repeat"), ("daily", "Every day"), ("weekly", "Every week"),
           ("biweekly", "Every 2 weeks"), ("monthly", "Every month (same date)"),
           ("custom", "Custom rule (RRULE)"))


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
        self.budget = QLineEdit(format_money(row.get("budget_minor", 0)))
        self.start = QLineEdit(row.get("start_date") or "")
        self.end = QLineEdit(row.get("end_date") or "")
        for edit in (self.start, self.end):
            edit.setPlaceholderText("YYYY-MM-DD")
        self.status = _combo([(s, s.capitalize()) for s in CAMPAIGN_STATUSES],
                             row.get("status", "planned"))
        self.colour = QLineEdit(row.get("colour", "#4e79a7"))
        pick = QPushButton("Choose…")
        pick.clicked.connect(self._pick_colour)
        colour_row = QHBoxLayout()
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
            "budget_minor": parse_money(self.budget.text() or "0"),
            "start_date": self.start.text().strip() or None,
            "end_date": self.end.text().strip() or None,
            "status": self.status.currentData(), "colour": self.colour.text().strip(),
        }
        if self.campaign_id is None:
            return create_campaign(self.store, values)
        return update_campaign(self.store, self.campaign_id, values)


class TouchDialog(_Form):
    def __init__(self, store: Store, touch_id: int | None = None, day: date | None = None,
                 campaign_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__("Edit touch" if touch_id else "New touch", parent)
        self.store, self.touch_id = store, touch_id
        row: dict[str, Any] = (store.get("touches", touch_id) if touch_id else None) or {}
        self.title = QLineEdit(row.get("title", ""))
        self.kind = _combo(list(TOUCH_KIND_LABELS.items()), row.get("kind", "newsletter"))
        self.campaign = _combo([(None, "No campaign")] + [
            (c["id"], c["name"]) for c in q.campaign_choices(store)],
            row.get("campaign_id", campaign_id))
        # The wall-clock start in the touch's own zone: what the owner typed stays.
        shown = parse_local(row["start_local"]) if row else None
        all_day = bool(row.get("all_day", 0))
        first = shown.date() if shown else day or date.today()
        self.date = QDateEdit(QDate(first.year, first.month, first.day))
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        at = shown.time() if shown and not all_day else time(9)
        self.time = QTimeEdit(QTime(at.hour, at.minute))
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
        rule = row.get("rrule") or ""
        self.repeat = _combo(list(REPEATS), "custom" if rule else "none")
        self.count = QSpinBox()
        self.count.setRange(0, 5000)
        self.count.setSpecialValueText("no end")
        self.rule = QLineEdit(rule)
        self.rule.setPlaceholderText("FREQ=WEEKLY;BYDAY=TU;COUNT=26")
        self.repeat.currentIndexChanged.connect(self._repeat_changed)
        self._repeat_changed()
        repeat_row = QHBoxLayout()
        repeat_row.addWidget(self.repeat)
        repeat_row.addWidget(QLabel("times:"))
        repeat_row.addWidget(self.count)
        self.status = _combo([(s, s.capitalize()) for s in TOUCH_STATUSES],
                             row.get("status", "planned"))
        self.audience = QSpinBox()
        self.audience.setRange(0, 10_000_000)
        self.audience.setValue(int(row.get("audience_size") or 0))
        self.cost = QLineEdit(format_money(int(row.get("cost_minor", 0))))
        self.notes = QPlainTextEdit(row.get("notes", ""))
        self.notes.setFixedHeight(60)
        widget: QWidget
        for label, widget in (("Title", self.title), ("Kind", self.kind),
                              ("Campaign", self.campaign)):
            self.form.addRow(label, widget)
        self.form.addRow("When", when)
        self.form.addRow("Time zone", self.zone)
        self.form.addRow("Duration", self.duration)
        self.form.addRow("Repeat", repeat_row)
        self.form.addRow("Rule", self.rule)
        for label, widget in (("Status", self.status), ("Audience size", self.audience),
                              ("Cost", self.cost), ("Notes", self.notes)):
            self.form.addRow(label, widget)
        if touch_id is not None:
            delete = self.buttons.addButton("Delete", QDialogButtonBox.ButtonRole.DestructiveRole)
            delete.clicked.connect(self._delete)

    def _repeat_changed(self) -> None:
        mode = self.repeat.currentData()
        self.rule.setEnabled(mode == "custom")
        self.count.setEnabled(mode not in ("none", "custom"))

    def _delete(self) -> None:
        assert self.touch_id is not None
        self.changes = delete_touch(self.store, self.touch_id)
        self.accept()

    def rrule_text(self) -> str | None:
        mode = self.repeat.currentData()
        if mode == "none":
            return None
        if mode == "custom":
            return self.rule.text().strip() or None
        return simple_rule(mode, cast(date, self.date.date().toPython()), self.count.value())

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
            "cost_minor": parse_money(self.cost.text() or "0"),
            "notes": self.notes.toPlainText(),
        }
        if self.touch_id is None:
            return create_touch(self.store, values)
        return update_touch(self.store, self.touch_id, values)
