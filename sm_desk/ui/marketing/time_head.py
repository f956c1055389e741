"""The top of the time grid: day names (today marked) and the all-day strip, whose
touches can be dragged to another day; "+k more" when the strip is full."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QRect, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
)
from PySide6.QtWidgets import QApplication, QToolTip, QWidget

from sm_desk.core.marketing.calendar import Occurrence
from sm_desk.ui.marketing.grid import CENTRE, LEFT_MIDDLE, NO_PEN, WEEKDAYS, describe
from sm_desk.ui.marketing.time_layout import local_instant
from sm_desk.ui.marketing.time_paint import (
    GUTTER,
    HEAD_H,
    NOW_RED,
    STRIP_LINE,
    STRIP_ROWS,
    chip_lines,
    paint_chip,
    small_font,
)

if TYPE_CHECKING:
    from sm_desk.ui.marketing.time_grid import TimeGrid


class DayHead(QWidget):
    """Day names and the all-day strip, aligned with the body's columns."""

    def __init__(self, grid: TimeGrid) -> None:
        super().__init__()
        self.grid = grid
        self.setFixedHeight(HEAD_H + STRIP_LINE + 6)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)  # paints every pixel
        self._more: list[tuple[QRect, date]] = []

    def hits(self) -> list[tuple[QRect, Occurrence]]:
        grid = self.grid
        grid._ensure_layout()
        full = grid._strip_rows > STRIP_ROWS + 1
        found = []
        for row, lo, hi, o in grid._strip:
            if full and row >= STRIP_ROWS:
                continue
            x1, x2 = grid.column_x(lo), grid.column_x(hi + 1)
            found.append((QRect(x1 + 2, HEAD_H + 2 + row * STRIP_LINE, x2 - x1 - 5,
                                STRIP_LINE - 2), o))
        return found

    def _hidden(self) -> dict[int, int]:
        """Per column, how many all-day touches the strip has no room for."""
        grid = self.grid
        counts: dict[int, int] = defaultdict(int)
        if grid._strip_rows > STRIP_ROWS + 1:
            for row, lo, hi, _ in grid._strip:
                if row >= STRIP_ROWS:
                    for col in range(lo, hi + 1):
                        counts[col] += 1
        return counts

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        grid = self.grid
        grid._ensure_layout()
        painter = QPainter(self)
        pal = self.palette()
        base = pal.color(QPalette.ColorRole.Base)
        painter.fillRect(self.rect(), base)
        small = small_font(self)
        painter.setFont(small)
        line = pal.color(QPalette.ColorRole.Mid)
        text = pal.color(QPalette.ColorRole.Text)
        muted = pal.color(QPalette.ColorRole.PlaceholderText)
        painter.setPen(muted)
        painter.drawText(QRect(0, HEAD_H, GUTTER - 6, STRIP_LINE),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, "all-day")
        for index, day in enumerate(grid.day_list()):
            x, width = grid.column(index)
            if day == grid.nav.selected:
                tint = QColor(pal.color(QPalette.ColorRole.Highlight))
                tint.setAlpha(40 if grid.hasFocus() else 22)
                painter.fillRect(QRect(x, 0, width, self.height()), tint)
            self._paint_day_name(painter, QRect(x, 0, width, HEAD_H), day, text, muted)
            painter.setPen(line)
            painter.drawLine(x, HEAD_H - 4, x, self.height())
        painter.drawLine(grid.column_x(grid.days), HEAD_H - 4, grid.column_x(grid.days),
                         self.height())
        painter.drawLine(0, self.height() - 1, self.width(), self.height() - 1)
        drag = grid.drag
        moving = drag.occurrence.key if drag is not None and drag.active else None
        for rect, o in self.hits():
            if o.key == moving:
                painter.setOpacity(0.35)
            paint_chip(painter, rect, o, base, o.key == grid.selected_key, chip_lines(o, 0, 0))
            painter.setOpacity(1.0)
        if drag is not None and drag.active and drag.mode == "all_day" and drag.day:
            x, width = grid.column((drag.day - grid.first_day).days)
            paint_chip(painter, QRect(x + 2, HEAD_H + 2, width - 5, STRIP_LINE - 2),
                        drag.occurrence, base, True, [drag.occurrence.title], ghost=True)
        self._more = []
        painter.setPen(text)
        for col, hidden in sorted(self._hidden().items()):
            x, width = grid.column(col)
            rect = QRect(x + 6, HEAD_H + 2 + STRIP_ROWS * STRIP_LINE, width - 10, STRIP_LINE - 2)
            self._more.append((rect, grid.first_day + timedelta(days=col)))
            painter.drawText(rect, LEFT_MIDDLE,
                             f"+{hidden} more")
        painter.end()

    def _paint_day_name(self, painter: QPainter, rect: QRect, day: date, text: QColor,
                        muted: QColor) -> None:
        name = WEEKDAYS[day.weekday()]
        label = f"{name} {day.day}" if self.grid.days > 1 else f"{day:%A %d %B}"
        font = QFont(painter.font())
        if day == date.today():
            font.setBold(True)
            painter.setFont(font)
            width = painter.fontMetrics().horizontalAdvance(label) + 16
            pill = QRect(rect.center().x() - width // 2, rect.y() + 4, width, rect.height() - 8)
            painter.setPen(NO_PEN)
            painter.setBrush(NOW_RED)
            painter.drawRoundedRect(pill, pill.height() / 2, pill.height() / 2)
            painter.setPen(QColor("white"))
            painter.drawText(pill, CENTRE, label)
            font.setBold(False)
            painter.setFont(font)
        else:
            painter.setPen(text if day.weekday() < 5 else muted)
            painter.drawText(rect, CENTRE, label)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            found = next((o for r, o in self.hits() if r.contains(event.pos())), None)
            if found is not None:
                QToolTip.showText(event.globalPos(), describe(found), self)
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
        more = next((d for r, d in self._more if r.contains(pos)), None)
        if more is not None:
            grid.more_requested.emit(more)
            return
        found = next((o for r, o in self.hits() if r.contains(pos)), None)
        grid.selected_key = found.key if found else None
        index = grid.column_at(pos.x())
        if index is not None:
            day = grid.first_day + timedelta(days=index)
            if day != grid.nav.selected:
                grid.nav.selected = day
                grid.nav.selected_changed.emit(day)
        if found is not None:
            grid.begin_drag(found, "all_day", pos, 0)
        grid.refresh()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        drag = self.grid.drag
        pos = event.position().toPoint()
        if drag is None or (not drag.active and (pos - drag.press).manhattanLength() <
                            QApplication.startDragDistance()):
            return
        drag.active = True
        index = self.grid.column_at(pos.x())
        if index is not None:
            drag.day = self.grid.first_day + timedelta(days=index)
        self.setCursor(Qt.CursorShape.ClosedHandCursor)
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self.grid.drag is not None:
            self.grid.finish_drag()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        grid = self.grid
        grid.cancel_drag()
        pos = event.position().toPoint()
        found = next((o for r, o in self.hits() if r.contains(pos)), None)
        if found is not None:
            grid.occurrence_activated.emit(found)
            return
        index = grid.column_at(pos.x())
        if index is not None and pos.y() >= HEAD_H:
            grid.slot_requested.emit(local_instant(grid.first_day + timedelta(days=index), 0),
                                     True)
