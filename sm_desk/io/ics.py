"""ICS (RFC 5545) export of the marketing calendar, with the icalendar library.

One VEVENT per touch, keyed by the touch's stable UID, so a client that
re-imports the file updates events instead of duplicating them. A recurring
touch is one VEVENT with RRULE; skipped occurrences are EXDATEs and moved ones
are extra VEVENTs with RECURRENCE-ID. Times are written in UTC (no VTIMEZONE
needed); all-day touches as DATE values. SM Desk's own fields ride along as
X-SM-DESK-* properties so an import of our own export round-trips.
Import lives in `sm_desk.io.ics_import` (re-exported here).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from icalendar import Calendar, Event, vRecur

from sm_desk.core.clock import from_iso
from sm_desk.core.domain import TOUCH_KIND_LABELS
from sm_desk.core.store import Store
from sm_desk.core.store import marketing as q
from sm_desk.core.store.undo import Row
from sm_desk.io.ics_import import ImportReport, import_ics

PRODID = "-//SM Desk//Marketing calendar//EN"
STATUS_TO_ICS = {"planned": "TENTATIVE", "done": "CONFIRMED", "skipped": "CANCELLED"}

__all__ = ["ImportReport", "export_ics", "import_ics"]


def export_ics(store: Store, start: date | None = None, end: date | None = None) -> tuple[bytes, int]:
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
    for row in rows:
        cal.add_component(_event(row))
        if row["rrule"]:
            master = cal.subcomponents[-1]
            for o in overrides.get(row["id"], []):
                if o["status"] == "skipped" and o["new_start"] is None:
                    master.add("exdate", _when(o["original_start"], row))
                else:
                    cal.add_component(_moved(row, o))
    return cal.to_ical(), len(rows)


def _rows(store: Store, start: date | None, end: date | None) -> list[Row]:
    if start is None and end is None:
        return q.touch_rows(store)
    lo = (start or date(1900, 1, 1)).isoformat()
    hi = (end or date(9999, 1, 1)).isoformat()
    singles = q.single_touches_between(store, lo, hi)
    return singles + q.recurring_touches(store, hi)


def _when(iso: str, row: Row) -> date | datetime:
    moment = from_iso(iso)
    return moment.date() if row["all_day"] else moment.astimezone(UTC)


def _span(row: Row, start_iso: str) -> tuple[date | datetime, date | datetime]:
    start = _when(start_iso, row)
    if row["all_day"]:
        return start, start + timedelta(days=max(1, -(-int(row["duration_minutes"]) // 1440)))
    return start, start + timedelta(minutes=int(row["duration_minutes"]))


def _common(row: Row, event: Event, start_iso: str, status: str) -> None:
    begin, finish = _span(row, start_iso)
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
    _common(row, event, row["starts_at"], row["status"])
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
    if row["all_day"]:
        event.add("x-sm-desk-start", row["starts_at"])
    return event


def _rule(row: Row) -> vRecur:
    rule: dict[str, Any] = dict(vRecur.from_ical(row["rrule"]))
    if row["all_day"] and "UNTIL" in rule:  # RFC 5545: UNTIL matches DTSTART's type
        until = rule["UNTIL"][0]
        rule["UNTIL"] = [until.date() if isinstance(until, datetime) else until]
    return vRecur(rule)


def _moved(row: Row, override: Row) -> Event:
    event = Event()
    _common(row, event, override["new_start"] or override["original_start"], override["status"])
    event.add("recurrence-id", _when(override["original_start"], row))
    return event
