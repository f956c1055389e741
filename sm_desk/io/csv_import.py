"""Import contacts from CSV: sniff, map, check every row, then write all that passed in
one step. Every record ends up counted: created, updated, skipped or merged as a
duplicate (a Note), or rejected with its line number and reason (a Reject).

    result = import_contacts(store, "people.csv", on_duplicate="update", tags=["fair"])
"""

from __future__ import annotations

import csv
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain, compress, count, repeat
from pathlib import Path
from typing import Any, cast

from sm_desk.core.clock import now_utc, to_iso
from sm_desk.core.imports import record_contacts_import, record_created
from sm_desk.core.store import LARGE_WRITE_ROWS, Store
from sm_desk.core.store import contacts as q
from sm_desk.core.tasks.rules import sync_contact
from sm_desk.core.words import counted
from sm_desk.io.csv_changes import (
    NEW,
    SKIPPED,
    UNCHANGED,
    UPDATE,
    RowDiff,
    RowPlan,
    compare,
    describe,
)
from sm_desk.io.csv_custom import parsed_values, with_custom_targets, write_imported
from sm_desk.io.csv_export import neutralise
from sm_desk.io.csv_mapping import mapping_problem
from sm_desk.io.csv_rows import (
    CancelFn,
    CsvSource,
    ImportCancelled,
    Memo,
    Note,
    Prepared,
    ProgressFn,
    Reject,
    open_csv,
    paused_gc,
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
    updated: int = 0  # stored contacts the import changed
    unchanged: int = 0  # rows that matched a contact and said nothing new: not written
    rejects: list[Reject] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)  # skipped or merged duplicates
    warnings: list[str] = field(default_factory=list)
    companies_created: int = 0
    tags_created: int = 0
    records: int = 0
    dry_run: bool = False
    seconds: float = 0.0
    import_id: int | None = None  # its entry in the import history (None: dry run)
    plans: dict[int, RowPlan] = field(default_factory=dict)  # line -> what it does (explain)

    def summary(self) -> str:
        verb = "Would import" if self.dry_run else "Imported"
        parts = [f"{verb} {counted(self.records, 'row')}: {self.created:,} new",
                 f"{self.updated:,} updated"]
        if self.unchanged:
            parts.append(f"{self.unchanged:,} unchanged")
        if self.notes:
            parts.append(f"{counted(len(self.notes), 'duplicate')} skipped or merged")
        parts.append(f"{len(self.rejects):,} rejected")
        return ", ".join(parts)


@paused_gc()
def import_contacts(store: Store, path: str | Path | bytes | CsvSource, *, on_duplicate: str = "update",
                    tags: Sequence[str] = (), mapping: Sequence[str | None] | None = None,
                    dry_run: bool = False, progress: ProgressFn | None = None,
                    cancel: CancelFn | None = None,
                    choices: Mapping[int, str] | None = None) -> ImportResult:
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
                            kind=getattr(source, "kind", "csv"), choices=choices)
    if getattr(source, "kind", "csv") == "csv":
        result.warnings[:0] = source.notes()
    result.seconds = time.perf_counter() - started
    return result


