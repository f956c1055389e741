"""Queries behind the hat balance and the weekly targets: the work done in a window."""

from __future__ import annotations

from typing import Any

from sm_desk.core.store.database import Store


def activities_by_kind(store: Store, start: str, end: str) -> dict[str, int]:
    """Logged activities (call, email, meeting, note) in [start, end), by kind."""
    rows = store.query("SELECT kind, count(*) AS n FROM activities WHERE at >= ? AND at < ? "
                       "GROUP BY kind", [start, end])
    return {str(r["kind"]): int(r["n"]) for r in rows}


def tasks_done_by_function(store: Store, start: str, end: str) -> dict[str | None, int]:
    """Tasks completed in [start, end), by function (None: unclassified)."""
    rows = store.query("SELECT function, count(*) AS n FROM tasks WHERE status = 'done' "
                       "AND done_at >= ? AND done_at < ? GROUP BY function", [start, end])
    return {r["function"]: int(r["n"]) for r in rows}


def campaigns_created(store: Store, start: str, end: str) -> int:
    """Campaigns set up in [start, end) (their creation is the set-up work)."""
    return int(store.scalar("SELECT count(*) FROM campaigns WHERE created_at >= ? "
                            "AND created_at < ?", [start, end]))


def campaigns_running(store: Store, first_day: str, end_day: str) -> list[dict[str, Any]]:
    """Campaigns (not archived, not mere ideas) whose dates touch [first_day, end_day)."""
    return store.query(
        "SELECT id, name, status, start_date, end_date, budget_minor, currency, colour "
        "FROM campaigns WHERE archived = 0 AND status != 'idea' "
        "AND coalesce(start_date, '0000') < ? AND coalesce(end_date, '9999') >= ? "
        "ORDER BY coalesce(start_date, ''), name, id", [end_day, first_day])


def sales_due(store: Store, first_day: str, end_day: str) -> list[dict[str, Any]]:
    """Open deals expected to close, or with a next step due, in [first_day, end_day)."""
    return store.query(
        "SELECT d.id, d.title, d.value_minor, d.currency, d.expected_close, d.next_step, "
        "d.next_step_due, coalesce(d.probability, s.probability) AS probability, "
        "trim(coalesce(c.first_name, '') || ' ' || coalesce(c.last_name, '')) AS contact "
        "FROM deals d JOIN stages s ON s.id = d.stage_id "
        "LEFT JOIN contacts c ON c.id = d.contact_id WHERE s.outcome = 'open' "
        "AND ((d.expected_close >= ? AND d.expected_close < ?) "
        "OR (d.next_step_due >= ? AND d.next_step_due < ?)) "
        "ORDER BY coalesce(d.next_step_due, d.expected_close), d.id",
        [first_day, end_day, first_day, end_day])


def payments_due(store: Store, first_day: str, end_day: str) -> list[dict[str, Any]]:
    """Won, invoiced deals whose invoice falls due in [first_day, end_day), not paid."""
    return store.query(
        "SELECT d.id, d.title, d.value_minor, d.currency, d.invoice_due, "
        "trim(coalesce(c.first_name, '') || ' ' || coalesce(c.last_name, '')) AS contact "
        "FROM deals d JOIN stages s ON s.id = d.stage_id "
        "LEFT JOIN contacts c ON c.id = d.contact_id WHERE s.outcome = 'won' "
        "AND d.paid_at IS NULL AND d.invoice_due >= ? AND d.invoice_due < ? "
        "ORDER BY d.invoice_due, d.id", [first_day, end_day])
