"""Read a contacts CSV into checked rows: every record comes out either as a clean row
or as a Reject with its physical line number and the reason. Nothing touches the
database here, so this runs in a worker thread and a dry run costs nothing."""

from __future__ import annotations

import csv
import gc
import io
import operator
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from itertools import count, islice, repeat
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

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
from sm_desk.io.csv_mapping import guess_mapping, known_columns
from sm_desk.io.csv_sniff import (
    REPAIRED_LISTED,
    NotCsvError,
    decode,
    encoding_label,
    excel_separator,
    header_line,
    sniff_delimiter,
)

if TYPE_CHECKING:
    from _csv import Reader as _reader

ProgressFn = Callable[[int, int], None]  # (done, total)
CancelFn = Callable[[], bool]
PROGRESS_EVERY = 4096
# Each clean row: line, first, last, email, phone, company, job_title, lifecycle
# ('' = not given), notes, source campaign, tags.
CleanRow = tuple[int, str, str, str, str, str, str, str, str, str, tuple[str, ...]]
CLEAN_FIELDS = 11
MAX_CELL = 1 << 20  # characters: a bigger cell rejects its row
# csv.reader refuses cells over its limit (128 KiB) with an exception that stops the
# whole file; cells are measured by the importer instead.
_READER_LIMIT = 1 << 30
_NEUTRALISED = frozenset("=+-@\t\r\n'")
# Fields whose values repeat from row to row (names, companies, titles): kept once each.
_REPEATING = frozenset({"first_name", "last_name", "company", "job_title", "lifecycle",
                        "source_campaign", "full_name"})
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
    skip_lines: int = 0  # an Excel 'sep=' line and lines before the header
    repaired: list[int] = field(default_factory=list)  # lines with Windows-1252 bytes
    preamble: int = 0  # lines before the header that are not the 'sep=' line

    @property
    def encoding_label(self) -> str:
        return encoding_label(self.encoding)

    def notes(self) -> list[str]:
        """What the user should know about how the file was read."""
        out = []
        if self.preamble:
            out.append(f"the first {self.preamble} line{'s' if self.preamble > 1 else ''} "
                       "before the header were skipped")
        if self.repaired:
            listed = ", ".join(map(str, self.repaired[:REPAIRED_LISTED]))
            more = (f" and {len(self.repaired) - REPAIRED_LISTED:,} more"
                    if len(self.repaired) > REPAIRED_LISTED else "")
            out.append("the file is UTF-8 but a few bytes are not: they were read as "
                        f"Windows-1252 on line{'s' if len(self.repaired) > 1 else ''} "
                        f"{listed}{more}; check those names")
        return out

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
                     source.mapping, source.name, source.skip_lines, source.repaired,
                     source.preamble)


def open_csv(source: str | Path | bytes, name: str = "",
             encoding: str | None = None) -> CsvSource:
    """Sniff a file (path or bytes); `encoding` overrides the detected one. Raises
    OSError (unreadable) or NotCsvError."""
    if isinstance(source, bytes):
        data = source
    else:
        data = Path(source).read_bytes()
        name = name or Path(source).name
    decoded = decode(data, encoding)
    text = decoded.text
    if csv.field_size_limit() < _READER_LIMIT:
        csv.field_size_limit(_READER_LIMIT)
    separator = excel_separator(text)
    body = text.split("\n", 1)[1] if separator and "\n" in text else text
    delimiter = separator or sniff_delimiter(body)
    preamble = header_line(body, delimiter, known_columns)
    skip = (1 if separator else 0) + preamble
    if preamble:  # the header's first 64 KiB: enough to read the header from
        handle = io.StringIO(body, newline="")
        for _ in range(preamble):
            handle.readline()
        body = handle.read(65536)
    try:
        head = next((r for r in csv.reader(io.StringIO(body[:65536], newline=""),
                                           delimiter=delimiter) if any(r)), None)
    except csv.Error as exc:
        raise NotCsvError(f"it could not be read as CSV ({exc})") from exc
    if head is None:
        raise NotCsvError("it holds no header row and no records")
    header = [h.strip().lstrip("\ufeff") for h in head]
    found = CsvSource(text, decoded.encoding, delimiter, header, guess_mapping(header), name,
                      skip, decoded.repaired, preamble)
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

    The import's hot path (100k rows in ~0.2 s): records are read and checked a batch
    at a time, column by column (`_Checker`), and folded by email at the end (`_fold`)."""
    checker = _Checker(source, mapping, tags)
    out = Prepared()
    total = source.text.count("\n") + 1
    for batch in _records(source):
        if cancel is not None and cancel():
            raise ImportCancelled
        out.records += len(batch.lines) + len(batch.broken)
        for column, values in zip(out.columns, checker.check(batch, out), strict=True):
            column += values
        if batch.broken:
            out.rejects += batch.broken
            out.rejects.sort(key=lambda r: r.line)
        if progress is not None:
            progress(batch.done, total)
    _fold(out, on_duplicate)
    if progress is not None:
        progress(total, total)
    return out


class _Batch(NamedTuple):
    """Records read, without the header and empty records: as `columns` when each has
    the header's width (split straight into columns), else as `records`."""

    columns: list[list[str]] | None
    records: list[list[str]] | None
    lines: list[int]  # the line each record starts on
    done: int  # lines read so far
    longest: int = sys.maxsize  # no cell is longer (the batch's longest line, unquoted)
    broken: tuple[Reject, ...] = ()  # records cut short at an unclosed quote


