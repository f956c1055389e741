"""Find any record by name (the command palette): a few rows per kind, LIMITed, names
that start with the text first."""

from __future__ import annotations

from sm_desk.core.store.database import Store
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
