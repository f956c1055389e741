"""The lead hand-off protocol with fixed dates: a lead meeting the agreement's definition
becomes ready for sales; sales accepts (a deal, the campaign kept, the ticks copied) or
returns it with a reason; an unanswered hand-off past the follow-up time becomes the
'handoff.overdue' boundary task, and answering it closes the task."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from sm_desk.core.agreement import load_agreement, save_agreement
from sm_desk.core.handoffs.handoff import (
    HandoffError,
    accept_handoff,
    hand_over,
    leads,
    return_handoff,
    set_lead_qualification,
    set_lead_vbant,
)
from sm_desk.core.store import Store
from sm_desk.core.tasks.rules import function_of, sync_all
from tests.core.test_handoffs import STAMP, add_contact

TODAY = date(2026, 11, 23)
HANDED = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)  # a Friday; 48 h -> Sunday 09:00


def campaign(store: Store) -> int:
    with store.step("Campaign") as step:
        return step.insert("campaigns", {"name": "Trade fair", "created_at": STAMP,
                                         "updated_at": STAMP})


def state_of(store: Store, contact_id: int, now: datetime = HANDED) -> str:
    return next(r["state"] for r in leads(store, now) if r["id"] == contact_id)


def handoff_id(store: Store, contact_id: int) -> int:
    return int(store.scalar("SELECT id FROM handoffs WHERE contact_id = ? ORDER BY id DESC",
                            [contact_id]))


def overdue_tasks(store: Store) -> list[dict[str, object]]:
    return store.query("SELECT title, function, due, status, origin_type, origin_id, "
                       "origin_key FROM tasks WHERE rule = 'handoff.overdue' ORDER BY id")


def qualified_lead(store: Store, name: str = "Ada", **extra: object) -> int:
    contact = add_contact(store, name, **extra)  # type: ignore[arg-type]
    set_lead_qualification(store, contact, {"need": True, "budget": True}, HANDED)
    return contact


def test_lead_becomes_ready_when_it_meets_the_agreement(store: Store) -> None:
    assert load_agreement(store).qualified_lead_requires == ["need", "budget"]
    contact = add_contact(store, "Ada")
    assert state_of(store, contact) == "new"
    set_lead_vbant(store, contact, "need", True, HANDED)
    assert state_of(store, contact) == "qualifying"
    assert store.scalar("SELECT count(*) FROM handoffs") == 0
    set_lead_vbant(store, contact, "budget", True, HANDED)
    assert state_of(store, contact) == "ready"
    row = next(r for r in leads(store, HANDED) if r["id"] == contact)
    assert row["state_text"] == "Ready for sales" and row["deadline"] == "2026-11-22T09:00:00Z"
    set_lead_vbant(store, contact, "budget", False, HANDED)  # withdrawn before sales answered
    assert state_of(store, contact) == "qualifying"
    assert store.scalar("SELECT count(*) FROM handoffs") == 0
    store.undo()
    assert state_of(store, contact) == "ready"


def test_the_agreement_decides_what_qualifies(store: Store) -> None:
    save_agreement(store, replace(load_agreement(store), qualified_lead_requires=["authority"]))
    contact = add_contact(store, "Ada")
    set_lead_qualification(store, contact, {"need": True, "budget": True}, HANDED)
    assert state_of(store, contact) == "qualifying"
    set_lead_vbant(store, contact, "authority", True, HANDED)
    assert state_of(store, contact) == "ready"


def test_accept_creates_a_deal_keeping_the_campaign_and_the_ticks(store: Store) -> None:
    source = campaign(store)
    contact = qualified_lead(store, source_campaign_id=source)
    set_lead_vbant(store, contact, "authority", True, HANDED)
    accept_handoff(store, handoff_id(store, contact), HANDED + timedelta(hours=3))
    deal = store.query_one("SELECT * FROM deals WHERE contact_id = ?", [contact])
    assert deal is not None
    assert deal["source_campaign_id"] == source
    assert (deal["need"], deal["budget"], deal["authority"], deal["vision"]) == (1, 1, 1, 0)
    handoff = store.get("handoffs", handoff_id(store, contact))
    assert handoff is not None
    assert (handoff["status"], handoff["deal_id"], handoff["answered_at"]) == (
        "accepted", deal["id"], "2026-11-20T12:00:00Z")
    assert store.get("contacts", contact)["lifecycle"] == "prospect"  # type: ignore[index]
    assert state_of(store, contact) == "accepted"
    with pytest.raises(HandoffError, match="already accepted"):
        accept_handoff(store, handoff_id(store, contact), HANDED)
    store.undo()  # one step: no deal, the lead waits again
    assert store.scalar("SELECT count(*) FROM deals") == 0
    assert state_of(store, contact) == "ready"


@pytest.mark.parametrize(("reason", "lifecycle"), [
    ("not_now", "nurture"), ("not_fit", "lost"), ("bad_data", "lead")])
def test_return_with_a_reason_moves_the_lead(store: Store, reason: str, lifecycle: str) -> None:
    contact = qualified_lead(store)
    return_handoff(store, handoff_id(store, contact), reason, HANDED, note="call in spring")
    assert store.get("contacts", contact)["lifecycle"] == lifecycle  # type: ignore[index]
    row = next(r for r in leads(store, HANDED) if r["id"] == contact)
    assert row["state"] == "returned" and row["return_reason"] == reason
    assert row["state_text"].startswith("Returned: ")
    with pytest.raises(HandoffError, match="say why"):
        return_handoff(store, handoff_id(store, contact), "meh", HANDED)


def test_hand_over_again_after_a_return(store: Store) -> None:
    contact = qualified_lead(store)
    return_handoff(store, handoff_id(store, contact), "bad_data", HANDED)
    set_lead_vbant(store, contact, "vision", True, HANDED)  # still qualified: no new hand-off
    assert store.scalar("SELECT count(*) FROM handoffs") == 1
    hand_over(store, contact, HANDED + timedelta(days=1))
    assert state_of(store, contact, HANDED + timedelta(days=1)) == "ready"
    assert store.scalar("SELECT count(*) FROM handoffs") == 2
    with pytest.raises(HandoffError, match="already waiting"):
        hand_over(store, contact, HANDED)
    unqualified = add_contact(store, "Bea")
    with pytest.raises(HandoffError, match="Need, Budget"):
        hand_over(store, unqualified, HANDED)


def test_unanswered_hand_off_past_the_follow_up_time_becomes_a_task(store: Store) -> None:
    contact = qualified_lead(store)
    assert state_of(store, contact, HANDED + timedelta(hours=47)) == "ready"
    assert state_of(store, contact, HANDED + timedelta(hours=49)) == "overdue"

    assert not sync_all(store, date(2026, 11, 22))  # the deadline is during that day
    assert overdue_tasks(store) == []
    sync_all(store, TODAY)
    tasks = overdue_tasks(store)
    assert tasks == [{"title": "Answer the hand-off: accept or return the lead",
                      "function": "sales", "due": "2026-11-22", "status": "open",
                      "origin_type": "contact", "origin_id": contact,
                      "origin_key": str(handoff_id(store, contact))}]
    assert function_of("handoff.overdue") == "sales"
    assert not sync_all(store, TODAY)  # nothing new: no second task

    accept_handoff(store, handoff_id(store, contact), datetime(2026, 11, 23, 10, tzinfo=UTC))
    assert overdue_tasks(store)[0]["status"] == "done"


def test_a_withdrawn_hand_off_cancels_its_task(store: Store) -> None:
    contact = qualified_lead(store)
    sync_all(store, TODAY)
    set_lead_vbant(store, contact, "need", False, datetime(2026, 11, 23, 10, tzinfo=UTC))
    assert overdue_tasks(store)[0]["status"] == "cancelled"


def test_a_longer_follow_up_time_means_no_task_yet(store: Store) -> None:
    save_agreement(store, replace(load_agreement(store), follow_up_hours=96))
    qualified_lead(store)
    sync_all(store, TODAY)
    assert overdue_tasks(store) == []
    sync_all(store, date(2026, 11, 25))
    assert overdue_tasks(store)[0]["due"] == "2026-11-24"