def _records(source: CsvSource) -> Iterator[_Batch]:
    """The data records a batch at a time, without the header and empty records."""
    header_seen = False
    for batch in _batches(source, len(source.header)):
        if batch.records is not None:
            empty = positions(list(map(any, batch.records)), False)
        else:  # a record of empty cells: its first cell is empty too
            columns = batch.columns or []
            empty = [i for i in positions(columns[0], "") if not any(c[i] for c in columns)]
        drop = empty
        if not header_seen and len(empty) < len(batch.lines):
            drop = sorted({*empty, next(i for i in count() if i not in empty)})  # the header
            header_seen = True
        if drop:
            held = [batch.records] if batch.records is not None else batch.columns or []
            _drop([batch.lines, *held], drop)
        yield batch


def _batches(source: CsvSource, width: int) -> Iterator[_Batch]:
    """All records (empty ones and the header too) a batch at a time, with their lines."""
    chunks = _plain_chunks(source)
    if chunks is None:
        yield from _quoted_batches(source, width)
        return
    # No quoting: a record is a line, its cells split at the delimiter.
    delimiter = source.delimiter
    first = source.skip_lines + 1
    for part in chunks:
        if not part:
            continue
        starts = list(range(first, first + len(part)))
        longest = max(map(len, part))
        if list(map(str.count, part, repeat(delimiter))).count(width - 1) == len(part):
            # Every line has the header's width: split the batch at once and take
            # every width-th cell (no list per record, no transposing).
            cells = delimiter.join(part).split(delimiter)
            yield _Batch([cells[i::width] for i in range(width)], None, starts,
                         first + len(part) - 1, longest)
        else:
            yield _Batch(None, list(map(str.split, part, repeat(delimiter))), starts,
                         first + len(part) - 1, longest)
        first += len(part)


def _quoted_batches(source: CsvSource, width: int) -> Iterator[_Batch]:
    """The csv.reader path (quotes in the file). A record whose quoted cell runs over
    lines that look like records of their own is an unclosed quote: its first line is
    rejected by line and reading starts again on the line after it."""
    reader, handle = source.records()
    base = source.skip_lines  # physical line = base + reader.line_num
    delimiter = source.delimiter
    odd_quotes = source.text.count('"') % 2 == 1
    try:
        while True:
            at, before = handle.tell(), reader.line_num
            records = list(islice(reader, PROGRESS_EVERY))
            if not records:
                return
            after, end = reader.line_num, handle.tell()
            if after - before == len(records):  # one line each: no quoted line breaks
                starts = list(range(before + base + 1, after + base + 1))
                yield _Batch(None, records, starts, after + base, end - at)
                continue
            # Read the batch again, noting where each record ends.
            again = csv.reader(io.StringIO(source.text[at:end], newline=""),
                               delimiter=delimiter)
            ends = [before + again.line_num for _ in again]
            starts = [e + base + 1 for e in (before, *ends[:-1])]
            at_end = end >= len(source.text)
            cut = next((i for i, record in enumerate(records)
                        if ends[i] + base > starts[i] and _unclosed(
                            record, width, delimiter,
                            odd_quotes and at_end and i == len(records) - 1)), None)
            if cut is None:
                yield _Batch(None, records, starts, after + base, end - at)
                continue
            if cut:
                yield _Batch(None, records[:cut], starts[:cut], starts[cut] - 1, end - at)
            # Start again after the line where the quote opened.
            handle.seek(at)
            for _ in range(starts[cut] - (before + base)):
                opened = handle.readline()
            last = ends[cut] + base
            reject = Reject(starts[cut], f"a quote opened on line {starts[cut]} is not closed "
                            f"(it would run to line {last}): this line was left out and the "
                            "lines after it were read on their own",
                            opened.rstrip("\r\n").split(delimiter))
            yield _Batch(None, [], [], starts[cut], 0, (reject,))
            base = starts[cut]
            reader = csv.reader(handle, delimiter=delimiter)
    except csv.Error as exc:
        raise NotCsvError(f"line {_failing_line(source)}: {exc}") from exc


