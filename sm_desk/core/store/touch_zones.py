"""Migration 0019's data step: touches from UTC instants to wall-clock plus a zone."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

from sm_desk.core.marketing.timing import local_text, to_local
from sm_desk.core.profile import computer_zone


def convert_touches_to_wall_clock(conn: sqlite3.Connection) -> None:
    """Fill `start_local`/`tz` from `starts_at`, and key overrides by local time."""
    tz = computer_zone()

    def local(iso: str, all_day: int) -> str:
        moment = datetime.fromisoformat(iso.replace("Z", "+00:00"))
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        if all_day:  # all-day touches were 00:00 UTC of their date: a floating date
            return moment.astimezone(UTC).date().isoformat()
        return local_text(to_local(moment, tz))

    touches = conn.execute("SELECT id, starts_at, all_day FROM touches").fetchall()
    conn.executemany("UPDATE touches SET start_local = ?, tz = ? WHERE id = ?",
                     [(local(s, a), tz, i) for i, s, a in touches])
    overrides = conn.execute(
        "SELECT o.id, o.original_start, o.new_start, t.all_day FROM touch_occurrences o "
        "JOIN touches t ON t.id = o.touch_id").fetchall()
    conn.executemany(
        "UPDATE touch_occurrences SET original_start = ?, new_start = ? WHERE id = ?",
        [(local(orig, a), local(new, a) if new else None, i) for i, orig, new, a in overrides])
