"""Tasks by hand and the fixes the Tasks view offers: assign, classify, complete,
delete; the people who take tasks; and "make this the default for tasks like this".

Every write is one named, undoable step and returns its Changes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from datetime import date

from sm_desk.core.agreement import load_agreement
from sm_desk.core.clock import now_utc, to_iso
from sm_desk.core.domain import FUNCTIONS, MARKETING, ORIGIN_TYPES, PERSON_KINDS, SALES
from sm_desk.core.store import Changes, Store
from sm_desk.core.store import tasks as queries
from sm_desk.core.store.trash import delete_to_trash
from sm_desk.core.tasks.rules import RULES

EDITABLE = ("title", "function", "assignee_id", "due", "notes", "status")


class TaskError(ValueError):
    """A request the user can correct (an empty title, an unknown function)."""


def _check_function(function: str | None) -> None:
    if function is not None and function not in FUNCTIONS:
        raise TaskError(f"function must be one of {', '.join(FUNCTIONS)} or none")


def _check_due(due: str | None) -> None:
    if due is not None:
        try:
            date.fromisoformat(due)
        except ValueError as exc:
            raise TaskError(f"due date {due!r} is not YYYY-MM-DD") from exc


def _check_person(store: Store, person_id: int | None) -> None:
    if person_id is not None and store.get("people", person_id) is None:
        raise TaskError(f"no person {person_id}")


# What a task hangs on says whose it is (seed 004: one-to-one is sales, one-to-many is
# marketing): a deal or one contact is a conversation with one person; a touch goes out
# to many. The user can always classify it otherwise.
FUNCTION_BY_ORIGIN = {"deal": SALES, "contact": SALES, "touch": MARKETING}


def function_for_origin(origin_type: str | None) -> str | None:
    """The function a hand-made task gets from what it hangs on (None: nothing to go by)."""
    return FUNCTION_BY_ORIGIN.get(origin_type) if origin_type else None


def create_task(store: Store, title: str, *, function: str | None = None,
                assignee_id: int | None = None, due: str | None = None,
                origin_type: str | None = None, origin_id: int | None = None,
                notes: str = "", classify_from_origin: bool = True) -> Changes:
    """A task made by hand (rule None), optionally attached to a touch, deal or contact.
    With no function given, it classifies itself from its origin (function_for_origin)."""
    if function is None and classify_from_origin:
        function = function_for_origin(origin_type)
    title = title.strip()
    if not title:
        raise TaskError("a task needs a title")
    _check_function(function)
    _check_due(due)
    _check_person(store, assignee_id)
    if (origin_type is None) != (origin_id is None) or (
            origin_type is not None and origin_type not in ORIGIN_TYPES):
        raise TaskError("an origin needs both a type (touch, deal, contact) and an id")
    stamp = to_iso(now_utc())
    with store.step(f"New task “{title}”") as step:
        step.insert("tasks", {
            "title": title, "function": function, "assignee_id": assignee_id, "due": due,
            "status": "open", "origin_type": origin_type, "origin_id": origin_id,
            "origin_key": "", "rule": None, "notes": notes,
            "created_at": stamp, "updated_at": stamp})
    return step.summary


def update_task(store: Store, task_id: int, **values: object) -> Changes:
    """Edit a task's title, function, assignee, due date, notes or status."""
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise TaskError(f"cannot edit {', '.join(sorted(unknown))}")
    if "title" in values and not str(values["title"]).strip():
        raise TaskError("a task needs a title")
    _check_function(values.get("function"))  # type: ignore[arg-type]
    _check_due(values.get("due"))  # type: ignore[arg-type]
    _check_person(store, values.get("assignee_id"))  # type: ignore[arg-type]
    if "status" in values:
        values["done_at"] = to_iso(now_utc()) if values["status"] == "done" else None
    with store.step("Edit task") as step:
        step.update("tasks", task_id, dict(values))
    return step.summary


def _bulk(store: Store, label: str, ids: Iterable[int], values: dict[str, object]) -> Changes:
    with store.step(label) as step:
        for task_id in ids:
            step.update("tasks", task_id, values)
    return step.summary


def assign(store: Store, ids: Sequence[int], person_id: int | None) -> Changes:
    """Give tasks to a person (None: take them back to unassigned). One undo step."""
    _check_person(store, person_id)
    if person_id is None:
        label = "Unassign task" if len(ids) == 1 else f"Unassign {len(ids)} tasks"
    else:
        name = store.get("people", person_id)["name"]  # type: ignore[index]
        label = f"Assign {'task' if len(ids) == 1 else f'{len(ids)} tasks'} to {name}"
    return _bulk(store, label, ids, {"assignee_id": person_id})


