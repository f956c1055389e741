"""Touches: create, edit, delete, reschedule; move, skip or mark single occurrences.

Every write is one named step and calls the Tasks rules (`sync_touch`) inside it,
so a touch and its boundary tasks commit, and undo, together.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time
from typing import Any

from sm_desk.core.clock import from_iso, now_utc, to_iso
from sm_desk.core.domain import TOUCH_KIND_LABELS, TOUCH_KINDS, TOUCH_STATUSES, Touch
from sm_desk.core.marketing.calendar import Occurrence
from sm_desk.core.marketing.recurrence import RecurrenceError, normalise_rule, occurs_at
from sm_desk.core.store import Changes, Step, Store
from sm_desk.core.store import marketing as q
from sm_desk.core.store.trash import delete_to_trash
from sm_desk.core.tasks.rules import sync_touch

FIELDS = ("campaign_id", "kind", "title", "starts_at", "all_day", "duration_minutes", "rrule",
          "status", "audience_size", "cost_minor", "notes", "uid")


class TouchError(ValueError):
    """A touch that cannot be saved; the message says which field and why."""


def new_uid() -> str:
    return f"{uuid.uuid4()}@sm-desk"


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise TouchError(f"unknown touch field(s): {', '.join(sorted(unknown))}")
    row = dict(values)
    if "title" in row:
        row["title"] = str(row["title"]).strip()
        if not row["title"]:
            raise TouchError("a touch needs a title")
    if "kind" in row and row["kind"] not in TOUCH_KINDS:
        raise TouchError(f"kind must be one of {', '.join(TOUCH_KIND_LABELS.values())}")
    if "status" in row and row["status"] not in TOUCH_STATUSES:
        raise TouchError(f"status must be one of {', '.join(TOUCH_STATUSES)}")
    if "starts_at" in row:
        try:
            start = from_iso(str(row["starts_at"]))
        except ValueError as exc:
            raise TouchError(f"'{row['starts_at']}' is not a date and time") from exc
        if row.get("all_day"):
            start = datetime.combine(start.date(), time(0), tzinfo=UTC)
        row["starts_at"] = to_iso(start)
    if "all_day" in row:
        row["all_day"] = int(bool(row["all_day"]))
    for key in ("duration_minutes", "cost_minor", "audience_size"):
        value = row.get(key)
        if value is not None and (not isinstance(value, int) or value < 0):
            raise TouchError(f"{key.split('_')[0]} must be a whole number, 0 or more")
    if row.get("rrule"):
        try:
            row["rrule"] = normalise_rule(str(row["rrule"]))
        except RecurrenceError as exc:
            raise TouchError(str(exc)) from exc
    elif "rrule" in row:
        row["rrule"] = None
    return row


def create_touch(store: Store, values: dict[str, Any]) -> Changes:
    """File a touch. Kinds event, blog post, gift and mailing are what the Tasks rules
    hang boundary tasks on (sync_touch runs in the same step)."""
    row = _clean(values)
    for key in ("title", "kind", "starts_at"):
        if not row.get(key):
            raise TouchError(f"a touch needs a {key.replace('_at', '')}")
    stamp = to_iso(now_utc())
    row.setdefault("uid", new_uid())
    with store.step(f"New touch {row['title']}") as step:
        touch_id = step.insert("touches", {**row, "created_at": stamp, "updated_at": stamp})
        sync_touch(step, touch_id)
    return step.summary


def update_touch(store: Store, touch_id: int, values: dict[str, Any]) -> Changes:
    before = store.get("touches", touch_id)
    if before is None:
        raise TouchError(f"touch {touch_id} does not exist")
    row = _clean(values)
    with store.step(f"Edit touch {row.get('title', before['title'])}") as step:
        step.update("touches", touch_id, row)
        _drop_orphan_overrides(store, step, touch_id)
        sync_touch(step, touch_id)
    return step.summary


def _drop_orphan_overrides(store: Store, step: Step, touch_id: int) -> None:
    """After a series' start or rule changed, overrides of starts it no longer has go."""
    touch = store.get("touches", touch_id)
    assert touch is not None
    for o in q.overrides(store, [touch_id]):
        if not touch["rrule"] or not occurs_at(touch["rrule"], from_iso(touch["starts_at"]),
                                               from_iso(o["original_start"])):
            step.delete("touch_occurrences", o["id"])


