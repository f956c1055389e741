"""Contacts service: create, edit, delete with undo, merge duplicates keeping everything."""

from __future__ import annotations

import pytest

from sm_desk.core.contacts.service import (
    ContactError,
    create_contact,
    created_id,
    delete_contacts,
    merge_contacts,
    set_lifecycle,
    update_contact,
)
from sm_desk.core.store import Store
from sm_desk.core.store import contacts as q

STAMP = "2026-11-23T09:00:00Z"


def test_create_finds_or_creates_company_and_tags(store: Store) -> None:
    first = created_id(create_contact(store, {"first_name": "Ana", "email": "ana@example.com",
                                              "company": "Acme"}, tags=["vip"]))
    second = created_id(create_contact(store, {"first_name": "Bo", "company": "ACME"},
                                       tags=["VIP", "fair"]))
    assert store.scalar("SELECT count(*) FROM companies") == 1
    assert q.contact_tags(store, first) == ["vip"]
    assert q.contact_tags(store, second) == ["fair", "vip"]
    assert store.get("contacts", second)["lifecycle"] == "lead"  # type: ignore[index]


@pytest.mark.parametrize("values, reason", [
    ({"first_name": "", "email": ""}, "missing name and email"),
    ({"first_name": "A", "email": "a@b@c"}, "bad email 'a@b@c'"),
    ({"first_name": "A" * 101}, "First name is longer than 100 characters"),
    ({"first_name": "A", "lifecycle": "vip"}, "unknown lifecycle 'vip'"),
])
def test_invalid_values_are_refused_and_nothing_is_written(store: Store, values: dict[str, str],
                                                           reason: str) -> None:
    with pytest.raises(ContactError) as caught:
        create_contact(store, values)
    assert caught.value.problems == [reason]
    assert store.scalar("SELECT count(*) FROM contacts") == 0


def test_edit_keeps_unsent_fields_and_undo_restores(store: Store) -> None:
    contact = created_id(create_contact(store, {"first_name": "Ana", "last_name": "Diaz",
                                                "email": "ana@example.com", "phone": "1"}))
    update_contact(store, contact, {"phone": "2", "company": "Beta"}, tags=["x"])
    row = q.contact(store, contact)
    assert row is not None
    assert (row["first_name"], row["phone"], row["company_name"]) == ("Ana", "2", "Beta")
    assert store.undo_label == "Edit contact"
    store.undo()
    row = q.contact(store, contact)
    assert row is not None and (row["phone"], row["company_name"]) == ("1", None)
    assert q.contact_tags(store, contact) == []
    with pytest.raises(ContactError):
        update_contact(store, contact, {"email": "broken"})


def test_delete_with_undo_brings_back_tags_and_activities(store: Store) -> None:
    contact = created_id(create_contact(store, {"first_name": "Ana"}, tags=["vip"]))
    with store.step("log") as step:
        step.insert("activities", {"kind": "call", "at": STAMP, "contact_id": contact,
                                   "created_at": STAMP})
    delete_contacts(store, [contact])
    assert store.counts()["contacts"] == 0 and store.counts()["activities"] == 0
    store.undo()
    assert q.contact_tags(store, contact) == ["vip"]
    assert store.scalar("SELECT count(*) FROM activities WHERE contact_id = ?", [contact]) == 1


def test_merge_moves_deals_activities_tasks_and_tags(store: Store) -> None:
    keep = created_id(create_contact(store, {"first_name": "Ana", "email": "ana@example.com"},
                                     tags=["vip"]))
    dup = created_id(create_contact(store, {"first_name": "Ana", "last_name": "Diaz",
                                            "email": "ana.diaz@work.com", "phone": "555"},
                                    tags=["fair"]))
    stage = store.scalar("SELECT id FROM stages ORDER BY position LIMIT 1")
    with store.step("setup") as step:
        deal = step.insert("deals", {"title": "Offer", "contact_id": dup, "stage_id": stage,
                                     "created_at": STAMP, "updated_at": STAMP})
        activity = step.insert("activities", {"kind": "email", "at": STAMP, "contact_id": dup,
                                              "created_at": STAMP})
        task = step.insert("tasks", {"title": "Call Ana", "origin_type": "contact",
                                     "origin_id": dup, "created_at": STAMP,
                                     "updated_at": STAMP})
    merge_contacts(store, keep, [dup])
    assert store.get("contacts", dup) is None
    assert store.get("deals", deal)["contact_id"] == keep  # type: ignore[index]
    assert store.get("activities", activity)["contact_id"] == keep  # type: ignore[index]
    assert store.get("tasks", task)["origin_id"] == keep  # type: ignore[index]
    assert q.contact_tags(store, keep) == ["fair", "vip"]
    row = store.get("contacts", keep)
    assert row is not None
    assert (row["last_name"], row["phone"], row["email"]) == ("Diaz", "555", "ana@example.com")
    assert "Also email: ana.diaz@work.com" in row["notes"]
    store.undo()  # one step: the duplicate and its links come back
    assert store.get("contacts", dup) is not None
    assert store.get("deals", deal)["contact_id"] == dup  # type: ignore[index]
    assert q.contact_tags(store, dup) == ["fair"]


def test_lifecycle_change_and_detail_queries(demo_store: Store) -> None:
    contact = demo_store.scalar("SELECT contact_id FROM deals WHERE contact_id IS NOT NULL "
                                "ORDER BY id LIMIT 1")
    set_lifecycle(demo_store, [contact], "Not now")
    assert demo_store.get("contacts", contact)["lifecycle"] == "nurture"  # type: ignore[index]
    assert q.deals_of(demo_store, contact)
    rows = q.list_rows(demo_store)
    assert len(rows) == demo_store.scalar("SELECT count(*) FROM contacts")


def test_a_merged_contact_waits_in_the_trash_and_can_be_restored(store: Store) -> None:
    from sm_desk.core import trash

    keep = created_id(create_contact(store, {"first_name": "Ana", "email": "ana@example.com"}))
    dup = created_id(create_contact(store, {"first_name": "Ana", "last_name": "Diaz",
                                            "email": "ana.diaz@work.com"}, tags=["fair"]))
    merge_contacts(store, keep, [dup])
    store.undo_stack.clear()  # as after a restart: Undo no longer reaches the merge

    [entry] = trash.list_entries(store)
    assert entry["label"] == "Ana Diaz (merged into Ana)"
    trash.restore(store, entry["id"])
    back = store.get("contacts", dup)
    assert back is not None and back["email"] == "ana.diaz@work.com"
    assert q.contact_tags(store, keep) == ["fair"]  # the survivor keeps what it was given
