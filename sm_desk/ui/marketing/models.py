"""Qt models of the marketing page: the campaign list and the agenda."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtGui import QColor

from sm_desk.core.domain import TOUCH_KIND_LABELS
from sm_desk.core.marketing.calendar import Occurrence
from sm_desk.core.store.undo import Row
from sm_desk.ui.numbers import money
from sm_desk.ui.widgets.rows_model import Column, RowsModel


def _audience(row: Row) -> str:
    return "Nurture (built-in)" if row["audience_segment"] == "nurture" else \
        row["audience_tag"] or "—"


def _money(title: str, field: str) -> Column:
    return Column(title, lambda r: money(r[field], r["currency"]), right=True)


class CampaignModel(RowsModel):
    def __init__(self) -> None:
        super().__init__([
            Column("Campaign", lambda r: r["name"] + (" (archived)" if r["archived"] else ""),
                   colour=lambda r: QColor(r["colour"])),
            Column("Status", lambda r: r["status"]),
            Column("Audience", _audience),
            Column("Touches", lambda r: r["touch_count"], right=True),
            _money("Spend", "spend_minor"),
            _money("Budget", "budget_minor"),
            Column("Leads", lambda r: r["lead_count"], right=True),
            Column("Deals", lambda r: r["deal_count"], right=True),
            _money("Won", "won_minor"),
            Column("Stale nurture", self._stale, right=True, tip=lambda _r: (
                "Nurture contacts in this audience with no touch in the last 60 days")),
        ], tips=False)
        self.stale: dict[int, int] = {}

    def _stale(self, row: Row) -> Any:
        return self.stale.get(row["id"], "") if (row["audience_segment"] or
                                                 row["audience_tag_id"]) else ""

    def load(self, rows: Sequence[Row], stale: dict[int, int]) -> None:
        self.stale = stale
        self.set_rows(list(rows))

    def campaign_id(self, row: int) -> int | None:
        return int(self.rows[row]["id"]) if 0 <= row < len(self.rows) else None


def _status(o: Occurrence) -> str:
    return o.status + (" (moved)" if o.moved else "") + (" ↻" if o.recurring else "")


AGENDA_COLUMNS = [
    Column("Date", lambda o: f"{o.day():%a %d %b %Y}"),
    Column("Time", lambda o: "all day" if o.all_day else f"{o.start.astimezone():%H:%M}"),
    Column("Touch", lambda o: o.title, colour=lambda o: QColor(o.colour)),
    Column("Kind", lambda o: TOUCH_KIND_LABELS[o.kind]),
    Column("Campaign", lambda o: o.campaign_name or "—"),
    Column("Status", _status),
]