def _part(progress: ProgressFn | None, start: int, span: int) -> ProgressFn | None:
    """Report a phase's progress as its share of 0..100."""
    if progress is None:
        return None

    def report(done: int, total: int) -> None:
        progress(start + span * done // max(total, 1), 100)
    return report


@paused_gc()
def apply_prepared(store: Store, prepared: Prepared, on_duplicate: str = "update",
                   dry_run: bool = False, progress: ProgressFn | None = None,
                   cancel: CancelFn | None = None, *, file_name: str = "",
                   kind: str = "csv", choices: Mapping[int, str] | None = None,
                   explain: bool = False) -> ImportResult:
    """Match prepared rows to stored contacts by email and write them in one step
    (recorded in the import history as `kind` 'csv' or 'vcard', so it can be undone).
    `choices`: file line -> update/skip/keep for single rows; `explain`: fill
    result.plans (what each row does, old -> new per field: the preview)."""
    if on_duplicate not in DUPLICATE_MODES:
        raise ValueError(f"on_duplicate must be one of {DUPLICATE_MODES}")
    result = ImportResult(rejects=prepared.rejects, notes=list(prepared.notes),
                          records=prepared.records, dry_run=dry_run)
    stamp = to_iso(now_utc())
    # Column by column: one lookup per distinct company, campaign and tag list.
    (lines, first, last, email, phone, company, title, lifecycle, notes, campaign,
     row_tags) = prepared.columns
    new_companies: list[tuple[int, str]] = []
    company_ids = _company_ids(store, company, new_companies)
    campaign_ids = _campaign_ids(store, campaign, result.warnings)
    # Duplicates inside the file were folded by prepare(): only stored emails can match.
    # `choices` (line -> update/skip/keep) overrides on_duplicate for single rows.
    emails = q.email_index(store) if on_duplicate != "keep" or choices else {}
    found = list(map(emails.get, map(str.casefold, email))) if emails else [None] * len(lines)
    matched = [i for i, f in enumerate(found) if f is not None]
    modes = {i: choices.get(lines[i], on_duplicate) if choices else on_duplicate
             for i in matched}
    for i in matched:
        if modes[i] == "keep":
            found[i] = None
    next_contact = q.next_id(store, "contacts")
    created = range(next_contact, next_contact + found.count(None))
    new_ids = iter(created)
    targets: list[int | None] = (list(created) if len(created) == len(lines) else
                                 [next(new_ids) if f is None else f for f in found])
    plans = result.plans if explain else None
    updating: list[int] = []
    for i in matched:
        if modes[i] == "skip":
            result.notes.append(Note(lines[i], f"skipped: {email[i]} is already a contact"))
            targets[i] = None
            if plans is not None:
                plans[lines[i]] = RowPlan(lines[i], SKIPPED, found[i])
        elif modes[i] == "update":
            updating.append(i)
    updates: list[tuple[Any, ...]] = []
    changed: list[RowDiff] = []
    if updating:
        values = [(first[i] or None, last[i] or None, phone[i] or None, company_ids[i],
                   title[i] or None, lifecycle[i] or None, campaign_ids[i], notes[i] or None)
                  for i in updating]
        parsed = parsed_values(store, prepared.custom) if prepared.custom else {}
        diffs = compare(store, [cast(int, found[i]) for i in updating], values,
                        [row_tags[i] for i in updating],
                        [parsed.get(lines[i], {}) for i in updating], stamp)
        for i, row, diff in zip(updating, values, diffs, strict=True):
            if not diff:  # the contact already says all this: nothing is written
                result.unchanged += 1
                targets[i] = None
                if plans is not None:
                    plans[lines[i]] = RowPlan(lines[i], UNCHANGED, diff.contact_id)
                continue
            changed.append(diff)
            if diff.fields:
                updates.append((*row, stamp, diff.contact_id))
            if plans is not None:
                plans[lines[i]] = RowPlan(lines[i], UPDATE, diff.contact_id,
                                          describe(store, diff, company[i], campaign[i]))
    if plans is not None:
        for line, target, stored in zip(lines, targets, found, strict=True):
            if stored is None and target is not None:
                plans[line] = RowPlan(line, NEW)
    is_new = [f is None for f in found] if len(created) != len(lines) else None

    def new(values: Sequence[Any], blank: Any = "") -> Sequence[Any]:
        """The values of the new rows, '' replaced by `blank`."""
        picked = values if is_new is None else list(compress(values, is_new))
        if blank == "" or "" not in picked:
            return picked
        return list(map({"": blank}.get, picked, picked))  # dict.get(v, v): a C loop
    inserts = [created, new(first), new(last), new(email, None), new(phone, None),
               new(company_ids), new(title, None), new(lifecycle, "lead"), new(campaign_ids),
               new(notes), [stamp] * len(created), [stamp] * len(created)]  # CONTACT_COLUMNS
    # New leads a campaign brought in get their follow-up task; other rows need none.
    leads_from_campaigns = [] if campaign_ids.count(None) == len(campaign_ids) else [
        contact_id for contact_id, stage, campaign_id in zip(created, *inserts[7:9], strict=True)
        if campaign_id is not None and stage == "lead"]
    new_tags: list[tuple[int, str]] = []
    links = _tag_links(store, row_tags, targets, new_tags)
    result.created, result.updated = len(created), len(changed)
    result.companies_created, result.tags_created = len(new_companies), len(new_tags)
    if dry_run:
        return result
    total = max(len(created) + len(updates), 1)
    done = 0

    def tick(count: int) -> None:
        nonlocal done
        if cancel is not None and cancel():
            raise ImportCancelled
        done += count
        if progress is not None:
            progress(done, total)

    large = len(created) + len(updates) >= LARGE_WRITE_ROWS
    with store.step("Import contacts", undoable=False, large=large) as step:
        result.import_id = record_contacts_import(
            step, kind=kind, file_name=file_name, stamp=stamp, created=created,
            updated=changed, companies=new_companies, tags=new_tags,
            links=zip(*links, strict=True), rejected=len(result.rejects))
        q.bulk_import(step, companies=new_companies, tags=new_tags, inserts=inserts,
                      updates=updates, links=links, stamp=stamp, tick=tick)
        if prepared.custom:
            line_ids = {line: c for line, c in zip(lines, targets, strict=True) if c is not None}
            write_imported(step, prepared.custom, line_ids, result.warnings)
        first_task = q.next_id(store, "tasks")
        for contact_id in leads_from_campaigns:
            sync_contact(step, contact_id)
        record_created(step, result.import_id, "tasks",
                       range(first_task, q.next_id(store, "tasks")))
        if cancel is not None and cancel():
            raise ImportCancelled
    return result


def _company_ids(store: Store, names: Sequence[str], created: list[tuple[int, str]]
                 ) -> list[int | None]:
    """Each row's company: the stored one of that name (any case), else a new one
    (appended to `created`, with its id)."""
    index = q.name_index(store, "companies")
    ids = count(q.next_id(store, "companies"))

    def resolve(name: str) -> int:
        company_id = index.get(name.casefold())
        if company_id is None:
            company_id = index[name.casefold()] = next(ids)
            created.append((company_id, name))
        return company_id
    return list(map(Memo(resolve, {"": None}).__getitem__, names))


def _campaign_ids(store: Store, names: Sequence[str], warnings: list[str]) -> list[int | None]:
    """Each row's source campaign, by name (any case); a name that is no campaign is
    left empty and named in the warnings."""
    index = q.name_index(store, "campaigns")
    counts = Counter(names)
    resolved: dict[str, int | None] = {name: index.get(name.casefold()) for name in counts}
    resolved[""] = None
    for name, rows in sorted(counts.items()):
        if name and resolved[name] is None:
            warnings.append(f"{rows:,} rows name the campaign {name!r}, which does not "
                            "exist: their source campaign was left empty")
    return list(map(resolved.__getitem__, names))


def _tag_links(store: Store, row_tags: Sequence[tuple[str, ...]],
               targets: Sequence[int | None], created: list[tuple[int, str]]
               ) -> list[list[int]]:
    """[contacts, tags]: a link for each tag of each written row (targets: the rows'
    contacts, None: skipped). Tags not stored yet (any case) are appended to `created`
    with their new ids."""
    index = q.name_index(store, "tags")
    next_tag = q.next_id(store, "tags")
    ids: dict[tuple[str, ...], list[int]] = {}
    skipped = None in targets
    written = compress(row_tags, [t is not None for t in targets]) if skipped else row_tags
    for names in dict.fromkeys(written):
        ids[names] = []
        for name in names:
            tag_id = index.get(name.casefold())
            if tag_id is None:
                tag_id = index[name.casefold()] = next_tag
                created.append((next_tag, name))
                next_tag += 1
            ids[names].append(tag_id)
    if skipped:
        tag_ids = [ids[names] if t is not None else []
                   for names, t in zip(row_tags, targets, strict=True)]
    else:
        tag_ids = list(map(ids.__getitem__, row_tags))
    contacts = cast(Sequence[int], targets)  # the None ones have no tags here
    return [list(chain.from_iterable(map(repeat, contacts, map(len, tag_ids)))),
            list(chain.from_iterable(tag_ids))]


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
