"""Queries behind the deal table: which deals a filter keeps, in which order, their totals,
and the display rows of a page of them (Anki-browser style: the table holds ids only).

At 100,000 deals, reading every row into Python cost 2 s and ~150 MB; here the filter and
the sort run in SQL and return the ordered ids (~1 MB), the totals are one grouped query,
and the rows come 200 at a time for what is on screen (`sales.table_rows(ids=...)`).
The words of the search box go through the full-text index (search_index.py): a deal is
kept when every word starts a word of its own record (title, next step, notes, lost
reason) or of its contact's, company's or source campaign's (name, email, notes...), or
occurs in one of its custom values. (The table used to look for the letters anywhere in
title, names and next step: "pro" no longer finds "improve", and now finds notes.)
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sm_desk.core.store.database import Store
from sm_desk.core.store.handoffs import segment_rank_sql
from sm_desk.core.store.sales import (
    CONTACT_NAME,
    FROM_STAGES_FIRST,
    PROBABILITY,
    STALLED,
    VBANT_SCORE,
    WEIGHTED,
)
from sm_desk.core.store.search import match_expression
from sm_desk.core.store.search_index import CODES, INDEX, SPREAD

Row = dict[str, Any]
NO_RANK = 10**6  # a deal whose contact is in no ranked segment (deal_columns.NO_RANK)
SEGMENT_RANK = f"coalesce({segment_rank_sql('d.contact_id')}, {NO_RANK})"

# Sort keys as the table's columns sorted them in Python (empty names first, undated
# last, stalled first). Ties go by id in the sort's direction (Python kept the id order
# both ways), so that one index serves both. NOCASE folds ASCII only: "É" sorts after
# "Z" (Python's casefold put it with "E").
SORT_KEYS: dict[str, str] = {
    "title": "d.title COLLATE NOCASE",
    "contact": f"{CONTACT_NAME} COLLATE NOCASE",
    "company": "coalesce(co.name, '') COLLATE NOCASE",
    "stage": "s.position",
    "value": "d.value_minor",
    "probability": PROBABILITY,
    "weighted": WEIGHTED,
    "expected_close": "coalesce(d.expected_close, '9999')",
    "next_step": "d.next_step COLLATE NOCASE",
    "due": "coalesce(d.next_step_due, '9999')",
    "campaign": "coalesce(ca.name, '') COLLATE NOCASE",
    "vbant": VBANT_SCORE,
    "stalled": f"-{STALLED}",
    "segment": SEGMENT_RANK,
}
_JOINS = {  # joined only when the sort needs them: each costs a lookup per deal
    "contact": "LEFT JOIN contacts c ON c.id = d.contact_id",
    "company": "LEFT JOIN companies co ON co.id = d.company_id",
    "campaign": "LEFT JOIN campaigns ca ON ca.id = d.source_campaign_id",
}
_STAGE = "JOIN stages s ON s.id = d.stage_id"
# Keys and filters that read the stage (outcome, position, default probability): the
# stage is joined only for them. Without the join, the default order (title) is a walk
# of deals_by_title alone: 23 ms for 100,000 ids, 133 ms with the join.
_STAGE_KEYS = frozenset(("stage", "probability", "weighted", "stalled"))


@dataclass(frozen=True)
class DealFilter:
    stage_id: int | None = None
    campaign_id: int | None = None
    stalled: bool = False
    closing: tuple[str, str] | None = None  # [start, end) dates: closing this month
    text: str = ""
    max_rank: int | None = None  # only contacts in a segment ranked this high or better


@dataclass(frozen=True)
class DealSort:
    key: str = "id"  # a SORT_KEYS name, "custom:<field id>", or "id"
    descending: bool = False


def _escape_like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _word_ids(n: int) -> tuple[str, str]:
    """(a WITH entry, a SELECT of ids) for the deals word n finds: one MATCH over the whole
    index, read once (MATERIALIZED), split by kind: the deal's own words, or a word of its
    contact, company or source campaign (their lookups go through the foreign-key
    indexes, no deal row is read), or a custom value holding it. A column filter
    ('title : word') to keep to names cost a read of every position of the word: 20 ms a
    kind for a word found in all 100,000 deals, so the whole record counts."""
    found = f"found{n} AS MATERIALIZED (SELECT rowid AS r FROM {INDEX} WHERE {INDEX} MATCH :word{n})"
    parts = [f"SELECT r / {SPREAD} FROM found{n} WHERE r % {SPREAD} = {CODES['deal']}"]
    for column, kind in (("contact_id", "contact"), ("company_id", "company"),
                         ("source_campaign_id", "campaign")):
        parts.append(f"SELECT id FROM deals WHERE {column} IN (SELECT r / {SPREAD} FROM "
                     f"found{n} WHERE r % {SPREAD} = {CODES[kind]})")
    parts.append(f"SELECT deal_id FROM custom_values WHERE deal_id IS NOT NULL "
                 f"AND value LIKE :like{n} ESCAPE '\\'")
    # UNION ALL: the IN list it feeds keeps each id once anyway (UNION sorted them twice).
    return found, " UNION ALL ".join(parts)


def needs_stage(f: DealFilter) -> bool:
    return f.stalled or f.closing is not None


def where(f: DealFilter, today: str, quiet_since: str) -> tuple[str, str, list[str], Row]:
    """(WITH clause, WHERE clause of the columns, one SELECT of ids per word, parameters)
    for the deals `f` keeps: a deal must be in every word's ids."""
    terms, ctes, words = ["1"], [], []
    params: Row = {"today": today, "quiet": quiet_since}
    if f.stage_id is not None:
        terms.append("d.stage_id = :stage")
        params["stage"] = f.stage_id
    if f.campaign_id is not None:
        terms.append("d.source_campaign_id = :campaign")
        params["campaign"] = f.campaign_id
    if f.stalled:
        terms.append(STALLED)
    if f.max_rank is not None:
        terms.append("EXISTS (SELECT 1 FROM contact_tags ct JOIN segment_priorities sp "
                     "ON sp.tag_id = ct.tag_id WHERE ct.contact_id = d.contact_id "
                     "AND sp.rank <= :rank)")
        params["rank"] = f.max_rank
    if f.closing is not None:
        terms.append("s.outcome = 'open' AND d.expected_close >= :close_start "
                     "AND d.expected_close < :close_end")
        params["close_start"], params["close_end"] = f.closing
    for n, word in enumerate(f.text.split()):
        expression = match_expression(word)
        if not expression:
            continue  # punctuation alone: nothing the index could hold
        cte, ids = _word_ids(n)
        ctes.append(cte)
        words.append(ids)
        params[f"word{n}"], params[f"like{n}"] = expression, _escape_like(word)
    with_clause = f"WITH {', '.join(ctes)} " if ctes else ""
    return with_clause, " AND ".join(terms), words, params


