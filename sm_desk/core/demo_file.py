"""The demo business's own file (data folder/demo.db): never the owner's database.

It is only a sample, so it is dated around the day it is opened: a demo made more than a
week ago is made again (a three-month-old demo would open with everything late). A new
file is written beside it and renamed into place, so a failure leaves the old one.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from sm_desk.core.clock import today as local_today
from sm_desk.core.store import Store, StoreError
from sm_desk.core.store.lock import FileLock

FILE_NAME = "demo.db"
DAY_KEY = "demo_generated_on"
MAX_AGE_DAYS = 7


def demo_file_path() -> Path:
    from sm_desk.core.paths import data_dir

    return data_dir() / FILE_NAME


def made_on(path: Path) -> date | None:
    """The day the demo in `path` was made (None: made before demos were dated)."""
    store = Store.open(path, create=False)  # StoreError: locked (open elsewhere), damaged
    try:
        value = store.setting(DAY_KEY)
    finally:
        store.close()
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def is_stale(path: Path, day: date) -> bool:
    """More than a week old. A demo that cannot be read now (open in another window,
    locked) is not stale: it is used as it is rather than replaced under someone."""
    try:
        made = made_on(path)
    except (StoreError, OSError):
        return False
    return made is None or (day - made).days > MAX_AGE_DAYS


def write_demo(path: Path, size: str = "small", seed: int = 1, day: date | None = None) -> Path:
    """Make the demo in a new file beside `path`, then rename it over `path`."""
    from sm_desk.core.demo import generate_demo

    day = day or local_today()
    fresh = path.with_name(path.name + ".new")
    for leftover in (fresh, fresh.with_name(fresh.name + "-wal"),
                     fresh.with_name(fresh.name + "-shm")):
        leftover.unlink(missing_ok=True)
    store = Store.open(fresh)
    try:
        generate_demo(store, size, seed=seed, today=day)
        with store.step("Date the demo", undoable=False) as step:
            step.set_setting(DAY_KEY, day.isoformat())
    finally:
        store.close()
    os.replace(fresh, path)
    FileLock(fresh).path.unlink(missing_ok=True)  # the scratch name's lock has no file left
    return path


def fresh_demo(day: date | None = None) -> Path:
    """The demo file, made when missing or more than a week old. An old demo that is open
    elsewhere (its write-ahead log is still there) or cannot be replaced is used as it is."""
    path = demo_file_path()
    day = day or local_today()
    in_use = path.with_name(path.name + "-wal").exists()
    if path.exists() and (in_use or not is_stale(path, day)):
        return path
    try:
        return write_demo(path, day=day)
    except OSError:
        if path.exists():
            return path
        raise
