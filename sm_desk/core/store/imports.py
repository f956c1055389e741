"""Import history: what each import created and changed, kept so it can be undone.

`imports.created_ids` holds the created ids per table as [first, last] ranges (an import
creates consecutive ids, so 100,000 new contacts cost a few bytes); `import_changes`
one row per updated record with only the fields the import changed, as
{column: [before, after]}.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sm_desk.core.store.database import Step, Store
from sm_desk.core.store.undo import Row


def ranges(ids: Iterable[int]) -> list[list[int]]:
    """[1, 2, 3, 7, 8] -> [[1, 3], [7, 8]]."""
    if isinstance(ids, range) and ids.step == 1:  # an import's new contacts
        return [[ids.start, ids.stop - 1]] if ids else []
    out: list[list[int]] = []
    for row_id in sorted(set(ids)):
        if out and row_id == out[-1][1] + 1:
            out[-1][1] = row_id
        else:
            out.append([row_id, row_id])
    return out


def expand(spans: Sequence[Sequence[int]]) -> list[int]:
    return [i for first, last in spans for i in range(first, last + 1)]


def insert_import(step: Step, *, kind: str, file_name: str, at: str, created: int,
                  updated: int, rejected: int, created_ids: Mapping[str, Iterable[int]],
                  changes: Iterable[tuple[str, int, dict[str, Any]]]) -> int:
    """One history entry and its changed rows, inside the import's own step."""
    spans = {table: ranges(ids) for table, ids in created_ids.items()}
    import_id = step.insert("imports", {
        "kind": kind, "file_name": file_name, "at": at, "created": created,
        "updated": updated, "rejected": rejected,
        "created_ids": json.dumps({t: s for t, s in spans.items() if s})})
    rows = [(import_id, table, row_id, json.dumps(fields, ensure_ascii=False))
            for table, row_id, fields in changes]
    if rows:
        if step._record:
            for row in rows:
                step.insert("import_changes", dict(zip(
                    ("import_id", "table_name", "row_id", "fields"), row, strict=True)))
        else:  # a bulk import: its step is not undoable anyway
            step.insert_many("import_changes", ("import_id", "table_name", "row_id", "fields"),
                             rows)
    return import_id


def history(store: Store, limit: int = 200) -> list[Row]:
    """Newest first."""
    return store.query(
        "SELECT id, kind, file_name, at, created, updated, rejected, undone_at, undo_report "
        "FROM imports ORDER BY id DESC LIMIT ?", [limit])


def entry(store: Store, import_id: int) -> Row | None:
    row = store.get("imports", import_id)
    if row is not None:
        row["created_ids"] = {t: expand(s) for t, s in json.loads(row["created_ids"]).items()}
    return row


def changes_of(store: Store, import_id: int) -> list[tuple[str, int, dict[str, Any]]]:
    return [(r["table_name"], r["row_id"], json.loads(r["fields"])) for r in store.query(
        "SELECT table_name, row_id, fields FROM import_changes WHERE import_id = ? ORDER BY id",
        [import_id])]


def rows_by_id(store: Store, table: str, ids: Sequence[int],
               columns: Sequence[str] = ("*",)) -> dict[int, Row]:
    """Current rows of `table` for `ids` (chunked IN lists)."""
    store.columns(table)
    found: dict[int, Row] = {}
    wanted = ", ".join(columns) if columns != ("*",) else "*"
    for start in range(0, len(ids), 500):
        chunk = list(ids[start:start + 500])
        for row in store.query(f"SELECT {wanted} FROM {table} WHERE id IN "
                               f"({', '.join('?' for _ in chunk)})", chunk):
            found[row["id"]] = row
    return found


def tag_links(store: Store, contact_ids: Sequence[int]) -> set[tuple[int, int]]:
    links: set[tuple[int, int]] = set()
    for start in range(0, len(contact_ids), 500):
        chunk = list(contact_ids[start:start + 500])
        links.update(store.conn.execute(
            "SELECT contact_id, tag_id FROM contact_tags WHERE contact_id IN "
            f"({', '.join('?' for _ in chunk)})", chunk).fetchall())
    return links


def link_id(store: Store, contact_id: int, tag_id: int) -> int | None:
    value = store.scalar("SELECT id FROM contact_tags WHERE contact_id = ? AND tag_id = ?",
                         [contact_id, tag_id])
    return None if value is None else int(value)


def is_referenced(store: Store, table: str, row_id: int) -> bool:
    """Anything (but import history) still points at this company/tag/campaign."""
    return any(store.scalar(f"SELECT 1 FROM {child} WHERE {column} = ? LIMIT 1", [row_id])
               for child, column, _ in store.children(table))


def label_of(store: Store, table: str, row_id: int) -> str:
    if table == "contacts":
        row = store.query_one("SELECT first_name, last_name, email FROM contacts WHERE id = ?",
                              [row_id])
        if row is None:
            return f"contact {row_id}"
        name = f"{row['first_name']} {row['last_name']}".strip()
        return name or row["email"] or f"contact {row_id}"
    column = {"touches": "title", "tasks": "title", "deals": "title", "activities": "summary",
              "touch_occurrences": "original_start"}.get(table, "name")
    value = store.scalar(f"SELECT {column} FROM {table} WHERE id = ?", [row_id])
    return str(value) if value is not None else f"{table} {row_id}"


# -- the bulk path of undoing a big import ---------------------------------------------------

def _chunks(ids: Sequence[int], size: int = 500) -> list[list[int]]:
    return [list(ids[start:start + size]) for start in range(0, len(ids), size)]


def ids_with_children(store: Store, table: str, ids: Sequence[int],
                      children: Sequence[tuple[str, str]]) -> dict[int, list[str]]:
    """id -> the child tables that hold rows pointing at it."""
    found: dict[int, list[str]] = {}
    for child, column in children:
        store.columns(child)
        for chunk in _chunks(ids):
            for (row_id,) in store.conn.execute(
                    f"SELECT DISTINCT {column} FROM {child} WHERE {column} IN "
                    f"({', '.join('?' for _ in chunk)})", chunk):
                found.setdefault(row_id, []).append(child)
    return found


def ids_with_tasks(store: Store, origin_type: str, ids: Sequence[int]) -> list[int]:
    out: list[int] = []
    for chunk in _chunks(ids):
        out += [r[0] for r in store.conn.execute(
            "SELECT DISTINCT origin_id FROM tasks WHERE origin_type = ? AND origin_id IN "
            f"({', '.join('?' for _ in chunk)})", [origin_type, *chunk])]
    return out


def delete_ids(step: Step, table: str, ids: Sequence[int]) -> None:
    """Set-based delete (the foreign keys cascade to tag links and occurrences); not
    recorded for Ctrl+Z, so only inside a step opened with undoable=False."""
    step.store.columns(table)
    for chunk in _chunks(ids):
        step.execute(f"DELETE FROM {table} WHERE id IN ({', '.join('?' for _ in chunk)})",
                     chunk)
    step.summary.add(table, None)


def add_created(step: Step, import_id: int, table: str, ids: Sequence[int]) -> None:
    """Add `ids` of `table` to an entry's created rows (inside the import's step)."""
    row = step.store.get("imports", import_id)
    if row is None:
        return
    created = json.loads(row["created_ids"] or "{}")
    created[table] = ranges([*expand(created.get(table, [])), *ids])
    step.update("imports", import_id, {"created_ids": json.dumps(created)})
