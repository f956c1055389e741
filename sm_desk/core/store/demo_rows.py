"""What the demo generator reads back from the store after writing its rows."""

from __future__ import annotations

from sm_desk.core.store.database import Store


def origin_ids(store: Store) -> tuple[list[int], list[int], list[int]]:
    """Every deal, touch and contact id: what the task rules look at."""
    def ids(table: str) -> list[int]:
        return [int(r["id"]) for r in store.query(f"SELECT id FROM {table} ORDER BY id")]
    return ids("deals"), ids("touches"), ids("contacts")
