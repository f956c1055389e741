"""The only place SQL lives. Services call the Store and the query modules here."""

from sm_desk.core.store.database import BUSINESS_TABLES, LARGE_WRITE_ROWS, Step, Store
from sm_desk.core.store.errors import (
    CorruptDatabase,
    DatabaseLocked,
    DatabaseReadOnly,
    DatabaseTooNew,
    NotSmDeskDatabase,
    StoreError,
)
from sm_desk.core.store.undo import Changes

__all__ = [
    "BUSINESS_TABLES", "LARGE_WRITE_ROWS", "Changes", "CorruptDatabase", "DatabaseLocked", "DatabaseReadOnly", "DatabaseTooNew",
    "NotSmDeskDatabase", "Step", "Store", "StoreError",
]
