"""ICS keeps zones: files as Google, Outlook, Apple and Thunderbird write them, imported
on a computer set to UTC, Europe/Berlin, America/Los_Angeles or Pacific/Auckland,
show the times their owner set, and our export says the same to every client.

"Tuesday and Thursday 18:00 Los Angeles" stays Tue/Thu 18:00 there across both DST
changes, "the 15th at 18:00" stays the 15th; an export re-imported keeps start_local
and the zone.
"""

from __future__ import annotations

import time
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events

from sm_desk.cli import main
from sm_desk.core.marketing.calendar import Occurrence, occurrences
from sm_desk.core.profile import update_profile
from sm_desk.core.store import Store
from sm_desk.io.ics import export_ics
from sm_desk.io.ics_import import import_ics

LA, BERLIN = ZoneInfo("America/Los_Angeles"), ZoneInfo("Europe/Berlin")
YEAR = (datetime(2026, 1, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC))


pytestmark = pytest.mark.usefixtures("computer_zone")  # every test in each zone


def _ics(*lines: str) -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode()


# Google Calendar's export: X-WR-TIMEZONE, an IANA VTIMEZONE, EXDATE and RECURRENCE-ID
# in the series' zone, UNTIL in UTC, a one-off in UTC.
GOOGLE = _ics(
    "BEGIN:VCALENDAR", "PRODID:-//Google Inc//Google Calendar 70.9054//EN", "VERSION:2.0",
    "CALSCALE:GREGORIAN", "METHOD:PUBLISH", "X-WR-CALNAME:Marketing",
    "X-WR-TIMEZONE:America/Los_Angeles",
    "BEGIN:VTIMEZONE", "TZID:America/Los_Angeles", "X-LIC-LOCATION:America/Los_Angeles",
    "BEGIN:DAYLIGHT", "TZOFFSETFROM:-0800", "TZOFFSETTO:-0700", "TZNAME:PDT",
    "DTSTART:19700308T020000", "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU", "END:DAYLIGHT",
    "BEGIN:STANDARD", "TZOFFSETFROM:-0700", "TZOFFSETTO:-0800", "TZNAME:PST",
    "DTSTART:19701101T020000", "RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU", "END:STANDARD",
    "END:VTIMEZONE",
    "BEGIN:VEVENT", "DTSTART;TZID=America/Los_Angeles:20260106T180000",
    "DTEND;TZID=America/Los_Angeles:20260106T190000",
    "RRULE:FREQ=WEEKLY;WKST=SU;UNTIL=20261231T080000Z;BYDAY=TH,TU",
    "EXDATE;TZID=America/Los_Angeles:20260113T180000,20260115T180000",
    "DTSTAMP:20260101T120000Z", "UID:5k3qtv0s1abc@google.com",
    "CREATED:20251220T101010Z", "LAST-MODIFIED:20251220T101010Z",
    "SEQUENCE:0", "STATUS:CONFIRMED", "SUMMARY:Office hours", "TRANSP:OPAQUE", "END:VEVENT",
    "BEGIN:VEVENT", "DTSTART;TZID=America/Los_Angeles:20260122T190000",
    "DTEND;TZID=America/Los_Angeles:20260122T200000", "DTSTAMP:20260101T120000Z",
    "UID:5k3qtv0s1abc@google.com", "RECURRENCE-ID;TZID=America/Los_Angeles:20260122T180000",
    "SEQUENCE:1", "STATUS:CONFIRMED", "SUMMARY:Office hours", "END:VEVENT",
    "BEGIN:VEVENT", "DTSTART;TZID=America/Los_Angeles:20260115T180000",
    "DTEND;TZID=America/Los_Angeles:20260115T193000",
    "RRULE:FREQ=MONTHLY;BYMONTHDAY=15", "DTSTAMP:20260101T120000Z",
    "UID:7hd8s9monthly@google.com", "SUMMARY:Monthly webinar", "END:VEVENT",
    "BEGIN:VEVENT", "DTSTART:20260310T170000Z", "DTEND:20260310T180000Z",
    "DTSTAMP:20260101T120000Z", "UID:oneoff@google.com", "SUMMARY:Launch call",
    "END:VEVENT",
    "END:VCALENDAR")

