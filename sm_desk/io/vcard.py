"""vCard (.vcf) import: cards become the rows of a CSV source, so they go through the very
same mapping, row checks, dedupe, reject report, one-step write and import history as
a CSV file (`csv_rows.prepare`, `csv_import.apply_prepared`).

Reads what phones and mail clients export: vCard 2.1, 3.0 and 4.0; folded lines;
QUOTED-PRINTABLE values with soft line breaks and CHARSET parameters (2.1/3.0); UTF-8,
UTF-16 with a BOM, or Windows-1252/Latin-1 bytes; grouped properties (Apple's
`item1.EMAIL`); TYPE parameters in every spelling (`TYPE=work,pref`, `TYPE=WORK;
TYPE=pref`, 2.1's bare `WORK;PREF`, 4.0's `PREF=1`). One contact holds one email and one
phone: the preferred ones (an email already in the database wins, so a re-import
updates), the others are kept in the notes as "Also email: …".

Each card's row sits on the line of the file where its card begins, so a rejected card
is reported with its real line number.
"""

from __future__ import annotations

import csv
import io
import quopri
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from sm_desk.core.contacts.fields import FIELD_LABELS
from sm_desk.io.csv_mapping import guess_mapping
from sm_desk.io.csv_rows import CsvSource
from sm_desk.io.csv_sniff import NotCsvError

VCARD_SUFFIXES = (".vcf", ".vcard")
COLUMNS = ("first_name", "last_name", "full_name", "email", "phone", "company", "job_title",
           "tags", "notes")
_UNESCAPE = re.compile(r"\\(.)", re.DOTALL)
_SPLIT = {";": re.compile(r"(?<!\\);"), ",": re.compile(r"(?<!\\),")}


class VcardError(NotCsvError):
    """The file holds no vCard."""


@dataclass
class VcardSource(CsvSource):
    """A vCard file read as CSV rows (see the module doc)."""

    kind: str = "vcard"
    cards: int = 0
    versions: list[str] = field(default_factory=list)


@dataclass
class Prop:
    name: str
    params: dict[str, list[str]]
    value: str


@dataclass
class Card:
    line: int  # where BEGIN:VCARD is (1 = first line)
    props: list[Prop] = field(default_factory=list)

    def all(self, name: str) -> list[Prop]:
        return [p for p in self.props if p.name == name]

    def first(self, name: str) -> str:
        found = self.all(name)
        return found[0].value if found else ""


def is_vcard(data: bytes, name: str = "") -> bool:
    if name.lower().endswith(VCARD_SUFFIXES):
        return True
    head = data[:400].lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n").replace(b"\x00", b"")
    return head[:11].upper() == b"BEGIN:VCARD"


def open_contacts_file(source: str | Path | bytes, name: str = "",
                       known_emails: Collection[str] = ()) -> CsvSource:
    """A CSV or vCard file, by its extension or its content. Raises OSError/NotCsvError."""
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    if not isinstance(source, bytes):
        name = name or Path(source).name
    if is_vcard(data, name):
        return open_vcard(data, name, known_emails)
    from sm_desk.io.csv_rows import open_csv

    return open_csv(data, name)


def open_vcard(source: str | Path | bytes, name: str = "",
               known_emails: Collection[str] = ()) -> VcardSource:
    """Read every card; `known_emails` (case-folded) picks which of a card's emails is
    its main one when several are given."""
    if isinstance(source, bytes):
        data = source
    else:
        data = Path(source).read_bytes()
        name = name or Path(source).name
    notes: set[str] = set()
    cards = parse_cards(data, notes)
    if not cards:
        raise VcardError("it holds no vCard (no BEGIN:VCARD ... END:VCARD)")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    header = [FIELD_LABELS[c] for c in COLUMNS]
    writer.writerow(header)
    line = 2
    versions: list[str] = []
    known = {e.casefold() for e in known_emails}
    for card in cards:
        target = max(card.line, line)
        out.write("\n" * (target - line))
        row = card_row(card, known)
        start = out.tell()
        writer.writerow(row)
        line = target + out.getvalue().count("\n", start)
        version = card.first("VERSION") or "?"
        if version not in versions:
            versions.append(version)
    encoding = "cp1252" if "cp1252" in notes else "utf-8"
    return VcardSource(out.getvalue(), encoding, ",", header, guess_mapping(header), name,
                       cards=len(cards), versions=versions)


# -- parsing -------------------------------------------------------------------------------

def parse_cards(data: bytes, notes: set[str] | None = None) -> list[Card]:
    """Every card in the file, properties decoded to text."""
    notes = set() if notes is None else notes
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        data = data.decode("utf-16").encode("utf-8")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    # Latin-1 maps each byte to one character: lossless, decoded per value below.
    lines = data.decode("latin-1").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    cards: list[Card] = []
    card: Card | None = None
    index = 0
    while index < len(lines):
        number = index + 1
        pieces = [lines[index]]  # joined once: adding to a growing string is quadratic
        index += 1
        qp = "QUOTED-PRINTABLE" in pieces[0].partition(":")[0].upper()
        while index < len(lines):
            if qp and _last(pieces).endswith("="):  # a soft break: the next line goes on
                _drop_last_char(pieces)
                pieces.append(lines[index])
            elif lines[index][:1] in (" ", "\t"):  # a folded line goes on
                pieces.append(lines[index][1:])
            else:
                break
            index += 1
        text = "".join(pieces)
        if not text.strip():
            continue
        name, params, raw = _split(text)
        if name == "BEGIN" and raw.strip().upper() == "VCARD":
            card = Card(number)
        elif name == "END" and raw.strip().upper() == "VCARD":
            if card is not None:
                cards.append(card)
            card = None
        elif card is not None and name:
            card.props.append(Prop(name, params, _decode(raw, params, notes)))
    return cards


