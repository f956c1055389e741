"""Queries behind the dashboard (and anyone else who needs the same counts)."""

from __future__ import annotations

from typing import Any

from sm_desk.core.store.database import Store
from sm_desk.core.store.sales import STALLED

TASK_COLUMNS = ("t.id, t.title, t.function, t.due, t.rule, t.origin_type, t.assignee_id, "
                "p.name AS assignee")


def tasks_due_on(store: Store, day: str, limit: int = 50) -> list[dict[str, Any]]:
    return store.query(
        f"SELECT {TASK_COLUMNS} FROM tasks t LEFT JOIN people p ON p.id = t.assignee_id "
        "WHERE t.status = 'open' AND t.due = ? ORDER BY t.function, t.id LIMIT ?", [day, limit])


def tasks_overdue(store: Store, day: str, limit: int = 50) -> list[dict[str, Any]]:
    return store.query(
        f"SELECT {TASK_COLUMNS} FROM tasks t LEFT JOIN people p ON p.id = t.assignee_id "
        "WHERE t.status = 'open' AND t.due < ? ORDER BY t.due, t.id LIMIT ?", [day, limit])


def count_open_due(store: Store, day: str, overdue: bool) -> int:
    op = "<" if overdue else "="
    return int(store.scalar(
        f"SELECT count(*) FROM tasks WHERE status = 'open' AND due {op} ?", [day]))


def cracks_by_origin(store: Store) -> dict[str, int]:
    """Open tasks nobody owns or nobody classified (the Tasks badge counts the same), by
    what created them ('manual' for hand-made ones)."""
    rows = store.query(
        "SELECT coalesce(origin_type, 'manual') AS origin, count(*) AS n FROM tasks "
        "WHERE status = 'open' AND (assignee_id IS NULL OR function IS NULL) "
        "GROUP BY origin ORDER BY n DESC, origin")
    return {r["origin"]: int(r["n"]) for r in rows}


def stalled_deals(store: Store, today: str, quiet_since: str) -> list[dict[str, Any]]:
    """Open deals with no activity since `quiet_since` (an ISO instant) and no next step
    due today or later: the agreement's stalled rule."""
    return store.query(
        "SELECT d.id, d.title, d.value_minor, d.currency, d.next_step, d.next_step_due, "
        "coalesce(d.last_activity_at, d.created_at) AS quiet_since "
        f"FROM deals d JOIN stages s ON s.id = d.stage_id WHERE {STALLED} "
        "ORDER BY quiet_since, d.id", {"quiet": quiet_since, "today": today})


def won_between(store: Store, start: str, end: str) -> list[dict[str, Any]]:
    return store.query(
        "SELECT d.id, d.title, d.value_minor, d.currency FROM deals d "
        "JOIN stages s ON s.id = d.stage_id WHERE s.outcome = 'won' "
        "AND d.closed_at >= ? AND d.closed_at < ? ORDER BY d.closed_at, d.id", [start, end])


def done_work_between(store: Store, start: str, end: str) -> dict[str, int]:
    """Work done in [start, end): done tasks by function, and logged activities (calls,
    emails, meetings: one-to-one, so sales). The weekly report counts the same way."""
    rows = store.query(
        "SELECT function, count(*) AS n FROM tasks WHERE status = 'done' AND function IS NOT NULL "
        "AND done_at >= ? AND done_at < ? GROUP BY function", [start, end])
    counts = {"sales_tasks": 0, "marketing_tasks": 0}
    for row in rows:
        counts[f"{row['function']}_tasks"] = int(row["n"])
    counts["activities"] = int(store.scalar(
        "SELECT count(*) FROM activities WHERE at >= ? AND at < ?", [start, end]))
    return counts