def delete_touch(store: Store, touch_id: int) -> Changes:
    row = store.get("touches", touch_id)
    if row is None:
        raise TouchError(f"touch {touch_id} does not exist")
    with store.step(f"Delete touch {row['title']}") as step:
        delete_to_trash(step, "touches", touch_id)
        sync_touch(step, touch_id)
    return step.summary


def get_touch(store: Store, touch_id: int) -> Touch | None:
    row = store.get("touches", touch_id)
    return None if row is None else Touch.from_row(row)


def move_to_day(store: Store, occurrence: Occurrence, day: date) -> Changes:
    """Drag-and-drop: put an occurrence on another day, keeping its time of day.

    A one-off touch moves; one occurrence of a series gets an override (and
    moving it back to where the rule puts it removes the override).
    """
    if occurrence.all_day:
        new_start = datetime.combine(day, time(0), tzinfo=UTC)
    else:
        local = occurrence.start.astimezone()
        new_start = datetime.combine(day, local.timetz()).astimezone(UTC)
    return move_occurrence(store, occurrence.touch_id, occurrence.original_start, new_start)


def move_occurrence(store: Store, touch_id: int, original_start: str | None,
                    new_start: datetime) -> Changes:
    touch = store.get("touches", touch_id)
    if touch is None:
        raise TouchError(f"touch {touch_id} does not exist")
    new_iso = to_iso(new_start)
    with store.step(f"Move {touch['title']}") as step:
        if original_start is None or not touch["rrule"]:
            step.update("touches", touch_id, {"starts_at": new_iso})
        else:
            _set_override(store, step, touch_id, original_start,
                          new_start=None if new_iso == original_start else new_iso)
        sync_touch(step, touch_id)
    return step.summary


def set_occurrence_status(store: Store, touch_id: int, original_start: str | None,
                          status: str) -> Changes:
    """Mark a one-off touch, or one occurrence of a series, planned, done or skipped."""
    if status not in TOUCH_STATUSES:
        raise TouchError(f"status must be one of {', '.join(TOUCH_STATUSES)}")
    touch = store.get("touches", touch_id)
    if touch is None:
        raise TouchError(f"touch {touch_id} does not exist")
    verb = {"planned": "Re-plan", "done": "Mark done", "skipped": "Skip"}[status]
    with store.step(f"{verb} {touch['title']}") as step:
        if original_start is None or not touch["rrule"]:
            step.update("touches", touch_id, {"status": status})
        else:
            _set_override(store, step, touch_id, original_start, status=status)
        sync_touch(step, touch_id)
    return step.summary


_KEEP = object()


def _set_override(store: Store, step: Step, touch_id: int, original_start: str,
                  new_start: Any = _KEEP, status: str | None = None) -> None:
    touch = store.get("touches", touch_id)
    assert touch is not None
    if not occurs_at(touch["rrule"], from_iso(touch["starts_at"]), from_iso(original_start)):
        raise TouchError(f"{original_start} is not an occurrence of {touch['title']}")
    existing = q.override(store, touch_id, original_start)
    values: dict[str, Any] = {}
    if new_start is not _KEEP:
        values["new_start"] = new_start
    if status is not None:
        values["status"] = status
    if existing is None:
        merged = {"new_start": None, "status": touch["status"], **values}
    else:
        merged = {"new_start": existing["new_start"], "status": existing["status"], **values}
    plain = merged["new_start"] is None and merged["status"] == touch["status"]
    if existing is None and not plain:
        step.insert("touch_occurrences", {"touch_id": touch_id,
                                          "original_start": original_start, **merged})
    elif existing is not None and plain:
        step.delete("touch_occurrences", existing["id"])
    elif existing is not None:
        step.update("touch_occurrences", existing["id"], values)
