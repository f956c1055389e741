"""The calendar grid: a custom-painted month (6 weeks). In week and day mode it keeps
the range and the selected day while the time grid (time_grid.py) shows them.

It paints only what it was handed: in month view, per day the first chips that fit
and how many there are (core.marketing.day_cells), so a month of thousands of touches
costs a few index ranges per day and one paint. Busy days show what fits and "+k more". Touches are coloured by campaign
with a two-letter badge by kind; skipped ones are struck through.

Mouse: click selects, double-click edits (or files a new touch on an empty
day), drag a touch to another day to reschedule it. Keys: arrows move the
selected day, PageUp/PageDown a month (a week in week view), T today, Enter edits,
M/W/D ask for the month, week or day view.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, timedelta
from functools import lru_cache

from PySide6.QtCore import QEvent, QPoint, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import QApplication, QLabel, QSizePolicy, QToolTip, QWidget

from sm_desk.core.domain import TOUCH_KIND_LABELS
from sm_desk.core.marketing.calendar import Occurrence
from sm_desk.core.marketing.day_cells import DayCells, cell_order

KIND_BADGES = {"blog_post": "BL", "newsletter": "NL", "social_post": "SO", "event": "EV",
               "mailing": "ML", "gift": "GI", "ad": "AD", "webinar": "WB", "press": "PR"}
NO_PEN = QPen(Qt.PenStyle.NoPen)
NO_BRUSH = QBrush(Qt.BrushStyle.NoBrush)
# Looked up once: each Qt enum access and `|` runs Python code, and a busy week or month
# paints these hundreds of times.
LEFT_MIDDLE = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
CENTRE = Qt.AlignmentFlag.AlignCenter
ELIDE = Qt.TextElideMode.ElideRight
HEADER_H = 22
LINE_H = 18
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
VIEW_KEYS = {Qt.Key.Key_M: "month", Qt.Key.Key_W: "week", Qt.Key.Key_D: "day"}
MODE_DAYS = {"month": 42, "week": 7, "day": 1}
EVERY = 1 << 30  # "every occurrence of the day was handed"


def luminance(colour: QColor) -> float:
    """WCAG relative luminance of `colour` (0 black .. 1 white)."""
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4
    return 0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + \
        0.0722 * channel(colour.blueF())


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio of two colours (1 .. 21; text wants 4.5 or more)."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def text_on(fill: QColor) -> QColor:
    """Black or white, whichever reads better on `fill` (always at least 4.5:1)."""
    black, white = QColor(0, 0, 0), QColor(255, 255, 255)
    return black if contrast(black, fill) >= contrast(white, fill) else white


def muted_on(fill: QColor) -> QColor:
    """The text colour for a done or skipped touch: quieter than black or white, still
    4.5:1 or more on `fill`."""
    if text_on(fill) == QColor(0, 0, 0):
        return QColor("#454545") if luminance(fill) < 0.55 else QColor("#5a5a5a")
    return QColor("#e8e8e8")


def time_label(o: Occurrence) -> str:
    if o.all_day:
        return "All day"
    start, end = o.start.astimezone(), o.end.astimezone()
    return f"{start:%H:%M}–{end:%H:%M}" if o.duration_minutes else f"{start:%H:%M}"


def describe(o: Occurrence) -> str:
    """A chip's hover text (month and week grids): everything the chip may have cut."""
    lines = [o.title, f"{o.day():%a %d %b} · {time_label(o)}",
             TOUCH_KIND_LABELS.get(o.kind, o.kind) +
             (f" · {o.campaign_name}" if o.campaign_name else "")]
    if o.recurring:
        lines.append("Repeats" + (" (this one moved)" if o.moved else ""))
    if o.status != "planned":
        lines.append(o.status.capitalize())
    return "\n".join(lines)


def kind_legend() -> QLabel:
    """What the two-letter badges mean, shown under the month grid."""
    legend = QLabel("   ".join(f"{code} {TOUCH_KIND_LABELS[kind]}"
                               for kind, code in KIND_BADGES.items()))
    legend.setObjectName("kind_legend")
    legend.setWordWrap(True)
    legend.setStyleSheet("color: #454545; font-size: 11px")
    return legend


def chip_fill(colour: QColor, base: QColor, strength: float) -> QColor:
    """`colour` laid over `base` at `strength` (0..1), as an opaque colour text can be
    measured against."""
    mix = max(0.0, min(1.0, strength))
    return QColor.fromRgbF(*(c * mix + b * (1 - mix) for c, b in (
        (colour.redF(), base.redF()), (colour.greenF(), base.greenF()),
        (colour.blueF(), base.blueF()))))


