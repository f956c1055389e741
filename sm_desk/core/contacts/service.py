"""Create, edit, delete and merge contacts and companies; each write is one undoable step.

Field values come in as text (what a form or a file holds). Every function
returns the step's `Changes`; a created row's id is `created_id(changes, table)`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sm_desk.core.clock import now_utc, to_iso
from sm_desk.core.contacts.fields import contact_problems, lifecycle_of
from sm_desk.core.store import Changes, Step, Store
from sm_desk.core.store import contacts as q
from sm_desk.core.store.trash import delete_to_trash, label_of
from sm_desk.core.tasks.rules import sync_contact

TEXT_FIELDS = ("first_name", "last_name", "email", "phone", "job_title", "notes")
# Fields a merge copies from a duplicate when the kept contact has none.
FILL_FIELDS = ("first_name", "last_name", "email", "phone", "company_id", "job_title",
               "source_campaign_id", "last_touched_at")


class ContactError(ValueError):
    """The values cannot be saved; `problems` says why, one reason each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def created_id(changes: Changes, table: str = "contacts") -> int:
    ids = changes.rows.get(table)
    if not ids:
        raise LookupError(f"nothing was created in {table}")
    return min(ids)


def _stamp() -> str:
    return to_iso(now_utc())


def _clean(values: Mapping[str, Any]) -> dict[str, str]:
    return {k: str(v).strip() for k, v in values.items() if v is not None and k != "tags"}


def _row_values(step: Step, values: dict[str, str]) -> dict[str, Any]:
    """Form text -> contacts columns (company by name, found or created)."""
    problems = contact_problems({k: v for k, v in values.items() if k != "company"})
    if problems:
        raise ContactError(problems)
    row: dict[str, Any] = {k: (values[k] or None) for k in TEXT_FIELDS if k in values}
    for name in ("first_name", "last_name", "notes"):
        if name in row:
            row[name] = row[name] or ""
    if "lifecycle" in values:
        row["lifecycle"] = lifecycle_of(values["lifecycle"])
    if "company" in values:
        row["company_id"] = company_for(step, values["company"])
    return row


def company_for(step: Step, name: str) -> int | None:
    """The company of that name (case-insensitive), created when new; None for ''."""
    name = name.strip()
    if not name:
        return None
    found = q.find_company(step.store, name)
    if found is not None:
        return found
    stamp = _stamp()
    return step.insert("companies", {"name": name[:200], "created_at": stamp,
                                     "updated_at": stamp})


def tag_for(step: Step, name: str) -> int:
    found = q.find_tag(step.store, name)
    if found is not None:
        return found
    return step.insert("tags", {"name": name.strip()[:100]})


def _set_tags(step: Step, contact_id: int, names: Iterable[str]) -> None:
    wanted = {tag_for(step, n) for n in names if n.strip()}
    for row in q.tag_links(step.store, contact_id):
        if row["tag_id"] not in wanted:
            step.delete("contact_tags", row["id"])
        wanted.discard(row["tag_id"])
    for tag_id in sorted(wanted):
        step.insert("contact_tags", {"contact_id": contact_id, "tag_id": tag_id})


def create_contact(store: Store, values: Mapping[str, Any],
                   tags: Sequence[str] = ()) -> Changes:
    """values: first_name, last_name, email, phone, company (a name), job_title,
    lifecycle, notes, source_campaign_id."""
    clean = _clean(values)
    with store.step("Add contact") as step:
        row = _row_values(step, clean)
        stamp = _stamp()
        row.update(created_at=stamp, updated_at=stamp)
        if values.get("source_campaign_id"):
            row["source_campaign_id"] = int(values["source_campaign_id"])
        contact_id = step.insert("contacts", row)
        _set_tags(step, contact_id, tags)
        sync_contact(step, contact_id)
    return step.summary


def update_contact(store: Store, contact_id: int, values: Mapping[str, Any],
                   tags: Sequence[str] | None = None) -> Changes:
    """Write the given fields (others stay); tags, when given, replace the contact's tags."""
    before = store.get("contacts", contact_id)
    if before is None:
        raise LookupError(f"contact {contact_id} does not exist")
    clean = _clean(values)
    # Validate against what the contact will hold, not just the fields sent.
    merged = {k: str(before.get(k) or "") for k in ("first_name", "last_name", "email")}
    merged.update({k: v for k, v in clean.items() if k in merged})
    problems = contact_problems({**clean, **merged}) if clean else []
    if problems:
        raise ContactError(problems)
    with store.step("Edit contact") as step:
        row = _row_values(step, {**clean, **merged}) if clean else {}
        row = {k: v for k, v in row.items() if k in clean or k == "company_id" and
               "company" in clean}
        if "source_campaign_id" in values:
            source = values["source_campaign_id"]
            row["source_campaign_id"] = int(source) if source else None
        if row:
            step.update("contacts", contact_id, row)
        if tags is not None:
            _set_tags(step, contact_id, tags)
        sync_contact(step, contact_id)
    return step.summary


