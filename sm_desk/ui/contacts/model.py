"""Qt models: the contacts list (500,000 contacts in the xlarge demo: it holds a count and
pages of rows, and the ids only once a far page is wanted) and the companies."""

from __future__ import annotations

from array import array
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QModelRoleData,
    QModelRoleDataSpan,
    QPersistentModelIndex,
    Qt,
)

from sm_desk.core.contacts.fields import LIFECYCLE_LABELS
from sm_desk.core.custom_fields import CustomField, display, list_fields, sort_key, values_for
from sm_desk.core.store import Changes, Store
from sm_desk.core.store import contacts as q
from sm_desk.core.store.contact_list import (
    Listing,
    ListQuery,
    field_values,
    rows_of,
)
from sm_desk.core.store.undo import Row

Index = QModelIndex | QPersistentModelIndex
HEADERS = ("Name", "Email", "Company", "Lifecycle", "Tags")
SORT_OF_COLUMN = ("name", "email", "company", "lifecycle", "tags")
ROLE_ID = Qt.ItemDataRole.UserRole
_DISPLAY, _ROLE_ID = int(Qt.ItemDataRole.DisplayRole), int(ROLE_ID)
PAGE = 200  # rows read at once
PAGES = 8  # pages kept: the model never holds more than PAGES * PAGE rows
_ASCENDING = Qt.SortOrder.AscendingOrder


@dataclass
class _Page:
    rows: list[q.ListRow]
    custom: dict[int, dict[int, str]] = field(default_factory=dict)  # id -> field -> value


