"""Queries behind the Sales workspace: board columns, the deal table, forecast, collections.

A deal is *stalled* when its stage is open, nothing happened on it since `quiet_since`
(its last activity, or its creation when it never had one) and it has no next step due
today or later. The rule lives in one SQL expression so the board, the table and the
forecast agree; `quiet_since` and `today` are parameters so tests pin the date.
"""

from __future__ import annotations

from typing import Any

from sm_desk.core.store.database import Store
from sm_desk.core.store.handoffs import segment_name_sql, segment_rank_sql

Row = dict[str, Any]

PROBABILITY = "coalesce(d.probability, s.probability)"
# money.weighted_minor in SQL: value x probability %, half up (values are never negative).
WEIGHTED = f"((d.value_minor * {PROBABILITY} + 50) / 100)"
CURRENCY = "upper(d.currency)"
STALLED = ("(s.outcome = 'open' AND coalesce(d.last_activity_at, d.created_at) < :quiet "
           "AND (d.next_step_due IS NULL OR d.next_step_due < :today))")
CONTACT_NAME = "trim(coalesce(c.first_name, '') || ' ' || coalesce(c.last_name, ''))"
VBANT_SCORE = "(d.vision + d.budget + d.need + d.authority + d.timeframe)"

CARD_COLUMNS = (
    f"d.id, d.title, d.value_minor, d.currency, d.expected_close, d.next_step, "
    f"d.next_step_due, d.stage_id, d.invoiced_at, d.paid_at, d.nurture, s.outcome, "
    f"d.closed_at, d.lost_reason, "
    f"{PROBABILITY} AS probability, {VBANT_SCORE} AS vbant, {STALLED} AS stalled, "
    f"{CONTACT_NAME} AS contact")
FROM_DEALS = ("FROM deals d JOIN stages s ON s.id = d.stage_id "
              "LEFT JOIN contacts c ON c.id = d.contact_id")
# Stages as the outer loop (CROSS JOIN fixes the order in SQLite): each stage's deals are
# then one range of a (stage_id, ...) index holding the columns summed, and the rows of
# the deals table are never read.
FROM_STAGES_FIRST = "FROM stages s CROSS JOIN deals d ON d.stage_id = s.id"

TABLE_COLUMNS = (
    f"d.id, d.title, {CONTACT_NAME} AS contact, co.name AS company, s.name AS stage, "
    f"s.position AS stage_position, d.stage_id, s.outcome, d.value_minor, d.currency, "
    f"{PROBABILITY} AS probability, {WEIGHTED} AS weighted, d.expected_close, d.next_step, "
    f"d.next_step_due, d.source_campaign_id, ca.name AS campaign, {VBANT_SCORE} AS vbant, "
    f"{STALLED} AS stalled, d.last_activity_at, "
    f"{segment_rank_sql('d.contact_id')} AS segment_rank, "
    f"{segment_name_sql('d.contact_id')} AS segment")
FROM_TABLE = (FROM_DEALS + " LEFT JOIN companies co ON co.id = d.company_id "
              "LEFT JOIN campaigns ca ON ca.id = d.source_campaign_id")


def _when(today: str, quiet_since: str) -> dict[str, Any]:
    return {"today": today, "quiet": quiet_since}


# -- stages ------------------------------------------------------------------------------

def stages(store: Store) -> list[Row]:
    return store.query("SELECT id, name, position, probability, outcome FROM stages "
                       "ORDER BY position, id")


def first_open_stage_id(store: Store) -> int | None:
    value = store.scalar("SELECT id FROM stages WHERE outcome = 'open' ORDER BY position, id")
    return None if value is None else int(value)


def stage_deal_counts(store: Store) -> dict[int, int]:
    return {r["stage_id"]: int(r["n"]) for r in store.query(
        "SELECT stage_id, count(*) AS n FROM deals GROUP BY stage_id")}


def deal_ids_in_stage(store: Store, stage_id: int) -> list[int]:
    return [r["id"] for r in store.query("SELECT id FROM deals WHERE stage_id = ?", [stage_id])]


