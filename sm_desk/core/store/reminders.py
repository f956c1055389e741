"""Queries for reminders: what is due, and what the user snoozed."""

from __future__ import annotations

from sm_desk.core.store.database import Step, Store
from sm_desk.core.store.undo import Row

LIMIT = 200


def due_tasks(store: Store, today: str, limit: int = LIMIT) -> list[Row]:
    return store.query(
        "SELECT id, title, due FROM tasks WHERE status = 'open' AND due IS NOT NULL "
        "AND due <= ? ORDER BY due DESC, id LIMIT ?", [today, limit])


def due_next_steps(store: Store, today: str, limit: int = LIMIT) -> list[Row]:
    return store.query(
        "SELECT d.id, d.title, d.next_step, d.next_step_due AS due FROM deals d "
        "JOIN stages s ON s.id = d.stage_id WHERE s.outcome = 'open' "
        "AND d.next_step_due IS NOT NULL AND d.next_step_due <= ? "
        "ORDER BY d.next_step_due DESC, d.id LIMIT ?", [today, limit])


def snoozed(store: Store, now: str) -> set[tuple[str, int, str]]:
    return {(r["kind"], r["item_id"], r["due"]) for r in store.query(
        "SELECT kind, item_id, due FROM reminder_snoozes WHERE until > ?", [now])}


def put_snooze(step: Step, kind: str, item_id: int, due: str, until: str) -> None:
    row = step.store.query_one(
        "SELECT id FROM reminder_snoozes WHERE kind = ? AND item_id = ? AND due = ?",
        [kind, item_id, due])
    if row is None:
        step.insert("reminder_snoozes", {"kind": kind, "item_id": item_id, "due": due,
                                         "until": until})
    else:
        step.update("reminder_snoozes", row["id"], {"until": until})
