"""Contact and company queries, and the bulk path the CSV importer writes through."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from contextlib import nullcontext
from functools import lru_cache
from typing import Any

from sm_desk.core.store.database import LARGE_WRITE_ROWS, Step, Store
from sm_desk.core.store.search_index import new_rows_indexed_at_the_end
from sm_desk.core.store.undo import Row

# One list row: id, display name, email, company, lifecycle, tags ("a, b"), phone.
ListRow = tuple[int, str, str, str, str, str, str]

# The list row's columns over `contacts c LEFT JOIN companies co` (contact_list reads
# them a page at a time).
LIST_COLUMNS = """c.id,
       CASE WHEN trim(c.first_name || ' ' || c.last_name) = '' THEN coalesce(c.email, '')
            ELSE trim(c.first_name || ' ' || c.last_name) END,
       coalesce(c.email, ''), coalesce(co.name, ''), c.lifecycle,
       coalesce((SELECT group_concat(t.name, ', ') FROM contact_tags ct
                 JOIN tags t ON t.id = ct.tag_id WHERE ct.contact_id = c.id), ''),
       coalesce(c.phone, '')"""
_LIST_SQL = f"SELECT {LIST_COLUMNS} FROM contacts c LEFT JOIN companies co ON co.id = c.company_id"


def list_rows(store: Store, ids: Sequence[int] | None = None) -> list[ListRow]:
    """Light rows for the contacts list, sorted by name (all, or just `ids`)."""
    if ids is None:
        rows = store.conn.execute(_LIST_SQL + " ORDER BY 2 COLLATE NOCASE, c.id").fetchall()
    else:
        rows = []
        for start in range(0, len(ids), 500):
            chunk = list(ids[start:start + 500])
            marks = ", ".join("?" for _ in chunk)
            rows += store.conn.execute(_LIST_SQL + f" WHERE c.id IN ({marks})", chunk).fetchall()
    return rows


def contact(store: Store, contact_id: int) -> Row | None:
    return store.query_one(
        "SELECT c.*, co.name AS company_name, ca.name AS source_campaign_name FROM contacts c "
        "LEFT JOIN companies co ON co.id = c.company_id "
        "LEFT JOIN campaigns ca ON ca.id = c.source_campaign_id WHERE c.id = ?", [contact_id])


def contact_tags(store: Store, contact_id: int) -> list[str]:
    return [r["name"] for r in store.query(
        "SELECT t.name FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id "
        "WHERE ct.contact_id = ? ORDER BY t.name COLLATE NOCASE", [contact_id])]


def deals_of(store: Store, contact_id: int) -> list[Row]:
    return store.query(
        "SELECT d.id, d.title, d.value_minor, d.currency, s.name AS stage, s.outcome, "
        "d.expected_close FROM deals d JOIN stages s ON s.id = d.stage_id "
        "WHERE d.contact_id = ? ORDER BY d.created_at DESC", [contact_id])


def activities_of(store: Store, contact_id: int, limit: int = 50) -> list[Row]:
    """Logged with the contact, or on one of their deals (two indexed lookups)."""
    return store.query(
        "SELECT id, kind, at, summary FROM activities WHERE contact_id = ? UNION "
        "SELECT id, kind, at, summary FROM activities WHERE deal_id IN "
        "(SELECT id FROM deals WHERE contact_id = ?) ORDER BY at DESC LIMIT ?",
        [contact_id, contact_id, limit])


def tasks_of(store: Store, contact_id: int) -> list[Row]:
    return store.query(
        "SELECT id, title, function, due, status FROM tasks "
        "WHERE (origin_type = 'contact' AND origin_id = ?) OR (origin_type = 'deal' AND "
        "origin_id IN (SELECT id FROM deals WHERE contact_id = ?)) "
        "ORDER BY status = 'open' DESC, due", [contact_id, contact_id])


def campaigns_of(store: Store, contact_id: int) -> list[Row]:
    """Campaigns whose audience tag the contact carries, or that brought the contact in."""
    return store.query(
        "SELECT ca.id, ca.name, ca.status, ca.start_date, ca.end_date, "
        "ca.id = c.source_campaign_id AS is_source, "
        "(SELECT count(*) FROM touches t WHERE t.campaign_id = ca.id) AS touches "
        "FROM campaigns ca JOIN contacts c ON c.id = ? "
        "WHERE ca.id = c.source_campaign_id OR ca.audience_tag_id IN "
        "(SELECT tag_id FROM contact_tags WHERE contact_id = c.id) "
        "ORDER BY ca.start_date DESC", [contact_id])


def touches_of(store: Store, contact_id: int, limit: int = 30) -> list[Row]:
    """Touches of the campaigns whose audience the contact is in, newest first."""
    return store.query(
        "SELECT t.id, t.title, t.kind, t.starts_at, t.status, ca.name AS campaign "
        "FROM touches t JOIN campaigns ca ON ca.id = t.campaign_id "
        "WHERE ca.audience_tag_id IN (SELECT tag_id FROM contact_tags WHERE contact_id = ?) "
        "ORDER BY t.starts_at DESC LIMIT ?", [contact_id, limit])


def companies(store: Store) -> list[Row]:
    return store.query(
        "SELECT co.id, co.name, coalesce(co.website, '') AS website, "
        "coalesce(co.industry, '') AS industry, coalesce(c.n, 0) AS contacts, "
        "coalesce(d.n, 0) AS deals FROM companies co "
        "LEFT JOIN (SELECT company_id, count(*) AS n FROM contacts GROUP BY company_id) c "
        "ON c.company_id = co.id "
        "LEFT JOIN (SELECT company_id, count(*) AS n FROM deals GROUP BY company_id) d "
        "ON d.company_id = co.id ORDER BY co.name COLLATE NOCASE")


def company_ids(store: Store) -> list[int]:
    """Every company's id, by name (the companies list reads their rows a page at a time)."""
    return [r[0] for r in store.conn.execute(
        "SELECT id FROM companies ORDER BY name COLLATE NOCASE, id")]