# -- board -------------------------------------------------------------------------------

# stage id, outcome, expected close, currency, count, value, weighted (pipeline_sums)
PipelineSums = list[tuple[int, str, str | None, str, int, int, int]]


def pipeline_sums(store: Store) -> PipelineSums:
    """Every deal summed by (stage, expected close date, currency): stage id, its outcome,
    the date, the currency as stored, count, value and weighted value (minor units).
    One walk of deals_close_money (migration 0091), grouped in its order, so no row of
    the deals table is read and nothing is sorted: ~600 groups for 100,000 deals. The
    board's column totals and the forecast's months are both added up from these
    (core/sales/pipeline.py): one pass instead of four (20 ms against 35 at 100,000)."""
    return [(int(stage_id), outcome, close, currency, int(n), int(value or 0),
             int(weighted or 0)) for stage_id, outcome, close, currency, n, value, weighted
            in store.conn.execute(
                f"SELECT s.id, s.outcome, d.expected_close, d.currency, count(*), "
                f"sum(d.value_minor), sum({WEIGHTED}) {FROM_STAGES_FIRST} "
                f"GROUP BY s.id, d.expected_close, d.currency")]


def column_cards(store: Store, stage_id: int, today: str, quiet_since: str,
                 limit: int = 50) -> list[Row]:
    """The first `limit` cards of a column, soonest expected close first (undated last).
    The ids come first, in the order of the (stage_id, expected_close) index: the dated
    and the undated part each read `limit` index entries instead of sorting the stage's
    17,000 deals of the xlarge demo (90 ms a column)."""
    return store.query(
        f"SELECT {CARD_COLUMNS} {FROM_DEALS} WHERE d.id IN (SELECT id FROM deals "
        f"WHERE stage_id = :stage AND expected_close IS NOT NULL "
        f"ORDER BY expected_close, id LIMIT :limit) OR d.id IN (SELECT id FROM deals "
        f"WHERE stage_id = :stage AND expected_close IS NULL ORDER BY id LIMIT :limit) "
        f"ORDER BY d.expected_close IS NULL, d.expected_close, d.id LIMIT :limit",
        {**_when(today, quiet_since), "stage": stage_id, "limit": limit})


def card(store: Store, deal_id: int, today: str, quiet_since: str) -> Row | None:
    return store.query_one(f"SELECT {CARD_COLUMNS} {FROM_DEALS} WHERE d.id = :id",
                           {**_when(today, quiet_since), "id": deal_id})


# -- table -------------------------------------------------------------------------------

def table_rows(store: Store, today: str, quiet_since: str,
               ids: list[int] | None = None) -> list[Row]:
    """Light rows for the deal table: all deals, or just `ids` (to refresh after an edit)."""
    where, params = "", _when(today, quiet_since)
    if ids is not None:
        if not ids:
            return []
        where = f"WHERE d.id IN ({', '.join(str(int(i)) for i in ids)})"
    return store.query(f"SELECT {TABLE_COLUMNS} {FROM_TABLE} {where} ORDER BY d.id", params)


def stalled_deal_ids(store: Store, today: str, quiet_since: str) -> list[int]:
    return [r["id"] for r in store.query(
        f"SELECT d.id {FROM_DEALS} WHERE {STALLED} ORDER BY d.id", _when(today, quiet_since))]


def stalled_count(store: Store, today: str, quiet_since: str) -> int:
    """How many deals are stalled: counted in SQL over deals_stage_money (no row read)."""
    return int(store.scalar(f"SELECT count(*) {FROM_STAGES_FIRST} WHERE {STALLED}",
                            _when(today, quiet_since)))


def campaigns_with_deals(store: Store) -> list[Row]:
    return store.query(
        "SELECT id, name FROM campaigns WHERE id IN "
        "(SELECT DISTINCT source_campaign_id FROM deals WHERE source_campaign_id IS NOT NULL) "
        "ORDER BY name COLLATE NOCASE, id")


# -- forecast and won --------------------------------------------------------------------

