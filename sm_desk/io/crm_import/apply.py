"""Write checked records into the database: one step (one transaction), recorded in the
import history so the whole import can be undone; a record already imported (same source
record ID) or, without one, the same name is updated, not duplicated."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sm_desk.core.clock import now_utc, to_iso
from sm_desk.core.sales import stage_map
from sm_desk.core.store import Store
from sm_desk.core.store import crm_import as q
from sm_desk.core.store import imports as history
from sm_desk.core.tasks.rules import sync_deal
from sm_desk.io.crm_import.read import Parsed, Record
from sm_desk.io.csv_rows import ImportCancelled, Reject

ProgressFn = Callable[[int, int], None]
CancelFn = Callable[[], bool]
COLUMNS = {
    "companies": ("name", "website", "industry", "notes"),
    "deals": ("title", "contact_id", "company_id", "value_minor", "currency", "stage_id",
              "probability", "expected_close", "next_step", "next_step_due", "owner_id",
              "notes", "lost_reason", "closed_at"),
    "activities": ("kind", "at", "summary", "deal_id", "contact_id"),
}
LABELS = {"companies": "companies", "deals": "deals", "activities": "activities"}


@dataclass
class CrmResult:
    entity: str
    source: str  # the layout's label
    dry_run: bool = False
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejects: list[Reject] = field(default_factory=list)
    unlinked: list[tuple[int, str]] = field(default_factory=list)  # (line, what)
    notes: list[str] = field(default_factory=list)
    import_id: int | None = None
    plans: dict[int, str] = field(default_factory=dict)  # dry run: line -> new/updates/...

    def summary(self) -> str:
        verb = "Would import" if self.dry_run else "Imported"
        return (f"{verb} {LABELS[self.entity]} from {self.source}: {self.created:,} new, "
                f"{self.updated:,} updated, {self.unchanged:,} unchanged, "
                f"{len(self.rejects):,} rejected, {len(self.unlinked):,} not linked")


@dataclass
class _Plan:
    new: list[tuple[Record, dict[str, Any]]] = field(default_factory=list)
    update: dict[int, tuple[Record, dict[str, Any]]] = field(default_factory=dict)
    stage_choices: dict[str, int] = field(default_factory=dict)


def apply(store: Store, parsed: Parsed, *, stages: Mapping[str, int] | None = None,
          dry_run: bool = False, file_name: str = "", progress: ProgressFn | None = None,
          cancel: CancelFn | None = None) -> CrmResult:
    """`stages`: foreign stage name -> our stage id, the user's choices (else proposals)."""
    result = CrmResult(parsed.entity, parsed.layout.label, dry_run,
                       rejects=list(parsed.rejects))
    stamp = to_iso(now_utc())
    planner = {"companies": _plan_companies, "deals": _plan_deals,
               "activities": _plan_activities}[parsed.entity]
    plan = planner(store, parsed, result, dict(stages or {}), stamp)
    if cancel is not None and cancel():
        raise ImportCancelled()
    if dry_run:
        _dry_run(store, parsed, plan, result)
        return result
    _write(store, parsed, plan, result, stamp, file_name, progress, cancel)
    return result


# -- planning (reads only) -------------------------------------------------------------------

def _existing(parsed: Parsed, record: Record, by_source: dict[str, int],
              by_name: dict[str, int], name: str) -> int | None:
    """The stored id this record updates: by source ID; without one, by name."""
    source = record.values["source_id"]
    if source:
        return by_source.get(parsed.layout.prefix + source)
    return by_name.get(" ".join(str(record.values[name]).split()).casefold())


def _plan_companies(store: Store, parsed: Parsed, result: CrmResult, _: dict[str, int],
                    stamp: str) -> _Plan:
    plan = _Plan()
    by_source = q.by_source(store, "companies", parsed.layout.prefix)
    by_name = q.company_names(store)
    for record in parsed.records:
        row = {c: record.values[c] for c in COLUMNS["companies"]}
        _place(plan, record, row, _existing(parsed, record, by_source, by_name, "name"), result)
    return plan


