"""The week (or day) calendar with hours down the side, like Google or Apple Calendar.

Timed touches are placed by their local start and sized by their duration; touches
whose times overlap share the column side by side. All-day touches sit in a strip
above the hours. A red line marks now. The hours scroll; the view opens on 08:00.

It shows the range of its navigator (the page's CalendarGrid in "week" or "day"
mode: first day, selected day, paging) and paints only what it was handed.

Mouse: click selects; drag a touch to another day and time (15-minute snap, Esc
cancels); drag its bottom edge to change the duration; double-click a touch to
open it, an empty slot to file a touch there. Keys: arrows move the selection,
Enter opens, Delete asks, PageUp/PageDown page, T today, M/W/D switch views.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from PySide6.QtCore import QPoint, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QShowEvent
from PySide6.QtWidgets import QFrame, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from sm_desk.core.marketing.calendar import Occurrence
from sm_desk.ui.marketing.grid import VIEW_KEYS, CalendarGrid
from sm_desk.ui.marketing.time_body import HoursBody
from sm_desk.ui.marketing.time_head import DayHead
from sm_desk.ui.marketing.time_layout import (
    DAY_MINUTES,
    MIN_SHOWN_MINUTES,
    Placed,
    all_day_rows,
    lay_out_day,
    local_instant,
    minute_of_day,
)
from sm_desk.ui.marketing.time_paint import (
    GUTTER,
    HEAD_H,
    HOUR_H,
    OPEN_HOUR,
    STRIP_LINE,
    STRIP_ROWS,
)


@dataclass(slots=True)
class Drag:
    occurrence: Occurrence
    mode: str  # "move", "resize" or "all_day"
    press: QPoint
    grab: int  # minutes from the chip's top to where it was grabbed
    active: bool = False
    day: date | None = None
    minutes: int = 0  # the new start (move) or end (resize)


class TimeGrid(QWidget):
    occurrence_activated = Signal(object)  # Occurrence: double-click or Enter
    occurrence_moved = Signal(object, object)  # timed Occurrence, aware new start
    occurrence_resized = Signal(object, int)  # timed Occurrence, new duration (minutes)
    occurrence_dropped = Signal(object, object)  # all-day Occurrence, date
    slot_requested = Signal(object, bool)  # aware start, all-day: double-click on empty
    delete_requested = Signal(object)  # Occurrence (Delete key)
    more_requested = Signal(object)  # date ("+k" in the all-day strip)
    view_requested = Signal(str)

    def __init__(self, navigator: CalendarGrid, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.nav = navigator
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(420, 300)
        self.selected_key: tuple[int, str | None] | None = None
        self.drag: Drag | None = None
        self._items: Sequence[Occurrence] = ()
        self._stale = True
        self.layout_version = 0
        self._placed: dict[date, list[Placed]] = {}
        self._strip: list[tuple[int, int, int, Occurrence]] = []
        self._strip_rows = 0
        self._opened = False
        self.head = DayHead(self)
        self.body = HoursBody(self)
        self.hours = QScrollArea()
        self.hours.setFrameShape(QFrame.Shape.NoFrame)
        self.hours.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.hours.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.hours.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.hours.setWidgetResizable(True)
        self.hours.setWidget(self.body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.head)
        layout.addWidget(self.hours, 1)
        self._clock = QTimer(self)  # the "now" line moves
        self._clock.setInterval(60_000)
        self._clock.timeout.connect(self.body.update)
        self._clock.start()

    # -- range and data ------------------------------------------------------------------

    @property
    def first_day(self) -> date:
        return self.nav.first_day

    @property
    def days(self) -> int:
        return self.nav.days

    @property
    def paint_count(self) -> int:
        return self.body.paint_count

    def day_list(self) -> list[date]:
        return [self.first_day + timedelta(days=i) for i in range(self.days)]

    def set_occurrences(self, items: Sequence[Occurrence]) -> None:
        """What the page found for the visible range; laid out when next painted."""
        self._items = items
        self._stale = True
        self.head.update()
        self.body.update()

    def _ensure_layout(self) -> None:
        if not self._stale:
            return
        self._stale = False
        self.layout_version += 1
        first, days = self.first_day, self.days
        last = first + timedelta(days=days)
        timed: dict[date, list[Occurrence]] = defaultdict(list)
        all_day: list[Occurrence] = []
        for o in self._items:
            if o.all_day:
                all_day.append(o)
            elif first <= (day := o.day()) < last:
                timed[day].append(o)
        self._placed = {day: lay_out_day(items, day) for day, items in timed.items()}
        self._strip = all_day_rows(all_day, first, days, STRIP_ROWS + 1)  # + "is it full"
        self._strip_rows = max((row + 1 for row, *_ in self._strip), default=0)
        shown = min(self._strip_rows, STRIP_ROWS + 1)
        height = HEAD_H + max(1, shown) * STRIP_LINE + 6
        if height != self.head.maximumHeight():  # even an equal one relayouts and repaints
            self.head.setFixedHeight(height)

    def items_on(self, day: date) -> list[Occurrence]:
        """The touches shown on `day`: all-day ones first, then by start."""
        self._ensure_layout()
        whole = [o for _, lo, hi, o in self._strip
                 if lo <= (day - self.first_day).days <= hi]
        timed = sorted(self._placed.get(day, []), key=lambda p: (p.top, p.lane))
        return whole + [p.occurrence for p in timed]

    def selected_occurrence(self) -> Occurrence | None:
        return next((o for o in self._items if o.key == self.selected_key), None)

    # -- geometry (shared by the head and the body) --------------------------------------

    def column_x(self, index: int) -> int:
        width = (self.body.width() - GUTTER) / self.days
        return GUTTER + round(index * width)

    def column(self, index: int) -> tuple[int, int]:
        """x and width of day column `index`."""
        x = self.column_x(index)
        return x, self.column_x(index + 1) - x

    def column_at(self, x: int) -> int | None:
        if x < GUTTER or x >= self.body.width():
            return None
        width = (self.body.width() - GUTTER) / self.days
        return min(self.days - 1, int((x - GUTTER) / width))

    def y_of(self, minutes: float) -> int:
        return round(minutes * HOUR_H / 60)

    def minutes_at(self, y: float) -> float:
        return y * 60 / HOUR_H

    def chip_rect(self, p: Placed, day: date) -> QRect:
        return self.chip_rects(day, [p])[0]

    def chip_rects(self, day: date, placed: Sequence[Placed]) -> list[QRect]:
        """Where each of `day`'s timed touches is painted (its column found once)."""
        x, width = self.column((day - self.first_day).days)
        return [self._chip_rect(p, x, width) for p in placed]

    def _chip_rect(self, p: Placed, x: int, width: int) -> QRect:
        lane_w = (width - 6) / p.lanes
        top = self.y_of(p.top)
        bottom = self.y_of(min(DAY_MINUTES, max(p.bottom, p.top + MIN_SHOWN_MINUTES)))
        left = x + 1 + round(p.lane * lane_w)
        right = x + 1 + round((p.lane + 1) * lane_w)
        return QRect(left, top + 1, right - left - 1, bottom - top - 2)

    def item_rect(self, key: tuple[int, str | None]) -> QRect | None:
        """Where the touch `key` is painted, in the body's coordinates (timed) or the
        head's (all-day); for tests and the keyboard."""
        return next((r for r, o in self.body.hits() + self.head.hits() if o.key == key), None)

    def slot_point(self, day: date, minutes: int) -> QPoint:
        """The body point of wall-clock `minutes` on `day` (the middle of the column)."""
        x, width = self.column((day - self.first_day).days)
        return QPoint(x + width // 2, self.y_of(minutes))

    def scroll_to_minutes(self, minutes: int) -> None:
        self.hours.verticalScrollBar().setValue(self.y_of(minutes))

    # -- showing ---------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if not self._opened:  # open on the working day, then keep where the user scrolled
            self._opened = True
            layout = self.layout()
            if layout is not None:
                layout.activate()
            self.scroll_to_minutes(OPEN_HOUR * 60 - 15)

    def refresh(self) -> None:
        self.head.update()
        self.body.update()

    # -- selection and editing ---------------------------------------------------------------

    def choose(self, o: Occurrence | None) -> None:
        self.selected_key = o.key if o else None
        if o is not None and o.day() != self.nav.selected:
            self.nav.select(o.day())
        self.refresh()

    def begin_drag(self, o: Occurrence, mode: str, press: QPoint, grab: int) -> None:
        self.drag = Drag(o, mode, press, grab)
        self.setFocus()

    def cancel_drag(self) -> None:
        if self.drag is not None:
            self.drag = None
            self.body.unsetCursor()
            self.head.unsetCursor()
            self.refresh()

    def finish_drag(self) -> None:
        drag, self.drag = self.drag, None
        self.body.unsetCursor()
        self.head.unsetCursor()
        self.refresh()
        if drag is None or not drag.active or drag.day is None:
            return
        o = drag.occurrence
        if drag.mode == "all_day":
            if drag.day != o.day():
                self.occurrence_dropped.emit(o, drag.day)
        elif drag.mode == "resize":
            minutes = drag.minutes - minute_of_day(o.start)
            if minutes != o.duration_minutes:
                self.occurrence_resized.emit(o, minutes)
        else:
            new_start = local_instant(drag.day, drag.minutes)
            if new_start != o.start:
                self.occurrence_moved.emit(o, new_start)

    # -- keyboard ----------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = event.key()
        chosen = self.selected_occurrence()
        if key == Qt.Key.Key_Escape and self.drag is not None:
            self.cancel_drag()
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            self._step_day(-1 if key == Qt.Key.Key_Left else 1, chosen)
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self._step_touch(-1 if key == Qt.Key.Key_Up else 1, chosen)
        elif key in (Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
            sign = -1 if key == Qt.Key.Key_PageUp else 1
            self.nav.select(self.nav.selected + timedelta(days=self.days * sign))
            self.refresh()
        elif key == Qt.Key.Key_T:
            self.nav.select(date.today())
            self.scroll_to_minutes(max(0, minute_of_day(datetime.now().astimezone()) - 120))
            self.refresh()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if chosen is not None:
                self.occurrence_activated.emit(chosen)
            else:
                self.slot_requested.emit(local_instant(self.nav.selected, 9 * 60), False)
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and chosen is not None:
            self.delete_requested.emit(chosen)
        elif key in VIEW_KEYS and not event.modifiers():
            self.view_requested.emit(VIEW_KEYS[Qt.Key(key)])
        else:
            super().keyPressEvent(event)

    def _step_day(self, step: int, chosen: Occurrence | None) -> None:
        """Select the next or previous day; with a touch selected, the touch of that day
        nearest in time (so Left/Right walk through the week)."""
        day = self.nav.selected + timedelta(days=step)
        self.nav.select(day)
        options = self.items_on(day)
        if chosen is not None and options:
            at = 0 if chosen.all_day else minute_of_day(chosen.start)
            pick = min(options, key=lambda o: abs((-60 if o.all_day else
                                                   minute_of_day(o.start)) - at))
            self._show_selected(pick)
        else:
            self.selected_key = None
        self.refresh()

    def _step_touch(self, step: int, chosen: Occurrence | None) -> None:
        options = self.items_on(self.nav.selected)
        if not options:
            return
        keys = [o.key for o in options]
        index = keys.index(chosen.key) + step if chosen is not None and chosen.key in keys \
            else (0 if step > 0 else len(options) - 1)
        self._show_selected(options[max(0, min(len(options) - 1, index))])
        self.refresh()

    def _show_selected(self, o: Occurrence) -> None:
        self.selected_key = o.key
        if not o.all_day:
            rect = self.item_rect(o.key)
            if rect is not None:
                self.hours.ensureVisible(rect.center().x(), rect.center().y(), 0,
                                          rect.height() // 2 + 20)

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        super().focusInEvent(event)
        self.refresh()

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        super().focusOutEvent(event)
        self.refresh()
