"""The plan view's core: ranges, rows, monthly spend against budget, and moving a
campaign with every touch of it (series and overrides included) across DST."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from sm_desk.core.fx import set_rate
from sm_desk.core.marketing.calendar import occurrences
from sm_desk.core.marketing.campaigns import CampaignError, create_campaign, new_id
from sm_desk.core.marketing.plan import (
    PlanRange,
    PlanSource,
    load_plan,
    plan_range,
    set_campaign_dates,
    shift_campaign,
    this_week,
)
from sm_desk.core.marketing.plan_rules import shift_rule
from sm_desk.core.marketing.recurrence import expand
from sm_desk.core.marketing.touches import create_touch, move_occurrence, set_occurrence_status
from sm_desk.core.store import Store
from tests.touch_rows import computer_in

BERLIN = ZoneInfo("Europe/Berlin")
SPRING = (datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 6, 1, tzinfo=UTC))


def _campaign(store: Store, name: str = "Spring launch", **extra: Any) -> int:
    values = {"name": name, "start_date": "2026-03-02", "end_date": "2026-04-30",
              "budget_minor": 300_000, **extra}
    return new_id(create_campaign(store, values), "campaigns")


def _touch(store: Store, campaign_id: int, start: str, tz: str = "Europe/Berlin",
           **extra: Any) -> int:
    values = {"title": f"Touch {start}", "kind": "newsletter", "campaign_id": campaign_id,
              "start_local": start, "tz": tz, **extra}
    return new_id(create_touch(store, values), "touches")


def _snapshot(store: Store) -> list[list[dict[str, Any]]]:
    return [store.query(f"SELECT * FROM {table} ORDER BY id")
            for table in ("campaigns", "touches", "touch_occurrences")]


def _spring(store: Store) -> dict[str, int]:
    """A campaign across Berlin's and Los Angeles' spring DST changes."""
    cid = _campaign(store)
    ids = {
        "campaign": cid,
        "berlin": _touch(store, cid, "2026-03-20T09:00:00"),  # CET; +14 days is CEST
        "la": _touch(store, cid, "2026-03-02T16:00:00", "America/Los_Angeles"),  # PST -> PDT
        "all_day": _touch(store, cid, "2026-03-25", all_day=True),
        "series": _touch(store, cid, "2026-03-03T09:00:00",
                         rrule="FREQ=WEEKLY;BYDAY=TU;COUNT=8"),
        "other": _touch(store, _campaign(store, "Another"), "2026-03-20T09:00:00"),
    }
    move_occurrence(store, ids["series"], "2026-03-17T09:00:00", datetime(2026, 3, 18, 10))
    set_occurrence_status(store, ids["series"], "2026-03-24T09:00:00", "skipped")
    return ids


@pytest.mark.parametrize("zone", ["Europe/Berlin", "America/Los_Angeles"])
def test_shift_moves_campaign_and_every_touch_keeping_wall_clock(store: Store,
                                                                 zone: str) -> None:
    with computer_in(zone):
        ids = _spring(store)
        before = _snapshot(store)
        shift_campaign(store, ids["campaign"], 14)

        campaign = store.get("campaigns", ids["campaign"])
        assert campaign is not None
        assert (campaign["start_date"], campaign["end_date"]) == ("2026-03-16", "2026-05-14")
        row = {k: store.get("touches", ids[k]) for k in ("berlin", "la", "all_day", "series",
                                                          "other")}
        assert row["berlin"]["start_local"] == "2026-04-03T09:00:00"  # type: ignore[index]
        assert row["berlin"]["starts_at"] == "2026-04-03T07:00:00Z"  # CEST, not 08:00Z
        assert row["la"]["start_local"] == "2026-03-16T16:00:00"  # type: ignore[index]
        assert row["la"]["starts_at"] == "2026-03-16T23:00:00Z"  # PDT, not 00:00Z
        assert row["all_day"]["start_local"] == "2026-04-08"  # type: ignore[index]
        assert row["series"]["start_local"] == "2026-03-17T09:00:00"  # type: ignore[index]
        assert row["other"]["start_local"] == "2026-03-20T09:00:00"  # type: ignore[index]
        overrides = store.query("SELECT original_start, new_start, status "
                                "FROM touch_occurrences ORDER BY original_start")
        assert overrides == [
            {"original_start": "2026-03-31T09:00:00", "new_start": "2026-04-01T10:00:00",
             "status": "planned"},
            {"original_start": "2026-04-07T09:00:00", "new_start": None, "status": "skipped"}]

        shown = [o for o in occurrences(store, *SPRING) if o.touch_id == ids["series"]]
        local = [o.start.astimezone(BERLIN) for o in shown]
        assert len(shown) == 8
        assert [t.strftime("%m-%d %H:%M") for t in local] == [
            "03-17 09:00", "03-24 09:00", "04-01 10:00", "04-07 09:00", "04-14 09:00",
            "04-21 09:00", "04-28 09:00", "05-05 09:00"]
        assert [o.status for o in shown][3] == "skipped"
        assert shown[2].moved

        assert store.undo_label is not None and store.undo_label.startswith("Move campaign")
        store.undo()
        assert _snapshot(store) == before


def test_shift_earlier_and_back_is_the_same_series(store: Store) -> None:
    ids = _spring(store)
    before = [r for r in _snapshot(store)[2]]
    shift_campaign(store, ids["campaign"], -21)
    shift_campaign(store, ids["campaign"], 21)
    after = _snapshot(store)[2]
    assert [(r["original_start"], r["new_start"]) for r in after] == \
        [(r["original_start"], r["new_start"]) for r in before]


def test_a_shift_of_days_turns_weekdays_and_moves_until() -> None:
    rule = "FREQ=WEEKLY;UNTIL=20260331T070000Z;BYDAY=TU,TH"  # last: Tue 31 Mar 09:00 CEST
    moved = shift_rule(rule, 3, datetime(2026, 3, 3, 9), datetime(2026, 3, 6, 9),
                       "Europe/Berlin")
    assert moved == "FREQ=WEEKLY;UNTIL=20260403T070000Z;BYDAY=FR,SU"
    before = expand(rule, datetime(2026, 3, 3, 9), "Europe/Berlin", False,
                    datetime(2026, 1, 1), datetime(2027, 1, 1))
    after = expand(moved, datetime(2026, 3, 6, 9), "Europe/Berlin", False,
                   datetime(2026, 1, 1), datetime(2027, 1, 1))
    assert len(after) == len(before) == 9
    assert [(a - b).days for a, b in zip(after, before, strict=True)] == [3] * 9
    monthly = shift_rule("FREQ=MONTHLY;BYMONTHDAY=15;COUNT=8", 14, datetime(2026, 1, 15, 9),
                         datetime(2026, 1, 29, 9), "UTC")
    assert monthly == "FREQ=MONTHLY;COUNT=8;BYMONTHDAY=29"


def test_a_monthly_series_keeps_its_overrides_by_position(store: Store) -> None:
    cid = _campaign(store)
    series = _touch(store, cid, "2026-01-20T09:00:00", rrule="FREQ=MONTHLY;BYMONTHDAY=20;COUNT=4")
    set_occurrence_status(store, series, "2026-03-20T09:00:00", "done")
    shift_campaign(store, cid, 14)  # the 20th becomes the 3rd: Feb 3, Mar 3, Apr 3, May 3
    assert store.query("SELECT original_start, status FROM touch_occurrences") == [
        {"original_start": "2026-04-03T09:00:00", "status": "done"}]


def test_set_dates_is_one_step_and_checked(store: Store) -> None:
    cid = _campaign(store)
    touch = _touch(store, cid, "2026-03-20T09:00:00")
    set_campaign_dates(store, cid, date(2026, 2, 1), date(2026, 5, 31))
    row = store.get("campaigns", cid)
    assert row is not None and (row["start_date"], row["end_date"]) == ("2026-02-01",
                                                                        "2026-05-31")
    assert store.get("touches", touch)["start_local"] == "2026-03-20T09:00:00"  # type: ignore[index]
    store.undo()
    row = store.get("campaigns", cid)
    assert row is not None and row["start_date"] == "2026-03-02"
    with pytest.raises(CampaignError):
        set_campaign_dates(store, cid, date(2026, 5, 1), date(2026, 4, 1))


def test_ranges_open_on_the_quarter_and_step() -> None:
    q4 = plan_range("quarter", date(2026, 12, 2))
    assert (q4.first, q4.last, q4.days) == (date(2026, 10, 1), date(2026, 12, 31), 92)
    assert q4.label() == "Q4 2026 (Oct – Dec)"
    assert q4.step(1) == PlanRange(date(2027, 1, 1), 3)
    assert plan_range("half", date(2026, 12, 2)).label() == "H2 2026 (Jul – Dec)"
    assert plan_range("year", date(2026, 12, 2)).step(-1).label() == "2025"
    assert this_week(date(2026, 12, 2)) == (date(2026, 11, 30), date(2026, 12, 6))
    assert this_week(date(2026, 12, 2), week_start=6) == (date(2026, 11, 29), date(2026, 12, 5))


def test_plan_rows_marks_and_monthly_spend_against_budget(store: Store) -> None:
    cid = _campaign(store, start_date="2026-01-01", end_date="2026-03-31",
                    budget_minor=90_000, audience_segment="nurture")
    _touch(store, cid, "2026-01-10T09:00:00", cost_minor=50_000)
    _touch(store, cid, "2026-01-10T15:00:00", cost_minor=1_000)
    _touch(store, cid, "2026-02-10T09:00:00", cost_minor=30_000, status="skipped")
    _touch(store, cid, "2026-03-03T09:00:00", cost_minor=10_000,
           rrule="FREQ=WEEKLY;BYDAY=TU;COUNT=3")  # counted once, as the campaign list does
    euro = _campaign(store, "Euro fair", currency="EUR", start_date="2026-02-01",
                     end_date="2026-02-28", budget_minor=20_000)
    _touch(store, euro, "2026-02-05T09:00:00", cost_minor=10_000)
    _campaign(store, "Next year", start_date="2027-01-01", end_date="2027-02-01")

    plan = load_plan(store, plan_range("quarter", date(2026, 2, 14)))
    assert [r.name for r in plan.rows] == ["Spring launch", "Euro fair"]
    spring = plan.rows[0]
    assert [(m.day.isoformat(), m.count) for m in spring.marks] == [
        ("2026-01-10", 2), ("2026-02-10", 1), ("2026-03-03", 1), ("2026-03-10", 1),
        ("2026-03-17", 1)]
    assert spring.spend_minor == 61_000 and spring.audience == "Nurture"
    jan, feb, mar = plan.months
    assert (jan.spend_minor, jan.budget_minor) == (51_000, 31_000)  # 31 of 90 days
    assert jan.over and not mar.over
    assert (mar.spend_minor, mar.budget_minor) == (10_000, 31_000)
    assert (feb.spend_minor, feb.budget_minor) == (0, 28_000)  # no EUR rate: left out
    assert feb.notes == ("1 EUR touch not counted: no EUR rate",
                         "1 EUR campaign budget not counted: no EUR rate")

    set_rate(store, "EUR", "1.5", date(2026, 1, 1))
    feb = PlanSource(store).plan(plan_range("quarter", date(2026, 2, 14))).months[1]
    assert (feb.spend_minor, feb.budget_minor, feb.notes) == (15_000, 58_000, ())
    groups = load_plan(store, plan_range("quarter", date(2026, 2, 14)), "audience").groups()
    assert [(g, [r.name for r in rows]) for g, rows in groups] == [
        ("Nurture", ["Spring launch"]), ("No audience", ["Euro fair"])]


def test_the_plan_shows_what_a_shift_did(store: Store) -> None:
    ids = _spring(store)
    spring = plan_range("half", date(2026, 4, 1))
    before = {r.campaign_id: r for r in load_plan(store, spring).rows}[ids["campaign"]]
    shift_campaign(store, ids["campaign"], 14)
    after = {r.campaign_id: r for r in load_plan(store, spring).rows}[ids["campaign"]]
    assert after.start == date(2026, 3, 16)
    assert sum(m.count for m in after.marks) == sum(m.count for m in before.marks)
    assert {(m.day - before.marks[i].day).days for i, m in enumerate(after.marks)} == {14}
