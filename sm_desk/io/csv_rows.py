"""Read a contacts CSV into checked rows: every record comes out either as a clean row
or as a Reject with its physical line number and the reason. Nothing touches the
database here, so this runs in a worker thread and a dry run costs nothing."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sm_desk.core.contacts.fields import (
    FIELD_LABELS,
    MAX_LENGTH,
    is_email,
    lifecycle_of,
    split_name,
    split_tags,
)
from sm_desk.io.csv_mapping import guess_mapping
from sm_desk.io.csv_sniff import NotCsvError, decode, excel_separator, sniff_delimiter

if TYPE_CHECKING:
    from _csv import Reader as _reader

ProgressFn = Callable[[int, int], None]  # (done, total)
CancelFn = Callable[[], bool]
PROGRESS_EVERY = 4096
# Each clean row: line, first, last, email, phone, company, job_title, lifecycle
# ('' = not given), notes, source campaign, tags.
CleanRow = tuple[int, str, str, str, str, str, str, str, str, str, tuple[str, ...]]
_NEUTRALISED = frozenset("=+-@\t\r\n'")


class ImportCancelled(Exception):
    """The user cancelled; nothing was written."""


@dataclass
class Reject:
    line: int  # physical line in the file where the record starts (1 = first line)
    reason: str
    cells: list[str]


@dataclass
class Note:
    """A row that was read fine but not written as a new contact (skipped, merged)."""

    line: int
    reason: str


@dataclass
class CsvSource:
    """A sniffed file: its text, how it was read, its header and a guessed mapping."""

    text: str
    encoding: str
    delimiter: str
    header: list[str]
    mapping: list[str | None]
    name: str = ""
    skip_lines: int = 0  # an Excel 'sep=' line

    def records(self) -> tuple[_reader, io.StringIO]:
        handle = io.StringIO(self.text, newline="")
        for _ in range(self.skip_lines):
            handle.readline()
        return csv.reader(handle, delimiter=self.delimiter), handle

    def head(self, count: int) -> list[tuple[int, list[str]]]:
        """The first `count` data records with their line numbers (for a preview)."""
        reader, _ = self.records()
        out: list[tuple[int, list[str]]] = []
        started = self.skip_lines + 1
        seen_header = False
        for row in reader:
            line, started = started, reader.line_num + self.skip_lines + 1
            if not row or not any(row):
                continue
            if not seen_header:
                seen_header = True
                continue
            out.append((line, row))
            if len(out) >= count:
                break
        return out


def open_csv(source: str | Path | bytes, name: str = "") -> CsvSource:
    """Sniff a file (path or bytes). Raises OSError (unreadable) or NotCsvError."""
    if isinstance(source, bytes):
        data = source
    else:
        data = Path(source).read_bytes()
        name = name or Path(source).name
    decoded = decode(data)
    text = decoded.text
    separator = excel_separator(text)
    skip = 1 if separator else 0
    body = text.split("\n", 1)[1] if separator and "\n" in text else text
    delimiter = separator or sniff_delimiter(body)
    try:
        head = next((r for r in csv.reader(io.StringIO(body[:65536], newline=""),
                                           delimiter=delimiter) if any(r)), None)
    except csv.Error as exc:
        raise NotCsvError(f"it could not be read as CSV ({exc})") from exc
    if head is None:
        raise NotCsvError("it holds no header row and no records")
    header = [h.strip().lstrip("\ufeff") for h in head]
    found = CsvSource(text, decoded.encoding, delimiter, header, guess_mapping(header), name, skip)
    _check_columns(found)
    return found


def _check_columns(source: CsvSource) -> None:
    """Refuse text whose lines do not share a column layout (a letter, a log file...)."""
    rows = [r for _, r in source.head(200)]
    width = len(source.header)
    if not rows:
        return
    fitting = sum(len(r) <= width or not any(r[width:]) for r in rows)
    if width == 1 and not any(source.mapping) or fitting < 0.8 * len(rows):
        raise NotCsvError(
            f"its lines do not have consistent columns (the header has {width}, "
            f"{len(rows) - fitting} of the first {len(rows)} records have more): it does not "
            "look like a CSV file")


def unneutralise(value: str) -> str:
    """Undo the apostrophe an export put before '=cmd' (OWASP): "'=x" -> "=x"."""
    if len(value) > 1 and value[0] == "'" and value[1] in _NEUTRALISED:
        return value[1:]
    return value


@dataclass
class Prepared:
    rows: list[CleanRow] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)  # duplicates inside the file
    records: int = 0  # non-empty records read (without the header)


def prepare(source: CsvSource, mapping: Sequence[str | None] | None = None,
            on_duplicate: str = "update", tags: Sequence[str] = (),
            progress: ProgressFn | None = None, cancel: CancelFn | None = None) -> Prepared:
    """Check every record; fold duplicates inside the file by email (update: later rows
    fill in the earlier one; skip: later rows are noted and dropped; keep: all stay)."""
    mapping = list(source.mapping if mapping is None else mapping)
    width = len(source.header)
    mapping += [None] * (width - len(mapping))
    columns: dict[str, list[int]] = {}
    for index, name in enumerate(mapping):
        if name:
            columns.setdefault(name, []).append(index)
    single = {k: v[0] for k, v in columns.items() if len(v) == 1}
    extra_tags = tuple(t for tag in tags for t in split_tags(tag))
    out = Prepared()
    total = source.text.count("\n") + 1
    reader, _ = source.records()
    line_offset = source.skip_lines
    started = line_offset + 1
    seen: dict[str, int] = {}  # email -> index in out.rows
    header_seen = False
    limits = [(f, MAX_LENGTH[f]) for f in columns if f in MAX_LENGTH]
    rows_append, rejects_append = out.rows.append, out.rejects.append
    get = _getter(columns, single)
    count = 0
    try:
        for cells in reader:
            line, started = started, reader.line_num + line_offset + 1
            if not cells or (len(cells) == 1 and not cells[0].strip()):
                continue
            if not header_seen:
                header_seen = True
                continue
            if not any(cells):
                continue
            count += 1
            if count % PROGRESS_EVERY == 0:
                if cancel is not None and cancel():
                    raise ImportCancelled
                if progress is not None:
                    progress(line, total)
            values = get(cells)
            reasons = []
            if len(cells) > width and any(cells[width:]):
                reasons.append(f"it has {len(cells)} columns, the header has {width}")
            for name, limit in limits:
                if len(values[name]) > limit:
                    reasons.append(f"{FIELD_LABELS[name]} is longer than {limit} characters")
            email = values.get("email", "")
            if email and not is_email(email):
                reasons.append(f"bad email {email!r}")
            first, last = values.get("first_name", ""), values.get("last_name", "")
            if not (first or last) and values.get("full_name"):
                first, last = split_name(values["full_name"])
            if not (first or last or email):
                reasons.append("missing name and email")
            lifecycle = values.get("lifecycle", "")
            if lifecycle:
                stage = lifecycle_of(lifecycle)
                if stage is None:
                    reasons.append(f"unknown lifecycle {lifecycle!r}")
                lifecycle = stage or ""
            if any("\x00" in c for c in cells):
                reasons.append("it contains NUL bytes")
            if reasons:
                rejects_append(Reject(line, "; ".join(reasons), cells))
                continue
            row_tags = tuple(split_tags(values["tags"])) + extra_tags if "tags" in values \
                else extra_tags
            row: CleanRow = (line, first, last, email, values.get("phone", ""),
                             values.get("company", ""), values.get("job_title", ""), lifecycle,
                             values.get("notes", ""), values.get("source_campaign", ""),
                             row_tags)
            if email and on_duplicate != "keep":
                key = email.casefold()
                earlier = seen.get(key)
                if earlier is not None:
                    kept = out.rows[earlier]
                    if on_duplicate == "skip":
                        out.notes.append(Note(line, f"skipped: same email as line {kept[0]}"))
                    else:
                        out.rows[earlier] = _fold(kept, row)
                        out.notes.append(Note(line, f"merged into line {kept[0]} (same email)"))
                    continue
                seen[key] = len(out.rows)
            rows_append(row)
    except csv.Error as exc:
        raise NotCsvError(f"line {started}: {exc}") from exc
    out.records = count
    if progress is not None:
        progress(total, total)
    return out


def _getter(columns: dict[str, list[int]],
            single: dict[str, int]) -> Callable[[list[str]], dict[str, str]]:
    multi = {k: v for k, v in columns.items() if k not in single}

    def get(cells: list[str]) -> dict[str, str]:
        n = len(cells)
        values = {}
        for name, index in single.items():
            value = cells[index].strip() if index < n else ""
            if value and value[0] == "'":
                value = unneutralise(value)
            values[name] = value
        for name, indexes in multi.items():
            found = [unneutralise(cells[i].strip()) for i in indexes if i < n and cells[i].strip()]
            if name == "tags":
                values[name] = "; ".join(found)
            else:
                values[name] = found[0] if found else ""
        return values
    return get


def _fold(kept: CleanRow, later: CleanRow) -> CleanRow:
    """The earlier row, with what the later row says where it says something."""
    merged = [later[i] or kept[i] for i in range(1, 10)]
    tags = kept[10] + tuple(t for t in later[10] if t not in kept[10])
    return (kept[0], *merged, tags)  # type: ignore[return-value]
