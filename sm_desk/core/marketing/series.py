"""One occurrence of a series, edited like Google Calendar: this one, this and the
following ones, or all of them.

"This" moves or re-marks the occurrence through an override, or, when its title, kind or
other fields change, detaches it into a one-off touch and removes it from the series.
"This and following" ends the series just before the occurrence (UNTIL, or COUNT when
the series counted) and starts a new series there with the changes; overrides after the
split go with the new series, so moved and skipped occurrences are kept. "All" changes
the series, a new time of day included. Each is one undoable step.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any

from sm_desk.core.marketing.calendar import Occurrence
from sm_desk.core.marketing.reach import stamp_series_end
from sm_desk.core.marketing.recurrence import RecurrenceError, occurrence_key, walk
from sm_desk.core.marketing.timing import parse_local, start_columns, to_instant
from sm_desk.core.marketing.touches import (
    TouchError,
    clean_values,
    drop_orphan_overrides,
    insert_touch,
    move_to_day,
    rule_gives,
    shown_start,
)
from sm_desk.core.store import Changes, Step, Store
from sm_desk.core.store import marketing as q
from sm_desk.core.store.trash import delete_to_trash
from sm_desk.core.store.undo import Row
from sm_desk.core.tasks.rules import sync_touch

SCOPES = ("this", "following", "all")
SCOPE_LABELS = {"this": "This touch", "following": "This and following touches",
                "all": "All touches in the series"}
# Fields a per-occurrence override can carry; any other change detaches the occurrence.
OVERRIDE_FIELDS = {"start_local", "starts_at", "status"}
# What a detached occurrence or a split-off series takes from the series it leaves.
CARRIED_FIELDS = ("campaign_id", "kind", "title", "all_day", "duration_minutes", "status",
                  "audience_size", "cost_minor", "notes", "tz")


def _series(store: Store, touch_id: int, original: str) -> Row:
    touch = store.get("touches", touch_id)
    if touch is None:
        raise TouchError(f"touch {touch_id} does not exist")
    if not touch["rrule"]:
        raise TouchError(f"{touch['title']} is not a series")
    if q.override(store, touch_id, original) is None and not rule_gives(touch, original):
        raise TouchError(f"{original} is not an occurrence of {touch['title']}")
    return touch


def _changed(touch: Row, values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if touch.get(k) != v}


def edit_occurrence(store: Store, touch_id: int, original: str, values: dict[str, Any],
                    scope: str) -> Changes:
    """Apply `values` (touch fields; a start as `start_local` wall-clock in the touch's
    zone) to one occurrence, this and the following ones, or the whole series."""
    if scope not in SCOPES:
        raise TouchError(f"scope must be one of {', '.join(SCOPES)}")
    touch = _series(store, touch_id, original)
    values = clean_values(store, values, touch)
    with store.step(f"Edit {touch['title']} ({SCOPE_LABELS[scope].lower()})") as step:
        if scope == "this":
            _edit_this(store, step, touch, original, values)
        elif scope == "following":
            _split(store, step, touch, original, values)
        else:
            _edit_all(store, step, touch, original, values)
    return step.summary


def delete_occurrence(store: Store, touch_id: int, original: str, scope: str) -> Changes:
    """Remove one occurrence, this and the following ones, or the series (to the trash)."""
    if scope not in SCOPES:
        raise TouchError(f"scope must be one of {', '.join(SCOPES)}")
    touch = _series(store, touch_id, original)
    with store.step(f"Delete {touch['title']} ({SCOPE_LABELS[scope].lower()})") as step:
        if scope == "this":
            _remove(store, step, touch_id, original)
        elif scope == "following" and original != _first_key(touch):
            _end_before(store, step, touch, original)
            for o in q.overrides(store, [touch_id]):
                if o["original_start"] >= original:
                    step.delete("touch_occurrences", o["id"])
        else:
            delete_to_trash(step, "touches", touch_id)
        sync_touch(step, touch_id)
    return step.summary


def _first_key(touch: Row) -> str:
    return occurrence_key(parse_local(touch["start_local"]), bool(touch["all_day"]))


def _remove(store: Store, step: Step, touch_id: int, original: str) -> None:
    existing = q.override(store, touch_id, original)
    if existing is None:
        step.insert("touch_occurrences", {"touch_id": touch_id, "original_start": original,
                                          "status": "planned", "removed": 1})
    else:
        step.update("touch_occurrences", existing["id"], {"removed": 1, "new_start": None})


def _edit_this(store: Store, step: Step, touch: Row, original: str,
               values: dict[str, Any]) -> None:
    changed = _changed(touch, values)
    start = changed.get("start_local")
    others = set(changed) - OVERRIDE_FIELDS - {"tz"}
    if not others and changed.get("tz", touch["tz"]) == touch["tz"]:
        existing = q.override(store, touch["id"], original)
        row = {"new_start": None if start in (None, original) else start,
               "status": changed.get("status", existing["status"] if existing
                                     else touch["status"])}
        if existing is None:
            step.insert("touch_occurrences", {"touch_id": touch["id"],
                                              "original_start": original, **row})
        else:
            step.update("touch_occurrences", existing["id"], row)
        sync_touch(step, int(touch["id"]))
        return
    # A different title, kind, duration...: the occurrence becomes a touch of its own.
    shown = shown_start(store, touch, original)
    single = {k: touch[k] for k in CARRIED_FIELDS}
    single.update(start_columns(parse_local(shown), touch["tz"], bool(touch["all_day"])))
    single.update({k: v for k, v in values.items() if k != "rrule"})
    insert_touch(step, single)
    _remove(store, step, int(touch["id"]), original)
    sync_touch(step, int(touch["id"]))


def _edit_all(store: Store, step: Step, touch: Row, original: str,
              values: dict[str, Any]) -> None:
    changed = _changed(touch, values)
    if "start_local" in changed:  # the occurrence's new time moves the whole series
        delta = parse_local(changed["start_local"]) - parse_local(original)
        first = parse_local(touch["start_local"]) + delta
        changed.update(start_columns(first.date() if touch["all_day"] else first,
                                     str(changed.get("tz") or touch["tz"]), bool(touch["all_day"])))
    step.update("touches", touch["id"], changed)
    stamp_series_end(step, int(touch["id"]))
    drop_orphan_overrides(store, step, touch, int(touch["id"]))
    sync_touch(step, int(touch["id"]))


def _split(store: Store, step: Step, touch: Row, original: str,
           values: dict[str, Any]) -> None:
    if original == _first_key(touch):
        _edit_all(store, step, touch, original, values)
        return
    before = _end_before(store, step, touch, original)
    changed = _changed(touch, values)
    start = changed.get("start_local") or original
    delta = parse_local(start) - parse_local(original)
    rule = str(changed.get("rrule") or touch["rrule"])
    count = _count(rule)
    if count is not None and "rrule" not in changed:
        rule = _with_count(rule, count - before)
    new = {k: touch[k] for k in CARRIED_FIELDS}
    new.update({k: v for k, v in values.items() if k not in ("starts_at",)})
    new.update(start_columns(parse_local(start), str(new["tz"]), bool(new["all_day"])))
    new["rrule"] = rule
    new_id = insert_touch(step, new)
    for o in q.overrides(store, [touch["id"]]):  # later overrides follow the new series
        if o["original_start"] >= original:
            step.update("touch_occurrences", o["id"], {
                "touch_id": new_id, "original_start": _shift(o["original_start"], delta),
                "new_start": o["new_start"] and _shift(o["new_start"], delta)})
    sync_touch(step, new_id)
    sync_touch(step, int(touch["id"]))


def _end_before(store: Store, step: Step, touch: Row, original: str) -> int:
    """End the series just before occurrence `original`; returns how many it keeps."""
    first = parse_local(touch["start_local"])
    all_day = bool(touch["all_day"])
    kept = sum(1 for local in walk(touch["rrule"], first, touch["tz"], all_day)
               if occurrence_key(local, all_day) < original)
    rule = str(touch["rrule"])
    if _count(rule) is not None:
        rule = _with_count(rule, kept)
    else:
        end = parse_local(original) - timedelta(seconds=1)
        until = (end.strftime("%Y%m%d") if all_day
                 else to_instant(end, touch["tz"]).strftime("%Y%m%dT%H%M%SZ"))
        rule = re.sub(r";?UNTIL=[0-9TZ]+", "", rule) + f";UNTIL={until}"
    step.update("touches", touch["id"], {"rrule": rule})
    stamp_series_end(step, int(touch["id"]))  # it now ends: later ranges skip it
    return kept


def _count(rule: str) -> int | None:
    match = re.search(r"COUNT=(\d+)", rule)
    return int(match.group(1)) if match else None


def _with_count(rule: str, count: int) -> str:
    if count < 1:
        raise RecurrenceError("the series would have no occurrences left")
    return re.sub(r"COUNT=\d+", f"COUNT={count}", rule)


def _shift(key: str, delta: timedelta) -> str:
    if not delta:
        return key
    moved = parse_local(key) + delta
    return moved.date().isoformat() if len(key) == 10 else moved.strftime("%Y-%m-%dT%H:%M:%S")


def occurrence_start(store: Store, touch_id: int, original: str) -> datetime:
    """Where an occurrence shows now (wall-clock in the touch's zone): moved or not."""
    touch = store.get("touches", touch_id)
    if touch is None:
        raise TouchError(f"touch {touch_id} does not exist")
    return parse_local(shown_start(store, touch, original))


def move_in_series(store: Store, occurrence: Occurrence, day: date, scope: str) -> Changes:
    """A drag of one occurrence of a series to `day`: moves this one (an override), or
    this and the following ones / all of them by the same number of days."""
    if scope == "this" or occurrence.original_start is None:
        return move_to_day(store, occurrence, day)
    shown = occurrence_start(store, occurrence.touch_id, occurrence.original_start)
    target = shown + timedelta(days=(day - occurrence.day()).days)
    return edit_occurrence(store, occurrence.touch_id, occurrence.original_start,
                           {"start_local": target}, scope)
