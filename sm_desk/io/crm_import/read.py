"""Read an export (through the contact importer's CSV reader) into checked records of one
kind; every bad row becomes a Reject with its line and reason. No database here."""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sm_desk.io.crm_import import values as v
from sm_desk.io.crm_import.layouts import (
    ENTITIES,
    REQUIRED,
    Layout,
    activity_kinds,
    guess,
    layouts,
)
from sm_desk.io.csv_rows import CsvSource, ImportCancelled, Reject, open_csv, unneutralise

ProgressFn = Callable[[int, int], None]
CancelFn = Callable[[], bool]
TEXT_LIMIT = 100_000


@dataclass
class Record:
    line: int
    values: dict[str, Any]


@dataclass
class Parsed:
    entity: str
    layout: Layout
    records: list[Record] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    rows: int = 0


def open_file(path: str | Path | bytes, name: str = "", encoding: str | None = None
              ) -> CsvSource:
    """The contact reader's sniffing, with one correction: it takes as the header the
    first row holding a contact column name, which in a deals or activities export can
    be a data row (an activity of type 'Email'); our layouts' header wins then."""
    source = open_csv(path, name, encoding)
    if not source.preamble:
        return source
    skip = source.skip_lines - source.preamble
    reader = csv.reader(io.StringIO(source.text[:65536], newline=""), delimiter=source.delimiter)
    rows = [r for r in itertools.islice(reader, skip, skip + source.preamble + 1) if any(r)]
    if rows and _score(rows[0]) > _score(source.header):
        header = [h.strip().lstrip("\ufeff") for h in rows[0]]
        return replace(source, header=header, skip_lines=skip, preamble=0)
    return source


def _score(header: Sequence[str]) -> int:
    return max(sum(m is not None for m in guess(header, entity, layout))
               for entity in ENTITIES for layout in layouts().values())


def read(source: CsvSource, entity: str, layout_key: str, mapping: Sequence[str | None],
         *, zone: str = "", progress: ProgressFn | None = None,
         cancel: CancelFn | None = None) -> Parsed:
    layout = layouts()[layout_key]
    out = Parsed(entity, layout)
    missing = [f for f in REQUIRED[entity] if f not in mapping]
    if missing:
        raise ValueError(f"no column is mapped to {', '.join(missing)}")
    default_kind = next((k for c, k in layout.kind_by_column.items() if c in source.header), "")
    convert = {"companies": _company, "deals": _deal, "activities": _activity}[entity]
    reader, _ = source.records()
    started = source.skip_lines + 1
    seen_header = False
    total = max(1, source.text.count("\n"))
    for cells in reader:
        line, started = started, reader.line_num + source.skip_lines + 1
        if not cells or not any(c.strip() for c in cells):
            continue
        if not seen_header:
            seen_header = True
            continue
        out.rows += 1
        if out.rows % 2048 == 0:
            if cancel is not None and cancel():
                raise ImportCancelled()
            if progress is not None:
                progress(line, total)
        row = {name: unneutralise(cells[i].strip()) for i, name in enumerate(mapping)
               if name and i < len(cells) and cells[i].strip()}
        try:
            if any(len(x) > TEXT_LIMIT for x in row.values()):
                raise ValueError(f"a cell is longer than {TEXT_LIMIT:,} characters")
            for name in REQUIRED[entity]:
                if not row.get(name):
                    raise ValueError(f"the {name.replace('_', ' ')} is empty")
            out.records.append(Record(line, convert(row, layout, zone, default_kind)))
        except ValueError as exc:
            out.rejects.append(Reject(line, str(exc), cells))
    if progress is not None:
        progress(total, total)
    return out


def _company(row: dict[str, str], layout: Layout, zone: str, _: str) -> dict[str, Any]:
    return {"source_id": row.get("source_id", ""), "name": row["name"],
            "website": row.get("website", ""), "industry": row.get("industry", ""),
            "notes": row.get("notes", ""),
            "created": v.instant(row["created"], layout.dates, zone) if row.get("created")
            else ""}


def _deal(row: dict[str, str], layout: Layout, zone: str, _: str) -> dict[str, Any]:
    currency = v.currency_code(row.get("currency", ""))
    value, currency = v.amount(row["amount"], currency) if row.get("amount") else (0, currency)
    status = row.get("status", "").casefold()
    status = status if status in ("open", "won", "lost") else ""
    closed = {"won": row.get("won_time"), "lost": row.get("lost_time")}.get(status) \
        or row.get("closed_on") or ""

    def day(name: str) -> str | None:
        return v.day(row[name], layout.dates) if row.get(name) else None

    return {
        "source_id": row.get("source_id", ""), "title": row["title"],
        "stage": row.get("stage", ""), "pipeline": row.get("pipeline", ""), "status": status,
        "value_minor": value, "currency": currency,
        "probability": v.probability(row["probability"], layout.probability_fraction)
        if row.get("probability") else None,
        "expected_close": day("expected_close"), "next_step_due": day("next_step_due"),
        "expected_close_at": v.instant(row["expected_close"], layout.dates, zone)
        if row.get("expected_close") else None,
        "closed_at": v.instant(closed, layout.dates, zone) if closed else None,
        "lost_reason": row.get("lost_reason") or None, "owner": row.get("owner", ""),
        "created": v.instant(row["created"], layout.dates, zone) if row.get("created") else "",
        "company": row.get("company", "").split(";")[0].strip(), **_person(row),
        "notes": row.get("notes", ""), "next_step": row.get("next_step", ""),
    }


def _person(row: dict[str, str]) -> dict[str, str]:
    name, email = v.person(row.get("contact_name", ""))
    return {"contact_name": name, "contact_email": row.get("contact_email", "") or email}


def _activity(row: dict[str, str], layout: Layout, zone: str, default_kind: str
              ) -> dict[str, Any]:
    given = row.get("kind", "").casefold()
    kind = activity_kinds().get(given) or default_kind or ("note" if not given else "")
    if not kind:
        kind = next((k for word, k in activity_kinds().items() if word in given), "note")
    when = row["at"] + (f" {row['time']}" if row.get("time") else "")
    subject, body = row.get("subject", ""), row.get("body", "")
    summary = f"{subject}\n{body}" if subject and body and body != subject else subject or body
    return {
        "source_id": row.get("source_id", ""), "kind": kind,
        "at": v.instant(when, layout.dates, zone), "summary": summary,
        "deal": row.get("deal", "").split(";")[0].strip(), "deal_id": row.get("deal_id", ""),
        **_person(row), "company": row.get("company", ""),
    }
