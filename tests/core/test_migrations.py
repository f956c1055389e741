"""A fresh file and a file from every earlier version reach the same schema."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from sm_desk.core.store import Store
from sm_desk.core.store.schema import MIGRATION_SET, MIGRATIONS, migrations
from sm_desk.core.store.schema_checks import rewrite_in_checks


def schema_of(store: Store) -> list[tuple[str, str]]:
    return [(r["name"], r["sql"]) for r in store.query(
        "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name")]


@pytest.mark.parametrize("stop_before", [name for name, _ in MIGRATIONS[1:]])
def test_file_from_earlier_version_upgrades_to_same_schema(tmp_path: Path,
                                                           stop_before: str) -> None:
    old = tmp_path / "old.db"
    db = Database(old)
    migrations().apply(db, stop_before=stop_before)  # type: ignore[attr-defined]
    db.execute("INSERT INTO companies (name, created_at, updated_at) VALUES ('Kept', 'x', 'x')")
    db.conn.commit()
    db.close()

    upgraded = Store.open(old)
    fresh = Store.open(tmp_path / "fresh.db")
    try:
        assert schema_of(upgraded) == schema_of(fresh)
        assert upgraded.applied_migrations() == [name for name, _ in MIGRATIONS]
        assert upgraded.scalar("SELECT name FROM companies") == "Kept"
    finally:
        upgraded.close()
        fresh.close()


def test_migrations_are_recorded_once_and_reopening_applies_nothing(db_path: Path) -> None:
    Store.open(db_path).close()
    store = Store.open(db_path)
    try:
        rows = store.query("SELECT name FROM _sqlite_migrations WHERE migration_set = ?",
                           [MIGRATION_SET])
        assert len(rows) == len(MIGRATIONS)
    finally:
        store.close()


def test_memory_store_matches_file_schema(store: Store, db_path: Path) -> None:
    on_disk = Store.open(db_path)
    try:
        assert schema_of(store) == schema_of(on_disk)
    finally:
        on_disk.close()


def test_every_foreign_key_has_an_index(store: Store) -> None:
    """Deleting a parent looks its children up by the key: without an index, a full scan
    per deleted row (undoing a 50k-contact import took 11 s for one missing index)."""
    missing = []
    for table in store.tables():
        leading = {store.query(f"PRAGMA index_info({index['name']})")[0]["name"]
                   for index in store.query(f"PRAGMA index_list({table})")}
        missing += [f"{table}.{fk['from']}" for fk in store.query(
            f"PRAGMA foreign_key_list({table})") if fk["from"] not in leading]
    assert missing == []


def _lifecycle_accepted(conn: sqlite3.Connection, value: object) -> bool:
    try:
        with conn:
            conn.execute("INSERT INTO contacts (first_name, lifecycle, created_at, updated_at) "
                         "VALUES ('Ana', ?, 't', 't')", [value])
    except sqlite3.IntegrityError:
        return False
    return True


def test_in_list_checks_become_equalities_that_accept_the_same_values(tmp_path: Path) -> None:
    """0018 rewrites `x IN (...)` CHECKs as `=` chains (cheaper per row): same rule."""
    old = tmp_path / "old.db"
    db = Database(old)
    migrations().apply(db, stop_before="0018_in_checks_as_equalities")  # type: ignore[attr-defined]
    values = ["lead", "customer", "lost", "Lead", "", "bogus", None, 1]
    before = [_lifecycle_accepted(db.conn, v) for v in values]
    db.close()

    store = Store.open(old)
    try:
        sql = store.scalar("SELECT sql FROM sqlite_master WHERE name = 'contacts'")
        assert "lifecycle IN" not in sql and "lifecycle = 'nurture' OR" in sql
        assert [_lifecycle_accepted(store.conn, v) for v in values] == before
        assert before == [True, True, True, False, False, False, False, False]
        assert store.scalar("PRAGMA integrity_check") == "ok"
    finally:
        store.close()


def test_a_sqlite_that_forbids_editing_the_schema_keeps_the_in_lists() -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (kind TEXT CHECK (kind IN ('a', 'b')))")

    def deny_schema_edits(action: int, table: str | None, *_: object) -> int:
        refused = action == sqlite3.SQLITE_UPDATE and table == "sqlite_master"
        return sqlite3.SQLITE_DENY if refused else sqlite3.SQLITE_OK
    conn.set_authorizer(deny_schema_edits)

    assert rewrite_in_checks(conn) == []
    assert "kind IN ('a', 'b')" in conn.execute("SELECT sql FROM sqlite_master").fetchone()[0]
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("INSERT INTO t VALUES ('c')")
    conn.close()
