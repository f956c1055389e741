"""Queries behind the hand-offs between the hats: insights, collateral, segment
priorities and lead hand-offs (tables: see handoffs_schema.py).

Every list is bounded or grouped in SQL; the Python around them (core/handoffs/)
only ranks and labels.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sm_desk.core.store.database import Store

Row = dict[str, Any]
CONTACT_NAME = "trim(coalesce(c.first_name, '') || ' ' || coalesce(c.last_name, ''))"
# The best (lowest) segment rank of a contact: NULL when none of its tags is ranked.
SEGMENT_RANK = ("(SELECT min(sp.rank) FROM contact_tags ct JOIN segment_priorities sp "
                "ON sp.tag_id = ct.tag_id WHERE ct.contact_id = {contact})")
SEGMENT_NAME = ("(SELECT t.name FROM contact_tags ct JOIN segment_priorities sp "
                "ON sp.tag_id = ct.tag_id JOIN tags t ON t.id = ct.tag_id "
                "WHERE ct.contact_id = {contact} ORDER BY sp.rank LIMIT 1)")


def segment_rank_sql(contact: str) -> str:
    """SQL for the best segment rank of the contact in column `contact` (e.g. d.contact_id)."""
    return SEGMENT_RANK.format(contact=contact)


def segment_name_sql(contact: str) -> str:
    return SEGMENT_NAME.format(contact=contact)


def _marks(values: Sequence[Any]) -> str:
    return ", ".join("?" for _ in values)


# -- insights ------------------------------------------------------------------------------

INSIGHT_COLUMNS = (
    "i.id, i.kind, i.quote, i.heard_at, i.deal_id, i.contact_id, i.activity_id, "
    "i.answered_by_campaign_id, i.answered_by_touch_id, d.title AS deal, "
    f"{CONTACT_NAME} AS contact, ca.name AS answer_campaign, tu.title AS answer_touch, "
    "tu.kind AS answer_touch_kind, tu.starts_at AS answer_touch_at, "
    "(SELECT group_concat(tag, ', ') FROM (SELECT tag FROM insight_tags WHERE insight_id = i.id "
    "ORDER BY tag)) AS tags")
INSIGHT_FROM = (
    "FROM insights i LEFT JOIN deals d ON d.id = i.deal_id "
    "LEFT JOIN contacts c ON c.id = i.contact_id "
    "LEFT JOIN campaigns ca ON ca.id = i.answered_by_campaign_id "
    "LEFT JOIN touches tu ON tu.id = i.answered_by_touch_id")


def insight_tags(store: Store, insight_id: int) -> list[Row]:
    return store.query("SELECT id, tag FROM insight_tags WHERE insight_id = ? ORDER BY tag",
                       [insight_id])


def insight_groups(store: Store, since_30: str, since_90: str) -> list[Row]:
    """Per (kind, tag) - '' for untagged insights: counts over 30 and 90 days and all
    time, unanswered ones within 90 days and in all, and the newest time heard."""
    return store.query(
        "SELECT i.kind, coalesce(it.tag, '') AS tag, count(*) AS total, "
        "sum(i.heard_at >= :s30) AS last_30, sum(i.heard_at >= :s90) AS last_90, "
        "sum(i.answered_by_campaign_id IS NULL AND i.answered_by_touch_id IS NULL) "
        "AS unanswered, "
        "sum(i.heard_at >= :s90 AND i.answered_by_campaign_id IS NULL "
        "AND i.answered_by_touch_id IS NULL) AS unanswered_90, max(i.heard_at) AS newest "
        "FROM insights i LEFT JOIN insight_tags it ON it.insight_id = i.id "
        "GROUP BY i.kind, coalesce(it.tag, '') COLLATE NOCASE",
        {"s30": since_30, "s90": since_90})


def insight_rows(store: Store, *, kind: str | None = None, tag: str | None = None,
                 deal_id: int | None = None, ids: Sequence[int] | None = None,
                 since: str | None = None, until: str | None = None,
                 limit: int = 500) -> list[Row]:
    """Insights newest first, with the deal they came from and what answers them.
    tag '' means untagged."""
    where, params = ["1"], []  # type: list[str], list[Any]
    if kind is not None:
        where.append("i.kind = ?")
        params.append(kind)
    if tag == "":
        where.append("NOT EXISTS (SELECT 1 FROM insight_tags x WHERE x.insight_id = i.id)")
    elif tag is not None:
        where.append("EXISTS (SELECT 1 FROM insight_tags x WHERE x.insight_id = i.id "
                     "AND x.tag = ? COLLATE NOCASE)")
        params.append(tag)
    if deal_id is not None:
        where.append("i.deal_id = ?")
        params.append(deal_id)
    if ids is not None:
        where.append(f"i.id IN ({_marks(ids) or 'NULL'})")
        params.extend(ids)
    if since is not None:
        where.append("i.heard_at >= ?")
        params.append(since)
    if until is not None:
        where.append("i.heard_at < ?")
        params.append(until)
    return store.query(
        f"SELECT {INSIGHT_COLUMNS} {INSIGHT_FROM} WHERE {' AND '.join(where)} "
        "ORDER BY i.heard_at DESC, i.id DESC LIMIT ?", [*params, limit])


def deal_insight_tags(store: Store, deal_id: int, kinds: Sequence[str]) -> list[str]:
    """The tags of a deal's insights of `kinds` (objections, questions...), most heard first."""
    return [r["tag"] for r in store.query(
        f"SELECT it.tag, count(*) AS n FROM insights i JOIN insight_tags it "
        f"ON it.insight_id = i.id WHERE i.deal_id = ? AND i.kind IN ({_marks(kinds)}) "
        f"GROUP BY it.tag COLLATE NOCASE ORDER BY n DESC, it.tag", [deal_id, *kinds])]


