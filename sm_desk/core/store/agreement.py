"""Queries the agreement needs to make a change take effect at once."""

from __future__ import annotations

from collections.abc import Sequence

from sm_desk.core.store.database import Store


def open_rule_origins(store: Store, rules: Sequence[str]) -> list[tuple[str, int]]:
    """(origin_type, origin_id) of every origin with an open task made by one of `rules`."""
    if not rules:
        return []
    marks = ", ".join("?" for _ in rules)
    rows = store.query(
        f"SELECT DISTINCT origin_type, origin_id FROM tasks WHERE status = 'open' "
        f"AND rule IN ({marks}) AND origin_id IS NOT NULL ORDER BY origin_type, origin_id",
        list(rules))
    return [(str(r["origin_type"]), int(r["origin_id"])) for r in rows]


def open_rule_tasks(store: Store, rules: Sequence[str]) -> list[dict[str, object]]:
    """Open rule-made tasks of `rules` that have a due date (id, rule, due)."""
    if not rules:
        return []
    marks = ", ".join("?" for _ in rules)
    return store.query(
        f"SELECT id, rule, due FROM tasks WHERE status = 'open' AND rule IN ({marks}) "
        "AND due IS NOT NULL ORDER BY id", list(rules))
