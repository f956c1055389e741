"""Backups verify, rotate (7 daily, 4 weekly, 12 monthly) and restore without losing anything."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from sm_desk.core.demo import generate_demo
from sm_desk.core.store import DatabaseLocked, Store
from sm_desk.core.store.backup import (
    BackupError,
    auto_backup,
    backup_to,
    backups_dir,
    list_backups,
    restore,
    rotate,
)


@pytest.fixture
def business(db_path: Path) -> Path:
    store = Store.open(db_path)
    generate_demo(store, "small")
    store.close()
    return db_path


def company_names(path: Path) -> list[str]:
    store = Store.open(path)
    try:
        return [r["name"] for r in store.query("SELECT name FROM companies ORDER BY id")]
    finally:
        store.close()


def test_backup_of_a_live_database_holds_everything_committed(business: Path,
                                                              tmp_path: Path) -> None:
    store = Store.open(business)
    with store.step("Add company") as step:  # lives in the WAL, not yet in the main file
        step.insert("companies", {"name": "Just Added", "created_at": "t", "updated_at": "t"})
    backup_to(store, tmp_path / "snap.db")
    store.close()
    assert "Just Added" in company_names(tmp_path / "snap.db")


def test_rotation_keeps_7_daily_4_weekly_12_monthly(business: Path) -> None:
    folder = backups_dir(business)
    start = datetime(2025, 1, 1, 12)
    for day in range(400):  # a backup every day for 400 days, two on some days
        for hour in ((12, 18) if day % 5 == 0 else (12,)):
            stamp = (start + timedelta(days=day)).replace(hour=hour)
            (folder / f"{business.stem}-{stamp:%Y-%m-%d_%H%M%S}.db").write_bytes(b"")
    rotate(business)
    kept = sorted(b.taken for b in list_backups(business))
    newest = start + timedelta(days=399)
    days = {t.date() for t in kept}
    assert {(newest - timedelta(days=n)).date() for n in range(7)} <= days
    assert len({t.isocalendar()[:2] for t in kept}) >= 4
    assert len({(t.year, t.month) for t in kept}) == 12
    assert len(kept) <= 7 + 4 + 12
    assert len(kept) == len({t.date() for t in kept})  # one per day: the newest of that day
    doubled = {(start + timedelta(days=d)).date() for d in range(0, 400, 5)}
    assert all(t.hour == 18 for t in kept if t.date() in doubled)  # the newest of its day


def test_auto_backup_runs_at_most_once_a_day(business: Path) -> None:
    store = Store.open(business)
    try:
        now = datetime(2026, 11, 23, 9)
        assert auto_backup(store, now) is not None
        assert auto_backup(store, now + timedelta(hours=20)) is None
        assert auto_backup(store, now + timedelta(hours=25)) is not None
        assert len(list_backups(business)) == 2
        assert list_backups(business)[0].counts["contacts"] == 200
    finally:
        store.close()


def test_restore_round_trip_keeps_the_replaced_file(business: Path, tmp_path: Path) -> None:
    store = Store.open(business)
    backup_to(store, tmp_path / "good.db")
    with store.step("Rename") as step:
        step.update("companies", 1, {"name": "Changed After Backup"})
    store.close()
    kept = restore(tmp_path / "good.db", business)
    assert "Changed After Backup" not in company_names(business)
    assert kept is not None and "Changed After Backup" in company_names(kept)


def test_restore_refuses_a_damaged_backup_and_changes_nothing(business: Path,
                                                              tmp_path: Path) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"SQLite format 3\x00" + b"\xa5" * 8000)
    before = business.read_bytes()
    with pytest.raises(BackupError):
        restore(bad, business)
    assert business.read_bytes() == before


def test_restore_refuses_while_the_database_is_open(business: Path, tmp_path: Path) -> None:
    store = Store.open(business)
    try:
        backup_to(store, tmp_path / "good.db")
        with pytest.raises(DatabaseLocked):
            restore(tmp_path / "good.db", business)
    finally:
        store.close()


def test_restore_over_a_damaged_file_keeps_it_as_damaged(business: Path, tmp_path: Path) -> None:
    store = Store.open(business)
    backup_to(store, tmp_path / "good.db")
    store.close()
    business.write_bytes(b"SQLite format 3\x00" + b"\xa5" * 8000)
    kept = restore(tmp_path / "good.db", business)
    assert kept == business.with_name(business.name + ".damaged")
    assert kept.read_bytes().endswith(b"\xa5" * 100)
    assert len(company_names(business)) == 45


def test_full_disk_fails_the_write_and_keeps_the_data(business: Path) -> None:
    store = Store.open(business)
    try:
        pages = store.scalar("PRAGMA page_count")
        store.conn.execute(f"PRAGMA max_page_count = {pages}")  # the disk is now "full"
        with pytest.raises(sqlite3.OperationalError, match="full"), store.step("Import") as step:
            step.insert_many("tags", ("name",), [(f"tag {n} " + "x" * 500,) for n in range(5000)])
        assert store.scalar("SELECT count(*) FROM tags") == 8
        assert store.integrity_problems() == []
    finally:
        store.close()