def _unclosed(record: list[str], width: int, delimiter: str, runs_to_end: bool) -> bool:
    """A record over several lines whose line breaks sit inside a quote that was never
    meant to be open: a cell's later lines hold as many delimiters as a record, or the
    record has more cells than the header, or it runs to the end of a file with an odd
    number of quotes."""
    if runs_to_end or len(record) > width and any(record[width:]):
        return True
    enough = max(2, width - 1)
    for cell in record:
        if "\n" in cell or "\r" in cell:
            later = cell.replace("\r\n", "\n").replace("\r", "\n").split("\n")[1:]
            if any(line.count(delimiter) >= enough for line in later):
                return True
    return False


def _plain_chunks(source: CsvSource) -> Iterator[list[str]] | None:
    """The lines after the skipped ones, about PROGRESS_EVERY at a time, when csv.reader
    would read each as one record split at the delimiter (None: read with csv.reader):
    no quote character (so no quoted delimiter or line break), lines ending in LF only or
    CRLF only (the reader also breaks lines at a lone CR). str.split is about twice as
    fast and needs no line tracking; only one chunk's lines are held at a time."""
    text = source.text
    if '"' in text or len(source.delimiter) != 1 or source.delimiter in '\r\n"':
        return None
    newline = "\n"
    if "\r" in text:
        if not text.count("\r") == text.count("\n") == text.count("\r\n"):
            return None
        newline = "\r\n"
    start = 0
    for _ in range(source.skip_lines):
        start = text.find("\n", start) + 1 or len(text)
    return _chunks_of(text, start, newline)


