"""Touches: create, edit, delete, reschedule; move, skip or mark single occurrences.

Every write is one named step and calls the Tasks rules (`sync_touch`) inside it,
so a touch and its boundary tasks commit, and undo, together.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sm_desk.core.clock import now_utc, to_iso
from sm_desk.core.domain import TOUCH_KIND_LABELS, TOUCH_KINDS, TOUCH_STATUSES, Touch
from sm_desk.core.marketing.calendar import Occurrence
from sm_desk.core.marketing.reach import series_end, stamp_series_end
from sm_desk.core.marketing.recurrence import RecurrenceError, key_of, normalise_rule, occurs_at
from sm_desk.core.marketing.timing import (
    TimeError,
    parse_local,
    shift_days,
    start_columns,
    to_local,
)
from sm_desk.core.profile import business_zone
from sm_desk.core.store import Changes, Step, Store
from sm_desk.core.store import marketing as q
from sm_desk.core.store.trash import delete_to_trash
from sm_desk.core.store.undo import Row
from sm_desk.core.tasks.rules import sync_touch

FIELDS = ("campaign_id", "kind", "title", "starts_at", "start_local", "tz", "all_day",
          "duration_minutes", "rrule", "status", "audience_size", "cost_minor", "notes", "uid")
MAX_DURATION_MINUTES = 366 * 24 * 60  # a touch longer than a year is a typo
MAX_COST_MINOR = 10**13  # a hundred billion in any currency


class TouchError(ValueError):
    """A touch that cannot be saved; the message says which field and why."""


def new_uid() -> str:
    return f"{uuid.uuid4()}@sm-desk"


def clean_values(store: Store, values: dict[str, Any], before: Row | None = None) -> dict[str, Any]:
    """Checked values. The start is given as `start_local` (wall-clock in `tz`) or, by
    code that holds an instant, as `starts_at`; either way the row gets all three."""
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
    if "all_day" in row:
        row["all_day"] = int(bool(row["all_day"]))
    if {"starts_at", "start_local", "tz", "all_day"} & set(row):
        row.update(_start(store, row, before))
    for key in ("duration_minutes", "cost_minor", "audience_size"):
        value = row.get(key)
        if value is not None and (not isinstance(value, int) or value < 0):
            raise TouchError(f"{key.split('_')[0]} must be a whole number, 0 or more")
    if (row.get("duration_minutes") or 0) > MAX_DURATION_MINUTES:
        raise TouchError("duration must be a year or less")
    if (row.get("cost_minor") or 0) > MAX_COST_MINOR:
        raise TouchError("cost is too large to be real")
    if row.get("rrule"):
        try:
            row["rrule"] = normalise_rule(str(row["rrule"]))
        except RecurrenceError as exc:
            raise TouchError(str(exc)) from exc
    elif "rrule" in row:
        row["rrule"] = None
    return row


def _start(store: Store, row: dict[str, Any], before: Row | None) -> dict[str, Any]:
    tz = str(row.get("tz") or (before["tz"] if before else business_zone(store)))
    all_day = bool(row.get("all_day", before["all_day"] if before else False))
    start: Any = row.get("start_local") or row.get("starts_at")
    if not start and before is not None:
        start = parse_local(before["start_local"])  # a new zone or all-day flag: same wall clock
    if not start:
        return {}
    try:
        return start_columns(start, tz, all_day)
    except TimeError as exc:
        raise TouchError(str(exc)) from exc


def create_touch(store: Store, values: dict[str, Any]) -> Changes:
    """File a touch. Kinds event, blog post, gift and mailing are what the Tasks rules
    hang boundary tasks on (sync_touch runs in the same step)."""
    row = clean_values(store, values)
    for key in ("title", "kind", "starts_at"):
        if not row.get(key):
            raise TouchError(f"a touch needs a {key.replace('_at', '')}")
    with store.step(f"New touch {row['title']}") as step:
        insert_touch(step, row)
    return step.summary


def insert_touch(step: Step, row: dict[str, Any]) -> int:
    """Write a checked touch row (a new UID unless it has one) and its boundary tasks."""
    stamp = to_iso(now_utc())
    bound = series_end(row.get("rrule"), row.get("start_local", ""), row.get("tz", "UTC"),
                       bool(row.get("all_day"))) if row.get("rrule") else None
    touch_id = step.insert("touches", {"uid": new_uid(), **row, "created_at": stamp,
                                       "updated_at": stamp, "series_end_at": bound})
    sync_touch(step, touch_id)
    return touch_id


def update_touch(store: Store, touch_id: int, values: dict[str, Any]) -> Changes:
    before = store.get("touches", touch_id)
    if before is None:
        raise TouchError(f"touch {touch_id} does not exist")
    row = clean_values(store, values, before)
    with store.step(f"Edit touch {row.get('title', before['title'])}") as step:
        step.update("touches", touch_id, row)
        stamp_series_end(step, touch_id)
        drop_orphan_overrides(store, step, before, touch_id)
        sync_touch(step, touch_id)
    return step.summary


def drop_orphan_overrides(store: Store, step: Step, before: Row, touch_id: int) -> None:
    """After a series' start or rule changed, overrides of occurrences it no longer has
    go. Extra occurrences (keys the old rule did not give either) stay."""
    touch = store.get("touches", touch_id)
    assert touch is not None
    for o in q.overrides(store, [touch_id]):
        if rule_gives(before, o["original_start"]) and not rule_gives(touch, o["original_start"]):
            step.delete("touch_occurrences", o["id"])


def rule_gives(touch: Row, original: str) -> bool:
    """Does the touch's rule give the wall-clock start `original`?"""
    if not touch["rrule"]:
        return False
    try:
        return occurs_at(touch["rrule"], parse_local(touch["start_local"]), touch["tz"],
                         bool(touch["all_day"]), parse_local(original))
    except (RecurrenceError, ValueError):
        return False


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
    """Drag-and-drop: put an occurrence on another day, keeping its wall-clock time in
    the touch's zone (09:00 in winter stays 09:00 in summer).

    A one-off touch moves; one occurrence of a series gets an override (and moving it
    back to where the rule puts it removes the override).
    """
    touch = store.get("touches", occurrence.touch_id)
    if touch is None:
        raise TouchError(f"touch {occurrence.touch_id} does not exist")
    days = (day - occurrence.day()).days
    current = _shown_local(store, touch, occurrence)
    return move_occurrence(store, occurrence.touch_id, occurrence.original_start,
                           shift_days(current, days))


