"""A record's story in one list, newest first: for a contact, a company or a deal.

Entries: every activity (call, email, meeting, note), the touches whose audience the
contact was in, stage changes, insights, lead hand-offs, tasks done, invoices,
payments and the file import that brought the contact in. Read a page at a time:
`entries(..., after=(at, key) of the last row shown)` returns the next older page
(keyset paging: each page costs the same, however deep). Each part of the union is
cut to one page before the parts are merged, so a page never sorts the whole story.

Row: at (ISO; a date for invoices, payments and all-day touches), kind, key (unique, orders ties), title,
detail, value_minor and currency (invoices and payments), ref_kind and ref_id (the
record to open: a deal, a touch, a task...).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sm_desk.core.store.database import Store
from sm_desk.core.store.undo import Row

ACTIVITY_KINDS = ("call", "email", "meeting", "note")
KINDS = (*ACTIVITY_KINDS, "touch", "stage", "insight", "handoff", "task", "invoice",
         "payment", "import")
SUBJECTS = ("contact", "company", "deal")
PAGE = 100


@dataclass(frozen=True)
class _Scope:
    """SQL sets for a subject: its contacts and its deals (':id' is the subject's id)."""

    contacts: str | None  # None: the subject has no contacts of its own (a deal)
    deals: str


SCOPES = {
    "contact": _Scope("(:id)", "(SELECT id FROM deals WHERE contact_id = :id)"),
    "company": _Scope("(SELECT id FROM contacts WHERE company_id = :id)",
                      "(SELECT id FROM deals WHERE company_id = :id)"),
    "deal": _Scope(None, "(:id)"),
}
_COLUMNS = "at, kind, key, title, detail, value_minor, currency, ref_kind, ref_id"


def _parts(subject: str, kinds: Collection[str]) -> list[str]:
    scope = SCOPES[subject]
    contacts, deals = scope.contacts, scope.deals
    parts: list[str] = []
    deal_title = "''" if subject == "deal" else "coalesce(d.title, '')"  # not the subject's own
    chosen = [k for k in ACTIVITY_KINDS if k in kinds]
    if chosen:
        # Two indexed lookups (by contact, by deal) rather than an OR that scans.
        ids = f"SELECT id FROM activities WHERE deal_id IN {deals}"
        if contacts is not None:
            ids = f"SELECT id FROM activities WHERE contact_id IN {contacts} UNION {ids}"
        kinds_sql = ", ".join(f"'{k}'" for k in chosen)
        parts.append(
            f"SELECT a.at, a.kind, 'a' || a.id, a.summary, {deal_title}, NULL, NULL, "
            "CASE WHEN a.deal_id IS NULL THEN 'contact' ELSE 'deal' END, "
            "coalesce(a.deal_id, a.contact_id) FROM activities a "
            f"LEFT JOIN deals d ON d.id = a.deal_id WHERE a.id IN ({ids}) "
            f"AND a.kind IN ({kinds_sql})")
    if "touch" in kinds and subject == "contact":
        # Touches sent to a segment the contact is in, since they were on the list.
        parts.append(
            "SELECT CASE WHEN t.all_day THEN substr(t.start_local, 1, 10) ELSE t.starts_at "
            "END, 'touch', 't' || t.id, t.title, ca.name, NULL, NULL, "
            "'touch', t.id FROM touches t JOIN campaigns ca ON ca.id = t.campaign_id "
            "WHERE ca.audience_tag_id IN (SELECT tag_id FROM contact_tags WHERE contact_id = :id) "
            "AND t.status <> 'skipped' AND t.starts_at <= :now "
            "AND t.starts_at >= (SELECT created_at FROM contacts WHERE id = :id)")
    if "stage" in kinds:
        parts.append(
            "SELECT c.at, 'stage', 's' || c.id, coalesce(f.name, '—') || ' → ' || "
            f"coalesce(t.name, '—'), {deal_title}, NULL, NULL, 'deal', c.deal_id "
            "FROM deal_stage_changes c JOIN deals d ON d.id = c.deal_id "
            "LEFT JOIN stages f ON f.id = c.from_stage_id "
            f"LEFT JOIN stages t ON t.id = c.to_stage_id WHERE c.deal_id IN {deals}")
    if "insight" in kinds:
        ids = f"SELECT id FROM insights WHERE deal_id IN {deals}"
        if contacts is not None:
            ids = f"SELECT id FROM insights WHERE contact_id IN {contacts} UNION {ids}"
        parts.append(
            "SELECT i.heard_at, 'insight', 'i' || i.id, i.quote, replace(i.kind, '_', ' '), "
            "NULL, NULL, 'insight', i.id FROM insights i "
            f"WHERE i.id IN ({ids})")
    if "handoff" in kinds:
        where = (f"h.contact_id IN {contacts}" if contacts is not None
                 else f"h.deal_id IN {deals}")
        parts.append(
            "SELECT h.handed_at, 'handoff', 'h' || h.id, 'Handed to sales: ' || h.status "
            "|| coalesce(' (' || replace(h.return_reason, '_', ' ') || ')', ''), h.note, "
            "NULL, NULL, 'contact', h.contact_id FROM handoffs h WHERE " + where)
    if "task" in kinds:
        origin = f"(origin_type = 'deal' AND origin_id IN {deals})"
        if contacts is not None:
            origin = f"(origin_type = 'contact' AND origin_id IN {contacts}) OR {origin}"
        parts.append(
            "SELECT k.done_at, 'task', 'k' || k.id, k.title, coalesce(k.function, ''), NULL, "
            "NULL, 'task', k.id FROM tasks k WHERE k.id IN "
            f"(SELECT id FROM tasks WHERE {origin}) AND k.status = 'done' "
            "AND k.done_at IS NOT NULL")
    for kind, column in (("invoice", "invoiced_at"), ("payment", "paid_at")):
        if kind in kinds:
            parts.append(
                f"SELECT d.{column}, '{kind}', '{kind[0]}' || d.id, d.title, "
                "coalesce(d.invoice_due, ''), d.value_minor, d.currency, 'deal', d.id "
                f"FROM deals d WHERE d.id IN {deals} AND d.{column} IS NOT NULL")
    if "import" in kinds and subject == "contact":
        parts.append(
            "SELECT m.at, 'import', 'm' || m.id, m.file_name, m.kind, NULL, NULL, "
            "'import', m.id FROM imports m WHERE m.undone_at IS NULL AND EXISTS "
            "(SELECT 1 FROM json_each(m.created_ids, '$.contacts') r WHERE :id BETWEEN "
            "json_extract(r.value, '$[0]') AND json_extract(r.value, '$[1]'))")
    return parts


def entries(store: Store, subject: str, subject_id: int, *, now: str,
            kinds: Collection[str] | None = None, after: tuple[str, str] | None = None,
            limit: int = PAGE) -> list[Row]:
    """One page of the subject's timeline, newest first: the entries older than `after`
    (the at and key of the last entry already shown), of `kinds` (None: all)."""
    if subject not in SCOPES:
        raise ValueError(f"no timeline for {subject!r}")
    parts = _parts(subject, KINDS if kinds is None else [k for k in kinds if k in KINDS])
    if not parts:
        return []
    older = "WHERE (at, key) < (:at, :key) " if after is not None else ""
    named = ", ".join(f"p{n} ({_COLUMNS}) AS ({part})" for n, part in enumerate(parts))
    pages = [f"SELECT * FROM (SELECT * FROM p{n} {older}ORDER BY at DESC, key DESC "
             "LIMIT :limit)" for n in range(len(parts))]
    sql = (f"WITH {named} SELECT * FROM ({' UNION ALL '.join(pages)}) "
           "WHERE at IS NOT NULL ORDER BY at DESC, key DESC LIMIT :limit")
    params: dict[str, object] = {"id": subject_id, "now": now, "limit": limit}
    if after is not None:
        params["at"], params["key"] = after
    return store.query(sql, params)


def subject_label(store: Store, subject: str, subject_id: int) -> str | None:
    """The name of the timeline's subject (None when it no longer exists)."""
    sql = {"contact": "SELECT coalesce(nullif(trim(first_name || ' ' || last_name), ''), "
                      "email, 'contact ' || id) FROM contacts WHERE id = ?",
           "company": "SELECT name FROM companies WHERE id = ?",
           "deal": "SELECT title FROM deals WHERE id = ?"}[subject]
    value = store.scalar(sql, [subject_id])
    return None if value is None else str(value)


def busiest_contact(store: Store) -> int | None:
    """The contact with the most activities logged on them (the benchmark's long story)."""
    value = store.scalar("SELECT contact_id FROM activities WHERE contact_id IS NOT NULL "
                         "GROUP BY contact_id ORDER BY count(*) DESC, contact_id LIMIT 1")
    return None if value is None else int(value)
