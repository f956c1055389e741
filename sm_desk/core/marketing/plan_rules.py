"""Moving a recurring touch by whole days: its rule and its overrides' keys.

A series moves by moving its first start (wall-clock, in its zone); what the rule
says about days must follow it, or the series would stay where it was:
UNTIL moves by the same days (a UTC UNTIL as wall-clock in the touch's zone, so the
last 09:00 stays included across daylight saving), plain BYDAY weekdays turn with the
start, and a BYMONTHDAY (or a yearly BYMONTH) that named the start's day (month)
names the new one. Overrides are keyed by the wall-clock start the rule gave: each
key moves by the same days when the new rule gives that, else to the occurrence with
the same position in the new series, so moved, done and skipped occurrences stay
attached. No Qt, no SQL.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from sm_desk.core.marketing.recurrence import (
    RecurrenceError,
    normalise_rule,
    occurrence_key,
    walk,
)
from sm_desk.core.marketing.timing import parse_local, to_instant, to_local

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def shift_key(text: str, days: int) -> str:
    """A stored wall-clock start ('2026-03-31T09:00:00', or a date) `days` later."""
    if "T" not in text:
        return (date.fromisoformat(text[:10]) + timedelta(days=days)).isoformat()
    return occurrence_key(parse_local(text) + timedelta(days=days), False)


def _until(value: str, days: int, tz: str) -> str:
    if len(value) == 8:
        moved = datetime.strptime(value, "%Y%m%d") + timedelta(days=days)
        return f"{moved:%Y%m%d}"
    moment = datetime.strptime(value.rstrip("Z"), "%Y%m%dT%H%M%S")
    if not value.endswith("Z"):
        return f"{moment + timedelta(days=days):%Y%m%dT%H%M%S}"
    local = to_local(moment.replace(tzinfo=UTC), tz) + timedelta(days=days)
    return f"{to_instant(local, tz):%Y%m%dT%H%M%S}Z"


def _byday(value: str, days: int) -> str:
    codes = value.split(",")
    if days % 7 == 0 or not all(code in WEEKDAYS for code in codes):
        return value  # whole weeks, or '2TU' (an ordinal): left as the rule says
    return ",".join(WEEKDAYS[(WEEKDAYS.index(code) + days) % 7] for code in codes)


def shift_rule(rule: str, days: int, old_start: datetime, new_start: datetime,
               tz: str) -> str:
    """The rule of a series whose first start moved from `old_start` to `new_start`."""
    parts = dict(part.partition("=")[::2] for part in rule.split(";"))
    if "UNTIL" in parts:
        parts["UNTIL"] = _until(parts["UNTIL"], days, tz)
    if "BYDAY" in parts:
        parts["BYDAY"] = _byday(parts["BYDAY"], days)
    if parts.get("BYMONTHDAY") == str(old_start.day):
        parts["BYMONTHDAY"] = str(new_start.day)
    if parts.get("FREQ") == "YEARLY" and parts.get("BYMONTH") == str(old_start.month):
        parts["BYMONTH"] = str(new_start.month)
    return normalise_rule(";".join(f"{k}={v}" for k, v in parts.items()))


class Rekey:
    """Where each override key of a series goes when the series moves by `days`."""

    def __init__(self, days: int, old: tuple[str, datetime], new: tuple[str, datetime],
                 tz: str, all_day: bool) -> None:
        self.days, self.tz, self.all_day = days, tz, all_day
        self._old = self._lazy(*old)
        self._new = self._lazy(*new)

    def _lazy(self, rule: str, start: datetime) -> Callable[[], dict[str, int]]:
        cache: list[dict[str, int]] = []

        def keys() -> dict[str, int]:  # key -> its position in the series
            if not cache:
                try:
                    starts = list(walk(rule, start, self.tz, self.all_day))
                except RecurrenceError:
                    starts = [start]
                cache.append({occurrence_key(s, self.all_day): i for i, s in enumerate(starts)})
            return cache[0]
        return keys

    def __call__(self, key: str) -> str:
        moved = shift_key(key, self.days)
        old, new = self._old(), self._new()
        if moved in new or key not in old:  # the common case, or an extra occurrence
            return moved
        by_position = list(new)
        index = old[key]
        return by_position[index] if index < len(by_position) else moved