class ContactsModel(QAbstractTableModel):
    """The contacts a search and lifecycle show, in the chosen order. The store counts
    them and reads their rows a page at a time (`Listing`); the model keeps the last
    PAGES pages it was asked for, and all the ids (8 bytes each) only when a row beyond
    the first page is wanted and the store cannot page them directly."""

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self._text = ""
        self._lifecycle = ""
        self._sort: tuple[int, Qt.SortOrder] = (0, _ASCENDING)
        self.custom: list[CustomField] = []  # custom fields: extra columns after HEADERS
        self._listing: Listing | None = None
        self._count = 0
        self.total = 0
        self._ids: array[int] | None = None
        self._pages: OrderedDict[int, _Page] = OrderedDict()
        self.reload()

    # -- data ------------------------------------------------------------------------------

    def reload(self) -> None:
        """Run the query again (the custom fields too): a count and the first page."""
        self.beginResetModel()
        try:
            self.custom = list_fields(self.store, "contacts")
            self._run()
        finally:
            self.endResetModel()

    def _run(self) -> None:
        if self._sort[0] >= len(HEADERS) + len(self.custom):
            self._sort = (0, _ASCENDING)  # the custom field it was sorted by is gone
        column, order = self._sort
        descending = order == Qt.SortOrder.DescendingOrder
        self._pages.clear()
        self._ids = None
        if column >= len(HEADERS):  # a custom field: sorted here, over the ids by name
            listing = Listing(self.store, ListQuery(self._text, self._lifecycle))
            self._ids = self._by_custom(listing, self.custom[column - len(HEADERS)],
                                        descending)
        else:
            listing = Listing(self.store, ListQuery(
                self._text, self._lifecycle, SORT_OF_COLUMN[column], descending))
            if not listing.pageable:
                self._keep(0, listing.head(PAGE))
        self._listing = listing
        self._count, self.total = listing.count, listing.total

    def _by_custom(self, listing: Listing, custom: CustomField, descending: bool
                   ) -> array[int]:
        values = field_values(self.store, custom.id)
        ids = listing.ids()  # by name: ties keep that order (a stable sort)
        keys = {i: sort_key(custom, values[i]) for i in ids if values.get(i)}
        filled = sorted(keys, key=lambda i: keys[i][1], reverse=descending)
        # The blanks last either way (their key is text, a number field's is a number).
        return array("q", filled + [i for i in ids if i not in keys])

    def _keep(self, number: int, rows: list[q.ListRow]) -> _Page:
        page = _Page(rows)
        if self.custom and rows:
            page.custom = values_for(self.store, "contacts", [r[0] for r in rows])
        self._pages[number] = page
        while len(self._pages) > PAGES:
            self._pages.popitem(last=False)  # the least recently used
        return page

    def _page(self, number: int) -> _Page:
        page = self._pages.get(number)
        if page is not None:
            self._pages.move_to_end(number)
            return page
        assert self._listing is not None
        start = number * PAGE
        if self._ids is None and self._listing.pageable:
            return self._keep(number, self._listing.page(start, PAGE))
        return self._keep(number, rows_of(self.store, self._all_ids()[start:start + PAGE]))

    def _all_ids(self) -> array[int]:
        if self._ids is None:
            assert self._listing is not None
            self._ids = self._listing.ids()
        return self._ids

    @property
    def cached_rows(self) -> int:
        """Rows held now (at most PAGES * PAGE)."""
        return sum(len(page.rows) for page in self._pages.values())

    def apply_changes(self, changes: Changes) -> None:
        """Repaint after a write: the query runs again (a count and the first page)."""
        if changes.touches("contacts", "companies", "contact_tags", "tags",
                           "custom_fields", "custom_values"):
            self.reload()

    def set_filter(self, text: str | None = None, lifecycle: str | None = None) -> None:
        if text is not None:
            self._text = text.strip()
        if lifecycle is not None:
            self._lifecycle = lifecycle
        self._rerun()

    def _rerun(self) -> None:
        self.beginResetModel()
        try:
            self._run()
        finally:  # a failed query must not leave the views mid-reset
            self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = _ASCENDING) -> None:
        if column < 0 or (column, order) == self._sort:
            return  # the view repeats the current order when sorting is switched on
        self._sort = (column, order)
        self._rerun()

    def contact_id(self, row: int) -> int:
        page = self._pages.get(row // PAGE)
        if page is None and self._ids is None and self._listing and self._listing.pageable:
            page = self._page(row // PAGE)
        if page is not None:
            return page.rows[row % PAGE][0]
        return self._all_ids()[row]

    def visible_ids(self) -> list[int]:
        return list(self._all_ids())

    def row_of(self, contact_id: int) -> int | None:
        for number, page in self._pages.items():
            for i, row in enumerate(page.rows):
                if row[0] == contact_id:
                    return number * PAGE + i
        if self._ids is None and self._listing is not None and self._listing.pageable:
            return self._listing.position(contact_id)
        try:
            return self._all_ids().index(contact_id)
        except ValueError:
            return None

    # -- Qt --------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(HEADERS) + len(self.custom)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Roles as plain ints: called for each role of each painted cell.
        if role == _DISPLAY:
            return self._cell(index.row(), index.column()) if index.isValid() else None
        if role == _ROLE_ID and index.isValid():
            row = self._row(index.row())
            return None if row is None else row[0]
        return None

    def multiData(self, index: Index,  # noqa: N802 - Qt's name
                  roleDataSpan: QModelRoleDataSpan | QModelRoleData) -> None:  # noqa: N803
        """The roles a delegate asks to paint a cell, in one call from Qt instead of one
        call of `data` each (a Python call costs more than the answer)."""
        if not index.isValid():
            return
        span: Any = roleDataSpan  # PySide6 indexes a span; its stubs do not say so
        for wanted in [span] if isinstance(span, QModelRoleData) else (
                span[i] for i in range(span.size())):
            if wanted.role() == _DISPLAY:
                wanted.setData(self._cell(index.row(), index.column()))

    def _row(self, position: int) -> q.ListRow | None:
        page = self._page(position // PAGE)
        return page.rows[position % PAGE] if position % PAGE < len(page.rows) else None

    def _cell(self, position: int, column: int) -> str | None:
        page = self._page(position // PAGE)
        if position % PAGE >= len(page.rows):
            return None
        row = page.rows[position % PAGE]
        if column >= len(HEADERS):
            custom = self.custom[column - len(HEADERS)]
            return display(custom, page.custom.get(row[0], {}).get(custom.id))
        if column == 3:
            return LIFECYCLE_LABELS.get(row[4], row[4])
        return (row[1], row[2], row[3], row[4], row[5])[column]

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            if section >= len(HEADERS):
                return self.custom[section - len(HEADERS)].name
            return HEADERS[section]
        return None


COMPANY_COLUMNS = (("Company", "name"), ("Website", "website"), ("Industry", "industry"),
                   ("Contacts", "contacts"), ("Deals", "deals"))


class CompaniesModel(QAbstractTableModel):
    """Every company by name: their ids (8 bytes each), and their rows with the counts
    of contacts and deals a page at a time (the last PAGES pages kept)."""

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self._ids: array[int] = array("q")
        self._pages: OrderedDict[int, dict[int, Row]] = OrderedDict()
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        try:
            self._ids = array("q", q.company_ids(self.store))
            self._pages.clear()
        finally:
            self.endResetModel()

    def _row(self, row: int) -> Row | None:
        number = row // PAGE
        page = self._pages.get(number)
        if page is None:
            ids = self._ids[number * PAGE:(number + 1) * PAGE]
            page = {r["id"]: r for r in q.company_rows(self.store, ids)}
            self._pages[number] = page
            while len(self._pages) > PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(number)
        return page.get(self._ids[row])

    def company_id(self, row: int) -> int:
        return self._ids[row]

    def row_of_company(self, company_id: int) -> int | None:
        try:
            return self._ids.index(company_id)
        except ValueError:
            return None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(COMPANY_COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != _DISPLAY or not index.isValid():
            return None
        row = self._row(index.row())
        return None if row is None else row[COMPANY_COLUMNS[index.column()][1]]

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COMPANY_COLUMNS[section][0]
        return None
