"""What importing companies, deals and activities from another CRM reads and writes.

Each imported record keeps the ID it had in its source (`source_id`, 'pipedrive:123'),
so a second import of the same export finds it again and updates it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

from sm_desk.core.store.database import Step, Store
from sm_desk.core.store.search_index import new_rows_indexed_at_the_end

SOURCE_TABLES = ("companies", "deals", "activities")


def add_source_ids(conn: sqlite3.Connection) -> None:
    """Migration 0070: a nullable source_id on each table an import from a CRM fills."""
    for table in SOURCE_TABLES:
        conn.execute(f"ALTER TABLE {table} ADD COLUMN source_id TEXT")
        conn.execute(f"CREATE UNIQUE INDEX {table}_by_source_id ON {table} (source_id) "
                     "WHERE source_id IS NOT NULL")


def by_source(store: Store, table: str, prefix: str) -> dict[str, int]:
    """source_id -> id for the rows imported from one system ('pipedrive:')."""
    assert table in SOURCE_TABLES
    return {r[0]: r[1] for r in store.conn.execute(
        f"SELECT source_id, id FROM {table} WHERE source_id >= ? AND source_id < ?",
        [prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)])}


def company_names(store: Store) -> dict[str, int]:
    """lower-case name -> id (the first company of that name)."""
    out: dict[str, int] = {}
    for name, row_id in store.conn.execute("SELECT name, id FROM companies ORDER BY id"):
        out.setdefault(str(name).strip().casefold(), int(row_id))
    return out


def contact_keys(store: Store) -> tuple[dict[str, int], dict[str, int]]:
    """(lower-case email -> id, lower-case 'first last' -> id), first of each."""
    emails: dict[str, int] = {}
    names: dict[str, int] = {}
    for email, first, last, row_id in store.conn.execute(
            "SELECT email, first_name, last_name, id FROM contacts ORDER BY id"):
        if email:
            emails.setdefault(str(email).strip().casefold(), int(row_id))
        name = f"{first} {last}".strip().casefold()
        if name:
            names.setdefault(" ".join(name.split()), int(row_id))
    return emails, names


def deal_titles(store: Store) -> dict[str, int]:
    out: dict[str, int] = {}
    for title, row_id in store.conn.execute("SELECT title, id FROM deals ORDER BY id"):
        out.setdefault(str(title).strip().casefold(), int(row_id))
    return out


def people_names(store: Store) -> dict[str, int]:
    return {str(name).strip().casefold(): int(row_id) for name, row_id in
            store.conn.execute("SELECT name, id FROM people ORDER BY id DESC")}


def stages(store: Store) -> list[dict[str, Any]]:
    return store.query("SELECT id, name, position, probability, outcome FROM stages "
                       "ORDER BY position, id")


def next_id(store: Store, table: str) -> int:
    assert table in (*SOURCE_TABLES, "tasks")
    return int(store.scalar(f"SELECT coalesce(max(id), 0) + 1 FROM {table}"))


def rows(store: Store, table: str, ids: Sequence[int], columns: Sequence[str]
         ) -> dict[int, dict[str, Any]]:
    """Current values of `columns` for `ids` (chunked)."""
    assert table in SOURCE_TABLES
    names = ", ".join(["id", *columns])
    out: dict[int, dict[str, Any]] = {}
    for start in range(0, len(ids), 500):
        chunk = list(ids[start:start + 500])
        for row in store.query(f"SELECT {names} FROM {table} WHERE id IN "
                               f"({', '.join('?' for _ in chunk)})", chunk):
            out[int(row.pop("id"))] = row
    return out


def insert(step: Step, table: str, columns: Sequence[str],
           values: Iterable[Sequence[Any]], bulk: bool = False) -> None:
    """New rows; `bulk` (thousands): the search index takes them in one pass at the end."""
    assert table in SOURCE_TABLES
    if not bulk:
        step.insert_many(table, columns, values)
        return
    with new_rows_indexed_at_the_end(step.store.conn, (table,)):
        step.insert_many(table, columns, values)


def touch_deals(step: Step, deal_ids: Sequence[int]) -> None:
    """Each deal's last activity is its newest activity (after activities came in)."""
    for start in range(0, len(deal_ids), 500):
        chunk = list(deal_ids[start:start + 500])
        step.execute(
            "UPDATE deals SET last_activity_at = (SELECT max(at) FROM activities a "
            "WHERE a.deal_id = deals.id) WHERE id IN "
            f"({', '.join('?' for _ in chunk)}) AND coalesce(last_activity_at, '') < "
            "(SELECT coalesce(max(at), '') FROM activities a WHERE a.deal_id = deals.id)",
            chunk)


def touch_contacts(step: Step, contact_ids: Sequence[int]) -> None:
    for start in range(0, len(contact_ids), 500):
        chunk = list(contact_ids[start:start + 500])
        step.execute(
            "UPDATE contacts SET last_touched_at = (SELECT max(at) FROM activities a "
            "WHERE a.contact_id = contacts.id) WHERE id IN "
            f"({', '.join('?' for _ in chunk)}) AND coalesce(last_touched_at, '') < "
            "(SELECT coalesce(max(at), '') FROM activities a WHERE a.contact_id = contacts.id)",
            chunk)


def deal_contacts(store: Store) -> dict[int, int | None]:
    """deal id -> its contact (an activity on a deal belongs to the deal's contact)."""
    return {int(r[0]): r[1] for r in store.conn.execute("SELECT id, contact_id FROM deals")}


def activity_keys(store: Store) -> dict[tuple[Any, ...], int]:
    """(kind, at, summary, deal, contact) -> id: an activity without a record ID is
    the same one when all of these are."""
    return {tuple(r[:5]): int(r[5]) for r in store.conn.execute(
        "SELECT kind, at, summary, deal_id, contact_id, id FROM activities")}


def contact_companies(store: Store) -> dict[int, int]:
    return {int(r[0]): int(r[1]) for r in store.conn.execute(
        "SELECT id, company_id FROM contacts WHERE company_id IS NOT NULL")}


def touched_by(store: Store, first_new: int, updated: Sequence[int]
               ) -> tuple[list[int], list[int]]:
    """(deal ids, contact ids) the activities from id `first_new` on, and `updated`, are on."""
    deals: set[int] = set()
    contacts: set[int] = set()
    for deal_id, contact_id in store.conn.execute(
            "SELECT deal_id, contact_id FROM activities WHERE id >= ?", [first_new]):
        deals.add(deal_id)
        contacts.add(contact_id)
    for start in range(0, len(updated), 500):
        chunk = list(updated[start:start + 500])
        for deal_id, contact_id in store.conn.execute(
                "SELECT deal_id, contact_id FROM activities WHERE id IN "
                f"({', '.join('?' for _ in chunk)})", chunk):
            deals.add(deal_id)
            contacts.add(contact_id)
    return sorted(d for d in deals if d), sorted(c for c in contacts if c)


def open_deals(store: Store, ids: Sequence[int]) -> list[int]:
    """Those of `ids` whose stage is open (chunked)."""
    out: list[int] = []
    for start in range(0, len(ids), 500):
        chunk = list(ids[start:start + 500])
        out += [r[0] for r in store.conn.execute(
            "SELECT d.id FROM deals d JOIN stages s ON s.id = d.stage_id WHERE s.outcome = "
            f"'open' AND d.id IN ({', '.join('?' for _ in chunk)}) ORDER BY d.id", chunk)]
    return out
