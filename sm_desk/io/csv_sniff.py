"""Look at a file's bytes before trusting them: refuse what is not text, find the
encoding (UTF-8 with or without BOM, UTF-16 LE/BE, else the legacy encoding found by
csv_encoding) and the delimiter (comma, semicolon, tab, pipe)."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field

DELIMITERS = (",", ";", "\t", "|")
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}

# First bytes of files people pick by mistake instead of a CSV.
_MAGIC = (
    (b"\x89PNG", "a PNG image"),
    (b"PK\x03\x04", "a ZIP archive (an .xlsx spreadsheet is one: save it as CSV first)"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"%PDF", "a PDF document"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "a program"),
    (b"MZ", "a Windows program"),
    (b"\xd0\xcf\x11\xe0", "an old Office file (.xls): save it as CSV first"),
)
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
ENCODING_NAMES = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8 with BOM", "utf-16-le": "UTF-16 LE",
                  "utf-16-be": "UTF-16 BE", "cp1252": "Windows-1252", "latin-1": "Latin-1",
                  "iso8859-1": "Latin-1", "cp1250": "Windows-1250", "cp1251": "Windows-1251",
                  "cp1253": "Windows-1253", "cp1254": "Windows-1254", "cp1257": "Windows-1257",
                  "cp1255": "Windows-1255", "cp1256": "Windows-1256",
                  "koi8-r": "KOI8-R", "koi8-u": "KOI8-U", "iso8859-2": "ISO-8859-2",
                  "iso8859-15": "ISO-8859-15", "iso8859-5": "ISO-8859-5", "cp932": "Shift_JIS",
                  "shift_jis": "Shift_JIS", "euc_jp": "EUC-JP", "gb18030": "GB18030",
                  "big5": "Big5", "cp950": "Big5", "cp949": "EUC-KR", "mac-roman": "Mac Roman"}
# What the wizard offers when the guess is wrong (codec, label).
ENCODING_CHOICES = ("utf-8", "cp1252", "cp1250", "iso8859-2", "cp1251", "koi8-r", "cp1253",
                    "cp932", "euc_jp", "gb18030", "big5", "cp949", "utf-16-le", "latin-1")
REPAIRED_LISTED = 20  # lines named in the note about repaired bytes


class NotCsvError(ValueError):
    """The file is not a CSV we can read; the message says what it looks like instead."""


@dataclass
class Decoded:
    text: str
    encoding: str  # a Python codec name; encoding_label() has the label
    # UTF-8 files with a few Windows-1252 bytes: the lines where those bytes were
    # read as Windows-1252.
    repaired: list[int] = field(default_factory=list)


def encoding_label(codec: str) -> str:
    """'cp1251' -> 'Windows-1251'; unknown names as they are."""
    try:
        name = codecs.lookup(codec).name
    except LookupError:
        name = codec
    return ENCODING_NAMES.get(codec, ENCODING_NAMES.get(name, codec.upper()))


def decode(data: bytes, encoding: str | None = None) -> Decoded:
    """The file's text, or NotCsvError saying why it is not a text file. `encoding`
    (any name Python knows, e.g. 'Shift_JIS') overrides the detection."""
    if not data or data.isspace():  # (no stripped copy of a big file)
        raise NotCsvError("the file is empty")
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise NotCsvError(f"this is {what}, not a CSV file")
    if encoding:
        return _forced(data, encoding)
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _decode_as(data[len(bom):], codec.removesuffix("-sig"))
    sample = data[:4096]
    if sample.count(0) > len(sample) // 4:  # text with a NUL every other byte: BOM-less UTF-16
        odd_zeros = sample[1::2].count(0)
        even_zeros = sample[0::2].count(0)
        if max(odd_zeros, even_zeros) > len(sample) // 3 and min(odd_zeros, even_zeros) < 4:
            return _decode_as(data, "utf-16-le" if odd_zeros > even_zeros else "utf-16-be")
    controls = sum(sample.count(b) for b in (*range(0, 9), 11, 14, *range(15, 32)))
    if controls > max(8, len(sample) // 20):
        raise NotCsvError("it holds binary data, not text; a CSV file is plain text")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    mostly = _mostly_utf8(data)
    if mostly is not None:
        return mostly
    from sm_desk.io.csv_encoding import detect

    codec = detect(data)
    return Decoded(data.decode(codec, errors="replace"), codec)


def _forced(data: bytes, encoding: str) -> Decoded:
    from sm_desk.io.csv_encoding import codec_name

    try:
        codec = codec_name(encoding)
    except LookupError as exc:
        raise NotCsvError(f"there is no text encoding called {encoding!r}") from exc
    for bom, name in _BOMS:
        if data.startswith(bom) and codec.replace("_", "-").startswith(name[:6]):
            data = data[len(bom):]
    try:
        return Decoded(data.decode(codec), codec)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise NotCsvError(f"it is not {encoding_label(codec)} text: line {line} holds bytes "
                          f"that are not valid there") from exc


def _mostly_utf8(data: bytes) -> Decoded | None:
    """UTF-8 with a few invalid bytes (one cell typed in an old Windows program): those
    bytes read as Windows-1252, their lines noted. None when the file has fewer valid
    multi-byte characters than twice its invalid bytes (it is in another encoding)."""
    parts: list[str] = []
    bad: list[int] = []
    extra = 0  # bytes beyond one per character in the valid parts: multi-byte UTF-8
    at = 0
    while True:
        try:
            part = data[at:].decode("utf-8")
        except UnicodeDecodeError as exc:
            good = data[at:at + exc.start]
            parts.append(good.decode("utf-8"))
            extra += len(good) - len(parts[-1])
            bad.append(at + exc.start)
            wrong = data[at + exc.start:at + exc.end]
            parts.append(wrong.decode("cp1252", errors="replace"))
            at += exc.end
            if len(bad) > 64 and extra < 2 * len(bad):
                return None
            continue
        parts.append(part)
        extra += len(data) - at - len(part)
        break
    if extra < 2 * len(bad):
        return None
    lines = sorted({data.count(b"\n", 0, offset) + 1 for offset in bad})
    return Decoded("".join(parts), "utf-8", lines)


def _decode_as(data: bytes, codec: str) -> Decoded:
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        raise NotCsvError(f"it starts like {ENCODING_NAMES.get(codec, codec)} text but "
                          f"byte {exc.start} is not valid there") from exc
    encoding = "utf-8-sig" if codec == "utf-8" else codec
    return Decoded(text, encoding)


def excel_separator(text: str) -> str | None:
    """Excel's optional first line 'sep=;' names the delimiter (also quoted, or padded
    with delimiters by a spreadsheet that saved it again: '"sep=;";;')."""
    first = text[:40].split("\n", 1)[0].rstrip("\r").strip('"')
    if len(first) >= 5 and first[:4].lower() == "sep=" and first[4] in DELIMITERS:
        rest = first[5:].lstrip('"')
        if not rest.strip(first[4]):
            return first[4]
    return None


def header_line(text: str, delimiter: str, known: Callable[[list[str]], int],
                limit: int = 30) -> int:
    """How many lines come before the header (LinkedIn's 'Notes:' preamble): the header
    is the first record with a column name we know and more than one cell, else the
    first record as wide as most of the records after it, else the first record."""
    sample = text[:65536]
    reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
    records: list[tuple[int, list[str]]] = []
    started = 0  # lines before the record
    try:
        for row in reader:
            if any(c.strip() for c in row):
                records.append((started, row))
            started = reader.line_num
            if len(records) >= limit:
                break
    except csv.Error:
        pass
    if not records:
        return 0
    for before, row in records[:limit // 2]:
        if len(row) > 1 and known(row) > 0:
            return before
    widths = [len(r) for _, r in records]
    common = max(set(widths), key=widths.count)
    if common > 1:
        for before, row in records:
            if len(row) == common:
                return before
    return records[0][0]


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first records into the most consistent columns."""
    sample = text[:65536]
    if len(text) > len(sample) and "\n" in sample:
        sample = sample[:sample.rindex("\n")]
    best, best_score = ",", (-1, 0)
    for delimiter in DELIMITERS:
        try:
            records = [r for r in _head(sample, delimiter, 40) if r]
        except csv.Error:
            continue
        if not records:
            continue
        width = len(records[0])
        same = sum(len(r) == width for r in records)
        score = (same if width > 1 else 0, width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _head(text: str, delimiter: str, count: int) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    for row in reader:
        rows.append(row)
        if len(rows) >= count:
            break
    return rows
