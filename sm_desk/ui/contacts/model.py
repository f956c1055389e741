"""Qt models over light rows from the store: contacts (50k rows, filtered in memory on
each keystroke) and companies."""

from __future__ import annotations

from operator import itemgetter
from typing import Any, cast

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from sm_desk.core.contacts.fields import LIFECYCLE_LABELS
from sm_desk.core.custom_fields import CustomField, display, list_fields, sort_key, values_for
from sm_desk.core.store import Changes, Store
from sm_desk.core.store import contacts as q
from sm_desk.ui.widgets.rows_model import Column, RowsModel

Index = QModelIndex | QPersistentModelIndex
HEADERS = ("Name", "Email", "Company", "Lifecycle", "Tags")
ROLE_ID = Qt.ItemDataRole.UserRole


class ContactsModel(QAbstractTableModel):
    """Holds every contact's list row; `set_filter` narrows what the view shows."""

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self._rows: list[q.ListRow] = []
        self._hay: list[str] = []
        self._visible: list[int] = []  # positions in _rows
        self._text = ""
        self._lifecycle = ""
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self.custom: list[CustomField] = []  # custom fields: extra columns after HEADERS
        self._custom: dict[int, dict[int, str]] = {}
        self.reload()

    # -- data ------------------------------------------------------------------------------

    def reload(self) -> None:
        self.beginResetModel()
        self._rows = q.list_rows(self.store)
        self._load_custom()
        self._hay = [_hay(r) + self._custom_hay(r[0]) for r in self._rows]
        self._apply_filter()
        self.endResetModel()

    def _load_custom(self) -> None:
        self.custom = list_fields(self.store, "contacts")
        self._custom = values_for(self.store, "contacts") if self.custom else {}

    def _custom_hay(self, contact_id: int) -> str:
        mine = self._custom.get(contact_id)
        if not mine:
            return ""
        return "\x1f" + "\x1f".join(display(f, mine.get(f.id)) for f in self.custom).casefold()

    def apply_changes(self, changes: Changes) -> None:
        """Repaint after a write: patch the rows it names, or reload after bulk work."""
        if not changes.touches("contacts", "companies", "contact_tags", "tags",
                               "custom_fields", "custom_values"):
            return
        if changes.touches("custom_fields", "custom_values"):
            self.reload()
            return
        ids = changes.rows.get("contacts")
        if ids is None or any(changes.rows.get(t) is None for t in changes.rows
                              if t in ("companies", "contact_tags", "tags")) or len(ids) > 200:
            self.reload()
            return
        wanted = set(ids)
        for link in changes.rows.get("contact_tags") or ():
            row = self.store.get("contact_tags", link)
            if row is not None:
                wanted.add(row["contact_id"])
        fresh = {r[0]: r for r in q.list_rows(self.store, sorted(wanted))}
        self.beginResetModel()
        kept = [fresh.pop(r[0], r) for r in self._rows if r[0] not in wanted or r[0] in fresh]
        kept += fresh.values()
        kept.sort(key=lambda r: (r[1].casefold(), r[0]))
        self._rows = kept
        self._hay = [_hay(r) + self._custom_hay(r[0]) for r in kept]
        self._apply_filter()
        self.endResetModel()

    def set_filter(self, text: str | None = None, lifecycle: str | None = None) -> None:
        if text is not None:
            self._text = text.strip().casefold()
        if lifecycle is not None:
            self._lifecycle = lifecycle
        self.beginResetModel()
        self._apply_filter()
        self.endResetModel()

    def _apply_filter(self) -> None:
        words = self._text.split()
        stage = self._lifecycle
        rows, hay = self._rows, self._hay
        self._visible = [i for i in range(len(rows))
                         if (not stage or rows[i][4] == stage)
                         and all(w in hay[i] for w in words)]
        if self._sort is not None and self._sort[0] >= 0:
            key = self._sort_key(self._sort[0])
            self._visible.sort(key=lambda i: key(i)[1],
                               reverse=self._sort[1] == Qt.SortOrder.DescendingOrder)
            self._visible.sort(key=lambda i: key(i)[0])  # blanks last either way

    def _sort_key(self, column: int) -> Any:
        rows = self._rows
        if column >= len(HEADERS):
            field = self.custom[column - len(HEADERS)]
            custom = self._custom
            return lambda i: sort_key(field, custom.get(rows[i][0], {}).get(field.id))
        position = (1, 2, 3, 4, 5)[column]
        # Columns 1-5 of a ListRow are all text.
        return lambda i: (rows[i][position] == "", cast(str, rows[i][position]).casefold())

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort = (column, order)
        self.beginResetModel()
        self._apply_filter()
        self.endResetModel()

    def contact_id(self, row: int) -> int:
        return self._rows[self._visible[row]][0]

    def visible_ids(self) -> list[int]:
        return [self._rows[i][0] for i in self._visible]

    def row_of(self, contact_id: int) -> int | None:
        for row, i in enumerate(self._visible):
            if self._rows[i][0] == contact_id:
                return row
        return None

    @property
    def total(self) -> int:
        return len(self._rows)

    # -- Qt --------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(HEADERS) + len(self.custom)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[self._visible[index.row()]]
        if role == Qt.ItemDataRole.DisplayRole:
            column = index.column()
            if column >= len(HEADERS):
                field = self.custom[column - len(HEADERS)]
                return display(field, self._custom.get(row[0], {}).get(field.id))
            if column == 3:
                return LIFECYCLE_LABELS.get(row[4], row[4])
            return (row[1], row[2], row[3], row[4], row[5])[column]
        if role == ROLE_ID:
            return row[0]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            if section >= len(HEADERS):
                return self.custom[section - len(HEADERS)].name
            return HEADERS[section]
        return None


def _hay(row: q.ListRow) -> str:
    return f"{row[1]}\x1f{row[2]}\x1f{row[3]}\x1f{row[5]}".casefold()


class CompaniesModel(RowsModel):
    def __init__(self, store: Store) -> None:
        super().__init__([Column(title, itemgetter(key)) for title, key in (
            ("Company", "name"), ("Website", "website"), ("Industry", "industry"),
            ("Contacts", "contacts"), ("Deals", "deals"))], tips=False)
        self.store = store
        self.reload()

    def reload(self) -> None:
        self.set_rows(q.companies(self.store))

    def company_id(self, row: int) -> int:
        return int(self.rows[row]["id"])

    def row_of_company(self, company_id: int) -> int | None:
        return next((i for i, r in enumerate(self.rows) if r["id"] == company_id), None)
