"""RFC 5545 recurrence for touches, expanded defensively.

A touch keeps its rule as RRULE text without DTSTART (`FREQ=WEEKLY;COUNT=26`)
and its first start in `starts_at`. Expansion always happens in UTC, only
within the asked range, and never yields more than MAX_OCCURRENCES: an RRULE
with no end, or COUNT=1000000000, is a calendar's "billion laughs".
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

from dateutil.rrule import rrule, rrulestr

MAX_OCCURRENCES = 5000  # per expansion, whatever the rule says
MAX_COUNT = 5000  # a COUNT above this is refused when the rule is saved or imported
KEY_ORDER = ("FREQ", "INTERVAL", "COUNT", "UNTIL", "BYMONTH", "BYWEEKNO", "BYYEARDAY",
             "BYMONTHDAY", "BYDAY", "BYHOUR", "BYMINUTE", "BYSECOND", "BYSETPOS", "WKST")
ALLOWED_FREQS = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")  # a touch more often than daily is noise


class RecurrenceError(ValueError):
    """A rule that cannot be used, with a reason a person can read."""


def normalise_rule(text: str) -> str:
    """Upper-case, strip 'RRULE:' and blanks; raise RecurrenceError for what we refuse."""
    rule = text.strip()
    if rule.upper().startswith("RRULE:"):
        rule = rule[6:]
    rule = re.sub(r"\s+", "", rule).upper().strip(";")
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
        raise RecurrenceError(f"FREQ={freq} repeats more often than daily; touches repeat "
                              "daily at most")
    if "COUNT" in parts:
        if not parts["COUNT"].isdigit() or int(parts["COUNT"]) < 1:
            raise RecurrenceError("COUNT must be a whole number of 1 or more")
        if int(parts["COUNT"]) > MAX_COUNT:
            raise RecurrenceError(f"COUNT={parts['COUNT']} is more than {MAX_COUNT} "
                                  "occurrences; end the series with UNTIL or a smaller COUNT")
    if "COUNT" in parts and "UNTIL" in parts:
        raise RecurrenceError("a rule cannot have both COUNT and UNTIL")
    if "UNTIL" in parts:
        parts["UNTIL"] = _until_utc(parts["UNTIL"])
    ordered = sorted(parts, key=lambda k: (KEY_ORDER.index(k) if k in KEY_ORDER else 99, k))
    normalised = ";".join(f"{k}={parts[k]}" for k in ordered)  # one spelling per rule
    build(normalised, datetime(2000, 1, 1, tzinfo=UTC))  # let dateutil reject the rest
    return normalised


def _until_utc(value: str) -> str:
    """UNTIL as UTC text (dateutil needs UTC when DTSTART is aware). A date means its end."""
    try:
        if len(value) == 8:
            day = datetime.strptime(value, "%Y%m%d").date()
            return datetime.combine(day, time(23, 59, 59)).strftime("%Y%m%dT%H%M%SZ")
        moment = datetime.strptime(value.rstrip("Z"), "%Y%m%dT%H%M%S")
    except ValueError as exc:
        raise RecurrenceError(f"UNTIL={value} is not a date") from exc
    return moment.strftime("%Y%m%dT%H%M%SZ")


def build(rule_text: str, dtstart: datetime) -> rrule:
    """The dateutil rule for `rule_text` starting at the aware `dtstart`."""
    try:
        parsed = rrulestr(f"RRULE:{rule_text}", dtstart=dtstart.astimezone(UTC))
    except (ValueError, TypeError) as exc:
        raise RecurrenceError(f"the repeat rule is not valid: {exc}") from exc
    if not isinstance(parsed, rrule):
        raise RecurrenceError("the repeat rule is not a single RRULE")
    return parsed


def expand(rule_text: str, dtstart: datetime, start: datetime, end: datetime,
           limit: int = MAX_OCCURRENCES) -> list[datetime]:
    """Occurrence starts in [start, end), in UTC, at most `limit` of them.

    The walk from DTSTART is capped too: a daily rule started decades before the
    range stops after `limit` steps instead of grinding through them.
    """
    rule = build(rule_text, dtstart)
    # between() stops at `end`, so even a rule that never matches walks no further.
    found = [m for m in rule.between(start, end, inc=True) if m < end]
    return found[:limit]


def occurs_at(rule_text: str, dtstart: datetime, moment: datetime) -> bool:
    """Is `moment` one of the rule's occurrences? (Checked within the cap.)"""
    return moment in expand(rule_text, dtstart, moment, moment + timedelta(seconds=1))


def last_occurrence(rule_text: str, dtstart: datetime) -> datetime | None:
    """The final start of a rule that ends (COUNT/UNTIL); None when it never ends."""
    if "COUNT=" not in rule_text and "UNTIL=" not in rule_text:
        return None
    rule = build(rule_text, dtstart)
    last = None
    for steps, moment in enumerate(rule):
        if steps >= MAX_OCCURRENCES:
            break
        last = moment
    return last


def simple_rule(frequency: str, day: date, count: int = 0) -> str:
    """The rule the touch dialog builds: 'weekly', 'biweekly', 'monthly', 'daily'."""
    base = {
        "daily": "FREQ=DAILY",
        "weekly": "FREQ=WEEKLY",
        "biweekly": "FREQ=WEEKLY;INTERVAL=2",
        "monthly": f"FREQ=MONTHLY;BYMONTHDAY={day.day}",
    }[frequency]
    return f"{base};COUNT={count}" if count > 0 else base
