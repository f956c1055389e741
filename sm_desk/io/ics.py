"""ICS (RFC 5545) export of the marketing calendar, with the icalendar library.

One VEVENT per touch, keyed by the touch's stable UID, so a client that re-imports
the file updates events instead of duplicating them. Times are written the way the
touch keeps them: DTSTART;TZID=Area/City with wall-clock time and the zone's
VTIMEZONE (so Google, Apple, Outlook and Thunderbird expand a weekly 09:00 at 09:00
across daylight saving), UTC touches with 'Z', all-day touches as DATE values.
A recurring touch is one VEVENT with RRULE (UNTIL in UTC, as RFC 5545 asks for a
zoned start); skipped occurrences are EXDATEs and moved or re-marked ones are extra
VEVENTs with RECURRENCE-ID, both in the same form as DTSTART; extra occurrences
(ones the rule does not give) are RDATEs. SM Desk's own fields ride along as
X-SM-DESK-* properties so an import of our own export round-trips.
Import lives in `sm_desk.io.ics_import` (re-exported here).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

from icalendar import Calendar, Event, Timezone, vRecur

from sm_desk.core.clock import from_iso
from sm_desk.core.domain import TOUCH_KIND_LABELS
from sm_desk.core.marketing.recurrence import RecurrenceError, expand, occurrence_key
from sm_desk.core.marketing.timing import parse_local, to_instant, zone
from sm_desk.core.store import Store
from sm_desk.core.store import marketing as q
from sm_desk.core.store.undo import Row
from sm_desk.io.ics_import import ImportReport, import_ics

PRODID = "-//SM Desk//Marketing calendar//EN"
STATUS_TO_ICS = {"planned": "TENTATIVE", "done": "CONFIRMED", "skipped": "CANCELLED"}

__all__ = ["ImportReport", "export_ics", "import_ics"]


def export_ics(store: Store, start: date | None = None,
               end: date | None = None) -> tuple[bytes, int]:
    """The calendar as ICS bytes, and how many touches it holds.

    With a range, one-off touches starting in [start, end) and every series that
    has started before `end` (whole, so a client expands it like we do).
    """
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "SM Desk marketing")
    rows = _rows(store, start, end)
    overrides: dict[int, list[Row]] = {}
    for o in q.overrides(store, [r["id"] for r in rows if r["rrule"]]):
        overrides.setdefault(o["touch_id"], []).append(o)
    first_year: dict[str, int] = {}
    events: list[Event] = []
    for row in rows:
        if not row["all_day"] and row["tz"] != "UTC":
            year = int(row["start_local"][:4])
            first_year[row["tz"]] = min(year, first_year.get(row["tz"], year))
        master = _event(row)
        events.append(master)
        if row["rrule"]:
            events += _series_changes(row, master, overrides.get(row["id"], []))
    for event in events:
        cal.add_component(event)
    used = cal.get_used_tzids()  # a zone icalendar writes as 'Z' (Etc/UTC) needs none
    if hasattr(Timezone, "from_tzinfo"):  # icalendar 6 makes them from zoneinfo
        cal.subcomponents[:0] = [_vtimezone(name, first_year[name])
                                 for name in sorted(used & set(first_year))]
    return cal.to_ical(), len(rows)


def _vtimezone(name: str, year: int) -> Timezone:
    """The VTIMEZONE of IANA zone `name` from the year of its first touch."""
    try:
        return Timezone.from_tzinfo(zone(name), tzid=name,
                                    first_date=date(max(1900, year - 1), 1, 1))
    except (ValueError, TypeError, OverflowError):
        return Timezone.from_tzinfo(zone(name), tzid=name)


def _rows(store: Store, start: date | None, end: date | None) -> list[Row]:
    if start is None and end is None:
        return q.touch_rows(store)
    lo = (start or date(1900, 1, 1)).isoformat()
    hi = (end or date(9999, 1, 1)).isoformat()
    singles = q.single_touches_between(store, lo, hi)
    return singles + q.recurring_touches(store, hi)


def _moment(text: str, row: Row) -> date | datetime:
    """A stored wall-clock start (or date) as the value to write: a DATE when all-day,
    else the wall-clock time in the touch's zone (UTC as 'Z')."""
    if row["all_day"]:
        return date.fromisoformat(text[:10])
    tz = UTC if row["tz"] == "UTC" else zone(row["tz"])
    return parse_local(text).replace(tzinfo=tz)


