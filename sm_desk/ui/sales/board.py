"""The kanban board: one column per stage, cards painted by a delegate (no widget per card).

Each column shows at most CARDS_PER_COLUMN cards, soonest expected close first, and a
"N more - see table" link; its totals come from one grouped query. A card dragged onto
another column arrives as `deal_dropped(deal_id, stage_id)`; the page does the move.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QDragEnterEvent, QDragMoveEvent, QDropEvent, QFont, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QScrollArea,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from sm_desk.core.datefmt import short_date
from sm_desk.core.money import Numbers
from sm_desk.core.sales.pipeline import StageTotal, Window, stage_totals
from sm_desk.core.store import Store
from sm_desk.core.store import sales as queries
from sm_desk.core.store.sales import PipelineSums
from sm_desk.core.words import counted
from sm_desk.ui import numbers as ui_numbers

MIME = "application/x-sm-desk-deal"
CARDS_PER_COLUMN = 50
CARD_HEIGHT = 92
COLUMN_WIDTH = 236
Index = QModelIndex | QPersistentModelIndex
OUTCOME_COLOURS = {"open": "#4e79a7", "won": "#59a14f", "lost": "#9c9c9c"}


def use_numbers(numbers: Numbers) -> None:
    ui_numbers.use(numbers)


def numbers() -> Numbers:
    return ui_numbers.current()


def money(minor: int, currency: str = "") -> str:
    """Every amount on the Sales pages: the locale's symbols and grouping, the currency's
    own decimals (money.format_money); no currency: the home one."""
    return ui_numbers.money(minor, currency)


def day_text(iso: str, today: str) -> str:
    """A card's date in the locale's short style (the year only when it is not this one)."""
    if not iso:
        return ""
    try:
        day, now = date.fromisoformat(iso[:10]), date.fromisoformat(today[:10])
    except ValueError:
        return iso
    return short_date(day, numbers().locale, now)


class CardModel(QAbstractListModel):
    """The cards of one column: light rows from the store."""

    def __init__(self, stage_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stage_id = stage_id
        self.cards: list[dict[str, Any]] = []

    def set_cards(self, cards: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self.cards = cards
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.cards)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        card = self.cards[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return card["title"]
        if role == Qt.ItemDataRole.UserRole:
            return card["id"]
        if role == Qt.ItemDataRole.ToolTipRole:
            return (f"{card['title']}\n{card['contact'] or ''}".strip()
                    + f"\nVBANT {card['vbant']} of 5 (Vision, Budget, Need, Authority, "
                    f"Timeframe) · {card['probability']}% likely to be won")
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsDragEnabled if index.isValid() else base

    def mimeTypes(self) -> list[str]:
        return [MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:  # type: ignore[override]
        mime = QMimeData()
        if indexes:
            mime.setData(MIME, str(self.cards[indexes[0].row()]["id"]).encode())
        return mime

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction


class CardDelegate(QStyledItemDelegate):
    """Paints a card: title, contact and value, next step and due, VBANT dots, stalled."""

    today = ""

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        return QSize(COLUMN_WIDTH - 22, CARD_HEIGHT)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        # Read the row straight from the model: a dict holding None, passed through a
        # QVariant, loses a reference to None on each call in PySide6 6.12 (a crash later).
        model = index.model()
        assert isinstance(model, CardModel)
        card = model.cards[index.row()]
        rect = option.rect.adjusted(3, 3, -3, -3)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor("#4e79a7" if selected else "#d0d4da"), 1.5 if selected else 1))
        painter.setBrush(QColor("#eef4fb" if selected else "#ffffff"))
        painter.drawRoundedRect(rect, 6, 6)
        if card["stalled"]:
            painter.fillRect(QRect(rect.left(), rect.top() + 6, 4, rect.height() - 12),
                             QColor("#e8833a"))
        inner = rect.adjusted(10, 6, -8, -6)
        line = painter.fontMetrics().height() + 2
        font = QFont(painter.font())
        bold = QFont(font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(QColor("#1f2933"))
        metrics = painter.fontMetrics()
        painter.drawText(QRect(inner.left(), inner.top(), inner.width(), line),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         metrics.elidedText(card["title"], Qt.TextElideMode.ElideRight,
                                            inner.width()))
        painter.setFont(font)
        metrics = painter.fontMetrics()
        value = money(card["value_minor"], card["currency"])
        value_width = metrics.horizontalAdvance(value) + 4
        row = QRect(inner.left(), inner.top() + line, inner.width(), line)
        painter.setPen(QColor("#52606d"))
        painter.drawText(row.adjusted(0, 0, -value_width, 0), Qt.AlignmentFlag.AlignVCenter,
                         metrics.elidedText(card["contact"] or "No contact",
                                            Qt.TextElideMode.ElideRight, row.width() - value_width))
        painter.setPen(QColor("#1f2933"))
        painter.drawText(row, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, value)
        row.translate(0, line)
        step = card["next_step"] or ""
        due = card["next_step_due"] or ""
        overdue = bool(due) and due < self.today
        due_text = day_text(due, self.today)
        due_width = metrics.horizontalAdvance(due_text) + 6 if due_text else 0
        text = step or ("Due" if due else "No next step")
        colour = "#c0392b" if overdue else "#52606d" if step or due else "#9aa5b1"
        if card["outcome"] != "open" and not step:
            closed = day_text(card["closed_at"] or "", self.today)
            text = (f"Lost: {card['lost_reason'] or '?'}" if card["outcome"] == "lost"
                    else f"Won {closed}".strip())
            colour, overdue, due_text, due_width = "#7b8794", False, "", 0
        painter.setPen(QColor(colour))
        painter.drawText(row.adjusted(0, 0, -due_width, 0), Qt.AlignmentFlag.AlignVCenter,
                         metrics.elidedText(text, Qt.TextElideMode.ElideRight,
                                            row.width() - due_width))
        if due_text:
            painter.drawText(row, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             due_text)
        row.translate(0, line)
        self._paint_footer(painter, row, card)
        painter.restore()

    def _paint_footer(self, painter: QPainter, row: QRect, card: dict[str, Any]) -> None:
        metrics = painter.fontMetrics()
        painter.setPen(QColor("#52606d"))
        label = "VBANT"
        painter.drawText(row, Qt.AlignmentFlag.AlignVCenter, label)
        x = row.left() + metrics.horizontalAdvance(label) + 6
        size = 7
        top = row.center().y() - size // 2
        painter.setPen(Qt.PenStyle.NoPen)
        for i in range(5):
            painter.setBrush(QColor("#59a14f" if i < card["vbant"] else "#dde2e8"))
            painter.drawEllipse(x + i * (size + 3), top, size, size)
        painter.setPen(QColor("#52606d"))
        score_x = x + 5 * (size + 3) + 2
        painter.drawText(QRect(score_x, row.top(), 30, row.height()),
                         Qt.AlignmentFlag.AlignVCenter, f"{card['vbant']}/5")
        tag, colour = "", ""
        if card["stalled"]:
            tag, colour = "Stalled", "#e8833a"
        elif card["paid_at"]:
            tag, colour = "Paid", "#59a14f"
        elif card["invoiced_at"]:
            tag, colour = "Invoiced", "#4e79a7"
        elif card["nurture"]:
            tag, colour = "Nurture", "#b07aa1"
        elif card["outcome"] == "won":
            tag, colour = "To invoice", "#b35c00"  # sales also recovers the dues
        elif card["outcome"] == "lost":
            tag, colour = "", "#7b8794"
        else:
            tag, colour = f"{card['probability']}% likely", "#7b8794"  # the win probability
        painter.setPen(QColor(colour))
        painter.drawText(row, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, tag)


class ColumnView(QListView):
    """A column's card list: drags its cards out, takes other columns' cards in."""

    deal_dropped = Signal(int, int)  # deal id, this column's stage id

    def __init__(self, model: CardModel, delegate: CardDelegate) -> None:
        super().__init__()
        self.setModel(model)
        self.setItemDelegate(delegate)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setUniformItemSizes(True)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setObjectName("columnCards")  # styled by the board's BOARD_STYLE
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    @property
    def stage_id(self) -> int:
        model = self.model()
        assert isinstance(model, CardModel)
        return model.stage_id

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasFormat(MIME):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if event.mimeData().hasFormat(MIME):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        raw = bytes(event.mimeData().data(MIME).data()).decode() if event.mimeData().hasFormat(
            MIME) else ""
        if not raw.isdigit():
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.CopyAction)  # the board repaints; Qt removes nothing
        event.accept()
        self.deal_dropped.emit(int(raw), self.stage_id)


def _board_style() -> str:
    titles = "".join(f'QLabel#columnTitle[outcome="{outcome}"] {{ color: {colour}; }}'
                     for outcome, colour in OUTCOME_COLOURS.items())
    return (
        "#boardColumn { background: #f3f5f8; border-radius: 8px; }"
        "QLabel#columnTitle { font-weight: bold; font-size: 13px; color: #4e79a7; "
        "padding-left: 4px; }" + titles +
        "QLabel#columnTotals { color: #52606d; padding-left: 4px; }"
        "QLabel#columnWeighted { color: #7b8794; padding-left: 4px; padding-bottom: 4px; }"
        'QLabel#columnWeighted[leftOut="true"] { color: #b35c00; }'
        "QPushButton#columnMore { color: #4e79a7; text-align: left; padding: 2px 4px; }"
        "QListView#columnCards { background: transparent; }"
        "QListView#columnCards QScrollBar:vertical { width: 8px; background: transparent; "
        "margin: 0; }"
        "QListView#columnCards QScrollBar::handle:vertical { background: #c4cad3; "
        "border-radius: 4px; min-height: 24px; }"
        "QListView#columnCards QScrollBar::add-line:vertical, "
        "QListView#columnCards QScrollBar::sub-line:vertical { height: 0; }"
        "QListView#columnCards QScrollBar::add-page:vertical, "
        "QListView#columnCards QScrollBar::sub-page:vertical { background: transparent; }")


BOARD_STYLE = _board_style()


class Column(QFrame):
    """Header (name, totals), the card list, and "N more" for what does not fit."""

    def __init__(self, stage: dict[str, Any], delegate: CardDelegate) -> None:
        super().__init__()
        self.stage = stage
        self.setObjectName("boardColumn")  # its parts are styled by the board's BOARD_STYLE
        self.setFixedWidth(COLUMN_WIDTH)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 8, 6, 6)
        layout.setSpacing(2)
        self.title = QLabel(stage["name"])
        self.title.setObjectName("columnTitle")
        self.title.setProperty("outcome", stage["outcome"])
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.totals = QLabel()
        self.totals.setObjectName("columnTotals")
        self.totals.setTextFormat(Qt.TextFormat.PlainText)
        self.weighted = QLabel()
        self.weighted.setObjectName("columnWeighted")
        self.weighted.setTextFormat(Qt.TextFormat.PlainText)
        self.weighted.setWordWrap(True)
        self.model = CardModel(stage["id"], self)
        self.view = ColumnView(self.model, delegate)
        self.more = QPushButton()
        self.more.setObjectName("columnMore")
        self.more.setFlat(True)
        self.more.setCursor(Qt.CursorShape.PointingHandCursor)
        for widget in (self.title, self.totals, self.weighted):
            layout.addWidget(widget)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.more)

    def fill(self, cards: list[dict[str, Any]], totals: StageTotal | None) -> None:
        count = totals.count if totals else 0
        value = money(totals.value.minor) if totals else money(0)
        weighted = money(totals.weighted.minor) if totals else money(0)
        self.totals.setText(f"{counted(count, 'deal', number=numbers().count)} · {value}")
        note = totals.value.note() if totals else ""
        self.weighted.setText(f"Weighted {weighted}" + (f"\n{note}" if note else ""))
        if self.weighted.property("leftOut") != bool(note):  # a note is shown in orange
            self.weighted.setProperty("leftOut", bool(note))
            self.weighted.style().unpolish(self.weighted)
            self.weighted.style().polish(self.weighted)
        self.model.set_cards(cards)
        hidden = count - len(cards)
        self.more.setText(f"{hidden:,} more — see table")
        self.more.setVisible(hidden > 0)


class Board(QScrollArea):
    """All the columns, side by side, refilled from the store in a few queries."""

    deal_dropped = Signal(int, int)
    deal_activated = Signal(int)
    more_requested = Signal(int)  # stage id
    context_requested = Signal(int, object)  # deal id, global QPoint

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.delegate = CardDelegate(self)
        self.columns: dict[int, Column] = {}
        self._body = QWidget()
        self._body.setObjectName("boardBody")
        # One sheet for every column: a style sheet of each label's own cost ~0.3 ms per
        # label added (30 labels and lists: a third of the Sales page's first open).
        self._body.setStyleSheet(BOARD_STYLE)
        self._row = QHBoxLayout(self._body)
        self._row.setContentsMargins(8, 8, 8, 8)
        self._row.setSpacing(10)
        self.setWidget(self._body)

    def reload(self, window: Window, currency: str = "",
               sums: PipelineSums | None = None) -> None:
        """`sums`: queries.pipeline_sums, when the page has read them for the forecast."""
        self.delegate.today = window.today
        stages = queries.stages(self.store)
        if [s["id"] for s in stages] != list(self.columns) or any(
                self.columns[s["id"]].stage != s for s in stages):
            self._rebuild(stages)
        totals = stage_totals(self.store, date.fromisoformat(window.today), sums=sums)
        for stage_id, column in self.columns.items():
            cards = queries.column_cards(self.store, stage_id, window.today, window.quiet_since,
                                         CARDS_PER_COLUMN)
            column.fill(cards, totals.get(stage_id))

    def _rebuild(self, stages: list[dict[str, Any]]) -> None:
        while self._row.count():
            item = self._row.takeAt(0)
            if item is not None and item.widget() is not None:
                item.widget().deleteLater()  # type: ignore[union-attr]
        self.columns = {}
        for stage in stages:
            column = Column(stage, self.delegate)
            column.view.deal_dropped.connect(self.deal_dropped)
            column.view.doubleClicked.connect(
                lambda index: self.deal_activated.emit(int(index.data(Qt.ItemDataRole.UserRole))))
            column.view.customContextMenuRequested.connect(
                lambda pos, view=column.view: self._context(view, pos))
            column.more.clicked.connect(lambda _=False, sid=stage["id"]: self.more_requested.emit(sid))
            self.columns[stage["id"]] = column
            self._row.addWidget(column)
        self._row.addStretch(1)

    def _context(self, view: ColumnView, pos: Any) -> None:
        index = view.indexAt(pos)
        if index.isValid():
            self.context_requested.emit(int(index.data(Qt.ItemDataRole.UserRole)),
                                        view.viewport().mapToGlobal(pos))

    def card_index(self, deal_id: int) -> tuple[Column, QModelIndex] | None:
        for column in self.columns.values():
            for row, card in enumerate(column.model.cards):
                if card["id"] == deal_id:
                    return column, column.model.index(row)
        return None
