"""Saved views: a page (contacts, deals, calendar, tasks) hands over its state as a
JSON-able dict (filter, sort, columns); it comes back by name.

    save_view(store, "deals", "Hot this month", page.view_state())
    page.apply_view_state(load_view(store, "deals", "Hot this month"))
"""

from __future__ import annotations

import json
from typing import Any

from sm_desk.core.store import Changes, Store
from sm_desk.core.store import saved_views as q

PAGES = ("contacts", "deals", "calendar", "tasks")
MAX_NAME = 80


class ViewError(ValueError):
    pass


def _check_page(page: str) -> None:
    if page not in PAGES:
        raise ViewError(f"views are saved for {', '.join(PAGES)}, not {page!r}")


def view_names(store: Store, page: str) -> list[str]:
    _check_page(page)
    return [r["name"] for r in q.views(store, page)]


def load_view(store: Store, page: str, name: str) -> dict[str, Any] | None:
    _check_page(page)
    row = q.find(store, page, name)
    if row is None:
        return None
    state = json.loads(row["state"])
    return state if isinstance(state, dict) else {}


def save_view(store: Store, page: str, name: str, state: dict[str, Any]) -> Changes:
    """Save (or overwrite) the view `name` of `page`."""
    _check_page(page)
    name = name.strip()
    if not name:
        raise ViewError("a view needs a name")
    if len(name) > MAX_NAME:
        raise ViewError(f"a view name is at most {MAX_NAME} characters")
    text = json.dumps(state, sort_keys=True)
    with store.step(f"Save view {name}") as step:
        q.put(step, page, name, text)
    return step.summary


def delete_view(store: Store, page: str, name: str) -> Changes:
    _check_page(page)
    row = q.find(store, page, name)
    if row is None:
        raise ViewError(f"there is no view {name!r}")
    with store.step(f"Delete view {name}") as step:
        step.delete("saved_views", row["id"])
    return step.summary