def _place(plan: _Plan, record: Record, row: dict[str, Any], existing: int | None,
           result: CrmResult) -> None:
    if existing is None:
        plan.new.append((record, row))
        return
    if existing in plan.update:
        result.notes.append(f"line {record.line}: the same record as line "
                            f"{plan.update[existing][0].line}; the later line is kept")
    plan.update[existing] = (record, row)


def _contact(record: Record, emails: dict[str, int], names: dict[str, int]) -> int | None:
    email = str(record.values.get("contact_email") or "").strip().casefold()
    if email and email in emails:
        return emails[email]
    name = " ".join(str(record.values.get("contact_name") or "").split()).casefold()
    return names.get(name) if name else None


def _plan_deals(store: Store, parsed: Parsed, result: CrmResult, stages: dict[str, int],
                stamp: str) -> _Plan:
    plan = _Plan()
    system = parsed.layout.key
    by_source = q.by_source(store, "deals", parsed.layout.prefix)
    by_title = q.deal_titles(store)
    emails, names = q.contact_keys(store)
    companies = q.company_names(store)
    contact_company = q.contact_companies(store)
    people = q.people_names(store)
    default_currency = str(store.setting("currency", "USD") or "USD")
    foreign = foreign_stages(parsed)
    proposals = {p.foreign: p.stage_id for p in stage_map.propose(store, system, foreign)}
    outcomes = stage_map.outcome_stages(store)
    fallback = stage_map.fallback(store)
    unmapped: set[str] = set()
    unknown_owners: set[str] = set()
    for record in parsed.records:
        d = record.values
        contact_id = _contact(record, emails, names)
        company_id = companies.get(" ".join(d["company"].split()).casefold()) \
            if d["company"] else None
        if company_id is None and contact_id is not None:
            company_id = contact_company.get(contact_id)
        missing = []
        if (d["contact_email"] or d["contact_name"]) and contact_id is None:
            missing.append(f"contact '{d['contact_email'] or d['contact_name']}'")
        if d["company"] and company_id is None:
            missing.append(f"company '{d['company']}'")
        if missing:
            result.unlinked.append((record.line, f"'{d['title']}': no {' or '.join(missing)} "
                                                 "of that email or name"))
        stage = d["stage"]
        if d["status"] in ("won", "lost"):
            stage_id = outcomes.get(d["status"], fallback)
        elif stage in stages:
            stage_id = stages[stage]
        elif proposals.get(stage) is not None:
            stage_id = int(proposals[stage] or fallback)
        else:
            stage_id = fallback
            if stage:
                unmapped.add(stage)
        chosen = stages.get(stage) or proposals.get(stage)
        if stage and chosen:
            plan.stage_choices[stage] = int(chosen)
        outcome = next((o for o, i in outcomes.items() if i == stage_id), "open")
        closed_at = d["closed_at"]
        if outcome in ("won", "lost") and not closed_at:
            closed_at = d["expected_close_at"] or stamp  # HubSpot: the close date
        owner_id = people.get(d["owner"].casefold()) if d["owner"] else None
        if d["owner"] and owner_id is None:
            unknown_owners.add(d["owner"])
        row = {"title": d["title"], "contact_id": contact_id, "company_id": company_id,
               "value_minor": d["value_minor"], "currency": d["currency"] or default_currency,
               "stage_id": stage_id, "probability": d["probability"],
               "expected_close": d["expected_close"], "next_step": d["next_step"],
               "next_step_due": d["next_step_due"], "owner_id": owner_id, "notes": d["notes"],
               "lost_reason": d["lost_reason"] if outcome == "lost" else None,
               "closed_at": closed_at if outcome != "open" else None,
               "created_at": d["created"] or stamp}
        _place(plan, record, row, _existing(parsed, record, by_source, by_title, "title"), result)
    if unmapped:
        result.notes.append(f"stage{'s' if len(unmapped) > 1 else ''} "
                            f"{', '.join(sorted(unmapped))} not mapped: those deals go to the "
                            "first stage (choose with --stage NAME=OURS)")
    if unknown_owners:
        result.notes.append(f"owner{'s' if len(unknown_owners) > 1 else ''} "
                            f"{', '.join(sorted(unknown_owners))} not among your people: "
                            "left unassigned")
    return plan


