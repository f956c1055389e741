"""Dashboard data for a fixed Monday: tasks, cracks, stalled deals, touches, won, hat balance."""

from __future__ import annotations

import json
from datetime import date

from sm_desk.core.agreement import load_agreement, save_agreement
from sm_desk.core.dashboard import build_dashboard, stalled_deals, touches_between
from sm_desk.core.store import Store
from tests.touch_rows import timed

TODAY = date(2026, 11, 23)  # a Monday
STAMP = "2026-09-01T09:00:00Z"


def _stage(store: Store, outcome: str) -> int:
    return int(store.scalar("SELECT id FROM stages WHERE outcome = ? ORDER BY position",
                            [outcome]))


def _deal(step, store: Store, title: str, **values) -> int:  # type: ignore[no-untyped-def]
    row = {"title": title, "stage_id": _stage(store, "open"), "created_at": STAMP,
           "updated_at": STAMP, **values}
    return int(step.insert("deals", row))


def _task(step, title: str, **values) -> int:  # type: ignore[no-untyped-def]
    return int(step.insert("tasks", {"title": title, "created_at": STAMP, "updated_at": STAMP,
                                     **values}))


def _touch(step, title: str, starts_at: str, **values) -> int:  # type: ignore[no-untyped-def]
    return int(step.insert("touches", {"title": title, "kind": "newsletter",
                                       **timed(starts_at), "uid": title,
                                       "created_at": STAMP, "updated_at": STAMP, **values}))


def test_tasks_today_overdue_and_cracks(store: Store) -> None:
    with store.step("setup") as step:
        _task(step, "Due today", due="2026-11-23", function="sales", assignee_id=1)
        _task(step, "Late", due="2026-11-20", origin_type="touch", origin_id=1)
        _task(step, "Late and done", due="2026-11-20", status="done")
        _task(step, "Hand-made, nobody's", due="2026-12-01")
        _task(step, "Another crack", origin_type="deal", origin_id=4)
        _task(step, "Cancelled", status="cancelled")
    board = build_dashboard(store, TODAY)
    assert board.tasks_today_count == 1 and board.tasks_today[0]["assignee"] == "Me"
    assert [t["title"] for t in board.tasks_overdue] == ["Late"]
    assert board.cracks == {"deal": 1, "manual": 1, "touch": 1}
    assert board.cracks_total == 3


def test_stalled_follows_the_agreement(store: Store) -> None:
    with store.step("setup") as step:
        quiet = _deal(step, store, "Quiet 20 days", last_activity_at="2026-11-03T10:00:00Z")
        _deal(step, store, "Quiet but next step ahead", last_activity_at="2026-10-01T10:00:00Z",
              next_step="Call", next_step_due="2026-11-25")
        old_step = _deal(step, store, "Next step passed", last_activity_at="2026-10-01T10:00:00Z",
                         next_step="Call", next_step_due="2026-11-10")
        _deal(step, store, "Active", last_activity_at="2026-11-20T10:00:00Z")
        _deal(step, store, "Won long ago", stage_id=_stage(store, "won"))
    assert {d["id"] for d in stalled_deals(store, TODAY)} == {quiet, old_step}  # 14 days
    agreement = load_agreement(store)
    agreement.stalled_after_days = 30
    save_agreement(store, agreement)
    assert [d["id"] for d in stalled_deals(store, TODAY)] == [old_step]
    agreement.stalled_after_days = 2
    save_agreement(store, agreement)
    stalled = {d["title"] for d in build_dashboard(store, TODAY).stalled}
    assert stalled == {"Quiet 20 days", "Next step passed", "Active"}  # Active: 3 days quiet


