"""The week's all-day strip: placing touches past the drawn rows is skipped, and what is
drawn (and counted as "+k more") is the same as placing every one of them."""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, date, datetime, timedelta

from sm_desk.core.marketing.calendar import Occurrence
from sm_desk.ui.marketing.time_layout import all_day_rows
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
