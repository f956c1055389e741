"""Undo recorded in the core: each named step keeps the before/after image of
every row it wrote. Undo writes the before images back in one transaction; the
GUI only shows the label. Capped, like Anki's 30 steps."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Any

UNDO_LIMIT = 30

Row = dict[str, Any]


@dataclass
class RowChange:
    table: str
    id: int
    before: Row | None  # None: the step inserted the row
    after: Row | None  # None: the step deleted the row


@dataclass
class Changes:
    """What a write touched, so each view repaints only that.

    `rows[table]` holds the ids written; None means "too many to list" (bulk work).
    """

    rows: dict[str, set[int] | None] = field(default_factory=dict)

    def add(self, table: str, row_id: int | None) -> None:
        if row_id is None:
            self.rows[table] = None
            return
        ids = self.rows.setdefault(table, set())
        if ids is not None:
            ids.add(row_id)

    def touches(self, *tables: str) -> bool:
        return any(table in self.rows for table in tables)

    def __bool__(self) -> bool:
        return bool(self.rows)


@dataclass
class UndoStep:
    label: str
    changes: list[RowChange] = field(default_factory=list)

    def summary(self) -> Changes:
        result = Changes()
        for change in self.changes:
            result.add(change.table, change.id)
        return result


class UndoStack:
    def __init__(self, limit: int = UNDO_LIMIT) -> None:
        self._done: deque[UndoStep] = deque(maxlen=limit)
        self._undone: list[UndoStep] = []

    def push(self, step: UndoStep) -> None:
        self._done.append(step)
        self._undone.clear()

    def clear(self) -> None:
        self._done.clear()
        self._undone.clear()

    @property
    def undo_label(self) -> str | None:
        return self._done[-1].label if self._done else None

    @property
    def redo_label(self) -> str | None:
        return self._undone[-1].label if self._undone else None

    def pop_undo(self) -> UndoStep | None:
        return self._done.pop() if self._done else None

    def pop_redo(self) -> UndoStep | None:
        return self._undone.pop() if self._undone else None

    def undone(self, step: UndoStep) -> None:
        self._undone.append(step)

    def redone(self, step: UndoStep) -> None:
        self._done.append(step)
