"""What an import will do to each row before it does it: New, Updates N fields (old ->
new per field), Unchanged, Skipped. The importer decides with the same comparison, so
a row shown Unchanged is not written (its contact keeps its `updated_at`) and the
import history records exactly the fields, tags and custom values a row changed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sm_desk.core.contacts.fields import LIFECYCLE_LABELS
from sm_desk.core.store import Store
from sm_desk.core.store import contacts as q
from sm_desk.core.store import custom_fields as custom_q
from sm_desk.core.store import imports as history_q
from sm_desk.core.store.contacts import UPDATE_COLUMNS

NEW, UPDATE, UNCHANGED, SKIPPED = "new", "update", "unchanged", "skipped"
COLUMN_LABELS = {"first_name": "First name", "last_name": "Last name", "phone": "Phone",
                 "company_id": "Company", "job_title": "Job title", "lifecycle": "Lifecycle",
                 "source_campaign_id": "Source campaign", "notes": "Notes"}


@dataclass
class Change:
    label: str  # 'Job title', 'Tags', a custom field's name
    old: str
    new: str

    def text(self) -> str:
        return f"{self.label}: {self.old or '(empty)'} → {self.new}"


@dataclass
class RowPlan:
    line: int
    status: str  # NEW, UPDATE, UNCHANGED, SKIPPED
    contact_id: int | None = None  # the stored contact the row's email matches
    changes: list[Change] = field(default_factory=list)

    def label(self) -> str:
        if self.status == UPDATE:
            n = len(self.changes)
            return f"Updates {n} field{'s' if n != 1 else ''}"
        return {NEW: "New", UNCHANGED: "Unchanged", SKIPPED: "Skipped"}[self.status]


@dataclass
class RowDiff:
    """What updating one stored contact changes: {column: [before, after]} (with
    'updated_at' when a column changes), the tags it adds, {custom field id: [before,
    after]}."""

    contact_id: int
    fields: dict[str, list[Any]]
    tags: list[str]
    custom: dict[int, list[Any]]

    def __bool__(self) -> bool:
        return bool(self.fields or self.tags or self.custom)


def compare(store: Store, contact_ids: Sequence[int], values: Sequence[Sequence[Any]],
            row_tags: Sequence[Sequence[str]], custom: Sequence[dict[int, str]],
            stamp: str) -> list[RowDiff]:
    """One RowDiff per matched row: `values` in UPDATE_COLUMNS order (None: not given),
    the row's tag names and its parsed custom values."""
    ids = list(dict.fromkeys(contact_ids))
    current = history_q.rows_by_id(store, "contacts", ids, ("id", *UPDATE_COLUMNS,
                                                            "updated_at"))
    had = history_q.tag_links(store, ids) if any(row_tags) else set()
    tag_index = q.name_index(store, "tags") if had or any(row_tags) else {}
    stored_custom = custom_q.values(store, "contacts", ids) if any(custom) else {}
    out: list[RowDiff] = []
    for contact_id, row, names, extra in zip(contact_ids, values, row_tags, custom,
                                             strict=True):
        before = current.get(contact_id) or {}
        fields = {column: [before.get(column), value]
                  for column, value in zip(UPDATE_COLUMNS, row, strict=True)
                  if value is not None and before.get(column) != value}
        if fields:
            fields["updated_at"] = [before.get("updated_at"), stamp]
        tags = [name for name in names
                if (contact_id, tag_index.get(name.casefold(), -1)) not in had]
        old_custom = stored_custom.get(contact_id, {})
        changed = {field_id: [old_custom.get(field_id), value]
                   for field_id, value in extra.items() if old_custom.get(field_id) != value}
        out.append(RowDiff(contact_id, fields, tags, changed))
    return out


def describe(store: Store, diff: RowDiff, company: str, campaign: str) -> list[Change]:
    """The changes as the user reads them (names, not ids). `company` and `campaign`:
    the names the row gives."""
    out: list[Change] = []
    names = None
    for column, (old, new) in diff.fields.items():
        if column == "updated_at":
            continue
        if column == "company_id":
            old, new = _name(store, "companies", old), company
        elif column == "source_campaign_id":
            old, new = _name(store, "campaigns", old), campaign
        elif column == "lifecycle":
            old, new = LIFECYCLE_LABELS.get(old, old), LIFECYCLE_LABELS.get(new, new)
        out.append(Change(COLUMN_LABELS.get(column, column), _short(old), _short(new)))
    if diff.tags:
        out.append(Change("Tags", ", ".join(q.contact_tags(store, diff.contact_id)),
                          "+ " + ", ".join(diff.tags)))
    if diff.custom:
        from sm_desk.io.csv_custom import field_names

        names = field_names(store)
        for field_id, (old, new) in diff.custom.items():
            out.append(Change(names.get(field_id, f"field {field_id}"), _short(old),
                              _short(new)))
    return out


def _name(store: Store, table: str, row_id: Any) -> str:
    if row_id is None:
        return ""
    row = store.get(table, int(row_id))
    return str(row["name"]) if row else ""


def _short(value: Any, limit: int = 80) -> str:
    text = "" if value is None else str(value).replace("\n", " ")
    return text if len(text) <= limit else text[:limit - 1] + "…"
