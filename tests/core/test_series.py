"""One occurrence of a series edited like Google Calendar: this, this and following, all."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from sm_desk.core.marketing.calendar import occurrences
from sm_desk.core.marketing.campaigns import new_id
from sm_desk.core.marketing.rule_parts import RuleParts, describe, parse_parts
from sm_desk.core.marketing.series import delete_occurrence, edit_occurrence
from sm_desk.core.marketing.touches import TouchError, create_touch, set_occurrence_status
from sm_desk.core.store import Store
from tests.touch_rows import computer_in

BERLIN = ZoneInfo("Europe/Berlin")
SPRING = (datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 7, 1, tzinfo=UTC))


def _weekly(store: Store, rule: str = "FREQ=WEEKLY;BYDAY=TU;COUNT=10") -> int:
    return new_id(create_touch(store, {"title": "Letter", "kind": "newsletter",
                                       "start_local": "2026-03-03T09:00:00",
                                       "tz": "Europe/Berlin", "rrule": rule}), "touches")


def _shown(store: Store) -> list[tuple[str, str]]:
    return [(o.title, o.start.astimezone(BERLIN).strftime("%m-%d %H:%M"))
            for o in occurrences(store, *SPRING)]


@pytest.mark.parametrize("zone", ["UTC", "America/Los_Angeles"])
def test_this_and_following_on_the_fifth_splits_the_series(store: Store, zone: str) -> None:
    with computer_in(zone):
        tid = _weekly(store)
        set_occurrence_status(store, tid, "2026-04-14T09:00:00", "skipped")  # 7th
        edit_occurrence(store, tid, "2026-03-31T09:00:00",
                        {"title": "Spring letter", "start_local": "2026-03-31T10:30:00"},
                        "following")
        rows = store.query("SELECT id, title, start_local, rrule FROM touches ORDER BY id")
        assert [(r["title"], r["start_local"], r["rrule"]) for r in rows] == [
            ("Letter", "2026-03-03T09:00:00", "FREQ=WEEKLY;COUNT=4;BYDAY=TU"),
            ("Spring letter", "2026-03-31T10:30:00", "FREQ=WEEKLY;COUNT=6;BYDAY=TU")]
        shown = _shown(store)
        assert shown[:5] == [("Letter", "03-03 09:00"), ("Letter", "03-10 09:00"),
                             ("Letter", "03-17 09:00"), ("Letter", "03-24 09:00"),
                             ("Spring letter", "03-31 10:30")]
        assert len(shown) == 10
        # the skipped 7th went with the new series, at its new time
        skipped = store.query_one("SELECT touch_id, original_start, status FROM touch_occurrences")
        assert skipped == {"touch_id": rows[1]["id"], "original_start": "2026-04-14T10:30:00",
                           "status": "skipped"}
        store.undo()
        assert store.scalar("SELECT count(*) FROM touches") == 1
        assert len(_shown(store)) == 10 and _shown(store)[4] == ("Letter", "03-31 09:00")


def test_this_and_following_on_an_endless_series_ends_it_with_until(store: Store) -> None:
    tid = _weekly(store, "FREQ=WEEKLY;BYDAY=TU")
    edit_occurrence(store, tid, "2026-04-07T09:00:00", {"duration_minutes": 30}, "following")
    first, second = store.query("SELECT rrule, duration_minutes FROM touches ORDER BY id")
    assert first["rrule"] == "FREQ=WEEKLY;BYDAY=TU;UNTIL=20260407T065959Z"  # 08:59:59 CEST
    assert (second["rrule"], second["duration_minutes"]) == ("FREQ=WEEKLY;BYDAY=TU", 30)
    tuesdays = [o.start.astimezone(BERLIN).strftime("%m-%d") for o in occurrences(
        store, datetime(2026, 3, 30, tzinfo=UTC), datetime(2026, 4, 20, tzinfo=UTC))]
    assert tuesdays == ["03-31", "04-07", "04-14"]  # no gap, no double


def test_this_only_moves_or_detaches_one_occurrence(store: Store) -> None:
    tid = _weekly(store)
    edit_occurrence(store, tid, "2026-03-10T09:00:00", {"start_local": "2026-03-12T09:00:00"},
                    "this")
    edit_occurrence(store, tid, "2026-03-17T09:00:00", {"title": "St Patrick special"}, "this")
    shown = _shown(store)
    assert shown[:3] == [("Letter", "03-03 09:00"), ("Letter", "03-12 09:00"),
                         ("St Patrick special", "03-17 09:00")]
    assert len(shown) == 10  # the detached one replaces its occurrence, nothing doubled
    assert store.scalar("SELECT count(*) FROM touches WHERE rrule IS NULL") == 1


def test_all_moves_every_occurrence_to_the_new_time(store: Store) -> None:
    tid = _weekly(store)
    edit_occurrence(store, tid, "2026-04-07T09:00:00", {"start_local": "2026-04-07T11:00:00"},
                    "all")
    assert store.get("touches", tid)["start_local"] == "2026-03-03T11:00:00"  # type: ignore[index]
    assert {when[-5:] for _, when in _shown(store)} == {"11:00"}


def test_delete_one_occurrence_keeps_the_rest_and_following_ends_the_series(
        store: Store) -> None:
    tid = _weekly(store)
    delete_occurrence(store, tid, "2026-03-17T09:00:00", "this")
    shown = [when for _, when in _shown(store)]
    assert len(shown) == 9 and "03-17 09:00" not in shown
    delete_occurrence(store, tid, "2026-04-07T09:00:00", "following")
    assert [when for _, when in _shown(store)] == [
        "03-03 09:00", "03-10 09:00", "03-24 09:00", "03-31 09:00"]
    delete_occurrence(store, tid, "2026-03-03T09:00:00", "all")
    assert _shown(store) == [] and store.scalar("SELECT count(*) FROM trash") == 1
    store.undo()
    assert len(_shown(store)) == 4
    with pytest.raises(TouchError, match="not an occurrence"):
        delete_occurrence(store, tid, "2026-03-04T09:00:00", "this")


def test_rules_in_words_and_back() -> None:
    start = datetime(2026, 1, 6, 18, 0)
    assert describe("FREQ=WEEKLY;COUNT=12;BYDAY=TU,TH", start) == \
        "Every Tuesday and Thursday at 18:00, 12 times"
    assert describe("FREQ=MONTHLY;BYMONTHDAY=15", start) == "Every month on the 15th at 18:00"
    assert describe("FREQ=MONTHLY;BYDAY=2TU", start, all_day=True) == \
        "Every month on the second Tuesday"
    assert describe("FREQ=WEEKLY;INTERVAL=2;UNTIL=20260331", start) == \
        "Every 2 weeks on Tuesday at 18:00, until 31 Mar 2026"
    assert describe("FREQ=DAILY;BYHOUR=9,17", start) == "Every day at 9:00, 17:00"
    assert describe(None, start) == "Does not repeat"
    parts = parse_parts("FREQ=MONTHLY;INTERVAL=3;COUNT=4;BYDAY=-1FR")
    assert parts == RuleParts(freq="MONTHLY", interval=3, month_weekday=(-1, 4), count=4)
    assert parts.to_rule() == "FREQ=MONTHLY;INTERVAL=3;COUNT=4;BYDAY=-1FR"
    assert parse_parts("FREQ=MONTHLY;BYSETPOS=2;BYDAY=TU") is None  # too much for the editor
    assert parse_parts("FREQ=MONTHLY;BYMONTHDAY=15").to_rule() == "FREQ=MONTHLY;BYMONTHDAY=15"  # type: ignore[union-attr]
