"""The full copy inside `export all` (its data/ folder) and `import all`, which rebuilds
the business from it into an empty database.

data/<table>.csv: one file per table, a header of its column names, one row per record,
ids included (so links between records come back as they were). UTF-8; an empty cell is
an empty text, \\N is no value (NULL); a cell a spreadsheet would run as a formula starts
with an apostrophe (taken off again on import). Numbers are plain (1234, 0.5).
data/manifest.json lists the tables in the order they go back in and their row counts.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sm_desk.core.atomic_write import replacing, write_text
from sm_desk.core.store import Store
from sm_desk.core.store import export_all as q
from sm_desk.io.csv_export import neutralise
from sm_desk.io.csv_rows import unneutralise

NULL = "\\N"
FOLDER = "data"
MANIFEST = "manifest.json"
FORMAT = 1


class ImportAllError(ValueError):
    """The folder is not an export, or the database is not empty."""


@dataclass
class RestoreReport:
    tables: dict[str, int] = field(default_factory=dict)

    def lines(self) -> list[str]:
        return [f"{name}: {count:,} rows" for name, count in self.tables.items() if count]


def _cell(value: Any) -> str:
    if value is None:
        return NULL
    text = str(value)
    if text.startswith("\\") and text.lstrip("\\") == "N":
        return "\\" + text  # the text '\N' itself
    return neutralise(text)


def write_copy(store: Store, target: Path) -> dict[str, int]:
    """Write data/ into the export folder; returns rows per table."""
    folder = target / FOLDER
    folder.mkdir(exist_ok=True)
    counts: dict[str, int] = {}
    tables = q.copied_tables(store)
    for table in tables:
        names = [c[0] for c in q.columns_of(store, table)]
        with replacing(folder / f"{table}.csv") as tmp, \
                open(tmp, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(names)
            count = 0
            for row in q.rows_of(store, table):
                writer.writerow([_cell(v) for v in row])
                count += 1
        counts[table] = count
    write_text(folder / MANIFEST, json.dumps(
        {"format": FORMAT, "tables": tables, "rows": counts}, indent=1) + "\n")
    return counts


def _reader(kind: str) -> Callable[[str], Any]:
    def convert(cell: str) -> Any:
        if cell == NULL:
            return None
        if cell.startswith("\\") and cell.lstrip("\\") == "N":
            return cell[1:]
        text = unneutralise(cell)
        if "INT" in kind and text.lstrip("-").isdigit():
            return int(text)
        if kind in ("REAL", "FLOAT", "DOUBLE") and text:
            return float(text)
        return text
    return convert


def _rows(path: Path, converters: Sequence[Callable[[str], Any]]) -> Iterator[list[Any]]:
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        next(reader, None)
        for cells in reader:
            yield [convert(cell) for convert, cell in zip(converters, cells, strict=True)]


def import_all(store: Store, folder: str | Path) -> RestoreReport:
    """Rebuild the business from an export folder into `store`, which must be empty.
    One step: all of it or nothing."""
    source = Path(folder).expanduser() / FOLDER
    try:
        manifest = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ImportAllError(f"{folder} holds no {FOLDER}/{MANIFEST}: export it with "
                             "`sm-desk export all` (this version or newer)") from exc
    if manifest.get("format") != FORMAT:
        raise ImportAllError(f"{folder} was written in a format this version does not read")
    if store.has_business_data():
        raise ImportAllError("the database already holds records: import all goes into a "
                             "new, empty file (--db NEW.db)")
    ours = set(q.copied_tables(store))
    tables = [t for t in manifest["tables"] if t in ours]
    report = RestoreReport()
    with store.step("Import all", undoable=False, large=True) as step:
        q.clear(step, q.copied_tables(store))
        for table in tables:
            columns = {c[0]: c for c in q.columns_of(store, table)}
            with open(source / f"{table}.csv", encoding="utf-8", newline="") as handle:
                header = next(csv.reader(handle), [])
            unknown = [h for h in header if h not in columns]
            if unknown:
                raise ImportAllError(f"{table}.csv has columns this version does not know: "
                                     f"{', '.join(unknown)}")
            converters = [_reader(columns[h][1]) for h in header]
            q.restore(step, table, header, _rows(source / f"{table}.csv", converters))
            report.tables[table] = int(manifest["rows"].get(table, 0))
    return report