def _span(row: Row, text: str) -> tuple[date | datetime, date | datetime]:
    start = _moment(text, row)
    minutes = int(row["duration_minutes"])
    if isinstance(start, datetime):
        finish = (to_instant(parse_local(text), row["tz"]) + timedelta(minutes=minutes))
        return start, finish.astimezone(start.tzinfo)
    return start, start + timedelta(days=max(1, -(-minutes // 1440)))


def _common(row: Row, event: Event, start_text: str, status: str) -> None:
    begin, finish = _span(row, start_text)
    event.add("uid", row["uid"])
    event.add("dtstamp", from_iso(row["updated_at"]))
    event.add("dtstart", begin)
    event.add("dtend", finish)
    event.add("summary", row["title"])
    if row["notes"]:
        event.add("description", row["notes"])
    event.add("categories", [TOUCH_KIND_LABELS[row["kind"]]])
    event.add("status", STATUS_TO_ICS[status])
    event.add("x-sm-desk-kind", row["kind"])
    event.add("x-sm-desk-status", status)


def _event(row: Row) -> Event:
    event = Event()
    _common(row, event, row["start_local"], row["status"])
    if row["campaign_name"]:
        event.add("x-sm-desk-campaign", row["campaign_name"])
        event.add("x-sm-desk-colour", row["colour"])
    if row["audience_size"] is not None:
        event.add("x-sm-desk-audience", str(row["audience_size"]))
    if row["cost_minor"]:
        event.add("x-sm-desk-cost-minor", str(row["cost_minor"]))
    if row["rrule"]:
        event.add("rrule", _rule(row))
    # What a DATE value cannot carry, so our own import restores the touch exactly.
    event.add("x-sm-desk-duration", str(row["duration_minutes"]))
    event.add("x-sm-desk-tz", row["tz"])  # an all-day or UTC start does not say it
    return event


def _rule(row: Row) -> vRecur:
    """The rule with UNTIL as RFC 5545 wants it: a date for an all-day start, else UTC
    (the model reads a date UNTIL as the end of that day and a floating one as
    wall-clock in the touch's zone; both become that instant)."""
    text = row["rrule"]
    found = re.search(r"UNTIL=([0-9TZ]+)", text)
    if found:
        value = found.group(1)
        if row["all_day"]:
            until = value[:8]
        elif value.endswith("Z"):
            until = value
        else:
            wall = datetime.combine(datetime.strptime(value[:8], "%Y%m%d").date(),
                                    time(23, 59, 59)) if len(value) == 8 \
                else datetime.strptime(value, "%Y%m%dT%H%M%S")
            until = to_instant(wall, row["tz"]).strftime("%Y%m%dT%H%M%SZ")
        text = text.replace(found.group(0), f"UNTIL={until}")
    return vRecur.from_ical(text)


def _series_changes(row: Row, master: Event, changes: list[Row]) -> list[Event]:
    """EXDATEs and RDATEs on the master; RECURRENCE-ID events for the others."""
    first = row["start_local"]
    given = _given(row, [first, *(o["original_start"] for o in changes)])
    if first not in given and all(o["original_start"] != first for o in changes):
        # RFC 5545 clients always show DTSTART; SM Desk shows what the rule gives.
        master.add("exdate", _moment(first, row))
    events: list[Event] = []
    for o in changes:
        extra = o["original_start"] not in given
        if o["removed"]:  # deleted from the series: an EXDATE (an extra one just goes)
            if not extra:
                master.add("exdate", _moment(o["original_start"], row))
            continue
        if extra and o["original_start"] != first:  # DTSTART is shown without an RDATE
            master.add("rdate", _moment(o["original_start"], row))
        if o["status"] == "skipped" and o["new_start"] is None:
            master.add("exdate", _moment(o["original_start"], row))
        elif o["new_start"] is not None or o["status"] != row["status"]:
            events.append(_moved(row, o))
    return events


def _given(row: Row, keys: list[str]) -> set[str]:
    """Which of the override `keys` the touch's rule gives (the others are extras)."""
    if not keys:
        return set()
    all_day = bool(row["all_day"])
    lo, hi = parse_local(min(keys)), parse_local(max(keys)) + timedelta(seconds=1)
    try:
        found = expand(row["rrule"], parse_local(row["start_local"]), row["tz"], all_day,
                       lo, hi, limit=100_000)
    except RecurrenceError:
        return set(keys)
    return {occurrence_key(m, all_day) for m in found}


def _moved(row: Row, override: Row) -> Event:
    event = Event()
    _common(row, event, override["new_start"] or override["original_start"], override["status"])
    event.add("recurrence-id", _moment(override["original_start"], row))
    return event

