"""Money and numbers: exact, locale-aware, one rounding rule (Babel's CLDR data).

Amounts are integers in the currency's own minor unit (ISO 4217 exponent): cents for
USD and EUR, yen for JPY (0 decimals), fils for KWD (3 decimals). Never floats.

Reading is strict and follows the locale: "1.234,56" in de_DE and "1,234.56" in en_US
are the same amount; "1e3", "12..5" and "1,2,3" are refused with a reason; an amount may
not have more decimals than its currency. Spaces may group digits in every locale.

Writing uses the locale's symbols and grouping ("$1,234.50", "1.234,50 €", "￥1,235",
"₹12,34,567.50"). CSV files get `plain_amount` ("1234.50"), which every locale reads back.

Rounding: **half up** (ROUND_HALF_UP, halves away from zero), the rule of school
arithmetic and of spreadsheet ROUND(), so the owner's own check gives the same cent.
It applies everywhere a value is rounded: weighted values (value x probability),
currency conversion and parsing. `weighted_minor` is the one definition; the SQL in
`store/sales.py` computes the same integer ((v * p + 50) / 100 for v >= 0).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache
from typing import TYPE_CHECKING

from babel import Locale, UnknownLocaleError
from babel.numbers import (
    format_compact_decimal,
    format_currency,
    format_decimal,
    get_currency_precision,
    get_currency_symbol,
    get_decimal_symbol,
    get_group_symbol,
)

if TYPE_CHECKING:
    from sm_desk.core.store import Store

MAX_MINOR = 10**15  # far beyond any small business, well inside int64
ROUNDING = ROUND_HALF_UP
DEFAULT_LOCALE = "en_US"
SPACES = frozenset(" \u00a0\u202f\u2009")
MINUS = frozenset("-\u2212")
_LETTER_DIGIT = re.compile(r"([^\W\d_])(\d)")
COMMON_SYMBOLS = ("US$", "CA$", "A$", "$", "€", "£", "¥", "￥", "₹", "₩", "₽", "₺", "₪", "₫")


class NumberError(ValueError):
    """Text that is not a number here; the message says why."""


class MoneyError(NumberError):
    """Text that is not an amount of money here; the message says why."""


# -- locales and currencies ------------------------------------------------------------

@lru_cache(maxsize=64)
def _locale(name: str) -> Locale:
    try:
        return Locale.parse(name or DEFAULT_LOCALE)
    except (UnknownLocaleError, ValueError, TypeError):
        return Locale.parse(DEFAULT_LOCALE)


def valid_locale(name: str) -> bool:
    try:
        Locale.parse(name)
    except (UnknownLocaleError, ValueError, TypeError):
        return False
    return True


@lru_cache(maxsize=256)
def currency_digits(code: str) -> int:
    """Decimals of a currency: USD 2, JPY 0, KWD 3 (2 for a code CLDR does not know)."""
    try:
        return int(get_currency_precision(code.upper())) if code else 2
    except (KeyError, ValueError):  # pragma: no cover - Babel answers 2 for unknown codes
        return 2


def other_decimals(digits: int) -> list[str]:
    """Every currency CLDR knows with `digits` decimals (sorted codes)."""
    from babel.numbers import list_currencies

    return sorted(c for c in list_currencies() if c.isalpha() and currency_digits(c) == digits)


def to_decimal(minor: int, currency: str = "") -> Decimal:
    """12345 USD -> Decimal('123.45'); 12345 JPY -> Decimal('12345')."""
    return Decimal(int(minor)).scaleb(-currency_digits(currency))


def round_minor(value: Decimal) -> int:
    """A fractional count of minor units -> whole ones, by the one rule (half up)."""
    return int(value.quantize(Decimal(1), rounding=ROUNDING))


def to_minor(amount: Decimal, currency: str = "") -> int:
    return round_minor(amount.scaleb(currency_digits(currency)))


def weighted_minor(value_minor: int, probability: int) -> int:
    """Value x probability %, in whole minor units of the deal's currency (half up)."""
    product = int(value_minor) * int(probability)
    if product >= 0:  # integer half up, exactly what the Decimal rule gives, 20x faster
        return (product + 50) // 100
    return round_minor(Decimal(product) / 100)


# -- reading ---------------------------------------------------------------------------

