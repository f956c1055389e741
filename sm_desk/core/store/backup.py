"""Backups: consistent snapshots of a live database, rotated, and restored safely.

A snapshot uses SQLite's online backup API (never a file copy, which can tear a
live WAL database), is verified with `integrity_check`, and only then renamed
into place. Restore backs up the current file first, then swaps atomically.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sm_desk.core.atomic_write import replacing
from sm_desk.core.store.database import Store
from sm_desk.core.store.errors import (
    CorruptDatabase,
    DatabaseLocked,
    DatabaseTooNew,
    DiskFull,
    StoreError,
    fault,
)
from sm_desk.core.store.lock import FileLock
from sm_desk.core.store.schema import APPLICATION_ID, KNOWN_NAMES, MIGRATION_SET

STAMP = "%Y-%m-%d_%H%M%S"
BEFORE_RESTORE = "-before-restore"
# stem-2026-11-23_090000[-2][-before-restore].db
NAME = re.compile(r"(\d{4}-\d\d-\d\d_\d{6})(?:-(\d+))?(-before-restore)?")
KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 7, 4, 12
AUTO_INTERVAL = timedelta(days=1)
COUNTED = ("contacts", "deals", "touches", "tasks")
SPACE_MARGIN = 1 << 20  # room for SQLite's journal while a copy is written


class BackupError(Exception):
    """A backup could not be written or read. `fault` names why when it is a full disk,
    a read-only or missing folder (None: the copy itself did not verify)."""

    def __init__(self, message: str, fault: StoreError | None = None) -> None:
        super().__init__(message)
        self.fault = fault


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    taken: datetime
    counts: dict[str, int]
    before_restore: bool = False  # the file a restore replaced: never rotated away


def backups_dir(db_path: Path) -> Path:
    folder = db_path.parent / "backups"
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
    except OSError as exc:
        problem = fault(exc, folder)
        raise BackupError(str(problem), problem) from exc
    return folder


def _unused(path: Path) -> Path:
    """`path`, or the first free `name-2`, `name-3`... beside it: nothing is overwritten."""
    candidate, n = path, 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
    return candidate


def default_backup_path(store: Store, now: datetime | None = None, kind: str = "") -> Path:
    assert store.path is not None
    return _backup_name(store.path, now or datetime.now(), kind)


def _backup_name(db_path: Path, now: datetime, kind: str = "") -> Path:
    base = backups_dir(db_path) / f"{db_path.stem}-{now.strftime(STAMP)}"
    candidate, n = base.with_name(base.name + f"{kind}.db"), 1
    while candidate.exists():
        n += 1
        candidate = base.with_name(f"{base.name}-{n}{kind}.db")
    return candidate


def backup_to(store: Store, target: Path) -> Path:
    """Write a verified snapshot to `target`; the target appears only when it checks out."""
    _snapshot(store.conn, target, store.path)
    return target


def _snapshot(source: sqlite3.Connection, target: Path, source_path: object) -> None:
    """Copy `source` into a temporary file beside `target`, verify it, fsync it, rename it
    into place. Any failure leaves no partial file and names the fault."""
    target = Path(target).expanduser().absolute()
    if not target.parent.is_dir():
        problem: StoreError = fault(FileNotFoundError(2, "No such file or directory"), target)
        raise BackupError(f"{problem}", problem)
    try:
        with replacing(target, 0o600) as tmp:
            copy = sqlite3.connect(tmp)
            try:
                source.backup(copy)
                copy.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
                verdict = copy.execute("PRAGMA integrity_check").fetchall()
            finally:
                copy.close()
            if verdict != [("ok",)]:
                raise BackupError(f"the backup did not verify: {verdict[0][0]}")
    except (OSError, sqlite3.Error) as exc:
        code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
        problem = (CorruptDatabase(source_path, str(exc))  # the source said SQLite
                   if code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)
                   else fault(exc, target))
        raise BackupError(str(problem), problem) from exc


def auto_backup(store: Store, now: datetime | None = None) -> Path | None:
    """Back up when the newest backup is older than a day, then rotate. None: not due."""
    if store.path is None:
        return None
    now = now or datetime.now()
    newest = next((b for b in list_backups(store.path) if not b.before_restore), None)
    if newest is not None and now - newest.taken < AUTO_INTERVAL:
        return None
    target = backup_to(store, default_backup_path(store, now))
    rotate(store.path, now)
    return target


def list_backups(db_path: Path) -> list[BackupInfo]:
    """This database's backups, newest first, with the record counts they hold (the
    copies kept before a restore included)."""
    folder = db_path.parent / "backups"
    found = []
    for path in folder.glob(f"{db_path.stem}-*.db") if folder.is_dir() else []:
        match = NAME.fullmatch(path.stem[len(db_path.stem) + 1:])
        if match is None:
            continue
        try:
            taken = datetime.strptime(match[1], STAMP)
        except ValueError:
            continue
        found.append(BackupInfo(path, taken, _counts(path), bool(match[3])))
    return sorted(found, key=lambda b: (b.taken, int(NAME.fullmatch(
        b.path.stem[len(db_path.stem) + 1:])[2] or 1)), reverse=True)  # type: ignore[index]


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
    the rest. Copies kept before a restore are never deleted. Returns what was deleted."""
    backups = [b for b in list_backups(db_path) if not b.before_restore]
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
    """Raise unless `path` is a sound SM Desk database this version can open."""
    try:
        with open(path, "rb") as handle:
            if handle.read(16) != b"SQLite format 3\x00":
                raise BackupError(f"{path} is not an SM Desk backup (not an SQLite file)")
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        try:
            if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
                raise BackupError(f"{path} is not an SM Desk backup (another program's file)")
            verdict = conn.execute("PRAGMA integrity_check").fetchall()
            applied = {r[0] for r in conn.execute(
                "SELECT name FROM _sqlite_migrations WHERE migration_set = ?",
                [MIGRATION_SET])} if verdict == [("ok",)] else set()
        finally:
            conn.close()
    except (OSError, sqlite3.Error) as exc:
        raise BackupError(f"{path} cannot be read as a backup: {exc}") from exc
    if verdict != [("ok",)]:
        raise BackupError(f"{path} is damaged: {verdict[0][0]}")
    if applied - KNOWN_NAMES:
        raise DatabaseTooNew(path, f"unknown migration {sorted(applied - KNOWN_NAMES)[0]}")


