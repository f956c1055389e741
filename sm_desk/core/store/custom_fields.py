"""Custom field definitions and their values (one EAV table, no schema change per field).

A value row points at its contact, company or deal through a real foreign key (one of
three columns), so deleting the record deletes, and trashes, its values with it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sm_desk.core.store.database import Step, Store
from sm_desk.core.store.undo import Row

ENTITY_COLUMN = {"contacts": "contact_id", "companies": "company_id", "deals": "deal_id"}


def _column(entity: str) -> str:
    try:
        return ENTITY_COLUMN[entity]
    except KeyError:
        raise KeyError(f"custom fields are for contacts, companies or deals, not {entity!r}") \
            from None


def fields(store: Store, entity: str | None = None) -> list[Row]:
    if entity is None:
        return store.query("SELECT * FROM custom_fields ORDER BY entity, position, id")
    _column(entity)
    return store.query("SELECT * FROM custom_fields WHERE entity = ? ORDER BY position, id",
                       [entity])


def field_by_name(store: Store, entity: str, name: str) -> Row | None:
    return store.query_one("SELECT * FROM custom_fields WHERE entity = ? AND name = ?",
                           [entity, name.strip()])


def next_position(store: Store, entity: str) -> int:
    return int(store.scalar("SELECT coalesce(max(position), -1) + 1 FROM custom_fields "
                            "WHERE entity = ?", [entity]))


def value_count(store: Store, field_id: int) -> int:
    return int(store.scalar("SELECT count(*) FROM custom_values WHERE field_id = ?",
                            [field_id]))


def values(store: Store, entity: str, ids: Sequence[int] | None = None
           ) -> dict[int, dict[int, str]]:
    """record id -> {field id: stored value}, for all records of `entity` or just `ids`."""
    column = _column(entity)
    result: dict[int, dict[int, str]] = {}
    sql = f"SELECT {column}, field_id, value FROM custom_values WHERE {column} "
    if ids is None:
        rows = store.conn.execute(sql + "IS NOT NULL").fetchall()
    else:
        rows = []
        for start in range(0, len(ids), 500):
            chunk = list(ids[start:start + 500])
            rows += store.conn.execute(
                sql + f"IN ({', '.join('?' for _ in chunk)})", chunk).fetchall()
    for record, field_id, value in rows:
        result.setdefault(record, {})[field_id] = value
    return result


def set_value(step: Step, field_id: int, entity: str, record_id: int,
              value: str | None) -> None:
    """Write one value through the step (undoable); None or '' removes it."""
    column = _column(entity)
    found = step.store.query_one(
        f"SELECT id, value FROM custom_values WHERE {column} = ? AND field_id = ?",
        [record_id, field_id])
    if not value:
        if found is not None:
            step.delete("custom_values", found["id"])
    elif found is None:
        step.insert("custom_values", {"field_id": field_id, column: record_id, "value": value})
    elif found["value"] != value:
        step.update("custom_values", found["id"], {"value": value})


def bulk_set(step: Step, entity: str, rows: Iterable[tuple[int, int, str]]) -> None:
    """(field id, record id, value) rows, replacing what was there (imports; not undoable)."""
    column = _column(entity)
    rows = list(rows)
    if not rows:
        return
    conn = step.store.conn
    conn.executemany(f"DELETE FROM custom_values WHERE {column} = ? AND field_id = ?",
                     [(record, field) for field, record, _ in rows])
    conn.executemany(f"INSERT INTO custom_values (field_id, {column}, value) VALUES (?, ?, ?)",
                     rows)
    step._record = False  # bulk rows are not kept for undo (as Step.insert_many)
    step.summary.add("custom_values", None)


def move_values(step: Step, entity: str, from_id: int, to_id: int) -> None:
    """Give `to_id` the values of `from_id` for the fields it has none of (a merge)."""
    column = _column(entity)
    have = {r["field_id"] for r in step.store.query(
        f"SELECT field_id FROM custom_values WHERE {column} = ?", [to_id])}
    for row in step.store.query(f"SELECT id, field_id FROM custom_values WHERE {column} = ?",
                                [from_id]):
        if row["field_id"] not in have:
            step.update("custom_values", row["id"], {column: to_id})