def company_rows(store: Store, ids: Sequence[int]) -> list[Row]:
    """What the companies list shows of `ids` (at most a page: the counts are per company,
    from the company indexes of contacts and deals)."""
    if not ids:
        return []
    return store.query(
        "SELECT co.id, co.name, coalesce(co.website, '') AS website, "
        "coalesce(co.industry, '') AS industry, "
        "(SELECT count(*) FROM contacts WHERE company_id = co.id) AS contacts, "
        "(SELECT count(*) FROM deals WHERE company_id = co.id) AS deals FROM companies co "
        f"WHERE co.id IN ({', '.join('?' for _ in ids)})", list(ids))


def company_contacts(store: Store, company_id: int) -> list[Row]:
    return store.query(
        "SELECT id, first_name, last_name, email, lifecycle FROM contacts "
        "WHERE company_id = ? ORDER BY last_name, first_name", [company_id])


def company_deals(store: Store, company_id: int) -> list[Row]:
    return store.query(
        "SELECT d.id, d.title, d.value_minor, d.currency, s.name AS stage FROM deals d "
        "JOIN stages s ON s.id = d.stage_id WHERE d.company_id = ? ORDER BY d.created_at DESC",
        [company_id])


def find_company(store: Store, name: str) -> int | None:
    value = store.scalar("SELECT id FROM companies WHERE name = ? COLLATE NOCASE "
                         "ORDER BY id LIMIT 1", [name.strip()])
    return None if value is None else int(value)


def find_tag(store: Store, name: str) -> int | None:
    value = store.scalar("SELECT id FROM tags WHERE name = ?", [name.strip()])
    return None if value is None else int(value)


def find_campaign(store: Store, name: str) -> int | None:
    value = store.scalar("SELECT id FROM campaigns WHERE name = ? COLLATE NOCASE "
                         "ORDER BY id LIMIT 1", [name.strip()])
    return None if value is None else int(value)


def ids_with_tag(store: Store, tag: str) -> list[int]:
    return [r["contact_id"] for r in store.query(
        "SELECT ct.contact_id FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id "
        "WHERE t.name = ? ORDER BY ct.contact_id", [tag.strip()])]


def contacts_with_email(store: Store, email: str, exclude: int | None = None) -> list[int]:
    return [r["id"] for r in store.query(
        "SELECT id FROM contacts WHERE email = ? COLLATE NOCASE AND id IS NOT ? ORDER BY id",
        [email.strip(), exclude])]


def tag_ids_of(store: Store, contact_id: int) -> set[int]:
    return {r["tag_id"] for r in store.query(
        "SELECT tag_id FROM contact_tags WHERE contact_id = ?", [contact_id])}


def ids_referring(store: Store, contact_id: int) -> dict[str, list[int]]:
    """Rows that point at a contact (what a merge must move): table -> ids."""
    return {
        "deals": [r["id"] for r in store.query(
            "SELECT id FROM deals WHERE contact_id = ?", [contact_id])],
        "activities": [r["id"] for r in store.query(
            "SELECT id FROM activities WHERE contact_id = ?", [contact_id])],
        "tasks": [r["id"] for r in store.query(
            "SELECT id FROM tasks WHERE origin_type = 'contact' AND origin_id = ?", [contact_id])],
    }


# -- bulk: the importer's one step ----------------------------------------------------------

def email_index(store: Store) -> dict[str, int]:
    """Every stored email, case-folded, to the oldest contact holding it."""
    index: dict[str, int] = {}
    for row_id, email in store.conn.execute(
            "SELECT id, email FROM contacts WHERE email IS NOT NULL AND email != '' "
            "ORDER BY id DESC"):
        index[email.casefold()] = row_id
    return index


