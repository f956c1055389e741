"""One search over everything (FTS5): every kind of record is found by a word of its
text, at once after a write, an undo, a trash restore and an import."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sm_desk.core.contacts.service import create_contact, delete_contacts, update_contact
from sm_desk.core.handoffs.collateral import save_collateral
from sm_desk.core.handoffs.insights import log_insight
from sm_desk.core.marketing.campaigns import create_campaign
from sm_desk.core.marketing.touches import create_touch
from sm_desk.core.sales.activities import log_activity
from sm_desk.core.sales.deals import create_deal
from sm_desk.core.store import Store
from sm_desk.core.store import search_index as index
from sm_desk.core.store.search import match_expression, search_all
from sm_desk.core.tasks.service import create_task

NOW = datetime(2026, 11, 23, 10, tzinfo=UTC)


def found(store: Store, text: str) -> set[tuple[str, int]]:
    return {(hit.kind, hit.id) for hit in search_all(store, text, per_kind=50)}


def only_id(store: Store, table: str) -> int:
    return int(store.scalar(f"SELECT max(id) FROM {table}"))


def test_every_kind_is_found_by_a_word_of_its_text(store: Store) -> None:
    create_contact(store, {"first_name": "Zoë", "last_name": "Quarrington",
                           "email": "zoe@bakery.example", "notes": "asked about sourdough"})
    contact = only_id(store, "contacts")
    with store.step("Company") as step:
        step.insert("companies", {"name": "Harbourview Florist", "industry": "flowers",
                                  "notes": "loves peonies", "created_at": "t", "updated_at": "t"})
    create_deal(store, {"title": "Wedding arrangements", "contact_id": contact,
                        "next_step": "send marzipan samples"}, NOW)
    deal = only_id(store, "deals")
    create_campaign(store, {"name": "Solstice fair", "objective": "meet lavender growers"})
    create_touch(store, {"campaign_id": only_id(store, "campaigns"), "kind": "event",
                         "title": "Booth at the kelpie show", "starts_at": "2026-12-01T09:00",
                         "notes": "bring the banner"})
    create_task(store, "Reprint flyers", notes="ask the printer about riso")
    log_activity(store, "call", "Talked about gluten-free menu", NOW, NOW, deal_id=deal)
    log_activity(store, "note", "Prefers calls after lunch", NOW, NOW, contact_id=contact)
    log_insight(store, "objection", "Your competitor quoted half of that", NOW, deal_id=deal)
    save_collateral(store, {"title": "Croissant case study", "kind": "case_study",
                            "notes": "pastry chains"}, NOW)

    expected = {
        "quarrington": "contact", "sourdough": "contact", "peonies": "company",
        "harbourview": "company", "marzipan": "deal", "wedding": "deal",
        "lavender": "campaign", "kelpie": "touch", "banner": "touch", "riso": "task",
        "gluten": "activity", "lunch": "note", "competitor": "insight",
        "croissant": "collateral", "pastry": "collateral",
    }
    for word, kind in expected.items():
        assert kind in {k for k, _ in found(store, word)}, word


def test_prefix_accents_and_snippet(store: Store) -> None:
    create_contact(store, {"first_name": "Chloé", "last_name": "Müller",
                           "notes": "Wants the gluten-free menu on the website by spring"})
    hits = search_all(store, "glut")
    assert [(h.kind, h.label) for h in hits] == [("contact", "Chloé Müller")]
    assert "[gluten]-free menu" in hits[0].marked()
    assert "<gluten>" in hits[0].marked("<", ">")
    assert search_all(store, "muller chloe")[0].label == "Chloé Müller"  # accents folded
    assert search_all(store, "MÜLL")[0].label == "Chloé Müller"
    assert search_all(store, "gluten bread") == []  # every word must occur


def test_results_grouped_by_kind_best_first(store: Store) -> None:
    create_contact(store, {"first_name": "Sam", "last_name": "Lemon"})
    create_task(store, "Call back", notes="lemon cake order, lemon tart, lemon curd")
    create_task(store, "Lemon tart tasting")
    hits = search_all(store, "lemon")
    kinds = [h.kind for h in hits]
    assert kinds == sorted(kinds, key=kinds.index)  # each kind's hits together
    tasks = [h.label for h in hits if h.kind == "task"]
    assert tasks == ["Lemon tart tasting", "Call back"]  # a word in the title weighs more


def test_search_syntax_is_plain_text(store: Store) -> None:
    create_contact(store, {"first_name": "Ana", "last_name": "Near", "notes": 'said "AND" or *'})
    assert match_expression('near AND "x" * :') == '"near"* "AND"* "x"*'
    assert search_all(store, 'near AND') and search_all(store, '"') == []
    assert search_all(store, "*:") == []


def test_a_write_an_undo_and_a_delete_are_seen_at_once(store: Store) -> None:
    create_contact(store, {"first_name": "Ines", "last_name": "Haas", "notes": "vegan"})
    contact = only_id(store, "contacts")
    assert found(store, "vegan") == {("contact", contact)}
    update_contact(store, contact, {"notes": "keto"})
    assert found(store, "vegan") == set() and found(store, "keto") == {("contact", contact)}
    store.undo()
    assert found(store, "vegan") == {("contact", contact)} and found(store, "keto") == set()
    store.redo()
    assert found(store, "keto") == {("contact", contact)}
    delete_contacts(store, [contact])
    assert found(store, "haas") == set()
    store.undo()  # the delete undone: found again
    assert found(store, "haas") == {("contact", contact)}


def test_an_activity_turned_into_a_note_moves_group(store: Store) -> None:
    create_contact(store, {"first_name": "Olga", "last_name": "Lind"})
    log_activity(store, "call", "Budget approved", NOW, NOW, contact_id=only_id(store, "contacts"))
    activity = only_id(store, "activities")
    assert found(store, "approved") == {("activity", activity)}
    with store.step("Make it a note") as step:
        step.update("activities", activity, {"kind": "note"})
    assert found(store, "approved") == {("note", activity)}


def test_an_import_and_its_undo_are_seen_at_once(tmp_path: Path) -> None:
    from sm_desk.core.imports import undo_import
    from sm_desk.io.csv_import import import_contacts

    csv = tmp_path / "list.csv"
    csv.write_text("First Name,Last Name,Email,Notes\n"
                   "Rafaël,Ostrowski,rafa@example.com,met at the cheese fair\n"
                   "Dana,Quint,dana@example.com,\n", encoding="utf-8")
    store = Store.open(tmp_path / "b.db")
    try:
        result = import_contacts(store, csv)
        assert {h.label for h in search_all(store, "cheese")} == {"Rafaël Ostrowski"}
        assert {h.label for h in search_all(store, "rafael")} == {"Rafaël Ostrowski"}
        assert result.import_id is not None
        undo_import(store, result.import_id, "2026-11-23T10:00:00Z")
        assert search_all(store, "cheese") == []
    finally:
        store.close()


def test_the_demo_is_indexed_in_one_pass_and_the_triggers_come_back(demo_store: Store) -> None:
    indexed = demo_store.scalar(f"SELECT count(*) FROM {index.INDEX}")
    records = sum(int(demo_store.scalar(f"SELECT count(*) FROM {s.table}"))
                  for s in index.SOURCES)
    assert indexed == records
    triggers = {r["name"] for r in demo_store.query(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '\\_search%' "
        "ESCAPE '\\'")}
    assert triggers == {name for s in index.SOURCES for name in index.trigger_names(s)}
    create_contact(demo_store, {"first_name": "Xanthe", "last_name": "After-demo"})
    assert search_all(demo_store, "xanthe")


def test_a_file_from_before_the_index_is_indexed_by_the_migration(tmp_path: Path) -> None:
    from sqlite_utils import Database

    from sm_desk.core.store.schema import migrations

    old = tmp_path / "old.db"
    db = Database(old)
    migrations().apply(db, stop_before="0060_search_index")  # type: ignore[attr-defined]
    db.execute("INSERT INTO deals (title, stage_id, notes, created_at, updated_at) "
               "VALUES ('Old deal', 1, 'remember the anchovies', 't', 't')")
    db.conn.commit()
    db.close()
    store = Store.open(old)
    try:
        assert [h.label for h in search_all(store, "anchov")] == ["Old deal"]
    finally:
        store.close()


def test_a_contact_restored_from_the_trash_is_found_again(store: Store) -> None:
    from sm_desk.core.trash import list_entries, restore

    create_contact(store, {"first_name": "Petra", "last_name": "Vogel", "notes": "marzipan"})
    contact = only_id(store, "contacts")
    log_activity(store, "note", "Loves pistachio", NOW, NOW, contact_id=contact)
    delete_contacts(store, [contact])  # to the trash, with the note
    assert found(store, "vogel") == set() and found(store, "pistachio") == set()
    restore(store, list_entries(store)[0]["id"])
    assert found(store, "vogel") == {("contact", contact)}
    assert {kind for kind, _ in found(store, "pistachio")} == {"note"}
