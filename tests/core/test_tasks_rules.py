"""The boundary-task rules with fixed dates: each fires on its trigger, makes no
duplicates when run twice, follows a reschedule and cancels when the trigger goes."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest

from sm_desk.core.clock import to_iso
from sm_desk.core.store import Store
from sm_desk.core.tasks import service
from sm_desk.core.tasks.rules import function_of, sync_all, sync_contact, sync_deal, sync_touch
from tests.touch_rows import timed

TODAY = date(2026, 11, 23)  # a Monday
STAMP = "2026-11-01T09:00:00Z"
# 15:00 on 20 November where the computer is (deal dates are the owner's local days)
LOCAL_AFTERNOON_20TH = to_iso(datetime(2026, 11, 20, 15))


def open_tasks(store: Store, origin_type: str, origin_id: int) -> dict[str, dict[str, Any]]:
    rows = store.query("SELECT * FROM tasks WHERE origin_type = ? AND origin_id = ? "
                       "AND status = 'open'", [origin_type, origin_id])
    return {r["rule"]: r for r in rows}


def all_tasks(store: Store) -> list[dict[str, Any]]:
    return store.query("SELECT rule, origin_key, status, due FROM tasks ORDER BY id")


def add_touch(store: Store, kind: str, starts_at: str, **extra: Any) -> int:
    with store.step("Add touch") as step:
        touch_id = step.insert("touches", {
            "kind": kind, "title": f"A {kind}", **timed(starts_at, bool(extra.get("all_day"))), "uid": f"{kind}-{starts_at}",
            "created_at": STAMP, "updated_at": STAMP, **extra})
        sync_touch(step, touch_id, TODAY)
    return touch_id


def edit(store: Store, table: str, row_id: int, values: dict[str, Any]) -> None:
    sync = {"touches": sync_touch, "deals": sync_deal, "contacts": sync_contact}[table]
    if table == "touches" and "starts_at" in values:
        values = {**values, **timed(values["starts_at"])}
    with store.step("Edit") as step:
        step.update(table, row_id, values)
        sync(step, row_id, TODAY)


def delete(store: Store, table: str, row_id: int) -> None:
    sync = {"touches": sync_touch, "deals": sync_deal, "contacts": sync_contact}[table]
    with store.step("Delete") as step:
        step.delete(table, row_id)
        sync(step, row_id, TODAY)


def resync(store: Store, table: str, row_id: int) -> None:
    sync = {"touches": sync_touch, "deals": sync_deal, "contacts": sync_contact}[table]
    with store.step("Again") as step:
        sync(step, row_id, TODAY)


def stage(store: Store, outcome: str) -> int:
    return int(store.scalar("SELECT id FROM stages WHERE outcome = ? ORDER BY position LIMIT 1",
                            [outcome]))


def add_deal(store: Store, outcome: str, **extra: Any) -> int:
    with store.step("Add deal") as step:
        deal_id = step.insert("deals", {"title": "Website", "stage_id": stage(store, outcome),
                                        "created_at": STAMP, "updated_at": STAMP, **extra})
        sync_deal(step, deal_id, TODAY)
    return deal_id


# -- touches -------------------------------------------------------------------------------

def test_event_makes_booth_tasks_unassigned_idempotent_moves_and_cancels(store: Store) -> None:
    touch = add_touch(store, "event", "2026-12-03T10:00:00Z")
    tasks = open_tasks(store, "touch", touch)
    assert set(tasks) == {"event.staff_booth", "event.follow_up_leads"}
    assert tasks["event.staff_booth"]["due"] == "2026-12-03"
    assert tasks["event.follow_up_leads"]["due"] == "2026-12-05"  # 48 h agreed follow-up
    assert tasks["event.staff_booth"]["function"] == "marketing"
    assert tasks["event.follow_up_leads"]["function"] == "sales"
    assert all(t["assignee_id"] is None for t in tasks.values())  # out of the box: nobody

    resync(store, "touches", touch)
    resync(store, "touches", touch)
    assert len(all_tasks(store)) == 2

    edit(store, "touches", touch, {"starts_at": "2026-12-10T10:00:00Z"})
    tasks = open_tasks(store, "touch", touch)
    assert (tasks["event.staff_booth"]["due"], tasks["event.follow_up_leads"]["due"]) == (
        "2026-12-10", "2026-12-12")
    assert len(all_tasks(store)) == 2

    delete(store, "touches", touch)
    assert {t["status"] for t in all_tasks(store)} == {"cancelled"}


def test_done_task_is_never_touched_when_trigger_moves_or_goes(store: Store) -> None:
    touch = add_touch(store, "event", "2026-12-03T10:00:00Z")
    booth = open_tasks(store, "touch", touch)["event.staff_booth"]["id"]
    service.complete(store, [booth])
    edit(store, "touches", touch, {"starts_at": "2026-12-20T10:00:00Z"})
    delete(store, "touches", touch)
    row = store.get("tasks", booth)
    assert row is not None and (row["status"], row["due"]) == ("done", "2026-12-03")


@pytest.mark.parametrize(("kind", "rule", "due"), [
    ("blog_post", "blog.answer_comments", "2026-12-08"),  # a week after publishing
    ("gift", "send.confirm_delivery", "2026-12-08"),  # after the send date
    ("mailing", "send.confirm_delivery", "2026-12-08"),
    ("newsletter", "newsletter.reply", "2026-12-03"),  # within the follow-up time
])
def test_touch_rules(store: Store, kind: str, rule: str, due: str) -> None:
    touch = add_touch(store, kind, "2026-12-01T08:00:00Z")
    assert {r: t["due"] for r, t in open_tasks(store, "touch", touch).items()} == {rule: due}
    assert open_tasks(store, "touch", touch)[rule]["function"] == "marketing"
    resync(store, "touches", touch)
    assert len(all_tasks(store)) == 1
    edit(store, "touches", touch, {"starts_at": "2026-12-02T08:00:00Z"})
    assert open_tasks(store, "touch", touch)[rule]["due"] > due
    delete(store, "touches", touch)
    assert [t["status"] for t in all_tasks(store)] == ["cancelled"]


def test_social_post_makes_no_task_and_skipping_cancels_then_unskip_reopens(store: Store) -> None:
    add_touch(store, "social_post", "2026-12-01T08:00:00Z")
    assert all_tasks(store) == []
    blog = add_touch(store, "blog_post", "2026-12-01T08:00:00Z")
    edit(store, "touches", blog, {"status": "skipped"})
    assert [t["status"] for t in all_tasks(store)] == ["cancelled"]
    edit(store, "touches", blog, {"status": "planned"})
    assert [t["status"] for t in all_tasks(store)] == ["open"]  # the same row, reopened


def test_default_assignee_from_agreement(store: Store) -> None:
    service.add_person(store, "Sam", "helper", ["marketing"])
    sam = int(store.scalar("SELECT id FROM people WHERE name = 'Sam'"))
    service.set_default_assignee(store, "event.staff_booth", sam)
    touch = add_touch(store, "event", "2026-12-03T10:00:00Z")
    tasks = open_tasks(store, "touch", touch)
    assert tasks["event.staff_booth"]["assignee_id"] == sam
    assert tasks["event.follow_up_leads"]["assignee_id"] is None


def test_recurring_touch_tasks_follow_the_next_occurrence(store: Store) -> None:
    # weekly on Tuesdays since 3 Nov: the first on or after Mon 23 Nov is Tue 24 Nov
    touch = add_touch(store, "newsletter", "2026-11-03T08:00:00Z", rrule="FREQ=WEEKLY;COUNT=10")
    rows = all_tasks(store)
    assert [(r["origin_key"], r["due"]) for r in rows] == [("2026-11-24", "2026-11-26")]
    resync(store, "touches", touch)
    assert len(all_tasks(store)) == 1
    # a week later sync_all rolls on to the next occurrence; the past one's task stays
    sync_all(store, date(2026, 11, 30))
    sync_all(store, date(2026, 11, 30))
    rows = all_tasks(store)
    assert [(r["origin_key"], r["status"]) for r in rows] == [
        ("2026-11-24", "open"), ("2026-12-01", "open")]
    delete(store, "touches", touch)
    assert {r["status"] for r in all_tasks(store)} == {"cancelled"}


def test_moved_occurrence_keeps_its_task_with_the_new_due(store: Store) -> None:
    touch = add_touch(store, "event", "2026-11-03T08:00:00Z", rrule="FREQ=WEEKLY;COUNT=10")
    with store.step("Move one") as step:
        step.insert("touch_occurrences", {
            "touch_id": touch, "original_start": timed("2026-11-24T08:00:00Z")["start_local"],
            "new_start": timed("2026-11-26T08:00:00Z")["start_local"]})
        sync_touch(step, touch, TODAY)
    booth = open_tasks(store, "touch", touch)["event.staff_booth"]
    assert (booth["origin_key"], booth["due"]) == ("2026-11-24", "2026-11-26")
    assert len(all_tasks(store)) == 2


# -- deals ---------------------------------------------------------------------------------

def test_won_deal_invoice_and_thanks_then_invoiced_marks_done(store: Store) -> None:
    deal = add_deal(store, "won", closed_at=LOCAL_AFTERNOON_20TH)
    tasks = open_tasks(store, "deal", deal)
    assert {r: (t["due"], t["function"]) for r, t in tasks.items()} == {
        "deal.invoice": ("2026-11-20", "sales"), "deal.thank_you": ("2026-11-22", "sales")}
    resync(store, "deals", deal)
    assert len(all_tasks(store)) == 2
    edit(store, "deals", deal, {"closed_at": to_iso(datetime(2026, 11, 21, 15))})
    assert open_tasks(store, "deal", deal)["deal.invoice"]["due"] == "2026-11-21"
    edit(store, "deals", deal, {"invoiced_at": "2026-11-21", "invoice_due": "2026-12-21"})
    assert "deal.invoice" not in open_tasks(store, "deal", deal)
    assert store.scalar("SELECT status FROM tasks WHERE rule = 'deal.invoice'") == "done"
    delete(store, "deals", deal)
    statuses = {r["rule"]: r["status"] for r in store.query("SELECT rule, status FROM tasks")}
    assert statuses == {"deal.invoice": "done", "deal.thank_you": "cancelled"}


def test_long_won_deal_gets_no_late_thank_you_but_still_an_invoice(store: Store) -> None:
    deal = add_deal(store, "won", closed_at="2026-09-01T15:00:00Z")
    assert set(open_tasks(store, "deal", deal)) == {"deal.invoice"}


def test_won_deal_moved_back_to_open_cancels_its_won_tasks(store: Store) -> None:
    deal = add_deal(store, "won", closed_at=LOCAL_AFTERNOON_20TH, next_step="Call")
    edit(store, "deals", deal, {"stage_id": stage(store, "open"), "closed_at": None})
    assert open_tasks(store, "deal", deal) == {}
    assert {r["status"] for r in all_tasks(store)} == {"cancelled"}


def test_overdue_unpaid_invoice_collect_payment(store: Store) -> None:
    deal = add_deal(store, "won", closed_at="2026-10-01T15:00:00Z", invoiced_at="2026-10-01",
                    invoice_due="2026-10-31")
    collect = open_tasks(store, "deal", deal)["deal.collect_payment"]
    assert (collect["due"], collect["function"]) == ("2026-11-01", "sales")
    sync_all(store, TODAY)
    assert store.scalar("SELECT count(*) FROM tasks WHERE rule = 'deal.collect_payment'") == 1
    edit(store, "deals", deal, {"invoice_due": "2026-11-10"})
    assert open_tasks(store, "deal", deal)["deal.collect_payment"]["due"] == "2026-11-11"
    edit(store, "deals", deal, {"paid_at": "2026-11-23"})
    assert store.scalar("SELECT status FROM tasks WHERE rule = 'deal.collect_payment'") == "done"


def test_collect_payment_appears_when_the_due_date_passes(store: Store) -> None:
    with store.step("Add") as step:
        deal = step.insert("deals", {"title": "Big", "stage_id": stage(store, "won"),
                                     "closed_at": "2026-11-20T10:00:00Z", "invoiced_at": "2026-11-20",
                                     "invoice_due": "2026-11-30",
                                     "created_at": STAMP, "updated_at": STAMP})
        sync_deal(step, deal, TODAY)
    assert "deal.collect_payment" not in open_tasks(store, "deal", deal)
    sync_all(store, date(2026, 12, 1))
    sync_all(store, date(2026, 12, 1))
    assert store.scalar("SELECT count(*) FROM tasks WHERE rule = 'deal.collect_payment'") == 1


def test_lost_not_now_goes_to_nurture_as_marketing(store: Store) -> None:
    deal = add_deal(store, "lost", closed_at=LOCAL_AFTERNOON_20TH, nurture=1,
                    lost_reason="Not now")
    task = open_tasks(store, "deal", deal)["deal.add_to_nurture"]
    assert (task["function"], task["due"]) == ("marketing", "2026-11-22")
    resync(store, "deals", deal)
    assert len(all_tasks(store)) == 1
    edit(store, "deals", deal, {"closed_at": to_iso(datetime(2026, 11, 21, 15))})
    assert open_tasks(store, "deal", deal)["deal.add_to_nurture"]["due"] == "2026-11-23"
    edit(store, "deals", deal, {"nurture": 0})
    assert [r["status"] for r in all_tasks(store)] == ["cancelled"]
    plain_lost = add_deal(store, "lost", closed_at=LOCAL_AFTERNOON_20TH)
    assert open_tasks(store, "deal", plain_lost) == {}


def test_open_deal_without_next_step(store: Store) -> None:
    deal = add_deal(store, "open")
    task = open_tasks(store, "deal", deal)["deal.next_step"]
    assert (task["due"], task["function"]) == ("2026-11-23", "sales")
    resync(store, "deals", deal)
    assert len(all_tasks(store)) == 1
    edit(store, "deals", deal, {"next_step": "Send the proposal"})
    assert store.scalar("SELECT status FROM tasks") == "done"
    with_step = add_deal(store, "open", next_step="Call")
    assert open_tasks(store, "deal", with_step) == {}
    delete(store, "deals", deal)
    assert store.scalar("SELECT status FROM tasks") == "done"  # done stays done


def test_deleted_open_deal_cancels_next_step(store: Store) -> None:
    deal = add_deal(store, "open")
    delete(store, "deals", deal)
    assert [r["status"] for r in all_tasks(store)] == ["cancelled"]


# -- contacts ------------------------------------------------------------------------------

def add_contact(store: Store, **extra: Any) -> int:
    with store.step("Add contact") as step:
        with store.step("Campaign") as inner:
            campaign = inner.insert("campaigns", {"name": "Fair", "created_at": STAMP,
                                                  "updated_at": STAMP})
        contact = step.insert("contacts", {"first_name": "Ada", "source_campaign_id": campaign,
                                           "created_at": "2026-11-20T10:00:00Z",
                                           "updated_at": STAMP, **extra})
        sync_contact(step, contact, TODAY)
    return contact


def test_new_lead_from_campaign_first_contact(store: Store) -> None:
    contact = add_contact(store)
    task = open_tasks(store, "contact", contact)["lead.first_contact"]
    assert (task["due"], task["function"]) == ("2026-11-22", "sales")
    resync(store, "contacts", contact)
    assert len(all_tasks(store)) == 1
    edit(store, "contacts", contact, {"created_at": "2026-11-21T10:00:00Z"})
    assert open_tasks(store, "contact", contact)["lead.first_contact"]["due"] == "2026-11-23"
    edit(store, "contacts", contact, {"lifecycle": "prospect"})
    assert store.scalar("SELECT status FROM tasks") == "done"


def test_lead_without_campaign_or_deleted(store: Store) -> None:
    walk_in = add_contact(store, source_campaign_id=None)
    assert open_tasks(store, "contact", walk_in) == {}
    contact = add_contact(store)
    delete(store, "contacts", contact)
    assert [r["status"] for r in all_tasks(store)] == ["cancelled"]


def test_old_lead_gets_no_new_task_but_keeps_an_open_one(store: Store) -> None:
    old = add_contact(store, created_at="2026-08-01T10:00:00Z")
    assert open_tasks(store, "contact", old) == {}
    contact = add_contact(store)
    edit(store, "contacts", contact, {"created_at": "2026-08-01T10:00:00Z"})
    assert open_tasks(store, "contact", contact)["lead.first_contact"]["due"] == "2026-08-03"


def test_function_rule_one_recipient_sales_many_marketing() -> None:
    assert function_of("event.follow_up_leads") == "sales"
    assert function_of("lead.first_contact") == "sales"
    assert function_of("event.staff_booth") == "marketing"
    assert function_of("deal.add_to_nurture") == "marketing"


def test_rule_and_undo_are_one_step(store: Store) -> None:
    touch = add_touch(store, "event", "2026-12-03T10:00:00Z")
    assert len(open_tasks(store, "touch", touch)) == 2
    store.undo()
    assert store.get("touches", touch) is None
    assert all_tasks(store) == []


def test_sync_all_with_nothing_to_write_opens_no_step(store: Store, monkeypatch: Any) -> None:
    # A recurring touch is checked at every start; when its tasks are current, sync_all
    # reads and returns without a write step (a step's first use loads sqlite-utils).
    add_touch(store, "newsletter", "2026-11-03T08:00:00Z", rrule="FREQ=WEEKLY;COUNT=10")
    before = all_tasks(store)

    def no_step(*_args: Any, **_kwargs: Any) -> None:
        raise AssertionError("sync_all opened a step with nothing to write")

    with monkeypatch.context() as patch:
        patch.setattr(store, "step", no_step)
        assert not sync_all(store, TODAY)
    assert all_tasks(store) == before
    changes = sync_all(store, date(2026, 11, 30))  # a week on: the next occurrence's task
    assert changes.rows["tasks"]
    assert [r["origin_key"] for r in all_tasks(store)] == ["2026-11-24", "2026-12-01"]
