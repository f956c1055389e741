"""Backups: consistent snapshots of a live database, rotated, and restored safely.

A snapshot uses SQLite's online backup API (never a file copy, which can tear a
live WAL database), is verified with `integrity_check`, and only then renamed
into place. Restore backs up the current file first, then swaps atomically.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sm_desk.core.store.database import Store
from sm_desk.core.store.errors import DatabaseLocked, StoreError
from sm_desk.core.store.lock import FileLock
from sm_desk.core.store.schema import APPLICATION_ID

STAMP = "%Y-%m-%d_%H%M%S"
KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 7, 4, 12
AUTO_INTERVAL = timedelta(days=1)
COUNTED = ("contacts", "deals", "touches", "tasks")


class BackupError(Exception):
    pass


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    taken: datetime
    counts: dict[str, int]


def backups_dir(db_path: Path) -> Path:
    folder = db_path.parent / "backups"
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


def default_backup_path(store: Store, now: datetime | None = None) -> Path:
    assert store.path is not None
    stamp = (now or datetime.now()).strftime(STAMP)
    return backups_dir(store.path) / f"{store.path.stem}-{stamp}.db"


def backup_to(store: Store, target: Path) -> Path:
    """Write a verified snapshot to `target`; the target appears only when it checks out."""
    _snapshot(store.conn, target)
    return target


def _snapshot(source: sqlite3.Connection, target: Path) -> None:
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    copy = sqlite3.connect(partial)
    try:
        source.backup(copy)
        copy.execute("PRAGMA journal_mode = DELETE")  # a backup is one self-contained file
        verdict = copy.execute("PRAGMA integrity_check").fetchall()
    finally:
        copy.close()
    if verdict != [("ok",)]:
        partial.unlink(missing_ok=True)
        raise BackupError(f"the backup did not verify: {verdict[0][0]}")
    os.replace(partial, target)


def auto_backup(store: Store, now: datetime | None = None) -> Path | None:
    """Back up when the newest backup is older than a day, then rotate. None: not due."""
    if store.path is None:
        return None
    now = now or datetime.now()
    newest = next(iter(list_backups(store.path)), None)
    if newest is not None and now - newest.taken < AUTO_INTERVAL:
        return None
    target = backup_to(store, default_backup_path(store, now))
    rotate(store.path, now)
    return target


def list_backups(db_path: Path) -> list[BackupInfo]:
    """This database's backups, newest first, with the record counts they hold."""
    folder = db_path.parent / "backups"
    found = []
    for path in folder.glob(f"{db_path.stem}-*.db") if folder.is_dir() else []:
        try:
            taken = datetime.strptime(path.stem[len(db_path.stem) + 1:], STAMP)
        except ValueError:
            continue
        found.append(BackupInfo(path, taken, _counts(path)))
    return sorted(found, key=lambda b: b.taken, reverse=True)


def _counts(path: Path) -> dict[str, int]:
    try:
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        try:
            return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in COUNTED}
        finally:
            conn.close()
    except sqlite3.Error:
        return {}


def rotate(db_path: Path, now: datetime | None = None) -> list[Path]:
    """Keep the newest backup of each of the last 7 days, 4 weeks and 12 months; delete
    the rest. Returns what was deleted."""
    backups = list_backups(db_path)
    keep: set[Path] = set()
    for key, limit in ((lambda d: d.date(), KEEP_DAILY),
                       (lambda d: d.isocalendar()[:2], KEEP_WEEKLY),
                       (lambda d: (d.year, d.month), KEEP_MONTHLY)):
        seen: list[object] = []
        for backup in backups:  # newest first: the first of each period is its newest
            period = key(backup.taken)
            if period not in seen:
                seen.append(period)
                if len(seen) <= limit:
                    keep.add(backup.path)
    deleted = [b.path for b in backups if b.path not in keep]
    for path in deleted:
        path.unlink(missing_ok=True)
    return deleted


def check_backup(path: Path) -> None:
    """Raise unless `path` is a sound SM Desk database."""
    try:
        with open(path, "rb") as handle:
            if handle.read(16) != b"SQLite format 3\x00":
                raise BackupError(f"{path} is not an SM Desk backup (not an SQLite file)")
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        try:
            if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
                raise BackupError(f"{path} is not an SM Desk backup (another program's file)")
            verdict = conn.execute("PRAGMA integrity_check").fetchall()
        finally:
            conn.close()
    except (OSError, sqlite3.Error) as exc:
        raise BackupError(f"{path} cannot be read as a backup: {exc}") from exc
    if verdict != [("ok",)]:
        raise BackupError(f"{path} is damaged: {verdict[0][0]}")


def restore(backup: Path, db_path: Path, now: datetime | None = None) -> Path | None:
    """Replace the database at `db_path` with `backup`. The current file is backed up
    first (returned; None when there was none). The database must not be open."""
    check_backup(backup)
    lock = FileLock(db_path)
    if not lock.acquire():
        raise DatabaseLocked(db_path)
    try:
        safety = None
        if db_path.exists() and db_path.stat().st_size > 0:
            safety = _set_aside(db_path, now or datetime.now())
        incoming = db_path.with_name(db_path.name + ".restoring")
        source = sqlite3.connect(f"{backup.as_uri()}?mode=ro", uri=True)
        try:
            _snapshot(source, incoming)
        finally:
            source.close()
        for leftover in (db_path.with_name(db_path.name + "-wal"),
                         db_path.with_name(db_path.name + "-shm")):
            leftover.unlink(missing_ok=True)
        os.replace(incoming, db_path)
        return safety
    finally:
        lock.release()


def _set_aside(db_path: Path, now: datetime) -> Path:
    """Keep the file a restore replaces: as a verified backup, or if it is too damaged
    for that, byte for byte beside it as .damaged (Zotero's rule)."""
    target = backups_dir(db_path) / f"{db_path.stem}-{now.strftime(STAMP)}-before-restore.db"
    try:
        current = sqlite3.connect(db_path)
        try:
            current.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # fold in what a crash left
            _snapshot(current, target)
        finally:
            current.close()
        return target
    except (sqlite3.Error, BackupError):
        damaged = db_path.with_name(db_path.name + ".damaged")
        os.replace(db_path, damaged)
        return damaged


__all__ = ["BackupError", "BackupInfo", "StoreError", "auto_backup", "backup_to",
           "check_backup", "list_backups", "restore", "rotate"]
