"""Import contacts from CSV: sniff, map, check every row, then write all that passed in
one step. Every record ends up counted: created, updated, skipped or merged as a
duplicate (a Note), or rejected with its line number and reason (a Reject).

    result = import_contacts(store, "people.csv", on_duplicate="update", tags=["fair"])
"""

from __future__ import annotations

import csv
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sm_desk.core.clock import now_utc, to_iso
from sm_desk.core.imports import record_contacts_import
from sm_desk.core.store import Store
from sm_desk.core.store import contacts as q
from sm_desk.core.tasks.rules import sync_contact
from sm_desk.io.csv_custom import with_custom_targets, write_imported
from sm_desk.io.csv_export import neutralise
from sm_desk.io.csv_mapping import mapping_problem
from sm_desk.io.csv_rows import (
    CancelFn,
    CsvSource,
    ImportCancelled,
    Note,
    Prepared,
    ProgressFn,
    Reject,
    open_csv,
    prepare,
)
from sm_desk.io.csv_sniff import NotCsvError

DUPLICATE_MODES = ("update", "skip", "keep")

__all__ = ["DUPLICATE_MODES", "CsvSource", "ImportCancelled", "ImportResult", "NotCsvError",
           "Note", "Reject", "apply_prepared", "import_contacts", "open_csv", "prepare",
           "write_rejects"]


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    rejects: list[Reject] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)  # skipped or merged duplicates
    warnings: list[str] = field(default_factory=list)
    companies_created: int = 0
    tags_created: int = 0
    records: int = 0
    dry_run: bool = False
    seconds: float = 0.0
    import_id: int | None = None  # its entry in the import history (None: dry run)

    def summary(self) -> str:
        verb = "Would import" if self.dry_run else "Imported"
        parts = [f"{verb} {self.records:,} rows: {self.created:,} new",
                 f"{self.updated:,} updated"]
        if self.notes:
            parts.append(f"{len(self.notes):,} duplicates skipped or merged")
        parts.append(f"{len(self.rejects):,} rejected")
        return ", ".join(parts)


def import_contacts(store: Store, path: str | Path | bytes | CsvSource, *, on_duplicate: str = "update",
                    tags: Sequence[str] = (), mapping: Sequence[str | None] | None = None,
                    dry_run: bool = False, progress: ProgressFn | None = None,
                    cancel: CancelFn | None = None) -> ImportResult:
    """The whole import. Raises OSError / NotCsvError (file refused, nothing written),
    ValueError (the mapping names no name or email column) or ImportCancelled."""
    started = time.perf_counter()
    source = path if isinstance(path, CsvSource) else open_csv(path)
    if mapping is None:  # columns named after a custom field fill it (our own export)
        mapping = with_custom_targets(store, source.header, source.mapping)
    problem = mapping_problem(list(source.mapping if mapping is None else mapping))
    if problem:
        raise NotCsvError(f"{problem}; the header is: {', '.join(source.header)}")
    prepared = prepare(source, mapping, on_duplicate, tags,
                       _part(progress, 0, 70), cancel)
    result = apply_prepared(store, prepared, on_duplicate, dry_run,
                            _part(progress, 70, 30), cancel, file_name=source.name,
                            kind=getattr(source, "kind", "csv"))
    result.seconds = time.perf_counter() - started
    return result