def set_lifecycle(store: Store, contact_ids: Sequence[int], lifecycle: str) -> Changes:
    stage = lifecycle_of(lifecycle)
    if stage is None:
        raise ContactError([f"unknown lifecycle {lifecycle!r}"])
    with store.step("Change lifecycle") as step:
        for contact_id in contact_ids:
            step.update("contacts", contact_id, {"lifecycle": stage})
            sync_contact(step, contact_id)
    return step.summary


def tag_contacts(store: Store, contact_ids: Sequence[int], tag: str) -> Changes:
    with store.step(f"Tag {tag}") as step:
        tag_id = tag_for(step, tag)
        for contact_id in contact_ids:
            if tag_id not in q.tag_ids_of(store, contact_id):
                step.insert("contact_tags", {"contact_id": contact_id, "tag_id": tag_id})
    return step.summary


def delete_contacts(store: Store, contact_ids: Sequence[int]) -> Changes:
    """Delete contacts (their tags and activities go too; deals stay, without a contact).
    One step, so one Undo brings all of it back."""
    label = "Delete contact" if len(contact_ids) == 1 else f"Delete {len(contact_ids)} contacts"
    with store.step(label) as step:
        for contact_id in contact_ids:
            delete_to_trash(step, "contacts", contact_id)
            sync_contact(step, contact_id)
    return step.summary


def merge_contacts(store: Store, keep_id: int, other_ids: Sequence[int]) -> Changes:
    """Fold duplicates into `keep_id`: their deals, activities, tasks and tags move over,
    blanks are filled from them, differing emails/phones land in notes; then they go to
    the trash."""
    keep = store.get("contacts", keep_id)
    if keep is None:
        raise LookupError(f"contact {keep_id} does not exist")
    with store.step("Merge contacts") as step:
        for other_id in other_ids:
            if other_id == keep_id:
                continue
            other = store.get("contacts", other_id)
            if other is None:
                continue
            _fold(step, keep_id, other)
            # Kept in the trash as it was: Undo is gone after a restart, a wrong merge is not.
            delete_to_trash(step, "contacts", other_id,
                            label=f"{label_of('contacts', other)} (merged into "
                                  f"{label_of('contacts', keep)})")
            sync_contact(step, other_id)
        sync_contact(step, keep_id)
    return step.summary


def _fold(step: Step, keep_id: int, other: dict[str, Any]) -> None:
    store = step.store
    keep = store.get("contacts", keep_id)
    assert keep is not None
    fill: dict[str, Any] = {k: other[k] for k in FILL_FIELDS if not keep[k] and other[k]}
    extra = [f"Also {k}: {other[k]}" for k in ("email", "phone")
             if other[k] and keep[k] and str(other[k]).casefold() != str(keep[k]).casefold()]
    notes = [n for n in (keep["notes"], other["notes"], *extra) if n]
    if len(notes) > 1 or (notes and notes[0] != keep["notes"]):
        fill["notes"] = "\n".join(notes)
    if fill:
        step.update("contacts", keep_id, fill)
    moved = q.ids_referring(store, other["id"])
    for deal_id in moved["deals"]:
        step.update("deals", deal_id, {"contact_id": keep_id})
    for activity_id in moved["activities"]:
        step.update("activities", activity_id, {"contact_id": keep_id})
    for task_id in moved["tasks"]:
        task = store.get("tasks", task_id)
        assert task is not None
        clash = task["rule"] is not None and q.has_rule_task(
            store, task["rule"], keep_id, task["origin_key"])
        if not clash:
            step.update("tasks", task_id, {"origin_id": keep_id})
    have = q.tag_ids_of(store, keep_id)
    for tag_id in sorted(q.tag_ids_of(store, other["id"]) - have):
        step.insert("contact_tags", {"contact_id": keep_id, "tag_id": tag_id})


def create_company(store: Store, name: str, website: str = "", industry: str = "",
                   notes: str = "") -> Changes:
    if not name.strip():
        raise ContactError(["a company needs a name"])
    stamp = _stamp()
    with store.step("Add company") as step:
        step.insert("companies", {"name": name.strip()[:200], "website": website.strip() or None,
                                  "industry": industry.strip() or None, "notes": notes,
                                  "created_at": stamp, "updated_at": stamp})
    return step.summary


def update_company(store: Store, company_id: int, values: Mapping[str, str]) -> Changes:
    row = {k: (v.strip() or None) for k, v in values.items()
           if k in ("name", "website", "industry")}
    if "name" in row and not row["name"]:
        raise ContactError(["a company needs a name"])
    if "notes" in values:
        row["notes"] = values["notes"]
    with store.step("Edit company") as step:
        step.update("companies", company_id, row)
    return step.summary


def delete_company(store: Store, company_id: int) -> Changes:
    """Delete a company; its contacts and deals stay, without a company."""
    with store.step("Delete company") as step:
        delete_to_trash(step, "companies", company_id)
    return step.summary
