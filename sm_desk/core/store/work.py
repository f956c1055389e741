"""Queries behind the hat balance and the weekly targets: the work done in a window."""

from __future__ import annotations

from sm_desk.core.store.database import Store


def activities_by_kind(store: Store, start: str, end: str) -> dict[str, int]:
    """Logged activities (call, email, meeting, note) in [start, end), by kind."""
    rows = store.query("SELECT kind, count(*) AS n FROM activities WHERE at >= ? AND at < ? "
                       "GROUP BY kind", [start, end])
    return {str(r["kind"]): int(r["n"]) for r in rows}


def tasks_done_by_function(store: Store, start: str, end: str) -> dict[str | None, int]:
    """Tasks completed in [start, end), by function (None: unclassified)."""
    rows = store.query("SELECT function, count(*) AS n FROM tasks WHERE status = 'done' "
                       "AND done_at >= ? AND done_at < ? GROUP BY function", [start, end])
    return {r["function"]: int(r["n"]) for r in rows}


def campaigns_created(store: Store, start: str, end: str) -> int:
    """Campaigns set up in [start, end) (their creation is the set-up work)."""
    return int(store.scalar("SELECT count(*) FROM campaigns WHERE created_at >= ? "
                            "AND created_at < ?", [start, end]))