@dataclass(frozen=True)
class _Symbols:
    decimal: str
    groups: frozenset[str]
    secondary: int  # en_IN groups by two above the first three


@lru_cache(maxsize=64)
def _symbols(locale: str) -> _Symbols:
    loc = _locale(locale)
    group = get_group_symbol(loc)
    groups = {group} | set(SPACES)
    if group in SPACES:
        groups |= SPACES
    if group in ("’", "'"):
        groups |= {"’", "'"}
    grouping = loc.decimal_formats[None].grouping
    return _Symbols(get_decimal_symbol(loc), frozenset(groups), int(grouping[1]))


def _strip_currency(text: str, currency: str, locale: str) -> str:
    marks = [currency.upper()] if currency else []
    if currency:
        marks.append(get_currency_symbol(currency.upper(), _locale(locale)))
    marks += COMMON_SYMBOLS
    stripped = text.strip()
    for mark in sorted({m for m in marks if m}, key=len, reverse=True):
        if stripped.upper().startswith(mark.upper()):
            stripped = stripped[len(mark):].strip()
        if stripped.upper().endswith(mark.upper()):
            stripped = stripped[: len(stripped) - len(mark)].strip()
    return stripped


def _example(locale: str) -> str:
    return format_decimal(Decimal("1234567.89"), locale=_locale(locale))


def _read(text: str, locale: str, error: type[NumberError]) -> Decimal:
    """The strict reader behind parse_number and parse_money (currency already stripped)."""
    original = text
    text = text.strip()
    if not text:
        raise error("nothing was typed")
    symbols = _symbols(locale)
    negative = text[0] in MINUS
    if negative:
        text = text[1:].lstrip()
    allowed = symbols.groups | {symbols.decimal}
    strange = sorted({ch for ch in text if not ch.isdecimal() and ch not in allowed})
    if strange:
        shown = " ".join(repr(ch) for ch in strange)
        raise error(f"'{original}' is not a number: {shown} cannot be part of one "
                    f"(write numbers like {_example(locale)})")
    if any(ch.isdecimal() and not ch.isascii() for ch in text):
        text = "".join(str(int(ch)) if ch.isdecimal() else ch for ch in text)
    if text.count(symbols.decimal) > 1:
        raise error(f"'{original}' has more than one decimal separator "
                    f"('{symbols.decimal}' in {locale})")
    whole, _, fraction = text.partition(symbols.decimal)
    if any(ch in symbols.groups for ch in fraction):
        raise error(f"'{original}': digit groups cannot follow the decimal separator "
                    f"('{symbols.decimal}' in {locale}; write numbers like {_example(locale)})")
    parts = [whole]
    for mark in symbols.groups:
        parts = [piece for part in parts for piece in part.split(mark)]
    if len(parts) > 1:
        sizes = [len(p) for p in parts]
        threes = 1 <= sizes[0] <= 3 and all(n == 3 for n in sizes[1:])
        indian = (symbols.secondary == 2 and 1 <= sizes[0] <= 2 and sizes[-1] == 3
                  and all(n == 2 for n in sizes[1:-1]))
        if not (threes or indian):
            raise error(f"'{original}': the digit groups are not where {locale} puts them "
                        f"('{symbols.decimal}' marks decimals; write numbers like "
                        f"{_example(locale)})")
    digits = "".join(parts)
    if not digits and not fraction:
        raise error(f"'{original}' has no digits")
    try:
        value = Decimal(f"{digits or '0'}.{fraction or '0'}")
    except InvalidOperation as exc:  # pragma: no cover - only digits reach here
        raise error(f"'{original}' is not a number") from exc
    return -value if negative else value


def parse_number(text: str, locale: str = DEFAULT_LOCALE) -> Decimal:
    """'1.234,56' (de_DE) -> Decimal('1234.56'). Raises NumberError with a reason."""
    value = _read(str(text), locale, NumberError)
    if value.adjusted() > 15:
        raise NumberError("that number is too large")
    return value