def name_index(store: Store, table: str) -> dict[str, int]:
    """companies/tags/campaigns: case-folded name -> oldest id."""
    if table not in ("companies", "tags", "campaigns"):
        raise KeyError(table)
    return {name.casefold(): row_id for row_id, name in store.conn.execute(
        f"SELECT id, name FROM {table} ORDER BY id DESC")}


def next_id(store: Store, table: str) -> int:
    store.columns(table)
    return int(store.scalar(f"SELECT coalesce(max(id), 0) + 1 FROM {table}"))


SEARCH_BULK_ROWS = 1000  # new rows from which the search index is filled in one pass
BLOCK_ROWS = 20_000  # rows bound per round of statements (memory: one block's values)
BULK_CACHE_KIB = 64 * 1024  # SQLite's page cache during a big import (normally 2 MiB)
CONTACT_COLUMNS = ("id", "first_name", "last_name", "email", "phone", "company_id",
                   "job_title", "lifecycle", "source_campaign_id", "notes",
                   "created_at", "updated_at")
# Fields an update may overwrite; a NULL parameter keeps what the contact had.
UPDATE_COLUMNS = ("first_name", "last_name", "phone", "company_id", "job_title",
                  "lifecycle", "source_campaign_id", "notes")
_UPDATE_SQL = ("UPDATE contacts SET " + ", ".join(
    f"{c} = coalesce(?, {c})" for c in UPDATE_COLUMNS) + ", updated_at = ? WHERE id = ?")


def bulk_executemany(step: Step, table: str, sql: str, rows: Iterable[Sequence[Any]]) -> None:
    """A set-based write inside the step: fast, recorded as "table changed", clears undo."""
    step.store.conn.executemany(sql, rows)
    step._record = False
    step.summary.add(table, None)


def bulk_import(step: Step, *, companies: Sequence[tuple[int, str]],
                tags: Sequence[tuple[int, str]], inserts: Sequence[Sequence[Any]],
                updates: Sequence[Sequence[Any]], links: Sequence[Sequence[int]],
                stamp: str, chunk: int = 20_000,
                tick: Callable[[int], None] | None = None) -> None:
    """Write a resolved import (ids already assigned): `inserts` and `links` as columns
    (CONTACT_COLUMNS; contact ids and tag ids). `tick(n)` after each chunk of rows may
    raise to cancel: the step then rolls everything back."""
    store = step.store
    # A big load into a small table: building the indexes once afterwards costs about a
    # quarter of keeping six of them sorted row by row. All inside the step: atomic.
    new = len(inserts[0]) if inserts else 0
    rebuild = _droppable_indexes(store) if new > max(
        LARGE_WRITE_ROWS, int(store.scalar("SELECT count(*) FROM contacts"))) else []
    cache = int(store.scalar("PRAGMA cache_size"))
    if rebuild:  # room for the new rows, so that each index build reads them from memory
        step.execute(f"PRAGMA cache_size = {-BULK_CACHE_KIB}")
    # Many new rows: the search index takes them in one pass at the end, not a trigger each.
    searching = (new_rows_indexed_at_the_end(store.conn, ("contacts", "companies"))
                 if new + len(companies) >= SEARCH_BULK_ROWS else nullcontext())
    try:
        with searching:
            for name, _ in rebuild:
                step.execute(f"DROP INDEX {name}")
            if companies:
                step.insert_many("companies", ("id", "name", "created_at", "updated_at"),
                                 [(i, name, stamp, stamp) for i, name in companies])
            if tags:
                step.insert_many("tags", ("id", "name"), tags)
            insert_rows(step, "contacts", CONTACT_COLUMNS, inserts, chunk=chunk, tick=tick)
            for start in range(0, len(updates), chunk):
                part = updates[start:start + chunk]
                bulk_executemany(step, "contacts", _UPDATE_SQL, part)
                if tick:
                    tick(len(part))
            insert_rows(step, "contact_tags", ("contact_id", "tag_id"), links, or_ignore=True)
            for _, sql in rebuild:
                step.execute(sql)
    finally:
        step.execute(f"PRAGMA cache_size = {cache}")