# Outlook: Windows zone names, quoted or not, with Outlook's own VTIMEZONE; a custom
# zone named like Outlook's picker; COUNT and WKST=SU.
OUTLOOK = _ics(
    "BEGIN:VCALENDAR", "PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN",
    "VERSION:2.0", "METHOD:PUBLISH", "X-MS-OLK-FORCEINSPECTOROPEN:TRUE",
    "BEGIN:VTIMEZONE", "TZID:Pacific Standard Time",
    "BEGIN:STANDARD", "DTSTART:16011104T020000", "RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11",
    "TZOFFSETFROM:-0700", "TZOFFSETTO:-0800", "END:STANDARD",
    "BEGIN:DAYLIGHT", "DTSTART:16010311T020000", "RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3",
    "TZOFFSETFROM:-0800", "TZOFFSETTO:-0700", "END:DAYLIGHT", "END:VTIMEZONE",
    "BEGIN:VTIMEZONE", "TZID:(UTC-08:00) Pacific Time (US & Canada)",
    "BEGIN:STANDARD", "DTSTART:16011104T020000", "RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11",
    "TZOFFSETFROM:-0700", "TZOFFSETTO:-0800", "END:STANDARD",
    "BEGIN:DAYLIGHT", "DTSTART:16010311T020000", "RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3",
    "TZOFFSETFROM:-0800", "TZOFFSETTO:-0700", "END:DAYLIGHT", "END:VTIMEZONE",
    "BEGIN:VEVENT", "CLASS:PUBLIC", "CREATED:20251215T093000Z",
    "DTEND;TZID=\"Pacific Standard Time\":20260106T190000",
    "DTSTAMP:20251215T093000Z", "DTSTART;TZID=\"Pacific Standard Time\":20260106T180000",
    "EXDATE;TZID=\"Pacific Standard Time\":20260113T180000",
    "RRULE:FREQ=WEEKLY;COUNT=40;BYDAY=TU,TH;WKST=SU", "SEQUENCE:0",
    "SUMMARY;LANGUAGE=en-us:Office hours", "TRANSP:OPAQUE",
    "UID:040000008200E00074C5B7101A82E0080000000050D6B8C2A35ADC01000000000000000010",
    "X-MICROSOFT-CDO-BUSYSTATUS:BUSY", "END:VEVENT",
    "BEGIN:VEVENT", "DTSTART;TZID=W. Europe Standard Time:20260331T090000",
    "DTEND;TZID=W. Europe Standard Time:20260331T100000",
    "RRULE:FREQ=WEEKLY;UNTIL=20260428T070000Z;BYDAY=TU;WKST=MO",
    "DTSTAMP:20251215T093000Z", "UID:outlook-berlin-1", "SUMMARY:Berlin newsletter",
    "END:VEVENT",
    "BEGIN:VEVENT", "DTSTART;TZID=\"(UTC-08:00) Pacific Time (US & Canada)\":20260115T180000",
    "DTEND;TZID=\"(UTC-08:00) Pacific Time (US & Canada)\":20260115T190000",
    "RRULE:FREQ=MONTHLY;BYMONTHDAY=15;COUNT=12", "DTSTAMP:20251215T093000Z",
    "UID:outlook-custom-1", "SUMMARY:Monthly webinar", "END:VEVENT",
    "END:VCALENDAR")

