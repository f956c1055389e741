"""LinkedIn's Connections.csv as contacts: the contact importer reads the file (its
'Notes:' preamble, First Name, Last Name, Email Address, Company, Position); this adds
what only LinkedIn's file means: every connection is tagged "LinkedIn" and the day you
connected ('Connected On', '12 Mar 2024') is kept in a date field of that name."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from contextlib import suppress
from datetime import datetime
from pathlib import Path

from sm_desk.core.custom_fields import define_field, find_field
from sm_desk.core.store import Store
from sm_desk.io.csv_import import ImportResult, import_contacts
from sm_desk.io.csv_rows import CsvSource, open_csv
from sm_desk.io.csv_sniff import NotCsvError

TAG = "LinkedIn"
CONNECTED = "Connected On"
_COLUMNS = frozenset({"first name", "last name", "url", "company", "position", "connected on"})


def is_connections(header: Sequence[str]) -> bool:
    return {h.strip().casefold() for h in header} >= _COLUMNS


def import_connections(store: Store, path: str | Path | bytes, name: str = "",
                       dry_run: bool = False) -> ImportResult:
    source = open_csv(path, name)
    if not is_connections(source.header):
        raise NotCsvError("it is not LinkedIn's Connections.csv (no Connected On and "
                          "Position columns)")
    if not dry_run and find_field(store, "contacts", CONNECTED) is None:
        define_field(store, "contacts", CONNECTED, "date")
    return import_contacts(store, _iso_dates(source), tags=[TAG], dry_run=dry_run)


def _iso_dates(source: CsvSource) -> CsvSource:
    """The same file with 'Connected On' written as YYYY-MM-DD (what a date field takes);
    the preamble and header lines stay as they are, so rejects keep their line numbers."""
    column = [h.strip().casefold() for h in source.header].index("connected on")
    handle = io.StringIO(source.text, newline="")
    head = "".join(handle.readline() for _ in range(source.skip_lines))
    rest = handle.read()
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=source.delimiter, lineterminator="\n")
    for number, row in enumerate(csv.reader(io.StringIO(rest, newline=""),
                                            delimiter=source.delimiter)):
        if number and len(row) > column and row[column].strip():
            # A value it cannot read is left as it is; the field then names it.
            with suppress(ValueError):
                row[column] = datetime.strptime(row[column].strip(), "%d %b %Y").date().isoformat()
        writer.writerow(row)
    return open_csv((head + out.getvalue()).encode("utf-8"), source.name)