def answer_choices(store: Store, limit: int = 400) -> list[Row]:
    """Campaigns and touches to pick as the answer: touches newest first."""
    return store.query(
        "SELECT 'touch' AS type, t.id, t.title AS name, t.kind, t.starts_at, ca.name AS campaign "
        "FROM touches t LEFT JOIN campaigns ca ON ca.id = t.campaign_id "
        "UNION ALL SELECT 'campaign', id, name, NULL, start_date, NULL FROM campaigns "
        "WHERE archived = 0 ORDER BY starts_at DESC LIMIT ?", [limit])


def known_insight_tags(store: Store) -> list[str]:
    return [r["tag"] for r in store.query(
        "SELECT tag FROM (SELECT tag FROM insight_tags UNION SELECT tag FROM collateral_tags) "
        "ORDER BY tag COLLATE NOCASE")]


# -- collateral ----------------------------------------------------------------------------

COLLATERAL_COLUMNS = (
    "k.id, k.title, k.kind, k.location, k.notes, "
    "(SELECT group_concat(tag, ', ') FROM (SELECT tag FROM collateral_tags "
    "WHERE collateral_id = k.id ORDER BY tag)) AS tags, "
    "(SELECT group_concat(s.name, ', ') FROM (SELECT s.name FROM collateral_stages cs "
    "JOIN stages s ON s.id = cs.stage_id WHERE cs.collateral_id = k.id ORDER BY s.position)"
    " AS s) AS stages, "
    "(SELECT count(*) FROM collateral_sends x WHERE x.collateral_id = k.id) AS sends, "
    "(SELECT max(sent_at) FROM collateral_sends x WHERE x.collateral_id = k.id) AS last_sent")


def collateral_rows(store: Store, ids: Sequence[int] | None = None) -> list[Row]:
    where = "" if ids is None else f"WHERE k.id IN ({_marks(ids) or 'NULL'})"
    return store.query(f"SELECT {COLLATERAL_COLUMNS} FROM collateral k {where} "
                       "ORDER BY k.title COLLATE NOCASE, k.id", list(ids or []))


def collateral_stage_ids(store: Store, collateral_id: int) -> list[Row]:
    return store.query("SELECT id, stage_id FROM collateral_stages WHERE collateral_id = ?",
                       [collateral_id])


def collateral_tag_rows(store: Store, collateral_id: int) -> list[Row]:
    return store.query("SELECT id, tag FROM collateral_tags WHERE collateral_id = ?",
                       [collateral_id])


def collateral_for(store: Store, stage_id: int, tags: Sequence[str]) -> list[Row]:
    """Collateral that suits `stage_id` or answers any of `tags`, with what matched."""
    tag_list = [t.casefold() for t in tags]
    tag_match = (f"(SELECT group_concat(tag, ', ') FROM collateral_tags x WHERE "
                 f"x.collateral_id = k.id AND lower(x.tag) IN ({_marks(tag_list) or 'NULL'}))")
    return store.query(
        f"SELECT {COLLATERAL_COLUMNS}, "
        f"EXISTS (SELECT 1 FROM collateral_stages cs WHERE cs.collateral_id = k.id "
        f"AND cs.stage_id = ?) AS suits_stage, {tag_match} AS answers "
        f"FROM collateral k WHERE suits_stage OR answers IS NOT NULL",
        [stage_id, *tag_list])