# Apple Calendar: an all-day holiday and a multi-day fair as DATE values.
APPLE = _ics(
    "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Apple Inc.//macOS 14.4//EN",
    "CALSCALE:GREGORIAN",
    "BEGIN:VEVENT", "CREATED:20251201T100000Z", "DTEND;VALUE=DATE:20260316",
    "DTSTAMP:20251201T100000Z", "DTSTART;VALUE=DATE:20260315", "SEQUENCE:0",
    "SUMMARY:Store anniversary", "TRANSP:TRANSPARENT",
    "UID:1F4E3D2C-AAAA-4B5C-9D8E-7F6A5B4C3D2E", "RRULE:FREQ=YEARLY;COUNT=3", "END:VEVENT",
    "BEGIN:VEVENT", "DTSTART;VALUE=DATE:20261104", "DTEND;VALUE=DATE:20261107",
    "DTSTAMP:20251201T100000Z", "SUMMARY:Trade fair",
    "UID:2A3B4C5D-BBBB-4B5C-9D8E-7F6A5B4C3D2E", "END:VEVENT",
    "END:VCALENDAR")

# Thunderbird (Lightning): old mozilla.org TZID paths, an EXDATE written in another
# zone than the start, an RDATE, and a to-do.
THUNDERBIRD = _ics(
    "BEGIN:VCALENDAR", "PRODID:-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN",
    "VERSION:2.0",
    "BEGIN:VEVENT", "CREATED:20251201T100000Z", "LAST-MODIFIED:20251201T100000Z",
    "DTSTAMP:20251201T100000Z", "UID:a9b8c7d6-tb-1", "SUMMARY:Office hours",
    "RRULE:FREQ=WEEKLY;UNTIL=20260305T020000Z;BYDAY=TU,TH",
    "EXDATE:20260114T020000Z", "EXDATE;TZID=Europe/Berlin:20260116T030000",
    "RDATE;TZID=/mozilla.org/20050126_1/America/Los_Angeles:20260110T180000",
    "DTSTART;TZID=/mozilla.org/20050126_1/America/Los_Angeles:20260106T180000",
    "DTEND;TZID=/mozilla.org/20050126_1/America/Los_Angeles:20260106T190000",
    "END:VEVENT",
    "BEGIN:VTODO", "DTSTAMP:20251201T100000Z", "UID:todo-1", "SUMMARY:Order flyers",
    "DUE;VALUE=DATE:20260120", "STATUS:NEEDS-ACTION", "END:VTODO",
    "BEGIN:VTODO", "DTSTAMP:20251201T100000Z", "UID:todo-2", "SUMMARY:Book the venue",
    "DUE;TZID=Europe/Berlin:20260110T090000", "STATUS:COMPLETED",
    "COMPLETED:20260109T120000Z", "END:VTODO",
    "END:VCALENDAR")


def _series(store: Store, title: str) -> list[Occurrence]:
    return [o for o in occurrences(store, *YEAR, include_skipped=False) if o.title == title]


def _la(o: Occurrence) -> datetime:
    return o.start.astimezone(LA)


def _tue_thu_1800(found: list[Occurrence]) -> bool:
    return all(_la(o).strftime("%a %H:%M") in ("Tue 18:00", "Thu 18:00") for o in found)


def test_google_tuesday_thursday_1800_stays_there_across_dst(store: Store) -> None:
    report = import_ics(store, GOOGLE)
    assert (report.created, report.skipped) == (3, [])
    row = store.query_one("SELECT * FROM touches WHERE uid = '5k3qtv0s1abc@google.com'")
    assert row is not None and (row["start_local"], row["tz"]) == (
        "2026-01-06T18:00:00", "America/Los_Angeles")
    hours = _series(store, "Office hours")
    moved = [o for o in hours if o.moved]
    assert [_la(o).strftime("%a %d %b %H:%M") for o in moved] == ["Thu 22 Jan 19:00"]
    plain = [o for o in hours if not o.moved]
    # 52 Tuesdays and 51 Thursdays (from the 6th of January), 2 EXDATEs, 1 moved
    assert _tue_thu_1800(plain) and len(plain) == 52 + 51 - 2 - 1
    days = {_la(o).date() for o in hours}
    assert date(2026, 1, 13) not in days and date(2026, 1, 15) not in days
    assert {date(2026, 3, 10), date(2026, 11, 3)} <= days  # both sides of each DST change
    monthly = _series(store, "Monthly webinar")
    assert [(_la(o).day, _la(o).hour) for o in monthly] == [(15, 18)] * 12
    call = _series(store, "Launch call")  # UTC in a Google file: shown in X-WR-TIMEZONE
    assert [_la(o).strftime("%d %H:%M") for o in call] == ["10 10:00"]


