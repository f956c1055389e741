"""Dates as the owner's locale writes them (Babel's CLDR patterns), one style per kind.

- full_date: 'Monday, November 23, 2026' / 'Montag, 23. November 2026' (headings).
- short_date: 'Nov 23' this year, 'Nov 23, 2027' another year / '23. Nov.' (cards, lists).
- month_year: 'November 2026' (forecast rows).
- time_text: '9:00 AM' / '09:00'.
- relative_day: 'today', 'tomorrow', 'yesterday', else the short date.
"""

from __future__ import annotations

from datetime import date, time

from babel.dates import format_date, format_skeleton, format_time

from sm_desk.core.money import DEFAULT_LOCALE, _locale


def full_date(day: date, locale: str = DEFAULT_LOCALE) -> str:
    return str(format_date(day, "full", locale=_locale(locale)))


def short_date(day: date, locale: str = DEFAULT_LOCALE, today: date | None = None) -> str:
    """Without the year when it is this year (`today`'s), with it otherwise."""
    this_year = (today or date.today()).year
    skeleton = "MMMd" if day.year == this_year else "yMMMd"
    return str(format_skeleton(skeleton, day, locale=_locale(locale)))


def medium_date(day: date, locale: str = DEFAULT_LOCALE) -> str:
    """Always with the year: 'Nov 23, 2026' / '23.11.2026' (tables, the report)."""
    return str(format_date(day, "medium", locale=_locale(locale)))


def month_year(day: date, locale: str = DEFAULT_LOCALE) -> str:
    return str(format_skeleton("yMMMM", day, locale=_locale(locale)))


def time_text(moment: time, locale: str = DEFAULT_LOCALE) -> str:
    return str(format_time(moment, "short", locale=_locale(locale)))


def relative_day(day: date, today: date, locale: str = DEFAULT_LOCALE) -> str:
    delta = (day - today).days
    words = {0: "today", 1: "tomorrow", -1: "yesterday"}
    return words.get(delta) or short_date(day, locale, today)


def date_span(first: date, last: date, locale: str = DEFAULT_LOCALE) -> str:
    """'Nov 16 – 22, 2026' / '16.–22. Nov. 2026': the locale's own interval pattern."""
    from babel.dates import format_interval

    return str(format_interval(first, last, "yMMMd", locale=_locale(locale)))


def weekday_day(day: date, locale: str = DEFAULT_LOCALE) -> str:
    """'Tue 1' / 'Di., 1.': a day in this week's list."""
    return str(format_skeleton("EEEd", day, locale=_locale(locale)))