def test_week_touches_expand_recurring_and_honour_overrides(store: Store) -> None:
    with store.step("setup") as step:
        _touch(step, "Single this week", "2026-11-25T09:00:00Z")
        _touch(step, "Single next week", "2026-12-01T09:00:00Z")
        weekly = _touch(step, "Weekly", "2026-10-06T09:00:00Z", rrule="FREQ=WEEKLY;BYDAY=TU")
        daily = _touch(step, "Daily", "2026-11-20T09:00:00Z", rrule="FREQ=DAILY;COUNT=5")
        step.insert("touch_occurrences", {"touch_id": daily, "original_start":
                                          timed("2026-11-23T09:00:00Z")["start_local"],
                                          "status": "skipped"})
        _touch(step, "Endless", "2000-01-01T00:00:00Z", rrule="FREQ=MINUTELY")  # unreadable here
    found = touches_between(store, date(2026, 11, 23), date(2026, 11, 30))
    titles = [(t["title"], t["starts_at"][:10]) for t in found]
    assert ("Single this week", "2026-11-25") in titles
    assert ("Weekly", "2026-11-24") in titles and weekly
    assert ("Daily", "2026-11-24") in titles
    assert ("Daily", "2026-11-23") not in titles  # skipped
    assert not any(t[0] == "Single next week" for t in titles)
    assert not any(t[0] == "Endless" for t in titles)  # capped, not expanded for ever


def test_won_this_week_and_hat_balance(store: Store) -> None:
    with store.step("setup") as step:
        won = _stage(store, "won")
        _deal(step, store, "Won Monday", stage_id=won, value_minor=150000,
              closed_at="2026-11-23T11:00:00Z")
        _deal(step, store, "Won last week", stage_id=won, value_minor=99900,
              closed_at="2026-11-19T11:00:00Z")
        for i in range(3):
            step.insert("activities", {"kind": "call", "at": f"2026-11-1{i}T10:00:00Z",
                                       "created_at": STAMP})
        _task(step, "Wrote post", function="marketing", status="done",
              done_at="2026-11-17T10:00:00Z")
        _task(step, "Unclassified", status="done", done_at="2026-11-17T10:00:00Z")
        _touch(step, "Sent newsletter", "2026-11-18T09:00:00Z", status="done")
        _touch(step, "Way back", "2026-09-01T09:00:00Z", status="done")
        step.insert("assessments", {"taken_at": STAMP, "answers": json.dumps({}),
                                    "sales_score": 80.0, "marketing_score": 30.0,
                                    "verdict": "sales-leaning"})
    board = build_dashboard(store, TODAY)
    assert [d["title"] for d in board.won_week] == ["Won Monday"]
    assert board.won_week_value_minor == 150000
    hat = board.hat
    assert [w.start for w in hat.weeks] == [date(2026, 11, 2), date(2026, 11, 9),
                                            date(2026, 11, 16), date(2026, 11, 23)]
    # hours: 3 calls x 0.5 h are sales; the done newsletter (2 h) and the marketing task
    # (0.5 h) are marketing (as in the weekly report); the unclassified task counts for neither
    assert (hat.weeks[1].sales, hat.weeks[2].sales, hat.weeks[2].marketing) == (1.5, 0, 2.5)
    assert (hat.sales, hat.marketing) == (1.5, 2.5)
    assert hat.sales_share == 0.375 and hat.target_sales_share == 0.5
    assert hat.starving is None  # within HAT_TOLERANCE of the 50% target
    assert hat.assessment_verdict == "sales-leaning" and board.has_assessment
    agreement = load_agreement(store)
    agreement.hat_target_sales_share = 0.7
    save_agreement(store, agreement)
    assert build_dashboard(store, TODAY).hat.starving == "sales"


def test_demo_dashboard_has_something_everywhere(demo_store: Store) -> None:
    board = build_dashboard(demo_store, TODAY)
    assert board.tasks_overdue_count > 0 and board.cracks_total > 0
    assert board.stalled and board.touches_week
    assert board.hat.sales + board.hat.marketing > 0 and not board.has_assessment


def test_planned_ahead_counts_what_touches_between_lists(demo_store: Store) -> None:
    from datetime import timedelta

    from sm_desk.core.dashboard import planned_between

    start, end = TODAY + timedelta(days=7), TODAY + timedelta(weeks=14)
    listed = touches_between(demo_store, start, end)
    assert listed  # the demo plans ahead
    assert planned_between(demo_store, start, end) == len(listed)
