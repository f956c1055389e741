"""The timeline as a Qt model that reads one page at a time: the first page on reset,
the next when the view scrolls near the end (canFetchMore/fetchMore)."""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import UTC, date, datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from sm_desk.core.clock import from_iso, now_utc, to_iso
from sm_desk.core.datefmt import short_date, time_text
from sm_desk.core.money import format_money
from sm_desk.core.store import Store
from sm_desk.core.store import timeline as q

KIND_LABELS = {"call": "Call", "email": "Email", "meeting": "Meeting", "note": "Note",
               "touch": "Touch", "stage": "Stage", "insight": "Insight", "handoff": "Hand-off",
               "task": "Task done", "invoice": "Invoice", "payment": "Payment",
               "import": "Import"}
COLUMNS = ("When", "What", "Details")
Index = QModelIndex | QPersistentModelIndex


def when_text(at: str, today: date | None = None) -> str:
    """Local date and time ('Nov 23, 9:00 AM'; the year when not this year); a bare date
    (an invoice, a payment, an all-day touch) as the date alone."""
    if len(at) <= 10:
        return short_date(date.fromisoformat(at), today=today)
    moment = from_iso(at).astimezone()
    return f"{short_date(moment.date(), today=today)}, {time_text(moment.time())}"


class TimelineModel(QAbstractTableModel):
    def __init__(self, store: Store, now: Callable[[], datetime] = now_utc,
                 page: int = q.PAGE) -> None:
        super().__init__()
        self.store, self.now, self.page = store, now, page
        self.subject: tuple[str, int] | None = None
        self.kinds: Collection[str] | None = None
        self.rows: list[dict[str, Any]] = []
        self._more = False

    def set_subject(self, subject: str | None, subject_id: int | None = None) -> None:
        """Show another record's timeline (None: none), with the same filter."""
        self.subject = None if subject is None or subject_id is None else (subject, subject_id)
        self.reload()

    def set_kinds(self, kinds: Collection[str] | None) -> None:
        self.kinds = kinds
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self.rows, self._more = [], self.subject is not None
        self.endResetModel()
        if self._more:
            self.fetchMore(QModelIndex())

    def _page(self) -> list[dict[str, Any]]:
        assert self.subject is not None
        last = self.rows[-1] if self.rows else None
        return q.entries(self.store, *self.subject, now=to_iso(self.now().astimezone(UTC)),
                         kinds=self.kinds, limit=self.page,
                         after=(last["at"], last["key"]) if last else None)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: N802, B008
        return not parent.isValid() and self._more

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: N802, B008
        if parent.isValid() or not self._more:
            return
        rows = self._page()
        self._more = len(rows) == self.page
        if rows:
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(rows) - 1)
            self.rows += rows
            self.endInsertRows()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.text(row, index.column())
        return None

    def text(self, row: dict[str, Any], column: int) -> str:
        if column == 0:
            return when_text(row["at"], self.now().astimezone().date())
        if column == 1:
            return KIND_LABELS.get(str(row["kind"]), str(row["kind"]))
        title = " ".join(str(row["title"] or "").split())
        about = self.about(row)
        return f"{title} — {about}" if title and about else title or about

    def about(self, row: dict[str, Any]) -> str:
        detail = str(row["detail"] or "")
        if row["kind"] in ("invoice", "payment"):
            money = str(format_money(row["value_minor"], row["currency"]))
            return money + (f", due {detail}" if detail and row["kind"] == "invoice" else "")
        if row["kind"] == "import":
            return f"a {detail} import" if detail else ""
        return detail

    def kinds_shown(self) -> list[str]:
        return [row["kind"] for row in self.rows]
