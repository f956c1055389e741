"""Read a contacts CSV into checked rows: every record comes out either as a clean row
or as a Reject with its physical line number and the reason. Nothing touches the
database here, so this runs in a worker thread and a dry run costs nothing."""

from __future__ import annotations

import csv
import gc
import io
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from itertools import compress, count, islice, repeat
from operator import attrgetter, eq
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sm_desk.core.contacts.fields import (
    FIELD_LABELS,
    IMPORT_FIELDS,
    MAX_LENGTH,
    email_shapes,
    is_email,
    lifecycle_of,
    split_name,
    split_tags,
)
from sm_desk.io.csv_custom import custom_columns
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
CLEAN_FIELDS = 11
_NEUTRALISED = frozenset("=+-@\t\r\n'")
_QUOTED = re.compile("'[=+\\-@'\t\r\n]")  # an exported cell that unneutralise() undoes


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

    def records(self, text: str | None = None) -> tuple[_reader, io.StringIO]:
        handle = io.StringIO(self.text if text is None else text, newline="")
        for _ in range(self.skip_lines):
            handle.readline()
        return csv.reader(handle, delimiter=self.delimiter), handle

    def head(self, count: int) -> list[tuple[int, list[str]]]:
        """The first `count` data records with their line numbers (for a preview)."""
        # Read the first 64 KiB (whole lines) when it holds them, not a copy of a big file.
        # Record `count` is whole when another one starts after it.
        prefix = self.text[:self.text.rfind("\n", 0, 65536) + 1]
        if len(prefix) < len(self.text):
            with suppress(csv.Error):
                out = self._head(count + 1, prefix)
                if len(out) > count:
                    return out[:count]
        return self._head(count, self.text)

    def _head(self, count: int, text: str) -> list[tuple[int, list[str]]]:
        reader, _ = self.records(text)
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


def truncated(source: CsvSource, records: int) -> CsvSource:
    """The same file cut after its first `records` data records (a preview's input)."""
    head = source.head(records + 1)
    if len(head) <= records:
        return source
    cut = head[records][0] - 1  # the physical line before record `records + 1` starts
    lines = io.StringIO(source.text, newline="").readlines()  # split as the reader does
    return CsvSource("".join(lines[:cut]), source.encoding, source.delimiter, source.header,
                     source.mapping, source.name, source.skip_lines)


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
    exact = sum(len(r) == width or len(r) > width and not any(r[width:]) for r in rows)
    unknown = not any(source.mapping)
    if unknown and (width == 1 or exact < 0.8 * len(rows)) or fitting < 0.5 * len(rows):
        raise NotCsvError(
            f"its lines do not have consistent columns (the header has {width}; "
            f"{len(rows) - exact} of the first {len(rows)} records differ) and "
            f"{'no column name is one we know' if unknown else 'most records have more'}: "
            "it does not look like a CSV file")


def unneutralise(value: str) -> str:
    """Undo the apostrophe an export put before '=cmd' (OWASP): "'=x" -> "=x"."""
    if len(value) > 1 and value[0] == "'" and value[1] in _NEUTRALISED:
        return value[1:]
    return value


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while an import builds its rows: it makes a few
    hundred thousand tuples and lists without cycles (reference counting frees them), and
    the collector would walk them again and again (a quarter of the time of checking).
    Used as a decorator: the function's locals are freed before the collector resumes."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


@dataclass
class Prepared:
    """The checked records, kept as columns (the CleanRow fields, in that order): the
    importer works on them column by column."""

    columns: list[list[Any]] = field(default_factory=lambda: [[] for _ in range(CLEAN_FIELDS)])
    rejects: list[Reject] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)  # duplicates inside the file
    records: int = 0  # non-empty records read (without the header)
    custom: dict[int, dict[str, str]] = field(default_factory=dict)  # line -> custom fields

    @property
    def rows(self) -> list[CleanRow]:
        return list(zip(*self.columns, strict=True))


@paused_gc()
def prepare(source: CsvSource, mapping: Sequence[str | None] | None = None,
            on_duplicate: str = "update", tags: Sequence[str] = (),
            progress: ProgressFn | None = None, cancel: CancelFn | None = None) -> Prepared:
    """Check every record; fold duplicates inside the file by email (update: later rows
    fill in the earlier one; skip: later rows are noted and dropped; keep: all stay).

    The import's hot path (100k rows in ~0.3 s): records are read and checked a batch
    at a time, column by column (`_Checker`), and folded by email at the end (`_fold`)."""
    checker = _Checker(source, mapping, tags)
    out = Prepared()
    total = source.text.count("\n") + 1
    for rows, lines, done in _records(source):
        if cancel is not None and cancel():
            raise ImportCancelled
        out.records += len(rows)
        for column, values in zip(out.columns, checker.check(rows, lines, out), strict=True):
            column += values
        if progress is not None:
            progress(done, total)
    _fold(out, on_duplicate)
    if progress is not None:
        progress(total, total)
    return out


