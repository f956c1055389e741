"""Why a database file was refused. Each message says what happened and what to do."""

from __future__ import annotations


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
