"""Every query of the weekly report. Bounds are UTC instants (ISO text) for
stored instants, and 'YYYY-MM-DD' local dates for stored dates.

Each query is bounded by an indexed column (contacts_by_created, deals_by_created,
deals_by_closed, deal_stage_changes_by_time, touches_by_start, activities_by_time,
tasks_by_done), so the report costs the week's rows, not the whole file.
"""

from __future__ import annotations

from typing import Any

from sm_desk.core.store.database import Store

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


def pipeline_candidates(store: Store, created_before: str, open_at: str) -> Rows:
    """Deals that existed before `created_before` and had not closed by `open_at`."""
    return store.query(
        "SELECT id, stage_id, value_minor, currency, probability, expected_close, created_at, "
        "closed_at FROM deals "
        "WHERE created_at < ? AND (closed_at IS NULL OR closed_at >= ?)",
        [created_before, open_at])








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
