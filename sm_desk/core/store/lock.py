"""One running copy per database file: an OS lock on a side file.

The operating system drops the lock when the process dies, so a crash never
leaves a stale lock behind.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import IO

if sys.platform == "win32":  # pragma: no cover - exercised on Windows builds only
    import msvcrt

    def _try_lock(handle: IO[str]) -> bool:
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
else:
    import fcntl

    def _try_lock(handle: IO[str]) -> bool:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True


CLEAN = "closed cleanly"


class FileLock:
    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self.path = db_path.with_name(db_path.name + ".lock")
        self._handle: IO[str] | None = None
        self.was_clean = True  # did the last copy that used the file close it properly?

    def acquire(self) -> bool:
        """True when this process now holds the lock; False when another copy does."""
        handle = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 - held open while locked
        if not _try_lock(handle):
            handle.close()
            return False
        handle.seek(0)
        self.was_clean = handle.read() == CLEAN or not self.db_path.exists()
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        self._handle = handle
        return True

    def release(self, clean: bool = True) -> None:
        if self._handle is not None:
            if clean:
                self._handle.seek(0)
                self._handle.truncate()
                self._handle.write(CLEAN)
                self._handle.flush()
            # The side file stays: unlinking it could let two copies lock two inodes.
            self._handle.close()
            self._handle = None
