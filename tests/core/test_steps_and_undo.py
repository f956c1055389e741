"""Every write is one transaction; undo puts back exactly what a step changed."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from sm_desk.core.store import Changes, Store


def add_company(store: Store, name: str = "Acme") -> int:
    with store.step("Add company") as step:
        return step.insert("companies", {"name": name, "created_at": "t", "updated_at": "t"})


def test_failed_step_rolls_back_everything(store: Store) -> None:
    with pytest.raises(sqlite3.IntegrityError), store.step("Import") as step:
        step.insert("companies", {"name": "First", "created_at": "t", "updated_at": "t"})
        step.insert("deals", {"title": "No stage", "stage_id": 999,
                              "created_at": "t", "updated_at": "t"})
    assert store.scalar("SELECT count(*) FROM companies") == 0
    assert store.undo_label is None


def test_nested_steps_join_the_outer_transaction(store: Store) -> None:
    with pytest.raises(RuntimeError), store.step("Outer") as outer:
        outer.insert("tags", {"name": "vip"})
        with store.step("Inner") as inner:
            inner.insert("tags", {"name": "retail"})
        raise RuntimeError("boom")
    assert store.scalar("SELECT count(*) FROM tags") == 0


def test_step_reports_what_changed_and_notifies(store: Store) -> None:
    seen: list[Changes] = []
    store.subscribe(seen.append)
    with store.step("Add company") as step:
        company = step.insert("companies", {"name": "A", "created_at": "t", "updated_at": "t"})
    assert step.summary.rows == {"companies": {company}}
    assert seen and seen[-1].touches("companies")


def test_undo_and_redo_an_edit(store: Store) -> None:
    company = add_company(store)
    with store.step("Rename company") as step:
        assert step.update("companies", company, {"name": "Acme Ltd"})
    assert store.undo_label == "Rename company"
    store.undo()
    assert store.scalar("SELECT name FROM companies") == "Acme"
    assert store.redo_label == "Rename company"
    store.redo()
    assert store.scalar("SELECT name FROM companies") == "Acme Ltd"


def test_undo_delete_restores_children_and_links(store: Store) -> None:
    company = add_company(store)
    with store.step("Add contact") as step:
        contact = step.insert("contacts", {"first_name": "Ada", "company_id": company,
                                           "created_at": "t", "updated_at": "t"})
        step.insert("activities", {"kind": "call", "at": "t", "contact_id": contact,
                                   "created_at": "t"})
    with store.step("Delete company") as step:
        step.delete("companies", company)
    assert store.scalar("SELECT company_id FROM contacts") is None
    with store.step("Delete contact") as step:
        step.delete("contacts", contact)
    assert store.scalar("SELECT count(*) FROM activities") == 0
    store.undo()
    store.undo()
    assert store.scalar("SELECT count(*) FROM activities") == 1
    assert store.scalar("SELECT company_id FROM contacts") == company


def test_an_edit_that_changes_nothing_records_nothing(store: Store) -> None:
    company = add_company(store)
    with store.step("Rename company") as step:
        assert not step.update("companies", company, {"name": "Acme"})
    assert store.undo_label == "Add company"


def test_undo_history_is_capped(store: Store) -> None:
    for n in range(40):
        add_company(store, f"C{n}")
    undone = 0
    while store.undo_label:
        store.undo()
        undone += 1
    assert undone == 30
    assert store.scalar("SELECT count(*) FROM companies") == 10


def test_bulk_step_is_not_undoable_and_clears_history(store: Store) -> None:
    add_company(store)
    with store.step("Import", undoable=False) as step:
        step.insert_many("tags", ("name",), [("a",), ("b",)])
    assert store.undo_label is None
    assert store.scalar("SELECT count(*) FROM tags") == 2


def test_unknown_column_is_refused_before_writing(store: Store) -> None:
    with pytest.raises(KeyError), store.step("Bad") as step:
        step.insert("companies", {"name": "x", "nope": 1, "created_at": "t", "updated_at": "t"})
    assert store.scalar("SELECT count(*) FROM companies") == 0


def test_a_large_step_commits_through_a_rollback_journal_then_returns_to_wal(
        db_path: Path) -> None:
    store = Store.open(db_path)
    try:
        with store.step("Import", undoable=False, large=True) as step:
            assert store.scalar("PRAGMA journal_mode") == "delete"  # new pages written once
            step.insert_many("tags", ("name",), [(f"t{i}",) for i in range(2000)])
        with pytest.raises(RuntimeError), store.step("Import", undoable=False, large=True) as step:
            step.insert_many("tags", ("name",), [("lost",)])
            raise RuntimeError("cancelled")
        assert store.scalar("PRAGMA journal_mode") == "wal"
    finally:
        store.close()
    reopened = Store.open(db_path)
    try:
        assert reopened.scalar("SELECT count(*) FROM tags") == 2000
        assert reopened.scalar("SELECT count(*) FROM tags WHERE name = 'lost'") == 0
    finally:
        reopened.close()


def test_a_large_step_with_a_reader_on_the_file_still_writes_through_wal(db_path: Path) -> None:
    store = Store.open(db_path)
    reader = sqlite3.connect(db_path)
    try:
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM tags").fetchone()  # holds a read snapshot
        with store.step("Import", undoable=False, large=True) as step:
            assert store.scalar("PRAGMA journal_mode") == "wal"
            step.insert_many("tags", ("name",), [("vip",), ("fair",)])
        reader.rollback()
        assert reader.execute("SELECT count(*) FROM tags").fetchone()[0] == 2
    finally:
        reader.close()
        store.close()
