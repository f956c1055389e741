"""Migration 0092: indexes that let the Tasks view and the dashboard read a range of an
index instead of every open or done task (300,000 tasks and 1,000,000 activities in the
xlarge demo). No import of the store here: schema.py imports this module."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

# tasks_open_by_due: overdue and this week's counts and rows (a range of due dates).
# tasks_open_by_assignee: unassigned and per-person counts, and their rows in due order.
# tasks_open_by_origin: the cracks by origin (dashboard, badge) from the index alone.
# tasks_done_by_time: the hat balance's done tasks per week (status first: the older
#   tasks_by_done (done_at, function) cannot skip open and cancelled tasks, so SQLite
#   scanned every done task instead).
# activities_by_time gains kind: the hat balance counts a week's calls, meetings and
#   emails from the index alone (~70,000 a week in the xlarge demo: 0.15 s to 5 ms);
#   every query that used (at) uses (at, kind) the same way.
TASK_VIEW_INDEXES = (
    "CREATE INDEX tasks_open_by_due ON tasks (status, due)",
    "CREATE INDEX tasks_open_by_assignee ON tasks (status, assignee_id, due)",
    "CREATE INDEX tasks_open_by_origin ON tasks (status, origin_type, assignee_id, function)",
    "CREATE INDEX tasks_done_by_time ON tasks (status, done_at, function)",
    "DROP INDEX activities_by_time",
    "CREATE INDEX activities_by_time ON activities (at, kind)",
)


def add_task_view_indexes(db: Database) -> None:
    for statement in TASK_VIEW_INDEXES:
        db.execute(statement)