def _chunks_of(text: str, start: int, newline: str) -> Iterator[list[str]]:
    head = text[start:start + 65536]
    average = max(1, len(head) // max(1, head.count("\n")))
    size = PROGRESS_EVERY * average  # characters: about PROGRESS_EVERY lines
    while start < len(text):
        end = text.find("\n", min(start + size, len(text) - 1)) + 1 or len(text)
        lines = text[start:end].split(newline)
        if text.endswith("\n", 0, end):
            lines.pop()  # after the chunk's last line break: no record
        yield lines
        start = end


class Memo(dict[str, Any]):
    """`make(key)`, computed once per distinct key (lifecycle words, tag lists), in the
    order keys first come: `list(map(memo.__getitem__, column))` is one C loop."""

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
        self.quoted = "'" in source.text and _QUOTED.search(source.text) is not None
        extra = tuple(t for tag in tags for t in split_tags(tag))
        self.tags = Memo(lambda text: (*split_tags(text), *extra), {"": extra})
        self.stages = Memo(lifecycle_of, {"": ""})  # '' = not given
        self.pool: dict[str, str] = {}

    def check(self, batch: _Batch, out: Prepared) -> list[list[Any]]:
        """The clean rows of a batch as columns; its rejects go to `out.rejects`."""
        width, lines, records = self.width, batch.lines, batch.records
        n = len(lines)
        if not n:
            return [[] for _ in range(CLEAN_FIELDS)]
        suspects: set[int] = set()
        columns: Sequence[Sequence[str]] = batch.columns or []
        if records is not None:
            padded = records
            if list(map(len, records)).count(width) != n:  # short or long: pad, cut, flag
                padded = [r if len(r) == width else (r + [""] * width)[:width] for r in records]
                suspects.update(i for i, r in enumerate(records) if len(r) > width)
            columns = list(zip(*padded, strict=True))
        values = [self._field(name, columns, n) for name in IMPORT_FIELDS]
        (first, last, full, email, _, _, _, lifecycle, tag_text, _, _) = values
        for name, column in zip(IMPORT_FIELDS, values, strict=True):
            limit, indexes = MAX_LENGTH[name], self.columns.get(name, [])
            if not indexes or len(indexes) == 1 and batch.longest <= limit:
                continue  # not in the file, or one cell, no longer than its line
            if max(map(len, column)) > limit:
                suspects.update(i for i, v in enumerate(column) if len(v) > limit)
        if batch.longest > MAX_CELL:
            for raw_column in columns:
                if max(map(len, raw_column), default=0) > MAX_CELL:
                    suspects.update(i for i, c in enumerate(raw_column) if len(c) > MAX_CELL)
            if records is not None:
                suspects.update(i for i, r in enumerate(records)
                                if len(r) > width and max(map(len, r)) > MAX_CELL)
        suspects.update(i for i in positions(email_shapes(email), None) if email[i])
        if "" in first:
            names = list(map(any, zip(first, last, full, email, strict=True)))
            suspects.update(positions(names, False))
        stages = list(map(self.stages.__getitem__, lifecycle))
        suspects.update(positions(stages, None))
        if self.has_nul:
            for raw in columns:
                suspects.update(i for i, c in enumerate(raw) if "\x00" in c)
        rejected = set()
        for i in sorted(suspects):
            cells = [c[i] for c in columns]  # padded or cut to the header's width
            original = cells if records is None else records[i]
            reasons = _reasons(original, [v[i] for v in values], width)
            if reasons:
                rejected.add(i)
                out.rejects.append(Reject(lines[i], "; ".join(reasons),
                                          (cells + [""])[:max(len(original), 1)]))
        if "full_name" in self.columns:
            for i, (a, b, c) in enumerate(zip(first, last, full, strict=True)):
                if c and not (a or b):
                    first[i], last[i] = split_name(c)
        clean: list[Any] = [lines, first, last, email, *values[4:7], stages, *values[9:11],
                            list(map(self.tags.__getitem__, tag_text))]
        if self.custom:
            for i in range(n):
                found = {name: unneutralise(c) if self.quoted else c
                         for index, name in self.custom if (c := columns[index][i].strip())}
                if found and i not in rejected:
                    out.custom[lines[i]] = found
        _drop(clean, sorted(rejected))
        return clean

    def _field(self, name: str, columns: Sequence[Sequence[str]], n: int) -> list[str]:
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
        if self.quoted:
            found = list(map(unneutralise, found))
        if name in _REPEATING:  # one string object per distinct value: a third of the memory
            found = list(map(self.pool.setdefault, found, found))
        return found


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
    if max(map(len, cells), default=0) > MAX_CELL:
        reasons.append(f"a cell is longer than {MAX_CELL // (1 << 20)} MiB "
                       f"({max(map(len, cells)):,} characters)")
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
    if mode == "keep":
        return
    keys = list(map(str.casefold, columns[3]))
    first: dict[str, int] = {}
    # Each row's email's first row (setdefault keeps the first: one C loop, no call per row).
    firsts = list(map(first.setdefault, keys, range(len(keys))))
    if len(first) == len(keys):  # every email once
        return
    repeats = [i for i in positions(list(map(operator.ne, firsts, range(len(keys)))), True)
               if keys[i]]  # '': no email, no repeat
    for i in repeats:
        _fold_one(out, firsts[i], [column[i] for column in columns], mode)
    _drop(columns, repeats)


def _drop(columns: list[list[Any]], rows: list[int]) -> None:
    """Remove the rows at these (sorted) positions from every column."""
    if len(rows) < 50:  # a few: each del just moves the pointers after it
        for column in columns:
            for i in reversed(rows):
                del column[i]
        return
    runs = list(zip([-1, *rows], [*rows, len(columns[0])], strict=True))  # between them
    for column in columns:  # in place: the caller may hold the lists
        column[:] = [v for a, b in runs for v in column[a + 1:b]]


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
