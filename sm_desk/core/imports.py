"""Import history and undoing a whole import.

Every CSV, vCard and ICS import records, in its own step, the ids it created and the
fields it changed on records that already existed (before and after). Undoing it:
- puts back the fields of each updated record, unless one of those fields was changed
  again since (the record is then left alone and named, with the field);
- removes each created record, unless it was edited since or has work attached
  (deals, activities); companies, tags and campaigns it created go when nothing
  uses them any more.
The undo is one undoable step (Ctrl+Z brings the import back) and says what it could
not do and why.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from sm_desk.core.store import Changes, Step, Store
from sm_desk.core.store import custom_fields as custom_q
from sm_desk.core.store import imports as q
from sm_desk.core.tasks.rules import sync_contact, sync_touch
from sm_desk.core.words import counted

KIND_LABELS = {"csv": "Contacts (CSV)", "vcard": "Contacts (vCard)", "ics": "Calendar (ICS)",
               "crm_companies": "Companies", "crm_deals": "Deals", "crm_activities": "Activities"}
# What an ICS import writes that its history keeps (tasks follow from the touches).
ICS_TABLES = ("touches", "touch_occurrences", "campaigns")
# Created rows are removed children first.
REMOVE_ORDER = ("tasks", "activities", "deals", "contacts", "touch_occurrences", "touches",
                "companies", "tags", "campaigns")
SHARED_TABLES = ("companies", "tags", "campaigns")  # removed only when nothing uses them
FIELD_NAMES = {"first_name": "first name", "last_name": "last name", "job_title": "job title",
               "company_id": "company", "source_campaign_id": "source campaign",
               "starts_at": "start", "duration_minutes": "duration", "campaign_id": "campaign",
               "all_day": "all-day", "new_start": "moved start", "+tags": "tags"}
NOISE = frozenset({"updated_at", "created_at", "last_touched_at", "last_activity_at"})
# Above this many records, undoing an import writes set-based (seconds, not minutes) and
# cannot itself be undone with Ctrl+Z; the report says so.
BULK_UNDO = 5000
ORIGIN = {"contacts": "contact", "touches": "touch"}


class ImportHistoryError(ValueError):
    """The import does not exist or was already undone."""


@dataclass
class UndoReport:
    removed: int = 0
    restored: int = 0
    kept: list[tuple[str, str]] = field(default_factory=list)  # (record, why)
    changes: Changes = field(default_factory=Changes)
    bulk: bool = False  # too big for Ctrl+Z

    def lines(self) -> list[str]:
        out = [f"Removed {counted(self.removed, 'record')} the import created, restored "
               f"{self.restored:,} it had updated."]
        if self.bulk:
            out.append(f"(Over {BULK_UNDO:,} records: this undo cannot be undone with Ctrl+Z; "
                       "import the file again to bring them back.)")
        if self.kept:
            out.append(f"{len(self.kept):,} could not be undone:")
            out += [f"  {what}: {why}" for what, why in self.kept]
        return out


# -- recording -----------------------------------------------------------------------------

class UpdatedRow(Protocol):
    """One stored contact an import changes (csv_changes.RowDiff)."""

    contact_id: int
    fields: dict[str, list[Any]]  # column -> [before, after], 'updated_at' included
    custom: dict[int, list[Any]]  # custom field id -> [before, after]


def record_contacts_import(step: Step, *, kind: str, file_name: str, stamp: str,
                           created: Sequence[int], updated: Sequence[UpdatedRow],
                           companies: Sequence[tuple[int, str]],
                           tags: Sequence[tuple[int, str]], links: Iterable[tuple[int, int]],
                           rejected: int) -> int:
    """Call inside the importer's step, BEFORE its bulk write (it reads the tag links the
    updated contacts had). `created`: the new contacts' ids; `updated`: what the import
    changes on stored contacts (fields with their before/after, custom values)."""
    store = step.store
    ids = [row.contact_id for row in updated]
    had = q.tag_links(store, ids)
    updated_ids = set(ids)
    added: dict[int, set[int]] = {}
    for contact_id, tag_id in links if updated_ids else ():
        if contact_id in updated_ids and (contact_id, tag_id) not in had:
            added.setdefault(contact_id, set()).add(tag_id)
    changes: list[tuple[str, int, dict[str, Any]]] = []
    for row in updated:
        fields: dict[str, Any] = dict(row.fields)
        if row.contact_id in added:
            fields["+tags"] = sorted(added[row.contact_id])
        if row.custom:
            fields["+custom"] = {str(k): v for k, v in row.custom.items()}
        if fields:
            changes.append(("contacts", row.contact_id, fields))
    return q.insert_import(
        step, kind=kind, file_name=file_name, at=stamp, created=len(created),
        updated=len(updated), rejected=rejected,
        created_ids={"contacts": created,
                     "companies": [c for c, _ in companies], "tags": [t for t, _ in tags]},
        changes=changes)


def record_created(step: Step, import_id: int, table: str, ids: Sequence[int]) -> None:
    """Add rows created after the import was recorded (the tasks its new leads got)."""
    if ids:
        q.add_created(step, import_id, table, ids)


def record_from_step(step: Step, *, kind: str, file_name: str, stamp: str, created: int,
                     updated: int, rejected: int, tables: Sequence[str] = ICS_TABLES) -> int:
    """For an import written through an undoable step (ICS): its recorded row images
    already say what was created and what each update changed. Call at the step's end."""
    created_ids: dict[str, list[int]] = {t: [] for t in tables}
    first_before: dict[tuple[str, int], dict[str, Any]] = {}
    last_after: dict[tuple[str, int], dict[str, Any]] = {}
    for change in step.undo.changes:
        if change.table not in tables:
            continue
        if change.before is None and change.after is not None:
            created_ids[change.table].append(change.id)
        elif change.before is not None and change.after is not None:
            first_before.setdefault((change.table, change.id), change.before)
            last_after[(change.table, change.id)] = change.after
    made = {(t, i) for t, ids in created_ids.items() for i in ids}
    changes = []
    for key, before in first_before.items():
        if key in made:
            continue
        after = last_after[key]
        fields = {c: [before[c], after[c]] for c in after
                  if c not in NOISE and before.get(c) != after[c]}
        if fields:
            changes.append((key[0], key[1], fields))
    return q.insert_import(step, kind=kind, file_name=file_name, at=stamp, created=created,
                           updated=updated, rejected=rejected, created_ids=created_ids,
                           changes=changes)


