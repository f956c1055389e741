"""Calendar time is wall-clock plus a zone (RFC 5545), not UTC.

A touch keeps `start_local` (wall-clock 'YYYY-MM-DDTHH:MM:SS' in its zone `tz`, or just
'YYYY-MM-DD' when all-day: a floating date, the same day everywhere) and, derived from
them for range queries, `starts_at`: the UTC instant of its first start (all-day: the
date at 00:00 UTC). Rules are expanded in the touch's zone, so 09:00 stays 09:00 across
daylight saving and BYDAY=TU stays Tuesday west of UTC.

Local times that do not exist (spring forward) or happen twice (fall back) follow
RFC 5545: the offset before the gap, the first of the two; zoneinfo's fold=0 does both.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

LOCAL_FORMAT = "%Y-%m-%dT%H:%M:%S"
EARLIEST_YEAR, LATEST_YEAR = 1900, 2200  # a calendar item outside these is a typo or an attack


class TimeError(ValueError):
    """A start that cannot be used, with a reason a person can read."""


@lru_cache(maxsize=256)
def zone(name: str) -> ZoneInfo:
    """The IANA zone called `name`; TimeError when this computer does not know it."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise TimeError(f"'{name}' is not a known time zone") from exc


def local_text(moment: datetime | date) -> str:
    """The stored spelling of a wall-clock time ('2026-03-31T09:00:00') or a date."""
    if isinstance(moment, datetime):
        return moment.replace(tzinfo=None, microsecond=0).strftime(LOCAL_FORMAT)
    return moment.isoformat()


def parse_local(text: str) -> datetime:
    """A stored wall-clock time (or date, as its midnight) as a naive datetime."""
    moment = datetime.fromisoformat(text)
    return moment.replace(tzinfo=None)


def to_instant(local: datetime, tz: str) -> datetime:
    """The UTC instant of naive wall-clock `local` in zone `tz` (fold=0: RFC 5545's rule)."""
    return local.replace(tzinfo=zone(tz), fold=0).astimezone(UTC)


def to_local(instant: datetime, tz: str) -> datetime:
    """The naive wall-clock time an aware `instant` shows in zone `tz`."""
    if instant.tzinfo is None:
        instant = instant.astimezone()
    return instant.astimezone(zone(tz)).replace(tzinfo=None)


def all_day_instant(day: date) -> datetime:
    """Where an all-day (floating) date sits among instants: its 00:00 UTC."""
    return datetime.combine(day, time(0), tzinfo=UTC)


def instant_of(local: datetime, tz: str, all_day: bool) -> datetime:
    return all_day_instant(local.date()) if all_day else to_instant(local, tz)


def check_year(moment: datetime | date) -> None:
    if not EARLIEST_YEAR <= moment.year <= LATEST_YEAR:
        raise TimeError(f"the year {moment.year} is outside {EARLIEST_YEAR}-{LATEST_YEAR}")


def start_columns(start: datetime | date | str, tz: str, all_day: bool) -> dict[str, Any]:
    """`start_local`, `tz` and the derived `starts_at` of a touch starting at `start`.

    `start` is wall-clock in `tz` when naive (or a date, or stored text); an aware
    datetime is an instant, kept as such and shown in `tz`.
    """
    zone(tz)
    if isinstance(start, str):
        try:
            start = datetime.fromisoformat(start.replace("Z", "+00:00")) if "T" in start \
                else date.fromisoformat(start)
        except ValueError as exc:
            raise TimeError(f"'{start}' is not a date and time") from exc
    if isinstance(start, datetime) and start.tzinfo is not None:
        start = start.date() if all_day else to_local(start, tz)
    check_year(start)
    if all_day:
        day = start.date() if isinstance(start, datetime) else start
        return {"start_local": day.isoformat(), "tz": tz,
                "starts_at": _iso(all_day_instant(day))}
    local = start if isinstance(start, datetime) else datetime.combine(start, time(9))
    return {"start_local": local_text(local), "tz": tz,
            "starts_at": _iso(to_instant(local, tz))}


def shift_days(local: datetime, days: int) -> datetime:
    """The same wall-clock time `days` later (not 24 h multiples: DST days are 23 or 25 h)."""
    return local + timedelta(days=days)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