def _order(store: Store, sort: DealSort) -> tuple[str, str, Row]:
    """(extra joins, ORDER BY terms, parameters) for `sort`; ties by id."""
    direction = " DESC" if sort.descending else ""
    if sort.key.startswith("custom:"):
        field_id = int(sort.key.split(":", 1)[1])
        kind = store.scalar("SELECT kind FROM custom_fields WHERE id = ?", [field_id])
        value = "cv.value"
        key = (f"CAST({value} AS REAL)" if kind in ("number", "money")
               else f"{value} COLLATE NOCASE")
        join = ("LEFT JOIN custom_values cv ON cv.deal_id = d.id "
                "AND cv.field_id = :sort_field")
        # Empty last, then by value (core.custom_fields.sort_key), the direction on both.
        return (join, f"coalesce({value}, '') = ''{direction}, {key}{direction}, "
                      f"d.id{direction}",
                {"sort_field": field_id})
    if sort.key not in SORT_KEYS:
        return "", f"d.id{direction}", {}
    # Ties follow the direction too, so an index on the key serves either way.
    return _JOINS.get(sort.key, ""), f"{SORT_KEYS[sort.key]}{direction}, d.id{direction}", {}


def ordered_ids(store: Store, f: DealFilter, sort: DealSort, today: str,
                quiet_since: str) -> array[int]:
    """The ids of the deals `f` keeps, in `sort` order (an int64 array: 8 bytes each)."""
    with_clause, condition, words, params = where(f, today, quiet_since)
    joins, order, more = _order(store, sort)
    # The filter runs first on its own, through indexes holding what it reads (a filter
    # on the stage's columns walks the stages first), and so does each word; their ids
    # are sets the sort probes ('+' keeps SQLite from looking each id up): sorted by
    # title, that is a walk of deals_by_title, and no deal row is read. In one plain
    # query SQLite read every deal row for the stalled filter (200 ms), or each kept row
    # for a word (100 ms).
    source = f"FROM deals d {_STAGE}" if sort.key in _STAGE_KEYS else "FROM deals d"
    kept = [f"+d.id IN ({ids})" for ids in words]
    if condition != "1":
        inner = FROM_STAGES_FIRST if needs_stage(f) else "FROM deals d"
        kept.append(f"+d.id IN (SELECT d.id {inner} WHERE {condition})")
    cursor = store.conn.execute(
        f"{with_clause}SELECT d.id {source} {joins} WHERE {' AND '.join(kept) or '1'} "
        f"ORDER BY {order}", {**params, **more})
    return array("q", [row[0] for row in cursor])


