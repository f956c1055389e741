"""Every target tracked for a hand-made week; tasks classify themselves from their origin;
changing the agreement re-dates rule-made tasks and never cancels or completes any."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sm_desk.core.agreement import load_agreement, save_agreement_counted
from sm_desk.core.assessment.advice import Suggestion
from sm_desk.core.assessment.service import apply_advice
from sm_desk.core.dashboard import build_dashboard
from sm_desk.core.report.compute import build_report
from sm_desk.core.report.targets import track_targets
from sm_desk.core.report.weeks import Week
from sm_desk.core.store import Store
from sm_desk.core.tasks.rules import sync_touch
from sm_desk.core.tasks.service import create_task
from tests.touch_rows import timed

WEEK = Week.containing(date(2026, 11, 23))
STAMP = "2026-09-01T09:00:00Z"


def _stage(store: Store, outcome: str, nth: int = 0) -> int:
    rows = store.query("SELECT id FROM stages WHERE outcome = ? ORDER BY position", [outcome])
    return int(rows[nth]["id"])


def _week_by_hand(store: Store) -> None:
    with store.step("A week by hand") as step:
        for i, lifecycle in enumerate(("lead", "lead", "prospect", "subscriber")):
            step.insert("contacts", {"first_name": f"C{i}", "lifecycle": lifecycle,
                                     "created_at": f"2026-11-2{4 + i % 3}T10:00:00Z",
                                     "updated_at": STAMP})
        deal = {"created_at": STAMP, "updated_at": STAMP, "value_minor": 0}
        moved = step.insert("deals", {**deal, "title": "Moves on",
                                      "stage_id": _stage(store, "open", 0)})
        step.insert("deals", {**deal, "title": "Won", "stage_id": _stage(store, "won"),
                              "value_minor": 125000, "currency": "USD",
                              "closed_at": "2026-11-25T10:00:00Z"})
        step.update("deals", moved, {"stage_id": _stage(store, "open", 2),
                                     "updated_at": "2026-11-24T09:00:00Z"})
        for day, status in ((24, "done"), (25, "done"), (26, "planned")):
            step.insert("touches", {"title": f"T{day}", "kind": "social_post",
                                    **timed(f"2026-11-{day}T09:00:00Z"), "uid": f"t{day}",
                                    "status": status, "created_at": STAMP, "updated_at": STAMP})
    agreement = load_agreement(store)
    agreement.targets = {"leads_created": 5, "deals_advanced": 2, "touches_sent": 2,
                         "revenue_won_minor": 100000}
    save_agreement_counted(store, agreement)


def test_each_target_progress_for_a_week_made_by_hand(store: Store) -> None:
    _week_by_hand(store)
    targets = track_targets(store, WEEK)
    actual = {line.key: (line.actual, line.target) for line in targets.lines}
    assert actual == {"leads_created": (3, 5),  # the subscriber is no lead
                      "deals_advanced": (2, 2),  # one moved forward, one won
                      "touches_sent": (2, 2),  # the planned one is not sent yet
                      "revenue_won_minor": (125000, 100000)}
    assert targets.line("leads_created").progress == 0.6
    assert targets.line("touches_sent").weeks_met == 1
    assert len(targets.weeks) == 8 and targets.weeks[-1] == WEEK
    assert all(len(line.weeks) == 8 and not any(line.weeks[:-1]) for line in targets.lines)
    # the report and the dashboard show the same figures, agreeing with the report's parts
    report = build_report(store, WEEK)
    assert report.targets == targets
    assert report.contacts.new_leads.value == 3 and report.deals.advanced.value == 2
    assert report.touches.done.value == 2 and report.deals.won_value.value == 125000
    assert build_dashboard(store, date(2026, 11, 27)).targets == targets


def test_a_hand_made_task_classifies_itself_from_what_it_hangs_on(store: Store) -> None:
    with store.step("Origins") as step:
        deal = step.insert("deals", {"title": "D", "stage_id": _stage(store, "open"),
                                     "created_at": STAMP, "updated_at": STAMP})
        touch = step.insert("touches", {"title": "T", "kind": "blog_post",
                                        **timed("2026-11-24T09:00:00Z"), "uid": "t",
                                        "created_at": STAMP, "updated_at": STAMP})
    create_task(store, "Call about the quote", origin_type="deal", origin_id=deal)
    create_task(store, "Share the post", origin_type="touch", origin_id=touch)
    create_task(store, "Loose end")
    create_task(store, "Marketing on a deal", origin_type="deal", origin_id=deal,
                function="marketing")  # the user's choice wins
    functions = {r["title"]: r["function"] for r in store.query("SELECT title, function FROM tasks")}
    assert functions == {"Call about the quote": "sales", "Share the post": "marketing",
                         "Loose end": None, "Marketing on a deal": "marketing"}


def test_changing_the_follow_up_time_re_dates_and_never_cancels_or_completes(
        store: Store) -> None:
    day = date(2026, 11, 23)
    with store.step("Touches") as step:
        for i, kind in enumerate(("newsletter", "event")):
            touch = step.insert("touches", {
                "title": f"T{i}", "kind": kind, **timed("2026-11-24T09:00:00Z"),
                "uid": f"u{i}", "created_at": STAMP, "updated_at": STAMP})
            sync_touch(step, touch, day)
    create_task(store, "Hand-made", due="2026-11-30")
    before = {r["id"]: dict(r) for r in store.query("SELECT * FROM tasks")}
    agreement = load_agreement(store)
    agreement.follow_up_hours = 96
    _, moved = save_agreement_counted(store, agreement)
    after = {r["id"]: dict(r) for r in store.query("SELECT * FROM tasks")}
    assert moved == 2  # the newsletter's reply and the booth's lead follow-up
    assert [r["status"] for r in after.values()] == ["open"] * len(before)
    changed = {before[i]["rule"]: (before[i]["due"], after[i]["due"]) for i in before
               if before[i]["due"] != after[i]["due"]}
    assert changed == {"newsletter.reply": ("2026-11-26", "2026-11-28"),
                       "event.follow_up_leads": ("2026-11-26", "2026-11-28")}
    # advice that shortens it again: re-dated, counted, still nothing cancelled or completed
    outcome = apply_advice(store, [Suggestion("follow_up_hours", "follow_up_hours",
                                              "follow_up_hours", 24, "24 h")])
    assert (outcome.assigned, outcome.redated) == (0, 2)
    assert {r["status"] for r in store.query("SELECT status FROM tasks")} == {"open"}
    assert "none cancelled or completed" in outcome.text


def test_sales_looks_at_this_week_and_next_marketing_a_quarter_ahead(store: Store) -> None:
    from sm_desk.core.fx import Rates
    from sm_desk.core.report.horizons import marketing_ahead, sales_now

    deal = {"created_at": STAMP, "updated_at": STAMP, "value_minor": 100000,
            "currency": "USD", "stage_id": _stage(store, "open")}
    with store.step("Deals") as step:
        step.insert("deals", {**deal, "title": "Closes Friday", "expected_close": "2026-11-27",
                              "probability": 50})
        step.insert("deals", {**deal, "title": "Step next week", "next_step": "Send quote",
                              "next_step_due": "2026-12-02"})
        step.insert("deals", {**deal, "title": "Too far", "expected_close": "2026-12-15"})
        step.insert("deals", {**deal, "title": "Due unpaid", "stage_id": _stage(store, "won"),
                              "closed_at": "2026-11-01T10:00:00Z", "invoice_due": "2026-12-01"})
        step.insert("campaigns", {"name": "Spring", "status": "planned",
                                  "start_date": "2027-02-01", "end_date": "2027-03-31",
                                  "created_at": STAMP, "updated_at": STAMP})
        step.insert("campaigns", {"name": "Summer", "status": "planned",
                                  "start_date": "2027-06-01", "end_date": "2027-06-30",
                                  "created_at": STAMP, "updated_at": STAMP})
    report = build_report(store, WEEK)
    now = report.sales_now
    assert now is not None and (now.first_day, now.end_day) == (date(2026, 11, 23),
                                                                date(2026, 12, 7))
    assert [i.title for i in now.closing] == ["Closes Friday"]
    assert (now.closing_value, now.closing_weighted) == (100000, 50000)
    assert [(i.title, i.detail) for i in now.next_steps] == [("Step next week", "Send quote")]
    assert [i.title for i in now.payments] == ["Due unpaid"] and now.payments_value == 100000
    ahead = report.marketing_ahead
    assert ahead is not None and ahead.end_day == date(2027, 3, 1)  # 13 weeks on
    assert [c.name for c in ahead.campaigns] == ["Spring"]  # Summer is beyond the quarter
    assert marketing_ahead(store, WEEK, [], {}).months[0].month == date(2026, 11, 1)
    assert sales_now(store, WEEK, Rates.load(store)).closing == now.closing


def test_tasks_made_by_hand_before_classify_themselves_on_upgrade(tmp_path: Path) -> None:
    from sqlite_utils import Database

    from sm_desk.core.store.schema import migrations

    old = tmp_path / "old.db"
    db = Database(old)
    migrations().apply(db, stop_before="0080_classify_hand_made_tasks")  # type: ignore[attr-defined]
    rows = [("On a deal", None, "deal", None), ("On a touch", None, "touch", None),
            ("On a contact", None, "contact", None), ("Loose", None, None, None),
            ("Chosen", "marketing", "deal", None), ("Rule-made", None, "deal", "deal.invoice")]
    for title, function, origin, rule in rows:
        db.execute("INSERT INTO tasks (title, function, origin_type, origin_id, rule, "
                   "created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'x', 'x')",
                   [title, function, origin, 1 if origin else None, rule])
    db.conn.commit()
    db.close()
    store = Store.open(old)
    try:
        functions = {r["title"]: r["function"]
                     for r in store.query("SELECT title, function FROM tasks")}
    finally:
        store.close()
    assert functions == {"On a deal": "sales", "On a touch": "marketing",
                         "On a contact": "sales", "Loose": None, "Chosen": "marketing",
                         "Rule-made": None}  # the rules' own choices are left alone
