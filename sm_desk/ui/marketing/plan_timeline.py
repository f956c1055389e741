"""The plan's painted timeline: one row per campaign, grouped, months across.

Above the rows the month names (and week starts when there is room); over them this
week's band and a line at today; under them each month's spend against its budget.
A campaign is a bar from its first to its last day with its touches as marks (hollow
when a touch falls outside the campaign's dates). Only the visible rows are painted,
so a year of 500 campaigns costs what a screenful does.

Mouse: drag a bar to shift the campaign (and, through the page, every touch of it);
drag either end to change that date; both snap to whole days, Esc cancels, and a
label shows the new dates while dragging. Double-click (or Enter) opens the campaign.
Keys: Up/Down select a campaign, Enter opens it, Ctrl+Left/Right move it (with its
touches) a week, Alt+Left/Right a day; PageUp/PageDown the previous/next range, T today.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtCore import QEvent, QPoint, QRect, Qt, Signal
from PySide6.QtGui import (
    QFocusEvent,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QScrollBar, QSizePolicy, QToolTip, QWidget

from sm_desk.core.marketing.plan import Plan, PlanRow
from sm_desk.core.money import Numbers
from sm_desk.ui.marketing.plan_paint import (
    BAR_H,
    GROUP_H,
    HEADER_H,
    LABEL_W,
    MONEY_H,
    ROW_H,
    Line,
    money_tip,
    paint_timeline,
    row_tip,
)

HANDLE_W = 6  # how near a bar's end a press takes that end
CTRL, ALT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier


@dataclass(slots=True)
class Drag:
    row: PlanRow
    mode: str  # move, start or end
    press_x: int
    days: int = 0
    moved: bool = False

    def dates(self) -> tuple[date, date]:
        shift = timedelta(days=self.days)
        start = self.row.start + (shift if self.mode in ("move", "start") else timedelta())
        end = self.row.end + (shift if self.mode in ("move", "end") else timedelta())
        return (min(start, self.row.end), end) if self.mode == "start" else \
            (start, max(end, self.row.start)) if self.mode == "end" else (start, end)


class PlanTimeline(QWidget):
    shift_requested = Signal(int, int)  # campaign id, days
    dates_requested = Signal(int, object, object)  # campaign id, start, end (date)
    campaign_activated = Signal(int)
    step_requested = Signal(int)  # -1 / +1: the previous or next range
    today_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(520, 300)
        self.setMouseTracking(True)
        self.plan: Plan | None = None
        self.week: tuple[date, date] = (date.today(), date.today())
        self.today = date.today()
        self.numbers = Numbers()
        self.lines: list[Line] = []
        self.selected_id: int | None = None
        self.drag: Drag | None = None
        self.paint_count = 0
        self._day_width: tuple[tuple[int, int, int], float] = ((0, 0, 0), 1.0)
        self.scrollbar = QScrollBar(Qt.Orientation.Vertical, self)
        self.scrollbar.valueChanged.connect(lambda _: self.update())

    # -- data and geometry ---------------------------------------------------------------

    def set_plan(self, plan: Plan, week: tuple[date, date], today: date,
                 numbers: Numbers) -> None:
        self.plan, self.week, self.today, self.numbers = plan, week, today, numbers
        self.lines, top = [], 0
        for label, rows in plan.groups():
            self.lines.append(Line(top, GROUP_H, None, f"{label} · {len(rows)}"))
            top += GROUP_H
            for row in rows:
                self.lines.append(Line(top, ROW_H, row, row.name))
                top += ROW_H
        self.drag = None
        self._sync_scroll()
        self.update()

    def rows_rect(self) -> QRect:
        """Where the rows are painted (under the header, above the money strip)."""
        return QRect(0, HEADER_H, self.width() - self.scrollbar.width(),
                     max(0, self.height() - HEADER_H - MONEY_H))

    def _sync_scroll(self) -> None:
        sb = self.scrollbar
        sb.setGeometry(self.width() - sb.sizeHint().width(), HEADER_H, sb.sizeHint().width(),
                       max(0, self.height() - HEADER_H - MONEY_H))
        content = self.lines[-1].top + self.lines[-1].height if self.lines else 0
        sb.setRange(0, max(0, content - self.rows_rect().height()))
        sb.setPageStep(max(1, self.rows_rect().height()))
        sb.setSingleStep(ROW_H)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        self._sync_scroll()
        super().resizeEvent(event)

    def day_width(self) -> float:
        days = self.plan.range.days if self.plan else 1
        key = (self.width(), self.scrollbar.width(), days)
        if self._day_width[0] != key:
            self._day_width = (key, max(1.0, (self.rows_rect().width() - LABEL_W) / days))
        return self._day_width[1]

    def x_of(self, day: date) -> float:
        """Left edge of `day` (days outside the range land outside the timeline)."""
        first = self.plan.range.first if self.plan else day
        return LABEL_W + (day - first).days * self.day_width()

    def day_at(self, x: float) -> date:
        first = self.plan.range.first if self.plan else date.today()
        return first + timedelta(days=int((x - LABEL_W) // self.day_width()))

    def line_y(self, line: Line) -> int:
        return HEADER_H + line.top - self.scrollbar.value()

    def line_of(self, campaign_id: int) -> Line | None:
        return next((ln for ln in self.lines if ln.row and ln.row.campaign_id == campaign_id),
                    None)

    def bar_rect(self, campaign_id: int) -> QRect | None:
        """Where the campaign's bar is painted (clipped to the range), for tests and drags."""
        line = self.line_of(campaign_id)
        if line is None or line.row is None:
            return None
        return self._bar(line, line.row.start, line.row.end)

    def _bar(self, line: Line, start: date, end: date) -> QRect:
        area = self.rows_rect()
        left = max(self.x_of(start), LABEL_W)
        right = min(self.x_of(end + timedelta(days=1)), area.right())
        y = self.line_y(line) + (line.height - BAR_H) // 2
        return QRect(int(left), y, max(2, int(right - left)), BAR_H)

    def _hit(self, pos: QPoint) -> tuple[Line | None, str]:
        """The line under `pos` and the part: bar, start, end, row or ''."""
        if not self.rows_rect().contains(pos):
            return None, ""
        line = next((ln for ln in self.lines
                     if self.line_y(ln) <= pos.y() < self.line_y(ln) + ln.height), None)
        if line is None or line.row is None:
            return line, ""
        bar = self._bar(line, line.row.start, line.row.end)
        if not bar.adjusted(-HANDLE_W // 2, 0, HANDLE_W // 2, 0).contains(pos):
            return line, "row"
        rng = self.plan.range if self.plan else None
        if rng and rng.first <= line.row.start and abs(pos.x() - bar.left()) <= HANDLE_W:
            return line, "start"
        if rng and line.row.end < rng.end and abs(pos.x() - bar.right()) <= HANDLE_W:
            return line, "end"
        return line, "bar"

    # -- mouse and keys ------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        line, part = self._hit(event.position().toPoint())
        if line is not None and line.row is not None:
            self.selected_id = line.row.campaign_id
            if event.button() == Qt.MouseButton.LeftButton and part in ("bar", "start", "end"):
                mode = "move" if part == "bar" else part
                self.drag = Drag(line.row, mode, event.position().toPoint().x())
            self.setFocus()
            self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        pos = event.position().toPoint()
        if self.drag is None:
            _line, part = self._hit(pos)
            self.setCursor(Qt.CursorShape.SizeHorCursor if part in ("start", "end") else
                           Qt.CursorShape.OpenHandCursor if part == "bar" else
                           Qt.CursorShape.ArrowCursor)
            return
        days = round((pos.x() - self.drag.press_x) / self.day_width())
        if days != self.drag.days:
            self.drag.days, self.drag.moved = days, True
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        drag, self.drag = self.drag, None
        if drag is None or drag.days == 0:
            self.update()
            return
        if drag.mode == "move":
            self.shift_requested.emit(drag.row.campaign_id, drag.days)
        else:
            start, end = drag.dates()
            self.dates_requested.emit(drag.row.campaign_id, start, end)
        self.update()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        line, _part = self._hit(event.position().toPoint())
        if line is not None and line.row is not None:
            self.campaign_activated.emit(line.row.campaign_id)

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        """Nothing shows focus, so no repaint (QWidget's would repaint the whole plan)."""

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        if self.drag is not None:  # focus went elsewhere mid-drag: cancel it
            self.drag = None
            self.update()

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        self.scrollbar.setValue(self.scrollbar.value() - event.angleDelta().y() // 120 * ROW_H * 3)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = event.key()
        if key == Qt.Key.Key_Escape and self.drag is not None:
            self.drag = None  # cancel: nothing was written
            self.update()
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right) and self.selected_id is not None and \
                event.modifiers() & (CTRL | ALT):
            days = 7 if event.modifiers() & CTRL else 1
            self.shift_requested.emit(self.selected_id,
                                      days if key == Qt.Key.Key_Right else -days)
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self._select_next(-1 if key == Qt.Key.Key_Up else 1)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.selected_id is not None:
            self.campaign_activated.emit(self.selected_id)
        elif key in (Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
            self.step_requested.emit(-1 if key == Qt.Key.Key_PageUp else 1)
        elif key == Qt.Key.Key_T:
            self.today_requested.emit()
        else:
            super().keyPressEvent(event)

    def _select_next(self, step: int) -> None:
        rows = [ln for ln in self.lines if ln.row is not None]
        if not rows:
            return
        ids = [ln.row.campaign_id for ln in rows if ln.row]
        index = ids.index(self.selected_id) + step if self.selected_id in ids else 0
        line = rows[max(0, min(index, len(rows) - 1))]
        assert line.row is not None
        self.selected_id = line.row.campaign_id
        y = line.top - self.scrollbar.value()
        if y < 0 or y + line.height > self.rows_rect().height():
            self.scrollbar.setValue(line.top - self.rows_rect().height() // 2)
        self.update()

    # -- tooltips ------------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            text = self.tip_at(event.pos())
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def tip_at(self, pos: QPoint) -> str:
        if self.plan is None:
            return ""
        if pos.y() >= self.height() - MONEY_H and pos.x() >= LABEL_W:
            month = self.day_at(pos.x()).replace(day=1)
            found = [m for m in self.plan.months if m.month == month]
            return money_tip(found[0], self.numbers) if found else ""
        line, part = self._hit(pos)
        if line is None or line.row is None:
            return ""
        day = self.day_at(pos.x())
        return row_tip(line.row, day, part, self.numbers, self.day_width())

    # -- painting ------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        if self.scrollbar.geometry().contains(event.rect()):  # the scroll bar alone
            painter.fillRect(event.rect(), self.palette().color(QPalette.ColorRole.Base))
            painter.end()
            return
        self.paint_count += 1
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        try:
            paint_timeline(self, painter)
        finally:
            painter.end()

