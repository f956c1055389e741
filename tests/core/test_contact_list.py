"""The contacts list in SQL (core/store/contact_list): what a search finds, the count, and
the order of every plan (index walk, sort, page by offset) against a plain Python sort."""

from __future__ import annotations

import pytest

from sm_desk.core.contacts.service import create_contact, created_id
from sm_desk.core.custom_fields import define_field, set_values
from sm_desk.core.store import Store, contact_list
from sm_desk.core.store.contact_list import Listing, ListQuery, finds, words


def _ids(store: Store, text: str = "", lifecycle: str = "", sort: str = "name",
         descending: bool = False) -> list[int]:
    return list(Listing(store, ListQuery(text, lifecycle, sort, descending)).ids())


@pytest.fixture
def people(store: Store) -> dict[str, int]:
    rows = {
        "ada": ({"first_name": "Ada", "last_name": "Weber", "email": "ada@weber.example",
                 "company": "Green Bakery", "lifecycle": "customer"}, ["vip"]),
        "grace": ({"first_name": "Grace", "last_name": "Novak",
                   "email": "grace.novak@example.com", "lifecycle": "lead"}, ["trade-fair"]),
        "zoe": ({"first_name": "Zoë", "last_name": "Müller", "email": "zm@example.com",
                 "company": "Kiln & Co", "job_title": "Potter"}, []),
        "bob": ({"first_name": "bob", "email": "bob@gmail.example", "lifecycle": "lead"},
                ["vip", "newsletter"]),
    }
    made = {key: created_id(create_contact(store, values, tags=tags))
            for key, (values, tags) in rows.items()}
    with store.step("A contact with neither name nor email (an import can make one)") as step:
        made["blank"] = step.insert("contacts", {"phone": "600 111 222", "created_at": "x",
                                                 "updated_at": "x"})
    return made


def test_words_fold_like_the_search_index() -> None:
    assert words("  Grace.Novak  Müller -- ") == [("grace", "novak"), ("muller",)]
    assert finds(("nov",), "Grace Novak")
    assert not finds(("ovak",), "Grace Novak")  # a word's start, not any substring
    assert finds(("grace", "nov"), "grace.novak@example.com")
    assert not finds(("novak", "grace"), "grace.novak@example.com")
    assert finds(("fair",), "trade-fair")


def test_a_word_finds_a_contact_by_name_email_company_tag_or_custom_value(
        store: Store, people: dict[str, int]) -> None:
    assert _ids(store, "ada") == [people["ada"]]
    assert _ids(store, "bakery") == [people["ada"]]  # only in the company's name
    assert _ids(store, "newsletter") == [people["bob"]]  # only in a tag
    assert _ids(store, "fair") == [people["grace"]]  # a word inside a tag
    assert _ids(store, "muller") == [people["zoe"]]  # diacritics folded
    assert _ids(store, "potter") == [people["zoe"]]  # the job title (the search index)
    assert _ids(store, "grace.novak") == [people["grace"]]  # a phrase of the email
    assert _ids(store, "ovak") == []  # not a word's start
    define_field(store, "contacts", "Kiln model", "text")
    set_values(store, "contacts", people["bob"], {"Kiln model": "Nabertherm N100"})
    assert _ids(store, "naberth") == [people["bob"]]


def test_every_word_must_find_the_contact_in_any_of_its_fields(
        store: Store, people: dict[str, int]) -> None:
    assert _ids(store, "vip") == [people["ada"], people["bob"]]
    assert _ids(store, "vip bakery") == [people["ada"]]  # a tag and a company name
    assert _ids(store, "vip gmail") == [people["bob"]]
    assert _ids(store, "vip nobody") == []
    assert _ids(store, "vip", lifecycle="lead") == [people["bob"]]
    listing = Listing(store, ListQuery("vip", "lead"))
    assert (listing.count, listing.total) == (1, 5)


def test_a_search_that_finds_everyone_is_no_search(store: Store,
                                                   people: dict[str, int]) -> None:
    everyone = Listing(store, ListQuery("example"))
    assert everyone.count == 4 and everyone._found is not None  # the blank one has no email
    create_contact(store, {"first_name": "Eve", "email": "eve@example.org"})
    for contact in people.values():
        store.conn.execute("UPDATE contacts SET notes = 'example' WHERE id = ?", [contact])
    everyone = Listing(store, ListQuery("example"))
    assert everyone.count == everyone.total == 6 and everyone.pageable


def test_sorting_each_column_keeps_blanks_last_and_ties_by_name(
        store: Store, people: dict[str, int]) -> None:
    assert _ids(store) == [people[k] for k in ("ada", "bob", "grace", "zoe", "blank")]
    assert _ids(store, descending=True) == [people[k] for k in
                                            ("zoe", "grace", "bob", "ada", "blank")]
    assert _ids(store, sort="company") == [people[k] for k in
                                           ("ada", "zoe", "bob", "grace", "blank")]
    assert _ids(store, sort="company", descending=True) == [
        people[k] for k in ("zoe", "ada", "bob", "grace", "blank")]
    assert _ids(store, sort="tags") == [people[k] for k in
                                        ("grace", "ada", "bob", "zoe", "blank")]
    assert _ids(store, sort="email", descending=True) == [
        people[k] for k in ("zoe", "grace", "bob", "ada", "blank")]
    assert _ids(store, "example", sort="lifecycle") == [
        people[k] for k in ("ada", "bob", "grace", "zoe")]  # customer, lead, lead, lead


def _many(store: Store) -> list[tuple[str, int]]:
    """300 contacts whose names repeat (ties), some vip, a few without a name."""
    firsts = ("Ada", "ada", "Zoe", "Bea", "Cem", "", "Omar")
    with store.step("people") as step:
        for i in range(300):
            first = firsts[i % len(firsts)]
            email = f"p{i}@{'vip' if i % 3 == 0 else 'plain'}.example" if i % 11 else None
            step.insert("contacts", {"first_name": first, "last_name": "",
                                     "email": email, "lifecycle": ("lead", "customer")[i % 2],
                                     "created_at": "2026-01-01", "updated_at": "2026-01-01"})
    rows = store.query("SELECT id, first_name, email FROM contacts")
    return [((r["first_name"] or r["email"] or "\U0010ffff").casefold(), r["id"])
            for r in rows]


@pytest.mark.parametrize("text", ["", "vip", "ada", "p1"])
def test_every_plan_gives_the_same_order_as_a_python_sort(
        store: Store, monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    keys = _many(store)
    listing = Listing(store, ListQuery(text))
    found = set(listing.ids())
    expected = [i for _, i in sorted(k for k in keys if k[1] in found)]
    assert list(listing.ids()) == expected
    assert [r[0] for r in listing.head(20)] == expected[:20]
    assert listing._sorted_ids(20) == expected[:20]  # the sorting plan
    monkeypatch.setattr(contact_list, "_FEW", 0)  # the walk of the index's first stretch
    if listing._found is not None:
        start = listing._walk_start(20)
        assert start is None or start == expected[:20]
    if listing.pageable:
        assert [r[0] for r in listing.page(40, 30)] == expected[40:70]
        assert listing.position(expected[123]) == 123
        assert listing.position(10**9) is None
