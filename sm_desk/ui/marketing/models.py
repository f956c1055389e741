"""Qt models of the marketing page: the campaign list and the agenda."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from sm_desk.core.domain import TOUCH_KIND_LABELS
from sm_desk.core.marketing.calendar import Occurrence
from sm_desk.core.money import format_money
from sm_desk.core.store.undo import Row

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


class CampaignModel(QAbstractTableModel):
    HEADERS = ("Campaign", "Status", "Audience", "Touches", "Spend", "Budget", "Leads", "Deals",
               "Won", "Stale nurture")

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[Row] = []
        self.stale: dict[int, int] = {}

    def load(self, rows: Sequence[Row], stale: dict[int, int]) -> None:
        self.beginResetModel()
        self.rows, self.stale = list(rows), stale
        self.endResetModel()

    def rowCount(self, parent: Index = _ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = _ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DecorationRole and col == 0:
            return QColor(row["colour"])
        if role == Qt.ItemDataRole.ToolTipRole and col == 9:
            return "Nurture contacts in this audience with no touch in the last 60 days"
        if role == Qt.ItemDataRole.TextAlignmentRole and col >= 3:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        currency = row["currency"]
        audience = ("Nurture (built-in)" if row["audience_segment"] == "nurture"
                    else row["audience_tag"] or "—")
        values = (row["name"] + (" (archived)" if row["archived"] else ""), row["status"],
                  audience, row["touch_count"], format_money(row["spend_minor"], currency),
                  format_money(row["budget_minor"], currency), row["lead_count"],
                  row["deal_count"], format_money(row["won_minor"], currency),
                  self.stale.get(row["id"], "") if (row["audience_segment"] or
                                                    row["audience_tag_id"]) else "")
        return values[col]

    def campaign_id(self, row: int) -> int | None:
        return int(self.rows[row]["id"]) if 0 <= row < len(self.rows) else None


class AgendaModel(QAbstractTableModel):
    HEADERS = ("Date", "Time", "Touch", "Kind", "Campaign", "Status")

    def __init__(self) -> None:
        super().__init__()
        self.items: list[Occurrence] = []

    def load(self, items: Sequence[Occurrence]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.endResetModel()

    def rowCount(self, parent: Index = _ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: Index = _ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        o = self.items[index.row()]
        if role == Qt.ItemDataRole.DecorationRole and index.column() == 2:
            return QColor(o.colour)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        status = o.status + (" (moved)" if o.moved else "") + (" ↻" if o.recurring else "")
        values = (f"{o.day():%a %d %b %Y}", "all day" if o.all_day else
                  f"{o.start.astimezone():%H:%M}", o.title, TOUCH_KIND_LABELS[o.kind],
                  o.campaign_name or "—", status)
        return values[index.column()]
