"""Rows for tests that write touches straight into the table (below the service)."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sm_desk.core.marketing.timing import start_columns
from sm_desk.core.profile import computer_zone


def timed(starts_at: str, all_day: bool = False, tz: str | None = None) -> dict[str, Any]:
    """starts_at, start_local and tz for a touch at instant `starts_at` (the computer's
    zone unless `tz` says otherwise), as the touch service would store them."""
    return start_columns(starts_at, tz or computer_zone(), all_day)


@contextmanager
def computer_in(zone: str) -> Iterator[None]:
    """Run as if the computer were set to `zone` (TZ and the C library's idea of it)."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = zone
    time.tzset()
    try:
        yield
    finally:
        if before is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = before
        time.tzset()
