"""The rows `sm-desk export all` writes (everything, in id order, names joined in)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

from sm_desk.core.store.database import Step, Store
from sm_desk.core.store.undo import Row


def companies(store: Store) -> list[Row]:
    return store.query("SELECT name, coalesce(website, '') AS website, "
                       "coalesce(industry, '') AS industry, notes FROM companies ORDER BY id")


def campaigns(store: Store) -> list[Row]:
    return store.query(
        "SELECT c.*, coalesce(t.name, '') AS audience_tag FROM campaigns c "
        "LEFT JOIN tags t ON t.id = c.audience_tag_id ORDER BY c.id")


def deals(store: Store) -> list[Row]:
    return store.query(
        "SELECT d.*, s.name AS stage, s.outcome, "
        "trim(coalesce(c.first_name, '') || ' ' || coalesce(c.last_name, '')) AS contact_name, "
        "coalesce(c.email, '') AS contact_email, coalesce(co.name, '') AS company_name, "
        "coalesce(ca.name, '') AS campaign_name, coalesce(p.name, '') AS owner_name "
        "FROM deals d JOIN stages s ON s.id = d.stage_id "
        "LEFT JOIN contacts c ON c.id = d.contact_id "
        "LEFT JOIN companies co ON co.id = d.company_id "
        "LEFT JOIN campaigns ca ON ca.id = d.source_campaign_id "
        "LEFT JOIN people p ON p.id = d.owner_id ORDER BY d.id")


def tasks(store: Store) -> list[Row]:
    return store.query(
        "SELECT t.*, coalesce(p.name, '') AS assignee, "
        "CASE t.origin_type WHEN 'touch' THEN (SELECT title FROM touches WHERE id = t.origin_id) "
        "WHEN 'deal' THEN (SELECT title FROM deals WHERE id = t.origin_id) "
        "WHEN 'contact' THEN (SELECT trim(first_name || ' ' || last_name) FROM contacts "
        "WHERE id = t.origin_id) END AS origin_name "
        "FROM tasks t LEFT JOIN people p ON p.id = t.assignee_id ORDER BY t.id")


def activities(store: Store) -> list[Row]:
    return store.query(
        "SELECT a.kind, a.at, a.summary, coalesce(d.title, '') AS deal_title, "
        "trim(coalesce(c.first_name, '') || ' ' || coalesce(c.last_name, '')) AS contact_name, "
        "coalesce(c.email, '') AS contact_email FROM activities a "
        "LEFT JOIN deals d ON d.id = a.deal_id LEFT JOIN contacts c ON c.id = a.contact_id "
        "ORDER BY a.at, a.id")


# -- the full copy: every table the user filled, row for row (`data/` of export all) ----------

# Not the business: the import history (of this file), the trash (30 days of deletes) and
# the search index (rebuilt by its triggers as rows come back).
NOT_COPIED = frozenset({"imports", "import_changes", "trash"})


def copied_tables(store: Store) -> list[str]:
    """Every business table, parents before children (so a restore satisfies its keys)."""
    tables = [t for t in store.tables() if t not in NOT_COPIED]
    parents = {t: {fk["table"] for fk in store.query(f"PRAGMA foreign_key_list({t})")
                   if fk["table"] != t} for t in tables}
    ordered: list[str] = []
    while len(ordered) < len(tables):
        ready = [t for t in tables if t not in ordered
                 and parents[t] <= set(ordered) | (parents[t] - set(tables))]
        if not ready:  # a cycle: the rest in name order (keys are checked at commit)
            ready = [t for t in tables if t not in ordered]
        ordered += sorted(ready)
    return ordered


def columns_of(store: Store, table: str) -> list[tuple[str, str, bool]]:
    """(name, declared type, NOT NULL) of each column, in table order."""
    return [(r["name"], str(r["type"]).upper(), bool(r["notnull"]))
            for r in store.query(f"PRAGMA table_info({table})")]


def rows_of(store: Store, table: str) -> sqlite3.Cursor:
    """All rows of `table` in id order, as plain tuples (streamed)."""
    assert table in store.tables()
    return store.conn.execute(f"SELECT * FROM {table} ORDER BY rowid")


def clear(step: Step, tables: Sequence[str]) -> None:
    """Empty `tables` (children first): an empty file's seeded stages, 'Me' and settings
    make way for the ones coming back."""
    step.execute("PRAGMA defer_foreign_keys = ON")
    for table in reversed(tables):
        assert table in step.store.tables()
        step.execute(f"DELETE FROM {table}")
        step.summary.add(table, None)


def restore(step: Step, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]
            ) -> None:
    step.insert_many(table, columns, rows)