def _shown_local(store: Store, touch: Row, occurrence: Occurrence) -> datetime:
    """The wall-clock start (in the touch's zone) the occurrence shows at now."""
    if occurrence.original_start is None or not touch["rrule"]:
        return parse_local(touch["start_local"])
    return parse_local(shown_start(store, touch, occurrence.original_start))


def shown_start(store: Store, touch: Row, original: str) -> str:
    """Where occurrence `original` of a series shows: moved, or where the rule put it."""
    existing = q.override(store, touch["id"], original)
    return str(existing["new_start"]) if existing and existing["new_start"] else original


def move_occurrence(store: Store, touch_id: int, original_start: str | None,
                    new_start: datetime) -> Changes:
    """Move a one-off touch, or one occurrence of a series, to `new_start`: wall-clock
    in the touch's zone when naive, an instant when aware."""
    touch = store.get("touches", touch_id)
    if touch is None:
        raise TouchError(f"touch {touch_id} does not exist")
    all_day = bool(touch["all_day"])
    if new_start.tzinfo is not None:
        new_start = to_local(new_start, touch["tz"])
    try:
        columns = start_columns(new_start.date() if all_day else new_start, touch["tz"], all_day)
    except TimeError as exc:
        raise TouchError(str(exc)) from exc
    with store.step(f"Move {touch['title']}") as step:
        if original_start is None or not touch["rrule"]:
            step.update("touches", touch_id, columns)
        else:
            key = _key(touch, original_start)
            _set_override(store, step, touch, key,
                          new_start=None if columns["start_local"] == key
                          else columns["start_local"])
        sync_touch(step, touch_id)
    return step.summary


def _key(touch: Row, original_start: str) -> str:
    try:
        return key_of(original_start, touch["tz"], bool(touch["all_day"]))
    except RecurrenceError as exc:
        raise TouchError(str(exc)) from exc


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
            _set_override(store, step, touch, _key(touch, original_start), status=status)
        sync_touch(step, touch_id)
    return step.summary


_KEEP = object()


def _set_override(store: Store, step: Step, touch: Row, original_start: str,
                  new_start: Any = _KEEP, status: str | None = None) -> None:
    existing = q.override(store, touch["id"], original_start)
    if existing is None and not rule_gives(touch, original_start):
        raise TouchError(f"{original_start} is not an occurrence of {touch['title']}")
    values: dict[str, Any] = {}
    if new_start is not _KEEP:
        values["new_start"] = new_start
    if status is not None:
        values["status"] = status
    if existing is None:
        merged = {"new_start": None, "status": touch["status"], **values}
    else:
        merged = {"new_start": existing["new_start"], "status": existing["status"], **values}
    plain = (merged["new_start"] is None and merged["status"] == touch["status"]
             and rule_gives(touch, original_start))  # an extra occurrence keeps its row
    if existing is None and not plain:
        step.insert("touch_occurrences", {"touch_id": touch["id"],
                                          "original_start": original_start, **merged})
    elif existing is not None and plain:
        step.delete("touch_occurrences", existing["id"])
    elif existing is not None:
        step.update("touch_occurrences", existing["id"], values)
