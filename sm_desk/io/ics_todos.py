"""VTODO items from a calendar file become tasks: title, due date, done or not.

A to-do is matched to a task made by hand with the same title and due date, so
importing the file again updates it (marks it done) instead of duplicating it.
A to-do that cannot be read is a note, not a problem: the events are what counts.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sm_desk.core.clock import now_utc, to_iso
from sm_desk.core.marketing.timing import TimeError, check_year
from sm_desk.core.store import Step, Store
from sm_desk.core.store import marketing as q
from sm_desk.io.ics_zones import Zones

MAX_TITLE = 500


def import_todos(store: Store, step: Step, todos: list[Any], zones: Zones, report: Any) -> None:
    for todo in todos:
        title = str(todo.get("summary", "")).strip()[:MAX_TITLE]
        if not title:
            report.note("a to-do with no title was left out")
            continue
        try:
            due = _due(todo, zones)
        except (ValueError, TypeError, AttributeError) as exc:
            report.note(f"the to-do '{title}' has a due date that was left out ({exc})")
            due = None
        status = _status(todo)
        stamp = to_iso(now_utc())
        values = {"status": status, "done_at": stamp if status == "done" else None,
                  "updated_at": stamp}
        existing = q.hand_task(store, title, due)
        if existing is None:
            step.insert("tasks", {
                "title": title, "function": None, "assignee_id": None, "due": due,
                "origin_type": None, "origin_id": None, "origin_key": "", "rule": None,
                "notes": str(todo.get("description", "")), "created_at": stamp, **values})
        elif existing["status"] != status:
            if existing["status"] == "done" and status == "done":
                values.pop("done_at")
            step.update("tasks", existing["id"], values)
        report.tasks += 1


def _due(todo: Any, zones: Zones) -> str | None:
    prop = todo.get("due")
    if prop is None:
        return None
    value = prop.dt
    if not isinstance(value, date):
        raise ValueError("not a date")
    tzid = prop.params.get("TZID") if hasattr(prop, "params") else None
    day = zones.local(value, str(tzid) if tzid else None, zones.floating, True) \
        if isinstance(value, datetime) else value
    assert isinstance(day, date)
    try:
        check_year(day)
    except TimeError as exc:
        raise ValueError(str(exc)) from exc
    return day.isoformat()


def _status(todo: Any) -> str:
    status = str(todo.get("status", "")).upper()
    if status == "CANCELLED":
        return "cancelled"
    percent = str(todo.get("percent-complete", ""))
    if status == "COMPLETED" or todo.get("completed") is not None or percent == "100":
        return "done"
    return "open"
