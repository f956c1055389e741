"""The report's tables as CSV files in a folder (all rows, not the capped view).

Cells that a spreadsheet would run as a formula (=, +, -, @, tab, CR, LF, NUL
first: OWASP "CSV injection") get a leading apostrophe, except plain numbers and
changes such as "-3" or "+USD 12.00", which stay readable as numbers.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from sm_desk.core.atomic_write import replacing
from sm_desk.io.report.content import Document, Table

RISKY = ("=", "+", "-", "@", "\t", "\r", "\n", "\0")
# Amounts and counts in any locale ('-1.234,50', '+1 234,5', '-€12.00'): digits and
# separators only after a sign and an optional code or symbol.
NUMBERISH = re.compile(r"^[+-]?(?:[A-Z]{3}[ \u00a0]?|[$€£¥￥₹])?[\d][\d.,' \u00a0\u202f]*%?$")


def safe_cell(text: str) -> str:
    if text.startswith(RISKY) and not NUMBERISH.match(text):
        return "'" + text
    return text


def write_table(table: Table, path: Path) -> None:
    with replacing(path) as tmp, open(tmp, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([safe_cell(c) for c in table.columns])
        for row in table.rows + ([table.total] if table.total else []):
            writer.writerow([safe_cell(c) for c in row])


def write_csv_folder(document: Document, folder: Path) -> list[Path]:
    """One CSV per table (`<name>.csv`), plus summary.csv of the key figures."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    summary = Table("summary", ["Figure", "This week", "Change"],
                    [[k.label, k.value, k.change] for k in document.key_figures])
    for table in [summary, *document.tables()]:
        path = folder / f"{table.name}.csv"
        write_table(table, path)
        written.append(path)
    return written