def _records(source: CsvSource) -> Iterator[tuple[list[list[str]], list[int], int]]:
    """The data records a batch at a time: (records, the line each starts on, lines read
    so far), without the header and empty records."""
    reader, _ = source.records()
    # Each record with the line_num read right after it: the physical line it ends on.
    records = zip(reader, map(attrgetter("line_num"), repeat(reader)), strict=False)
    ended = 0
    header_seen = False
    try:
        while batch := list(islice(records, PROGRESS_EVERY)):
            cells, ends = zip(*batch, strict=True)
            starts = [e + source.skip_lines + 1 for e in (ended, *ends[:-1])]
            ended = ends[-1]
            present = list(map(any, cells))
            if not header_seen and True in present:
                present[present.index(True)] = False  # the first record is the header
                header_seen = True
            yield (list(compress(cells, present)), list(compress(starts, present)),
                   ended + source.skip_lines)
    except csv.Error as exc:
        raise NotCsvError(f"line {_failing_line(source)}: {exc}") from exc


class _Cache(dict[str, Any]):
    """`make(key)`, computed once per distinct key (lifecycle words, tag lists)."""

    def __init__(self, make: Callable[[str], Any], known: dict[str, Any]) -> None:
        super().__init__(known)
        self.make = make

    def __missing__(self, key: str) -> Any:
        value = self[key] = self.make(key)
        return value


class _Checker:
    """Checks a batch of records column by column: cheap whole-column tests find the few
    rows that may fail, and only those go through `_reasons`, the per-row rules."""

    def __init__(self, source: CsvSource, mapping: Sequence[str | None] | None,
                 tags: Sequence[str]) -> None:
        self.width = width = len(source.header)
        mapping = (list(source.mapping if mapping is None else mapping) + [None] * width)[:width]
        self.columns: dict[str, list[int]] = {}
        for index, name in enumerate(mapping):
            if name:
                self.columns.setdefault(name, []).append(index)
        self.custom = custom_columns(mapping)
        self.has_nul = "\x00" in source.text
        self.quoted = _QUOTED.search(source.text) is not None
        extra = tuple(t for tag in tags for t in split_tags(tag))
        self.tags = _Cache(lambda text: (*split_tags(text), *extra), {"": extra})
        self.stages = _Cache(lifecycle_of, {"": ""})  # '' = not given

    def check(self, rows: list[list[str]], lines: list[int], out: Prepared) -> list[list[Any]]:
        """The clean rows of a batch as columns; its rejects go to `out.rejects`."""
        width, n = self.width, len(rows)
        if not n:
            return [[] for _ in range(CLEAN_FIELDS)]
        originals = rows
        suspects: set[int] = set()
        if list(map(len, rows)).count(width) != n:  # short or long records: pad, cut, flag
            rows = [r if len(r) == width else (r + [""] * width)[:width] for r in rows]
            suspects.update(i for i, r in enumerate(originals) if len(r) > width)
        columns = list(zip(*rows, strict=True))
        values = [self._field(name, columns, n) for name in IMPORT_FIELDS]
        (first, last, full, email, _, _, _, lifecycle, tag_text, _, _) = values
        for name, column in zip(IMPORT_FIELDS, values, strict=True):
            limit = MAX_LENGTH[name]
            if name in self.columns and max(map(len, column)) > limit:
                suspects.update(i for i, v in enumerate(column) if len(v) > limit)
        suspects.update(i for i in positions(email_shapes(email), None) if email[i])
        if "" in first:
            names = list(map(any, zip(first, last, full, email, strict=True)))
            suspects.update(positions(names, False))
        stages = list(map(self.stages.__getitem__, lifecycle))
        suspects.update(positions(stages, None))
        if self.has_nul:
            suspects.update(i for i, r in enumerate(rows) if any("\x00" in c for c in r))
        rejected = set()
        for i in sorted(suspects):
            reasons = _reasons(originals[i], [v[i] for v in values], width)
            if reasons:
                rejected.add(i)
                out.rejects.append(Reject(lines[i], "; ".join(reasons),
                                          (rows[i] + [""])[:max(len(originals[i]), 1)]))
        if "full_name" in self.columns:
            for i, (a, b, c) in enumerate(zip(first, last, full, strict=True)):
                if c and not (a or b):
                    first[i], last[i] = split_name(c)
        clean: list[Any] = [lines, first, last, email, *values[4:7], stages, *values[9:11],
                            list(map(self.tags.__getitem__, tag_text))]
        if self.custom:
            for i, row in enumerate(rows):
                found = {name: unneutralise(c) if self.quoted else c
                         for index, name in self.custom if (c := row[index].strip())}
                if found and i not in rejected:
                    out.custom[lines[i]] = found
        _drop(clean, sorted(rejected))
        return clean

    def _field(self, name: str, columns: list[tuple[str, ...]], n: int) -> list[str]:
        """The stripped values of a field: its column, or several merged, or ''."""
        indexes = self.columns.get(name)
        if not indexes:
            return [""] * n
        stripped = [list(map(str.strip, columns[i])) for i in indexes]
        if len(stripped) == 1:
            found = stripped[0]
        elif name == "tags":
            found = ["; ".join(filter(None, t)) for t in zip(*stripped, strict=True)]
        else:
            found = [next(filter(None, t), "") for t in zip(*stripped, strict=True)]
        return list(map(unneutralise, found)) if self.quoted else found


