"""Queries of the marketing workspace: campaigns, touches by date, overrides, nurture.

The calendar asks only for its visible range: one-off touches through the covering
touches_once_by_day index, recurring ones through touches_series_end (only the series
that can reach the range; they are expanded in Python, within the range only).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sm_desk.core.store.database import Store
from sm_desk.core.store.undo import Row

TOUCH_COLUMNS = """t.id, t.campaign_id, t.kind, t.title, t.starts_at, t.start_local, t.tz, t.all_day,
    t.duration_minutes, t.rrule, t.status, t.audience_size, t.cost_minor, t.notes, t.uid,
    t.updated_at, c.colour AS colour, c.name AS campaign_name"""


def _filters(campaign_ids: Sequence[int] | None, kinds: Sequence[str] | None,
             params: list[Any]) -> str:
    sql = ""
    if campaign_ids is not None:
        sql += f" AND t.campaign_id IN ({', '.join('?' for _ in campaign_ids) or 'NULL'})"
        params.extend(campaign_ids)
    if kinds is not None:
        sql += f" AND t.kind IN ({', '.join('?' for _ in kinds) or 'NULL'})"
        params.extend(kinds)
    return sql


def single_touches_between(store: Store, start: str, end: str,
                           campaign_ids: Sequence[int] | None = None,
                           kinds: Sequence[str] | None = None) -> list[Row]:
    """One-off touches starting in [start, end) (ISO UTC), in start order."""
    params: list[Any] = [start, end]
    sql = (f"SELECT {TOUCH_COLUMNS} FROM touches t INDEXED BY touches_by_start "
           "LEFT JOIN campaigns c ON c.id = t.campaign_id "
           "WHERE t.starts_at >= ? AND t.starts_at < ? AND t.rrule IS NULL")
    sql += _filters(campaign_ids, kinds, params)
    return store.query(sql + " ORDER BY t.starts_at, t.id", params)


CALENDAR_COLUMNS = "t.id, t.campaign_id, t.kind, t.title, t.starts_at, t.all_day, " \
    "t.duration_minutes, t.status, t.cost_minor"
# Every column above is in touches_once_by_day (migration 0093; the id is its rowid), so
# these queries read a range of that index and never the table.
ONCE = "touches t INDEXED BY touches_once_by_day"


def calendar_rows(store: Store, timed: tuple[str, str], all_day: tuple[str, str],
                  campaign_ids: Sequence[int] | None = None,
                  kinds: Sequence[str] | None = None) -> list[tuple[Any, ...]]:
    """The calendar's hot query: one-off timed touches starting in [timed) and all-day
    ones in [all_day) (ISO UTC bounds), as light tuples (CALENDAR_COLUMNS); no dict per
    row and no join (campaign_styles gives colours)."""
    params: list[Any] = []
    parts = []
    for flag, (start, end) in ((0, timed), (1, all_day)):
        params += [flag, start, end]
        parts.append(f"SELECT {CALENDAR_COLUMNS} FROM {ONCE} WHERE t.rrule IS NULL "
                     "AND t.all_day = ? AND t.starts_at >= ? AND t.starts_at < ?"
                     + _filters(campaign_ids, kinds, params))
    return store.conn.execute(" UNION ALL ".join(parts), params).fetchall()


def day_first_rows(store: Store, all_day: bool, start: str, end: str, limit: int,
                   campaign_ids: Sequence[int] | None = None,
                   kinds: Sequence[str] | None = None) -> list[tuple[Any, ...]]:
    """The first `limit` one-off touches (all-day, or timed) starting in [start, end), in
    the month grid's order (start, title, id): one day cell's chips."""
    params: list[Any] = [int(all_day), start, end]
    sql = (f"SELECT {CALENDAR_COLUMNS} FROM {ONCE} WHERE t.rrule IS NULL "
           "AND t.all_day = ? AND t.starts_at >= ? AND t.starts_at < ?")
    sql += _filters(campaign_ids, kinds, params)
    return store.conn.execute(sql + " ORDER BY t.starts_at, t.title, t.id LIMIT ?",
                              [*params, limit]).fetchall()


def day_count(store: Store, all_day: bool, start: str, end: str,
              campaign_ids: Sequence[int] | None = None,
              kinds: Sequence[str] | None = None) -> int:
    """How many one-off touches (all-day, or timed) start in [start, end)."""
    params: list[Any] = [int(all_day), start, end]
    sql = (f"SELECT count(*) FROM {ONCE} WHERE t.rrule IS NULL "
           "AND t.all_day = ? AND t.starts_at >= ? AND t.starts_at < ?")
    sql += _filters(campaign_ids, kinds, params)
    return int(store.conn.execute(sql, params).fetchone()[0])


def campaign_styles(store: Store, ids: Iterable[int] | None = None
                    ) -> dict[int, tuple[str, str]]:
    """campaign id -> (name, colour), for painting: of `ids`, or of every campaign (also
    when `ids` are many: one plain scan then beats a long IN list, and SQLite caps how
    many parameters a statement takes)."""
    id_list = None if ids is None else list(ids)
    if id_list is None or len(id_list) > 500:
        return {r[0]: (r[1], r[2]) for r in store.conn.execute(
            "SELECT id, name, colour FROM campaigns").fetchall()}
    marks = ", ".join("?" for _ in id_list) or "NULL"
    return {r[0]: (r[1], r[2]) for r in store.conn.execute(
        f"SELECT id, name, colour FROM campaigns WHERE id IN ({marks})", id_list).fetchall()}


def recurring_touches(store: Store, before: str | None = None,
                      campaign_ids: Sequence[int] | None = None,
                      kinds: Sequence[str] | None = None) -> list[Row]:
    """Recurring touches whose series starts before `before` (all when None)."""
    params: list[Any] = []
    sql = (f"SELECT {TOUCH_COLUMNS} FROM touches t INDEXED BY touches_recurring "
           "LEFT JOIN campaigns c ON c.id = t.campaign_id WHERE t.rrule IS NOT NULL")
    if before is not None:
        sql += " AND t.starts_at < ?"
        params.append(before)
    sql += _filters(campaign_ids, kinds, params)
    return store.query(sql + " ORDER BY t.starts_at, t.id", params)


def recurring_reaching(store: Store, start: str, end: str, shown_from: str, shown_to: str,
                       campaign_ids: Sequence[int] | None = None,
                       kinds: Sequence[str] | None = None) -> list[Row]:
    """Recurring touches that can have an occurrence starting in [start, end) (UTC): the
    series starts before `end` and either its bound (series_end_at) is not before
    `start`, it has none, or one of its moved or extra occurrences shows at a wall-clock
    time in [shown_from, shown_to) (the caller widens that by every zone's offset).
    Three index ranges, not every series (recurring_touches' candidates, fewer)."""
    params: list[Any] = [start, shown_from, shown_to, end]
    sql = (f"SELECT {TOUCH_COLUMNS} FROM touches t "
           "LEFT JOIN campaigns c ON c.id = t.campaign_id WHERE t.id IN ("
           "SELECT id FROM touches INDEXED BY touches_series_end "
           "WHERE rrule IS NOT NULL AND series_end_at >= ? "
           "UNION SELECT id FROM touches INDEXED BY touches_series_end "
           "WHERE rrule IS NOT NULL AND series_end_at IS NULL "
           "UNION SELECT touch_id FROM touch_occurrences INDEXED BY touch_occurrences_shown "
           "WHERE removed = 0 AND coalesce(new_start, original_start) >= ? "
           "AND coalesce(new_start, original_start) < ?) "
           "AND t.rrule IS NOT NULL AND t.starts_at < ?")
    sql += _filters(campaign_ids, kinds, params)
    return store.query(sql + " ORDER BY t.starts_at, t.id", params)


def touch_rows(store: Store, ids: Iterable[int] | None = None) -> list[Row]:
    """Touches with their campaign colour and name (all when `ids` is None)."""
    params: list[Any] = []
    sql = (f"SELECT {TOUCH_COLUMNS} FROM touches t "
           "LEFT JOIN campaigns c ON c.id = t.campaign_id")
    if ids is not None:
        id_list = list(ids)
        sql += f" WHERE t.id IN ({', '.join('?' for _ in id_list) or 'NULL'})"
        params.extend(id_list)
    return store.query(sql + " ORDER BY t.starts_at, t.id", params)


def touch_by_uid(store: Store, uid: str) -> Row | None:
    return store.query_one("SELECT * FROM touches WHERE uid = ?", [uid])


def overrides(store: Store, touch_ids: Sequence[int]) -> list[Row]:
    """Per-occurrence overrides (moved, skipped, done) of the given recurring touches."""
    if not touch_ids:
        return []
    marks = ", ".join("?" for _ in touch_ids)
    return store.query(f"SELECT * FROM touch_occurrences WHERE touch_id IN ({marks}) "
                       "ORDER BY touch_id, original_start", list(touch_ids))


def override(store: Store, touch_id: int, original_start: str) -> Row | None:
    return store.query_one("SELECT * FROM touch_occurrences WHERE touch_id = ? "
                           "AND original_start = ?", [touch_id, original_start])


def campaign_by_name(store: Store, name: str) -> Row | None:
    return store.query_one("SELECT * FROM campaigns WHERE name = ? COLLATE NOCASE "
                           "ORDER BY archived, id LIMIT 1", [name])


def campaign_choices(store: Store, include_archived: bool = False) -> list[Row]:
    """id, name, colour of campaigns for pickers and filters, by name."""
    where = "" if include_archived else " WHERE archived = 0"
    return store.query(f"SELECT id, name, colour FROM campaigns{where} ORDER BY name COLLATE NOCASE")


def campaign_list(store: Store, include_archived: bool = False) -> list[Row]:
    """Campaigns with touches, spend, attributed leads, deals and won value.

    Grouped once per table (not one subquery per campaign): ~20 ms on the large demo.
    """
    where = "" if include_archived else " WHERE c.archived = 0"
    return store.query(f"""
        WITH t AS (SELECT campaign_id, count(*) AS n,
                     sum(CASE WHEN status != 'skipped' THEN cost_minor ELSE 0 END) AS spend
                   FROM touches GROUP BY campaign_id),
             k AS (SELECT source_campaign_id AS id, count(*) AS n FROM contacts
                   WHERE source_campaign_id IS NOT NULL GROUP BY source_campaign_id),
             d AS (SELECT d.source_campaign_id AS id, count(*) AS n,
                     sum(CASE WHEN s.outcome = 'won' THEN d.value_minor ELSE 0 END) AS won
                   FROM deals d JOIN stages s ON s.id = d.stage_id
                   WHERE d.source_campaign_id IS NOT NULL GROUP BY d.source_campaign_id)
        SELECT c.*, tg.name AS audience_tag, coalesce(t.n, 0) AS touch_count,
          coalesce(t.spend, 0) AS spend_minor, coalesce(k.n, 0) AS lead_count,
          coalesce(d.n, 0) AS deal_count, coalesce(d.won, 0) AS won_minor
        FROM campaigns c LEFT JOIN tags tg ON tg.id = c.audience_tag_id
          LEFT JOIN t ON t.campaign_id = c.id LEFT JOIN k ON k.id = c.id
          LEFT JOIN d ON d.id = c.id{where}
        ORDER BY c.archived, coalesce(c.start_date, '9999') DESC, c.name COLLATE NOCASE""")


def tags(store: Store) -> list[Row]:
    return store.query("SELECT id, name FROM tags ORDER BY name COLLATE NOCASE")


def targeting_campaigns(store: Store) -> list[Row]:
    """Campaigns with an audience (the nurture segment or a tag)."""
    return store.query("SELECT id, audience_tag_id, audience_segment FROM campaigns "
                       "WHERE audience_segment IS NOT NULL OR audience_tag_id IS NOT NULL")


def campaigns_with_done_touch(store: Store, campaign_ids: Sequence[int], start: str,
                              end: str) -> set[int]:
    """Which of these campaigns have a one-off touch done in [start, end): two ranges of
    touches_once_by_day (the window's touches), not every touch of each campaign."""
    if not campaign_ids:
        return set()
    marks = ", ".join("?" for _ in campaign_ids)
    return {r[0] for r in store.conn.execute(
        f"SELECT DISTINCT t.campaign_id FROM {ONCE} WHERE t.rrule IS NULL "
        "AND t.all_day IN (0, 1) AND t.starts_at >= ? AND t.starts_at < ? "
        f"AND t.status = 'done' AND t.campaign_id IN ({marks})",
        [start, end, *campaign_ids]).fetchall()}


def stale_nurture(store: Store, since: str, touched_tags: Sequence[int],
                  segment_touched: bool) -> tuple[int, dict[int, int]]:
    """Nurture contacts with no touch since `since`: the total, and per tag.

    Touched: in the audience of a done touch (`touched_tags`, or every nurture
    contact when `segment_touched`), an activity, or `last_touched_at`.
    """
    if segment_touched:
        return 0, {}
    marks = ", ".join("?" for _ in touched_tags) or "NULL"
    stale = f"""SELECT k.id FROM contacts k INDEXED BY contacts_by_lifecycle
        WHERE k.lifecycle = 'nurture'
          AND (k.last_touched_at IS NULL OR k.last_touched_at < ?)
          AND NOT EXISTS (SELECT 1 FROM activities a WHERE a.contact_id = k.id AND a.at >= ?)
          AND NOT EXISTS (SELECT 1 FROM contact_tags ct
                          WHERE ct.contact_id = k.id AND ct.tag_id IN ({marks}))"""
    params = [since, since, *touched_tags]
    total = int(store.scalar(f"SELECT count(*) FROM ({stale})", params))
    by_tag = {r["tag_id"]: r["n"] for r in store.query(
        f"SELECT ct.tag_id, count(*) AS n FROM ({stale}) s "
        "JOIN contact_tags ct ON ct.contact_id = s.id GROUP BY ct.tag_id", params)}
    return total, by_tag


# -- the plan view (months ahead) -------------------------------------------------------

def plan_campaigns(store: Store) -> list[Row]:
    """Unarchived campaigns for the plan, with their audience's name. A campaign missing
    a date takes it from its touches' first and last wall-clock day (`span_start`,
    `span_end`); one with neither dates nor touches has no span (NULL)."""
    return store.query("""
        WITH undated AS (SELECT t.campaign_id, min(substr(t.start_local, 1, 10)) AS lo,
                           max(substr(t.start_local, 1, 10)) AS hi
                         FROM touches t JOIN campaigns c ON c.id = t.campaign_id
                         WHERE c.start_date IS NULL OR c.end_date IS NULL
                         GROUP BY t.campaign_id)
        SELECT c.id, c.name, c.colour, c.status, c.audience_segment, tg.name AS audience_tag,
          c.budget_minor, c.currency, c.start_date, c.end_date,
          coalesce(c.start_date, u.lo, c.end_date) AS span_start,
          coalesce(c.end_date, u.hi, c.start_date) AS span_end
        FROM campaigns c LEFT JOIN tags tg ON tg.id = c.audience_tag_id
          LEFT JOIN undated u ON u.campaign_id = c.id
        WHERE c.archived = 0
        ORDER BY span_start, c.name COLLATE NOCASE, c.id""")


def plan_touch_days(store: Store) -> list[tuple[Any, ...]]:
    """Every campaign touch as (campaign_id, wall-clock day 'YYYY-MM-DD', 1 when one-off,
    spend). Spend counts a touch as the campaign list does: its cost once, unless
    skipped, on its (first) start. One plain scan (~15 ms for 20k touches; grouping in
    SQL costs 55): the plan groups it once and filters ranges in memory."""
    return store.conn.execute("""
        SELECT campaign_id, substr(start_local, 1, 10), rrule IS NULL,
          CASE WHEN status != 'skipped' THEN cost_minor ELSE 0 END
        FROM touches NOT INDEXED WHERE campaign_id IS NOT NULL""").fetchall()


def campaign_touches(store: Store, campaign_id: int) -> list[Row]:
    """Every touch of a campaign, with what moving it needs."""
    return store.query("SELECT id, title, start_local, tz, all_day, rrule FROM touches "
                       "WHERE campaign_id = ? ORDER BY starts_at, id", [campaign_id])


def hand_task(store: Store, title: str, due: str | None) -> Row | None:
    """A task made by hand (no rule, no origin) with this title and due date: what a
    to-do imported from a calendar updates instead of duplicating."""
    return store.query_one("SELECT * FROM tasks WHERE rule IS NULL AND origin_type IS NULL "
                           "AND title = ? AND due IS ? ORDER BY id LIMIT 1", [title, due])
