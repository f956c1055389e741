"""Currencies never add up silently.

Amounts are tallied per currency (`Tally`), then each currency's sum is converted into
the home currency once, with the latest rate on or before the figure's date (`Rates`).
A currency with no such rate is left out of the total and named (`Converted.notes`):
"2 EUR deals not counted: no EUR rate". Rounding: money.round_minor (half up).
Every figure (board, forecast, dashboard, report) goes through `Rates.total`, so the same
deals on the same date give the same total everywhere.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from sm_desk.core.money import to_decimal, to_minor
from sm_desk.core.store import Store
from sm_desk.core.store import rates as queries


class RateError(ValueError):
    """A rate that cannot be used; the message says why."""


@dataclass(frozen=True)
class LeftOut:
    currency: str
    count: int
    minor: int  # in that currency
    has_later_rate: bool  # a rate exists, but only after the figure's date

    def note(self, noun: str = "deal") -> str:
        what = f"{self.count:,} {self.currency} {noun}{'' if self.count == 1 else 's'}"
        why = (f"no {self.currency} rate on or before this date" if self.has_later_rate
               else f"no {self.currency} rate")
        return f"{what} not counted: {why}"


@dataclass(frozen=True)
class Converted:
    """A total in the home currency and what it had to leave out."""

    minor: int
    currency: str
    count: int  # items counted
    left_out: tuple[LeftOut, ...] = ()

    def notes(self, noun: str = "deal") -> list[str]:
        return [item.note(noun) for item in self.left_out]

    def note(self, noun: str = "deal") -> str:
        return "; ".join(self.notes(noun))


@dataclass
class Tally:
    """Per currency: how many items and their sum (minor units of that currency)."""

    sums: dict[str, list[int]] = field(default_factory=dict)

    def add(self, currency: str, minor: int, count: int = 1) -> None:
        line = self.sums.setdefault((currency or "").upper(), [0, 0])
        line[0] += count
        line[1] += int(minor)

    def merge(self, other: Tally) -> Tally:
        for currency, (count, minor) in other.sums.items():
            self.add(currency, minor, count)
        return self

    def merge_all(self, others: Iterable[Tally]) -> Tally:
        for other in others:
            self.merge(other)
        return self

    @property
    def count(self) -> int:
        return sum(line[0] for line in self.sums.values())


def parse_rate(text: str) -> Decimal:
    """'1.08' or '1,08' -> Decimal; positive and finite, or RateError."""
    cleaned = str(text).strip().replace(" ", "")
    if cleaned.count(",") == 1 and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    try:
        rate = Decimal(cleaned)
    except InvalidOperation:
        rate = Decimal("NaN")
    if not cleaned.replace(".", "", 1).isdigit() or not rate.is_finite() or rate <= 0:
        raise RateError(f"'{text}' is not a rate: write how much one unit is worth in the "
                        "home currency, such as 1.08")
    return rate


class Rates:
    """The owner's rates into `home`, ready for on-or-before look-ups."""

    def __init__(self, home: str, rows: Iterable[tuple[str, str, str]]) -> None:
        self.home = home.upper()
        self._dates: dict[str, list[str]] = {}
        self._rates: dict[str, list[Decimal]] = {}
        for currency, rate, on_date in sorted(rows, key=lambda r: (r[0], r[2])):
            self._dates.setdefault(currency.upper(), []).append(on_date[:10])
            self._rates.setdefault(currency.upper(), []).append(Decimal(rate))

    @classmethod
    def load(cls, store: Store, home: str | None = None) -> Rates:
        if home is None:  # the profile's currency, read alone (the rest costs a look at the OS)
            home = str(store.setting("currency") or "USD")
        rows = queries.rates_for_base(store, home.upper())
        return cls(home, ((r["currency"], r["rate"], r["on_date"]) for r in rows))

    def rate(self, currency: str, on: date) -> Decimal | None:
        code = (currency or self.home).upper()
        if code == self.home:
            return Decimal(1)
        dates = self._dates.get(code, [])
        i = bisect_right(dates, on.isoformat())
        return self._rates[code][i - 1] if i else None

    def convert(self, minor: int, currency: str, on: date) -> int | None:
        """`minor` of `currency` in home minor units (half up), or None without a rate."""
        code = (currency or self.home).upper()
        if code == self.home:
            return int(minor)
        rate = self.rate(code, on)
        if rate is None:
            return None
        return to_minor(to_decimal(minor, code) * rate, self.home)

    def total(self, tally: Tally, on: date) -> Converted:
        minor, counted, left = 0, 0, []
        for currency in sorted(tally.sums):
            count, amount = tally.sums[currency]
            value = self.convert(amount, currency, on)
            if value is None:
                left.append(LeftOut(currency or self.home, count, amount,
                                    bool(self._dates.get(currency))))
            else:
                minor += value
                counted += count
        return Converted(minor, self.home, counted, tuple(left))


# -- the owner's rates: typed, or read from a CSV --------------------------------------

def set_rate(store: Store, currency: str, rate: str | Decimal, on_date: date,
             home: str | None = None) -> int:
    """Keep '1 `currency` = `rate` home currency on `on_date`' (one per currency and day)."""
    from sm_desk.core.profile import known_currency, load_profile

    base = (home or load_profile(store).currency).upper()
    code = str(currency).strip().upper()
    if not known_currency(code):
        raise RateError(f"'{currency}' is not a currency code (such as EUR)")
    if code == base:
        raise RateError(f"{code} is the home currency: it needs no rate")
    value = rate if isinstance(rate, Decimal) else parse_rate(rate)
    with store.step(f"Rate for {code}") as step:
        return queries.put(step, code, base, f"{value.normalize():f}", on_date.isoformat())


def delete_rate(store: Store, rate_id: int) -> None:
    with store.step("Delete rate") as step:
        queries.delete(step, rate_id)


def import_rates_csv(store: Store, text: str) -> tuple[int, list[str]]:
    """Lines 'currency,rate,date' (a header line is skipped): how many were kept, and
    one problem per refused line."""
    import csv

    kept, problems = 0, []
    for number, row in enumerate(csv.reader(text.splitlines()), start=1):
        if not row or not "".join(row).strip():
            continue
        if number == 1 and row[0].strip().casefold() == "currency":
            continue
        if len(row) < 3:
            problems.append(f"line {number}: needs currency, rate and date")
            continue
        try:
            day = date.fromisoformat(row[2].strip())
            set_rate(store, row[0], row[1], day)
            kept += 1
        except RateError as exc:
            problems.append(f"line {number}: {exc}")
        except ValueError:
            problems.append(f"line {number}: '{row[2].strip()}' is not a date (YYYY-MM-DD)")
    return kept, problems
