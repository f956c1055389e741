"""One full-text index over every kind of record (SQLite FTS5), kept in step by triggers.

The index `_search` holds, per record, a title (the name the user knows it by) and a
body (its notes, summaries, next steps, email...). Its rowid encodes the record:
`id * 16 + code`, so the kind and id come back without a join. Triggers on each source
table write it in the same transaction as the record itself, so every writer (a step, an
undo, a trash restore, an import, a migration) is covered and a search sees a write at once.
The name starts with "_" so the index stays out of `Store.tables()` (it is derived data).

Words are folded: `unicode61 remove_diacritics 2` (Müller = muller, Chloé = chloe).
No prefix indexes: on the large demo they made indexing 60% slower and prefix queries
no faster ("ber*" 1.6 ms without, 42 ms with, before an optimize).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

INDEX = "_search"
TOKENIZE = "unicode61 remove_diacritics 2"
SPREAD = 16  # rowid = id * SPREAD + code


@dataclass(frozen=True)
class Source:
    kind: str  # what the user calls it ("contact"); activities of kind 'note' are "note"
    table: str
    title: str  # SQL over the row's columns, written with {r}. for NEW./OLD.
    body: str
    columns: tuple[str, ...]  # an update of any of these re-indexes the row
    code: str  # SQL for the kind's code (a constant, or a CASE over the row)


def _text(*columns: str) -> str:
    return " || ' ' || ".join(f"coalesce({{r}}.{c}, '')" for c in columns)


SOURCES = (
    Source("contact", "contacts", "trim({r}.first_name || ' ' || {r}.last_name)",
           _text("email", "phone", "job_title", "notes"),
           ("first_name", "last_name", "email", "phone", "job_title", "notes"), "1"),
    Source("company", "companies", "{r}.name", _text("website", "industry", "notes"),
           ("name", "website", "industry", "notes"), "2"),
    Source("deal", "deals", "{r}.title", _text("next_step", "notes", "lost_reason"),
           ("title", "next_step", "notes", "lost_reason"), "3"),
    Source("campaign", "campaigns", "{r}.name", _text("objective"), ("name", "objective"), "4"),
    Source("touch", "touches", "{r}.title", _text("notes"), ("title", "notes"), "5"),
    Source("task", "tasks", "{r}.title", _text("notes"), ("title", "notes"), "6"),
    # An activity's summary is what was said or done: the body, so snippets show it.
    Source("activity", "activities", "''", _text("summary"), ("kind", "summary"),
           "CASE {r}.kind WHEN 'note' THEN 10 ELSE 7 END"),
    Source("insight", "insights", "''", _text("quote"), ("quote",), "8"),
    Source("collateral", "collateral", "{r}.title", _text("location", "notes"),
           ("title", "location", "notes"), "9"),
)
CODES = {"contact": 1, "company": 2, "deal": 3, "campaign": 4, "touch": 5, "task": 6,
         "activity": 7, "insight": 8, "collateral": 9, "note": 10}
KIND_OF_CODE = {code: kind for kind, code in CODES.items()}
TABLE_OF_KIND = {s.kind: s.table for s in SOURCES} | {"note": "activities"}


def _rowid(source: Source, r: str) -> str:
    return f"{r}.id * {SPREAD} + {source.code.format(r=r)}"


def _insert(source: Source, r: str = "NEW") -> str:
    return (f"INSERT INTO {INDEX} (rowid, title, body) VALUES ({_rowid(source, r)}, "
            f"{source.title.format(r=r)}, {source.body.format(r=r)})")


def _delete(source: Source, r: str = "OLD") -> str:
    return f"DELETE FROM {INDEX} WHERE rowid = {_rowid(source, r)}"


def trigger_names(source: Source) -> tuple[str, str, str]:
    return (f"_search_{source.table}_insert", f"_search_{source.table}_update",
            f"_search_{source.table}_delete")


def insert_trigger(source: Source) -> str:
    return (f"CREATE TRIGGER {trigger_names(source)[0]} AFTER INSERT ON {source.table} "
            f"BEGIN {_insert(source)}; END")


def triggers(source: Source) -> list[str]:
    _, update, delete = trigger_names(source)
    return [
        insert_trigger(source),
        f"CREATE TRIGGER {update} AFTER UPDATE OF {', '.join(source.columns)} "
        f"ON {source.table} BEGIN {_delete(source)}; {_insert(source)}; END",
        f"CREATE TRIGGER {delete} AFTER DELETE ON {source.table} BEGIN {_delete(source)}; END",
    ]


def _fill(conn: sqlite3.Connection, source: Source, after_id: int = 0) -> None:
    conn.execute(
        f"INSERT INTO {INDEX} (rowid, title, body) SELECT {_rowid(source, source.table)}, "
        f"{source.title.format(r=source.table)}, {source.body.format(r=source.table)} "
        f"FROM {source.table} WHERE id > ?", [after_id])


def create(conn: sqlite3.Connection) -> None:
    """The index, its triggers and its contents (migration 0060; inside its transaction)."""
    conn.execute(f"CREATE VIRTUAL TABLE {INDEX} USING fts5(title, body, "
                 f"tokenize = '{TOKENIZE}')")
    for source in SOURCES:
        for sql in triggers(source):
            conn.execute(sql)
    rebuild(conn)


def rebuild(conn: sqlite3.Connection) -> None:
    """Index every record afresh (inside the caller's transaction)."""
    conn.execute(f"DELETE FROM {INDEX}")
    for source in SOURCES:
        _fill(conn, source)
    conn.execute(f"INSERT INTO {INDEX} ({INDEX}) VALUES ('optimize')")


@contextmanager
def new_rows_indexed_at_the_end(conn: sqlite3.Connection,
                                tables: tuple[str, ...] | None = None) -> Iterator[None]:
    """For a bulk load inside one transaction: the insert triggers of `tables` are set
    aside, and the rows added above each table's highest id are indexed in one pass at
    the end (one INSERT ... SELECT instead of a trigger per row). Updates and deletes
    stay on their triggers. All of it is in the caller's transaction: a rollback puts
    the triggers back too. A trigger fires per statement and FTS5 writes its pending
    terms out at each one: the large demo took 9.5 s with the triggers, 4 s without."""
    chosen = [s for s in SOURCES if tables is None or s.table in tables]
    highest = {s.table: int(conn.execute(f"SELECT coalesce(max(id), 0) FROM {s.table}")
                            .fetchone()[0]) for s in chosen}
    for source in chosen:
        conn.execute(f"DROP TRIGGER {trigger_names(source)[0]}")
    yield
    for source in chosen:
        _fill(conn, source, highest[source.table])
        conn.execute(insert_trigger(source))
