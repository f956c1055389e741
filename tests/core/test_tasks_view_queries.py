"""The Tasks view's queries at scale: each section reads its most urgent rows through an
index in order (no sort of the whole section), in the same order as the single
ORDER BY due IS NULL, due, id they replace; counts agree with the rows."""

from __future__ import annotations

import random
from typing import Any

import pytest

from sm_desk.core.store import Store
from sm_desk.core.store import tasks as queries
from sm_desk.core.tasks.view import (
    ROW_LIMIT,
    SECTIONS,
    Window,
    people,
    section_counts,
    section_rows,
)

STAMP = "2026-11-01T09:00:00Z"
WINDOW = Window("2026-11-23", "2026-11-30")


def fill(store: Store, n: int, seed: int = 7) -> None:
    """`n` tasks: some undated, some done, shared due dates (ties broken by id)."""
    rng = random.Random(seed)
    people_ids = [None, *(int(r["id"]) for r in store.query("SELECT id FROM people"))]
    rows = []
    for i in range(n):
        due = None if rng.random() < 0.2 else f"2026-11-{rng.randint(10, 30):02d}"
        rows.append((f"Task {i}", rng.choice([None, "sales", "marketing"]),
                     rng.choice(people_ids), due, rng.choice(["open", "open", "open", "done"]),
                     STAMP, STAMP))
    store.conn.executemany(
        "INSERT INTO tasks (title, function, assignee_id, due, status, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    store.conn.commit()


def one_query(store: Store, section: str, limit: int) -> list[int]:
    """What the view showed before: one query, the whole section sorted."""
    where, params = queries.section_where(section, WINDOW.today, WINDOW.week_end,
                                          {"sales": [1], "marketing": []})
    return [r["id"] for r in store.query(
        f"SELECT t.id FROM tasks t WHERE {where} ORDER BY t.due IS NULL, t.due, t.id LIMIT ?",
        [*params, limit])]


@pytest.mark.parametrize("section", [key for key, _ in SECTIONS] + ["open", "person:1"])
@pytest.mark.parametrize("limit", [5, 120, 10_000])
def test_urgent_first_keeps_the_order_of_the_single_query(store: Store, section: str,
                                                         limit: int) -> None:
    fill(store, 600)
    rows = queries.section_rows(store, section, WINDOW.today, WINDOW.week_end,
                                {"sales": [1], "marketing": []}, limit)
    assert [r["id"] for r in rows] == one_query(store, section, limit)


def test_counts_are_the_rows_the_tree_would_show(store: Store) -> None:
    fill(store, 400)
    persons = people(store)
    counts = section_counts(store, WINDOW, persons)
    for key in [k for k, _ in SECTIONS] + ["open"]:
        shown = section_rows(store, key, WINDOW, persons, limit=10_000)
        assert counts[key] == len(shown), key


def plan(store: Store, sql: str, params: list[Any]) -> str:
    return " ".join(r["detail"] for r in store.query(f"EXPLAIN QUERY PLAN {sql}", params))


def test_sections_and_dashboard_counts_read_an_index_in_order(store: Store) -> None:
    where, params = queries.section_where("unassigned", WINDOW.today, WINDOW.week_end, {})
    detail = plan(store, f"SELECT t.id FROM tasks t WHERE ({where}) AND t.due IS NOT NULL "
                  "ORDER BY t.due, t.id LIMIT 500", params)
    assert "tasks_open_by_assignee" in detail and "TEMP B-TREE" not in detail
    detail = plan(store, "SELECT count(*) FROM tasks t WHERE t.status = 'open' AND t.due < ?",
                  [WINDOW.today])
    assert "COVERING INDEX tasks_open_by_due" in detail
    detail = plan(store, "SELECT function, count(*) FROM tasks WHERE status = 'done' "
                  "AND done_at >= ? AND done_at < ? GROUP BY function", ["a", "b"])
    assert "COVERING INDEX tasks_done_by_time" in detail
    detail = plan(store, "SELECT kind, count(*) FROM activities WHERE at >= ? AND at < ? "
                  "GROUP BY kind", ["a", "b"])
    assert "COVERING INDEX activities_by_time" in detail


def test_a_capped_section_still_counts_every_task(store: Store) -> None:
    fill(store, ROW_LIMIT + 300)
    persons = people(store)
    counts = section_counts(store, WINDOW, persons)
    rows = section_rows(store, "open", WINDOW, persons)
    assert len(rows) == ROW_LIMIT < counts["open"]
    assert counts["open"] == store.scalar("SELECT count(*) FROM tasks WHERE status = 'open'")
