"""Which IANA zone an ICS time is in: names, Windows names, and custom VTIMEZONEs.

Real files name zones in many ways: IANA names ('Europe/Berlin'), Outlook's Windows
names ('W. Europe Standard Time', with or without a VTIMEZONE), path-like prefixes
('/mozilla.org/20050126_1/America/New_York'), or a VTIMEZONE of their own
('(UTC+01:00) Amsterdam, Berlin, ...', 'Customized Time Zone'). A custom one is
matched to the IANA zone whose UTC offsets agree with it at sample instants over a
few years (a name that appears in the TZID wins); when none agrees, its times are
kept as instants in UTC and the report says so. Floating times are wall-clock in
the calendar's X-WR-TIMEZONE (Google) or else the business zone; UTC times go to
X-WR-TIMEZONE too when the calendar has one (as Google means them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import lru_cache
from typing import Any
from zoneinfo import available_timezones

from sm_desk.core.marketing.timing import TimeError, to_local, zone

SAMPLE_YEARS_BEFORE, SAMPLE_YEARS_AFTER = 1, 3
AREAS = {"Africa", "America", "Antarctica", "Asia", "Atlantic", "Australia", "Europe",
         "Indian", "Pacific", "Etc"}  # the zones a match may give (no legacy links)
UTC_WORDS = {"utc", "gmt", "z", "zulu", "universal", "etc/utc", "etc/gmt"}


@dataclass(frozen=True)
class Resolved:
    """How a TZID reads: `name` is the IANA zone the touch keeps; `meaning` is what the
    written wall-clock means (the same zone, or the file's own VTIMEZONE when no IANA
    zone agreed with it, in which case `name` is 'UTC')."""

    name: str
    meaning: tzinfo
    exact: bool = True


@dataclass
class Zones:
    """TZID resolution for one file. `notes` collects what a person should know."""

    vtimezones: dict[str, Any]
    floating: str  # where floating times are read
    utc_home: str  # the zone a UTC start is shown in (X-WR-TIMEZONE or 'UTC')
    notes: list[str] = field(default_factory=list)
    _cache: dict[tuple[str, int], Resolved] = field(default_factory=dict)

    @classmethod
    def of(cls, calendars: list[Any], business: str) -> Zones:
        found: dict[str, Any] = {}
        wr: str | None = None
        for cal in calendars:
            for tz in cal.walk("VTIMEZONE"):
                if tz.get("tzid") is not None:
                    found.setdefault(str(tz["tzid"]), tz)
            name = str(cal.get("x-wr-timezone", "")).strip()
            if name and wr is None:
                wr = iana_name(name)
        return cls(found, wr or business, wr or "UTC")

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)

    def resolve(self, tzid: str, year: int) -> Resolved:
        key = (tzid, year)
        if key not in self._cache:
            self._cache[key] = self._resolve(tzid, year)
        return self._cache[key]

    def _resolve(self, tzid: str, year: int) -> Resolved:
        name = iana_name(tzid)
        if name is not None:
            return Resolved(name, zone(name))
        component = self.vtimezones.get(tzid)
        location = iana_name(str(component.get("x-lic-location", ""))) \
            if component is not None and component.get("x-lic-location") else None
        if location is not None:
            return Resolved(location, zone(location))
        if component is None:
            self.note(f"the time zone '{tzid}' is not defined in the file nor known; its "
                      f"times were read in {self.floating}")
            return Resolved(self.floating, zone(self.floating))
        text = component.to_ical().decode("utf-8", "replace")
        try:
            custom = _custom_tz(text)
        except (ValueError, TypeError, KeyError, IndexError, AttributeError):
            self.note(f"the time zone '{tzid}' could not be read; its times were read in "
                      f"{self.floating}")
            return Resolved(self.floating, zone(self.floating))
        matched = match_zone(text, tzid, year)
        if matched is not None:
            self.note(f"the time zone '{tzid}' was matched to {matched} by its UTC offsets")
            return Resolved(matched, zone(matched))
        self.note(f"the time zone '{tzid}' matches no known zone; its times were kept as "
                  "instants in UTC")
        return Resolved("UTC", custom, exact=False)

    def start(self, value: date | datetime, tzid: str | None) -> tuple[datetime | date, str]:
        """A DTSTART as (wall-clock or date, the IANA zone the touch keeps)."""
        if not isinstance(value, datetime):
            return value, self.floating
        wall = value.replace(tzinfo=None)
        if tzid:
            resolved = self.resolve(tzid, value.year)
            if not resolved.exact:
                return to_local(self.instant(value, tzid), "UTC"), "UTC"
            return wall, resolved.name
        if value.tzinfo is not None:  # 'Z'
            return to_local(value, self.utc_home), self.utc_home
        return wall, self.floating

    def instant(self, value: datetime, tzid: str | None) -> datetime:
        """The UTC instant of a written date-time (floating: in the floating zone)."""
        wall = value.replace(tzinfo=None)
        if tzid:
            meaning = self.resolve(tzid, value.year).meaning
            return wall.replace(tzinfo=meaning, fold=0).astimezone(UTC)
        if value.tzinfo is not None:
            return value.astimezone(UTC)
        return wall.replace(tzinfo=zone(self.floating)).astimezone(UTC)

    def local(self, value: date | datetime, tzid: str | None, tz: str,
              all_day: bool) -> datetime | date:
        """A written EXDATE/RDATE/RECURRENCE-ID as wall-clock in the touch's zone `tz`
        (floating: already wall-clock there), or a date when the touch is all-day."""
        if not isinstance(value, datetime):
            return value
        if all_day:  # Outlook writes RECURRENCE-ID;TZID=...:20200416T000000 for a date
            return value.replace(tzinfo=None).date()
        if not tzid and value.tzinfo is None:
            moment = value
        else:
            moment = to_local(self.instant(value, tzid), tz)
        return moment.date() if all_day else moment


def iana_name(tzid: str) -> str | None:
    """The IANA name a TZID spells, directly, as a Windows name, or as a path suffix."""
    clean = tzid.strip().strip('"').strip()
    if _known(clean):
        return clean
    if clean.lower() in UTC_WORDS:
        return "UTC"
    if clean in _windows_names():
        return _windows_names()[clean]
    parts = [p for p in clean.split("/") if p]
    for size in (3, 2, 1):  # 'America/Argentina/Buenos_Aires', 'Europe/Berlin', 'UTC'
        if len(parts) >= size:
            name = "/".join(parts[-size:])
            if _known(name):
                return name
    if parts and parts[-1].lower() in UTC_WORDS:
        return "UTC"
    return None


@lru_cache(maxsize=1)
def _windows_names() -> dict[str, str]:
    """Windows zone names (Outlook, Exchange) to IANA, from icalendar (6 and later)."""
    try:
        from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON
    except ImportError:  # icalendar 5
        return {}
    return {str(k): str(v) for k, v in WINDOWS_TO_OLSON.items()}


def _known(name: str) -> bool:
    if name in ("localtime", "Factory", "posixrules") or name.startswith(("posix", "right")):
        return False
    try:
        zone(name)
    except TimeError:
        return False
    return True


@lru_cache(maxsize=64)
def _custom_tz(text: str) -> tzinfo:
    from icalendar import Timezone
    from icalendar.timezone import tzp

    component = Timezone.from_ical(text)
    return component.to_tz(tzp, lookup_tzid=False)  # type: ignore[no-any-return]


def _transitions(text: str, first: datetime, last: datetime) -> list[tuple[datetime, timedelta]]:
    """(UTC instant, offset from then on) of a VTIMEZONE's onsets up to `last`, read
    straight from its STANDARD/DAYLIGHT parts (dateutil's tzical is ~1000x slower)."""
    from dateutil.rrule import rrulestr
    from icalendar import Timezone

    found: list[tuple[datetime, timedelta]] = []
    for part in Timezone.from_ical(text).subcomponents:
        begin = part["dtstart"].dt.replace(tzinfo=None)
        before, after = part["tzoffsetfrom"].td, part["tzoffsetto"].td
        onsets = [begin]
        for rule in part.get("rrule") and [part["rrule"]] or []:
            spelled = re.sub(r"UNTIL=(\d{8}T\d{6})Z", r"UNTIL=\1", rule.to_ical().decode())
            onsets += rrulestr(spelled, dtstart=begin).between(
                first.replace(tzinfo=None) - timedelta(days=400), last.replace(tzinfo=None),
                inc=True)
        dates = part.get("rdate")
        for item in dates if isinstance(dates, list) else [dates] if dates else []:
            onsets += [d.dt.replace(tzinfo=None) for d in item.dts
                       if isinstance(d.dt, datetime)]
        found += [((o - before).replace(tzinfo=UTC), after) for o in onsets
                  if o <= last.replace(tzinfo=None)]
    found.sort(key=lambda t: t[0])
    return found


class _Offsets:
    """UTC offsets of a VTIMEZONE at instants, by bisecting its transitions."""

    def __init__(self, text: str, first: datetime, last: datetime) -> None:
        self.changes = _transitions(text, first, last)
        self.instants = [c[0] for c in self.changes]

    def at(self, moment: datetime) -> timedelta | None:
        from bisect import bisect_right

        index = bisect_right(self.instants, moment) - 1
        return self.changes[index][1] if index >= 0 else None


@lru_cache(maxsize=1)
def _candidates() -> tuple[str, ...]:
    return tuple(sorted(n for n in available_timezones()
                        if n.split("/")[0] in AREAS and _known(n)))


def _offsets(tz: tzinfo, instants: list[datetime]) -> tuple[timedelta | None, ...]:
    return tuple(i.astimezone(tz).utcoffset() for i in instants)


@lru_cache(maxsize=64)
def match_zone(text: str, tzid: str, year: int) -> str | None:
    """The IANA zone whose UTC offsets agree with the VTIMEZONE `text` over the years
    around `year`: four instants a year first, then daily, and hourly on the days
    its offset changes. Among several, a name found in the TZID (or X-LIC-LOCATION)
    wins, then a fixed Etc/GMT zone for a zone without daylight saving, then the zone
    Windows names for it."""
    first = max(1971, min(year, 2036) - SAMPLE_YEARS_BEFORE)
    last = min(2037, first + SAMPLE_YEARS_BEFORE + SAMPLE_YEARS_AFTER)
    try:
        custom = _Offsets(text, datetime(first, 1, 1, tzinfo=UTC),
                          datetime(last + 1, 1, 1, tzinfo=UTC))
    except (ValueError, TypeError, KeyError, AttributeError):
        return None
    coarse = [datetime(y, m, 15, 12, tzinfo=UTC) for y in range(first, last + 1)
              for m in (1, 4, 7, 10)]
    want = tuple(custom.at(i) for i in coarse)
    if any(o is None for o in want):
        return None
    survivors = [n for n in _candidates() if _offsets(zone(n), coarse) == want]
    if not survivors:
        return None
    days = [datetime(first, 1, 1, 12, tzinfo=UTC) + timedelta(days=d)
            for d in range((datetime(last + 1, 1, 1) - datetime(first, 1, 1)).days)]
    fine = days + [moment + timedelta(minutes=m) for moment, _ in custom.changes
                   if days[0] <= moment <= days[-1] for m in (-1, 0, 1, 59, 61)]
    want_fine = tuple(custom.at(i) for i in fine)
    survivors = [n for n in survivors if _offsets(zone(n), fine) == want_fine]
    if not survivors:
        return None
    words = " " + re.sub(r"[^a-z]+", " ", f"{tzid} {_location(text)}".lower()) + " "
    fixed = len(set(want_fine)) == 1
    usual = set(_windows_names().values())

    def preference(name: str) -> tuple[int, int, str]:
        city = " " + re.sub(r"[^a-z]+", " ", name.rsplit("/", 1)[-1].lower()).strip() + " "
        if city.strip() and city in words:
            return (0, words.index(city), name)
        if fixed and name.startswith("Etc/"):
            return (1, 0, name)
        return (2 if name in usual else 3, 0, name)

    return min(survivors, key=preference)


def _location(text: str) -> str:
    found = re.search(r"^X-LIC-LOCATION:(.*)$", text, re.MULTILINE)
    return found.group(1).strip() if found else ""