# -- undoing -------------------------------------------------------------------------------

def undo_import(store: Store, import_id: int, now: str) -> UndoReport:
    entry = q.entry(store, import_id)
    if entry is None:
        raise ImportHistoryError(f"there is no import {import_id}")
    if entry["undone_at"]:
        raise ImportHistoryError(f"import {import_id} was already undone on "
                                 f"{entry['undone_at'][:10]}")
    report = UndoReport()
    name = entry["file_name"] or KIND_LABELS.get(entry["kind"], "file")
    size = sum(len(ids) for ids in entry["created_ids"].values())
    report.bulk = bulk = size + int(entry["updated"]) > BULK_UNDO
    with store.step(f"Undo import of {name}", undoable=not bulk) as step:
        for table, row_id, fields in q.changes_of(store, import_id):
            _restore(step, table, row_id, fields, report)
        created: dict[str, list[int]] = entry["created_ids"]
        new_touches = set(created.get("touches", []))
        for table in REMOVE_ORDER:
            ids = created.get(table, [])
            if table == "touch_occurrences":  # those of new touches go with their touch
                ids = [i for i in ids if (store.get(table, i) or {}).get("touch_id")
                       not in new_touches]
            if table in SHARED_TABLES:
                _remove_unused(step, table, ids, report)
            else:
                _remove_created(step, table, ids, entry["at"], report, bulk)
        step.update("imports", import_id, {"undone_at": now,
                                           "undo_report": "\n".join(report.lines())})
    report.changes = step.summary
    return report