def classify(store: Store, ids: Sequence[int], function: str | None) -> Changes:
    _check_function(function)
    label = f"Mark as {function}" if function else "Mark as unclassified"
    return _bulk(store, label, ids, {"function": function})


def complete(store: Store, ids: Sequence[int], done: bool = True) -> Changes:
    if done:
        values: dict[str, object] = {"status": "done", "done_at": to_iso(now_utc())}
    else:
        values = {"status": "open", "done_at": None}
    noun = "task" if len(ids) == 1 else f"{len(ids)} tasks"
    return _bulk(store, f"Complete {noun}" if done else f"Reopen {noun}", ids, values)


def delete_tasks(store: Store, ids: Sequence[int]) -> Changes:
    """Delete tasks. A rule-made one is cancelled instead, so the rule does not make it
    again on the next sync (its row holds the rule's one slot for that origin)."""
    with store.step("Delete task" if len(ids) == 1 else f"Delete {len(ids)} tasks") as step:
        for task_id in ids:
            row = store.get("tasks", task_id)
            if row is None:
                continue
            if row["rule"]:
                step.update("tasks", task_id, {"status": "cancelled", "dismissed": 1})
            else:
                delete_to_trash(step, "tasks", task_id)
    return step.summary


def set_default_assignee(store: Store, rule: str, person_id: int | None,
                         apply_to_open: bool = True) -> tuple[Changes, int]:
    """"Set as the default for tasks like this": the agreement gives every future task
    of `rule` to `person_id` (None: nobody), and, with apply_to_open, the open unassigned
    tasks of that rule go to them now. One undo step. Returns (changes, tasks assigned)."""
    if rule not in RULES:
        raise TaskError(f"no rule {rule!r}")
    _check_person(store, person_id)
    agreement = load_agreement(store)
    if person_id is None:
        agreement.default_assignees.pop(rule, None)
    else:
        agreement.default_assignees[rule] = person_id
    assigned = 0
    with store.step(f"Default for “{RULES[rule].title}”") as step:
        step.set_setting("agreement", asdict(agreement))
        if person_id is not None and apply_to_open:
            for task_id in queries.open_unassigned_ids_for_rule(store, rule):
                step.update("tasks", task_id, {"assignee_id": person_id})
                assigned += 1
    return step.summary, assigned


# -- people --------------------------------------------------------------------------------

def _person_values(name: str, kind: str, strengths: Sequence[str],
                   email: str | None) -> dict[str, object]:
    if not name.strip():
        raise TaskError("a person needs a name")
    if kind not in PERSON_KINDS:
        raise TaskError(f"kind must be one of {', '.join(PERSON_KINDS)}")
    for strength in strengths:
        _check_function(strength)
    return {"name": name.strip(), "kind": kind,
            "strengths": json.dumps(sorted(set(strengths))), "email": email or None}


def add_person(store: Store, name: str, kind: str = "helper", strengths: Sequence[str] = (),
               email: str | None = None) -> Changes:
    if kind == "me":
        raise TaskError("there is only one 'me'")
    with store.step(f"Add {name.strip()}") as step:
        step.insert("people", _person_values(name, kind, strengths, email))
    return step.summary


def update_person(store: Store, person_id: int, name: str, kind: str,
                  strengths: Sequence[str], email: str | None = None) -> Changes:
    current = store.get("people", person_id)
    if current is None:
        raise TaskError(f"no person {person_id}")
    if (current["kind"] == "me") != (kind == "me"):
        raise TaskError("'me' stays me, and nobody else can be")
    with store.step(f"Edit {name.strip()}") as step:
        step.update("people", person_id, _person_values(name, kind, strengths, email))
    return step.summary


def remove_person(store: Store, person_id: int) -> Changes:
    """Remove a helper or agency: their open tasks go back to unassigned (where the view
    catches them) and the agreement forgets them as a default."""
    person = store.get("people", person_id)
    if person is None:
        raise TaskError(f"no person {person_id}")
    if person["kind"] == "me":
        raise TaskError("you cannot remove yourself")
    agreement = load_agreement(store)
    agreement.default_assignees = {rule: pid for rule, pid in agreement.default_assignees.items()
                                   if pid != person_id}
    with store.step(f"Remove {person['name']}") as step:
        step.set_setting("agreement", asdict(agreement))
        step.delete("people", person_id)  # tasks.assignee_id is ON DELETE SET NULL
    return step.summary


def me_id(store: Store) -> int:
    return queries.me_id(store)
