"""ISO weeks as the report sees them: Monday 00:00 local time to the next Monday, or
from the business profile's first day of the week (`first_weekday`: 6 = Sunday). A week
keeps its ISO label ('2026-W48') and always holds that ISO week's Thursday: a Sunday week
W48 runs from the Sunday before the ISO Monday to the Saturday.

Stored instants are ISO UTC text, so each boundary is converted once to the UTC
instant of local midnight (DST-aware through the system time zone); stored dates
('YYYY-MM-DD': due dates, expected close) compare with the local dates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property

from sm_desk.core.clock import local_midnight_utc
from sm_desk.core.clock import today as local_today

WEEK_PATTERN = re.compile(r"^\s*(\d{4})-?[Ww](\d{1,2})\s*$")


class WeekError(ValueError):
    """A week string that is not an ISO week ('2026-W47')."""


def _offset(first_weekday: int) -> int:
    """Days from the ISO Monday to the week's first day (-3 .. +3: Thursday stays inside)."""
    day = first_weekday % 7
    return day if day <= 3 else day - 7


@dataclass(frozen=True)
class Week:
    year: int
    number: int
    first_weekday: int = 0  # 0 = Monday ... 6 = Sunday (the business profile's week_start)

    @classmethod
    def parse(cls, text: str) -> Week:
        """'2026-W47' (or '2026W47', '2026-w47'); WeekError with the reason otherwise."""
        match = WEEK_PATTERN.match(text)
        if match is None:
            raise WeekError(f"'{text}' is not an ISO week; write it like 2026-W47")
        year, number = int(match.group(1)), int(match.group(2))
        try:
            date.fromisocalendar(year, number, 1)
        except ValueError as exc:
            last = date(year, 12, 28).isocalendar().week
            raise WeekError(f"{year} has ISO weeks 1 to {last}, not {number}") from exc
        return cls(year, number)

    @classmethod
    def containing(cls, day: date, first_weekday: int = 0) -> Week:
        start = day - timedelta(days=(day.weekday() - first_weekday) % 7)
        iso = (start - timedelta(days=_offset(first_weekday))).isocalendar()
        return cls(iso.year, iso.week, first_weekday % 7)

    @classmethod
    def last_complete(cls, today: date | None = None, first_weekday: int = 0) -> Week:
        """The most recent week that has ended (the default for a weekly report)."""
        return cls.containing((today or local_today()) - timedelta(days=7), first_weekday)

    def starting_on(self, first_weekday: int) -> Week:
        """The same ISO week, begun on another day (the owner's first day of the week)."""
        return Week(self.year, self.number, first_weekday % 7)

    @property
    def label(self) -> str:
        return f"{self.year}-W{self.number:02d}"

    @property
    def start(self) -> date:
        """The first day: the Monday, or the profile's first weekday around it."""
        return (date.fromisocalendar(self.year, self.number, 1)
                + timedelta(days=_offset(self.first_weekday)))

    @property
    def end(self) -> date:
        """The same weekday a week later (exclusive)."""
        return self.start + timedelta(days=7)

    @cached_property
    def start_utc(self) -> str:
        return local_midnight_utc(self.start)

    @cached_property
    def end_utc(self) -> str:
        return local_midnight_utc(self.end)

    def shift(self, weeks: int) -> Week:
        return Week.containing(self.start + timedelta(weeks=weeks), self.first_weekday)

    def previous(self) -> Week:
        return self.shift(-1)

    @property
    def span_text(self) -> str:
        """'16 Nov - 22 Nov 2026' (the year once, or both when the week spans New Year)."""
        first, last = self.start, self.end - timedelta(days=1)
        if first.year == last.year:
            return f"{first:%d %b} - {last:%d %b %Y}".lstrip("0")
        return f"{first:%d %b %Y} - {last:%d %b %Y}".lstrip("0")

    def __str__(self) -> str:
        return self.label
