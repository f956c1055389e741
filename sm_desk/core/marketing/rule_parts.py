"""A repeat rule as the owner thinks of it, and in words.

`RuleParts` is what the rule editor shows (every N days/weeks/months/years; weekdays;
a month day or "the second Tuesday"; ends never, on a date or after N times) and turns
into RRULE text and back. `describe` says any rule in words ("Every Tuesday and Thursday
at 18:00, 12 times"), so nobody has to read FREQ=WEEKLY;BYDAY=TU,TH;COUNT=12.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sm_desk.core.marketing.timing import to_local

DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last"}
UNITS = {"DAILY": "day", "WEEKLY": "week", "MONTHLY": "month", "YEARLY": "year",
         "HOURLY": "hour"}


@dataclass
class RuleParts:
    freq: str = "WEEKLY"  # DAILY, WEEKLY, MONTHLY, YEARLY
    interval: int = 1
    weekdays: list[int] = field(default_factory=list)  # 0 = Monday (WEEKLY)
    month_weekday: tuple[int, int] | None = None  # (nth, weekday): "second Tuesday" (MONTHLY)
    month_day: int | None = None  # "on day 15" (MONTHLY)
    count: int = 0  # 0: no COUNT
    until: date | None = None

    def to_rule(self) -> str:
        parts = [f"FREQ={self.freq}"]
        if self.interval > 1:
            parts.append(f"INTERVAL={self.interval}")
        if self.count:
            parts.append(f"COUNT={self.count}")
        elif self.until:
            parts.append(f"UNTIL={self.until:%Y%m%d}")
        if self.freq == "WEEKLY" and self.weekdays:
            parts.append("BYDAY=" + ",".join(DAY_CODES[d] for d in sorted(set(self.weekdays))))
        if self.freq == "MONTHLY" and self.month_weekday:
            nth, day = self.month_weekday
            parts.append(f"BYDAY={nth}{DAY_CODES[day]}")
        elif self.freq == "MONTHLY" and self.month_day:
            parts.append(f"BYMONTHDAY={self.month_day}")
        return ";".join(parts)


def _parts(rule: str) -> dict[str, str]:
    return dict(p.split("=", 1) for p in rule.split(";") if "=" in p)


def parse_parts(rule: str | None) -> RuleParts | None:
    """The editor's view of `rule`; None when the rule says more than the editor can
    show (BYSETPOS, BYHOUR...), so the dialog keeps it as it is."""
    if not rule:
        return None
    parts = _parts(rule)
    known = {"FREQ", "INTERVAL", "COUNT", "UNTIL", "BYDAY", "BYMONTHDAY", "WKST"}
    if set(parts) - known or parts.get("FREQ") not in ("DAILY", "WEEKLY", "MONTHLY", "YEARLY"):
        return None
    result = RuleParts(freq=parts["FREQ"], interval=int(parts.get("INTERVAL", "1")),
                       count=int(parts.get("COUNT", "0")))
    if "UNTIL" in parts:
        result.until = datetime.strptime(parts["UNTIL"][:8], "%Y%m%d").date()
    days = parts.get("BYDAY", "").split(",") if parts.get("BYDAY") else []
    if result.freq == "WEEKLY" and days:
        if any(d not in DAY_CODES for d in days):
            return None
        result.weekdays = [DAY_CODES.index(d) for d in days]
    elif result.freq == "MONTHLY" and len(days) == 1:
        match = re.fullmatch(r"([+-]?\d)(MO|TU|WE|TH|FR|SA|SU)", days[0])
        if not match or int(match.group(1)) not in ORDINALS:
            return None
        result.month_weekday = (int(match.group(1)), DAY_CODES.index(match.group(2)))
    elif days:
        return None
    if "BYMONTHDAY" in parts:
        if result.freq != "MONTHLY" or days or not re.fullmatch(r"\d{1,2}", parts["BYMONTHDAY"]):
            return None
        result.month_day = int(parts["BYMONTHDAY"])
    return result


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _nth(day: int) -> str:
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def describe(rule: str | None, start: datetime, all_day: bool = False,
             tz: str = "UTC") -> str:
    """The rule in words, from its first start (wall-clock in zone `tz`)."""
    if not rule:
        return "Does not repeat"
    parts = _parts(rule)
    freq = parts.get("FREQ", "")
    interval = int(parts.get("INTERVAL", "1") or 1)
    unit = UNITS.get(freq, freq.lower())
    text = f"Every {interval} {unit}s" if interval > 1 else f"Every {unit}"
    days = [d for d in parts.get("BYDAY", "").split(",") if d]
    plain = [d for d in days if d in DAY_CODES]
    if freq == "WEEKLY" or (freq == "DAILY" and plain):
        named = [DAY_NAMES[DAY_CODES.index(d)] for d in plain] or [DAY_NAMES[start.weekday()]]
        text = (f"Every {interval} weeks on " if interval > 1 else "Every ") + _join(named)
    elif freq == "MONTHLY":
        nth = [re.fullmatch(r"([+-]?\d)(MO|TU|WE|TH|FR|SA|SU)", d) for d in days]
        if nth and all(nth):
            text += " on the " + _join([
                f"{ORDINALS.get(int(m.group(1)), m.group(1))} {DAY_NAMES[DAY_CODES.index(m.group(2))]}"
                for m in nth if m])
        else:
            month_days = parts.get("BYMONTHDAY", str(start.day)).split(",")
            text += " on the " + _join([_nth(int(d)) if int(d) > 0 else "last day"
                                        for d in month_days])
    elif freq == "YEARLY":
        text += f" on {start.day} {start:%B}"
    if not all_day:
        hours = parts.get("BYHOUR")
        text += f" at {hours.replace(',', ':00, ')}:00" if hours else f" at {start:%H:%M}"
    if "COUNT" in parts:
        count = int(parts["COUNT"])
        text += ", once" if count == 1 else f", {count} times"
    elif "UNTIL" in parts:
        value = parts["UNTIL"]
        until = datetime.strptime(value.rstrip("Z")[:15], "%Y%m%dT%H%M%S" if len(value) > 8
                                  else "%Y%m%d")
        if value.endswith("Z"):
            until = to_local(until.replace(tzinfo=UTC), tz)
        text += f", until {until.day} {until:%b %Y}"
    return text
