"""A hand-built business with known weekly figures for 2026-W47 (Europe/Berlin).

W47 runs Mon 16 Nov 00:00 to Mon 23 Nov 00:00 Berlin time, which is
2026-11-15T23:00Z to 2026-11-22T23:00Z; W46 the week before. Every number the
report tests check is derived in the comments next to the rows.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sm_desk.core.agreement import load_agreement, save_agreement
from sm_desk.core.store import Store
from tests.touch_rows import timed

CREATED = "2026-11-01T00:00:00Z"


@contextmanager
def local_time_zone(name: str) -> Iterator[None]:
    """Run with TZ set (time.tzset), restoring the previous zone afterwards."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = name
    time.tzset()
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = old
        time.tzset()


def _stamp(row: dict[str, Any], at: str = CREATED) -> dict[str, Any]:
    return {"created_at": at, "updated_at": at, **row}


def build_sample(store: Store) -> None:
    with store.step("Sample") as step:
        spring = step.insert("campaigns", _stamp({"name": "Spring <launch> & co",
                                                  "colour": "#59a14f"}))
        fair = step.insert("campaigns", _stamp({"name": "Trade fair", "colour": "#e15759"}))
        for first, created, lifecycle, campaign in (
            ("Mon0030", "2026-11-15T23:30:00Z", "lead", spring),  # W47 (Mon 00:30 Berlin)
            ("Sun2330", "2026-11-15T22:30:00Z", "lead", spring),  # W46 (Sun 23:30 Berlin)
            ("Sub", "2026-11-18T10:00:00Z", "subscriber", fair),  # W47 contact, not a lead
            ("LastSecond", "2026-11-22T22:59:59Z", "lead", None),  # W47 (Sun 23:59:59)
            ("NextMonday", "2026-11-22T23:00:00Z", "lead", spring),  # W48
        ):
            step.insert("contacts", _stamp({"first_name": first, "last_name": "Test",
                                            "lifecycle": lifecycle,
                                            "source_campaign_id": campaign}, created))
        deal = {"title": "", "stage_id": 1, "value_minor": 0}
        d1 = step.insert("deals", _stamp({**deal, "title": "D1 moves on", "value_minor": 100000,
                                          "expected_close": "2026-12-10"}))
        d2 = step.insert("deals", _stamp({**deal, "title": "D2 there and back", "stage_id": 2,
                                          "value_minor": 200000, "probability": 40,
                                          "expected_close": "2027-01-20"},
                                         "2026-11-17T09:00:00Z"))
        step.insert("deals", _stamp({
            **deal, "title": "D3 won, unpaid", "stage_id": 5, "value_minor": 300000,
            "closed_at": "2026-11-20T12:00:00Z", "invoiced_at": "2026-11-20",
            "invoice_due": "2026-11-21", "contact_id": 1}, "2026-10-01T00:00:00Z"))
        step.insert("deals", _stamp({
            **deal, "title": "D4 lost", "stage_id": 6, "value_minor": 50000,
            "closed_at": "2026-11-19T10:00:00Z", "lost_reason": "Price too high"},
            "2026-10-01T00:00:00Z"))
        step.insert("deals", _stamp({
            **deal, "title": "D5 lost before", "stage_id": 6, "value_minor": 70000,
            "closed_at": "2026-11-10T10:00:00Z", "lost_reason": "No budget"},
            "2026-10-01T00:00:00Z"))
        step.insert("deals", _stamp({
            **deal, "title": "D6 won in W45, paid late", "stage_id": 5, "value_minor": 40000,
            "closed_at": "2026-11-04T10:00:00Z", "invoiced_at": "2026-11-04",
            "invoice_due": "2026-11-14", "paid_at": "2026-11-20"}, "2026-10-01T00:00:00Z"))
    # Stage moves, logged by the trigger at the deal's updated_at.
    with store.step("Move D1") as step:
        step.update("deals", d1, {"stage_id": 3, "updated_at": "2026-11-17T09:00:00Z"})
    with store.step("Move D2") as step:
        step.update("deals", d2, {"stage_id": 3, "updated_at": "2026-11-18T09:00:00Z"})
    with store.step("Move D2 back") as step:
        step.update("deals", d2, {"stage_id": 2, "updated_at": "2026-11-19T09:00:00Z"})

    with store.step("Touches") as step:
        def touch(campaign: int, kind: str, starts: str, status: str, cost: int,
                  rrule: str | None = None) -> int:
            return step.insert("touches", _stamp({
                "campaign_id": campaign, "kind": kind, "title": f"{kind} {starts[:10]}",
                **timed(starts), "status": status, "cost_minor": cost, "rrule": rrule,
                "uid": f"{kind}-{starts}"}))

        touch(spring, "blog_post", "2026-11-17T09:00:00Z", "done", 15000)  # W47 done
        touch(fair, "event", "2026-11-19T09:00:00Z", "skipped", 99900)  # W47 skipped
        weekly = touch(spring, "newsletter", "2026-11-03T08:00:00Z", "done", 1000,
                       "FREQ=WEEKLY;COUNT=10")  # W46 and W47 done; 24 Nov moved; 1 Dec skipped
        step.insert("touch_occurrences", {"touch_id": weekly,
                                          "original_start": timed("2026-11-24T08:00:00Z")["start_local"],
                                          "new_start": timed("2026-11-25T08:00:00Z")["start_local"]})
        step.insert("touch_occurrences", {"touch_id": weekly,
                                          "original_start": timed("2026-12-01T08:00:00Z")["start_local"],
                                          "status": "skipped"})
        touch(fair, "social_post", "2026-11-12T10:00:00Z", "done", 5000)  # W46
        touch(fair, "webinar", "2026-11-30T15:00:00Z", "planned", 0)  # next two weeks
        touch(spring, "ad", "2026-12-10T10:00:00Z", "planned", 0)  # beyond two weeks

        def task(function: str | None, status: str, done_at: str | None = None,
                 assignee: int | None = None, due: str | None = None,
                 created: str = CREATED) -> None:
            step.insert("tasks", _stamp({"title": "t", "function": function, "status": status,
                                         "done_at": done_at, "assignee_id": assignee,
                                         "due": due}, created))

        task("sales", "done", "2026-11-18T10:00:00Z", assignee=1)  # W47 done; open at W46 end
        task("marketing", "done", "2026-11-16T10:00:00Z")  # W47 done; open+unassigned W46 end
        task("marketing", "done", "2026-11-10T10:00:00Z")  # W46 done
        task("sales", "open", due="2026-11-20")  # unassigned; overdue at W47 end only
        task(None, "open", assignee=1, due="2026-11-30")  # unclassified, open
        task("marketing", "open", created="2026-11-20T10:00:00Z")  # unassigned, W47 only
        task("sales", "cancelled", due="2026-11-01")  # never counted

        for kind, at in (("call", "2026-11-17T10:00:00Z"), ("email", "2026-11-18T10:00:00Z"),
                         ("meeting", "2026-11-12T10:00:00Z")):
            step.insert("activities", {"kind": kind, "at": at, "created_at": at})
        step.insert("assessments", {"taken_at": "2026-11-10T10:00:00Z", "sales_score": 30,
                                    "marketing_score": 70, "verdict": "Marketing first"})
        step.insert("assessments", {"taken_at": "2026-11-25T10:00:00Z", "sales_score": 90,
                                    "marketing_score": 10, "verdict": "Later: not used"})
    agreement = load_agreement(store)
    agreement.hat_target_sales_share = 0.6
    save_agreement(store, agreement)
