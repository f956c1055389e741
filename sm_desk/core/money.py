"""Exact money: integer minor units (cents) in the database, never floats."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

MAX_MINOR = 10**15  # a quadrillion cents: far beyond any small business, well inside int64


class MoneyError(ValueError):
    pass


def parse_money(text: str) -> int:
    """'1,234.50' or '1234,5' or '€ 99' -> minor units. Raises MoneyError with a reason."""
    cleaned = "".join(ch for ch in text.strip() if ch.isdigit() or ch in ".,-")
    if not cleaned or cleaned in {"-", ".", ","}:
        raise MoneyError(f"'{text}' is not an amount of money")
    # The last separator followed by one or two digits is the decimal point.
    last = max(cleaned.rfind("."), cleaned.rfind(","))
    if last != -1 and len(cleaned) - last - 1 in (1, 2):
        whole, frac = cleaned[:last], cleaned[last + 1 :]
    else:
        whole, frac = cleaned, ""
    whole = whole.replace(".", "").replace(",", "")
    try:
        amount = Decimal(f"{whole or '0'}.{frac or '0'}")
    except InvalidOperation as exc:
        raise MoneyError(f"'{text}' is not an amount of money") from exc
    if amount < 0:
        raise MoneyError("an amount cannot be negative")
    if amount * 100 > MAX_MINOR:  # checked before rounding: quantize overflows on huge values
        raise MoneyError("that amount is too large")
    return int((amount * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def format_money(minor: int, currency: str = "") -> str:
    """12345 -> '123.45' (with the currency code before it when given)."""
    sign = "-" if minor < 0 else ""
    whole, cents = divmod(abs(minor), 100)
    text = f"{sign}{whole:,}.{cents:02d}"
    return f"{currency} {text}" if currency else text
