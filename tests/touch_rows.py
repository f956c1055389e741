"""Rows for tests that write touches straight into the table (below the service)."""

from __future__ import annotations

from typing import Any

from sm_desk.core.marketing.timing import start_columns
from sm_desk.core.profile import computer_zone


def timed(starts_at: str, all_day: bool = False, tz: str | None = None) -> dict[str, Any]:
    """starts_at, start_local and tz for a touch at instant `starts_at` (the computer's
    zone unless `tz` says otherwise), as the touch service would store them."""
    return start_columns(starts_at, tz or computer_zone(), all_day)
