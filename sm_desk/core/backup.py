"""Consistent snapshots of a live database: SQLite's online backup API, verified,
then renamed into place. Never a file copy (a copy of a live WAL database can be
torn)."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path

from sm_desk.core.store import Store


class BackupError(Exception):
    pass


def backups_dir(store: Store) -> Path:
    assert store.path is not None
    folder = store.path.parent / "backups"
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


def default_backup_path(store: Store, now: datetime | None = None) -> Path:
    assert store.path is not None
    stamp = (now or datetime.now()).strftime("%Y-%m-%d_%H%M%S")
    return backups_dir(store) / f"{store.path.stem}-{stamp}.db"


def backup_to(store: Store, target: Path) -> Path:
    """Write a verified snapshot to `target`; the target appears only when it checks out."""
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    copy = sqlite3.connect(partial)
    try:
        store.conn.backup(copy)
        copy.execute("PRAGMA journal_mode = DELETE")
        verdict = copy.execute("PRAGMA integrity_check").fetchall()
    finally:
        copy.close()
    if verdict != [("ok",)]:
        partial.unlink(missing_ok=True)
        raise BackupError(f"the backup did not verify: {verdict[0][0]}")
    os.replace(partial, target)
    return target
