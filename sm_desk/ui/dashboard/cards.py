"""Dashboard building blocks: a card that clicks through, and the hat-balance bars."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from sm_desk.core.domain import HAT_COLOURS

if TYPE_CHECKING:
    from sm_desk.core.dashboard import HatBalance

SALES_COLOUR = QColor(HAT_COLOURS["sales"])
MARKETING_COLOUR = QColor(HAT_COLOURS["marketing"])
# One sheet for the whole dashboard page: parsed once, not once per widget (start-up time).
CARD_STYLE = """
QFrame#dashCard { background: white; border: 1px solid #d5dbe3; border-radius: 6px; }
QFrame#dashCard:hover { border-color: #8fb0d6; }
QLabel#cardTitle { color: #4a5563; font-weight: bold; }
QLabel#cardNumber { font-size: 24px; font-weight: bold; color: #1f2933; }
QLabel#cardNumber[alert="true"] { color: #c0392b; }
QLabel#cardLine { color: #33404d; }
QLabel#cardNote { color: #6b7785; }
QPushButton#cardGo { text-align: right; color: #2f6db3; }
#dashBody { background: #f4f6f9; }
QLabel#pageTitle { font-size: 18px; font-weight: bold; }
QFrame#assessOffer { background: #fff6e5; border: 1px solid #f0d39b; border-radius: 6px; }
"""


def plain(text: str, name: str = "cardLine") -> QLabel:
    """A label for text from the user's data: never read as HTML."""
    label = QLabel(text)
    label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
    label.setObjectName(name)
    label.setWordWrap(True)
    return label


class Card(QFrame):
    """A titled box with a big number, a few lines, and a button to its workspace."""

    def __init__(self, title: str, target: str, go_label: str,
                 go: Callable[[str], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dashCard")
        self.target = target
        self._go = go
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 10)
        layout.setSpacing(4)
        head = QHBoxLayout()
        # Our own text, so no PlainText format: building the card before the first paint
        # then needs nothing from the Qt namespace, whose enums cost start-up time.
        self.title = QLabel(title)
        self.title.setObjectName("cardTitle")
        self.title.setWordWrap(True)
        self.number = QLabel("")
        self.number.setObjectName("cardNumber")
        head.addWidget(self.title, 1)
        layout.addLayout(head)
        layout.addWidget(self.number)
        self.body = QVBoxLayout()
        self.body.setSpacing(2)
        layout.addLayout(self.body)
        layout.addStretch(1)
        self.go_button = QPushButton(go_label)
        self.go_button.setFlat(True)
        self.go_button.setObjectName("cardGo")
        self.go_button.clicked.connect(lambda: self._go(self.target))
        go_row = QHBoxLayout()
        go_row.addStretch(1)
        go_row.addWidget(self.go_button)
        layout.addLayout(go_row)

    def set_number(self, text: str, alert: bool = False) -> None:
        """Fill the card (after the first paint); from then on it clicks through."""
        self.setCursor(QtCore.Qt.CursorShape.PointingHandCursor)
        self.number.setText(text)
        self.number.setProperty("alert", "true" if alert else "false")
        self.number.style().unpolish(self.number)
        self.number.style().polish(self.number)

    def set_lines(self, lines: list[str], note: str = "") -> None:
        while self.body.count():
            item = self.body.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for line in lines:
            self.body.addWidget(plain(line))
        if note:
            self.body.addWidget(plain(note, "cardNote"))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        if event.button() == QtCore.Qt.MouseButton.LeftButton and self.rect().contains(
                event.position().toPoint()):
            self._go(self.target)
        super().mouseReleaseEvent(event)


class HatBars(QWidget):
    """One bar per week: the sales share (orange) and marketing share (blue) of the hours,
    with the agreement's target as a dashed line."""

    ROW = 22

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hat: HatBalance | None = None
        self.setMinimumHeight(self.ROW * 4 + 8)

    def set_balance(self, hat: HatBalance) -> None:
        self.hat = hat
        self.setMinimumHeight(self.ROW * len(hat.weeks) + 8)
        self.update()

    def count_texts(self) -> list[str]:
        """Each week's hours, as written after its bar."""
        weeks = self.hat.weeks if self.hat is not None else []
        return [f"{week.sales:g} h / {week.marketing:g} h" for week in weeks]

    def count_width(self) -> int:
        """Room for the widest hours text, so none is cut."""
        metrics = self.fontMetrics()
        return max((metrics.horizontalAdvance(t) for t in self.count_texts()), default=60) + 12

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        if self.hat is None:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        counts = self.count_texts()
        label_w, count_w = 60, self.count_width()
        width = max(10, self.width() - label_w - count_w)
        for row, week in enumerate(self.hat.weeks):
            y = 4 + row * self.ROW
            painter.setPen(QColor("#4a5563"))
            painter.drawText(QRectF(0, y, label_w - 6, self.ROW - 6),
                             QtCore.Qt.AlignmentFlag.AlignVCenter | QtCore.Qt.AlignmentFlag.AlignLeft,
                             _week_label(week.start))
            bar = QRectF(label_w, y + 2, width, self.ROW - 10)
            share = week.sales_share
            painter.setPen(QtCore.Qt.PenStyle.NoPen)
            if share is None:
                painter.setBrush(QColor("#e6e9ee"))
                painter.drawRect(bar)
            else:
                sales_w = bar.width() * share
                painter.setBrush(SALES_COLOUR)
                painter.drawRect(QRectF(bar.left(), bar.top(), sales_w, bar.height()))
                painter.setBrush(MARKETING_COLOUR)
                painter.drawRect(QRectF(bar.left() + sales_w, bar.top(),
                                        bar.width() - sales_w, bar.height()))
            painter.setPen(QColor("#4a5563"))
            painter.drawText(QRectF(label_w + width + 6, y, count_w - 6, self.ROW - 6),
                             QtCore.Qt.AlignmentFlag.AlignVCenter | QtCore.Qt.AlignmentFlag.AlignLeft,
                             counts[row])
        target_x = label_w + width * self.hat.target_sales_share
        pen = QPen(QColor("#1f2933"), 1.5, QtCore.Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawLine(int(target_x), 2, int(target_x), 4 + len(self.hat.weeks) * self.ROW - 6)
        painter.end()


def _week_label(day: date) -> str:
    # Imported when painted: Babel's data stays out of start-up (the cards are built
    # before the first paint, filled after it).
    from sm_desk.core.datefmt import short_date
    from sm_desk.ui.numbers import current

    return short_date(day, current().locale, day)
