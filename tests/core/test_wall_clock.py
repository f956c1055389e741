"""Calendar time is wall-clock plus a zone: right on a computer in any zone, across DST.

Every test runs with the computer set to UTC, Europe/Berlin, America/Los_Angeles and
Pacific/Auckland (TZ + time.tzset()), since expanding in UTC only fails away from UTC.
"""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlite_utils import Database

from sm_desk.core.marketing.calendar import local_day_range, occurrences
from sm_desk.core.marketing.campaigns import new_id
from sm_desk.core.marketing.recurrence import RecurrenceError, expand, normalise_rule
from sm_desk.core.marketing.touches import (
    TouchError,
    create_touch,
    move_to_day,
    set_occurrence_status,
)
from sm_desk.core.store import Store
from sm_desk.core.store.schema import migrations

BERLIN, LA = ZoneInfo("Europe/Berlin"), ZoneInfo("America/Los_Angeles")
YEAR_2026 = (datetime(2026, 1, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC))


pytestmark = pytest.mark.usefixtures("computer_zone")  # every test in each zone


def _touch(store: Store, start: str, tz: str, rule: str | None = None, **extra: object) -> int:
    return new_id(create_touch(store, {"title": "Newsletter", "kind": "newsletter",
                                       "start_local": start, "tz": tz, "rrule": rule, **extra}),
                  "touches")


def test_weekly_0900_keeps_0900_across_both_dst_changes(store: Store) -> None:
    _touch(store, "2026-03-03T09:00:00", "Europe/Berlin", "FREQ=WEEKLY;BYDAY=TU;COUNT=40")
    found = occurrences(store, *YEAR_2026)
    local = [o.start.astimezone(BERLIN) for o in found]
    assert len(local) == 40
    assert {(t.hour, t.minute, t.weekday()) for t in local} == {(9, 0, 1)}
    # both sides of 29 March and 25 October are in the series, one hour apart in UTC
    assert {o.start.hour for o in found} == {8, 7}
    assert local[0].date() == date(2026, 3, 3) and local[-1].date() == date(2026, 12, 1)


def test_byday_and_bymonthday_keep_their_day_west_of_utc(store: Store) -> None:
    _touch(store, "2026-01-06T18:00:00", "America/Los_Angeles", "FREQ=WEEKLY;BYDAY=TU,TH;COUNT=20")
    _touch(store, "2026-01-15T18:00:00", "America/Los_Angeles", "FREQ=MONTHLY;BYMONTHDAY=15;COUNT=6",
           title="Webinar")
    found = occurrences(store, *YEAR_2026)
    weekly = [o.start.astimezone(LA) for o in found if o.title == "Newsletter"]
    monthly = [o.start.astimezone(LA) for o in found if o.title == "Webinar"]
    assert {t.strftime("%a %H:%M") for t in weekly} == {"Tue 18:00", "Thu 18:00"}
    assert [(t.month, t.day, t.hour) for t in monthly] == [(m, 15, 18) for m in range(1, 7)]


def test_spring_forward_gap_and_fall_back_overlap_follow_rfc5545(store: Store) -> None:
    _touch(store, "2026-03-28T02:30:00", "Europe/Berlin", "FREQ=DAILY;COUNT=3")
    _touch(store, "2026-10-24T02:30:00", "Europe/Berlin", "FREQ=DAILY;COUNT=3", title="Fall")
    found = occurrences(store, *YEAR_2026)
    spring = [o.start for o in found if o.title == "Newsletter"]
    fall = [o.start for o in found if o.title == "Fall"]
    # 02:30 on 29 March does not exist: the offset before the gap (+01:00) gives 03:30 CEST
    assert [t.strftime("%d %H:%M") for t in spring] == ["28 01:30", "29 01:30", "30 00:30"]
    assert spring[1].astimezone(BERLIN).strftime("%H:%M %Z") == "03:30 CEST"
    # 02:30 on 25 October happens twice: the first one (still CEST, 00:30 UTC)
    assert [t.strftime("%d %H:%M") for t in fall] == ["24 00:30", "25 00:30", "26 01:30"]


def test_dragging_across_dst_keeps_the_wall_clock_time(store: Store) -> None:
    tid = _touch(store, "2026-03-17T09:00:00", "Europe/Berlin", "FREQ=WEEKLY;COUNT=4")
    one_off = _touch(store, "2026-03-18T09:00:00", "Europe/Berlin", title="Booth")
    march = occurrences(store, datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 4, 1, tzinfo=UTC))
    first = next(o for o in march if o.touch_id == tid)
    single = next(o for o in march if o.touch_id == one_off)
    move_to_day(store, first, first.day() + timedelta(days=21))  # into summer time
    move_to_day(store, single, single.day() + timedelta(days=21))
    april = occurrences(store, datetime(2026, 4, 1, tzinfo=UTC), datetime(2026, 5, 1, tzinfo=UTC))
    moved = next(o for o in april if o.moved)
    assert moved.start.astimezone(BERLIN).strftime("%m-%d %H:%M") == "04-07 09:00"
    assert moved.original_start == "2026-03-17T09:00:00"
    assert store.get("touches", one_off)["start_local"] == "2026-04-08T09:00:00"  # type: ignore[index]
    booth = next(o for o in april if o.touch_id == one_off)
    assert booth.start.astimezone(BERLIN).hour == 9