def _part(progress: ProgressFn | None, start: int, span: int) -> ProgressFn | None:
    """Report a phase's progress as its share of 0..100."""
    if progress is None:
        return None

    def report(done: int, total: int) -> None:
        progress(start + span * done // max(total, 1), 100)
    return report


def apply_prepared(store: Store, prepared: Prepared, on_duplicate: str = "update",
                   dry_run: bool = False, progress: ProgressFn | None = None,
                   cancel: CancelFn | None = None, *, file_name: str = "",
                   kind: str = "csv") -> ImportResult:
    """Match prepared rows to stored contacts by email and write them in one step
    (recorded in the import history as `kind` 'csv' or 'vcard', so it can be undone)."""
    if on_duplicate not in DUPLICATE_MODES:
        raise ValueError(f"on_duplicate must be one of {DUPLICATE_MODES}")
    result = ImportResult(rejects=prepared.rejects, notes=list(prepared.notes),
                          records=prepared.records, dry_run=dry_run)
    stamp = to_iso(now_utc())
    emails = q.email_index(store)
    companies = q.name_index(store, "companies")
    tags = q.name_index(store, "tags")
    campaigns = q.name_index(store, "campaigns")
    new_companies: list[tuple[int, str]] = []
    new_tags: list[tuple[int, str]] = []
    next_company, next_tag = q.next_id(store, "companies"), q.next_id(store, "tags")
    next_contact = q.next_id(store, "contacts")
    inserts: list[tuple[Any, ...]] = []
    updates: list[tuple[Any, ...]] = []
    links: list[tuple[int, int]] = []
    leads_from_campaigns: list[int] = []
    line_ids: dict[int, int] = {}  # file line -> contact (for custom field values)
    unknown_campaigns: dict[str, int] = {}
    # Duplicates inside the file were folded by prepare(): only stored emails can match.
    match = bool(emails) and on_duplicate != "keep"
    for (line, first, last, email, phone, company, title, lifecycle, notes, campaign,
         row_tags) in prepared.rows:
        company_id = companies.get(company) if company else None
        if company and company_id is None:
            key = company.casefold()
            company_id = companies.get(key)
            if company_id is None:
                company_id = next_company
                new_companies.append((next_company, company))
                next_company += 1
            companies[key] = companies[company] = company_id
        campaign_id = None
        if campaign:
            campaign_id = campaigns.get(campaign.casefold())
            if campaign_id is None:
                unknown_campaigns[campaign] = unknown_campaigns.get(campaign, 0) + 1
        existing = emails.get(email.casefold()) if email and match else None
        if existing is not None:
            if on_duplicate == "skip":
                result.notes.append(Note(line, f"skipped: {email} is already a contact"))
                continue
            updates.append((first or None, last or None, phone or None, company_id,
                            title or None, lifecycle or None, campaign_id, notes or None,
                            stamp, existing))
            contact_id = existing
        else:
            contact_id = next_contact
            next_contact += 1
            inserts.append((contact_id, first, last, email or None, phone or None, company_id,
                            title or None, lifecycle or "lead", campaign_id, notes,
                            stamp, stamp))
            if campaign_id is not None and (lifecycle or "lead") == "lead":
                leads_from_campaigns.append(contact_id)
        line_ids[line] = contact_id
        for tag in row_tags:
            key = tag.casefold()
            tag_id = tags.get(key)
            if tag_id is None:
                tag_id = tags[key] = next_tag
                new_tags.append((next_tag, tag))
                next_tag += 1
            links.append((contact_id, tag_id))
    result.created, result.updated = len(inserts), len(updates)
    result.companies_created, result.tags_created = len(new_companies), len(new_tags)
    for name, count in sorted(unknown_campaigns.items()):
        result.warnings.append(f"{count:,} rows name the campaign {name!r}, which does not "
                               "exist: their source campaign was left empty")
    if dry_run:
        return result
    total = max(len(inserts) + len(updates), 1)
    done = 0

    def tick(count: int) -> None:
        nonlocal done
        if cancel is not None and cancel():
            raise ImportCancelled
        done += count
        if progress is not None:
            progress(done, total)

    with store.step("Import contacts", undoable=False) as step:
        result.import_id = record_contacts_import(
            step, kind=kind, file_name=file_name, stamp=stamp, inserts=inserts,
            updates=updates, companies=new_companies, tags=new_tags, links=links,
            rejected=len(result.rejects))
        q.bulk_import(step, companies=new_companies, tags=new_tags, inserts=inserts,
                      updates=updates, links=links, stamp=stamp, tick=tick)
        if prepared.custom:
            write_imported(step, prepared.custom, line_ids, result.warnings)
        # New leads a campaign brought in get their follow-up task; other rows need none.
        for contact_id in leads_from_campaigns:
            sync_contact(step, contact_id)
        if cancel is not None and cancel():
            raise ImportCancelled
    return result


def write_rejects(path: str | Path, header: Sequence[str], rejects: Sequence[Reject],
                  on_progress: Callable[[int], None] | None = None) -> int:
    """The rejected rows as a CSV (line, reason, then the original columns), so they can be
    fixed in a spreadsheet and imported again. Returns the number of rows written."""
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Line", "Reason", *header])
        for reject in rejects:
            writer.writerow([reject.line, neutralise(reject.reason),
                             *(neutralise(c.replace("\x00", "")) for c in reject.cells)])
    return len(rejects)
