"""Touch occurrences in the report's window, read through the calendar's expansion, so
the report counts exactly what the calendar shows (each series in its own zone)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sm_desk.core.clock import from_iso, to_iso
from sm_desk.core.marketing import calendar
from sm_desk.core.store import Store


@dataclass(frozen=True)
class Occurrence:
    touch_id: int
    campaign_id: int | None
    kind: str
    title: str
    starts_at: str  # ISO UTC
    status: str
    cost_minor: int
    day: date  # the calendar day it sits on


def occurrences(store: Store, start: str, end: str) -> list[Occurrence]:
    """Occurrences starting in [start, end) (UTC ISO), in time order."""
    return [Occurrence(o.touch_id, o.campaign_id, o.kind, o.title, to_iso(o.start), o.status,
                       o.cost_minor, o.day())
            for o in calendar.occurrences(store, from_iso(start), from_iso(end))]
