"""Each hat's own horizon (seeds 000, 002): marketing looks months ahead, sales at now.

- Marketing, the next 13 weeks after the report's week: the campaigns running in them,
  the touches planned (series expanded by the calendar) and their spend, per month.
- Sales, the report's week and the next: open deals expected to close, next steps
  falling due and invoices falling due unpaid, as the deals stand now.
Amounts are in the home currency at the week's last day; what has no rate keeps its own
currency (`currency` set) and stays out of the totals.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sm_desk.core.fx import Rates
from sm_desk.core.money import weighted_minor
from sm_desk.core.report.touches import Occurrence
from sm_desk.core.report.weeks import Week
from sm_desk.core.store import Store
from sm_desk.core.store import work as queries

MARKETING_WEEKS = 13  # a quarter ahead
SALES_WEEKS = 2  # this week and next


@dataclass(frozen=True)
class MonthAhead:
    month: date  # the first day of the month
    touches: int
    spend: int  # planned touches' cost, minor units


@dataclass(frozen=True)
class CampaignAhead:
    name: str
    status: str
    start: date | None
    end: date | None
    budget: int  # in `currency`'s minor units
    currency: str
    touches: int  # planned in the horizon
    colour: str


@dataclass(frozen=True)
class MarketingAhead:
    first_day: date
    end_day: date  # exclusive
    touches: int
    spend: int
    months: list[MonthAhead]
    campaigns: list[CampaignAhead]


@dataclass(frozen=True)
class DueItem:
    day: date
    title: str
    contact: str
    detail: str  # the next step, or the probability
    value: int  # home currency, or `currency`'s when it has no rate
    currency: str = ""  # "" = the home currency (converted)


@dataclass(frozen=True)
class SalesNow:
    first_day: date
    end_day: date  # exclusive
    closing: list[DueItem]
    next_steps: list[DueItem]
    payments: list[DueItem]
    closing_value: int  # home currency, converted ones only
    closing_weighted: int
    payments_value: int


def _day(text: Any) -> date | None:
    return date.fromisoformat(str(text)[:10]) if text else None


def marketing_ahead(store: Store, week: Week, ahead: Sequence[Occurrence],
                    campaign_names: dict[int | None, str]) -> MarketingAhead:
    """`ahead`: the occurrences after the week, not skipped, up to 13 weeks on."""
    first, end = week.end, week.end + timedelta(weeks=MARKETING_WEEKS)
    months: dict[date, list[int]] = defaultdict(lambda: [0, 0])
    per_campaign: Counter[int | None] = Counter()
    for o in ahead:
        cell = months[o.day.replace(day=1)]
        cell[0] += 1
        cell[1] += o.cost_minor or 0
        per_campaign[o.campaign_id] += 1
    month, last = first.replace(day=1), (end - timedelta(days=1)).replace(day=1)
    listed = []
    while month <= last:
        touches, spend = months.get(month, [0, 0])
        listed.append(MonthAhead(month, touches, spend))
        month = (month + timedelta(days=32)).replace(day=1)
    campaigns = [CampaignAhead(
        str(r["name"]), str(r["status"]), _day(r["start_date"]), _day(r["end_date"]),
        int(r["budget_minor"]), str(r["currency"]), per_campaign.get(int(r["id"]), 0),
        str(r["colour"]))
        for r in queries.campaigns_running(store, first.isoformat(), end.isoformat())]
    campaigns.sort(key=lambda c: (-c.touches, c.start or date.min, c.name))
    return MarketingAhead(first, end, len(ahead), sum(o.cost_minor or 0 for o in ahead),
                          listed, campaigns)


def sales_now(store: Store, week: Week, rates: Rates) -> SalesNow:
    first, end = week.start, week.start + timedelta(weeks=SALES_WEEKS)
    on = week.end - timedelta(days=1)

    def money(row: dict[str, Any], minor: int | None = None) -> tuple[int, str]:
        value = int(row["value_minor"]) if minor is None else minor
        home = rates.convert(value, str(row["currency"]), on)
        return (value, str(row["currency"]).upper()) if home is None else (home, "")

    closing, steps = [], []
    closing_value = closing_weighted = 0
    window = (first.isoformat(), end.isoformat())
    for r in queries.sales_due(store, *window):
        probability = int(r["probability"] or 0)
        value, currency = money(r)
        if r["expected_close"] and window[0] <= str(r["expected_close"])[:10] < window[1]:
            closing.append(DueItem(_day(r["expected_close"]) or first, str(r["title"]),
                                   str(r["contact"] or ""), f"{probability}%", value, currency))
            if not currency:
                closing_value += value
                closing_weighted += weighted_minor(value, probability)
        if r["next_step_due"] and window[0] <= str(r["next_step_due"])[:10] < window[1]:
            steps.append(DueItem(_day(r["next_step_due"]) or first, str(r["title"]),
                                 str(r["contact"] or ""), str(r["next_step"] or ""),
                                 value, currency))
    payments = []
    for r in queries.payments_due(store, *window):
        value, currency = money(r)
        payments.append(DueItem(_day(r["invoice_due"]) or first, str(r["title"]),
                                str(r["contact"] or ""), "", value, currency))
    closing.sort(key=lambda item: (item.day, item.title))
    return SalesNow(first, end, closing, steps, payments, closing_value, closing_weighted,
                    sum(p.value for p in payments if not p.currency))
