"""The rules that read the pipeline: effective probability, stalled deals, forecast.

Every function takes `today` explicitly, so tests pin the date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sm_desk.core.agreement import load_agreement
from sm_desk.core.clock import local_midnight_utc
from sm_desk.core.fx import Converted, Rates, Tally
from sm_desk.core.money import weighted_minor
from sm_desk.core.profile import load_profile
from sm_desk.core.report.weeks import Week
from sm_desk.core.store import Store
from sm_desk.core.store import sales as queries
from sm_desk.core.store.sales import PipelineSums

FORECAST_MONTHS = 3
WEEKS_PER_QUARTER = 13


def effective_probability(deal_probability: int | None, stage_probability: int) -> int:
    """The deal's own probability when set, else its stage's default."""
    return stage_probability if deal_probability is None else deal_probability


def weighted_value(value_minor: int, probability: int) -> int:
    """Value times probability, in whole minor units: money.weighted_minor (half up),
    the same integer the SQL gives, the report and every page."""
    return weighted_minor(value_minor, probability)


@dataclass(frozen=True)
class StageTotal:
    """One board column's header: deals, their value and weighted value in the home
    currency (deals in a currency without a rate are named, not added)."""

    count: int
    value: Converted
    weighted: Converted


def stage_totals(store: Store, today: date, rates: Rates | None = None,
                 sums: PipelineSums | None = None) -> dict[int, StageTotal]:
    """Per stage: count, value and weighted value, added up from `pipeline_sums` (pass
    them when the forecast reads them too: one walk of the deals for both)."""
    rates = rates or Rates.load(store)
    values: dict[int, Tally] = {}
    weights: dict[int, Tally] = {}
    for stage_id, _outcome, _close, currency, n, full, weighed in (
            queries.pipeline_sums(store) if sums is None else sums):
        values.setdefault(stage_id, Tally()).add(currency, full, n)
        weights.setdefault(stage_id, Tally()).add(currency, weighed, n)
    return {stage_id: StageTotal(tally.count, rates.total(tally, today),
                                 rates.total(weights[stage_id], today))
            for stage_id, tally in values.items()}


@dataclass(frozen=True)
class Window:
    """What the stalled rule compares against: today's date and the quiet-since instant."""

    today: str
    quiet_since: str


def stalled_window(store: Store, today: date) -> Window:
    """Open deals quiet since before this instant, with no next step due today or later,
    are stalled. N days comes from the agreement (default 14)."""
    days = load_agreement(store).stalled_after_days
    return Window(today.isoformat(), local_midnight_utc(today - timedelta(days=days)))


def stalled_deal_ids(store: Store, today: date) -> list[int]:
    window = stalled_window(store, today)
    return queries.stalled_deal_ids(store, window.today, window.quiet_since)


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


@dataclass(frozen=True)
class MonthForecast:
    month: date  # the first day of the month
    count: int
    value_minor: int  # home currency
    weighted_minor: int
    left_out: tuple[str, ...] = ()  # "2 EUR deals not counted: no EUR rate"


@dataclass(frozen=True)
class WonPeriod:
    label: str  # "This week", "This month", "This quarter"
    start: date
    end: date  # exclusive
    count: int
    won_minor: int
    target_minor: int  # 0: no target set
    left_out: tuple[str, ...] = ()


@dataclass(frozen=True)
class Forecast:
    months: list[MonthForecast]
    overdue_count: int  # open deals whose expected close is already past
    overdue_weighted_minor: int
    won: list[WonPeriod]
    currency: str = "USD"


def forecast(store: Store, today: date, rates: Rates | None = None,
             sums: PipelineSums | None = None) -> Forecast:
    """Weighted pipeline by expected-close month (this month and the next two) and won
    value this week/month/quarter against the agreement's weekly revenue target
    (scaled: a month is 52/12 weeks, a quarter 13). Amounts in the home currency at
    today's rates; a currency with no rate is left out and named."""
    rates = rates or Rates.load(store)
    first = date(today.year, today.month, 1)
    end = _add_months(first, FORECAST_MONTHS)
    values: dict[str, Tally] = {}
    weights: dict[str, Tally] = {}
    overdue = Tally()  # open deals whose expected close is before this month
    start_text, end_text = first.isoformat(), end.isoformat()
    for _stage, outcome, close, currency, n, full, weighed in (
            queries.pipeline_sums(store) if sums is None else sums):
        if outcome != "open" or close is None or close >= end_text:
            continue
        if close < start_text:
            overdue.add(currency, weighed, n)
            continue
        values.setdefault(close[:7], Tally()).add(currency, full, n)
        weights.setdefault(close[:7], Tally()).add(currency, weighed, n)
    months = []
    for i in range(FORECAST_MONTHS):
        month = _add_months(first, i)
        key = month.isoformat()[:7]
        value = rates.total(values.get(key, Tally()), today)
        weighted = rates.total(weights.get(key, Tally()), today)
        months.append(MonthForecast(month, values.get(key, Tally()).count, value.minor,
                                    weighted.minor, tuple(weighted.notes())))
    weekly = int(load_agreement(store).targets.get("revenue_won_minor", 0) or 0)
    week = Week.containing(today, int(load_profile(store).week_start))  # the owner's week
    week_start, week_end = week.start, week.end
    q_start = quarter_start(today)
    periods = (
        ("This week", week_start, week_end, weekly),
        ("This month", first, _add_months(first, 1), weekly * 52 // 12),
        ("This quarter", q_start, _add_months(q_start, 3), weekly * WEEKS_PER_QUARTER),
    )
    won = []
    for label, start, stop, target in periods:
        tally = Tally()
        for row in queries.won_value_between(store, local_midnight_utc(start),
                                             local_midnight_utc(stop)):
            tally.add(row["currency"], row["value"], row["count"])
        total = rates.total(tally, today)
        won.append(WonPeriod(label, start, stop, tally.count, total.minor, target,
                             tuple(total.notes())))
    return Forecast(months, overdue.count, rates.total(overdue, today).minor, won, rates.home)