def last_sent_on_deal(store: Store, deal_id: int) -> dict[int, str]:
    return {r["collateral_id"]: r["at"] for r in store.query(
        "SELECT collateral_id, max(sent_at) AS at FROM collateral_sends WHERE deal_id = ? "
        "GROUP BY collateral_id", [deal_id])}


def unsent_collateral(store: Store, since: str) -> list[Row]:
    """Collateral nobody sent since `since` (never, or only before)."""
    return store.query(
        f"SELECT {COLLATERAL_COLUMNS} FROM collateral k WHERE NOT EXISTS (SELECT 1 FROM "
        "collateral_sends x WHERE x.collateral_id = k.id AND x.sent_at >= ?) "
        "ORDER BY k.title COLLATE NOCASE", [since])


def uncovered_tags(store: Store, kinds: Sequence[str], since: str) -> list[Row]:
    """Insight tags of `kinds` heard since `since` that no collateral answers, most heard first."""
    return store.query(
        f"SELECT it.tag, count(*) AS n, max(i.heard_at) AS newest FROM insights i "
        f"JOIN insight_tags it ON it.insight_id = i.id WHERE i.kind IN ({_marks(kinds)}) "
        f"AND i.heard_at >= ? AND NOT EXISTS (SELECT 1 FROM collateral_tags ct "
        f"WHERE ct.tag = it.tag COLLATE NOCASE) GROUP BY it.tag COLLATE NOCASE "
        f"ORDER BY n DESC, it.tag", [*kinds, since])


def contact_email(store: Store, contact_id: int | None) -> str:
    if contact_id is None:
        return ""
    return str(store.scalar("SELECT coalesce(email, '') FROM contacts WHERE id = ?",
                            [contact_id]) or "")


# -- segment priorities --------------------------------------------------------------------

def segments(store: Store, lead_lifecycles: Sequence[str] = ("lead",)) -> list[Row]:
    """Every contact tag with its rank (NULL: unranked), reason and how many contacts and
    leads carry it: ranked first by rank, then the rest by name."""
    return store.query(
        f"SELECT t.id AS tag_id, t.name, sp.id AS priority_id, sp.rank, "
        f"coalesce(sp.reason, '') AS reason, "
        f"(SELECT count(*) FROM contact_tags ct WHERE ct.tag_id = t.id) AS contacts, "
        f"(SELECT count(*) FROM contact_tags ct JOIN contacts c ON c.id = ct.contact_id "
        f"WHERE ct.tag_id = t.id AND c.lifecycle IN ({_marks(lead_lifecycles)})) AS leads "
        f"FROM tags t LEFT JOIN segment_priorities sp ON sp.tag_id = t.id "
        f"ORDER BY sp.rank IS NULL, sp.rank, t.name COLLATE NOCASE", list(lead_lifecycles))


def priority_rows(store: Store) -> list[Row]:
    return store.query("SELECT id, tag_id, rank, reason FROM segment_priorities ORDER BY rank")


def best_lead_rows(store: Store, quiet_since: str, limit: int) -> list[Row]:
    """Leads in a ranked segment with no call, email or meeting since `quiet_since`:
    best segment first, then those ready for sales, the most qualified, the newest.
    Starts from the ranked segments' members (contact_tags_by_tag), not from all leads."""
    return store.query(
        f"SELECT c.id, {CONTACT_NAME} AS name, c.email, c.phone, c.created_at, "
        f"co.name AS company, r.segment_rank, (SELECT t.name FROM segment_priorities sp "
        f"JOIN tags t ON t.id = sp.tag_id WHERE sp.rank = r.segment_rank "
        f"ORDER BY sp.id LIMIT 1) AS segment, "
        f"coalesce(q.vision + q.budget + q.need + q.authority + q.timeframe, 0) AS vbant, "
        # +h.status: look up by contact (handoffs_by_contact), not scan every open hand-off
        f"EXISTS (SELECT 1 FROM handoffs h WHERE h.contact_id = c.id AND +h.status = 'open') "
        f"AS ready FROM (SELECT ct.contact_id AS id, min(sp.rank) AS segment_rank "
        f"FROM segment_priorities sp JOIN contact_tags ct ON ct.tag_id = sp.tag_id "
        f"GROUP BY ct.contact_id) r JOIN contacts c ON c.id = r.id "
        f"LEFT JOIN companies co ON co.id = c.company_id "
        f"LEFT JOIN lead_qualifications q ON q.contact_id = c.id "
        f"WHERE c.lifecycle = 'lead' AND NOT EXISTS (SELECT 1 FROM activities a "
        f"WHERE a.contact_id = c.id AND a.at >= ? AND a.kind IN ('call', 'email', 'meeting')) "
        f"ORDER BY r.segment_rank, ready DESC, vbant DESC, c.created_at DESC, c.id LIMIT ?",
        [quiet_since, limit])


