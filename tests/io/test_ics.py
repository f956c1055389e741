"""ICS export/import: parses with icalendar, expands (recurring_ical_events) to exactly the
service's occurrences, round-trips into an empty database, and survives messy real files."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events

from sm_desk.cli import main
from sm_desk.core.marketing.calendar import occurrences
from sm_desk.core.marketing.campaigns import create_campaign, new_id
from sm_desk.core.marketing.touches import create_touch, move_to_day, set_occurrence_status
from sm_desk.core.store import Store
from sm_desk.io.ics import export_ics, import_ics
from sm_desk.io.ics_import import IcsError

START, END = datetime(2026, 11, 1, tzinfo=UTC), datetime(2027, 3, 1, tzinfo=UTC)


def _plan(store: Store) -> None:
    cid = new_id(create_campaign(store, {"name": "Winter webinars", "colour": "#59a14f"}),
                 "campaigns")
    weekly = new_id(create_touch(store, {
        "title": "Weekly newsletter", "kind": "newsletter", "campaign_id": cid,
        "starts_at": "2026-10-06T08:30:00Z", "rrule": "FREQ=WEEKLY;BYDAY=TU", "audience_size": 900,
        "cost_minor": 1250}), "touches")
    create_touch(store, {"title": "Monthly webinar", "kind": "webinar", "campaign_id": cid,
                         "starts_at": "2026-11-15T16:00:00Z", "duration_minutes": 90,
                         "rrule": "FREQ=MONTHLY;BYMONTHDAY=15;UNTIL=20270201"})
    create_touch(store, {"title": "Gift week", "kind": "gift", "starts_at": "2026-11-02T00:00:00Z",
                         "all_day": True, "rrule": "FREQ=WEEKLY;COUNT=10;INTERVAL=2"})
    create_touch(store, {"title": "Expo booth", "kind": "event", "campaign_id": cid,
                         "starts_at": "2026-12-03T09:00:00Z", "duration_minutes": 480,
                         "notes": "Hall 4, stand 12"})
    create_touch(store, {"title": "Old press note", "kind": "press",
                         "starts_at": "2026-11-20T00:00:00Z", "all_day": True,
                         "status": "skipped"})
    nov = occurrences(store, START, datetime(2026, 12, 1, tzinfo=UTC))
    tuesdays = [o for o in nov if o.touch_id == weekly]
    move_to_day(store, tuesdays[1], date(2026, 11, 12))  # moved within the month
    set_occurrence_status(store, weekly, tuesdays[2].original_start or "", "skipped")  # EXDATE
    move_to_day(store, tuesdays[3], date(2026, 12, 31))  # moved out of the month


def _service(store: Store) -> list[tuple[str, datetime]]:
    return sorted((o.title, o.start) for o in occurrences(store, START, END,
                                                          include_skipped=False))


def _expanded(data: bytes) -> list[tuple[str, datetime]]:
    cal = icalendar.Calendar.from_ical(data)
    found = []
    for event in recurring_ical_events.of(cal).between(START, END):
        if str(event.get("status")) == "CANCELLED":
            continue
        start = event["dtstart"].dt
        if not isinstance(start, datetime):
            start = datetime(start.year, start.month, start.day, tzinfo=UTC)
        found.append((str(event["summary"]), start.astimezone(UTC)))
    return sorted(found)


def test_export_expands_to_exactly_the_service_occurrences(store: Store) -> None:
    _plan(store)
    data, count = export_ics(store)
    assert count == 5
    service = _service(store)
    assert len(service) > 25
    assert _expanded(data) == service
    cal = icalendar.Calendar.from_ical(data)
    weekly = [e for e in cal.walk("VEVENT") if str(e["summary"]) == "Weekly newsletter"]
    assert len(weekly) == 3  # the series and its two moved occurrences (RECURRENCE-ID)
    assert len({str(e["uid"]) for e in weekly}) == 1
    master = next(e for e in weekly if e.get("recurrence-id") is None)
    # The skipped third Tuesday, at the series' wall-clock time in its own zone.
    row = store.query_one("SELECT start_local, tz FROM touches WHERE title = 'Weekly newsletter'")
    assert row is not None
    skipped = datetime.combine(date(2026, 11, 17), datetime.fromisoformat(row["start_local"])
                               .time(), tzinfo=ZoneInfo(row["tz"]))
    assert [d.dt for d in master["exdate"].dts] == [skipped]


def test_reexport_keeps_uids_and_import_round_trips_into_empty_db(store: Store) -> None:
    _plan(store)
    data, _ = export_ics(store)
    again, _ = export_ics(store)
    assert data == again  # stable: same UIDs, same stamps

    fresh = Store.memory()
    report = import_ics(fresh, data)
    assert (report.created, report.skipped) == (5, [])
    assert report.occurrences == 3
    cols = ("uid, title, kind, starts_at, start_local, tz, all_day, status, audience_size, "
            "cost_minor, notes")
    assert fresh.query(f"SELECT {cols} FROM touches ORDER BY uid") == \
        store.query(f"SELECT {cols} FROM touches ORDER BY uid")
    assert _service(fresh) == _service(store)
    assert fresh.scalar("SELECT colour FROM campaigns WHERE name = 'Winter webinars'") == "#59a14f"
    second = import_ics(fresh, data)  # the same file again updates, never duplicates
    assert (second.created, fresh.scalar("SELECT count(*) FROM touches")) == (0, 5)
    fresh.close()


MESSY = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Outlook//EN\r\n"
    "BEGIN:VEVENT\r\nUID:abc-1\r\nSUMMARY:Caf\xe9 m\xfcnchen webinar\r\n"
    "DTSTART;TZID=W. Europe Standard Time:20261201T090000\r\nDURATION:PT1H30M\r\n"
    "RRULE:FREQ=WEEKLY;UNTIL=20261229T080000Z\r\n"
    "EXDATE;TZID=W. Europe Standard Time:20261208T090000,20261215T090000\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:abc-1\r\nRECURRENCE-ID;TZID=W. Europe Standard Time:20261222T090000\r\n"
    "DTSTART;TZID=W. Europe Standard Time:20261223T100000\r\nDURATION:PT1H\r\n"
    "SUMMARY:Moved\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nSUMMARY:Trade fair\r\nDTSTART;VALUE=DATE:20261204\r\n"
    "DTEND;VALUE=DATE:20261206\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:bomb\r\nSUMMARY:Billion laughs\r\nDTSTART:20261201T090000Z\r\n"
    "RRULE:FREQ=SECONDLY;COUNT=1000000000\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:orphan\r\nRECURRENCE-ID:20261201T090000Z\r\n"
    "DTSTART:20261202T090000Z\r\nSUMMARY:Lost child\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:nostart\r\nSUMMARY:No start\r\nEND:VEVENT\r\n"
    "BEGIN:VTODO\r\nUID:todo\r\nSUMMARY:A to-do\r\nEND:VTODO\r\n"
    "END:VCALENDAR\r\n"
).encode("latin-1")


def test_messy_real_world_file_imports_with_a_report(store: Store) -> None:
    report = import_ics(store, MESSY)
    assert (report.created, report.occurrences, report.tasks) == (3, 3, 1)
    reasons = dict(report.skipped)
    assert set(reasons) == {"'Billion laughs' on 2026-12-01 09:00:00+00:00", "'No start'"}
    assert "more often than hourly" in reasons["'Billion laughs' on 2026-12-01 09:00:00+00:00"]
    assert "no start" in reasons["'No start'"]
    assert any("not in the file came in as single touches" in n for n in report.notes)
    assert store.scalar("SELECT title FROM tasks") == "A to-do"
    assert any("Latin-1" in n for n in report.notes)
    assert any("no UID" in n for n in report.notes)
    web = store.query_one("SELECT * FROM touches WHERE uid = 'abc-1'")
    assert web is not None
    assert (web["title"], web["kind"], web["starts_at"], web["duration_minutes"]) == \
        ("Café münchen webinar", "webinar", "2026-12-01T08:00:00Z", 90)  # Berlin is UTC+1
    fair = store.query_one("SELECT * FROM touches WHERE title = 'Trade fair'")
    assert fair is not None and (fair["all_day"], fair["duration_minutes"]) == (1, 2880)
    dec = occurrences(store, datetime(2026, 12, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC),
                      include_skipped=False)
    assert [(o.title, o.start.day, o.start.hour) for o in dec] == [
        ("Café münchen webinar", 1, 8), ("Lost child", 2, 9), ("Trade fair", 4, 0),
        ("Café münchen webinar", 23, 9), ("Café münchen webinar", 29, 8)]
    again = import_ics(store, MESSY)  # a derived UID makes the second import an update
    assert (again.created, again.updated) == (0, 3)
    assert store.scalar("SELECT count(*) FROM tasks WHERE title = 'A to-do'") == 1  # not twice


def test_garbage_is_refused(store: Store) -> None:
    with pytest.raises(IcsError):
        import_ics(store, b"\x00\x01 not a calendar")


def test_cli_export_range_and_import(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src, dst, ics = tmp_path / "a.db", tmp_path / "b.db", tmp_path / "plan.ics"
    store = Store.open(src)
    _plan(store)
    store.close()
    assert main(["export", "ics", str(ics), "--db", str(src),
                 "--from", "2026-12-01", "--to", "2027-01-01"]) == 0
    assert "Wrote 4 touches" in capsys.readouterr().out  # the skipped November note stays out
    assert main(["import", "ics", str(ics), "--db", str(dst)]) == 0
    assert "4 touches created" in capsys.readouterr().out
    bad = tmp_path / "bad.ics"
    bad.write_bytes(MESSY)
    assert main(["import", "ics", str(bad), "--db", str(dst)]) == 1  # rows were skipped
    assert main(["import", "ics", str(tmp_path / "none.ics"), "--db", str(dst)]) == 4
    assert main(["export", "ics", str(ics), "--from", "2027-01-01", "--to", "2026-01-01",
                 "--db", str(dst)]) == 2


def test_a_deleted_occurrence_goes_out_as_exdate_and_comes_back_deleted(store: Store) -> None:
    from sm_desk.core.marketing.series import delete_occurrence

    tid = new_id(create_touch(store, {"title": "Letter", "kind": "newsletter",
                                      "start_local": "2026-03-03T09:00:00",
                                      "tz": "Europe/Berlin", "rrule": "FREQ=WEEKLY;COUNT=5"}),
                 "touches")
    delete_occurrence(store, tid, "2026-03-31T09:00:00", "this")  # after the DST change
    data, _ = export_ics(store)
    master = next(e for e in icalendar.Calendar.from_ical(data).walk("VEVENT"))
    assert b"EXDATE;TZID=Europe/Berlin:20260331T090000" in master.to_ical()
    shown = recurring_ical_events.of(icalendar.Calendar.from_ical(data)).between(
        datetime(2026, 3, 1), datetime(2026, 5, 1))
    assert len(shown) == 4
    fresh = Store.memory()
    import_ics(fresh, data)
    days = [o.start.astimezone(ZoneInfo("Europe/Berlin")).day
            for o in occurrences(fresh, datetime(2026, 3, 1, tzinfo=UTC),
                                 datetime(2026, 5, 1, tzinfo=UTC))]
    assert days == [3, 10, 17, 24]  # deleted, not shown as skipped
    assert fresh.scalar("SELECT removed FROM touch_occurrences") == 1


def test_export_on_a_full_disk_keeps_the_previous_file(tmp_path: Path, store: Store,
                                                        monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    import errno
    import os

    db = tmp_path / "b.db"
    assert main(["demo", "--db", str(db), "--size", "small"]) == 0
    target = tmp_path / "calendar.ics"
    target.write_bytes(b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")

    def full(*_: object, **__: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("os.fsync", full)
    code = main(["export", "ics", str(target), "--db", str(db)])
    assert code != 0 and "full" in capsys.readouterr().err.lower()
    assert target.read_bytes() == b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("calendar")] == [
        "calendar.ics"]  # no temporary file left behind


def test_an_imported_series_is_bounded_where_its_rule_ends(store: Store) -> None:
    """A series that comes in from a file gets the bound the calendar's range query reads
    (touches.series_end_at): its last start, so months after it skip it; a series with
    no end stays unbounded."""
    data = (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\n"
            b"BEGIN:VEVENT\r\nUID:ends@example.com\r\nSUMMARY:Ends in March\r\n"
            b"DTSTART;TZID=Europe/Berlin:20260105T090000\r\nDURATION:PT1H\r\n"
            b"RRULE:FREQ=WEEKLY;UNTIL=20260330T080000Z\r\nEND:VEVENT\r\n"
            b"BEGIN:VEVENT\r\nUID:forever@example.com\r\nSUMMARY:Every Monday\r\n"
            b"DTSTART;TZID=Europe/Berlin:20260105T100000\r\nDURATION:PT1H\r\n"
            b"RRULE:FREQ=WEEKLY\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    import_ics(store, data)
    bounds = {r["title"]: r["series_end_at"] for r in store.query(
        "SELECT title, series_end_at FROM touches")}
    assert bounds["Every Monday"] is None
    assert bounds["Ends in March"] is not None
    assert "2026-03-30" <= bounds["Ends in March"] < "2026-04-06"
    june = [o.title for o in occurrences(store, datetime(2026, 6, 1, tzinfo=UTC),
                                         datetime(2026, 7, 1, tzinfo=UTC))]
    assert "Ends in March" not in june and june.count("Every Monday") == 5