def test_outlook_windows_and_custom_zone_names(store: Store) -> None:
    report = import_ics(store, OUTLOOK)
    assert (report.created, report.skipped) == (3, [])
    zones = dict(store.conn.execute("SELECT title, tz FROM touches").fetchall())
    assert zones == {"Office hours": "America/Los_Angeles",
                     "Berlin newsletter": "Europe/Berlin",
                     "Monthly webinar": "America/Los_Angeles"}
    assert any("matched to America/Los_Angeles" in n for n in report.notes)
    hours = _series(store, "Office hours")
    assert _tue_thu_1800(hours) and len(hours) == 39  # COUNT=40, one EXDATE
    assert date(2026, 1, 13) not in {_la(o).date() for o in hours}
    newsletter = _series(store, "Berlin newsletter")  # Berlin's clocks change on 29 March
    assert [o.start.astimezone(BERLIN).strftime("%d.%m %H:%M") for o in newsletter] == [
        "31.03 09:00", "07.04 09:00", "14.04 09:00", "21.04 09:00", "28.04 09:00"]
    monthly = _series(store, "Monthly webinar")
    assert [(_la(o).day, _la(o).hour) for o in monthly] == [(15, 18)] * 12


def test_a_custom_zone_no_city_has_keeps_its_instants_in_utc(store: Store) -> None:
    odd = _ics(
        "BEGIN:VCALENDAR", "VERSION:2.0", "BEGIN:VTIMEZONE", "TZID:Customized Time Zone",
        "BEGIN:STANDARD", "DTSTART:16010101T000000", "TZOFFSETFROM:+0117",
        "TZOFFSETTO:+0117", "END:STANDARD", "END:VTIMEZONE",
        "BEGIN:VEVENT", "UID:odd-1", "SUMMARY:Odd zone",
        "DTSTART;TZID=Customized Time Zone:20260601T101700", "END:VEVENT", "END:VCALENDAR")
    report = import_ics(store, odd)
    row = store.query_one("SELECT start_local, tz, starts_at FROM touches")
    assert row == {"start_local": "2026-06-01T09:00:00", "tz": "UTC",
                   "starts_at": "2026-06-01T09:00:00Z"}
    assert any("matches no known zone" in n and "UTC" in n for n in report.notes)


def test_apple_all_day_and_multi_day_events_keep_their_dates(store: Store) -> None:
    report = import_ics(store, APPLE)
    assert (report.created, report.skipped) == (2, [])
    found = occurrences(store, datetime(2026, 1, 1, tzinfo=UTC), datetime(2029, 1, 1, tzinfo=UTC))
    assert [(o.title, o.start.date(), o.all_day) for o in found] == [
        ("Store anniversary", date(2026, 3, 15), True),
        ("Trade fair", date(2026, 11, 4), True),
        ("Store anniversary", date(2027, 3, 15), True),
        ("Store anniversary", date(2028, 3, 15), True)]
    fair = next(o for o in found if o.title == "Trade fair")
    assert fair.end.date() == date(2026, 11, 7)  # three days, to the exclusive end date
    data, _ = export_ics(store)
    assert b"DTSTART;VALUE=DATE:20260315" in data and b"DTEND;VALUE=DATE:20261107" in data


