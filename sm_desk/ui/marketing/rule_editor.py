"""The repeat rule as a small form, like Google Calendar's "Custom recurrence": every N
days/weeks/months/years, on which weekdays, on a month day or "the second Tuesday", and
ending never, on a date or after N times; the rule in words under it. A rule too rich for
the form (BYSETPOS, BYHOUR...) is kept as text under "Custom rule"."""

from __future__ import annotations

from datetime import date, datetime, time

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from sm_desk.core.marketing.recurrence import RecurrenceError, normalise_rule
from sm_desk.core.marketing.rule_parts import (
    DAY_NAMES,
    ORDINALS,
    RuleParts,
    describe,
    parse_parts,
)

FREQS = (("none", "Does not repeat"), ("daily", "Daily"), ("weekly", "Weekly"),
         ("monthly", "Monthly"), ("yearly", "Yearly"), ("custom", "Custom rule"))
UNIT_WORDS = {"daily": "days", "weekly": "weeks", "monthly": "months", "yearly": "years"}


class RuleEditor(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.start = datetime.combine(date.today(), time(9))
        self.kept_month_day: int | None = None
        self.month_day = self.start.day
        self.all_day = False
        self.tz = "UTC"
        self.repeat = QComboBox()
        for key, label in FREQS:
            self.repeat.addItem(label, key)
        self.interval = QSpinBox()
        self.interval.setRange(1, 99)
        self.interval.setPrefix("every ")
        self.unit = QLabel("weeks")
        self.days = [QCheckBox(name[:2]) for name in DAY_NAMES]
        for box, name in zip(self.days, DAY_NAMES, strict=True):
            box.setToolTip(name)
        self.on_month_day = QRadioButton()
        self.on_weekday = QRadioButton()
        self.on_month_day.setChecked(True)
        self.ends = QComboBox()
        for key, label in (("never", "Never ends"), ("on", "Ends on"), ("after", "Ends after")):
            self.ends.addItem(label, key)
        self.until = QDateEdit()
        self.until.setCalendarPopup(True)
        self.until.setDisplayFormat("yyyy-MM-dd")
        self.count = QSpinBox()
        self.count.setRange(0, 5000)
        self.count.setSuffix(" times")
        self.count.setSpecialValueText("no end")
        self.count.valueChanged.connect(self._count_typed)
        self.rule = QLineEdit()
        self.rule.setPlaceholderText("FREQ=WEEKLY;BYDAY=TU;COUNT=26")
        self.words = QLabel()
        self.words.setObjectName("rule_words")
        self.words.setWordWrap(True)
        self.words.setStyleSheet("color: palette(mid)")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        first = QHBoxLayout()
        widget: QWidget
        for widget in (self.repeat, self.interval, self.unit):
            first.addWidget(widget)
        first.addStretch(1)
        self.day_row = QWidget()
        days = QHBoxLayout(self.day_row)
        days.setContentsMargins(0, 0, 0, 0)
        for box in self.days:
            days.addWidget(box)
        days.addStretch(1)
        self.month_row = QWidget()
        month = QHBoxLayout(self.month_row)
        month.setContentsMargins(0, 0, 0, 0)
        month.addWidget(self.on_month_day)
        month.addWidget(self.on_weekday)
        month.addStretch(1)
        self.end_row = QWidget()
        end = QHBoxLayout(self.end_row)
        end.setContentsMargins(0, 0, 0, 0)
        for widget in (self.ends, self.until, self.count):
            end.addWidget(widget)
        end.addStretch(1)
        layout.addLayout(first)
        for widget in (self.day_row, self.month_row, self.end_row, self.rule, self.words):
            layout.addWidget(widget)
        for signal in (self.repeat.currentIndexChanged, self.interval.valueChanged,
                       self.ends.currentIndexChanged, self.until.dateChanged,
                       self.rule.textChanged, self.on_month_day.toggled):
            signal.connect(self._refresh)
        for box in self.days:
            box.toggled.connect(self._refresh)
        self._refresh()

    # -- in and out ----------------------------------------------------------------------

    def set_rule(self, rule: str | None, start: datetime, all_day: bool, tz: str) -> None:
        parts = parse_parts(rule)
        self.kept_month_day = parts.month_day if parts else None  # "on day 15" stays the 15th
        self.set_start(start, all_day, tz)
        if rule and parts is None:
            self.rule.setText(rule)
            self._select("custom")
        elif parts is not None:
            self._select(parts.freq.lower())
            self.interval.setValue(parts.interval)
            for i, box in enumerate(self.days):
                box.setChecked(i in parts.weekdays)
            self.on_weekday.setChecked(parts.month_weekday is not None)
            self.on_month_day.setChecked(parts.month_weekday is None)
            if parts.count:
                self.count.setValue(parts.count)
                self._select_end("after")
            elif parts.until:
                self.until.setDate(QDate(parts.until.year, parts.until.month, parts.until.day))
                self._select_end("on")
        self._refresh()

    def set_start(self, start: datetime, all_day: bool, tz: str) -> None:
        """The series' first start: the defaults (its weekday, its month day) follow it."""
        self.start, self.all_day, self.tz = start, all_day, tz
        nth = (start.day - 1) // 7 + 1
        self.month_day = self.kept_month_day or start.day
        self.on_month_day.setText(f"on day {self.month_day}")
        self.on_weekday.setText(f"on the {ORDINALS[min(nth, 5)]} {DAY_NAMES[start.weekday()]}")
        if not any(box.isChecked() for box in self.days):
            self.days[start.weekday()].setChecked(True)
        if self.until.date() < QDate(start.year, start.month, start.day):
            self.until.setDate(QDate(start.year, start.month, start.day).addMonths(3))
        self._refresh()

    def rule_text(self) -> str | None:
        """The rule (normalised), None for "does not repeat"; RecurrenceError if refused."""
        mode = self.repeat.currentData()
        if mode == "none":
            return None
        if mode == "custom":
            text = self.rule.text().strip()
            return normalise_rule(text) if text else None
        parts = RuleParts(freq=str(mode).upper(), interval=self.interval.value())
        if mode == "weekly":
            parts.weekdays = [i for i, box in enumerate(self.days) if box.isChecked()]
        if mode == "monthly" and self.on_weekday.isChecked():
            parts.month_weekday = (min((self.start.day - 1) // 7 + 1, 5), self.start.weekday())
        elif mode == "monthly":
            parts.month_day = self.month_day
        end = self.ends.currentData()
        if end == "after":
            parts.count = self.count.value()
        elif end == "on":
            parts.until = self.until.date().toPython()  # type: ignore[assignment]
        return normalise_rule(parts.to_rule())

    # -- showing -------------------------------------------------------------------------

    def _select(self, key: str) -> None:
        self.repeat.setCurrentIndex(max(self.repeat.findData(key), 0))

    def _select_end(self, key: str) -> None:
        self.ends.setCurrentIndex(max(self.ends.findData(key), 0))

    def _count_typed(self, value: int) -> None:
        if value and self.ends.currentData() != "after":
            self._select_end("after")

    def _refresh(self, *_: object) -> None:
        mode = self.repeat.currentData()
        repeating = mode not in ("none", "custom")
        self.interval.setVisible(repeating)
        self.unit.setVisible(repeating)
        self.unit.setText(UNIT_WORDS.get(str(mode), ""))
        self.day_row.setVisible(mode == "weekly")
        self.month_row.setVisible(mode == "monthly")
        self.end_row.setVisible(repeating)
        self.until.setVisible(self.ends.currentData() == "on")
        self.count.setVisible(self.ends.currentData() == "after")
        self.rule.setVisible(mode == "custom")
        try:
            rule = self.rule_text()
            words = describe(rule, self.start, self.all_day, self.tz)
        except RecurrenceError as exc:
            words = f"Not a rule SM Desk can use: {exc}"
        self.words.setText(words)
        self.changed.emit()
