"""What a month grid shows: per local day, its first few occurrences and how many it has.

A day cell has room for a handful of chips and "+k more", so the month view asks for
that, not for every touch of six weeks: per day, the first `per_day` one-off touches
in the cell's order (all-day ones first, then by start, then title) and a count, each
one range of the touches_once_by_day index; recurring touches are expanded as
`occurrences` does and merged in. The work grows with the days shown and the chips
that fit, not with the touches in the file (the xlarge demo has ~750 a day).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sm_desk.core.clock import to_iso
from sm_desk.core.marketing.calendar import (
    ALL_DAY_MARGIN,
    DEFAULT_COLOUR,
    Occurrence,
    expand_touches,
    local_day_range,
    reaching,
)
from sm_desk.core.marketing.timing import all_day_instant
from sm_desk.core.store import Store
from sm_desk.core.store import marketing as q


@dataclass(slots=True)
class DayCells:
    """Per day: the first occurrences in the cell's order, and how many there are."""
    first: dict[date, list[Occurrence]] = field(default_factory=dict)
    counts: dict[date, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def shown(self) -> list[Occurrence]:
        """Every occurrence held, in start order (what a list of them would show)."""
        found = [o for items in self.first.values() for o in items]
        found.sort(key=lambda o: (o.start, o.touch_id))
        return found


def cell_order(o: Occurrence) -> tuple[bool, datetime, str, int]:
    """A day cell's order: all-day touches first, then by start, then by title."""
    return (not o.all_day, o.start, o.title, o.touch_id)


def day_cells(store: Store, first: date, days: int, per_day: int,
              campaign_ids: Sequence[int] | None = None,
              kinds: Sequence[str] | None = None) -> DayCells:
    """The first `per_day` occurrences and the count of each of `days` local days from
    `first` (skipped ones included, as the calendar shows them)."""
    cells = DayCells()
    rows: dict[date, list[tuple[Any, ...]]] = {}
    for index in range(days):
        day = first + timedelta(days=index)
        found: list[tuple[Any, ...]] = []
        count = 0
        for all_day, (lo, hi) in ((True, _all_day_bounds(day)), (False, _timed_bounds(day))):
            count += q.day_count(store, all_day, lo, hi, campaign_ids, kinds)
            room = per_day - len(found)  # all-day ones come first and may fill the cell
            found += q.day_first_rows(store, all_day, lo, hi, room, campaign_ids, kinds)
        rows[day], cells.counts[day] = found, count
    # the colours of the campaigns shown only (the xlarge demo has 2,000)
    styles = q.campaign_styles(store, {r[1] for found in rows.values() for r in found
                                       if r[1] is not None})
    for day, found in rows.items():
        items = cells.first[day] = []
        for tid, cid, kind, title, starts, whole, minutes, status, cost in found:
            name, colour = styles.get(cid, (None, DEFAULT_COLOUR))
            items.append(Occurrence(tid, datetime.fromisoformat(starts), title, kind, status,
                                    bool(whole), minutes, cid, name, colour, cost))
    _merge_series(store, cells, first, days, per_day, campaign_ids, kinds)
    return cells


def _all_day_bounds(day: date) -> tuple[str, str]:
    """An all-day touch of `day` sits at its 00:00 UTC (timing.all_day_instant)."""
    return to_iso(all_day_instant(day)), to_iso(all_day_instant(day + timedelta(days=1)))


def _timed_bounds(day: date) -> tuple[str, str]:
    """The UTC instants of this computer's local day (23 or 25 hours on DST days)."""
    lo, hi = local_day_range(day, 1)
    return to_iso(lo), to_iso(hi)


def _merge_series(store: Store, cells: DayCells, first: date, days: int, per_day: int,
                  campaign_ids: Sequence[int] | None, kinds: Sequence[str] | None) -> None:
    """Recurring occurrences of the range into their days (counted, and kept when among
    a day's first `per_day`); the same candidates and filter as `occurrences`."""
    start, end = local_day_range(first, days)
    lo, hi = start - ALL_DAY_MARGIN, end + ALL_DAY_MARGIN
    last = first + timedelta(days=days - 1)
    touched: set[date] = set()
    for o in expand_touches(store, reaching(store, lo, hi, campaign_ids, kinds), lo, hi):
        if not (first <= o.start.date() <= last if o.all_day else start <= o.start < end):
            continue
        day = o.day()
        cells.first[day].append(o)
        cells.counts[day] += 1
        touched.add(day)
    for day in touched:
        cells.first[day].sort(key=cell_order)
        del cells.first[day][per_day:]
