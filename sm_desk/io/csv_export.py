"""Export contacts to CSV: UTF-8, a header row our importer maps back, and every cell a
spreadsheet would run as a formula neutralised (OWASP CSV injection guidance)."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from sm_desk.core.atomic_write import replacing
from sm_desk.core.contacts.fields import FIELD_LABELS
from sm_desk.core.store import Store
from sm_desk.core.store import contacts as q
from sm_desk.io.csv_custom import export_columns

# Cells starting with these run as formulas (or hide text) in Excel, LibreOffice, Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\x00")
EXPORT_FIELDS = ("first_name", "last_name", "email", "phone", "company", "job_title",
                 "lifecycle", "tags", "notes", "source_campaign")
_COLUMN = {"company": "company_name", "tags": "tag_names",
           "source_campaign": "source_campaign_name"}


def neutralise(value: str) -> str:
    """Prefix an apostrophe to a cell a spreadsheet would treat as a formula. A value that
    already starts with one gets another, so the importer's un-neutralising is exact."""
    if value and (value.startswith(FORMULA_STARTS) or value[0] == "'"):
        return "'" + value
    return value


def export_contacts(store: Store, path: str | Path, ids: Sequence[int] | None = None) -> int:
    """Write all contacts (or `ids`, in that order); returns the number of rows."""
    rows = q.export_rows(store, ids)
    custom_header, custom_cells = export_columns(store, ids)
    with replacing(path) as tmp, open(tmp, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([FIELD_LABELS[f] for f in EXPORT_FIELDS] + custom_header)
        for row in rows:
            writer.writerow([neutralise(str(row[_COLUMN.get(f, f)] or ""))
                             for f in EXPORT_FIELDS]
                            + [neutralise(c) for c in custom_cells(row["id"])])
    return len(rows)
