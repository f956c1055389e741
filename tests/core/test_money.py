"""Money and numbers in the owner's locale: strict reading, CLDR writing, one rounding."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from sm_desk.core.datefmt import full_date, month_year, relative_day, short_date
from sm_desk.core.money import (
    MoneyError,
    NumberError,
    format_amount,
    format_money,
    parse_money,
    parse_number,
    plain_amount,
    weighted_minor,
)


@pytest.mark.parametrize(("locale", "text", "currency", "minor"), [
    ("en_US", "1,234.56", "USD", 123456),
    ("en_US", "$1,234.56", "USD", 123456),
    ("en_US", "1234.5", "USD", 123450),
    ("en_US", "1,235", "JPY", 1235),
    ("en_US", "1,234.567", "KWD", 1234567),
    ("de_DE", "1.234,56", "EUR", 123456),
    ("de_DE", "1.234,56 €", "EUR", 123456),
    ("de_DE", "1234", "EUR", 123400),
    ("de_DE", "1.234", "EUR", 123400),  # a group, not decimals, in German
    ("fr_FR", "1 234,56", "EUR", 123456),
    ("fr_FR", "1\u202f234,56 €", "EUR", 123456),  # the narrow no-break space CLDR writes
    ("ja_JP", "￥1,235", "JPY", 1235),
    ("ja_JP", "1235", "JPY", 1235),
    ("en_IN", "₹12,34,567.50", "INR", 123456750),
    ("en_IN", "1,234,567.50", "INR", 123456750),  # western grouping is read too
])
def test_money_is_read_in_the_owners_locale(locale: str, text: str, currency: str,
                                             minor: int) -> None:
    assert parse_money(text, currency, locale) == minor


@pytest.mark.parametrize(("locale", "text", "currency", "reason"), [
    ("en_US", "1e3", "USD", "'e' cannot be part of one"),
    ("en_US", "12..5", "USD", "more than one decimal separator"),
    ("en_US", "1,2,3", "USD", "digit groups are not where en_US puts them"),
    ("en_US", "1234,5", "USD", "digit groups"),
    ("en_US", "1.234", "USD", "USD has at most 2 decimals"),
    ("en_US", "-5", "USD", "cannot be negative"),
    ("en_US", "", "USD", "nothing was typed"),
    ("de_DE", "1,234", "EUR", "EUR has at most 2 decimals"),
    ("de_DE", "1e3", "EUR", "cannot be part of one"),
    ("de_DE", "12,,5", "EUR", "more than one decimal separator"),
    ("fr_FR", "1.234,56", "EUR", "cannot be part of one"),
    ("ja_JP", "1.5", "JPY", "JPY has no decimals"),
    ("ja_JP", "1,2,3", "JPY", "digit groups"),
    ("en_IN", "1,23,4567", "INR", "digit groups"),
    ("en_US", "1.2345", "KWD", "KWD has at most 3 decimals"),
])
def test_money_refuses_with_a_reason(locale: str, text: str, currency: str,
                                     reason: str) -> None:
    with pytest.raises(MoneyError, match=reason):
        parse_money(text, currency, locale)


@pytest.mark.parametrize(("locale", "text", "value"), [
    ("en_US", "1,234.56", "1234.56"), ("en_US", "-0.5", "-0.5"), ("en_US", "1.234", "1.234"),
    ("de_DE", "1.234,56", "1234.56"), ("de_DE", "1,234", "1.234"),
    ("fr_FR", "1 234,5", "1234.5"), ("ja_JP", "1,234.5", "1234.5"),
    ("en_IN", "1,23,456.7", "123456.7"),
])
def test_numbers_are_read_in_the_owners_locale(locale: str, text: str, value: str) -> None:
    assert parse_number(text, locale) == Decimal(value)


@pytest.mark.parametrize("text", ["1e3", "12..5", "1,2,3", "NaN", "Infinity", "0x10", "1_000"])
def test_numbers_refuse_what_is_not_one(text: str) -> None:
    with pytest.raises(NumberError):
        parse_number(text, "en_US")


@pytest.mark.parametrize(("minor", "currency", "locale", "shown"), [
    (123450, "USD", "en_US", "$1,234.50"),
    (123450, "USD", "de_DE", "1.234,50\u00a0$"),
    (123450, "EUR", "de_DE", "1.234,50\u00a0€"),
    (123450, "EUR", "fr_FR", "1\u202f234,50\u00a0€"),
    (123450, "EUR", "en_US", "€1,234.50"),
    (1235, "JPY", "ja_JP", "￥1,235"),
    (1235, "JPY", "en_US", "¥1,235"),
    (1234567, "KWD", "en_US", "KWD\u00a01,234.567"),
    (123456750, "INR", "en_IN", "₹12,34,567.50"),
])
def test_money_is_written_with_the_locales_symbols_and_grouping(
        minor: int, currency: str, locale: str, shown: str) -> None:
    assert format_money(minor, currency, locale).replace(" ", "\u00a0") == shown.replace(
        " ", "\u00a0")


def test_what_is_written_is_read_back_in_every_locale() -> None:
    for locale in ("en_US", "de_DE", "fr_FR", "ja_JP", "en_IN"):
        for currency, minor in (("USD", 123456789), ("EUR", 5), ("JPY", 1234567),
                                ("KWD", 1234567), ("INR", 98765432)):
            assert parse_money(format_money(minor, currency, locale), currency, locale) == minor
            assert parse_money(format_amount(minor, currency, locale), currency, locale) == minor


def test_csv_amounts_are_plain() -> None:
    assert plain_amount(123450, "USD") == "1234.50"
    assert plain_amount(1235, "JPY") == "1235"
    assert plain_amount(1234567, "KWD") == "1234.567"


def test_one_rounding_rule_half_up() -> None:
    assert weighted_minor(12345, 50) == 6173  # 6172.5 -> 6173 (half up, not to even)
    assert weighted_minor(12305, 10) == 1231  # 1230.5 -> 1231
    assert weighted_minor(101, 50) == 51
    assert weighted_minor(100_000, 10) == 10_000


def test_dates_in_one_style_per_locale() -> None:
    today = date(2026, 11, 23)
    assert full_date(today, "en_US") == "Monday, November 23, 2026"
    assert full_date(today, "de_DE") == "Montag, 23. November 2026"
    assert short_date(date(2026, 9, 22), "en_US", today) == "Sep 22"
    assert short_date(date(2027, 1, 5), "en_US", today) == "Jan 5, 2027"
    assert short_date(date(2026, 9, 22), "de_DE", today) == "22. Sept."
    assert month_year(date(2026, 12, 1), "fr_FR") == "décembre 2026"
    assert relative_day(date(2026, 11, 24), today) == "tomorrow"
    assert relative_day(today, today) == "today"


def test_digits_that_are_not_decimal_digits_are_refused() -> None:
    with pytest.raises(MoneyError):
        parse_money("²", "USD")  # a superscript two is a digit to Python, not a number
    assert parse_money("١٢٣", "USD") == 123_00  # Arabic-Indic digits are decimal digits
