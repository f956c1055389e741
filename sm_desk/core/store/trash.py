"""The trash: what a delete took with it, kept 30 days so it can be put back.

`delete_to_trash(step, table, id)` is what services call instead of `step.delete`: it
walks the foreign-key graph the way `Step.delete` does (CASCADE children are removed
first, SET NULL links are unset), keeps every removed row (JSON, in the order removed)
and every unset link, then deletes through the step and writes one trash row in the same
step. So Edit > Undo still undoes the delete (and the trash row with it), and a restore
next week re-inserts the rows with their ids and re-points the links.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sm_desk.core.clock import now_utc, to_iso
from sm_desk.core.store.database import Step, Store
from sm_desk.core.store.undo import Row

KEEP_DAYS = 30
# What the trash holds, and the word for each in the list.
KINDS: dict[str, str] = {
    "contacts": "Contact", "companies": "Company", "deals": "Deal",
    "campaigns": "Campaign", "touches": "Touch", "tasks": "Task",
}


class TrashError(ValueError):
    """A trash entry cannot be restored; the message says why."""


@dataclass
class Restored:
    """What a restore put back: table -> ids (as they are now), and what it could not."""

    ids: dict[str, list[int]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def label_of(table: str, row: Row) -> str:
    """A name the user recognises: a contact's name (or email), a deal's title…"""
    if table == "contacts":
        name = f"{row.get('first_name') or ''} {row.get('last_name') or ''}".strip()
        return name or str(row.get("email") or f"contact {row['id']}")
    for key in ("title", "name"):
        if row.get(key):
            return str(row[key])
    return f"{KINDS.get(table, table)} {row['id']}"


def _collect(store: Store, table: str, row_id: int, rows: list[list[Any]],
             unlinked: list[list[Any]]) -> None:
    """Mirror Step.delete: children first (depth first), then the row itself."""
    before = store.get(table, row_id)
    if before is None:
        return
    for child, column, on_delete in store.children(table):
        if on_delete not in ("CASCADE", "SET NULL"):
            continue
        for found in store.query(f"SELECT * FROM {child} WHERE {column} = ?", [row_id]):
            if on_delete == "CASCADE":
                _collect(store, child, found["id"], rows, unlinked)
            else:
                unlinked.append([child, found["id"], column, table, row_id,
                                 found.get("updated_at")])
    rows.append([table, before])


def delete_to_trash(step: Step, table: str, row_id: int, label: str | None = None,
                    now: datetime | None = None) -> int | None:
    """Delete the row (and what goes with it) through `step`, keeping it all in the trash.
    Returns the trash entry's id (None: the row did not exist)."""
    store = step.store
    rows: list[list[Any]] = []
    unlinked: list[list[Any]] = []
    _collect(store, table, row_id, rows, unlinked)
    if not rows:
        return None
    step.delete(table, row_id)
    counts: dict[str, int] = {}
    for name, _ in rows[:-1]:
        counts[name] = counts.get(name, 0) + 1
    for link in unlinked:
        key = f"{link[0]} (unlinked)"
        counts[key] = counts.get(key, 0) + 1
    summary = ", ".join(f"{n} {name.replace('_', ' ')}" for name, n in sorted(counts.items()))
    return step.insert("trash", {
        "deleted_at": to_iso(now or now_utc()), "kind": table, "row_id": row_id,
        "label": (label or label_of(table, rows[-1][1]))[:300], "summary": summary,
        "payload": json.dumps({"rows": rows, "unlinked": unlinked}, separators=(",", ":"))})


def removed_ids(store: Store, trash_id: int | None, table: str) -> list[int]:
    """The ids of `table` rows an entry holds (the touches a campaign took with it)."""
    entry = None if trash_id is None else store.get("trash", trash_id)
    if entry is None:
        return []
    return [int(row["id"]) for name, row in json.loads(entry["payload"])["rows"]
            if name == table]


def entries(store: Store) -> list[Row]:
    """The trash, newest first (without the payloads)."""
    return store.query("SELECT id, deleted_at, kind, row_id, label, summary FROM trash "
                       "ORDER BY deleted_at DESC, id DESC")


def expired_ids(store: Store, now: datetime, days: int = KEEP_DAYS) -> list[int]:
    cutoff = to_iso(now - timedelta(days=days))
    return [r["id"] for r in store.query(
        "SELECT id FROM trash WHERE deleted_at < ? ORDER BY id", [cutoff])]


def _foreign_keys(store: Store, table: str) -> list[tuple[str, str, bool]]:
    """(column, parent table, NOT NULL) for each foreign key of `table`."""
    notnull = {r["name"]: bool(r["notnull"]) for r in store.query(f"PRAGMA table_info({table})")}
    return [(fk["from"], fk["table"], notnull.get(fk["from"], False))
            for fk in store.query(f"PRAGMA foreign_key_list({table})")]


def restore(step: Step, trash_id: int) -> Restored:
    """Put an entry back: rows re-inserted parents first, with their ids (a new id when
    the old one was taken since), links re-pointed; then the entry leaves the trash.
    Raises TrashError (nothing written) when a row cannot go back."""
    store = step.store
    entry = store.get("trash", trash_id)
    if entry is None:
        raise TrashError("that entry is no longer in the trash")
    payload = json.loads(entry["payload"])
    result = Restored()
    remap: dict[tuple[str, int], int] = {}
    fks: dict[str, list[tuple[str, str, bool]]] = {}
    for table, row in reversed(payload["rows"]):
        known = set(store.columns(table))
        values = {k: v for k, v in row.items() if k in known}
        for column, parent, required in fks.setdefault(table, _foreign_keys(store, table)):
            target = values.get(column)
            if target is None:
                continue
            if (parent, target) in remap:
                values[column] = remap[(parent, target)]
            elif store.get(parent, target) is None:
                if required:
                    raise TrashError(f"{label_of(table, row)} cannot come back: the "
                                     f"{parent.rstrip('s')} it belonged to is gone")
                values[column] = None
                result.problems.append(f"{label_of(table, row)}: its link to a "
                                       f"{parent.rstrip('s')} that is gone was left empty")
        old_id = int(row["id"])
        try:
            if store.get(table, old_id) is not None:
                del values["id"]
                new_id = step.insert(table, values)
                remap[(table, old_id)] = new_id
            else:
                new_id = step.insert(table, values)
        except sqlite3.IntegrityError as exc:
            raise TrashError(f"{label_of(table, row)} cannot come back: {exc}") from exc
        result.ids.setdefault(table, []).append(new_id)
    for child, child_id, column, parent, parent_id, stamp in payload["unlinked"]:
        current = store.get(child, child_id)
        if current is None or current.get(column) is not None:
            continue  # deleted or linked elsewhere since: leave the user's later edit alone
        values = {column: remap.get((parent, parent_id), parent_id)}
        if stamp is not None and "updated_at" in current:
            values["updated_at"] = stamp
        step.update(child, child_id, values)
    step.delete("trash", trash_id)
    return result


def delete_forever(step: Step, trash_ids: list[int]) -> None:
    for trash_id in trash_ids:
        step.delete("trash", trash_id)