def foreign_stages(parsed: Parsed) -> dict[str, int]:
    """Each stage name of open deals in the file (won and lost go by their status), with
    how many deals are in it, in file order."""
    out: dict[str, int] = {}
    for record in parsed.records:
        d = record.values
        if d["stage"] and d["status"] not in ("won", "lost"):
            out[d["stage"]] = out.get(d["stage"], 0) + 1
    return out


def _plan_activities(store: Store, parsed: Parsed, result: CrmResult, _: dict[str, int],
                     stamp: str) -> _Plan:
    plan = _Plan()
    prefix = parsed.layout.prefix
    by_source = q.by_source(store, "activities", prefix)
    deals_by_source = q.by_source(store, "deals", prefix)
    titles = q.deal_titles(store)
    emails, names = q.contact_keys(store)
    deal_contact = q.deal_contacts(store)
    keys = q.activity_keys(store) if any(not r.values["source_id"]
                                         for r in parsed.records) else {}
    for record in parsed.records:
        a = record.values
        deal_id = deals_by_source.get(prefix + a["deal_id"]) if a["deal_id"] else None
        if deal_id is None and a["deal"]:
            deal_id = titles.get(" ".join(a["deal"].split()).casefold())
        contact_id = _contact(record, emails, names)
        if contact_id is None and deal_id is not None:
            contact_id = deal_contact.get(deal_id)
        if deal_id is None and contact_id is None:
            given = a["deal"] or a["contact_email"] or a["contact_name"] or a["company"]
            result.rejects.append(Reject(record.line, (
                f"no deal or contact matches '{given}'" if given else
                "it names no deal and no contact to attach it to"), []))
            continue
        if a["deal"] and deal_id is None or (a["contact_email"] or a["contact_name"]) \
                and contact_id is None:
            result.unlinked.append((record.line, "no " + (
                f"deal '{a['deal']}'" if a["deal"] and deal_id is None else
                f"contact '{a['contact_email'] or a['contact_name']}'") + " of that name"))
        row = {"kind": a["kind"], "at": a["at"], "summary": a["summary"], "deal_id": deal_id,
               "contact_id": contact_id}
        existing = by_source.get(prefix + a["source_id"]) if a["source_id"] else \
            keys.get((row["kind"], row["at"], row["summary"], deal_id, contact_id))
        _place(plan, record, row, existing, result)
    return plan


# -- writing -----------------------------------------------------------------------------------

