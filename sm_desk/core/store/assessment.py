"""Queries for the self-assessment: stored results, helpers, open boundary tasks."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sm_desk.core.store.database import Step, Store


def insert_result(step: Step, values: dict[str, Any]) -> int:
    return step.insert("assessments", values)


def results(store: Store) -> list[dict[str, Any]]:
    """Every stored result, oldest first."""
    return store.query("SELECT * FROM assessments ORDER BY taken_at, id")


def latest_result(store: Store) -> dict[str, Any] | None:
    return store.query_one("SELECT * FROM assessments ORDER BY taken_at DESC, id DESC LIMIT 1")


def assessment_count(store: Store) -> int:
    return int(store.scalar("SELECT count(*) FROM assessments"))


def helpers(store: Store) -> list[dict[str, Any]]:
    """Active helpers and agencies, strengths decoded."""
    rows = store.query("SELECT id, name, kind, strengths, active FROM people "
                       "WHERE kind IN ('helper', 'agency') AND active = 1 ORDER BY id")
    for row in rows:
        row["strengths"] = json.loads(row["strengths"] or "[]")
    return rows


def people_names(store: Store) -> dict[int, str]:
    return {r["id"]: r["name"] for r in store.query("SELECT id, name FROM people ORDER BY id")}


def open_unassigned_by_rule(store: Store) -> dict[str, int]:
    rows = store.query("SELECT rule, count(*) AS n FROM tasks WHERE status = 'open' "
                       "AND assignee_id IS NULL AND rule IS NOT NULL GROUP BY rule")
    return {r["rule"]: int(r["n"]) for r in rows}


def open_unassigned_ids(store: Store, rules: Sequence[str]) -> list[int]:
    if not rules:
        return []
    marks = ", ".join("?" for _ in rules)
    return [r["id"] for r in store.query(
        f"SELECT id FROM tasks WHERE status = 'open' AND assignee_id IS NULL "
        f"AND rule IN ({marks}) ORDER BY id", list(rules))]
