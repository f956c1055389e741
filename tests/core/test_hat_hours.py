"""Hat balance from the work itself, in hours: one function for dashboard, report, history."""

from __future__ import annotations

from datetime import date

import pytest

from sm_desk.core.agreement import load_agreement, save_agreement
from sm_desk.core.dashboard import build_dashboard
from sm_desk.core.report.compute import build_report
from sm_desk.core.report.hats import hat_hours, owner_week
from sm_desk.core.report.weeks import Week
from sm_desk.core.store import Store
from tests.touch_rows import timed

MONDAY = date(2026, 11, 23)
WEEK = Week.containing(MONDAY)
STAMP = "2026-09-01T09:00:00Z"


def _newsletter(step, title: str, starts_at: str, status: str = "done") -> int:  # type: ignore[no-untyped-def]
    return int(step.insert("touches", {
        "title": title, "kind": "newsletter", **timed(starts_at), "uid": title,
        "status": status, "created_at": STAMP, "updated_at": STAMP}))


def _call(step, at: str, kind: str = "call") -> None:  # type: ignore[no-untyped-def]
    step.insert("activities", {"kind": kind, "at": at, "created_at": STAMP})


def test_three_done_newsletters_are_marketing_hours(store: Store) -> None:
    with store.step("Newsletters") as step:
        for day in (23, 24, 25):  # each to 2,000 people: still one newsletter to write
            _newsletter(step, f"Issue {day}", f"2026-11-{day}T09:00:00Z")
        _newsletter(step, "Planned", "2026-11-26T09:00:00Z", status="planned")
    hours = hat_hours(store, WEEK)
    assert (hours.marketing, hours.sales) == (6.0, 0)  # 3 x 2 h; the planned one is not work
    assert hours.sales_share == 0
    board = build_dashboard(store, MONDAY)
    assert board.hat.this_week is not None and board.hat.this_week.marketing == 6.0
    assert board.hat.sales_share == 0 and board.hat.starving == "sales"


def test_a_logged_call_is_sales_hours(store: Store) -> None:
    with store.step("Call") as step:
        _call(step, "2026-11-24T10:00:00Z")
    hours = hat_hours(store, WEEK)
    assert (hours.sales, hours.marketing) == (0.5, 0)
    assert [(line.hat, line.label, line.count) for line in hours.lines] == [
        ("sales", "Calls", 1)]


def test_effort_is_editable_in_the_agreement(store: Store) -> None:
    with store.step("Work") as step:
        _newsletter(step, "Issue", "2026-11-24T09:00:00Z")
        _call(step, "2026-11-24T10:00:00Z", "meeting")
    agreement = load_agreement(store)
    agreement.effort_hours = {"touch:newsletter": 4.5, "activity:meeting": 2}
    save_agreement(store, agreement)
    hours = hat_hours(store, WEEK)
    assert (hours.marketing, hours.sales) == (4.5, 2.0)


def test_balance_report_and_dashboard_agree(store: Store) -> None:
    with store.step("A mixed week") as step:
        _newsletter(step, "Issue", "2026-11-24T09:00:00Z")
        for at in ("2026-11-24T10:00:00Z", "2026-11-25T10:00:00Z"):
            _call(step, at)
        _call(step, "2026-11-25T11:00:00Z", "email")
        step.insert("campaigns", {"name": "Winter", "created_at": "2026-11-24T08:00:00Z",
                                  "updated_at": "2026-11-24T08:00:00Z"})
        for function in ("sales", "marketing", None):
            step.insert("tasks", {"title": f"Did {function}", "function": function,
                                  "status": "done", "done_at": "2026-11-26T10:00:00Z",
                                  "created_at": STAMP, "updated_at": STAMP})
    hours = hat_hours(store, WEEK)
    assert hours.marketing == 2.0 + 2.0 + 0.5  # newsletter, campaign set-up, marketing task
    assert hours.sales == 0.5 * 2 + 0.25 + 0.5  # two calls, an email, a sales task
    report = build_report(store, WEEK)
    board = build_dashboard(store, date(2026, 11, 27))
    assert report.hat.this == hours
    assert board.hat.this_week == hours
    assert report.hat.sales_share == pytest.approx(board.hat.weeks[-1].sales_share)


def test_the_balance_follows_the_owners_week(store: Store) -> None:
    from sm_desk.core.profile import save_profile

    with store.step("Week starts Sunday") as step:
        save_profile(step, {"week_start": 6})
    with store.step("Call on Sunday") as step:
        _call(step, "2026-11-29T12:00:00Z")
    week = owner_week(store, date(2026, 11, 29))
    assert week.start == date(2026, 11, 29)
    assert hat_hours(store, week).sales == 0.5
    assert build_dashboard(store, date(2026, 11, 30)).hat.this_week.sales == 0.5  # type: ignore[union-attr]


def test_the_assessment_history_shows_the_same_hours(store: Store) -> None:
    import json

    from sm_desk.core.assessment.service import history_with_work

    with store.step("A call and a result") as step:
        _call(step, "2026-11-24T10:00:00Z")
        step.insert("assessments", {"taken_at": "2026-11-25T09:00:00Z",
                                    "answers": json.dumps({}), "sales_score": 40.0,
                                    "marketing_score": 60.0, "verdict": "balanced"})
    [(row, hours)] = history_with_work(store)
    assert row.verdict == "balanced" and hours == hat_hours(store, WEEK)
    assert hours.sales == 0.5


def test_the_dashboard_looks_13_weeks_ahead_for_marketing(store: Store) -> None:
    with store.step("Plan") as step:
        _newsletter(step, "This week", "2026-11-25T09:00:00Z", status="planned")
        _newsletter(step, "In a month", "2026-12-28T09:00:00Z", status="planned")
        _newsletter(step, "In 12 weeks", "2027-02-25T09:00:00Z", status="planned")
        _newsletter(step, "Beyond", "2027-03-05T09:00:00Z", status="planned")
    board = build_dashboard(store, MONDAY)
    assert len(board.touches_week) == 1 and board.planned_ahead == 2
