"""A small read-only table model over light rows (dicts, dataclasses, tuples), one
`Column` spec per column, sortable by column keys; and the plain table view that goes
with it. Shared by the deal table, the hand-off views and the small lists of the
dialogs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

Index = QModelIndex | QPersistentModelIndex
Row = dict[str, Any]  # the usual row: one from a store query
ALERT_BACKGROUND = QColor("#fdecea")
ALERT_TEXT = QColor("#b03a2e")
_R = Qt.ItemDataRole
_DISPLAY, _ALIGNMENT, _TOOLTIP, _DECORATION, _FOREGROUND, _BACKGROUND, _FONT = map(int, (
    _R.DisplayRole, _R.TextAlignmentRole, _R.ToolTipRole, _R.DecorationRole,
    _R.ForegroundRole, _R.BackgroundRole, _R.FontRole))
_ROLES = frozenset((_DISPLAY, _ALIGNMENT, _TOOLTIP, _DECORATION, _FOREGROUND, _BACKGROUND,
                    _FONT))
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


@dataclass(frozen=True)
class Column:
    title: str
    text: Callable[[Any], Any]  # what the cell shows (a str, or a number Qt formats)
    key: Callable[[Any], Any] | None = None  # sort key (default: the text, case-folded)
    right: bool = False
    tip: Callable[[Any], str] | None = None
    colour: Callable[[Any], QColor] | None = None  # a colour swatch before the text
    foreground: QColor | None = None  # the column's text colour


class RowsModel(QAbstractTableModel):
    """`tips`: a cell without its column's `tip` shows its own text as the tooltip."""

    def __init__(self, columns: list[Column], alert: Callable[[Any], bool] | None = None,
                 parent: QWidget | None = None, tips: bool = True) -> None:
        super().__init__(parent)
        self.columns = columns
        self.rows: list[Any] = []
        self.alert = alert
        self.tips = tips
        self._sort: tuple[int, Qt.SortOrder] | None = None

    def set_rows(self, rows: list[Any]) -> None:
        self.beginResetModel()
        self.rows = self._sorted(rows)
        self.endResetModel()

    def row(self, index: int) -> Any:
        return self.rows[index]

    def _sorted(self, rows: list[Any]) -> list[Any]:
        if self._sort is None:
            return rows
        column, order = self._sort
        spec = self.columns[column]

        def key(row: Any) -> Any:
            return spec.key(row) if spec.key else spec.text(row).casefold()
        return sorted(rows, key=key, reverse=order == Qt.SortOrder.DescendingOrder)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort = (column, order) if 0 <= column < len(self.columns) else None
        self.set_rows(self.rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Called for a dozen roles per visible cell on every repaint: the roles as plain
        # ints (comparing with the enum members costs twice as much), unused ones first out.
        if role not in _ROLES or not index.isValid():
            return None
        row, spec = self.rows[index.row()], self.columns[index.column()]
        if role == _DISPLAY:
            return spec.text(row)
        if role == _ALIGNMENT:
            return _RIGHT if spec.right else None
        if role == _TOOLTIP:
            return spec.tip(row) if spec.tip else spec.text(row) if self.tips else None
        if role == _DECORATION:
            return spec.colour(row) if spec.colour else None
        if role == _FOREGROUND and spec.foreground is not None:
            return spec.foreground
        if self.alert is None or not self.alert(row):
            return None
        if role == _BACKGROUND:
            return QBrush(ALERT_BACKGROUND)
        if role == _FOREGROUND:
            return QBrush(ALERT_TEXT)
        font = QFont()  # _FONT
        font.setBold(True)
        return font

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section].title
        return None


def table_view(model: RowsModel, name: str, multi: bool = False,
               widths: tuple[int, ...] = ()) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setSortingEnabled(True)
    view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection if multi
                          else QAbstractItemView.SelectionMode.SingleSelection)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(24)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    for column, width in enumerate(widths):
        view.setColumnWidth(column, width)
    return view


def selected_rows(view: QTableView) -> list[int]:
    return sorted({i.row() for i in view.selectionModel().selectedRows()})