def _last(pieces: list[str]) -> str:
    return next((p for p in reversed(pieces) if p), "")


def _drop_last_char(pieces: list[str]) -> None:
    for i in range(len(pieces) - 1, -1, -1):
        if pieces[i]:
            pieces[i] = pieces[i][:-1]
            return


def _split(text: str) -> tuple[str, dict[str, list[str]], str]:
    """'item1.EMAIL;TYPE=work,pref:a@b' -> ('EMAIL', {'TYPE': ['WORK', 'PREF']}, 'a@b')."""
    quoted = False
    colon = text.find(":")
    if colon >= 0 and '"' not in text[:colon]:  # no quoted parameter: the first colon
        head, raw = text[:colon], text[colon + 1:]
        return _named(head, raw)
    for position, char in enumerate(text):
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            head, raw = text[:position], text[position + 1:]
            break
    else:
        return "", {}, ""
    return _named(head, raw)


def _named(head: str, raw: str) -> tuple[str, dict[str, list[str]], str]:
    parts = head.split(";")
    name = parts[0].rsplit(".", 1)[-1].strip().upper()
    params: dict[str, list[str]] = {}
    for part in parts[1:]:
        key, eq, value = part.partition("=")
        if not eq:  # vCard 2.1: a bare type or encoding
            key, value = ("ENCODING" if part.upper() in ("QUOTED-PRINTABLE", "BASE64", "B",
                                                          "8BIT") else "TYPE"), part
        values = [v.strip().strip('"').upper() for v in value.split(",") if v.strip()]
        params.setdefault(key.strip().upper(), []).extend(values)
    return name, params, raw


def _is_qp(params: dict[str, list[str]]) -> bool:
    return "QUOTED-PRINTABLE" in params.get("ENCODING", [])


def _decode(raw: str, params: dict[str, list[str]], notes: set[str]) -> str:
    if params.get("ENCODING", [""])[0] in ("BASE64", "B"):
        return ""  # a photo or a key: not a contact field
    data = raw.encode("latin-1")
    if _is_qp(params):
        data = quopri.decodestring(data)
    charset = (params.get("CHARSET") or [""])[0].lower()
    for encoding in ([charset] if charset else []) + ["utf-8"]:
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    notes.add("cp1252")
    return data.decode("cp1252", errors="replace")


def _unescape(value: str) -> str:
    return _UNESCAPE.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def _parts(value: str, sep: str) -> list[str]:
    return [_unescape(p).strip() for p in _SPLIT[sep].split(value)]


# -- one card -> one row -------------------------------------------------------------------

def _rank(prop: Prop) -> int:
    """Lower is preferred: PREF=1 (4.0), TYPE=pref (3.0), PREF (2.1), then file order."""
    pref = prop.params.get("PREF", [])
    if pref and pref[0].isdigit():
        return int(pref[0])
    return 0 if "PREF" in prop.params.get("TYPE", []) else 101


def _ordered(props: list[Prop]) -> list[Prop]:
    return sorted(props, key=_rank)  # stable: file order among equals


def _value(prop: Prop) -> str:
    value = _unescape(prop.value).strip()
    for scheme in ("mailto:", "tel:"):
        if value.lower().startswith(scheme):
            value = value[len(scheme):]
    return value


def _kind(prop: Prop) -> str:
    kinds = [t.lower() for t in prop.params.get("TYPE", [])
             if t not in ("PREF", "INTERNET", "VOICE", "X400")]
    return f" ({', '.join(kinds)})" if kinds else ""


def card_row(card: Card, known: Collection[str] = ()) -> list[str]:
    """The row for COLUMNS."""
    family, given = "", ""
    if card.all("N"):
        names = _parts(card.first("N"), ";") + [""] * 5
        family, given = names[0], " ".join(n for n in (names[1], names[2]) if n)
    full = _unescape(card.first("FN")).strip()
    emails = [p for p in _ordered(card.all("EMAIL")) if _value(p)]
    main = next((p for p in emails if _value(p).casefold() in known), emails[0] if emails
                else None)
    phones = [p for p in _ordered(card.all("TEL")) if _value(p)]
    org = _parts(card.first("ORG"), ";")[0] if card.all("ORG") else ""
    title = _unescape(card.first("TITLE")).strip() or _unescape(card.first("ROLE")).strip()
    tags = [t for p in card.all("CATEGORIES") for t in _parts(p.value, ",") if t]
    notes = [_unescape(p.value).strip() for p in card.all("NOTE") if p.value.strip()]
    notes += [f"Also email: {_value(p)}{_kind(p)}" for p in emails if p is not main]
    notes += [f"Also phone: {_value(p)}{_kind(p)}" for p in phones[1:]]
    for adr in card.all("ADR"):
        address = ", ".join(p for p in _parts(adr.value, ";") if p)
        if address:
            notes.append(f"Address{_kind(adr)}: {address}")
    return [given, family, "" if (given or family) else full,
            _value(main) if main else "", _value(phones[0]) if phones else "", org, title,
            "; ".join(tags), "\n".join(notes)]