FEW_IDS = 10_000  # up to this many kept deals, the totals read them by id


def open_weighted(store: Store, f: DealFilter, today: str, quiet_since: str,
                  ids: Sequence[int] | None = None) -> list[Row]:
    """The open deals `f` keeps, by currency: count and weighted value (minor units).
    `ids`, when given, are the deals `f` keeps (just read by `ordered_ids`): with words
    to look for, the sum is over those ids instead of searching again (the words' sets
    again: 80-170 ms for "pro" or "website package" in the xlarge demo): up to FEW_IDS
    of them read by id (633 deals: 1 ms), more through a walk of the stages' covering
    index that keeps those ids (~30 ms for any number, where reading 33,000 by id took
    70). Without words the filter reads indexes only, and is asked again."""
    if ids is not None and (len(ids) <= FEW_IDS or f.text.strip()):
        listed = "[" + ",".join(map(str, ids)) + "]"
        if len(ids) <= FEW_IDS:
            rows = store.conn.execute(
                f"SELECT d.currency, count(*), sum({WEIGHTED}) FROM json_each(?) j "
                f"CROSS JOIN deals d ON d.id = j.value {_STAGE} WHERE s.outcome = 'open' "
                f"GROUP BY d.currency", [listed])
        else:
            rows = store.conn.execute(
                f"SELECT d.currency, count(*), sum({WEIGHTED}) {FROM_STAGES_FIRST} "
                f"WHERE +d.id IN (SELECT value FROM json_each(?)) AND s.outcome = 'open' "
                f"GROUP BY d.currency", [listed])
    else:
        with_clause, condition, words, params = where(f, today, quiet_since)
        kept = "".join(f" AND +d.id IN ({word})" for word in words)
        rows = store.conn.execute(
            f"{with_clause}SELECT d.currency, count(*), sum({WEIGHTED}) "
            f"{FROM_STAGES_FIRST} WHERE {condition}{kept} AND s.outcome = 'open' "
            f"GROUP BY d.currency", params)
    return [{"currency": currency, "count": int(n), "weighted": int(weighted or 0)}
            for currency, n, weighted in rows]


def deal_count(store: Store) -> int:
    return int(store.scalar("SELECT count(*) FROM deals"))