def insert_rows(step: Step, table: str, names: Sequence[str], columns: Sequence[Sequence[Any]],
                *, or_ignore: bool = False, per_statement: int = 200, chunk: int = 0,
                tick: Callable[[int], None] | None = None) -> None:
    """Insert rows given as columns, `per_statement` rows to one multi-row VALUES, with
    `tick(n)` after each `chunk` rows (0: all at once). Fewer statement runs: ~20% faster
    than a plain executemany (it was 60% while the CHECKs were IN lists, before migration
    0018). Binding is a good part of what is left, so a column with one value in every row
    (the stamps, a field the file does not have) is bound once per statement."""
    count = len(columns[0]) if columns else 0
    if not count:
        return
    same = tuple(i for i, column in enumerate(columns) if _constant(column))
    varying = [column for i, column in enumerate(columns) if i not in same]
    fixed = [columns[i][0] for i in same]
    width = len(varying)
    size = width * per_statement
    step_rows = max(chunk // per_statement, 1) * per_statement if chunk else count
    # A block of rows at a time: the flat copy of the values is a block, not the file.
    block = min(step_rows, BLOCK_ROWS // per_statement * per_statement)
    pending = 0  # rows written since the last tick
    for start in range(0, count, block):
        stop = min(start + block, count)
        flat: list[Any] = [None] * (width * (stop - start))  # the varying values, in rows
        for position, column in enumerate(varying):
            flat[position::width] = column[start:stop]
        params = [flat[i:i + size] + fixed for i in range(0, len(flat), size)]
        whole = (stop - start) - (stop - start) % per_statement  # last statement: shorter
        if whole:
            bulk_executemany(step, table, _values_sql(table, tuple(names), same, per_statement,
                                                      or_ignore), params[:whole // per_statement])
        if whole < stop - start:
            bulk_executemany(step, table, _values_sql(table, tuple(names), same,
                                                      stop - start - whole, or_ignore),
                             params[-1:])
        pending += stop - start
        if tick and (pending >= step_rows or stop == count):
            tick(pending)
            pending = 0


@lru_cache(maxsize=32)
def _values_sql(table: str, names: tuple[str, ...], same: tuple[int, ...], rows: int,
                or_ignore: bool) -> str:
    """INSERT of `rows` rows: each row's own values in turn, then the columns `same`
    (one value for all rows)."""
    width = len(names) - len(same)
    row = "(" + ", ".join(f"?{rows * width + same.index(i) + 1}" if i in same else "?{}"
                          for i in range(len(names))) + ")"
    marks = ", ".join(row.format(*range(r * width + 1, (r + 1) * width + 1))
                      for r in range(rows))
    return (f"INSERT {'OR IGNORE ' if or_ignore else ''}INTO {table} ({', '.join(names)}) "
            f"VALUES {marks}")


def _constant(column: Sequence[Any]) -> bool:
    """Whether every value is the same None or text (a quick look at a few first)."""
    first = column[0]
    if first is not None and type(first) is not str:
        return False  # 1 == 1.0 == True: equal numbers may still bind differently
    probe = column[::max(len(column) // 32, 1)]
    return probe.count(first) == len(probe) and column.count(first) == len(column)


def _droppable_indexes(store: Store) -> list[tuple[str, str]]:
    """(name, CREATE statement) of the plain indexes on contacts and contact_tags."""
    return [(r["name"], r["sql"]) for r in store.query(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        "AND tbl_name IN ('contacts', 'contact_tags') AND sql NOT LIKE 'CREATE UNIQUE%' "
        "ORDER BY name")]


def export_rows(store: Store, ids: Sequence[int] | None = None) -> list[Row]:
    """Full contact rows for export (all, or `ids` in that order), with company, campaign, tags."""
    sql = ("SELECT c.*, coalesce(co.name, '') AS company_name, "
           "coalesce(ca.name, '') AS source_campaign_name, "
           "coalesce((SELECT group_concat(t.name, '; ') FROM contact_tags ct "
           "JOIN tags t ON t.id = ct.tag_id WHERE ct.contact_id = c.id), '') AS tag_names "
           "FROM contacts c LEFT JOIN companies co ON co.id = c.company_id "
           "LEFT JOIN campaigns ca ON ca.id = c.source_campaign_id")
    if ids is None:
        return store.query(sql + " ORDER BY c.id")
    rows: list[Row] = []
    for start in range(0, len(ids), 500):
        chunk = list(ids[start:start + 500])
        found = {r["id"]: r for r in store.query(
            sql + f" WHERE c.id IN ({', '.join('?' for _ in chunk)})", chunk)}
        rows += [found[i] for i in chunk if i in found]
    return rows


def tag_links(store: Store, contact_id: int) -> list[Row]:
    """The contact's contact_tags rows (id, tag_id)."""
    return store.query("SELECT id, tag_id FROM contact_tags WHERE contact_id = ?", [contact_id])


def has_rule_task(store: Store, rule: str, contact_id: int, origin_key: str) -> bool:
    """Whether the contact already has the task this rule makes (one per rule and origin)."""
    return store.scalar("SELECT 1 FROM tasks WHERE rule = ? AND origin_type = 'contact' "
                        "AND origin_id = ? AND origin_key = ?",
                        [rule, contact_id, origin_key]) is not None