# -- lead hand-offs ------------------------------------------------------------------------

def qualification(store: Store, contact_id: int) -> Row | None:
    return store.query_one("SELECT * FROM lead_qualifications WHERE contact_id = ?",
                           [contact_id])


def handoffs_of(store: Store, contact_id: int) -> list[Row]:
    """A contact's hand-offs, newest first."""
    return store.query("SELECT * FROM handoffs WHERE contact_id = ? "
                       "ORDER BY handed_at DESC, id DESC", [contact_id])


def open_handoffs(store: Store) -> list[Row]:
    return store.query("SELECT id, contact_id, handed_at FROM handoffs WHERE status = 'open' "
                       "ORDER BY handed_at, id")


def open_handoff_count(store: Store) -> int:
    return int(store.scalar("SELECT count(*) FROM handoffs WHERE status = 'open'"))


def overdue_task_keys(store: Store) -> set[str]:
    return {r["origin_key"] for r in store.query(
        "SELECT origin_key FROM tasks WHERE rule = 'handoff.overdue'")}


LEAD_COLUMNS = (
    f"c.id, {CONTACT_NAME} AS name, c.email, c.phone, c.lifecycle, c.created_at, "
    f"co.name AS company, ca.name AS campaign, c.source_campaign_id, "
    f"{segment_rank_sql('c.id')} AS segment_rank, {segment_name_sql('c.id')} AS segment, "
    f"q.vision, q.budget, q.need, q.authority, q.timeframe, "
    f"h.id AS handoff_id, h.status AS handoff_status, h.handed_at, h.answered_at, "
    f"h.return_reason, h.note AS handoff_note, h.deal_id")
LEAD_FROM = (
    "FROM contacts c LEFT JOIN companies co ON co.id = c.company_id "
    "LEFT JOIN campaigns ca ON ca.id = c.source_campaign_id "
    "LEFT JOIN lead_qualifications q ON q.contact_id = c.id "
    "LEFT JOIN handoffs h ON h.id = (SELECT id FROM handoffs x WHERE x.contact_id = c.id "
    "ORDER BY x.handed_at DESC, x.id DESC LIMIT 1)")


def lead_rows(store: Store, ids: Sequence[int] | None = None, limit: int = 20000) -> list[Row]:
    """Marketing's leads (lifecycle 'lead') and every contact ever handed over, with the
    latest hand-off, the lead's VBANT and its best segment."""
    if ids is not None:
        where, params = f"c.id IN ({_marks(ids) or 'NULL'})", list(ids)
    else:
        where, params = ("(c.lifecycle = 'lead' OR EXISTS (SELECT 1 FROM handoffs x "
                         "WHERE x.contact_id = c.id))"), []
    return store.query(f"SELECT {LEAD_COLUMNS} {LEAD_FROM} WHERE {where} "
                       f"ORDER BY c.id LIMIT ?", [*params, limit])


def first_contacts(store: Store, handoff_ids: Sequence[int], before: str) -> dict[int, str]:
    """handoff id -> the first call, email or meeting with its contact at or after the
    hand-off and before `before`."""
    if not handoff_ids:
        return {}
    rows = store.query(
        f"SELECT h.id, (SELECT min(a.at) FROM activities a WHERE a.contact_id = h.contact_id "
        f"AND a.kind IN ('call', 'email', 'meeting') AND a.at >= h.handed_at AND a.at < ?) "
        f"AS first FROM handoffs h WHERE h.id IN ({_marks(handoff_ids)})",
        [before, *handoff_ids])
    return {r["id"]: r["first"] for r in rows if r["first"]}


def handoffs_between(store: Store, column: str, start: str, end: str) -> list[Row]:
    """Hand-offs whose `column` ('handed_at' or 'answered_at') falls in [start, end)."""
    if column not in ("handed_at", "answered_at"):
        raise ValueError(column)
    return store.query(
        f"SELECT h.*, {CONTACT_NAME} AS contact FROM handoffs h "
        f"JOIN contacts c ON c.id = h.contact_id "
        f"WHERE h.{column} >= ? AND h.{column} < ? ORDER BY h.{column}, h.id", [start, end])


def open_at(store: Store, instant: str) -> list[Row]:
    """Hand-offs made before `instant` and not answered by then."""
    return store.query(
        "SELECT id, contact_id, handed_at FROM handoffs WHERE handed_at < ? "
        "AND (answered_at IS NULL OR answered_at >= ?)", [instant, instant])
