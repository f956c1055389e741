"""How far a series can reach: `touches.series_end_at`, the indexed bound that lets the
calendar expand only the recurring touches that can have an occurrence in its range.

The bound is a UTC instant no occurrence the rule gives starts after, or NULL when the
rule has no end (no COUNT, no UNTIL). It is an upper bound, not the exact last start:
two days of slack cover a last start that falls in a daylight-saving gap (the instants
of wall-clock times are not quite in order there) and an UNTIL written in UTC or as a
date. Moved and extra occurrences (touch_occurrences) can lie past it: the calendar
finds those through their own index. A write that changes the rule, the start, the
zone or the all-day flag without a new bound gets NULL from a trigger (migration 0093),
so a writer that forgets is slower, never wrong; the touch service stamps it.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

from sm_desk.core.marketing.recurrence import (
    MAX_COUNT,
    RecurrenceError,
    build,
    parse_until,
    rule_parts,
)
from sm_desk.core.marketing.timing import TimeError, all_day_instant, parse_local, to_instant
from sm_desk.core.store import Step
from sm_desk.core.store.touch_zones import set_series_ends, unbounded_series

SLACK = timedelta(days=2)


def series_end(rrule: str | None, start_local: str, tz: str, all_day: bool) -> str | None:
    """The stored bound of a touch ('YYYY-MM-DDTHH:MM:SSZ'); None for a one-off touch or a
    rule without an end."""
    if not rrule:
        return None
    try:
        first = parse_local(start_local)
    except ValueError:
        return None  # unreadable start: no bound, so the calendar always looks at it
    try:
        parts = rule_parts(rrule)
        if "UNTIL" in parts:
            last = parse_until(parts["UNTIL"])  # wall-clock (or UTC): the slack covers both
        elif "COUNT" in parts:
            last = max(first, *_walk(rrule, first, tz, all_day, int(parts["COUNT"])))
        else:
            return None
    except RecurrenceError:
        last = first  # the calendar shows just the first start of a rule it cannot read
    try:
        moment = (all_day_instant(last.date()) if all_day else to_instant(last, tz)) + SLACK
    except (TimeError, OverflowError, ValueError):
        return None
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _walk(rrule: str, first: datetime, tz: str, all_day: bool, count: int) -> list[datetime]:
    rule = build(rrule, first, tz, all_day)
    found: list[datetime] = []
    for moment in rule:  # COUNT is at most MAX_COUNT (refused above it when saved)
        found.append(moment)
        if len(found) >= min(count, MAX_COUNT):
            break
    return found[-1:]


def stamp_series_end(step: Step, touch_id: int) -> None:
    """Write the bound of touch `touch_id` as its row now stands (after any write to its
    rule or start, in the same step, so undo restores both together)."""
    row = step.store.get("touches", touch_id)
    if row is None:
        return
    bound = series_end(row["rrule"], row["start_local"], row["tz"], bool(row["all_day"]))
    if bound != row["series_end_at"]:
        step.update("touches", touch_id, {"series_end_at": bound})


def fill_series_ends(conn: sqlite3.Connection) -> int:
    """Stamp every recurring touch whose bound is missing (written by an import, or by a
    version before the bound); returns how many got one. Not an undoable step: the bound
    is derived, and NULL and a stamp show the same occurrences."""
    bounds = [(series_end(r, s, tz, bool(a)), i) for i, r, s, tz, a in unbounded_series(conn)]
    found = [(b, i) for b, i in bounds if b is not None]
    set_series_ends(conn, found)
    return len(found)
