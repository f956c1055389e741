"""Look at a file's bytes before trusting them: refuse what is not text, find the
encoding (UTF-8 with or without BOM, UTF-16 LE/BE, Windows-1252) and the delimiter
(comma, semicolon, tab)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

DELIMITERS = (",", ";", "\t")
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}

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
                  "utf-16-be": "UTF-16 BE", "cp1252": "Windows-1252", "latin-1": "Latin-1"}


class NotCsvError(ValueError):
    """The file is not a CSV we can read; the message says what it looks like instead."""


@dataclass
class Decoded:
    text: str
    encoding: str  # a Python codec name; ENCODING_NAMES has the label


def decode(data: bytes) -> Decoded:
    """The file's text, or NotCsvError saying why it is not a text file."""
    if not data.strip():
        raise NotCsvError("the file is empty")
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise NotCsvError(f"this is {what}, not a CSV file")
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
    try:
        return Decoded(data.decode("cp1252"), "cp1252")
    except UnicodeDecodeError:
        return Decoded(data.decode("latin-1"), "latin-1")


def _decode_as(data: bytes, codec: str) -> Decoded:
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        raise NotCsvError(f"it starts like {ENCODING_NAMES.get(codec, codec)} text but "
                          f"byte {exc.start} is not valid there") from exc
    encoding = "utf-8-sig" if codec == "utf-8" else codec
    return Decoded(text, encoding)


def excel_separator(text: str) -> str | None:
    """Excel's optional first line 'sep=;' names the delimiter."""
    first = text[:8].split("\n", 1)[0].rstrip("\r")
    if len(first) == 5 and first.lower().startswith("sep="):
        return first[4]
    return None


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
