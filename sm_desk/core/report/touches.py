"""Touch occurrences in a time window: single touches plus recurring series expanded.

A recurring touch (RFC 5545 RRULE) is expanded with dateutil, capped at
MAX_STEPS occurrences per series so a rule with no end (or COUNT=1000000000)
cannot run away. Overrides in touch_occurrences move, skip or complete one
occurrence; an occurrence without an override takes the series' status.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sm_desk.core.clock import from_iso, to_iso
from sm_desk.core.store import Store
from sm_desk.core.store import report as queries

MAX_STEPS = 20_000


@dataclass(frozen=True)
class Occurrence:
    touch_id: int
    campaign_id: int | None
    kind: str
    title: str
    starts_at: str  # ISO UTC
    status: str
    cost_minor: int


def _occurrence(row: dict[str, Any], starts_at: str, status: str) -> Occurrence:
    return Occurrence(row["id"], row["campaign_id"], row["kind"], row["title"], starts_at,
                      status, int(row["cost_minor"] or 0))


def _expand(rule_text: str, first: datetime, end: datetime) -> list[datetime]:
    """Every occurrence of the series before `end` (capped)."""
    from dateutil.rrule import rrulestr

    try:
        rule = rrulestr(rule_text, dtstart=first)
    except (ValueError, TypeError):
        return [first]  # an unreadable rule: count the first occurrence only
    found: list[datetime] = []
    for steps, moment in enumerate(rule):
        if moment >= end or steps >= MAX_STEPS:
            break
        found.append(moment)
    return found


def occurrences(store: Store, start: str, end: str) -> list[Occurrence]:
    """Occurrences starting in [start, end) (UTC ISO), in time order."""
    found = [_occurrence(row, row["starts_at"], row["status"])
             for row in queries.single_touches(store, start, end)]
    series = queries.recurring_touches(store, end)
    overrides: dict[tuple[int, str], dict[str, Any]] = {
        (o["touch_id"], o["original_start"]): o
        for o in queries.occurrence_overrides(store, [row["id"] for row in series])}
    end_moment = from_iso(end)
    for row in series:
        moved_in = [o for (touch_id, _), o in overrides.items()
                    if touch_id == row["id"] and o["new_start"]
                    and start <= o["new_start"] < end]
        for moment in _expand(row["rrule"], from_iso(row["starts_at"]), end_moment):
            stamp = to_iso(moment)
            override = overrides.get((row["id"], stamp))
            if override is not None and override["new_start"]:
                continue  # moved: counted where it went (below)
            if stamp >= start:
                status = override["status"] if override else row["status"]
                found.append(_occurrence(row, stamp, status))
        found += [_occurrence(row, o["new_start"], o["status"]) for o in moved_in]
    found.sort(key=lambda o: (o.starts_at, o.touch_id))
    return found
