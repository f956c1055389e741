"""Touch migrations: 0019's data step (touches from UTC instants to wall-clock plus a
zone) and 0093 (the calendar's range indexes). Imported by schema.py, so the marketing
and profile modules are imported where used, not here."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database


def convert_touches_to_wall_clock(conn: sqlite3.Connection) -> None:
    """Fill `start_local`/`tz` from `starts_at`, and key overrides by local time."""
    from sm_desk.core.marketing.timing import local_text, to_local
    from sm_desk.core.profile import computer_zone

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


# Migration 0093: the calendar reads a range of indexes, not every touch.
# touches_once_by_day: one-off touches by (all-day flag, start, title, id: a day cell's
#   order) with every column the calendar paints, so a week is one range of the index
#   and a month's day cell its first rows and a count, without reading the table
#   (200,000 touches in the xlarge demo). rrule is in it too: SQLite counts an index as
#   covering only when it holds the columns of the partial index's own WHERE.
# touches_series_end: recurring touches by the bound of their last start (reach.py):
#   only the series that can reach the range are expanded.
# touch_occurrences_shown: where a moved or extra occurrence shows (wall-clock), so one
#   moved into the range is found without expanding every series.
# touches_series_end_reset: a write that changes the rule or the start and does not say
#   the new bound gets NULL (no bound: always expanded), so no writer can leave one stale.
TOUCH_RANGE_SQL = (
    "ALTER TABLE touches ADD COLUMN series_end_at TEXT",
    "CREATE INDEX touches_once_by_day ON touches (all_day, starts_at, title, id, kind, "
    "campaign_id, duration_minutes, status, cost_minor, rrule) WHERE rrule IS NULL",
    "CREATE INDEX touches_series_end ON touches (series_end_at) WHERE rrule IS NOT NULL",
    "CREATE INDEX touch_occurrences_shown ON touch_occurrences "
    "(coalesce(new_start, original_start)) WHERE removed = 0",
    """CREATE TRIGGER touches_series_end_reset
    AFTER UPDATE OF rrule, start_local, tz, all_day ON touches
    WHEN NEW.series_end_at IS NOT NULL AND NEW.series_end_at IS OLD.series_end_at
      AND (NEW.rrule IS NOT OLD.rrule OR NEW.start_local IS NOT OLD.start_local
           OR NEW.tz IS NOT OLD.tz OR NEW.all_day IS NOT OLD.all_day)
    BEGIN UPDATE touches SET series_end_at = NULL WHERE id = NEW.id; END""",
)


def add_touch_range_index(db: Database) -> None:
    from sm_desk.core.marketing.reach import fill_series_ends

    for statement in TOUCH_RANGE_SQL:
        db.execute(statement)
    fill_series_ends(db.conn)


def unbounded_series(conn: sqlite3.Connection) -> list[tuple[int, str, str, str, int]]:
    """Recurring touches without a reach bound: (id, rrule, start_local, tz, all_day)."""
    return conn.execute("SELECT id, rrule, start_local, tz, all_day FROM touches "
                        "WHERE rrule IS NOT NULL AND series_end_at IS NULL").fetchall()


def set_series_ends(conn: sqlite3.Connection, bounds: list[tuple[str, int]]) -> None:
    """Write (bound, touch id) pairs; outside a step: the bound is derived data."""
    conn.executemany("UPDATE touches SET series_end_at = ? WHERE id = ?", bounds)
