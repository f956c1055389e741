"""Migration 0091: the indexes the Sales workspace reads through at 100,000 deals (the
xlarge demo). No import of the store here: schema.py imports this module."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

INDEXES = (
    # The board's columns and totals, and the count of stalled deals: per stage, one scan
    # of this index (no visit of the table), grouped by currency in index order.
    "CREATE INDEX IF NOT EXISTS deals_stage_money ON deals (stage_id, currency, value_minor, "
    "probability, next_step_due, last_activity_at, created_at)",
    # The forecast: open deals by expected close, summed without reading the rows.
    "CREATE INDEX IF NOT EXISTS deals_close_money ON deals (stage_id, expected_close, "
    "currency, value_minor, probability)",
    # Won this week / month / quarter.
    "CREATE INDEX IF NOT EXISTS deals_won_money ON deals (stage_id, closed_at, currency, "
    "value_minor)",
    # The deal table's first order (title, Z to A, as its header starts) and a sort by
    # title: a walk of this index instead of sorting 100,000 titles (~100 ms).
    "CREATE INDEX IF NOT EXISTS deals_by_title ON deals (title COLLATE NOCASE)",
    # Collections: invoiced, unpaid deals by due date (6,500 among 100,000), and their
    # count and sum by currency from the index alone.
    "CREATE INDEX IF NOT EXISTS deals_unpaid ON deals (invoice_due, stage_id, currency, "
    "value_minor) WHERE invoiced_at IS NOT NULL AND paid_at IS NULL",
)


def add_deal_table_indexes(db: Database) -> None:
    """Migration 0091: the indexes the Sales workspace reads through at 100,000 deals."""
    for sql in INDEXES:
        db.execute(sql)
