"""Saved views: a page's filter, sort and columns, kept under a name."""

from __future__ import annotations

from sm_desk.core.store.database import Step, Store
from sm_desk.core.store.undo import Row


def views(store: Store, page: str) -> list[Row]:
    return store.query("SELECT id, name, state FROM saved_views WHERE page = ? "
                       "ORDER BY name COLLATE NOCASE", [page])


def find(store: Store, page: str, name: str) -> Row | None:
    return store.query_one("SELECT id, name, state FROM saved_views WHERE page = ? AND name = ?",
                           [page, name.strip()])


def put(step: Step, page: str, name: str, state: str) -> int:
    found = find(step.store, page, name)
    if found is None:
        return step.insert("saved_views", {"page": page, "name": name.strip(), "state": state})
    step.update("saved_views", found["id"], {"state": state, "name": name.strip()})
    return int(found["id"])
