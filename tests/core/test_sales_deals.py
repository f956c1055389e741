"""Deals: create (from a lead), move across stages, lost/not now, won, invoice, paid, undo."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from sm_desk.core.sales.activities import log_activity
from sm_desk.core.sales.deals import (
    NOT_NOW,
    SalesError,
    create_deal,
    create_deal_from_contact,
    delete_deal,
    mark_invoiced,
    mark_paid,
    move_deal,
    new_id,
    set_vbant,
    update_deal,
)
from sm_desk.core.sales.stages import StageEdit, save_stages
from sm_desk.core.store import Store
from sm_desk.core.store import sales as queries

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
STAMP = "2026-11-01T09:00:00Z"


def stage_id(store: Store, name: str) -> int:
    return int(store.scalar("SELECT id FROM stages WHERE name = ?", [name]))


@pytest.fixture
def lead(store: Store) -> int:
    with store.step("setup") as step:
        campaign = step.insert("campaigns", {"name": "Trade fair", "created_at": STAMP,
                                             "updated_at": STAMP})
        company = step.insert("companies", {"name": "Oak Bakery", "created_at": STAMP,
                                            "updated_at": STAMP})
        return step.insert("contacts", {
            "first_name": "Ada", "last_name": "Berg", "lifecycle": "lead",
            "company_id": company, "source_campaign_id": campaign,
            "created_at": STAMP, "updated_at": STAMP})


def test_deal_from_lead_inherits_campaign_and_company(store: Store, lead: int) -> None:
    deal_id = new_id(create_deal_from_contact(store, lead, NOW, value_minor=250_000))
    deal = store.get("deals", deal_id)
    contact = store.get("contacts", lead)
    assert deal is not None and contact is not None
    assert deal["title"] == "Deal with Ada Berg"
    assert deal["source_campaign_id"] == contact["source_campaign_id"]
    assert deal["company_id"] == contact["company_id"]
    assert deal["stage_id"] == stage_id(store, "Interested")
    assert contact["lifecycle"] == "prospect"
    store.undo()  # one action, one undo: deal gone, the lead is a lead again
    assert store.get("deals", deal_id) is None
    assert store.scalar("SELECT lifecycle FROM contacts WHERE id = ?", [lead]) == "lead"


def test_move_to_won_stamps_closed_and_undo_restores_stage(store: Store, lead: int) -> None:
    deal_id = new_id(create_deal(store, {"title": "Website", "contact_id": lead}, NOW))
    move_deal(store, deal_id, stage_id(store, "Evaluating"), NOW)
    move_deal(store, deal_id, stage_id(store, "Won"), NOW)
    deal = store.get("deals", deal_id)
    assert deal is not None
    assert deal["closed_at"] == "2026-11-23T10:00:00Z"
    assert store.scalar("SELECT lifecycle FROM contacts WHERE id = ?", [lead]) == "customer"
    assert store.undo_label == "Move deal to Won"
    store.undo()
    assert store.scalar("SELECT stage_id FROM deals WHERE id = ?",
                        [deal_id]) == stage_id(store, "Evaluating")
    assert store.scalar("SELECT closed_at FROM deals WHERE id = ?", [deal_id]) is None


def test_lost_needs_a_reason_and_not_now_nurtures(store: Store, lead: int) -> None:
    deal_id = new_id(create_deal(store, {"title": "Pro", "contact_id": lead}, NOW))
    lost = stage_id(store, "Lost")
    with pytest.raises(SalesError, match="why"):
        move_deal(store, deal_id, lost, NOW)
    move_deal(store, deal_id, lost, NOW, nurture=True)
    deal = store.get("deals", deal_id)
    assert deal is not None
    assert (deal["nurture"], deal["lost_reason"]) == (1, NOT_NOW)
    assert store.scalar("SELECT lifecycle FROM contacts WHERE id = ?", [lead]) == "nurture"
    move_deal(store, deal_id, stage_id(store, "Engaged"), NOW)  # revived: clean again
    deal = store.get("deals", deal_id)
    assert deal is not None
    assert (deal["nurture"], deal["lost_reason"], deal["closed_at"]) == (0, None, None)


def test_invoice_and_paid_only_for_won_deals(store: Store, lead: int) -> None:
    deal_id = new_id(create_deal(store, {"title": "Team", "value_minor": 90_000}, NOW))
    with pytest.raises(SalesError, match="won"):
        mark_invoiced(store, deal_id, date(2026, 11, 23), date(2026, 12, 23), NOW)
    move_deal(store, deal_id, stage_id(store, "Won"), NOW)
    mark_invoiced(store, deal_id, date(2026, 10, 1), date(2026, 10, 31), NOW)
    overdue = queries.overdue_payments(store, "2026-11-23")
    assert [r["id"] for r in overdue] == [deal_id]
    mark_paid(store, deal_id, date(2026, 11, 20), NOW)
    assert store.scalar("SELECT paid_at FROM deals WHERE id = ?", [deal_id]) == "2026-11-20"
    assert queries.overdue_payments(store, "2026-11-23") == []


def test_edit_vbant_and_delete_with_undo(store: Store, lead: int) -> None:
    deal_id = new_id(create_deal(store, {"title": "Starter", "contact_id": lead}, NOW))
    set_vbant(store, deal_id, "budget", True, NOW)
    set_vbant(store, deal_id, "need", True, NOW)
    update_deal(store, deal_id, {"probability": 40, "next_step": "Call"}, NOW)
    card = queries.card(store, deal_id, "2026-11-23", "2026-11-09T00:00:00Z")
    assert card is not None and (card["vbant"], card["probability"]) == (2, 40)
    log_activity(store, "call", "Discovery", NOW, NOW, deal_id=deal_id)
    delete_deal(store, deal_id)
    assert store.get("deals", deal_id) is None
    assert store.scalar("SELECT count(*) FROM activities") == 0
    store.undo()
    assert store.scalar("SELECT count(*) FROM activities WHERE deal_id = ?", [deal_id]) == 1
    with pytest.raises(SalesError):
        update_deal(store, deal_id, {"title": "  "}, NOW)


def test_activity_moves_last_touched_forward_only(store: Store, lead: int) -> None:
    deal_id = new_id(create_deal(store, {"title": "Annual", "contact_id": lead}, NOW))
    log_activity(store, "meeting", "Demo", NOW, NOW, deal_id=deal_id)
    earlier = datetime(2026, 11, 2, 9, tzinfo=UTC)
    log_activity(store, "note", "Late note", earlier, NOW, deal_id=deal_id)
    assert store.scalar("SELECT last_activity_at FROM deals") == "2026-11-23T10:00:00Z"
    assert store.scalar("SELECT last_touched_at FROM contacts WHERE id = ?",
                        [lead]) == "2026-11-23T10:00:00Z"
    assert [a["summary"] for a in queries.activities_for(store, contact_id=lead)] == [
        "Demo", "Late note"]


def test_stages_edit_renames_reorders_adds_and_reassigns(store: Store) -> None:
    engaged = stage_id(store, "Engaged")
    deal_id = new_id(create_deal(store, {"title": "X"}, NOW, stage_id=engaged))
    current = queries.stages(store)
    edits = [StageEdit(s["id"], s["name"], s["probability"], s["outcome"])
             for s in current if s["id"] != engaged]
    edits[0].name = "Curious"
    edits.insert(1, StageEdit(None, "Proposal sent", 60))
    with pytest.raises(SalesError, match="Engaged"):
        save_stages(store, edits, {}, NOW)
    save_stages(store, edits, {engaged: edits[0].id or 0}, NOW)
    names = [s["name"] for s in queries.stages(store)]
    assert names == ["Curious", "Proposal sent", "Evaluating", "Negotiating", "Won", "Lost"]
    assert store.scalar("SELECT stage_id FROM deals WHERE id = ?", [deal_id]) == edits[0].id
    store.undo()
    assert [s["name"] for s in queries.stages(store)][:2] == ["Interested", "Engaged"]
    assert store.scalar("SELECT stage_id FROM deals WHERE id = ?", [deal_id]) == engaged
    with pytest.raises(SalesError, match="won"):
        save_stages(store, [e for e in edits if e.outcome != "won"], {}, NOW)
