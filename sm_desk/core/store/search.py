"""Find any record: by name (`find`, LIKE over the names, for the palette's first
letters) and over every word of every kind of record (`search_all`, the FTS5 index of
search_index.py: prefix matching, accents folded, bm25 ranking, matched words in context)."""

from __future__ import annotations

from dataclasses import dataclass

from sm_desk.core.store.database import Store
from sm_desk.core.store.search_index import INDEX, KIND_OF_CODE, SPREAD
from sm_desk.core.store.undo import Row

# kind -> (label expression, detail expression, table, extra WHERE)
_KINDS: dict[str, tuple[str, str, str, str]] = {
    "contact": ("trim(first_name || ' ' || last_name)", "coalesce(email, '')", "contacts",
                " OR email LIKE :p ESCAPE '\\'"),
    "company": ("name", "coalesce(industry, '')", "companies", ""),
    "deal": ("title", "(SELECT name FROM stages s WHERE s.id = stage_id)", "deals", ""),
    "campaign": ("name", "status", "campaigns", ""),
    "touch": ("title", "substr(starts_at, 1, 10)", "touches", ""),
    "task": ("title", "status || coalesce(', due ' || due, '')", "tasks", ""),
}
KINDS = tuple(_KINDS)


def _pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def find(store: Store, text: str, limit: int = 6) -> list[Row]:
    """Rows (kind, id, label, detail) whose name contains `text`, at most `limit` per kind."""
    text = text.strip()
    if not text:
        return []
    params = {"p": _pattern(text), "start": _pattern(text)[1:], "limit": limit}
    found: list[Row] = []
    for kind, (label, detail, table, extra) in _KINDS.items():
        found += store.query(
            f"SELECT '{kind}' AS kind, id, {label} AS label, {detail} AS detail FROM {table} "
            f"WHERE {label} LIKE :p ESCAPE '\\'{extra} "
            f"ORDER BY {label} LIKE :start ESCAPE '\\' DESC, length({label}), id LIMIT :limit",
            params)
    return found


# -- everything: the full-text index (search_index.py) -----------------------------------

GROUP_ORDER = ("contact", "company", "deal", "campaign", "touch", "task", "activity", "note",
               "insight", "collateral")
TITLE_WEIGHT = 4.0  # a word in the name counts as much as four in the notes
MARK_START, MARK_END = "\x02", "\x03"  # around matched words in a snippet (never typed)


@dataclass(frozen=True)
class Hit:
    """One record found: its kind and id, the name it is known by, a line about it, and
    the matched words in context (MARK_START/MARK_END around each: see `marked`)."""

    kind: str
    id: int
    label: str
    detail: str
    snippet: str
    score: float

    def marked(self, start: str = "[", end: str = "]") -> str:
        """The snippet with `start` and `end` around each matched word."""
        return self.snippet.replace(MARK_START, start).replace(MARK_END, end)


def match_expression(text: str) -> str:
    """The user's words as an FTS5 query: every word must occur, each as a prefix
    ("glu" finds gluten). Quotes keep the syntax (AND, NEAR, *, :) as plain text."""
    words = [w.replace('"', " ").strip() for w in text.split()]
    return " ".join(f'"{w}"*' for w in words if any(ch.isalnum() for ch in w))


def _labels(store: Store, kind: str, ids: list[int]) -> dict[int, tuple[str, str]]:
    marks = ", ".join("?" for _ in ids)
    if kind in _KINDS:
        label, detail, table, _ = _KINDS[kind]
        sql = f"SELECT id, {label} AS label, {detail} AS detail FROM {table} WHERE id IN ({marks})"
    elif kind in ("activity", "note"):
        sql = ("SELECT a.id, upper(substr(a.kind, 1, 1)) || substr(a.kind, 2) || ' · ' || "
               "substr(a.at, 1, 10) AS label, coalesce(nullif(trim(c.first_name || ' ' || "
               "c.last_name), ''), c.email, d.title, '') AS detail FROM activities a "
               "LEFT JOIN contacts c ON c.id = a.contact_id LEFT JOIN deals d ON d.id = a.deal_id "
               f"WHERE a.id IN ({marks})")
    elif kind == "insight":
        sql = ("SELECT i.id, i.quote AS label, replace(i.kind, '_', ' ') || coalesce(' · ' || "
               "nullif(trim(c.first_name || ' ' || c.last_name), ''), '') AS detail "
               "FROM insights i LEFT JOIN contacts c ON c.id = i.contact_id "
               f"WHERE i.id IN ({marks})")
    else:  # collateral
        sql = (f"SELECT id, title AS label, replace(kind, '_', ' ') AS detail FROM collateral "
               f"WHERE id IN ({marks})")
    return {r["id"]: (r["label"] or "", r["detail"] or "") for r in store.query(sql, ids)}


def search_all(store: Store, text: str, per_kind: int = 5) -> list[Hit]:
    """Records whose words start with the words typed, best `per_kind` of each kind,
    grouped by kind (the group with the best hit first) and ranked by bm25 in each."""
    expression = match_expression(text)
    if not expression:
        return []
    rows = store.conn.execute(
        "SELECT r, score FROM (SELECT r, score, row_number() OVER "
        f"(PARTITION BY r % {SPREAD} ORDER BY score) AS n FROM (SELECT rowid AS r, "
        f"bm25({INDEX}, {TITLE_WEIGHT}, 1.0) AS score FROM {INDEX} WHERE {INDEX} MATCH ?)) "
        "WHERE n <= ? ORDER BY score", [expression, per_kind]).fetchall()
    # Snippets only for the rows kept (one more MATCH limited to their rowids: ~1 ms),
    # not for every match (a word in 6,000 records: 25 ms).
    marks = ", ".join("?" for _ in rows)
    snippets = dict(store.conn.execute(
        f"SELECT rowid, snippet({INDEX}, -1, char(2), char(3), '…', 12) FROM {INDEX} "
        f"WHERE {INDEX} MATCH ? AND rowid IN ({marks})", [expression, *(r for r, _ in rows)]
    ).fetchall()) if rows else {}
    by_kind: dict[str, list[tuple[int, float, str]]] = {}
    for rowid, score in rows:
        by_kind.setdefault(KIND_OF_CODE[rowid % SPREAD], []).append(
            (rowid // SPREAD, score, snippets.get(rowid, "")))
    hits: list[Hit] = []
    for kind, found in by_kind.items():  # in the order of each kind's best hit
        names = _labels(store, kind, [item_id for item_id, _, _ in found])
        hits += [Hit(kind, item_id, *names.get(item_id, ("", "")), snip, score)
                 for item_id, score, snip in found]
    return hits


def count_matches(store: Store, text: str) -> int:
    expression = match_expression(text)
    if not expression:
        return 0
    return int(store.scalar(f"SELECT count(*) FROM {INDEX} WHERE {INDEX} MATCH ?",
                            [expression]))
