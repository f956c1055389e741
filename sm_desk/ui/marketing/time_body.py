"""The scrolling hours of the time grid: hour gutter, day columns, timed touches
(placed by start, sized by duration, side by side when they overlap), the now line.
Mouse: drag a touch to move it, drag its bottom edge to resize, double-click."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPoint, QRect, Qt
from PySide6.QtGui import (
    QColor,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QApplication, QToolTip, QWidget

from sm_desk.core.marketing.calendar import Occurrence
from sm_desk.ui.marketing.grid import NO_PEN, chip_fill, describe
from sm_desk.ui.marketing.time_layout import (
    DAY_MINUTES,
    MIN_SHOWN_MINUTES,
    SNAP_MINUTES,
    local_instant,
    minute_of_day,
    snap,
)
from sm_desk.ui.marketing.time_paint import (
    EDGE,
    GUTTER,
    HOUR_H,
    MIN_TEXT_W,
    NOW_RED,
    WORK_END,
    WORK_START,
    chip_lines,
    paint_chip,
    small_font,
)

if TYPE_CHECKING:
    from sm_desk.ui.marketing.time_grid import Drag, TimeGrid


class HoursBody(QWidget):
    """The scrolling hours: gutter, day columns, timed touches, the now line."""

    def __init__(self, grid: TimeGrid) -> None:
        super().__init__()
        self.grid = grid
        self.paint_count = 0
        self.setMinimumHeight(24 * HOUR_H + 1)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)  # paints every pixel
        self.setMouseTracking(True)  # the resize cursor on a chip's bottom edge
        self._hits: list[tuple[QRect, Occurrence]] = []
        self._hits_for = (-1, -1)

    def hits(self) -> list[tuple[QRect, Occurrence]]:
        """Each timed touch and its rectangle (kept until the data or the width change)."""
        grid = self.grid
        grid._ensure_layout()
        if self._hits_for != (grid.layout_version, self.width()):
            self._hits_for = (grid.layout_version, self.width())
            self._hits = [(rect, p.occurrence) for day, placed in grid._placed.items()
                          for rect, p in zip(grid.chip_rects(day, placed), placed, strict=True)]
        return self._hits

    def occurrence_at(self, pos: QPoint) -> tuple[Occurrence, QRect] | None:
        for rect, o in reversed(self.hits()):  # the last painted is on top
            if rect.contains(pos):
                return o, rect
        return None

    def day_at(self, x: int) -> date | None:
        index = self.grid.column_at(x)
        return None if index is None else self.grid.first_day + timedelta(days=index)

    # -- painting ----------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        self.paint_count += 1
        grid = self.grid
        grid._ensure_layout()
        painter = QPainter(self)
        pal = self.palette()
        base = pal.color(QPalette.ColorRole.Base)
        off_hours = chip_fill(pal.color(QPalette.ColorRole.Mid), base, 0.12)
        clip = event.rect()
        painter.fillRect(clip, base)
        painter.setFont(small_font(self))
        days = grid.day_list()
        for index, day in enumerate(days):
            x, width = grid.column(index)
            for lo, hi in ((0, WORK_START), (WORK_END, 24)):
                painter.fillRect(QRect(x, grid.y_of(lo * 60), width,
                                       grid.y_of((hi - lo) * 60)).intersected(clip), off_hours)
            if day == grid.nav.selected and grid.days > 1:
                tint = QColor(pal.color(QPalette.ColorRole.Highlight))
                tint.setAlpha(22)
                painter.fillRect(QRect(x, clip.top(), width, clip.height()), tint)
        line = pal.color(QPalette.ColorRole.Mid)
        faint = QColor(line)
        faint.setAlpha(90)
        muted = pal.color(QPalette.ColorRole.PlaceholderText)
        for hour in range(24):
            y = grid.y_of(hour * 60)
            if y > clip.bottom() + HOUR_H or y + HOUR_H < clip.top() - HOUR_H:
                continue
            painter.setPen(line)
            painter.drawLine(GUTTER - 4, y, self.width(), y)
            painter.setPen(QPen(faint, 1, Qt.PenStyle.DotLine))
            painter.drawLine(GUTTER, y + HOUR_H // 2, self.width(), y + HOUR_H // 2)
            if hour:
                painter.setPen(muted)
                painter.drawText(QRect(0, y - 8, GUTTER - 8, 16),
                                 Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                                 f"{hour:02d}:00")
        painter.setPen(line)
        for index in range(grid.days + 1):
            x = grid.column_x(index)
            painter.drawLine(x, 0, x, self.height())
        self._paint_chips(painter, base, clip)
        self._paint_now(painter, days)
        painter.end()

    def _paint_chips(self, painter: QPainter, base: QColor, clip: QRect) -> None:
        grid = self.grid
        line_h = painter.fontMetrics().height()
        drag = grid.drag
        moving = drag.occurrence.key if drag is not None and drag.active else None
        for rect, o in self.hits():
            if not rect.intersects(clip):
                continue
            if o.key == moving:
                painter.setOpacity(0.35)
            lines = chip_lines(o, rect.height(), line_h) if rect.width() >= MIN_TEXT_W else []
            paint_chip(painter, rect, o, base, o.key == grid.selected_key, lines)
            painter.setOpacity(1.0)
        if drag is not None and drag.active and drag.day is not None and drag.mode != "all_day":
            self._paint_ghost(painter, base, drag, line_h)

    def _paint_ghost(self, painter: QPainter, base: QColor, drag: Drag, line_h: int) -> None:
        """Where the touch lands if dropped now, with its new time."""
        grid, o = self.grid, drag.occurrence
        if drag.mode == "resize":
            top = minute_of_day(o.start)
            bottom = drag.minutes
        else:
            top = drag.minutes
            bottom = top + o.duration_minutes
        x, width = grid.column((drag.day - grid.first_day).days) if drag.day else (0, 0)
        y1 = grid.y_of(top)
        y2 = grid.y_of(min(DAY_MINUTES, max(bottom, top + MIN_SHOWN_MINUTES)))
        rect = QRect(x + 1, y1 + 1, width - 6, y2 - y1 - 2)
        end = top + (bottom - top)
        label = f"{top // 60:02d}:{top % 60:02d}–{end // 60 % 24:02d}:{end % 60:02d}"
        lines = [o.title, label] if rect.height() >= 2 * line_h + 2 else [f"{label} {o.title}"]
        paint_chip(painter, rect, o, base, True, lines, ghost=True)

    def _paint_now(self, painter: QPainter, days: list[date]) -> None:
        now = datetime.now().astimezone()
        if now.date() not in days:
            return
        x, width = self.grid.column(days.index(now.date()))
        y = self.grid.y_of(minute_of_day(now))
        painter.setPen(QPen(NOW_RED, 2))
        painter.drawLine(x, y, x + width, y)
        painter.setPen(NO_PEN)
        painter.setBrush(NOW_RED)
        painter.drawEllipse(QPoint(x, y), 5, 5)

    # -- mouse ---------------------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            found = self.occurrence_at(event.pos())
            if found is not None:
                QToolTip.showText(event.globalPos(), describe(found[0]), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        grid = self.grid
        grid.setFocus()
        if event.button() != Qt.MouseButton.LeftButton:
            return
        pos = event.position().toPoint()
        found = self.occurrence_at(pos)
        day = self.day_at(pos.x())
        if day is not None and day != grid.nav.selected:
            grid.nav.selected = day  # a click never pages, so a drag can start anywhere
            grid.nav.selected_changed.emit(day)
        if found is None:
            grid.selected_key = None
        else:
            o, rect = found
            grid.selected_key = o.key
            mode = "resize" if pos.y() >= rect.bottom() - EDGE and rect.height() > 2 * EDGE \
                else "move"
            grab = round(grid.minutes_at(pos.y())) - minute_of_day(o.start)
            grid.begin_drag(o, mode, pos, grab)
        grid.refresh()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        grid, drag = self.grid, self.grid.drag
        pos = event.position().toPoint()
        if drag is None:
            found = self.occurrence_at(pos)
            near_edge = found is not None and pos.y() >= found[1].bottom() - EDGE
            if near_edge:
                self.setCursor(Qt.CursorShape.SizeVerCursor)
            else:
                self.unsetCursor()
            return
        if not drag.active and (pos - drag.press).manhattanLength() < \
                QApplication.startDragDistance():
            return
        drag.active = True
        o = drag.occurrence
        if drag.mode == "resize":
            top = minute_of_day(o.start)
            drag.day = o.day()
            drag.minutes = max(top + SNAP_MINUTES, snap(grid.minutes_at(pos.y())))
            self.setCursor(Qt.CursorShape.SizeVerCursor)
        else:
            drag.day = self.day_at(pos.x()) or drag.day or o.day()
            drag.minutes = snap(grid.minutes_at(pos.y()) - drag.grab,
                                top=DAY_MINUTES - SNAP_MINUTES)
            self.setCursor(Qt.CursorShape.ClosedHandCursor)
        grid.hours.ensureVisible(pos.x(), pos.y(), 0, 24)
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self.grid.drag is not None:
            self.grid.finish_drag()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        grid = self.grid
        grid.cancel_drag()
        pos = event.position().toPoint()
        found = self.occurrence_at(pos)
        if found is not None:
            grid.occurrence_activated.emit(found[0])
            return
        day = self.day_at(pos.x())
        if day is not None:
            minutes = int(grid.minutes_at(pos.y())) // SNAP_MINUTES * SNAP_MINUTES
            grid.slot_requested.emit(local_instant(day, minutes), False)