@lru_cache(maxsize=1024)
def month_chip_colours(colour: str, alpha: int, base: int
                       ) -> tuple[QColor, QColor, QColor, QColor, QColor]:
    """A month chip's colour, its translucent fill, the badge's text, and the label's
    text when planned and when done or skipped (cached: the contrast sums are per
    colour, not per chip, and a month paints hundreds of chips)."""
    tint = QColor(colour)
    fill = QColor(tint)
    fill.setAlpha(alpha)
    under = chip_fill(tint, QColor.fromRgb(base), fill.alphaF())
    return tint, fill, text_on(tint), text_on(under), muted_on(under)


def month_start(day: date) -> date:
    """The Monday on or before the 1st of `day`'s month (a month view's first cell)."""
    first = day.replace(day=1)
    return first - timedelta(days=first.weekday())


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    last = (date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)).day
    return date(year, month, min(day.day, last))


class CalendarGrid(QWidget):
    selected_changed = Signal(object)  # date
    range_changed = Signal()  # the visible days moved: the page re-queries
    occurrence_activated = Signal(object)  # Occurrence (double-click or Enter)
    new_requested = Signal(object)  # date (double-click on an empty spot)
    occurrence_dropped = Signal(object, object)  # Occurrence, date
    more_requested = Signal(object)  # date ("+k more" clicked)
    view_requested = Signal(str)  # "month", "week" or "day" (M, W, D keys)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(560, 360)
        self.setMouseTracking(False)
        self.mode = "month"
        self.selected = date.today()
        self.first_day = month_start(self.selected)
        self.today = date.today()
        self._by_day: dict[date, list[Occurrence]] = {}
        self._counts: dict[date, int] = {}  # per day, every occurrence (_by_day: the first)
        self.loaded_per_day = 0  # how many chips a day the page asked for
        self._hits: list[tuple[QRect, Occurrence]] = []
        self._more: list[tuple[QRect, date]] = []
        self._press: tuple[Occurrence, QPoint] | None = None
        self._drop_day: date | None = None
        self.selected_key: tuple[int, str | None] | None = None
        self.paint_count = 0
        self._stale = True

    # -- range and data ------------------------------------------------------------------

    @property
    def days(self) -> int:
        return MODE_DAYS.get(self.mode, 7)

    @property
    def columns(self) -> int:
        return 7

    @property
    def rows(self) -> int:
        return self.days // 7

    def visible_range(self) -> tuple[date, int]:
        return self.first_day, self.days

    def set_mode(self, mode: str) -> None:
        self.mode = mode
        self._frame(self.selected)
        self.range_changed.emit()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        self._stale = True
        super().resizeEvent(event)
        if self.mode == "month" and self.chips_per_day() > self.loaded_per_day:
            self.range_changed.emit()  # taller cells: the page asks for more chips a day

    def _frame(self, day: date) -> None:
        self._stale = True
        self.first_day = month_start(day) if self.mode == "month" else day \
            if self.mode == "day" else day - timedelta(days=day.weekday())

    def select(self, day: date) -> bool:
        """Select `day`; True (and range_changed) when the visible range moved."""
        before = self.first_day
        self.selected = day
        if self.mode == "month":
            if (day.month, day.year) != self.anchor_month():
                self._frame(day)
        elif not self.first_day <= day < self.first_day + timedelta(days=self.days):
            self._frame(day)
        self.update()
        moved = before != self.first_day
        if moved:
            self.range_changed.emit()
        self.selected_changed.emit(day)
        return moved

    def anchor_month(self) -> tuple[int, int]:
        middle = self.first_day + timedelta(days=14)
        return middle.month, middle.year

    def set_occurrences(self, items: Sequence[Occurrence]) -> None:
        """Every occurrence of the visible range (what a small range or a test hands)."""
        grouped: dict[date, list[Occurrence]] = defaultdict(list)
        for o in items:
            grouped[o.day()].append(o)
        for day_items in grouped.values():  # all-day ones first, then by time
            day_items.sort(key=cell_order)
        self._by_day = grouped
        self._counts = {day: len(day_items) for day, day_items in grouped.items()}
        self.loaded_per_day = EVERY  # all of them: a resize needs no new query
        self._stale = True
        self.update()

    def set_cells(self, cells: DayCells, per_day: int) -> None:
        """Per day the first `per_day` occurrences and the count (the month view)."""
        self._by_day = cells.first
        self._counts = cells.counts
        self.loaded_per_day = per_day
        self._stale = True
        self.update()

    def items_on(self, day: date) -> list[Occurrence]:
        """The occurrences held for `day`: its first ones in the cell's order."""
        return self._by_day.get(day, [])

    def count_on(self, day: date) -> int:
        """How many occurrences `day` has, shown or behind "+k more"."""
        return self._counts.get(day, 0)

    def chips_per_day(self) -> int:
        """The most chips a day cell has room for at this size (what to ask the store)."""
        return max((self._room(self.cell_rect(row * self.columns))
                    for row in range(self.rows)), default=0)

    @staticmethod
    def _room(cell: QRect) -> int:
        top = cell.y() + 2 + LINE_H + 2
        return max(0, (cell.bottom() - top - 2) // LINE_H)

    # -- geometry ------------------------------------------------------------------------

    def cell_rect(self, index: int) -> QRect:
        w = self.width() / self.columns
        h = (self.height() - HEADER_H) / self.rows
        row, col = divmod(index, self.columns)
        return QRect(round(col * w), HEADER_H + round(row * h), round(w), round(h))

    def day_rect(self, day: date) -> QRect:
        return self.cell_rect((day - self.first_day).days)

    def day_at(self, pos: QPoint) -> date | None:
        if pos.y() < HEADER_H or not self.rect().contains(pos):
            return None
        col = int(pos.x() / (self.width() / self.columns))
        row = int((pos.y() - HEADER_H) / ((self.height() - HEADER_H) / self.rows))
        index = min(row, self.rows - 1) * self.columns + min(col, self.columns - 1)
        return self.first_day + timedelta(days=index)

    def _ensure_layout(self) -> None:
        """Lay out what each day shows (and where), when data, range or size changed."""
        if not self._stale:
            return
        self._stale = False
        self._hits, self._more = [], []
        self._layout: list[tuple[QRect, date, list[tuple[QRect, Occurrence]], int]] = []
        for index in range(self.days):
            day = self.first_day + timedelta(days=index)
            cell = self.cell_rect(index)
            items = self._by_day.get(day, [])
            total = max(self._counts.get(day, 0), len(items))
            top = cell.y() + 2 + LINE_H + 2
            room = self._room(cell)
            shown = items[:room] if total <= room else items[:max(0, room - 1)]
            placed = [(QRect(cell.x() + 3, top + i * LINE_H, cell.width() - 6, LINE_H - 2), o)
                      for i, o in enumerate(shown)]
            self._hits.extend(placed)
            hidden = total - len(shown)
            if hidden:
                more = QRect(cell.x() + 6, top + len(shown) * LINE_H, cell.width() - 12,
                             LINE_H - 2)
                self._more.append((more, day))
            self._layout.append((cell, day, placed, hidden))

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            o = self.occurrence_at(event.pos())
            if o is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), describe(o), self)
            return True
        return super().event(event)

    def occurrence_at(self, pos: QPoint) -> Occurrence | None:
        self._ensure_layout()
        return next((o for rect, o in self._hits if rect.contains(pos)), None)

    def item_rect(self, key: tuple[int, str | None]) -> QRect | None:
        """Where the touch `key` is painted (for tests and the drag path)."""
        self._ensure_layout()
        return next((r for r, o in self._hits if o.key == key), None)

    # -- painting ------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        self.paint_count += 1
        painter = QPainter(self)
        pal = self.palette()
        painter.fillRect(self.rect(), pal.color(QPalette.ColorRole.Base))
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, self.font().pointSizeF() - 1))
        painter.setFont(small)
        grid_pen = pal.color(QPalette.ColorRole.Mid)
        text = pal.color(QPalette.ColorRole.Text)
        muted = pal.color(QPalette.ColorRole.PlaceholderText)
        self._ensure_layout()
        for col, name in enumerate(WEEKDAYS):
            r = self.cell_rect(col)
            header = QRect(r.x(), 0, r.width(), HEADER_H)
            painter.setPen(muted)
            label = name if self.mode == "month" else \
                f"{name} {(self.first_day + timedelta(days=col)).day}"
            painter.drawText(header, CENTRE, label)
        month, _year = self.anchor_month()
        for cell, day, placed, hidden in self._layout:
            if day == self.selected:
                painter.fillRect(cell, pal.color(QPalette.ColorRole.AlternateBase))
            if day == self._drop_day:
                painter.fillRect(cell, QColor(255, 200, 0, 70))
            painter.setPen(grid_pen)
            painter.setBrush(NO_BRUSH)
            painter.drawRect(cell.adjusted(0, 0, -1, -1))
            if day == self.selected and self.hasFocus():
                painter.setPen(pal.color(QPalette.ColorRole.Highlight))
                painter.drawRect(cell.adjusted(1, 1, -2, -2))
            in_month = day.month == month or self.mode == "week"
            self._paint_number(painter, cell, day, text if in_month else muted)
            for rect, o in placed:
                self._paint_item(painter, rect, o, in_month)
            if hidden:
                painter.setPen(text)
                more = next(r for r, d in self._more if d == day)
                painter.drawText(more, LEFT_MIDDLE,
                                 f"+{hidden} more")
        painter.end()

    def _paint_number(self, painter: QPainter, cell: QRect, day: date, pen: QColor) -> None:
        number = QRect(cell.x() + 4, cell.y() + 2, cell.width() - 8, LINE_H)
        if day == self.today:
            painter.setBrush(QColor("#d62728"))
            painter.setPen(NO_PEN)
            painter.drawEllipse(QRectF(number.x() - 2, number.y(), LINE_H + 4, LINE_H))
            painter.setPen(QColor("white"))
            painter.drawText(QRect(number.x() - 2, number.y(), LINE_H + 4, LINE_H),
                             CENTRE, str(day.day))
        else:
            painter.setPen(pen)
            painter.drawText(number, LEFT_MIDDLE,
                             str(day.day) if day.day != 1 else day.strftime("%b %-d"))

    def _paint_item(self, painter: QPainter, rect: QRect, o: Occurrence, in_month: bool) -> None:
        colour, fill, badge_ink, ink, muted = month_chip_colours(
            o.colour, 60 if in_month else 30, self.palette().color(QPalette.ColorRole.Base).rgb())
        selected = o.key == self.selected_key
        painter.setPen(colour.darker(130) if selected else NO_PEN)
        painter.setBrush(fill)
        painter.drawRoundedRect(rect, 3, 3)
        badge = QRect(rect.x() + 1, rect.y() + 1, 20, rect.height() - 2)
        painter.setPen(NO_PEN)
        painter.setBrush(colour)
        painter.drawRoundedRect(badge, 2, 2)
        painter.setPen(badge_ink)
        painter.drawText(badge, CENTRE, KIND_BADGES.get(o.kind, "?"))
        label = o.title if o.all_day else f"{o.start.astimezone():%H:%M} {o.title}"
        if o.recurring:
            label = "↻ " + label
        font = painter.font()
        if o.status == "skipped":
            font.setStrikeOut(True)
        painter.setFont(font)
        painter.setPen(muted if o.status != "planned" else ink)
        body = rect.adjusted(25, 0, -2, 0)
        painter.drawText(body, LEFT_MIDDLE,
                         painter.fontMetrics().elidedText(label, ELIDE,
                                                          body.width()))
        font.setStrikeOut(False)
        painter.setFont(font)

    # -- mouse ---------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        pos = event.position().toPoint()
        if event.button() != Qt.MouseButton.LeftButton:
            return
        self._ensure_layout()
        more = next((d for r, d in self._more if r.contains(pos)), None)
        if more is not None:
            self.more_requested.emit(more)
            return
        o = self.occurrence_at(pos)
        self.selected_key = o.key if o else None
        self._press = (o, pos) if o else None
        day = self.day_at(pos)
        if day is not None and day != self.selected:
            self.selected = day  # a click never pages, so a drag can start on any cell
            self.selected_changed.emit(day)
        self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._press is None:
            return
        pos = event.position().toPoint()
        if (pos - self._press[1]).manhattanLength() >= QApplication.startDragDistance():
            self._drop_day = self.day_at(pos)
            self.setCursor(Qt.CursorShape.ClosedHandCursor)
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        press, drop = self._press, self._drop_day
        self._press, self._drop_day = None, None
        self.unsetCursor()
        self.update()
        if press is not None and drop is not None and drop != press[0].day():
            self.selected = drop
            self.occurrence_dropped.emit(press[0], drop)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        pos = event.position().toPoint()
        o = self.occurrence_at(pos)
        if o is not None:
            self.occurrence_activated.emit(o)
            return
        day = self.day_at(pos)
        if day is not None:
            self.new_requested.emit(day)

    # -- keyboard ------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = event.key()
        steps: dict[int, int] = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1,
                                 Qt.Key.Key_Up: -7, Qt.Key.Key_Down: 7}
        if key in steps:
            self.select(self.selected + timedelta(days=steps[key]))
        elif key in (Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
            sign = -1 if key == Qt.Key.Key_PageUp else 1
            self.select(add_months(self.selected, sign) if self.mode == "month"
                        else self.selected + timedelta(days=self.days * sign))
        elif key == Qt.Key.Key_T:
            self.select(date.today())
        elif key in VIEW_KEYS and not event.modifiers():
            self.view_requested.emit(VIEW_KEYS[Qt.Key(key)])
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            chosen = next((o for o in self.items_on(self.selected)
                           if o.key == self.selected_key), None)
            if chosen is not None:
                self.occurrence_activated.emit(chosen)
            else:
                self.new_requested.emit(self.selected)
        else:
            super().keyPressEvent(event)