def test_thunderbird_paths_mixed_zone_exdates_rdate_and_todos(store: Store) -> None:
    report = import_ics(store, THUNDERBIRD)
    assert (report.created, report.skipped, report.tasks, report.occurrences) == (1, [], 2, 3)
    row = store.query_one("SELECT start_local, tz FROM touches")
    assert row == {"start_local": "2026-01-06T18:00:00", "tz": "America/Los_Angeles"}
    hours = _series(store, "Office hours")
    days = [_la(o).strftime("%a %d %H:%M") for o in hours if _la(o).month == 1]
    # The 13th (UTC EXDATE) and 15th (Berlin EXDATE) are gone; Saturday the 10th is extra.
    assert days == ["Tue 06 18:00", "Thu 08 18:00", "Sat 10 18:00", "Tue 20 18:00",
                    "Thu 22 18:00", "Tue 27 18:00", "Thu 29 18:00"]
    tasks = store.query("SELECT title, due, status FROM tasks ORDER BY title")
    assert tasks == [{"title": "Book the venue", "due": "2026-01-10", "status": "done"},
                     {"title": "Order flyers", "due": "2026-01-20", "status": "open"}]


@pytest.mark.parametrize("source", [GOOGLE, OUTLOOK, APPLE, THUNDERBIRD],
                         ids=["google", "outlook", "apple", "thunderbird"])
def test_export_then_import_keeps_wall_clock_zone_and_occurrences(
        store: Store, source: bytes) -> None:
    import_ics(store, source)
    data, _ = export_ics(store)
    fresh = Store.memory()
    try:
        report = import_ics(fresh, data)
        assert report.skipped == []
        cols = "SELECT uid, start_local, tz, all_day, duration_minutes FROM touches ORDER BY uid"
        assert fresh.query(cols) == store.query(cols)
        shown = [(o.title, o.start, o.status) for o in occurrences(store, *YEAR)]
        assert [(o.title, o.start, o.status) for o in occurrences(fresh, *YEAR)] == shown
    finally:
        fresh.close()
    # What any client expands from our file is what SM Desk shows.
    expanded = sorted(
        (str(e["summary"]), _instant(e["dtstart"].dt))
        for e in recurring_ical_events.of(icalendar.Calendar.from_ical(data)).between(*YEAR)
        if str(e.get("status")) != "CANCELLED")
    assert expanded == sorted((o.title, _instant(o.start)) for o in occurrences(
        store, *YEAR, include_skipped=False))


def _instant(moment: date | datetime) -> datetime:
    if isinstance(moment, datetime):
        return moment.astimezone(UTC)
    return datetime(moment.year, moment.month, moment.day, tzinfo=UTC)


def test_export_writes_tzid_vtimezone_and_utc_until(store: Store) -> None:
    import_ics(store, GOOGLE)
    text = export_ics(store)[0].decode()
    assert "DTSTART;TZID=America/Los_Angeles:20260106T180000" in text
    assert "BEGIN:VTIMEZONE\r\nTZID:America/Los_Angeles" in text
    assert "EXDATE;TZID=America/Los_Angeles:20260113T180000,20260115T180000" in text or (
        "EXDATE;TZID=America/Los_Angeles:20260113T180000" in text
        and "EXDATE;TZID=America/Los_Angeles:20260115T180000" in text)
    assert "RECURRENCE-ID;TZID=America/Los_Angeles:20260122T180000" in text
    assert "UNTIL=20261231T080000Z" in text
    assert "DTSTART;TZID=America/Los_Angeles:20260310T100000" in text  # X-WR-TIMEZONE


def test_export_writes_extra_occurrences_as_rdate(store: Store) -> None:
    import_ics(store, THUNDERBIRD)
    text = export_ics(store)[0].decode()
    assert "RDATE;TZID=America/Los_Angeles:20260110T180000" in text
    assert "UNTIL=20260305T020000Z" in text


