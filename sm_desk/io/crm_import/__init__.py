"""Import companies, deals and activities from HubSpot, Pipedrive, Zoho Bigin or any
spreadsheet: `open_file` sniffs it (the contact importer's CSV reader), `plan_for`
guesses the layout and the column mapping, `read` checks every row, `apply` writes."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from sm_desk.io.crm_import.apply import CrmResult, apply, foreign_stages
from sm_desk.io.crm_import.layouts import (
    ENTITIES,
    FIELDS,
    SPREADSHEET,
    Layout,
    detect,
    detect_entity,
    guess,
    layouts,
)
from sm_desk.io.crm_import.read import Parsed, open_file, read
from sm_desk.io.csv_rows import CsvSource

__all__ = ["ENTITIES", "FIELDS", "SPREADSHEET", "CrmResult", "Layout", "Parsed", "Guess",
           "apply", "detect", "detect_entity", "foreign_stages", "guess", "import_file",
           "layouts", "open_file", "plan_for", "read"]


class Guess(NamedTuple):
    layout: str
    mapping: list[str | None]


def plan_for(source: CsvSource, entity: str) -> Guess:
    layout = detect(source.header, entity)
    return Guess(layout, guess(source.header, entity, layouts()[layout]))


def import_file(store: object, path: str | Path | bytes | CsvSource, entity: str, *,
                layout: str | None = None, stages: dict[str, int] | None = None,
                dry_run: bool = False, zone: str = "", name: str = "") -> CrmResult:
    """The whole import in one call (the command line and the tests)."""
    from sm_desk.core.store import Store

    assert isinstance(store, Store)
    source = path if isinstance(path, CsvSource) else open_file(path, name)
    found = plan_for(source, entity)
    key = layout or found.layout
    mapping = found.mapping if key == found.layout else guess(source.header, entity,
                                                              layouts()[key])
    parsed = read(source, entity, key, mapping, zone=zone)
    return apply(store, parsed, stages=stages, dry_run=dry_run,
                 file_name=source.name or name)
