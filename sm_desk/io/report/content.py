"""The report's neutral content: sections of paragraphs, tables and chart images.

Built once from a WeeklyReport (sections.py) and rendered by html.py, pdf.py and
csv_out.py, so the formats cannot drift apart: they differ only in layout.
"""

from __future__ import annotations

import struct
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date

from sm_desk.core.money import Numbers
from sm_desk.core.report.model import Figure


@dataclass(frozen=True)
class Paragraph:
    text: str
    style: str = "body"  # "body" or "note" (quieter: an explanation, an empty section)


@dataclass(frozen=True)
class Table:
    name: str  # the CSV file's stem
    columns: list[str]
    rows: list[list[str]]
    numeric: frozenset[int] = frozenset()  # right-aligned column indexes
    limit: int | None = None  # HTML and PDF show this many rows; CSV writes all
    total: list[str] | None = None  # a bold last row (HTML, PDF and CSV)

    @property
    def shown(self) -> list[list[str]]:
        return self.rows if self.limit is None else self.rows[:self.limit]

    @property
    def hidden(self) -> int:
        return len(self.rows) - len(self.shown)


@dataclass(frozen=True)
class Chart:
    name: str
    title: str
    png: bytes
    width: float  # inches at print size
    height: float

    @classmethod
    def of(cls, name: str, title: str, png: bytes, dpi: int = 150) -> Chart:
        """Size from the PNG header (IHDR: width and height, big-endian, at byte 16)."""
        width, height = struct.unpack(">II", png[16:24])
        return cls(name, title, png, width / dpi, height / dpi)


@dataclass(frozen=True)
class KeyFigure:
    label: str
    value: str
    change: str
    tone: str  # "up", "down" or "flat" (colour only; the text says the same)


Block = Paragraph | Table | Chart


@dataclass
class Section:
    key: str
    heading: str
    blocks: list[Block] = field(default_factory=list)

    def add(self, *blocks: Block) -> Section:
        self.blocks.extend(blocks)
        return self


@dataclass
class Document:
    title: str
    subtitle: str
    key_figures: list[KeyFigure]
    sections: list[Section]
    footer: str

    def tables(self) -> list[Table]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, Table)]

    def charts(self) -> list[Chart]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, Chart)]


# -- formatting shared by every format -------------------------------------------------

# The owner's locale and home currency for the document being built (a context variable,
# so a report built on a worker thread never borrows another's).
NUMBERS: ContextVar[Numbers] = ContextVar("report_numbers", default=Numbers())  # noqa: B039


def use_numbers(numbers: Numbers) -> None:
    NUMBERS.set(numbers)


def count_text(value: int) -> str:
    return NUMBERS.get().count(value)


def money_text(minor: int, currency: str) -> str:
    """With a code: the locale's symbol ('$1,234.50', '1.234,50 €'); '' = the home
    currency's amount alone (its own decimals), for columns headed with the code."""
    numbers = NUMBERS.get()
    return numbers.amount(minor) if not currency else numbers.money(minor, currency)


def date_text(day: date, kind: str = "medium") -> str:
    """One style per kind, in the owner's locale (core/datefmt.py)."""
    from sm_desk.core import datefmt

    locale = NUMBERS.get().locale
    if kind == "month":
        return datefmt.month_year(day, locale)
    if kind == "short":
        return datefmt.short_date(day, locale, day)
    if kind == "full":
        return datefmt.full_date(day, locale)
    return datefmt.medium_date(day, locale)


def change_text(figure: Figure, currency: str | None = None) -> str:
    """'+3', '-2', 'no change'; money as '+USD 12.00'."""
    delta = figure.change
    if delta == 0:
        return "no change"
    sign = "+" if delta > 0 else "-"
    amount = count_text(abs(delta)) if currency is None else money_text(abs(delta), currency)
    return f"{sign}{amount}"


def tone(figure: Figure, up_is_good: bool = True) -> str:
    """'up' (good news, green), 'down' (bad news, red) or 'flat'."""
    change = figure.change if up_is_good else -figure.change
    return "up" if change > 0 else "down" if change < 0 else "flat"


def share_text(share: float | None) -> str:
    return "-" if share is None else f"{share * 100:.0f}%"


def figure_cells(figure: Figure, currency: str | None = None) -> list[str]:
    """[this week, last week, change] as text; money when `currency` is given ("" = no code)."""
    show = count_text if currency is None else (lambda v: money_text(v, currency))
    return [show(figure.value), show(figure.previous), change_text(figure, currency)]