def test_floating_times_are_read_in_the_business_zone(store: Store) -> None:
    update_profile(store, {"timezone": "America/Los_Angeles"})
    floating = _ics("BEGIN:VCALENDAR", "VERSION:2.0", "BEGIN:VEVENT", "UID:float-1",
                    "SUMMARY:Office hours", "DTSTART:20260106T180000",
                    "RRULE:FREQ=WEEKLY;BYDAY=TU,TH;COUNT=60", "END:VEVENT", "END:VCALENDAR")
    import_ics(store, floating)
    row = store.query_one("SELECT start_local, tz FROM touches")
    assert row == {"start_local": "2026-01-06T18:00:00", "tz": "America/Los_Angeles"}
    hours = _series(store, "Office hours")
    assert _tue_thu_1800(hours) and len(hours) == 60


def test_one_bad_event_never_sinks_the_file(store: Store) -> None:
    def event(uid: str, *lines: str) -> list[str]:
        return ["BEGIN:VEVENT", f"UID:{uid}", f"SUMMARY:{uid}", *lines, "END:VEVENT"]

    data = _ics("BEGIN:VCALENDAR", "VERSION:2.0",
                *event("good", "DTSTART;TZID=Europe/Berlin:20260331T090000",
                       "RRULE:FREQ=WEEKLY;BYDAY=TU"),
                *event("ancient", "DTSTART:18500101T090000Z"),
                *event("far", "DTSTART;VALUE=DATE:23000101"),
                *event("long", "DTSTART:20260101T090000Z", "DURATION:P400D"),
                *event("costly", "DTSTART:20260101T090000Z", "X-SM-DESK-COST-MINOR:" + "9" * 20),
                *event("zero", "DTSTART:20260101T090000Z", "RRULE:FREQ=DAILY;INTERVAL=0"),
                *event("busy", "DTSTART:20260101T090000Z",
                       "RRULE:FREQ=DAILY;BYHOUR=1,2,3,4,5;BYMINUTE=0,10,20,30,40,50"),
                *event("feb30", "DTSTART:20260101T090000Z",
                       "RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30"),
                "BEGIN:VEVENT", "UID:zero", "SUMMARY:zero moved",
                "RECURRENCE-ID:20260102T090000Z", "DTSTART:20260102T100000Z", "END:VEVENT",
                "END:VCALENDAR")
    report = import_ics(store, data)
    assert report.created == 1
    reasons = {what.split("'")[1]: why for what, why in report.skipped}
    assert set(reasons) == {"ancient", "far", "long", "costly", "zero", "busy", "feb30",
                            "zero moved"}
    assert "series that was refused" in reasons["zero moved"]
    assert "1850" in reasons["ancient"] and "2300" in reasons["far"]
    assert "year" in reasons["long"] and "cost" in reasons["costly"]
    assert "INTERVAL" in reasons["zero"] and "times a day" in reasons["busy"]
    assert "never gives a date" in reasons["feb30"]