def positions(values: Sequence[object], wanted: object) -> list[int]:
    """Where `wanted` is in `values` (list.index: a C loop, fast when there are few)."""
    found: list[int] = []
    with suppress(ValueError):
        while True:
            found.append(values.index(wanted, found[-1] + 1 if found else 0))
    return found


def _reasons(cells: list[str], values: list[str], width: int) -> list[str]:
    """Why one record cannot be imported (empty: it can). `values`: IMPORT_FIELDS, stripped."""
    reasons = []
    n = len(cells)
    if n > width and any(cells[width:]):
        reasons.append(f"it has {n} columns, the header has {width}")
    reasons += [f"{FIELD_LABELS[f]} is longer than {MAX_LENGTH[f]} characters"
                for f, v in zip(IMPORT_FIELDS, values, strict=True) if len(v) > MAX_LENGTH[f]]
    (first, last, full, email, _, _, _, lifecycle, _, _, _) = values
    if email and not is_email(email):
        reasons.append(f"bad email {email!r}")
    if not (first or last or full or email):
        reasons.append("missing name and email")
    if lifecycle and lifecycle_of(lifecycle) is None:
        reasons.append(f"unknown lifecycle {lifecycle!r}")
    if any("\x00" in c for c in cells[:width]):
        reasons.append("it contains NUL bytes")
    return reasons


def _failing_line(source: CsvSource) -> int:
    """The line where the record the csv module could not read starts."""
    reader, _ = source.records()
    started = source.skip_lines + 1
    with suppress(csv.Error):
        for _ in reader:
            started = reader.line_num + source.skip_lines + 1
    return started


def _fold(out: Prepared, mode: str) -> None:
    """Fold each row whose email came earlier in the file into that first row (update)
    or drop it (skip); keep: all stay."""
    columns = out.columns
    keys = list(map(str.casefold, columns[3]))
    first = dict(zip(reversed(keys), range(len(keys) - 1, -1, -1), strict=True))
    if mode == "keep" or len(first) == len(keys):  # keep, or every email once
        return
    firsts = list(map(eq, map(first.__getitem__, keys), count()))
    repeats = [i for i in positions(firsts, False) if keys[i]]  # '': no email, no repeat
    for i in repeats:
        _fold_one(out, first[keys[i]], [column[i] for column in columns], mode)
    _drop(columns, repeats)


def _drop(columns: list[list[Any]], rows: list[int]) -> None:
    """Remove the rows at these (sorted) positions from every column."""
    if len(rows) < 50:  # a few: each del just moves the pointers after it
        for column in columns:
            for i in reversed(rows):
                del column[i]
        return
    runs = list(zip([-1, *rows], [*rows, len(columns[0])], strict=True))  # between them
    for position, column in enumerate(columns):
        columns[position] = [v for a, b in runs for v in column[a + 1:b]]


def _fold_one(out: Prepared, earlier: int, row: list[Any], mode: str) -> None:
    """Fold a row into the earlier one with its email: what it says fills in or
    overrides (update), or it is dropped (skip)."""
    columns = out.columns
    kept_line = columns[0][earlier]
    extra = out.custom.pop(row[0], None)
    if mode == "skip":
        out.notes.append(Note(row[0], f"skipped: same email as line {kept_line}"))
        return
    if extra:
        out.custom.setdefault(kept_line, {}).update(extra)
    for position in range(1, 10):
        if row[position]:
            columns[position][earlier] = row[position]
    kept_tags = columns[10][earlier]
    columns[10][earlier] = kept_tags + tuple(t for t in row[10] if t not in kept_tags)
    out.notes.append(Note(row[0], f"merged into line {kept_line} (same email)"))
