"""The week's all-day strip: placing touches past the drawn rows is skipped, and what is
drawn (and counted as "+k more") is the same as placing every one of them."""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, date, datetime, timedelta

from sm_desk.core.marketing.calendar import Occurrence
from sm_desk.ui.marketing.time_layout import MIN_SHOWN_MINUTES, all_day_rows, lay_out_day, span
from sm_desk.ui.marketing.time_paint import STRIP_ROWS

MONDAY = date(2026, 11, 30)


def _all_day(i: int, day: date, days: int) -> Occurrence:
    start = datetime(day.year, day.month, day.day, tzinfo=UTC)
    return Occurrence(i, start, f"T{i:03d}", "gift", "planned", True, days * 1440, None,
                      None, "#336699")


def test_capped_rows_draw_and_count_the_same_as_placing_every_touch() -> None:
    rng = random.Random(3)
    for _ in range(30):
        items = [_all_day(i, MONDAY + timedelta(days=rng.randrange(-2, 7)),
                          rng.choice((1, 1, 1, 2, 3, 9))) for i in range(rng.randrange(60))]
        full = all_day_rows(items, MONDAY, 7)
        capped = all_day_rows(items, MONDAY, 7, STRIP_ROWS + 1)
        drawn = [(r, lo, hi, o.touch_id) for r, lo, hi, o in full if r <= STRIP_ROWS]
        assert [(r, lo, hi, o.touch_id) for r, lo, hi, o in capped if r <= STRIP_ROWS] == drawn
        rows = max((r + 1 for r, *_ in full), default=0)
        capped_rows = max((r + 1 for r, *_ in capped), default=0)
        assert (rows > STRIP_ROWS + 1) == (capped_rows > STRIP_ROWS + 1)
        assert min(rows, STRIP_ROWS + 1) == min(capped_rows, STRIP_ROWS + 1)

        def hidden(placed: list[tuple[int, int, int, Occurrence]]) -> Counter[int]:
            return Counter(c for r, lo, hi, _ in placed if r >= STRIP_ROWS
                           for c in range(lo, hi + 1))

        assert hidden(capped) == hidden(full)


def _lanes_by_scan(items: list[Occurrence], day: date) -> list[tuple[int, int, int, int]]:
    """The lanes as first written (a scan of every lane per touch): the reference."""
    spans = sorted(((*span(o, day), o) for o in items),
                   key=lambda s: (s[0], -(s[1] - s[0]), s[2].title))
    placed: list[tuple[int, int, int, int]] = []
    group: list[tuple[int, int]] = []
    lane_ends: list[int] = []
    group_end = -1
    for top, bottom, o in spans:
        shown_end = max(bottom, top + MIN_SHOWN_MINUTES)
        if group and top >= group_end:
            placed += [(t, lane, len(lane_ends), 0) for t, lane in group]
            group, lane_ends = [], []
        lane = next((i for i, end in enumerate(lane_ends) if end <= top), len(lane_ends))
        if lane == len(lane_ends):
            lane_ends.append(shown_end)
        else:
            lane_ends[lane] = shown_end
        group.append((o.touch_id, lane))
        group_end = max(group_end, shown_end) if len(group) > 1 else shown_end
    placed += [(t, lane, len(lane_ends), 0) for t, lane in group]
    return placed


def test_lanes_are_the_first_free_ones_as_a_scan_finds_them(computer_zone: str) -> None:
    rng = random.Random(5)
    day = date(2026, 12, 1)
    for _ in range(40):
        items = []
        for i in range(rng.randrange(1, 300)):
            start = datetime(2026, 12, 1, rng.randrange(6, 20), rng.choice((0, 15, 30, 45)))
            items.append(Occurrence(i, start.astimezone(UTC), f"T{rng.randrange(50)}",
                                    "ad", "planned", False, rng.choice((0, 15, 60, 90, 240)),
                                    None, None, "#336699"))
        got = [(p.occurrence.touch_id, p.lane, p.lanes, 0) for p in lay_out_day(items, day)]
        assert sorted(got) == sorted(_lanes_by_scan(items, day))
