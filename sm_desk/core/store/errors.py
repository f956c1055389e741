"""Why a database file was refused. Each message says what happened and what to do."""

from __future__ import annotations

import errno


class StoreError(Exception):
    """A database file that SM Desk will not open. The file is left untouched."""

    advice = ""

    def __init__(self, path: object, detail: str = "") -> None:
        self.path = str(path)
        self.detail = detail
        super().__init__(self.message())

    def message(self) -> str:
        text = self.summary()
        if self.detail:
            text += f" ({self.detail})"
        return f"{text}. {self.advice}".strip()

    def summary(self) -> str:
        return f"Cannot open {self.path}"


class NotSmDeskDatabase(StoreError):
    advice = "Choose an SM Desk database (.db) or create a new one; the file was not changed."

    def summary(self) -> str:
        return f"{self.path} is not an SM Desk database"


class CorruptDatabase(StoreError):
    advice = (
        "The file was not changed. Restore it from a backup (File > Restore from backup, "
        "or `sm-desk restore`), or open another database."
    )

    def summary(self) -> str:
        return f"{self.path} is damaged"


class DatabaseTooNew(StoreError):
    advice = "It was written by a newer SM Desk: update SM Desk to open it. The file was not changed."

    def summary(self) -> str:
        return f"{self.path} comes from a newer version of SM Desk"


class DatabaseLocked(StoreError):
    advice = (
        "Another SM Desk window or command is using it. Close that one first, "
        "or open a different database."
    )

    def summary(self) -> str:
        return f"{self.path} is already open in another copy of SM Desk"


class DatabaseReadOnly(StoreError):
    advice = "Copy it somewhere you can write, or ask for write permission."

    def summary(self) -> str:
        return f"{self.path} cannot be written"


class DiskFull(StoreError):
    advice = "Free some space on that disk and try again; nothing was half-written."

    def summary(self) -> str:
        return f"The disk holding {self.path} is full"


class MissingFolder(StoreError):
    advice = "Check the path for a typo, or create the folder first."

    def summary(self) -> str:
        return f"There is no folder for {self.path}"


class MissingDatabase(StoreError):
    advice = "Check the path for a typo; nothing was created."

    def summary(self) -> str:
        return f"There is no database at {self.path}"


# SQLite's primary result codes (the low byte of an extended code) and errno values,
# each to the one fault it means. Anything else is reported as it is, never as damage.
_SQLITE_FAULTS: dict[int, type[StoreError]] = {
    11: CorruptDatabase,   # SQLITE_CORRUPT
    26: NotSmDeskDatabase,  # SQLITE_NOTADB
    13: DiskFull,          # SQLITE_FULL
    8: DatabaseReadOnly,   # SQLITE_READONLY
    3: DatabaseReadOnly,   # SQLITE_PERM
    5: DatabaseLocked,     # SQLITE_BUSY
    6: DatabaseLocked,     # SQLITE_LOCKED
}
_ERRNO_FAULTS: dict[int, type[StoreError]] = {
    errno.ENOSPC: DiskFull, errno.EDQUOT: DiskFull, errno.EFBIG: DiskFull,
    errno.EROFS: DatabaseReadOnly, errno.EACCES: DatabaseReadOnly, errno.EPERM: DatabaseReadOnly,
    errno.ENOENT: MissingFolder, errno.ENOTDIR: MissingFolder,
}


def fault(exc: BaseException, path: object) -> StoreError:
    """The named fault behind an sqlite3 or OS error (a plain StoreError when unknown).

    Only SQLITE_CORRUPT is damage: a full disk, a read-only place or a lock never is."""
    if isinstance(exc, StoreError):
        return exc
    kind: type[StoreError] = StoreError
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int):
        kind = _SQLITE_FAULTS.get(code & 0xFF, StoreError)
        if kind is StoreError and "malformed" in str(exc):
            kind = CorruptDatabase
    elif isinstance(exc, OSError) and exc.errno is not None:
        kind = _ERRNO_FAULTS.get(exc.errno, StoreError)
    detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    return kind(path, detail)
