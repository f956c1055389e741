"""Queries behind the Tasks workspace and the boundary-task rules.

Every section query is bounded (LIMIT) and every count is one SQL count over
the `tasks_by_status` index, so the view costs the same with 300 or 30,000 tasks.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from sm_desk.core.store.database import Store

Row = dict[str, Any]

# The light row the view shows: the task and a readable name for where it came from.
ROW_COLUMNS = (
    "t.id, t.title, t.function, t.assignee_id, t.due, t.status, t.origin_type, t.origin_id, "
    "t.rule, p.name AS assignee, "
    "CASE t.origin_type WHEN 'touch' THEN (SELECT title FROM touches WHERE id = t.origin_id) "
    "WHEN 'deal' THEN (SELECT title FROM deals WHERE id = t.origin_id) "
    "WHEN 'contact' THEN (SELECT trim(first_name || ' ' || last_name) FROM contacts "
    "WHERE id = t.origin_id) END AS origin_title")
FROM = "FROM tasks t LEFT JOIN people p ON p.id = t.assignee_id"


# -- rules ---------------------------------------------------------------------------------

def generated_for_origin(store: Store, origin_type: str, origin_id: int) -> list[Row]:
    """Every rule-made task of one origin, in any status."""
    return store.query(
        "SELECT * FROM tasks WHERE origin_type = ? AND origin_id = ? AND rule IS NOT NULL "
        "ORDER BY id", [origin_type, origin_id])


def person_exists(store: Store, person_id: int) -> bool:
    return bool(store.scalar("SELECT 1 FROM people WHERE id = ? AND active = 1", [person_id]))


def unpaid_overdue_deal_ids(store: Store, today: str) -> list[int]:
    """Won deals past their invoice due date, unpaid, with no 'Collect payment' task yet."""
    return [r["id"] for r in store.query(
        "SELECT d.id FROM deals d JOIN stages s ON s.id = d.stage_id "
        "WHERE s.outcome = 'won' AND d.invoice_due IS NOT NULL AND d.invoice_due < ? "
        "AND d.paid_at IS NULL AND NOT EXISTS (SELECT 1 FROM tasks t WHERE "
        "t.rule = 'deal.collect_payment' AND t.origin_type = 'deal' AND t.origin_id = d.id) "
        "ORDER BY d.id", [today])]


def recurring_touch_ids(store: Store) -> list[int]:
    # Through the partial index of recurring touches: with ORDER BY id SQLite preferred
    # to scan the whole table in id order (200,000 touches in the xlarge demo, 17 ms).
    return sorted(r["id"] for r in store.query(
        "SELECT id FROM touches INDEXED BY touches_recurring WHERE rrule IS NOT NULL"))


def occurrence_overrides(store: Store, touch_id: int) -> list[Row]:
    return store.query("SELECT original_start, new_start, status, removed FROM touch_occurrences "
                       "WHERE touch_id = ?", [touch_id])


def stage_outcome(store: Store, stage_id: int) -> str | None:
    value = store.scalar("SELECT outcome FROM stages WHERE id = ?", [stage_id])
    return None if value is None else str(value)


def open_unassigned_ids_for_rule(store: Store, rule: str) -> list[int]:
    return [r["id"] for r in store.query(
        "SELECT id FROM tasks WHERE status = 'open' AND assignee_id IS NULL AND rule = ? "
        "ORDER BY id", [rule])]


# -- people --------------------------------------------------------------------------------

def people(store: Store, include_inactive: bool = False) -> list[Row]:
    """Me first, then helpers and agencies; strengths decoded."""
    where = "" if include_inactive else "WHERE active = 1 "
    rows = store.query(
        f"SELECT id, name, kind, strengths, email, active FROM people {where}"
        "ORDER BY kind != 'me', id")
    for row in rows:
        row["strengths"] = json.loads(row["strengths"] or "[]")
    return rows


def latest_verdict(store: Store) -> str | None:
    value = store.scalar("SELECT verdict FROM assessments WHERE verdict != '' "
                         "ORDER BY taken_at DESC, id DESC LIMIT 1")
    return None if value is None else str(value)


def open_count_by_assignee(store: Store) -> dict[int, int]:
    rows = store.query("SELECT assignee_id, count(*) AS n FROM tasks WHERE status = 'open' "
                       "AND assignee_id IS NOT NULL GROUP BY assignee_id")
    return {int(r["assignee_id"]): int(r["n"]) for r in rows}


# -- sections ------------------------------------------------------------------------------

def section_where(section: str, today: str, week_end: str,
                  against: Mapping[str, Sequence[int]]) -> tuple[str, list[Any]]:
    """The WHERE clause (over alias t) that defines a section of open tasks."""
    base = "t.status = 'open'"
    if section == "unassigned":
        return f"{base} AND t.assignee_id IS NULL", []
    if section == "unclassified":
        return f"{base} AND t.function IS NULL", []
    if section == "overdue":
        return f"{base} AND t.due < ?", [today]
    if section == "week":
        return f"{base} AND t.due >= ? AND t.due < ?", [today, week_end]
    if section == "against":
        parts, params = [], []
        for function, ids in against.items():
            if ids:
                marks = ", ".join("?" for _ in ids)
                parts.append(f"(t.function = ? AND t.assignee_id IN ({marks}))")
                params += [function, *ids]
        if not parts:
            return "0", []
        return f"{base} AND ({' OR '.join(parts)})", params
    if section == "open":
        return base, []
    if section.startswith("person:"):
        return f"{base} AND t.assignee_id = ?", [int(section.split(":", 1)[1])]
    raise ValueError(f"unknown section {section!r}")


def section_count(store: Store, section: str, today: str, week_end: str,
                  against: Mapping[str, Sequence[int]]) -> int:
    where, params = section_where(section, today, week_end, against)
    return int(store.scalar(f"SELECT count(*) FROM tasks t WHERE {where}", params))


def section_rows(store: Store, section: str, today: str, week_end: str,
                 against: Mapping[str, Sequence[int]], limit: int) -> list[Row]:
    """The most urgent `limit` tasks of a section (undated last), with origin names."""
    where, params = section_where(section, today, week_end, against)
    return urgent_first(store, where, params, limit)


def urgent_first(store: Store, where: str, params: Sequence[Any], limit: int) -> list[Row]:
    """The first `limit` tasks matching `where` in the order ORDER BY t.due IS NULL, t.due,
    t.id would give, read as two queries: dated tasks by due date, then undated ones.
    Each can walk an index in its order (tasks_open_by_due, tasks_open_by_assignee: due
    then the rowid) and stop at the limit; the one query with `due IS NULL` in its
    ORDER BY sorted every matching task first (87,000 unassigned ones in the xlarge
    demo: 18 ms to 2 ms)."""
    rows = store.query(f"SELECT {ROW_COLUMNS} {FROM} WHERE ({where}) AND t.due IS NOT NULL "
                       "ORDER BY t.due, t.id LIMIT ?", [*params, limit])
    if len(rows) < limit:
        rows += store.query(f"SELECT {ROW_COLUMNS} {FROM} WHERE ({where}) AND t.due IS NULL "
                            "ORDER BY t.id LIMIT ?", [*params, limit - len(rows)])
    return rows


def task_rows(store: Store, ids: Sequence[int]) -> list[Row]:
    if not ids:
        return []
    marks = ", ".join("?" for _ in ids)
    return store.query(f"SELECT {ROW_COLUMNS} {FROM} WHERE t.id IN ({marks})", list(ids))


def listing(store: Store, where: str, params: Sequence[Any], limit: int) -> list[Row]:
    """For the command line: open tasks matching a fixed clause from section_where."""
    return urgent_first(store, where, params, limit)


def crack_count(store: Store) -> int:
    """Open tasks with no assignee or no function (the navigation badge)."""
    # Two ranges of two indexes (tasks_open_by_assignee, tasks_by_status) rather than
    # one OR over every open task: counted just after the first paint, on every start.
    return int(store.scalar(
        "SELECT (SELECT count(*) FROM tasks WHERE status = 'open' AND assignee_id IS NULL) "
        "+ (SELECT count(*) FROM tasks WHERE status = 'open' AND function IS NULL "
        "AND assignee_id IS NOT NULL)"))


def me_id(store: Store) -> int:
    """The owner's own person row (created by the first migration)."""
    return int(store.scalar("SELECT id FROM people WHERE kind = 'me' ORDER BY id LIMIT 1"))


def open_tasks_of_touch(store: Store, touch_id: int) -> int:
    """How many open tasks hang on a touch (a delete cancels them: the dialog says so)."""
    return int(store.scalar("SELECT count(*) FROM tasks WHERE origin_type = 'touch' "
                            "AND origin_id = ? AND status = 'open'", [touch_id]))