def _current(store: Store, entity: str, ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    stamped = ("updated_at",) if entity != "activities" else ()
    return q.rows(store, entity, ids, (*COLUMNS[entity], *stamped))


def _diff(current: dict[str, Any], row: dict[str, Any], entity: str) -> dict[str, list[Any]]:
    return {c: [current[c], row[c]] for c in COLUMNS[entity] if current.get(c) != row[c]}


def _dry_run(store: Store, parsed: Parsed, plan: _Plan, result: CrmResult) -> None:
    """Counts, and what each line would do, without writing."""
    current = _current(store, parsed.entity, list(plan.update))
    for record, _ in plan.new:
        result.plans[record.line] = "new"
    for row_id, (record, row) in plan.update.items():
        changed = row_id in current and _diff(current[row_id], row, parsed.entity)
        result.plans[record.line] = "updates" if changed else "unchanged"
    result.created = len(plan.new)
    result.updated = sum(v == "updates" for v in result.plans.values())
    result.unchanged = len(plan.update) - result.updated


def _ticking(rows: Iterable[list[Any]], total: int, progress: ProgressFn | None,
             cancel: CancelFn | None) -> Iterator[list[Any]]:
    """The rows, reporting progress and stopping (the step then rolls back) on Cancel."""
    for done, row in enumerate(rows, 1):
        if done % 2048 == 0:
            if cancel is not None and cancel():
                raise ImportCancelled()
            if progress is not None:
                progress(done, total)
        yield row


def _write(store: Store, parsed: Parsed, plan: _Plan, result: CrmResult, stamp: str,
           file_name: str, progress: ProgressFn | None, cancel: CancelFn | None) -> None:
    entity = parsed.entity
    prefix = parsed.layout.prefix
    columns = COLUMNS[entity]
    current = _current(store, entity, list(plan.update))
    changes: list[tuple[str, int, dict[str, Any]]] = []
    large = len(plan.new) + len(plan.update) > 5000
    with store.step(f"Import {entity} from {parsed.layout.label}", undoable=False,
                    large=large) as step:
        first = q.next_id(store, entity)
        ids = range(first, first + len(plan.new))
        stamps = ("created_at", "updated_at") if entity != "activities" else ("created_at",)
        names = ["id", "source_id", *columns, *stamps]

        def values(row_id: int, record: Record, row: dict[str, Any]) -> list[Any]:
            source = record.values["source_id"]
            created = row.get("created_at") or record.values.get("created") or stamp
            tail = [created, stamp] if entity != "activities" else [stamp]
            return [row_id, prefix + source if source else None,
                    *(row[c] for c in columns), *tail]

        total = len(plan.new) + len(plan.update)
        q.insert(step, entity, names, _ticking(
            (values(i, rec, row) for i, (rec, row) in zip(ids, plan.new, strict=True)),
            total, progress, cancel), bulk=len(plan.new) >= 1000)
        for done, (row_id, (_, row)) in enumerate(plan.update.items(), len(plan.new) + 1):
            if done % 512 == 0:
                if cancel is not None and cancel():
                    raise ImportCancelled()
                if progress is not None:
                    progress(done, total)
            before = current.get(row_id)
            if before is None:
                continue
            fields: dict[str, Any] = _diff(before, row, entity)
            if not fields:
                result.unchanged += 1
                continue
            update = {c: after for c, (_, after) in fields.items()}
            if "updated_at" in before:  # so undoing it can put the old stamp back
                fields["updated_at"] = [before["updated_at"], stamp]
                update["updated_at"] = stamp
            step.update(entity, row_id, update)
            changes.append((entity, row_id, fields))
            result.updated += 1
        result.created = len(plan.new)
        if entity == "activities":
            deal_ids, contact_ids = q.touched_by(store, first, list(plan.update))
            q.touch_deals(step, deal_ids)
            q.touch_contacts(step, contact_ids)
            step.summary.add("deals", None)
            step.summary.add("contacts", None)
        tasks = range(0)
        if entity == "deals":  # open deals get their task rules, as a new deal does
            first_task = q.next_id(store, "tasks")
            for deal_id in q.open_deals(store, [*ids, *plan.update]):
                sync_deal(step, deal_id)
            tasks = range(first_task, q.next_id(store, "tasks"))
        if entity == "deals" and plan.stage_choices:
            stage_map.remember(step, parsed.layout.key, plan.stage_choices.items())
        # Recorded as of its end: what it made (the open deals' tasks too, stamped by the
        # clock as they were made) is not "edited since" when a big import spans seconds.
        result.import_id = history.insert_import(
            step, kind=f"crm_{entity}", file_name=file_name, at=to_iso(now_utc()),
            created=result.created, updated=result.updated, rejected=len(result.rejects),
            created_ids={entity: ids, "tasks": tasks},
            changes=changes)
