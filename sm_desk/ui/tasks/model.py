"""The task tree: one group per origin (a touch, a deal, a contact, or "made by hand"),
its tasks below. Holds light rows from one bounded section query."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QMimeData,
    QModelIndex,
    QModelRoleData,
    QModelRoleDataSpan,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from sm_desk.core.tasks.view import ORIGIN_LABELS, Person, Window, days_until, is_against

MIME_TASK_IDS = "application/x-sm-desk-task-ids"
COLUMNS = ("Task", "Function", "Assignee", "Due")
FUNCTION_COLOURS = {"sales": "#2f6f9f", "marketing": "#b3541e"}
WARN = QColor("#b42318")
MUTED = QColor("#6b7280")
Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()
ITEM_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled


@dataclass(frozen=True)
class Styles:
    """The fonts and brushes the rows use, made once (the view asks for them for every
    painted cell; a new QFont or QBrush each time showed in the profile)."""

    bold: QFont
    muted: QBrush
    warn: QBrush
    functions: dict[str, QBrush]


_STYLES: list[Styles] = []


def _styles() -> Styles:
    if not _STYLES:  # made on first use: a QFont needs the application to exist
        bold = QFont()
        bold.setBold(True)
        _STYLES.append(Styles(bold, QBrush(MUTED), QBrush(WARN),
                              {k: QBrush(QColor(v)) for k, v in FUNCTION_COLOURS.items()}))
    return _STYLES[0]


@dataclass
class Group:
    key: tuple[str | None, int | None]
    label: str
    rows: list[dict[str, Any]] = field(default_factory=list)


def group_rows(rows: list[dict[str, Any]]) -> list[Group]:
    """Group by origin, groups in the order of their most urgent task (rows come sorted)."""
    groups: dict[tuple[str | None, int | None], Group] = {}
    for row in rows:
        key = (row["origin_type"], row["origin_id"])
        if key not in groups:
            kind = ORIGIN_LABELS.get(row["origin_type"], "Other")
            if row["origin_type"] is None:
                label = kind
            else:
                name = row["origin_title"] or f"#{row['origin_id']} (deleted)"
                label = f"{name}  ·  {kind.lower()}"
            groups[key] = Group(key, label)
        groups[key].rows.append(row)
    return list(groups.values())


class TaskTreeModel(QAbstractItemModel):
    def __init__(self) -> None:
        super().__init__()
        self.groups: list[Group] = []
        self.people: dict[int, Person] = {}
        self.window = Window.of()

    def reset(self, rows: list[dict[str, Any]], people: list[Person], window: Window) -> None:
        self.beginResetModel()
        self.groups = group_rows(rows)
        self.people = {p.id: p for p in people}
        self.window = window
        self.endResetModel()

    # -- structure: group rows have internalId 0, task rows the group's number + 1 ---------

    # The view asks for every index when it expands the tree (500 rows: ~5,000 calls), so
    # these check bounds here rather than through hasIndex (a round trip into Qt and back
    # to rowCount and columnCount).
    def index(self, row: int, column: int, parent: Index = ROOT) -> QModelIndex:
        if row < 0 or not 0 <= column < len(COLUMNS):
            return QModelIndex()
        if not parent.isValid():
            if row >= len(self.groups):
                return QModelIndex()
            return self.createIndex(row, column, 0)
        if parent.internalId() != 0 or parent.column() != 0:
            return QModelIndex()
        group = parent.row()
        if row >= len(self.groups[group].rows):
            return QModelIndex()
        return self.createIndex(row, column, group + 1)

    def parent(self, child: Index = ROOT) -> QModelIndex:  # type: ignore[override]
        if not child.isValid() or child.internalId() == 0:
            return QModelIndex()
        return self.createIndex(child.internalId() - 1, 0, 0)

    def rowCount(self, parent: Index = ROOT) -> int:  # noqa: N802
        if not parent.isValid():
            return len(self.groups)
        if parent.internalId() == 0 and parent.column() == 0:
            return len(self.groups[parent.row()].rows)
        return 0

    def columnCount(self, parent: Index = ROOT) -> int:  # noqa: N802
        return len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def task(self, index: Index) -> dict[str, Any] | None:
        if not index.isValid() or index.internalId() == 0:
            return None
        return self.groups[index.internalId() - 1].rows[index.row()]

    def task_ids(self, indexes: list[QModelIndex]) -> list[int]:
        """The tasks under these indexes (a group stands for all its tasks), in order."""
        ids: dict[int, None] = {}
        for index in indexes:
            row = self.task(index)
            if row is not None:
                ids[int(row["id"])] = None
            elif index.isValid():
                for child in self.groups[index.row()].rows:
                    ids[int(child["id"])] = None
        return list(ids)

    def index_of(self, task_id: int) -> QModelIndex:
        for g, group in enumerate(self.groups):
            for r, row in enumerate(group.rows):
                if row["id"] == task_id:
                    return self.createIndex(r, 0, g + 1)
        return QModelIndex()

    def task_count(self) -> int:
        return sum(len(g.rows) for g in self.groups)

    # -- data ------------------------------------------------------------------------------

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.task(index)
        if row is None:
            return self._group_data(self.groups[index.row()], index.column(), role)
        return self._task_data(row, index.column(), role)

    def multiData(self, index: Index,  # noqa: N802 - Qt's name
                  roleDataSpan: QModelRoleDataSpan | QModelRoleData) -> None:  # noqa: N803
        """What a delegate asks to paint a cell (about seven roles) in one call from Qt
        instead of one call of `data` each: a call from Qt into Python costs more than
        the answer."""
        if not index.isValid():
            return
        span: Any = roleDataSpan  # PySide6 indexes a span; its stubs do not say so
        wanted = [span] if isinstance(span, QModelRoleData) else (
            span[i] for i in range(span.size()))
        row, column = self.task(index), index.column()
        for item in wanted:
            value = (self._group_data(self.groups[index.row()], column, item.role())
                     if row is None else self._task_data(row, column, item.role()))
            if value is not None:
                item.setData(value)

    def _group_data(self, group: Group, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and column == 0:
            return f"{group.label}  ({len(group.rows)})"
        if role == Qt.ItemDataRole.FontRole:
            return _styles().bold
        if role == Qt.ItemDataRole.ForegroundRole:
            return _styles().muted
        return None

    def _task_data(self, row: dict[str, Any], column: int, role: int) -> Any:
        person = self.people.get(row["assignee_id"]) if row["assignee_id"] else None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == 0:
                return row["title"]
            if column == 1:
                return (row["function"] or "unclassified").capitalize()
            if column == 2:
                return row["assignee"] or "nobody"
            if column == 3:
                return self._due_text(row["due"])
        if role == Qt.ItemDataRole.ForegroundRole:
            styles = _styles()
            if column == 1:
                return styles.functions.get(row["function"] or "", styles.warn)
            if column == 2 and (person is None or is_against(person, row["function"])):
                return styles.warn
            if column == 3 and (days_until(row["due"], self.window) or 0) < 0:
                return styles.warn
        if role == Qt.ItemDataRole.UserRole:
            return row["id"]
        return None

    def _due_text(self, due: str | None) -> str:
        days = days_until(due, self.window)
        if due is None or days is None:
            return "no date"
        if days == 0:
            return "today"
        if days == 1:
            return "tomorrow"
        if days < 0:
            return f"{due}  ({-days} d late)"
        return due

    # -- drag ------------------------------------------------------------------------------

    def flags(self, index: Index) -> Qt.ItemFlag:
        return ITEM_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [MIME_TASK_IDS]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:  # type: ignore[override]  # noqa: N802
        mime = QMimeData()
        ids = self.task_ids([i for i in indexes if i.column() == 0])
        mime.setData(MIME_TASK_IDS, ",".join(map(str, ids)).encode())
        return mime

    def supportedDragActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction


def ids_from_mime(mime: QMimeData) -> list[int]:
    if not mime.hasFormat(MIME_TASK_IDS):
        return []
    text = bytes(mime.data(MIME_TASK_IDS).data()).decode()
    return [int(part) for part in text.split(",") if part.strip().isdigit()]
