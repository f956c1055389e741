"""Cells of another CRM's export read exactly: amounts (to minor units of their currency,
never through a float), dates and times (in the formats the layout names), percentages.
Each reader returns the value or raises ValueError with the reason a row is rejected."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from sm_desk.core.money import MAX_MINOR, currency_digits

_CODE = re.compile(r"\b([A-Z]{3})\b")
_SYMBOLS = {"US$": "USD", "$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR",
            "CHF": "CHF", "kr": "", "zł": "PLN", "Kč": "CZK"}
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?")
_SPACES = str.maketrans("", "", " \u00a0\u202f\u2009'")


def amount(text: str, currency: str) -> tuple[int, str]:
    """'75000' -> (7500000, currency); '1,250.50', '1.250,50', 'EUR 1250.5', '€1,250.50'
    too. A code or symbol in the cell names the currency when the row gives none. More
    decimals than the currency has (12.345 USD) is refused, not rounded."""
    cell = text.strip()
    found = _CODE.search(cell)
    if found:
        currency = currency or found.group(1)
        cell = cell.replace(found.group(1), "")
    for symbol, code in _SYMBOLS.items():
        if symbol in cell:
            currency = currency or code
            cell = cell.replace(symbol, "")
    cell = cell.translate(_SPACES)
    negative = cell.startswith("-") or cell.startswith("(") and cell.endswith(")")
    cell = cell.strip("-()")
    if "," in cell and "." in cell:
        decimal_mark = "," if cell.rindex(",") > cell.rindex(".") else "."
    elif "," in cell:
        head, _, tail = cell.rpartition(",")
        decimal_mark = "." if len(tail) == 3 and head.replace(",", "").isdigit() else ","
    else:
        decimal_mark = "."
    thousands = "," if decimal_mark == "." else "."
    cell = cell.replace(thousands, "").replace(decimal_mark, ".")
    try:
        value = Decimal(cell)
    except InvalidOperation:
        raise ValueError(f"amount '{text}' is not a number") from None
    if negative:
        raise ValueError(f"amount '{text}' is negative")
    currency = (currency or "").upper()
    digits = currency_digits(currency)
    scaled = value.scaleb(digits)
    if scaled != scaled.to_integral_value():
        raise ValueError(f"amount '{text}' has more decimals than {currency or 'the currency'} "
                         f"has ({digits})")
    minor = int(scaled)
    if minor > MAX_MINOR:
        raise ValueError(f"amount '{text}' is too large")
    return minor, currency


def currency_code(text: str) -> str:
    cell = text.strip().upper()
    if not cell:
        return ""
    found = _CODE.search(cell)
    if found:
        return found.group(1)
    for symbol, code in _SYMBOLS.items():
        if symbol.upper() == cell and code:
            return code
    raise ValueError(f"currency '{text}' is not a three-letter code (USD, EUR...)")


def probability(text: str, fraction: bool = False) -> int:
    """'60', '60 %' -> 60; with `fraction` (HubSpot) '0.6' -> 60."""
    cell = text.strip().rstrip("%").strip().replace(",", ".")
    try:
        value = Decimal(cell)
    except InvalidOperation:
        raise ValueError(f"probability '{text}' is not a number") from None
    if fraction:
        value *= 100
    if not Decimal(0) <= value <= Decimal(100):
        raise ValueError(f"probability '{text}' is not between 0 and 100")
    return int(value.to_integral_value())


def moment(text: str, formats: list[str]) -> datetime:
    """A date or date-time cell, naive (wall clock of the exporting account) or with a
    zone ('2026-03-02T09:30:00Z'); an Excel serial day number too."""
    cell = " ".join(text.strip().split())
    iso = _ISO.fullmatch(cell)
    if iso:  # the common case, without strptime's cost
        parts = [int(p) for p in iso.groups(default="0")]
        try:
            return datetime(*parts)  # type: ignore[arg-type]
        except ValueError:
            raise ValueError(f"date '{text}' does not exist") from None
    if cell.endswith("Z") or re.search(r"[+-]\d\d:?\d\d$", cell):
        try:
            return datetime.fromisoformat(cell.replace("Z", "+00:00"))
        except ValueError:
            pass
    for fmt in formats:
        try:
            return datetime.strptime(cell, fmt)
        except ValueError:
            continue
    if re.fullmatch(r"\d{5}(\.\d+)?", cell) and 20000 <= float(cell) <= 80000:
        return datetime.fromordinal(date(1899, 12, 30).toordinal() + int(float(cell)))
    raise ValueError(f"date '{text}' is not in a format we read ({formats[0]}...)")


def day(text: str, formats: list[str]) -> str:
    """YYYY-MM-DD of a date (or date-time) cell."""
    return moment(text, formats).date().isoformat()


def instant(text: str, formats: list[str], zone: str) -> str:
    """The UTC ISO instant of a cell; a wall-clock time is read in `zone` (the zone the
    export was made in; the computer's by default)."""
    when = moment(text, formats)
    if when.tzinfo is None:
        when = when.replace(tzinfo=ZoneInfo(zone)) if zone else when.astimezone()
    return when.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


_EMAIL = re.compile(r"[^\s<>(),;\"']+@[^\s<>(),;\"']+\.[^\s<>(),;\"']+")


def person(text: str) -> tuple[str, str]:
    """An association cell -> (name, email): 'Jo Smith (jo@x.com)', 'Jo <jo@x.com>',
    'jo@x.com'; of several (';'), the first."""
    first = text.split(";")[0].strip()
    found = _EMAIL.search(first)
    if not found:
        return first, ""
    name = (first[:found.start()] + first[found.end():]).strip(" <>()\"',")
    return name, found.group(0)


def yes(text: str) -> bool:
    return text.strip().casefold() in {"1", "true", "yes", "y", "done", "completed", "x"}