def test_all_day_touch_stays_on_its_date_in_every_zone(store: Store) -> None:
    tid = new_id(create_touch(store, {"title": "Launch day", "kind": "blog_post",
                                      "start_local": "2026-06-10", "all_day": True,
                                      "tz": "Pacific/Auckland"}), "touches")
    assert store.get("touches", tid)["start_local"] == "2026-06-10"  # type: ignore[index]
    on_day = occurrences(store, *local_day_range(date(2026, 6, 10), 1))
    assert [(o.touch_id, o.day()) for o in on_day] == [(tid, date(2026, 6, 10))]
    assert not occurrences(store, *local_day_range(date(2026, 6, 9), 1))
    assert not occurrences(store, *local_day_range(date(2026, 6, 11), 1))


def test_skip_is_keyed_by_the_local_start_and_accepts_an_instant(store: Store) -> None:
    tid = _touch(store, "2026-03-24T09:00:00", "Europe/Berlin", "FREQ=WEEKLY;COUNT=3")
    # 31 March 09:00 CEST is 07:00 UTC: the same occurrence, said either way
    set_occurrence_status(store, tid, "2026-03-31T07:00:00Z", "skipped")
    assert store.scalar("SELECT original_start FROM touch_occurrences") == "2026-03-31T09:00:00"
    left = occurrences(store, *YEAR_2026, include_skipped=False)
    assert [o.start.astimezone(BERLIN).day for o in left] == [24, 7]
    with pytest.raises(TouchError, match="not an occurrence"):
        set_occurrence_status(store, tid, "2026-03-31T10:00:00", "done")


def test_rules_that_cannot_be_expanded_safely_are_refused_with_a_reason() -> None:
    for rule, reason in [("FREQ=WEEKLY;INTERVAL=0", "INTERVAL=0"),
                         ("FREQ=DAILY;INTERVAL=-2", "INTERVAL=-2"),
                         ("FREQ=MINUTELY", "more often than hourly"),
                         ("FREQ=DAILY;BYHOUR=9,10,11,12,13;BYMINUTE=0,10,20,30,40,50",
                          "30 times a day"),
                         ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "never gives a date"),
                         ("FREQ=MONTHLY;BYMONTH=4,6;BYMONTHDAY=31", "never gives a date")]:
        with pytest.raises(RecurrenceError, match=reason):
            normalise_rule(rule)
    assert normalise_rule("freq=daily;byhour=9,17") == "FREQ=DAILY;BYHOUR=9,17"
    twice = expand("FREQ=DAILY;BYHOUR=9,17", datetime(2026, 1, 1, 9), "UTC", False,
                   datetime(2026, 1, 1), datetime(2026, 1, 3))
    assert [t.hour for t in twice] == [9, 17, 9, 17]


def test_a_never_matching_leap_day_rule_costs_milliseconds(store: Store) -> None:
    _touch(store, "2028-02-29T09:00:00", "UTC", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29")
    started = time.perf_counter()
    found = occurrences(store, datetime(2029, 3, 1, tzinfo=UTC), datetime(2029, 4, 1, tzinfo=UTC))
    assert found == [] and time.perf_counter() - started < 0.5


def test_years_out_of_range_are_refused(store: Store) -> None:
    with pytest.raises(TouchError, match="1800"):
        _touch(store, "1800-01-01T09:00:00", "UTC")
    with pytest.raises(TouchError, match="not a known time zone"):
        _touch(store, "2026-01-01T09:00:00", "Mars/Olympus_Mons")


def test_upgrade_keeps_instants_of_one_offs_and_wall_clock_of_series(
        tmp_path: Path, computer_zone: str) -> None:
    path = tmp_path / "old.db"
    db = Database(path)
    migrations().apply(db, stop_before="0019_touch_wall_clock")  # type: ignore[attr-defined]
    columns = "kind, title, starts_at, all_day, rrule, uid, created_at, updated_at"
    db.execute(f"INSERT INTO touches ({columns}) VALUES "
                "('event', 'Fair', '2026-07-01T16:00:00Z', 0, NULL, 'a', 'x', 'x'), "
                "('newsletter', 'Weekly', '2026-01-06T17:00:00Z', 0, 'FREQ=WEEKLY;COUNT=30', "
                "'b', 'x', 'x'), "
                "('blog_post', 'Post', '2026-05-05T00:00:00Z', 1, NULL, 'c', 'x', 'x')")
    db.execute("INSERT INTO touch_occurrences (touch_id, original_start, new_start, status) "
               "VALUES (2, '2026-01-13T17:00:00Z', '2026-01-14T17:00:00Z', 'planned')")
    db.conn.commit()
    db.close()
    store = Store.open(path)
    try:
        zone = ZoneInfo(computer_zone)
        fair, weekly, post = (store.get("touches", i) for i in (1, 2, 3))
        assert fair is not None and weekly is not None and post is not None
        assert fair["starts_at"] == "2026-07-01T16:00:00Z" and fair["tz"] == computer_zone
        wall = datetime(2026, 1, 6, 17, tzinfo=UTC).astimezone(zone)
        assert weekly["start_local"] == wall.strftime("%Y-%m-%dT%H:%M:%S")
        assert post["start_local"] == "2026-05-05"
        found = occurrences(store, *YEAR_2026)
        series = [o for o in found if o.touch_id == 2]
        # the series keeps its January wall-clock time through the summer
        assert {o.start.astimezone(zone).strftime("%H:%M") for o in series} == {
            wall.strftime("%H:%M")}
        moved = next(o for o in series if o.moved)
        assert moved.start == datetime(2026, 1, 14, 17, tzinfo=UTC)
    finally:
        store.close()
