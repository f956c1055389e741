"""Find duplicate contacts and merge three into one, field by field, undoably."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from sm_desk.core.contacts.duplicates import find_duplicates, merge, normal_name, phone_key
from sm_desk.core.contacts.service import ContactError, create_contact, created_id
from sm_desk.core.custom_fields import define_field, find_field, set_values
from sm_desk.core.sales.activities import log_activity
from sm_desk.core.sales.deals import create_deal, new_id
from sm_desk.core.store import Store
from sm_desk.core.tasks.service import create_task

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def _contact(store: Store, tags: tuple[str, ...] = (), **values: str) -> int:
    return created_id(create_contact(store, values, tags=list(tags)))


def test_groups_by_email_name_and_company_and_phone(store: Store) -> None:
    a = _contact(store, first_name="José", last_name="de la Cruz", email="JOSE@x.com",
                 company="Cruz SA")
    b = _contact(store, first_name="Jose", last_name="De La  Cruz", company="Cruz SA")
    c = _contact(store, first_name="Pepe", email="jose@x.com ")
    d = _contact(store, first_name="Ann", phone="+44 20 7946 0958")
    e = _contact(store, first_name="Annie", phone="020 7946 0958")
    _contact(store, first_name="Jose", last_name="de la Cruz", company="Other Ltd")
    _contact(store, first_name="Solo", email="solo@x.com")
    groups = find_duplicates(store)
    assert [g.ids for g in groups] == [[a, b, c], [d, e]]
    assert groups[0].reasons == ["same email", "same name and company"]
    assert groups[1].reasons == ["same phone"]
    assert normal_name(" José ", "DE-la Cruz") == "jose de la cruz"
    assert phone_key("12") is None


def test_merge_three_keeps_every_deal_activity_tag_task_and_can_be_undone(
        store: Store) -> None:
    budget = define_field(store, "contacts", "Budget", "money")
    assert budget
    ids = [_contact(store, ("vip",), first_name="Ana", last_name="Ruiz", email="ana@x.com"),
           _contact(store, ("fair",), first_name="Ana", last_name="Ruiz", phone="600 111 222",
                    job_title="Owner"),
           _contact(store, ("press", "vip"), first_name="Anna", email="ana@x.com",
                    notes="met in Lyon")]
    keep = ids[0]
    deals = [new_id(create_deal(store, {"title": f"Deal {i}", "contact_id": c}, NOW))
             for i, c in enumerate(ids)]
    for c in ids:
        log_activity(store, "call", "hello", NOW, NOW, contact_id=c)
    tasks = [min(create_task(store, f"Task {i}", origin_type="contact", origin_id=c)
                 .rows["tasks"] or ()) for i, c in enumerate(ids)]
    set_values(store, "contacts", ids[2], {"Budget": "1,500.00"})
    before = {t: store.query(f"SELECT * FROM {t} ORDER BY id")
              for t in ("contacts", "deals", "activities", "contact_tags", "tasks",
                        "custom_values")}
    assert [g.ids for g in find_duplicates(store)] == [ids]

    merge(store, keep, ids, {"first_name": "Anna", "phone": "600 111 222"})

    assert store.scalar("SELECT count(*) FROM contacts") == 1
    survivor = store.get("contacts", keep)
    assert (survivor["first_name"], survivor["phone"], survivor["job_title"]) == (
        "Anna", "600 111 222", "Owner")
    assert "met in Lyon" in survivor["notes"]
    assert {r["id"] for r in store.query("SELECT id FROM deals WHERE contact_id = ?",
                                         [keep])} == set(deals)
    assert store.scalar("SELECT count(*) FROM activities WHERE contact_id = ?", [keep]) == 3
    assert {r["name"] for r in store.query(
        "SELECT t.name FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id "
        "WHERE ct.contact_id = ?", [keep])} == {"vip", "fair", "press"}
    assert {store.get("tasks", t)["origin_id"] for t in tasks} == {keep}
    field = find_field(store, "contacts", "Budget")
    assert field is not None
    assert store.scalar("SELECT value FROM custom_values WHERE contact_id = ?", [keep]) == "150000"
    assert find_duplicates(store) == []
    assert store.undo_label == "Merge 3 contacts"

    store.undo()
    after = {t: store.query(f"SELECT * FROM {t} ORDER BY id") for t in before}
    assert after == before


def test_merge_refuses_a_single_contact(store: Store) -> None:
    one = _contact(store, first_name="Ana")
    with pytest.raises(ContactError):
        merge(store, one, [one])


@pytest.mark.parametrize(("country", "a", "b", "same"), [
    ("US", "+1 212 555 0100", "+1 312 555 0100", False),  # the last nine digits agree
    ("US", "+1 212 555 0100", "(212) 555-0100", True),  # read in the business's country
    ("GB", "+1 212 555 0100", "(212) 555-0100", True),  # not a GB number: national digits
    ("GB", "+1 212 555 0100", "+44 212 555 0100", False),  # valid in two countries: apart
    ("US", "+1 212 555 0100 ext. 12", "212-555-0100 x12", True),
    ("US", "+1 212 555 0100 ext. 12", "+1 212 555 0100 ext. 34", False),  # extensions kept
    ("GB", "020 7946 0958", "+44 20 7946 0958", True),
    ("US", "020 7946 0958", "+44 20 7946 0958", True),  # not a US number: national digits
    ("DE", "030 1234567", "+49 30 1234567", True),
])
def test_phone_numbers_are_compared_as_numbers_in_the_business_country(
        store: Store, country: str, a: str, b: str, same: bool) -> None:
    from sm_desk.core.profile import update_profile

    update_profile(store, {"country": country})
    first = _contact(store, first_name="Ann", phone=a)
    second = _contact(store, first_name="Bea", phone=b)
    groups = find_duplicates(store)
    assert [g.ids for g in groups] == ([[first, second]] if same else [])
    if same:
        assert groups[0].reasons == ["same phone"]
