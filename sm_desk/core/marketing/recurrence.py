"""RFC 5545 recurrence for touches, expanded in the touch's own zone, defensively.

A touch keeps its rule as RRULE text without DTSTART (`FREQ=WEEKLY;COUNT=26`) and its
first start as wall-clock time in its zone (see `timing`). Expansion runs on naive
wall-clock times, so BYDAY, BYMONTHDAY and the time of day mean what the owner sees;
the caller turns each one into an instant. Expansion only walks up to the asked range
and never yields more than MAX_OCCURRENCES: an RRULE with no end, or
COUNT=1000000000, is a calendar's "billion laughs". Rules that could never produce a
date, or more than MAX_PER_DAY a day, are refused when saved or imported.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, time, timedelta
from functools import lru_cache
from itertools import islice

from dateutil.rrule import rrule, rrulestr

from sm_desk.core.marketing.timing import TimeError, parse_local, to_local

MAX_OCCURRENCES = 5000  # per expansion, whatever the rule says
MAX_COUNT = 5000  # a COUNT above this is refused when the rule is saved or imported
MAX_PER_DAY = 24  # twice a day is a schedule; every minute is an attack
KEY_ORDER = ("FREQ", "INTERVAL", "COUNT", "UNTIL", "BYMONTH", "BYWEEKNO", "BYYEARDAY",
             "BYMONTHDAY", "BYDAY", "BYHOUR", "BYMINUTE", "BYSECOND", "BYSETPOS", "WKST")
ALLOWED_FREQS = ("HOURLY", "DAILY", "WEEKLY", "MONTHLY", "YEARLY")


class RecurrenceError(ValueError):
    """A rule that cannot be used, with a reason a person can read."""


def normalise_rule(text: str) -> str:
    """Upper-case, strip 'RRULE:' and blanks; raise RecurrenceError for what we refuse."""
    rule = text.strip()
    if rule.upper().startswith("RRULE:"):
        rule = rule[6:]
    parts = _checked_parts(re.sub(r"\s+", "", rule).upper().strip(";"))
    ordered = sorted(parts, key=lambda k: (KEY_ORDER.index(k) if k in KEY_ORDER else 99, k))
    normalised = ";".join(f"{k}={parts[k]}" for k in ordered)  # one spelling per rule
    build(normalised, datetime(2000, 1, 1), "UTC", False)  # let dateutil reject the rest
    return normalised


def _checked_parts(rule: str) -> dict[str, str]:
    """The rule's NAME=VALUE parts, or RecurrenceError for a rule we do not expand. Run
    on every build too: a file written elsewhere may hold any rule."""
    if not rule:
        raise RecurrenceError("the repeat rule is empty")
    parts: dict[str, str] = {}
    for part in rule.split(";"):
        key, sep, value = part.partition("=")
        if not sep or not value:
            raise RecurrenceError(f"'{part}' is not NAME=VALUE")
        parts[key] = value
    freq = parts.get("FREQ")
    if freq is None:
        raise RecurrenceError("the repeat rule has no FREQ")
    if freq not in ALLOWED_FREQS:
        raise RecurrenceError(f"FREQ={freq} repeats more often than hourly; touches repeat "
                              f"at most {MAX_PER_DAY} times a day")
    if "INTERVAL" in parts and (not parts["INTERVAL"].isdigit() or int(parts["INTERVAL"]) < 1):
        raise RecurrenceError(f"INTERVAL={parts['INTERVAL']} must be a whole number of 1 or more")
    if "COUNT" in parts:
        if not parts["COUNT"].isdigit() or int(parts["COUNT"]) < 1:
            raise RecurrenceError("COUNT must be a whole number of 1 or more")
        if int(parts["COUNT"]) > MAX_COUNT:
            raise RecurrenceError(f"COUNT={parts['COUNT']} is more than {MAX_COUNT} "
                                  "occurrences; end the series with UNTIL or a smaller COUNT")
    if "COUNT" in parts and "UNTIL" in parts:
        raise RecurrenceError("a rule cannot have both COUNT and UNTIL")
    if "UNTIL" in parts:
        _until(parts["UNTIL"])  # refuse a broken one now
    _check_per_day(parts)
    _check_can_match(parts)
    return parts


def rule_parts(rule_text: str) -> dict[str, str]:
    """The NAME=VALUE parts of a stored rule; RecurrenceError for one we refuse."""
    return _checked_parts(rule_text)


def parse_until(value: str) -> datetime:
    """UNTIL as a naive datetime (UTC, floating or a day's end: `_until` says which)."""
    return _until(value)[0]


def _numbers(value: str | None) -> list[int]:
    if not value:
        return []
    try:
        return [int(v) for v in value.split(",")]
    except ValueError as exc:
        raise RecurrenceError(f"'{value}' is not a list of numbers") from exc


def _check_per_day(parts: dict[str, str]) -> None:
    interval = int(parts.get("INTERVAL", "1"))
    hours = len(_numbers(parts.get("BYHOUR"))) or (
        -(-24 // interval) if parts["FREQ"] == "HOURLY" else 1)
    per_day = hours * (len(_numbers(parts.get("BYMINUTE"))) or 1) * (
        len(_numbers(parts.get("BYSECOND"))) or 1)
    if per_day > MAX_PER_DAY:
        raise RecurrenceError(f"the rule repeats {per_day} times a day; touches repeat at "
                              f"most {MAX_PER_DAY} times a day")


def _check_can_match(parts: dict[str, str]) -> None:
    """Refuse the rules that name days no month has (the 30th of February): dateutil
    would walk to the year 9999 looking for one."""
    days = _numbers(parts.get("BYMONTHDAY"))
    if not days:
        return
    months = _numbers(parts.get("BYMONTH")) or list(range(1, 13))
    if any(not 1 <= m <= 12 for m in months):
        raise RecurrenceError("BYMONTH must be 1 to 12")
    longest = {m: calendar.monthrange(2000, m)[1] for m in months}  # 2000: a leap year
    if not any(0 < abs(d) <= longest[m] for m in months for d in days):
        names = ", ".join(calendar.month_name[m] for m in months[:3])
        raise RecurrenceError(f"the rule never gives a date: day {days[0]} of {names} "
                              "does not exist")


def _until(value: str) -> tuple[datetime, str]:
    """UNTIL as a naive datetime and its kind: 'date', 'utc' or 'floating'."""
    try:
        if len(value) == 8:
            return datetime.combine(datetime.strptime(value, "%Y%m%d").date(),
                                    time(23, 59, 59)), "date"
        moment = datetime.strptime(value.rstrip("Z"), "%Y%m%dT%H%M%S")
    except ValueError as exc:
        raise RecurrenceError(f"UNTIL={value} is not a date") from exc
    return moment, "utc" if value.endswith("Z") else "floating"


@lru_cache(maxsize=2048)
def build(rule_text: str, dtstart: datetime, tz: str, all_day: bool) -> rrule:
    """The dateutil rule for `rule_text` from naive wall-clock `dtstart` in zone `tz`.

    A UTC UNTIL becomes wall-clock in `tz` (dateutil wants it like DTSTART); a date
    UNTIL means the end of that day.
    """
    _checked_parts(rule_text)
    text = rule_text
    match = re.search(r"UNTIL=([0-9TZ]+)", rule_text)
    if match:
        until, kind = _until(match.group(1))
        if kind == "utc" and not all_day:
            until = to_local(until.replace(tzinfo=UTC), tz)
        text = rule_text.replace(match.group(0), f"UNTIL={until:%Y%m%dT%H%M%S}")
    try:
        parsed = rrulestr(f"RRULE:{text}", dtstart=dtstart, cache=False)
    except (ValueError, TypeError, OverflowError) as exc:
        raise RecurrenceError(f"the repeat rule is not valid: {exc}") from exc
    if not isinstance(parsed, rrule):
        raise RecurrenceError("the repeat rule is not a single RRULE")
    return parsed


def expand(rule_text: str, dtstart: datetime, tz: str, all_day: bool,
           lo: datetime, hi: datetime, limit: int = MAX_OCCURRENCES) -> list[datetime]:
    """Naive wall-clock occurrence starts in [lo, hi) (naive too), at most `limit`.

    `between` stops at `hi`, so the walk goes no further than the asked range.
    """
    rule = build(rule_text, dtstart, tz, all_day)
    found = [m for m in rule.between(lo, hi, inc=True) if m < hi]
    return found[:limit]


def occurs_at(rule_text: str, dtstart: datetime, tz: str, all_day: bool,
              local: datetime) -> bool:
    """Is wall-clock `local` one of the rule's occurrences?"""
    return local in expand(rule_text, dtstart, tz, all_day, local, local + timedelta(seconds=1))


def walk(rule_text: str, dtstart: datetime, tz: str, all_day: bool,
         steps: int = MAX_OCCURRENCES) -> Iterator[datetime]:
    """The series' wall-clock starts from the first, at most `steps` of them; an
    unreadable rule walks just its first start."""
    try:
        series: Iterable[datetime] = build(rule_text, dtstart, tz, all_day)
    except RecurrenceError:
        series = [dtstart]
    return islice(series, steps)


def occurrence_key(local: datetime, all_day: bool) -> str:
    """How an occurrence's wall-clock start is stored as the key of its override."""
    return local.date().isoformat() if all_day else local.strftime("%Y-%m-%dT%H:%M:%S")


def key_of(original: str, tz: str, all_day: bool) -> str:
    """An occurrence key as stored: wall-clock text in the touch's zone (a date when
    all-day). Accepts the same moment written as a UTC instant ('...Z') too."""
    try:
        if original.endswith("Z") or "+" in original[10:]:
            instant = datetime.fromisoformat(original.replace("Z", "+00:00")).astimezone(UTC)
            local = instant.replace(tzinfo=None) if all_day else to_local(instant, tz)
        else:
            local = parse_local(original)
    except (ValueError, TimeError) as exc:
        raise RecurrenceError(f"'{original}' is not a date and time") from exc
    return occurrence_key(local, all_day)
