"""Where touches sit in a day of a time grid: minutes of the local day, 15-minute
snapping, and side-by-side lanes for touches whose times overlap (pure, no Qt)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from heapq import heappop, heappush

from sm_desk.core.marketing.calendar import Occurrence

SNAP_MINUTES = 15
DAY_MINUTES = 24 * 60
# A touch with no duration (or a short one) is still drawn tall enough to read and
# grab; overlap is judged on what is drawn, so chips never paint over each other.
MIN_SHOWN_MINUTES = 30


def minute_of_day(moment: datetime) -> int:
    """Minutes since local midnight at which the aware `moment` shows on this computer."""
    local = moment.astimezone()
    return local.hour * 60 + local.minute


def snap(minutes: float, step: int = SNAP_MINUTES, top: int = DAY_MINUTES) -> int:
    """`minutes` rounded to the nearest `step`, kept within 0..top."""
    return max(0, min(top, int(round(minutes / step)) * step))


def local_instant(day: date, minutes: int) -> datetime:
    """The aware instant of wall-clock `minutes` after local midnight of `day`."""
    hours, rest = divmod(max(0, min(DAY_MINUTES - 1, minutes)), 60)
    return datetime.combine(day, time(hours, rest)).astimezone()


@dataclass(frozen=True, slots=True)
class Placed:
    """A timed occurrence in its day column: minutes [top, bottom) and its lane."""
    occurrence: Occurrence
    top: int
    bottom: int  # the real end, clipped to the day (may equal top)
    lane: int
    lanes: int  # how many lanes its overlapping group needs


def span(o: Occurrence, day: date) -> tuple[int, int]:
    """Local minutes [start, end) of timed `o` within `day` (clipped at midnight)."""
    top = minute_of_day(o.start)
    end = o.end.astimezone()
    bottom = end.hour * 60 + end.minute if end.date() == day else DAY_MINUTES
    return top, max(top, bottom)


def lay_out_day(items: Sequence[Occurrence], day: date) -> list[Placed]:
    """Timed occurrences of one day in lanes: a group of touches that overlap (one
    after another, transitively) shares the column width; each takes the first free lane.

    Lanes are found through two heaps (those busy, by end; those free, by number), so a
    day of hundreds of overlapping touches costs n log(lanes), not n x lanes."""
    spans = sorted(((*span(o, day), o) for o in items),
                   key=lambda s: (s[0], -(s[1] - s[0]), s[2].title))
    placed: list[Placed] = []
    group: list[tuple[int, int, Occurrence, int]] = []
    busy: list[tuple[int, int]] = []  # (shown end, lane) of lanes in use
    free: list[int] = []  # lanes whose touch ended, lowest first
    lanes = 0
    group_end = -1

    def close() -> None:
        placed.extend(Placed(o, top, bottom, lane, lanes) for top, bottom, o, lane in group)

    for top, bottom, o in spans:
        shown_end = max(bottom, top + MIN_SHOWN_MINUTES)
        if group and top >= group_end:
            close()
            group, busy, free, lanes = [], [], [], 0
        while busy and busy[0][0] <= top:  # tops only grow: a lane freed stays free
            heappush(free, heappop(busy)[1])
        if free:
            lane = heappop(free)
        else:
            lane, lanes = lanes, lanes + 1
        heappush(busy, (shown_end, lane))
        group.append((top, bottom, o, lane))
        group_end = max(group_end, shown_end) if len(group) > 1 else shown_end
    if group:
        close()
    return placed


def all_day_rows(items: Sequence[Occurrence], first: date, days: int,
                 max_rows: int | None = None) -> list[tuple[int, int, int, Occurrence]]:
    """All-day occurrences as (row, first column, last column, occurrence): a touch of
    several days spans their columns; each takes the first row free on all of them.

    With `max_rows`, one that finds no free row among the first `max_rows` gets row
    `max_rows` (overflow) instead of its own: rows past what is drawn only hold what
    "+k more" counts, and filling them never changes the rows below, so the drawn rows
    are the same while a day of 400 all-day touches costs rows x touches no more."""
    rows: list[int] = []  # per row, a bit per column already taken
    found: list[tuple[int, int, int, Occurrence]] = []
    for o in sorted(items, key=lambda o: (o.start, -o.duration_minutes, o.title)):
        begin = (o.start.date() - first).days
        length = max(1, (o.end.date() - o.start.date()).days)
        lo, hi = max(0, begin), min(days - 1, begin + length - 1)
        if hi < lo:
            continue
        wanted = ((1 << (hi - lo + 1)) - 1) << lo
        row = next((i for i, taken in enumerate(rows) if not taken & wanted), len(rows))
        if row == max_rows:
            found.append((row, lo, hi, o))
            continue
        if row == len(rows):
            rows.append(0)
        rows[row] |= wanted
        found.append((row, lo, hi, o))
    return found