def parse_money(text: str, currency: str = "", locale: str = DEFAULT_LOCALE) -> int:
    """'1.234,56 €' (de_DE, EUR) -> 123456 minor units. Raises MoneyError with a reason."""
    cleaned = _strip_currency(str(text), currency, locale)
    amount = _read(cleaned, locale, MoneyError)
    if amount < 0:
        raise MoneyError("an amount cannot be negative")
    digits = currency_digits(currency)
    places = -amount.as_tuple().exponent  # type: ignore[operator]
    if places > digits and amount != amount.quantize(Decimal(1).scaleb(-digits)):
        code = currency.upper() or "this amount"
        allowed = "no decimals" if digits == 0 else f"at most {digits} decimals"
        raise MoneyError(f"'{text}': {code} has {allowed} "
                         f"(in {locale} '{_symbols(locale).decimal}' marks decimals)")
    if amount.scaleb(digits) > MAX_MINOR:
        raise MoneyError("that amount is too large")
    return to_minor(amount, currency)


# -- writing ---------------------------------------------------------------------------

def format_money(minor: int, currency: str = "", locale: str = DEFAULT_LOCALE) -> str:
    """123450 USD -> '$1,234.50' (en_US) or '1.234,50 $' (de_DE); no code: '1,234.50'."""
    if not currency:
        return format_amount(minor, "", locale)
    text = str(format_currency(to_decimal(minor, currency), currency.upper(),
                               locale=_locale(locale)))
    # CLDR's currency spacing, which Babel leaves out: 'KWD1,234.567' -> 'KWD 1,234.567'.
    return _LETTER_DIGIT.sub("\\1\u00a0\\2", text)


def format_amount(minor: int, currency: str = "", locale: str = DEFAULT_LOCALE) -> str:
    """The number alone, as an edit field shows it: 123450 EUR -> '1.234,50' (de_DE)."""
    digits = currency_digits(currency)
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    loc = _locale(locale)
    if loc.decimal_formats[None].grouping[1] == 2:
        pattern = "#,##,##0" + pattern[5:]
    return str(format_decimal(to_decimal(minor, currency), format=pattern, locale=loc,
                              decimal_quantization=False))


def format_compact(minor: int, currency: str = "", locale: str = DEFAULT_LOCALE) -> str:
    """For chart axes: 1234500 USD -> '12K'."""
    return str(format_compact_decimal(to_decimal(minor, currency), locale=_locale(locale),
                                      fraction_digits=1))


def compact_number(value: float | Decimal, locale: str = DEFAULT_LOCALE) -> str:
    """Chart ticks in major units: 12500 -> '12.5K' (en_US), '12.500' (de_DE)."""
    return str(format_compact_decimal(Decimal(str(round(float(value), 2))),
                                      locale=_locale(locale), fraction_digits=1))


def format_number(value: Decimal | int, locale: str = DEFAULT_LOCALE) -> str:
    return str(format_decimal(Decimal(value), locale=_locale(locale),
                              decimal_quantization=False))


def plain_amount(minor: int, currency: str = "") -> str:
    """For CSV: '1234.50', '1235' (JPY): no grouping, '.' for decimals, any locale reads it."""
    digits = currency_digits(currency)
    return f"{to_decimal(minor, currency):.{digits}f}"


@dataclass(frozen=True)
class Numbers:
    """The owner's locale and home currency, bound: what widgets and reports call."""

    locale: str = DEFAULT_LOCALE
    currency: str = "USD"

    def money(self, minor: int, currency: str | None = None) -> str:
        return format_money(minor, currency or self.currency, self.locale)

    def amount(self, minor: int, currency: str | None = None) -> str:
        return format_amount(minor, currency or self.currency, self.locale)

    def compact(self, minor: int, currency: str | None = None) -> str:
        return format_compact(minor, currency or self.currency, self.locale)

    def major(self, minor: int, currency: str | None = None) -> float:
        """For chart values: 123450 USD -> 1234.5; 1235 JPY -> 1235.0."""
        return float(to_decimal(minor, currency or self.currency))

    def number(self, value: Decimal | int) -> str:
        return format_number(value, self.locale)

    def count(self, value: int) -> str:
        return format_number(value, self.locale)

    def parse_money(self, text: str, currency: str | None = None) -> int:
        return parse_money(text, currency or self.currency, self.locale)

    def parse_number(self, text: str) -> Decimal:
        return parse_number(text, self.locale)


def numbers_for(store: Store) -> Numbers:
    from sm_desk.core.profile import load_profile

    profile = load_profile(store)
    return Numbers(profile.locale if valid_locale(profile.locale) else DEFAULT_LOCALE,
                   profile.currency)
