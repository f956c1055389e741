"""What the calendar shows: the occurrences of touches in a range.

One-off touches come from a covering index; recurring ones are expanded within
the range only (capped) and their per-occurrence overrides applied: a moved
occurrence shows at its new start (even when its original start lies outside
the range), a skipped one is left out unless asked for.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sm_desk.core.clock import to_iso
from sm_desk.core.marketing.recurrence import MAX_OCCURRENCES, RecurrenceError, expand
from sm_desk.core.marketing.timing import (
    all_day_instant,
    instant_of,
    local_text,
    parse_local,
    to_local,
)
from sm_desk.core.store import Store
from sm_desk.core.store import marketing as q
from sm_desk.core.store.undo import Row

DEFAULT_COLOUR = "#8c8c8c"
# An all-day touch sits at 00:00 UTC of its (floating) date; a local day can start up to
# 14 h either side of that, so ranges are widened by a day and then filtered.
ALL_DAY_MARGIN = timedelta(days=1)


@dataclass(slots=True)
class Occurrence:
    touch_id: int
    start: datetime  # aware, UTC
    title: str
    kind: str
    status: str
    all_day: bool
    duration_minutes: int
    campaign_id: int | None
    campaign_name: str | None
    colour: str
    cost_minor: int = 0
    # For an occurrence of a series: the wall-clock start the rule gave it, in the
    # touch's zone ('2026-03-31T09:00:00'; a date when all-day). The key of overrides.
    original_start: str | None = None
    moved: bool = False

    @property
    def recurring(self) -> bool:
        return self.original_start is not None

    @property
    def key(self) -> tuple[int, str | None]:
        return (self.touch_id, self.original_start)

    @property
    def end(self) -> datetime:
        if self.all_day:
            return self.start + timedelta(days=max(1, -(-self.duration_minutes // 1440)))
        return self.start + timedelta(minutes=self.duration_minutes)

    def day(self) -> date:
        """The calendar day it sits on: its UTC date when all-day, else the local date."""
        return self.start.date() if self.all_day else self.start.astimezone().date()


def _occurrence(row: Row, start: datetime, status: str, original: str | None = None,
                moved: bool = False) -> Occurrence:
    return Occurrence(
        touch_id=row["id"], start=start, title=row["title"], kind=row["kind"], status=status,
        all_day=bool(row["all_day"]), duration_minutes=int(row["duration_minutes"]),
        campaign_id=row["campaign_id"], campaign_name=row.get("campaign_name"),
        colour=row.get("colour") or DEFAULT_COLOUR, cost_minor=int(row["cost_minor"] or 0),
        original_start=original, moved=moved)


def occurrences(store: Store, start: datetime, end: datetime,
                campaign_ids: Sequence[int] | None = None, kinds: Sequence[str] | None = None,
                include_skipped: bool = True, limit: int = MAX_OCCURRENCES) -> list[Occurrence]:
    """Every occurrence starting in [start, end) (aware datetimes), in start order.

    `include_skipped=False` leaves out skipped touches and skipped occurrences,
    which is what an exported calendar shows (EXDATE / STATUS:CANCELLED aside).
    """
    first = start.astimezone().date()
    last = (end - timedelta(microseconds=1)).astimezone().date()
    # One-off touches: exactly the range's, from two ranges of the index (timed ones by
    # instant; all-day ones by their floating date, which sits at its 00:00 UTC).
    whole_days = (to_iso(all_day_instant(first)),
                  to_iso(all_day_instant(last + timedelta(days=1))))
    rows = q.calendar_rows(store, (to_iso(start), to_iso(end)), whole_days, campaign_ids,
                           kinds)
    styles = q.campaign_styles(store, {r[1] for r in rows if r[1] is not None})
    parse = datetime.fromisoformat  # reads '...Z' itself, 4x faster than clock.from_iso
    result: list[Occurrence] = []
    for tid, cid, kind, title, starts, all_day, minutes, status, cost in rows:
        name, colour = styles.get(cid, (None, DEFAULT_COLOUR))
        result.append(Occurrence(tid, parse(starts), title, kind, status, bool(all_day),
                                 minutes, cid, name, colour, cost))
    # Series expand over the range widened by a day (zones, all-day dates), then filtered.
    lo, hi = start - ALL_DAY_MARGIN, end + ALL_DAY_MARGIN
    result += [o for o in expand_touches(store, reaching(store, lo, hi, campaign_ids, kinds),
                                         lo, hi, limit)
               if (first <= o.start.date() <= last if o.all_day else start <= o.start < end)]
    if not include_skipped:
        result = [o for o in result if o.status != "skipped"]
    result.sort(key=lambda o: (o.start, o.touch_id))
    return result[:limit]


def reaching(store: Store, lo: datetime, hi: datetime,
             campaign_ids: Sequence[int] | None = None,
             kinds: Sequence[str] | None = None) -> list[Row]:
    """The recurring touches that can have an occurrence starting in [lo, hi): what
    `expand_touches` needs, without expanding every series in the file.

    A moved or extra occurrence is keyed by wall-clock text in its touch's zone; one
    that shows in [lo, hi) has a wall-clock time within 14 hours of it (the widest
    offsets) and within `_local_range`'s day of slack, so two days each side find it.
    """
    window = timedelta(days=2)
    return q.recurring_reaching(store, to_iso(lo), to_iso(hi),
                                (lo - window).date().isoformat(),
                                (hi + window).date().isoformat(), campaign_ids, kinds)


def expand_touches(store: Store, rows: Sequence[Row], lo: datetime, hi: datetime,
                   limit: int = MAX_OCCURRENCES) -> list[Occurrence]:
    """The occurrences of recurring touch `rows` starting in [lo, hi), overrides applied.

    Each series is expanded in its own zone; overrides are keyed by the wall-clock
    start the rule gave. One whose key the rule does not give (an RDATE, or a
    RECURRENCE-ID that names another time) is an extra occurrence, as RFC 5545 allows.
    """
    by_touch: dict[int, dict[str, Row]] = {}
    for o in q.overrides(store, [r["id"] for r in rows]):
        by_touch.setdefault(o["touch_id"], {})[o["original_start"]] = o
    found: list[Occurrence] = []
    for row in rows:
        tz, all_day = row["tz"], bool(row["all_day"])
        changes = by_touch.get(row["id"], {})
        first = parse_local(row["start_local"])
        local_lo, local_hi = _local_range(lo, hi, tz)
        try:
            starts = expand(row["rrule"], first, tz, all_day, local_lo, local_hi, limit)
        except RecurrenceError:
            starts = [first] if local_lo <= first < local_hi else []
        given: set[str] = set()
        for local in starts:
            original = local.date().isoformat() if all_day else local_text(local)
            given.add(original)
            moment = instant_of(local, tz, all_day)
            change = changes.get(original)
            if not lo <= moment < hi or (change is not None and (
                    change["new_start"] or change["removed"])):
                continue
            status = row["status"] if change is None else change["status"]
            found.append(_occurrence(row, moment, status, original))
        for original, change in changes.items():
            if change["removed"]:
                continue  # deleted from the series (EXDATE)
            shown = change["new_start"] or original
            local = parse_local(shown)
            if not local_lo <= local < local_hi:
                continue
            if change["new_start"] is None and original in given:
                continue  # a plain override of an occurrence: handled above
            moment = instant_of(local, tz, all_day)
            if lo <= moment < hi:
                found.append(_occurrence(row, moment, change["status"], original,
                                         moved=change["new_start"] is not None))
    return found


def _local_range(lo: datetime, hi: datetime, tz: str) -> tuple[datetime, datetime]:
    """Wall-clock bounds in `tz` that hold every instant of [lo, hi) (a day of slack
    each side for daylight saving and all-day dates; results are filtered by instant)."""
    return to_local(lo, tz) - timedelta(days=1), to_local(hi, tz) + timedelta(days=1)


def local_day_range(first: date, days: int) -> tuple[datetime, datetime]:
    """Aware bounds of `days` local days from `first` (what a calendar view shows)."""
    begin = datetime(first.year, first.month, first.day).astimezone()
    last = first + timedelta(days=days)
    return begin.astimezone(UTC), datetime(last.year, last.month, last.day).astimezone().astimezone(UTC)
