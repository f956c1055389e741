"""Trash: a delete keeps what it took for 30 days; restore puts it all back, links too."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from sm_desk.core import trash
from sm_desk.core.clock import from_iso
from sm_desk.core.contacts.service import (
    create_company,
    create_contact,
    created_id,
    delete_company,
    delete_contacts,
)
from sm_desk.core.marketing.campaigns import create_campaign, delete_campaign
from sm_desk.core.marketing.touches import create_touch, delete_touch
from sm_desk.core.sales.activities import log_activity
from sm_desk.core.sales.deals import create_deal, delete_deal, new_id
from sm_desk.core.store import Store
from sm_desk.core.tasks.service import create_task, delete_tasks

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def _snapshot(store: Store, *tables: str) -> dict[str, list[dict[str, object]]]:
    return {t: store.query(f"SELECT * FROM {t} ORDER BY id") for t in tables}


def _deal_with_history(store: Store) -> tuple[int, int]:
    contact = created_id(create_contact(store, {"first_name": "Ana", "last_name": "Ruiz",
                                                "email": "ana@example.com",
                                                "company": "Ruiz SL"}, tags=["vip", "fair"]))
    deal = new_id(create_deal(store, {"title": "Kiln refit", "contact_id": contact,
                                      "value_minor": 250_000, "next_step": "Call back"}, NOW))
    for day in (1, 2, 3):
        log_activity(store, "call", f"call {day}", NOW - timedelta(days=day), NOW, deal_id=deal)
    return contact, deal


def test_delete_then_restore_a_deal_brings_back_its_activities(store: Store) -> None:
    _contact, deal = _deal_with_history(store)
    before = _snapshot(store, "deals", "activities", "deal_stage_changes")
    delete_deal(store, deal)
    assert store.get("deals", deal) is None
    assert store.scalar("SELECT count(*) FROM activities") == 0
    [entry] = trash.list_entries(store)
    assert (entry["kind"], entry["label"]) == ("deals", "Kiln refit")
    assert "3 activities" in entry["summary"]
    store.undo_stack.clear()  # a week later: Undo is long gone, the trash is not
    trash.restore(store, entry["id"])
    assert _snapshot(store, "deals", "activities", "deal_stage_changes") == before
    assert trash.list_entries(store) == []


def test_delete_a_contact_then_restore_puts_back_tags_activities_and_deal_links(
        store: Store) -> None:
    contact, deal = _deal_with_history(store)
    log_activity(store, "note", "met at the fair", NOW, NOW, contact_id=contact)
    before = _snapshot(store, "contacts", "contact_tags", "activities")
    delete_contacts(store, [contact])
    assert store.get("deals", deal)["contact_id"] is None
    assert store.scalar("SELECT count(*) FROM contact_tags") == 0
    [entry] = trash.list_entries(store)
    assert entry["label"] == "Ana Ruiz"
    assert "1 deals (unlinked)" in entry["summary"]
    trash.restore(store, entry["id"])
    assert _snapshot(store, "contacts", "contact_tags", "activities") == before
    assert store.get("deals", deal)["contact_id"] == contact


def test_undo_of_a_delete_also_takes_the_entry_out_of_the_trash(store: Store) -> None:
    _contact, deal = _deal_with_history(store)
    delete_deal(store, deal)
    assert store.undo_label == "Delete deal"
    store.undo()
    assert store.get("deals", deal) is not None
    assert trash.list_entries(store) == []


def test_restore_is_one_undoable_step(store: Store) -> None:
    _contact, deal = _deal_with_history(store)
    delete_deal(store, deal)
    trash.restore(store, trash.list_entries(store)[0]["id"])
    store.undo()
    assert store.get("deals", deal) is None
    assert len(trash.list_entries(store)) == 1


def test_company_restore_relinks_its_contacts_and_deals(store: Store) -> None:
    contact, deal = _deal_with_history(store)
    company = store.get("contacts", contact)["company_id"]
    delete_company(store, company)
    assert store.get("contacts", contact)["company_id"] is None
    trash.restore(store, trash.list_entries(store)[0]["id"])
    assert store.get("contacts", contact)["company_id"] == company
    assert store.get("deals", deal)["company_id"] == company


def test_a_link_edited_since_the_delete_is_left_alone(store: Store) -> None:
    contact, deal = _deal_with_history(store)
    company = store.get("contacts", contact)["company_id"]
    other = created_id(create_company(store, "Other Ltd"), "companies")
    delete_company(store, company)
    with store.step("Edit deal") as step:
        step.update("deals", deal, {"company_id": other})
    trash.restore(store, trash.list_entries(store)[0]["id"])
    assert store.get("deals", deal)["company_id"] == other
    assert store.get("contacts", contact)["company_id"] == company


def test_campaign_touch_and_task_deletes_go_to_the_trash(store: Store) -> None:
    campaign = min(create_campaign(store, {"name": "Spring fair"}).rows["campaigns"] or ())
    touch = min(create_touch(store, {"campaign_id": campaign, "kind": "event",
                                     "title": "Booth", "starts_at": "2026-12-01T09:00:00Z"}
                             ).rows["touches"] or ())
    booth_tasks = store.scalar("SELECT count(*) FROM tasks WHERE origin_type = 'touch' "
                               "AND status = 'open'")
    assert booth_tasks > 0
    task = min(create_task(store, "Print flyers").rows["tasks"] or ())
    delete_tasks(store, [task])
    delete_campaign(store, campaign)
    assert store.get("touches", touch) is None
    assert store.scalar("SELECT count(*) FROM tasks WHERE origin_type = 'touch' "
                        "AND status = 'open'") == 0
    kinds = [e["kind"] for e in trash.list_entries(store)]
    assert sorted(kinds) == ["campaigns", "tasks"]
    for entry in trash.list_entries(store):
        trash.restore(store, entry["id"])
    assert store.get("touches", touch)["campaign_id"] == campaign
    assert store.get("tasks", task)["title"] == "Print flyers"
    assert store.scalar("SELECT count(*) FROM tasks WHERE origin_type = 'touch' "
                        "AND status = 'open'") == booth_tasks
    delete_touch(store, touch)
    assert trash.list_entries(store)[0]["label"] == "Booth"


def test_restore_gives_a_new_id_when_the_old_one_was_taken(store: Store) -> None:
    _contact, deal = _deal_with_history(store)
    delete_deal(store, deal)
    taken = new_id(create_deal(store, {"title": "Newer deal"}, NOW))
    assert taken == deal  # SQLite reuses the highest id
    result = trash.restore(store, trash.list_entries(store)[0]["id"])
    [restored] = result.ids["deals"]
    assert restored != deal
    assert store.get("deals", restored)["title"] == "Kiln refit"
    assert store.scalar("SELECT count(*) FROM activities WHERE deal_id = ?", [restored]) == 3


def test_purge_drops_entries_older_than_30_days_only(store: Store) -> None:
    _contact, deal = _deal_with_history(store)
    delete_deal(store, deal)
    deleted_at = from_iso(trash.list_entries(store)[0]["deleted_at"])
    assert trash.purge_expired(store, deleted_at + timedelta(days=29)) == 0
    assert len(trash.list_entries(store)) == 1
    assert trash.purge_expired(store, deleted_at + timedelta(days=30, seconds=1)) == 1
    assert trash.list_entries(store) == []


def test_delete_forever_and_a_missing_entry(store: Store) -> None:
    _contact, deal = _deal_with_history(store)
    delete_deal(store, deal)
    entry = trash.list_entries(store)[0]["id"]
    trash.delete_forever(store, [entry])
    with pytest.raises(trash.TrashError):
        trash.restore(store, entry)
