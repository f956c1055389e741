"""Conformance against real calendars: every calendar the recurring-ical-events package
ships (written by Google, Outlook, Thunderbird, Apple, Nextcloud and others) is imported
into an empty database and exported again, and recurring_ical_events must find exactly
the same occurrences in the original and in our export from 2000 to 2035: each timed
start as the same instant, each all-day one on the same date (VEVENTs only; cancelled
occurrences count on neither side, as no calendar shows them).

The files we refuse an event of, and the ones where we knowingly differ, are listed
with the reason. The lists must stay true: an unlisted file that differs fails, and
so does a listed one that starts to pass.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events

from sm_desk.core.profile import business_zone
from sm_desk.core.store import Store
from sm_desk.io.ics import export_ics
from sm_desk.io.ics_import import import_ics

FOLDER = Path(recurring_ical_events.__file__).parent / "test" / "calendars"
CALENDARS = sorted(FOLDER.glob("*.ics"))
SPAN = (datetime(2000, 1, 1), datetime(2035, 1, 1))

# An event of these is refused (listed in the import report, the rest imported).
REFUSED = {
    "multiple_rrule": "two different RRULEs in one event; a touch keeps one rule",
    "bad_rrule_missing_until_event": "'UNTL' is not an RRULE part (recurring_ical_events "
                                     "cannot read the original either)",
}
# Imported, but shown differently from recurring_ical_events.
DIFFERS = {
    "end_before_start_event": "DTEND before DTSTART: we keep DTSTART as the start, "
                              "recurring_ical_events swaps the two",
    "issue_132_swapped_start_and_end": "DTEND before DTSTART (as above)",
    "issue_201_mixed_datetime_and_date": "a DATE start with a DATE-TIME end stays all-day; "
                                         "recurring_ical_events makes it timed at 00:00",
    "issue_201_test_matrix": "the same DATE start with DATE-TIME end mix",
    "issue_75_range_parameter": "RECURRENCE-ID;RANGE=THISANDFUTURE changes only that one "
                                "occurrence (noted in the report), not the later ones",
    "recurring_events_changed_duration": "one occurrence of a timed series made all-day: "
                                         "kept timed, at 00:00 in the series' zone",
}


def _occurrences(data: bytes, floating: str) -> Counter[date | datetime]:
    calendar = icalendar.Calendar.from_ical(data)
    found: Counter[date | datetime] = Counter()
    for event in recurring_ical_events.of(calendar, components=["VEVENT"]).between(*SPAN):
        if str(event.get("status", "")).upper() == "CANCELLED":
            continue
        start = event["DTSTART"].dt
        if isinstance(start, datetime):
            if start.tzinfo is None:  # floating: the zone our import read it in
                start = start.replace(tzinfo=ZoneInfo(floating))
            start = start.astimezone(UTC)
        found[start] += 1
    return found


def test_the_corpus_is_there() -> None:
    assert len(CALENDARS) >= 90
    assert set(REFUSED) | set(DIFFERS) <= {p.stem for p in CALENDARS}


@pytest.mark.parametrize("path", CALENDARS, ids=[p.stem for p in CALENDARS])
def test_real_calendar_round_trips_to_the_same_occurrences(path: Path) -> None:
    store = Store.memory()
    try:
        report = import_ics(store, path.read_bytes(), path.name)
        exported, _count = export_ics(store)
        floating = business_zone(store)
    finally:
        store.close()
    if path.stem in REFUSED:
        assert report.skipped, f"{path.stem} is listed as refused but imports whole"
        return
    assert report.skipped == [], report.lines()
    same = _occurrences(path.read_bytes(), floating) == _occurrences(exported, floating)
    if path.stem in DIFFERS:
        assert not same, f"{path.stem} now round-trips: take it off DIFFERS"
    else:
        assert same, report.lines()