def _describe(fields: Sequence[str]) -> str:
    return ", ".join(FIELD_NAMES.get(f, f.replace("_", " ")) for f in fields)


def _sync(step: Step, table: str, row_id: int) -> None:
    if table == "contacts":
        sync_contact(step, row_id)
    elif table == "touches":
        sync_touch(step, row_id)


def _restore(step: Step, table: str, row_id: int, fields: dict[str, Any],
             report: UndoReport) -> None:
    """Put back what the import changed on one record: its fields, custom values and
    `updated_at` (unless edited since), and remove the tags it added."""
    store = step.store
    label = q.label_of(store, table, row_id)
    row = store.get(table, row_id)
    if row is None:
        report.kept.append((f"{label}", "deleted since the import; nothing to restore"))
        return
    added_tags = fields.pop("+tags", [])
    custom = {int(k): v for k, v in fields.pop("+custom", {}).items()}
    stamp = fields.pop("updated_at", None)
    edited = [c for c, (_, after) in fields.items() if c in row and row[c] != after]
    now_custom = custom_q.values(store, table, [row_id]).get(row_id, {}) if custom else {}
    edited += [_field_name(store, field_id) for field_id, (_, after) in custom.items()
               if now_custom.get(field_id) != after]
    if edited:
        report.kept.append((label, f"{_describe(edited)} changed since the import; "
                                   "left as it is now"))
        return
    values = {c: before for c, (before, _) in fields.items() if c in row}
    if values and stamp and row.get("updated_at") == stamp[1]:
        values["updated_at"] = stamp[0]  # as it was: nobody touched it since
    if values:
        step.update(table, row_id, values)
    for field_id, (before, _) in custom.items():
        custom_q.set_value(step, field_id, table, row_id, before)
    for tag_id in added_tags:
        link = q.link_id(store, row_id, tag_id)
        if link is not None:
            step.delete("contact_tags", link)
    if table != "contacts":  # an import syncs no task of a contact it updates
        _sync(step, table, row_id)
    report.restored += 1


def _field_name(store: Store, field_id: int) -> str:
    row = store.get("custom_fields", field_id)
    return str(row["name"]) if row else f"field {field_id}"


def _remove_created(step: Step, table: str, ids: Sequence[int], at: str,
                    report: UndoReport, bulk: bool = False) -> None:
    store = step.store
    rows = q.rows_by_id(store, table, ids)
    attached = [(child, column) for child, column, _ in store.children(table)
                if child not in ("contact_tags", "touch_occurrences", "custom_values",
                                 "deal_stage_changes")]
    linked = q.ids_with_children(store, table, list(rows), attached)
    removable: list[int] = []
    for row_id in ids:
        row = rows.get(row_id)
        if row is None:
            continue  # deleted since: nothing to remove
        if str(row.get("updated_at") or "") > at:
            report.kept.append((q.label_of(store, table, row_id),
                                "edited since the import; kept"))
        elif row_id in linked:
            report.kept.append((q.label_of(store, table, row_id),
                                f"has {' and '.join(linked[row_id])} now; kept"))
        else:
            removable.append(row_id)
    if bulk:  # set-based; the rules then see the few that had tasks
        q.delete_ids(step, table, removable)
        for row_id in q.ids_with_tasks(store, ORIGIN.get(table, ""), removable):
            _sync(step, table, row_id)
    else:
        for row_id in removable:
            step.delete(table, row_id)
            _sync(step, table, row_id)
    report.removed += len(removable)


def _remove_unused(step: Step, table: str, ids: Sequence[int], report: UndoReport) -> None:
    store = step.store
    for row_id in ids:
        if store.get(table, row_id) is None:
            continue
        if q.is_referenced(store, table, row_id):
            report.kept.append((f"{table[:-1] if table != 'companies' else 'company'} "
                                f"{q.label_of(store, table, row_id)}",
                                "still in use by records the import did not create; kept"))
            continue
        step.delete(table, row_id)
        report.removed += 1