def won_value_between(store: Store, start: str, end: str) -> list[Row]:
    """Deals won with closed_at in [start, end) (ISO instants): count and value by currency
    (over deals_won_money: the won stages' ranges of closing dates, no row read)."""
    return [{"currency": r["currency"].upper(), "count": int(r["n"]), "value": int(r["value"])}
            for r in store.query(
                f"SELECT d.currency, count(*) AS n, coalesce(sum(d.value_minor), 0) AS value "
                f"{FROM_STAGES_FIRST} WHERE s.outcome = 'won' AND d.closed_at >= ? "
                f"AND d.closed_at < ? GROUP BY d.currency", [start, end])]


# -- collections -------------------------------------------------------------------------

def overdue_payments(store: Store, today: str, limit: int = 200) -> list[Row]:
    """Won deals invoiced, not paid, with the invoice due before `today`: oldest first."""
    return store.query(
        f"SELECT d.id, d.title, {CONTACT_NAME} AS contact, d.value_minor, d.currency, "
        f"d.invoiced_at, d.invoice_due FROM deals d JOIN stages s ON s.id = d.stage_id "
        f"LEFT JOIN contacts c ON c.id = d.contact_id WHERE s.outcome = 'won' "
        f"AND d.invoiced_at IS NOT NULL AND d.paid_at IS NULL AND d.invoice_due < ? "
        f"ORDER BY d.invoice_due, d.id LIMIT ?", [today, limit])


def count_overdue_payments(store: Store, today: str) -> list[Row]:
    """Overdue payments by currency: count and value."""
    return [{"currency": r["currency"], "count": int(r["n"]), "value": int(r["value"])}
            for r in store.query(
                f"SELECT {CURRENCY} AS currency, count(*) AS n, "
                f"coalesce(sum(d.value_minor), 0) AS value FROM deals d "
                f"JOIN stages s ON s.id = d.stage_id WHERE s.outcome = 'won' "
                f"AND d.invoiced_at IS NOT NULL AND d.paid_at IS NULL AND d.invoice_due < ? "
                f"GROUP BY {CURRENCY}", [today])]


# -- activities and pickers --------------------------------------------------------------

def activities_for(store: Store, *, deal_id: int | None = None,
                   contact_id: int | None = None, limit: int = 200) -> list[Row]:
    column, value = ("deal_id", deal_id) if deal_id is not None else ("contact_id", contact_id)
    return store.query(
        f"SELECT id, kind, at, summary, deal_id, contact_id FROM activities "
        f"WHERE {column} = ? ORDER BY at DESC, id DESC LIMIT ?", [value, limit])


def find_contacts(store: Store, text: str, limit: int = 20) -> list[Row]:
    """Contacts whose name or email contains `text`, for the deal dialog's picker."""
    like = f"%{text.strip()}%"
    return store.query(
        f"SELECT c.id, {CONTACT_NAME} AS name, c.email, c.company_id, c.source_campaign_id "
        f"FROM contacts c WHERE {CONTACT_NAME} LIKE ? OR c.email LIKE ? "
        f"ORDER BY c.last_name COLLATE NOCASE, c.first_name COLLATE NOCASE, c.id LIMIT ?",
        [like, like, limit])


def contact_label(store: Store, contact_id: int) -> str:
    row = store.query_one(f"SELECT {CONTACT_NAME} AS name, c.email FROM contacts c "
                          f"WHERE c.id = ?", [contact_id])
    if row is None:
        return ""
    return str(row["name"] or row["email"] or f"Contact {contact_id}")


def campaign_choices(store: Store) -> list[Row]:
    return store.query("SELECT id, name FROM campaigns WHERE archived = 0 OR id IN "
                       "(SELECT source_campaign_id FROM deals WHERE source_campaign_id "
                       "IS NOT NULL) ORDER BY name COLLATE NOCASE, id")


def people_choices(store: Store) -> list[Row]:
    return store.query("SELECT id, name FROM people WHERE active = 1 ORDER BY kind != 'me', "
                       "name COLLATE NOCASE")
