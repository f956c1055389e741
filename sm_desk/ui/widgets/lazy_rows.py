"""A table model over ordered ids whose display rows are read in pages, on demand
(the Anki browser's way): the view asks only for the rows it paints, so a table of
100,000 records holds 100,000 ids (800 KB in an int64 array) and a few pages of rows.

The owner gives the ids (already filtered and sorted, in SQL) and a `fetch` that reads
the rows of some ids in one query. A row the view asks for brings its page (the PAGE
ids around it, those not cached) in that one query; the cache holds at most
PAGE * CACHE_PAGES rows and forgets the least recently used. Rows are cached by id, so
a new order of the same records (another sort, a filter cleared) repaints without a
query. `forget(ids)` drops edited rows: their next paint reads them again.
"""

from __future__ import annotations

from array import array
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, overload

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QModelRoleData,
    QModelRoleDataSpan,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import QWidget

from sm_desk.ui.widgets.rows_model import Column

Index = QModelIndex | QPersistentModelIndex
Row = dict[str, Any]
Fetch = Callable[[list[int]], list[Row]]
PAGE = 200
CACHE_PAGES = 10
_R = Qt.ItemDataRole
_DISPLAY, _ALIGNMENT, _FOREGROUND = int(_R.DisplayRole), int(_R.TextAlignmentRole), int(
    _R.ForegroundRole)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_MISSING: Row = {}  # a row deleted since the ids were read: painted empty until re-read
_TEXTS = "\x00texts"  # a row's made cell texts, by column (dropped with the row)


class LazyRows(Sequence[Row]):
    """The model's rows as a read-only sequence (each item read through the cache):
    for code and tests that look at `model.rows`; the view never iterates it."""

    def __init__(self, model: LazyRowsModel) -> None:
        self._model = model

    def __len__(self) -> int:
        return len(self._model.ids)

    @overload
    def __getitem__(self, index: int) -> Row: ...

    @overload
    def __getitem__(self, index: slice) -> list[Row]: ...

    def __getitem__(self, index: int | slice) -> Row | list[Row]:
        if isinstance(index, slice):
            return [self._model.row(i) for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self._model.row(index)

    def __iter__(self) -> Iterator[Row]:
        for i in range(len(self)):
            yield self._model.row(i)


class LazyRowsModel(QAbstractTableModel):
    """Read-only; `columns` are rows_model.Column specs (text, right, foreground).
    Sorting is the owner's: `sort` calls `on_sort(column, order)`, which sets new ids."""

    def __init__(self, columns: list[Column], fetch: Fetch, parent: QWidget | None = None,
                 page: int = PAGE, cache_pages: int = CACHE_PAGES) -> None:
        super().__init__(parent)
        self.columns = columns
        self.fetch = fetch
        self.page = page
        self.cache_pages = cache_pages
        self.ids: array[int] = array("q")
        self.on_sort: Callable[[int, Qt.SortOrder], None] | None = None
        self.sort_column: tuple[int, Qt.SortOrder] | None = None
        self.fetches = 0  # queries made (tests check that a repaint does not query per cell)
        self._rows: OrderedDict[int, Row] = OrderedDict()  # id -> row, the latest used last

    # -- ids and rows ----------------------------------------------------------------------

    @property
    def rows(self) -> LazyRows:
        return LazyRows(self)

    def set_ids(self, ids: array[int]) -> None:
        """Show `ids` in this order. The cached rows stay (they are by id): a new order of
        the same deals repaints without a query."""
        self.beginResetModel()
        self.ids = ids
        self.endResetModel()

    def cached_row_count(self) -> int:
        return len(self._rows)

    def row(self, position: int) -> Row:
        row_id = self.ids[position]
        row = self._rows.get(row_id)
        if row is None:
            self._load(position)
            row = self._rows.get(row_id)
            if row is None:
                return _MISSING
        self._rows.move_to_end(row_id)
        return row

    def id_at(self, position: int) -> int:
        return int(self.ids[position])

    def position_of(self, row_id: int) -> int | None:
        try:
            return self.ids.index(row_id)
        except ValueError:
            return None

    def forget(self, ids: Iterable[int] | None = None) -> None:
        """Drop the cached rows of `ids` (all when None): the next paint reads them."""
        if ids is None:
            self._rows.clear()
            return
        for row_id in ids:
            self._rows.pop(row_id, None)

    def repaint_ids(self, ids: Iterable[int]) -> None:
        """Forget `ids` and tell the view their rows changed (the order stayed)."""
        wanted = set(ids)
        self.forget(wanted)
        positions = [p for p in (self.position_of(i) for i in wanted) if p is not None]
        if positions and self.columns:
            self.dataChanged.emit(self.index(min(positions), 0),
                                  self.index(max(positions), len(self.columns) - 1))

    def _load(self, position: int) -> None:
        """Read the page of ids around `position` that the cache lacks, in one query, and
        forget the least recently used rows beyond the bound."""
        start = position - position % self.page
        wanted = [int(i) for i in self.ids[start:start + self.page] if i not in self._rows]
        self.fetches += 1
        found = {int(row["id"]): row for row in self.fetch(wanted)}
        for row_id in wanted:  # a deal deleted since: remembered as missing, not re-asked
            self._rows[row_id] = found.get(row_id, _MISSING)
        self._rows.move_to_end(int(self.ids[position]))
        while len(self._rows) > self.page * self.cache_pages:
            self._rows.popitem(last=False)

    # -- Qt --------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def _text(self, position: int, column: int) -> str:
        row = self.row(position)
        if not row:
            return ""
        # Each cell's text is made once per read of its row (money and dates go through
        # babel: ~0.1 ms each), then every repaint reuses it.
        texts = row.get(_TEXTS)
        if texts is None:
            texts = row[_TEXTS] = {}
        text = texts.get(column)
        if text is None:
            text = texts[column] = self.columns[column].text(row)
        return str(text)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Roles as plain ints, unused ones first out: called a dozen times per visible cell.
        if role == _DISPLAY:
            return self._text(index.row(), index.column()) if index.isValid() else None
        if role == _ALIGNMENT:
            return _RIGHT if self.columns[index.column()].right else None
        if role == _FOREGROUND:
            return self.columns[index.column()].foreground
        return None

    def multiData(self, index: Index,  # noqa: N803 - Qt's name
                  roleDataSpan: QModelRoleDataSpan | QModelRoleData) -> None:
        """What a delegate asks to paint a cell (seven roles) in one call from Qt instead
        of seven calls of `data`: a Python call costs more than the answer."""
        if not index.isValid():
            return
        column = index.column()
        spec = self.columns[column]
        span: Any = roleDataSpan  # PySide6 indexes a span; its stubs do not say so
        items = [span] if isinstance(span, QModelRoleData) else (
            span[i] for i in range(span.size()))
        for wanted in items:
            role = wanted.role()
            if role == _DISPLAY:
                wanted.setData(self._text(index.row(), column))
            elif role == _ALIGNMENT and spec.right:
                wanted.setData(_RIGHT)
            elif role == _FOREGROUND and spec.foreground is not None:
                wanted.setData(spec.foreground)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section].title
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sort_column = (column, order) if 0 <= column < len(self.columns) else None
        if self.on_sort is not None:
            self.on_sort(column, order)
