"""Every query of the weekly report. Bounds are UTC instants (ISO text) for
stored instants, and 'YYYY-MM-DD' local dates for stored dates.

Each query is bounded by an indexed column (contacts_by_created, deals_by_created,
deals_by_closed, deal_stage_changes_by_time, touches_by_start, activities_by_time,
tasks_by_done), so the report costs the week's rows, not the whole file.
"""

from __future__ import annotations

from typing import Any

from sm_desk.core.store.database import Store
from sm_desk.core.store.sales import WEIGHTED

Rows = list[dict[str, Any]]


def stages(store: Store) -> Rows:
    return store.query("SELECT id, name, position, probability, outcome FROM stages "
                       "ORDER BY position, id")


def campaigns(store: Store) -> Rows:
    return store.query("SELECT id, name, colour FROM campaigns")


def currency(store: Store) -> str:
    return str(store.setting("currency", "USD") or "USD")


def new_contacts(store: Store, start: str, end: str) -> Rows:
    """Contacts created in [start, end) by source campaign; `leads` excludes subscribers."""
    return store.query(
        "SELECT source_campaign_id AS campaign_id, count(*) AS contacts, "
        "sum(lifecycle != 'subscriber') AS leads FROM contacts "
        "WHERE created_at >= ? AND created_at < ? GROUP BY source_campaign_id", [start, end])


def deals_created(store: Store, start: str, end: str) -> int:
    return int(store.scalar("SELECT count(*) FROM deals WHERE created_at >= ? AND created_at < ?",
                            [start, end]))


def closed_deals(store: Store, start: str, end: str) -> Rows:
    """Deals closed in [start, end): outcome of their stage, value, reason, closing instant."""
    return store.query(
        "SELECT d.id, d.closed_at, d.value_minor, d.currency, d.lost_reason, s.outcome "
        "FROM deals d "
        "JOIN stages s ON s.id = d.stage_id "
        "WHERE d.closed_at >= ? AND d.closed_at < ? AND s.outcome != 'open'", [start, end])


def stage_changes_since(store: Store, start: str) -> Rows:
    """The stage log from `start` on, oldest first (the order they were made)."""
    return store.query(
        "SELECT deal_id, from_stage_id, to_stage_id, at FROM deal_stage_changes "
        "WHERE at >= ? ORDER BY at, id", [start])


def open_pipeline(store: Store, instant: str, end_day: str, last_open_stage: int | None
                  ) -> Rows:
    """The deals open at `instant`, summed in SQL (tens of thousands of open deals stay
    in the database): per stage each held then, currency and where its expected close
    falls ('past': before `end_day`; 'YYYY-MM'; None: no date). The stage held then is
    the from-stage of the deal's first stage change at or after `instant`, else its stage
    now; a deal closed since, whose stage then reads closed, counts in `last_open_stage`
    (a deal marked closed with no date is not in the pipeline). Weighted values are
    rounded per deal, as everywhere (sales.WEIGHTED)."""
    columns = "id, stage_id, currency, value_minor, probability, expected_close, closed_at"
    return store.query(
        # Two ranges of deals_in_pipeline (open, or closed since), not one OR: SQLite
        # would then walk deals_by_created and read each whole row (7x slower).
        f"WITH open_then AS (SELECT {columns} FROM deals WHERE closed_at IS NULL "
        f"  AND created_at < :at UNION ALL SELECT {columns} FROM deals "
        "  WHERE closed_at >= :at AND created_at < :at), "
        "later AS (SELECT deal_id, from_stage_id, row_number() OVER ("
        "  PARTITION BY deal_id ORDER BY at, id) AS n FROM deal_stage_changes WHERE at >= :at), "
        "held AS (SELECT d.currency, d.value_minor, d.probability, d.expected_close, CASE "
        "  WHEN h.outcome = 'open' THEN h.id WHEN d.closed_at IS NOT NULL THEN :last_open "
        "  END AS counted_in FROM open_then d LEFT JOIN later l ON l.deal_id = d.id AND l.n = 1 "
        "  JOIN stages h ON h.id = coalesce(l.from_stage_id, d.stage_id)) "
        "SELECT s.id AS stage_id, d.currency, CASE WHEN coalesce(d.expected_close, '') = '' "
        "  THEN NULL WHEN d.expected_close < :end_day THEN 'past' "
        "  ELSE substr(d.expected_close, 1, 7) END AS close_month, count(*) AS n, "
        f"sum(d.value_minor) AS value_minor, sum({WEIGHTED}) AS weighted "
        "FROM held d JOIN stages s ON s.id = d.counted_in "
        "GROUP BY s.id, d.currency, close_month",
        {"at": instant, "end_day": end_day, "last_open": last_open_stage})


def tasks_done(store: Store, start: str, end: str) -> Rows:
    return store.query(
        "SELECT function, count(*) AS n FROM tasks WHERE done_at >= ? AND done_at < ? "
        "AND status = 'done' GROUP BY function", [start, end])


def tasks_open_at(store: Store, instant: str, day: str) -> Rows:
    """Tasks still open at `instant` by function: how many, unassigned, overdue (due < day)."""
    return store.query(
        "SELECT function, count(*) AS open, sum(assignee_id IS NULL) AS unassigned, "
        "sum(due IS NOT NULL AND due < ?) AS overdue FROM tasks "
        "WHERE created_at < ? AND (status = 'open' OR (status = 'done' AND done_at >= ?)) "
        "GROUP BY function", [day, instant, instant])


def activity_count(store: Store, start: str, end: str) -> int:
    return int(store.scalar("SELECT count(*) FROM activities WHERE at >= ? AND at < ?",
                            [start, end]))


def overdue_payments(store: Store, day: str) -> Rows:
    """Won deals invoiced before `day`, due before it, and not paid by then."""
    return store.query(
        "SELECT d.id, d.title, d.value_minor, d.currency, d.invoice_due, "
        "trim(coalesce(c.first_name, '') || ' ' || coalesce(c.last_name, '')) AS contact "
        "FROM deals d JOIN stages s ON s.id = d.stage_id AND s.outcome = 'won' "
        "LEFT JOIN contacts c ON c.id = d.contact_id "
        "WHERE d.invoiced_at IS NOT NULL AND substr(d.invoiced_at, 1, 10) < ? "
        "AND d.invoice_due < ? AND (d.paid_at IS NULL OR substr(d.paid_at, 1, 10) >= ?) "
        "ORDER BY d.invoice_due, d.id", [day, day, day])


def latest_assessment(store: Store, before: str) -> dict[str, Any] | None:
    return store.query_one(
        "SELECT taken_at, sales_score, marketing_score, verdict FROM assessments "
        "WHERE taken_at < ? ORDER BY taken_at DESC, id DESC LIMIT 1", [before])
