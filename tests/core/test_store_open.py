"""Opening a file: fresh, reopened, and every kind of file we must refuse untouched."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from sm_desk.core.store import (
    CorruptDatabase,
    DatabaseLocked,
    DatabaseTooNew,
    NotSmDeskDatabase,
    Store,
    StoreError,
)
from sm_desk.core.store.schema import MIGRATIONS


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_file_gets_schema_wal_and_foreign_keys(db_path: Path) -> None:
    store = Store.open(db_path)
    try:
        assert store.applied_migrations() == [name for name, _ in MIGRATIONS]
        assert store.scalar("PRAGMA journal_mode") == "wal"
        assert store.scalar("PRAGMA foreign_keys") == 1
        assert store.scalar("PRAGMA busy_timeout") >= 1000
        assert [r["name"] for r in store.query("SELECT name FROM stages ORDER BY position")] == [
            "Interested", "Engaged", "Evaluating", "Negotiating", "Won", "Lost"]
    finally:
        store.close()


def test_reopening_keeps_data(db_path: Path) -> None:
    store = Store.open(db_path)
    with store.step("Add company") as step:
        step.insert("companies", {"name": "Acme", "created_at": "x", "updated_at": "x"})
    store.close()
    again = Store.open(db_path)
    try:
        assert again.scalar("SELECT name FROM companies") == "Acme"
    finally:
        again.close()


def test_text_file_is_refused_and_untouched(db_path: Path) -> None:
    db_path.write_text("name,email\nAda,ada@example.com\n")
    before = digest(db_path)
    with pytest.raises(NotSmDeskDatabase, match="not an SM Desk database"):
        Store.open(db_path)
    assert digest(db_path) == before


def test_other_programs_sqlite_file_is_refused_and_untouched(db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
    conn.commit()
    conn.close()
    before = digest(db_path)
    with pytest.raises(NotSmDeskDatabase, match="another program"):
        Store.open(db_path)
    assert digest(db_path) == before


def _demo_file(db_path: Path) -> None:
    from sm_desk.core.demo import generate_demo

    store = Store.open(db_path)
    generate_demo(store, "small")
    store.close()


def _scribble(db_path: Path, start: int, end: int) -> None:
    data = bytearray(db_path.read_bytes())
    for offset in range(start, min(len(data), end)):
        data[offset] = 0xA5
    db_path.write_bytes(bytes(data))


def test_damaged_schema_is_refused_with_advice_and_untouched(db_path: Path) -> None:
    _demo_file(db_path)
    _scribble(db_path, 100, 4096)  # page 1 after the header: the schema
    before = digest(db_path)
    with pytest.raises(CorruptDatabase) as caught:
        Store.open(db_path)
    assert "backup" in str(caught.value).lower()
    assert digest(db_path) == before


def test_damaged_data_after_a_crash_is_refused_and_untouched(db_path: Path) -> None:
    _demo_file(db_path)
    _scribble(db_path, 4096 * 2, 4096 * 12)  # b-tree pages
    # The lock file says whether the last session closed cleanly; a crash leaves a pid.
    db_path.with_name(db_path.name + ".lock").write_text("12345")
    before = digest(db_path)
    with pytest.raises(CorruptDatabase):
        Store.open(db_path)
    assert digest(db_path) == before


def test_file_from_a_newer_version_is_refused_and_untouched(db_path: Path) -> None:
    Store.open(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                 "VALUES ('sm_desk', '0999_from_the_future', 'now')")
    conn.commit()
    conn.close()
    before = digest(db_path)
    with pytest.raises(DatabaseTooNew, match="newer version"):
        Store.open(db_path)
    assert digest(db_path) == before


def test_second_copy_in_this_process_is_refused(db_path: Path) -> None:
    first = Store.open(db_path)
    try:
        with pytest.raises(DatabaseLocked, match="already open"):
            Store.open(db_path)
    finally:
        first.close()
    Store.open(db_path).close()  # free again once the first copy closed


def test_file_locked_by_another_running_process_is_refused(db_path: Path) -> None:
    Store.open(db_path).close()
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from sm_desk.core.store import Store; "
         f"s = Store.open({str(db_path)!r}); print('ready', flush=True); time.sleep(30)"],
        stdout=subprocess.PIPE, text=True, cwd=Path(__file__).parents[2])
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        before = digest(db_path)
        with pytest.raises(DatabaseLocked):
            Store.open(db_path)
        assert digest(db_path) == before
    finally:
        holder.kill()
        holder.wait()
    Store.open(db_path).close()  # the OS dropped the dead process's lock


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        Store.open(tmp_path / "no" / "such" / "folder.db")


def test_read_only_open_lets_you_look_but_not_write(db_path: Path) -> None:
    from sm_desk.core.demo import generate_demo
    from sm_desk.core.store import DatabaseReadOnly

    store = Store.open(db_path)
    generate_demo(store, "small")
    store.close()
    before = digest(db_path)
    viewer = Store.open(db_path, readonly=True)
    try:
        assert viewer.readonly and viewer.scalar("SELECT count(*) FROM deals") == 60
        with pytest.raises(DatabaseReadOnly, match="read-only"), viewer.step("Edit"):
            pass
    finally:
        viewer.close()
    assert digest(db_path) == before


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="root may write any file, so a chmod cannot make one read-only")
def test_file_without_write_permission_opens_read_only(db_path: Path) -> None:
    Store.open(db_path).close()
    db_path.chmod(0o444)
    store = Store.open(db_path)
    try:
        assert store.readonly
    finally:
        store.close()
        db_path.chmod(0o644)


def test_delete_impact_says_what_goes_with_a_row(demo_store: Store) -> None:
    campaign = demo_store.scalar("SELECT campaign_id FROM touches GROUP BY campaign_id "
                                 "ORDER BY count(*) DESC LIMIT 1")
    touches = demo_store.scalar("SELECT count(*) FROM touches WHERE campaign_id = ?", [campaign])
    leads = demo_store.scalar("SELECT count(*) FROM contacts WHERE source_campaign_id = ?",
                              [campaign])
    impact = demo_store.delete_impact("campaigns", campaign)
    assert impact["touches"] == touches
    assert impact.get("contacts (unlinked)", 0) == leads