def test_cli_exit_code_counts_events_only(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    notes_only = tmp_path / "todos.ics"
    notes_only.write_bytes(_ics(
        "BEGIN:VCALENDAR", "VERSION:2.0",
        "BEGIN:VEVENT", "UID:e1", "SUMMARY:Webinar", "DTSTART:20260106T180000Z", "END:VEVENT",
        "BEGIN:VTODO", "UID:t1", "SUMMARY:Order flyers", "END:VTODO",
        "BEGIN:VJOURNAL", "UID:j1", "SUMMARY:Notes", "DTSTART:20260106T180000Z", "END:VJOURNAL",
        "BEGIN:VFREEBUSY", "UID:f1", "FREEBUSY:20260106T180000Z/PT1H", "END:VFREEBUSY",
        "END:VCALENDAR"))
    db = tmp_path / "b.db"
    assert main(["import", "ics", str(notes_only), "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "1 touch created" in out and "1 to-do brought in as tasks" in out
    assert "journal entry" in out and "free/busy block" in out
    bad = tmp_path / "bad.ics"
    bad.write_bytes(_ics("BEGIN:VCALENDAR", "VERSION:2.0", "BEGIN:VEVENT", "UID:e2",
                         "SUMMARY:Old", "DTSTART:18000101T000000Z", "END:VEVENT",
                         "END:VCALENDAR"))
    assert main(["import", "ics", str(bad), "--db", str(db)]) == 1
    assert "skipped 'Old'" in capsys.readouterr().out


def test_recurrence_ids_in_another_zone_and_off_the_rule_are_applied(store: Store) -> None:
    data = _ics(
        "BEGIN:VCALENDAR", "VERSION:2.0",
        "BEGIN:VEVENT", "UID:s1", "SUMMARY:Demo",
        "DTSTART;TZID=America/Los_Angeles:20260106T180000",
        "RRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=4", "END:VEVENT",
        # the 13th at 18:00 in Los Angeles, named in UTC, moved to 09:00 Berlin time
        "BEGIN:VEVENT", "UID:s1", "SUMMARY:Demo", "RECURRENCE-ID:20260114T020000Z",
        "DTSTART;TZID=Europe/Berlin:20260114T090000", "END:VEVENT",
        # a Thursday the rule never gives: an extra occurrence, as RFC 5545 allows
        "BEGIN:VEVENT", "UID:s1", "SUMMARY:Demo",
        "RECURRENCE-ID;TZID=America/Los_Angeles:20260108T180000",
        "DTSTART;TZID=America/Los_Angeles:20260108T180000", "END:VEVENT",
        "END:VCALENDAR")
    report = import_ics(store, data)
    assert (report.created, report.skipped, report.occurrences) == (1, [], 2)
    shown = [_la(o).strftime("%a %d %H:%M") for o in _series(store, "Demo")]
    assert shown == ["Tue 06 18:00", "Thu 08 18:00", "Wed 14 00:00", "Tue 20 18:00",
                     "Tue 27 18:00"]
    exported = export_ics(store)[0]
    again = sorted(_la_text(e["dtstart"].dt) for e in recurring_ical_events.of(
        icalendar.Calendar.from_ical(exported)).between(*YEAR))
    assert again == sorted(shown)


def _la_text(moment: datetime) -> str:
    return moment.astimezone(LA).strftime("%a %d %H:%M")


def test_a_time_zone_that_changes_every_second_costs_no_time(store: Store) -> None:
    evil = _ics(
        "BEGIN:VCALENDAR", "VERSION:2.0", "BEGIN:VTIMEZONE", "TZID:Evil",
        "BEGIN:STANDARD", "DTSTART:16010101T000000", "RRULE:FREQ=SECONDLY",
        "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200", "END:STANDARD", "END:VTIMEZONE",
        "BEGIN:VEVENT", "UID:e1", "SUMMARY:Still here", "DTSTART;TZID=Evil:20260101T090000",
        "END:VEVENT", "END:VCALENDAR")
    began = time.perf_counter()
    report = import_ics(store, evil)
    assert time.perf_counter() - began < 2
    assert (report.created, report.skipped) == (1, [])
    assert any("more often than monthly" in n for n in report.notes)
    assert store.scalar("SELECT starts_at FROM touches") == "2026-01-01T07:00:00Z"


@pytest.mark.parametrize(("tzid", "name"), [
    ("Europe/Berlin", "Europe/Berlin"), ("W. Europe Standard Time", "Europe/Berlin"),
    ("Pacific Standard Time", "America/Los_Angeles"), ("Etc/UTC", "Etc/UTC"),
    ("/mozilla.org/20050126_1/America/New_York", "America/New_York"),
    ("/freeassociation.sourceforge.net/Tzfile/Europe/London", "Europe/London"),
    ("tzone://Microsoft/Utc", "UTC"), ("Not a zone", None)])
def test_zone_names_as_clients_spell_them(tzid: str, name: str | None) -> None:
    from sm_desk.io.ics_zones import iana_name

    assert iana_name(tzid) == name


OUTLOOK_EUROPE = "\r\n".join([
    "BEGIN:VTIMEZONE", "TZID:(UTC+01:00) Amsterdam\\, Berlin\\, Bern\\, Rome\\, Stockholm",
    "BEGIN:STANDARD", "DTSTART:16010101T030000", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100",
    "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10", "END:STANDARD",
    "BEGIN:DAYLIGHT", "DTSTART:16010101T020000", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200",
    "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3", "END:DAYLIGHT", "END:VTIMEZONE", ""])


def test_a_custom_zone_is_matched_by_offsets_preferring_a_city_it_names() -> None:
    from sm_desk.io.ics_zones import match_zone

    named = "(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm"
    assert match_zone(OUTLOOK_EUROPE, named, 2026) == "Europe/Amsterdam"
    assert match_zone(OUTLOOK_EUROPE, "Customized Time Zone", 2026) == "Europe/Berlin"
    american = OUTLOOK_EUROPE.replace("BYMONTH=10", "BYMONTH=11").replace("-1SU", "1SU", 1)
    assert match_zone(american, "Customized Time Zone", 2026) is None  # a rule no zone has


def test_a_start_the_rule_does_not_give_is_shown_as_clients_show_it(store: Store) -> None:
    # RFC 5545 clients always show DTSTART, here a Wednesday before a Tuesday rule.
    data = _ics("BEGIN:VCALENDAR", "VERSION:2.0", "BEGIN:VEVENT", "UID:w1", "SUMMARY:Kickoff",
                "DTSTART;TZID=America/Los_Angeles:20260107T180000",
                "RRULE:FREQ=WEEKLY;BYDAY=TU;UNTIL=20260128T080000Z", "END:VEVENT",
                "END:VCALENDAR")
    import_ics(store, data)
    ours = [_la(o).strftime("%a %d %H:%M") for o in _series(store, "Kickoff")]
    assert ours == ["Wed 07 18:00", "Tue 13 18:00", "Tue 20 18:00", "Tue 27 18:00"]
    theirs = [_la_text(e["dtstart"].dt) for e in recurring_ical_events.of(
        icalendar.Calendar.from_ical(data)).between(*YEAR)]
    assert sorted(ours) == sorted(theirs)
    # And a series made in SM Desk that starts off its rule: clients must not show the start.
    from sm_desk.core.marketing.touches import create_touch

    fresh = Store.memory()
    try:
        create_touch(fresh, {"title": "Webinar", "kind": "webinar", "tz": "Pacific/Auckland",
                             "start_local": "2026-11-16T05:00:00",
                             "rrule": "FREQ=MONTHLY;BYMONTHDAY=15;COUNT=3"})
        shown = [o.start for o in occurrences(fresh, *YEAR)]
        exported = export_ics(fresh)[0]
        expanded = [e["dtstart"].dt.astimezone(UTC) for e in recurring_ical_events.of(
            icalendar.Calendar.from_ical(exported)).between(*YEAR)]
        assert sorted(expanded) == shown and len(shown) == 1  # 15 Dec (16 Nov is the start)
        again = Store.memory()
        import_ics(again, exported)
        assert [o.start for o in occurrences(again, *YEAR)] == shown
        again.close()
    finally:
        fresh.close()


def test_an_event_with_too_many_exdates_is_refused_alone(store: Store) -> None:
    many = ",".join(f"{2000 + i // 365}{(i % 12) + 1:02d}{(i % 28) + 1:02d}T090000Z"
                    for i in range(20_001))
    data = _ics("BEGIN:VCALENDAR", "VERSION:2.0",
                "BEGIN:VEVENT", "UID:m1", "SUMMARY:Many", "DTSTART:20000101T090000Z",
                "RRULE:FREQ=DAILY", f"EXDATE:{many}", "END:VEVENT",
                "BEGIN:VEVENT", "UID:ok", "SUMMARY:Fine", "DTSTART:20260101T090000Z",
                "END:VEVENT", "END:VCALENDAR")
    report = import_ics(store, data)
    assert report.created == 1 and "20001 EXDATE dates" in report.skipped[0][1]
