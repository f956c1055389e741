"""The calendar reads only what can show in its range: series by their reach bound,
moved occurrences by where they show, a month's day cells by index ranges. Each test
checks what the calendar shows against the full expansion, and which series the range
query returned (the rows it expands)."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlite_utils import Database

from sm_desk.core.marketing.calendar import (
    ALL_DAY_MARGIN,
    local_day_range,
    occurrences,
    reaching,
)
from sm_desk.core.marketing.campaigns import new_id
from sm_desk.core.marketing.day_cells import cell_order, day_cells
from sm_desk.core.marketing.reach import series_end
from sm_desk.core.marketing.series import edit_occurrence
from sm_desk.core.marketing.touches import create_touch, move_occurrence, update_touch
from sm_desk.core.store import Store
from sm_desk.core.store.schema import migrations

DECEMBER = local_day_range(date(2026, 11, 30), 42)  # a month view: six weeks


def _series(store: Store, rule: str, start: str = "2020-01-07T09:00:00",
            title: str = "Letter", tz: str = "Europe/Berlin") -> int:
    return new_id(create_touch(store, {"title": title, "kind": "newsletter",
                                       "start_local": start, "tz": tz, "rrule": rule}),
                  "touches")


def _candidates(store: Store, start: datetime, end: datetime) -> set[int]:
    """The recurring touches the range query hands to the expansion."""
    return {r["id"] for r in reaching(store, start - ALL_DAY_MARGIN, end + ALL_DAY_MARGIN)}


def _titles(store: Store, start: datetime, end: datetime) -> list[str]:
    return [o.title for o in occurrences(store, start, end)]


def test_a_weekly_series_started_years_ago_still_shows_this_month(
        store: Store, computer_zone: str) -> None:
    endless = _series(store, "FREQ=WEEKLY;BYDAY=TU", title="Endless")
    until = _series(store, "FREQ=WEEKLY;BYDAY=TU;UNTIL=20301231T235959Z", title="Until")
    counted = _series(store, "FREQ=WEEKLY;BYDAY=TU;COUNT=900", title="Counted")  # to 2037
    assert {endless, until, counted} <= _candidates(store, *DECEMBER)
    shown = _titles(store, *DECEMBER)
    assert shown.count("Endless") == shown.count("Until") == shown.count("Counted") == 6


def test_a_series_that_ended_before_the_range_is_not_expanded(
        store: Store, computer_zone: str) -> None:
    ended = _series(store, "FREQ=WEEKLY;BYDAY=TU;UNTIL=20210301T000000Z", title="Until")
    counted = _series(store, "FREQ=DAILY;COUNT=30", title="Counted")
    dated = _series(store, "FREQ=WEEKLY;UNTIL=20210301", title="Date until")
    live = _series(store, "FREQ=WEEKLY;BYDAY=TU", title="Live")
    found = _candidates(store, *DECEMBER)
    assert live in found and not {ended, counted, dated} & found
    assert set(_titles(store, *DECEMBER)) == {"Live"}
    # ...but each is expanded for a range it reaches, and shows there
    spring = local_day_range(date(2020, 1, 6), 14)
    assert {ended, counted, dated, live} <= _candidates(store, *spring)
    assert set(_titles(store, *spring)) == {"Until", "Counted", "Date until", "Live"}


def test_the_bound_covers_the_last_occurrence(store: Store, computer_zone: str) -> None:
    """Its last start, in any zone, over a daylight-saving change, is before the bound."""
    for tz in ("Pacific/Auckland", "America/Los_Angeles", "Europe/Berlin", "UTC"):
        tid = _series(store, "FREQ=DAILY;COUNT=40", start="2026-03-01T02:30:00", tz=tz)
        last = occurrences(store, datetime(2026, 3, 1, tzinfo=UTC),
                           datetime(2026, 5, 1, tzinfo=UTC))[-1]
        bound = store.get("touches", tid)["series_end_at"]  # type: ignore[index]
        assert last.start <= datetime.fromisoformat(bound) <= last.start + timedelta(days=3)
        store.conn.execute("DELETE FROM touches")
    assert series_end("FREQ=WEEKLY", "2026-03-01T09:00:00", "UTC", False) is None
    assert series_end(None, "2026-03-01T09:00:00", "UTC", False) is None
    assert series_end("FREQ=DAILY;UNTIL=20260310", "2026-03-01", "UTC", True) \
        == "2026-03-12T00:00:00Z"


def test_an_edit_that_extends_a_series_shows_it_in_a_later_month(
        store: Store, computer_zone: str) -> None:
    tid = _series(store, "FREQ=WEEKLY;BYDAY=TU;COUNT=3", start="2026-11-03T09:00:00")
    assert tid not in _candidates(store, *DECEMBER) and _titles(store, *DECEMBER) == []
    update_touch(store, tid, {"rrule": "FREQ=WEEKLY;BYDAY=TU;COUNT=30"})
    assert tid in _candidates(store, *DECEMBER)
    assert len(_titles(store, *DECEMBER)) == 6
    store.undo()
    assert _titles(store, *DECEMBER) == []
    store.redo()
    assert len(_titles(store, *DECEMBER)) == 6


def test_a_split_series_shows_everywhere_it_should(store: Store, computer_zone: str) -> None:
    tid = _series(store, "FREQ=WEEKLY;BYDAY=TU", start="2026-10-06T09:00:00")
    edit_occurrence(store, tid, "2026-11-03T09:00:00", {"title": "Winter letter"},
                    "following")
    old = store.get("touches", tid)
    assert old is not None and old["series_end_at"] is not None  # it ends now
    october = local_day_range(date(2026, 9, 28), 35)
    assert set(_titles(store, *october)) == {"Letter"}
    assert tid not in _candidates(store, *DECEMBER)
    assert set(_titles(store, *DECEMBER)) == {"Winter letter"}
    assert len(_titles(store, *DECEMBER)) == 6


def test_an_occurrence_moved_past_the_end_of_its_series_shows_there(
        store: Store, computer_zone: str) -> None:
    tid = _series(store, "FREQ=WEEKLY;BYDAY=TU;COUNT=3", start="2026-10-06T09:00:00")
    move_occurrence(store, tid, "2026-10-13T09:00:00", datetime(2026, 12, 9, 14, 0))
    assert tid in _candidates(store, *DECEMBER)
    [moved] = occurrences(store, *DECEMBER)
    assert moved.moved and moved.original_start == "2026-10-13T09:00:00"
    late = local_day_range(date(2027, 3, 1), 35)
    assert tid not in _candidates(store, *late)


def test_a_writer_that_changes_the_rule_without_a_bound_leaves_none(
        store: Store, computer_zone: str) -> None:
    """An import or a plain UPDATE of the rule: the trigger clears the stale bound, so
    the series is expanded (and shows) in every later range."""
    tid = _series(store, "FREQ=WEEKLY;BYDAY=TU;COUNT=3", start="2026-11-03T09:00:00")
    assert store.get("touches", tid)["series_end_at"] is not None  # type: ignore[index]
    store.conn.execute("UPDATE touches SET rrule = 'FREQ=WEEKLY;BYDAY=TU' WHERE id = ?", [tid])
    assert store.get("touches", tid)["series_end_at"] is None  # type: ignore[index]
    assert len(_titles(store, *DECEMBER)) == 6
    # a title edit keeps the bound
    other = _series(store, "FREQ=DAILY;COUNT=3", start="2026-11-03T09:00:00", title="Other")
    update_touch(store, other, {"title": "Renamed"})
    assert store.get("touches", other)["series_end_at"] is not None  # type: ignore[index]


def _full_by_day(store: Store, first: date, days: int) -> dict[date, list[object]]:
    grouped: dict[date, list[object]] = defaultdict(list)
    for o in sorted(occurrences(store, *local_day_range(first, days)), key=cell_order):
        grouped[o.day()].append(o.key)
    return grouped


def test_day_cells_hold_each_days_first_chips_and_count(
        store: Store, computer_zone: str) -> None:
    """Against the full query: the same count per day, and the first ones in the cell's
    order (all-day first, then by start, then title), series and all-day touches too."""
    for i in range(40):
        create_touch(store, {"title": f"Post {i % 7}", "kind": "social_post",
                             "start_local": f"2026-12-{1 + i % 9:02d}T{i % 24:02d}:30:00",
                             "tz": ("Pacific/Auckland", "America/Los_Angeles", "UTC")[i % 3]})
    for i in range(12):
        create_touch(store, {"title": f"Gift {i}", "kind": "gift", "all_day": True,
                             "start_local": f"2026-12-{1 + i % 5:02d}"})
    _series(store, "FREQ=DAILY", start="2026-11-20T23:30:00", title="Daily",
            tz="Pacific/Auckland")
    _series(store, "FREQ=WEEKLY;BYDAY=TU,TH", start="2026-11-03", title="Weekly")
    store.conn.execute("UPDATE touches SET all_day = 1, start_local = '2026-11-03', "
                       "starts_at = '2026-11-03T00:00:00Z' WHERE title = 'Weekly'")
    first = date(2026, 11, 30)
    full = _full_by_day(store, first, 14)
    cells = day_cells(store, first, 14, per_day=4)
    assert cells.counts == {first + timedelta(days=i): len(full.get(
        first + timedelta(days=i), [])) for i in range(14)}
    assert cells.total == sum(len(v) for v in full.values()) > 60
    for day, keys in full.items():
        assert [o.key for o in cells.first[day]] == keys[:4]
    gifts = day_cells(store, first, 14, per_day=2, kinds=["gift"])
    assert gifts.total == 12


def test_the_migration_bounds_the_series_of_an_older_file(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = Database(path)
    migrations().apply(db, stop_before="0093_touch_range_index")  # type: ignore[attr-defined]
    for uid, rule in (("a", "FREQ=DAILY;COUNT=10"), ("b", "FREQ=DAILY"), ("c", None)):
        db.execute("INSERT INTO touches (kind, title, starts_at, start_local, tz, rrule, uid, "
                   "created_at, updated_at) VALUES ('ad', ?, '2026-01-01T09:00:00Z', "
                   "'2026-01-01T09:00:00', 'UTC', ?, ?, 'x', 'x')", [uid, rule, uid])
    db.conn.commit()
    db.close()
    store = Store.open(path)
    try:
        bounds = {r["title"]: r["series_end_at"] for r in store.query(
            "SELECT title, series_end_at FROM touches")}
        assert bounds == {"a": "2026-01-12T09:00:00Z", "b": None, "c": None}
    finally:
        store.close()