def restore(backup: Path, db_path: Path, now: datetime | None = None) -> Path | None:
    """Replace the database at `db_path` with `backup`. The current file is backed up
    first (returned; None when there was none). The database must not be open.

    Nothing is touched until the backup has checked out (sound, ours, not too new) and
    the disk has room for the copies; until the final rename the database stays as it was."""
    backup, db_path = Path(backup).expanduser().absolute(), Path(db_path).expanduser().absolute()
    check_backup(backup)
    _check_space(backup, db_path)
    lock = FileLock(db_path.resolve())
    try:
        if not lock.acquire():
            raise DatabaseLocked(db_path)
    except OSError as exc:
        raise fault(exc, db_path) from exc
    try:
        safety = None
        if db_path.exists() and db_path.stat().st_size > 0:
            safety = _set_aside(db_path, now or datetime.now())
        incoming = db_path.with_name(db_path.name + ".restoring")
        source = sqlite3.connect(f"{backup.as_uri()}?mode=ro", uri=True)
        try:
            _snapshot(source, incoming, backup)
        except BackupError as exc:
            raise exc.fault or StoreError(db_path, str(exc)) from exc
        finally:
            source.close()
        for leftover in (db_path.with_name(db_path.name + "-wal"),
                         db_path.with_name(db_path.name + "-shm")):
            leftover.unlink(missing_ok=True)
        os.replace(incoming, db_path)
        return safety
    finally:
        lock.release()


def _check_space(backup: Path, db_path: Path) -> None:
    """Room for the incoming copy and for the safety copy of the current file."""
    current = sum(p.stat().st_size for p in (db_path, db_path.with_name(db_path.name + "-wal"))
                  if p.exists())
    need = backup.stat().st_size + current + SPACE_MARGIN
    try:
        free = shutil.disk_usage(db_path.parent).free
    except OSError as exc:
        raise fault(exc, db_path) from exc
    if free < need:
        raise DiskFull(db_path, f"restoring needs {need / 1e6:,.1f} MB free, "
                                f"{free / 1e6:,.1f} MB are; nothing was changed")


def _set_aside(db_path: Path, now: datetime) -> Path:
    """Keep the file a restore replaces: as a verified backup or, only if SQLite finds it
    damaged, byte for byte beside it as .damaged (Zotero's rule). A full disk, a lock or a
    read-only place is not damage: it stops the restore with the file untouched."""
    target = _backup_name(db_path, now, BEFORE_RESTORE)
    try:
        current = sqlite3.connect(db_path)  # closing it folds in what a crash left
        try:
            _snapshot(current, target, db_path)
        finally:
            current.close()
        return target
    except BackupError as exc:
        if exc.fault is not None and not isinstance(exc.fault, CorruptDatabase):
            raise exc.fault from exc
    except sqlite3.Error as exc:
        problem = fault(exc, db_path)
        if not isinstance(problem, CorruptDatabase):
            raise problem from exc
    damaged = _unused(db_path.with_name(db_path.name + ".damaged"))
    for side in ("", "-wal"):  # the journal holds part of what was there
        source = db_path.with_name(db_path.name + side)
        if source.exists():
            with replacing(damaged.with_name(damaged.name + side), 0o600) as tmp:
                shutil.copyfile(source, tmp)
    return damaged


__all__ = ["BackupError", "BackupInfo", "StoreError", "auto_backup", "backup_to",
           "check_backup", "list_backups", "restore", "rotate"]
