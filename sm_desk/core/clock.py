"""Time helpers. Instants are stored as ISO-8601 UTC text, dates as YYYY-MM-DD.

Services take an explicit `now`/`today` where a rule depends on it, so tests
can pin the date; these helpers give the real one by default.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta


def now_utc() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def today() -> date:
    """The user's local date."""
    return datetime.now().astimezone().date()


def to_iso(moment: datetime) -> str:
    """A UTC ISO string ('2026-11-23T09:00:00Z'); naive datetimes are taken as local time."""
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def from_iso(text: str) -> datetime:
    """Parse what `to_iso` wrote (or a bare date, as midnight UTC) into an aware datetime."""
    if len(text) == 10:
        return datetime.fromisoformat(text).replace(tzinfo=UTC)
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def local_midnight_utc(day: date) -> str:
    """The UTC ISO instant of 00:00 local time on `day` (week and day boundaries)."""
    return to_iso(datetime(day.year, day.month, day.day))


def iso_week_start(year: int, week: int) -> date:
    return date.fromisocalendar(year, week, 1)


def week_bounds(day: date) -> tuple[date, date]:
    """Monday and the following Monday of the ISO week holding `day`."""
    start = day - timedelta(days=day.weekday())
    return start, start + timedelta(days=7)
