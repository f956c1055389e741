"""The plan (months ahead): campaigns as bars over a quarter, half-year or year.

Marketing plans in months and quarters while sales looks at this week. A plan row is
one campaign: its dates, its touches as day marks, its spend; under the rows, each
month's spend against the budget. `PlanSource` reads the store once (~40 ms on the
large demo) and cuts any range from memory, so switching ranges costs no query
beyond the few recurring series.

Spend is counted as the campaign list counts it: each touch's cost once, unless
skipped, in the month of its (first) wall-clock start. A campaign's budget is spread
over its days, so a month holds the share of the days it holds. Amounts in other
currencies are converted into the home currency (core.fx), or left out and named.

`shift_campaign` moves a campaign and every touch of it by whole days in one undoable
step, keeping each touch's wall-clock time in its own zone (see plan_rules for
series and their overrides); `set_campaign_dates` changes the dates alone.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import partial
from itertools import accumulate
from typing import Any

from sm_desk.core.clock import to_iso
from sm_desk.core.fx import Rates, Tally
from sm_desk.core.marketing.calendar import expand_touches, local_day_range
from sm_desk.core.marketing.campaigns import update_campaign
from sm_desk.core.marketing.plan_rules import Rekey, shift_key, shift_rule
from sm_desk.core.marketing.reach import stamp_series_end
from sm_desk.core.marketing.recurrence import RecurrenceError
from sm_desk.core.marketing.timing import (
    TimeError,
    parse_local,
    shift_days,
    start_columns,
    to_local,
)
from sm_desk.core.store import Changes, Step, Store
from sm_desk.core.store import marketing as q
from sm_desk.core.store.undo import Row
from sm_desk.core.tasks.rules import sync_touch

RANGE_MONTHS = {"quarter": 3, "half": 6, "year": 12}
RANGE_LABELS = {"quarter": "Quarter", "half": "Half-year", "year": "Year"}
GROUPINGS = {"status": "Status", "audience": "Audience"}
STATUS_ORDER = ("active", "planned", "idea", "done")  # what runs now, then what comes
NO_AUDIENCE = "No audience"


class PlanError(ValueError):
    """A move the plan cannot make; the message says why."""


def _month(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True, slots=True)
class PlanRange:
    """`months` whole months from `first` (the 1st of a month)."""

    first: date
    months: int

    @property
    def kind(self) -> str:
        return next((k for k, n in RANGE_MONTHS.items() if n == self.months), "custom")

    @property
    def end(self) -> date:  # exclusive
        return _month(self.first, self.months)

    @property
    def last(self) -> date:
        return self.end - timedelta(days=1)

    @property
    def days(self) -> int:
        return (self.end - self.first).days

    def month_starts(self) -> list[date]:
        return [_month(self.first, i) for i in range(self.months)]

    def step(self, sign: int) -> PlanRange:
        return PlanRange(_month(self.first, sign * self.months), self.months)

    def label(self) -> str:
        year = self.first.year
        if self.months == 3 and self.first.month % 3 == 1:
            return f"Q{self.first.month // 3 + 1} {year} ({self.first:%b} – {self.last:%b})"
        if self.months == 6 and self.first.month in (1, 7):
            return f"H{1 if self.first.month == 1 else 2} {year} ({self.first:%b} – {self.last:%b})"
        if self.months == 12 and self.first.month == 1:
            return str(year)
        return f"{self.first:%b %Y} – {self.last:%b %Y}"


def plan_range(kind: str, day: date) -> PlanRange:
    """The quarter, half-year or year (calendar-aligned) holding `day`."""
    months = RANGE_MONTHS[kind]
    month = (day.month - 1) // months * months + 1
    return PlanRange(date(day.year, month, 1), months)


@dataclass(frozen=True, slots=True)
class Mark:
    day: date
    count: int  # touches (occurrences) of the campaign that day


@dataclass(slots=True)
class PlanRow:
    """A campaign's bar. Its marks (touches per day) are counted when first asked for:
    a year holds ~1,000 of the xlarge demo's campaigns and the view paints ~20."""
    campaign_id: int
    name: str
    colour: str
    status: str
    audience: str
    start: date
    end: date  # inclusive
    dated: bool  # False: a date was taken from the touches
    budget_minor: int
    currency: str
    spend_minor: int  # in the range, campaign currency
    count_marks: Callable[[], list[Mark]] = list
    _marks: list[Mark] | None = None

    @property
    def marks(self) -> list[Mark]:
        if self._marks is None:
            self._marks = self.count_marks()
        return self._marks


@dataclass(frozen=True, slots=True)
class MonthMoney:
    month: date
    spend_minor: int  # home currency
    budget_minor: int
    currency: str
    notes: tuple[str, ...] = ()

    @property
    def over(self) -> bool:
        return self.spend_minor > self.budget_minor


@dataclass(slots=True)
class Plan:
    range: PlanRange
    rows: list[PlanRow]
    months: list[MonthMoney]
    currency: str
    group_by: str = "status"

    def groups(self) -> list[tuple[str, list[PlanRow]]]:
        found: dict[str, list[PlanRow]] = defaultdict(list)
        for row in self.rows:
            found[row.status if self.group_by == "status" else row.audience].append(row)
        if self.group_by == "status":
            order = [s for s in STATUS_ORDER if s in found]
        else:
            order = sorted((k for k in found if k != NO_AUDIENCE), key=str.casefold)
            order += [NO_AUDIENCE] if NO_AUDIENCE in found else []
        return [(key.capitalize() if self.group_by == "status" else key, found[key])
                for key in order]


def _audience(row: Row) -> str:
    if row["audience_segment"] == "nurture":
        return "Nurture"
    return str(row["audience_tag"] or NO_AUDIENCE)


class PlanSource:
    """What the plan reads from the store, once; `plan(range)` cuts a range from it."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.campaigns = [r for r in q.plan_campaigns(store) if r["span_start"]]
        by_campaign: dict[int, list[tuple[str, int, int]]] = defaultdict(list)
        for cid, day, single, spend in q.plan_touch_days(store):
            by_campaign[cid].append((day, single, spend))
        # per campaign, in day order: the days ('YYYY-MM-DD', one per touch), one-off or
        # not, and running sums of spend and of touches with a cost (so any range or
        # month is two bisections and a subtraction)
        self.touches: dict[int, _Touches] = {}
        for cid, items in by_campaign.items():
            items.sort()
            days, singles, spends = zip(*items, strict=True)
            self.touches[cid] = _Touches(
                list(days), list(singles), [0, *accumulate(spends)],
                [0, *accumulate(1 if x else 0 for x in spends)])
        self.recurring = [r for r in q.recurring_touches(store) if r["campaign_id"]]
        self.rates = Rates.load(store)

    def plan(self, rng: PlanRange, group_by: str = "status") -> Plan:
        first, last = rng.first.isoformat(), rng.last.isoformat()
        extra = self._recurring_marks(rng)
        months = rng.month_starts()
        bounds = [m.isoformat() for m in months] + [rng.end.isoformat()]
        spans = [(m, _month(m, 1) - timedelta(days=1)) for m in months]
        rows: list[PlanRow] = []
        money: dict[tuple[str, date, str], list[int]] = defaultdict(lambda: [0, 0])
        for c in self.campaigns:
            if c["span_start"] > last or c["span_end"] < first:
                continue
            touches = self.touches.get(c["id"], EMPTY)
            at = [bisect_left(touches.days, b) for b in bounds]
            for i, month in enumerate(months):
                spent = touches.spend[at[i + 1]] - touches.spend[at[i]]
                if spent:
                    line = money[("spend", month, c["currency"])]
                    line[0] += touches.paid[at[i + 1]] - touches.paid[at[i]]
                    line[1] += spent
            row = self._row(c, touches, at[0], at[-1], extra.get(c["id"]))
            rows.append(row)
            if row.dated:
                _spread_budget(row, spans, money)
        rows.sort(key=lambda r: (r.start, r.name.casefold(), r.campaign_id))
        return Plan(rng, rows, [self._money(m, money) for m in months], self.rates.home,
                    group_by)

    def _row(self, c: Row, touches: _Touches, lo: int, hi: int,
             extra: dict[date, int] | None) -> PlanRow:
        return PlanRow(
            campaign_id=c["id"], name=c["name"], colour=c["colour"], status=c["status"],
            audience=_audience(c), start=date.fromisoformat(c["span_start"]),
            end=date.fromisoformat(c["span_end"]),
            dated=bool(c["start_date"] and c["end_date"]), budget_minor=int(c["budget_minor"]),
            currency=c["currency"], spend_minor=touches.spend[hi] - touches.spend[lo],
            count_marks=partial(_marks, touches, lo, hi, extra))

    def _recurring_marks(self, rng: PlanRange) -> dict[int, dict[date, int]]:
        """Occurrences of series in the range, per campaign and wall-clock day."""
        start, end = local_day_range(rng.first, rng.days)
        rows = [r for r in self.recurring if r["starts_at"] < to_iso(end)]
        zones = {r["id"]: r["tz"] for r in rows}
        found: dict[int, dict[date, int]] = defaultdict(dict)
        for o in expand_touches(self.store, rows, start - timedelta(days=1),
                                end + timedelta(days=1)):
            day = o.start.date() if o.all_day else to_local(o.start, zones[o.touch_id]).date()
            if rng.first <= day < rng.end and o.campaign_id is not None:
                marks = found[o.campaign_id]
                marks[day] = marks.get(day, 0) + 1
        return found

    def _money(self, month: date, money: dict[tuple[str, date, str], list[int]]) -> MonthMoney:
        spend, budget = Tally(), Tally()
        for (what, when, currency), (count, minor) in money.items():
            if when == month:
                (spend if what == "spend" else budget).add(currency, minor, count)
        on = _month(month, 1) - timedelta(days=1)
        spent, planned = self.rates.total(spend, on), self.rates.total(budget, on)
        notes = tuple(spent.notes("touch") + planned.notes("campaign budget"))
        return MonthMoney(month, spent.minor, planned.minor, self.rates.home, notes)


def _marks(touches: _Touches, lo: int, hi: int, extra: dict[date, int] | None) -> list[Mark]:
    """Touches per day of a campaign's one-off touches [lo, hi) and its series' `extra`."""
    marks: list[Mark] = []
    days, singles = touches.days, touches.singles
    i = lo
    while i < hi:  # days are sorted: count each run of one day
        j, count = i, 0
        while j < hi and days[j] == days[i]:
            count += singles[j]
            j += 1
        if count:
            marks.append(Mark(date.fromisoformat(days[i]), count))
        i = j
    if extra:
        merged = {m.day: m.count for m in marks}
        for day, count in extra.items():
            merged[day] = merged.get(day, 0) + count
        marks = [Mark(d, n) for d, n in sorted(merged.items())]
    return marks


@dataclass(frozen=True, slots=True)
class _Touches:
    days: list[str]
    singles: list[int]
    spend: list[int]  # running sum, one longer than days
    paid: list[int]  # running count of touches with a cost


EMPTY = _Touches([], [], [0], [0])


def _spread_budget(row: PlanRow, spans: list[tuple[date, date]],
                   money: dict[tuple[str, date, str], list[int]]) -> None:
    """Each month (first and last day) gets the budget's share of the campaign's days
    it holds (half up)."""
    total = (row.end - row.start).days + 1
    if row.budget_minor <= 0 or total <= 0:
        return
    for month, month_last in spans:
        lo, hi = max(row.start, month), min(row.end, month_last)
        if hi >= lo:
            share = (2 * row.budget_minor * ((hi - lo).days + 1) + total) // (2 * total)
            line = money[("budget", month, row.currency)]
            line[0] += 1
            line[1] += share


def load_plan(store: Store, rng: PlanRange, group_by: str = "status") -> Plan:
    return PlanSource(store).plan(rng, group_by)


# -- moving campaigns ---------------------------------------------------------------------

def _shifted_date(text: str | None, days: int) -> str | None:
    return None if not text else (date.fromisoformat(text) + timedelta(days=days)).isoformat()


def shift_campaign(store: Store, campaign_id: int, days: int) -> Changes:
    """Move a campaign's dates and every touch of it `days` whole days, one undoable step.

    Each touch keeps its wall-clock time in its own zone (09:00 before a daylight
    saving change is 09:00 after it); a series moves with its rule's UNTIL and its
    per-occurrence overrides (moved, done, skipped) stay attached.
    """
    campaign = store.get("campaigns", campaign_id)
    if campaign is None:
        raise PlanError(f"campaign {campaign_id} does not exist")
    if days == 0:
        return Changes()
    when = f"{abs(days)} day{'' if abs(days) == 1 else 's'} {'later' if days > 0 else 'earlier'}"
    try:
        with store.step(f"Move campaign {campaign['name']} {when}") as step:
            dates = {k: _shifted_date(campaign[k], days) for k in ("start_date", "end_date")}
            step.update("campaigns", campaign_id, dates)
            for touch in q.campaign_touches(store, campaign_id):
                _shift_touch(store, step, touch, days)
                sync_touch(step, touch["id"])
    except (TimeError, RecurrenceError, OverflowError) as exc:
        raise PlanError(f"cannot move {campaign['name']}: {exc}") from exc
    return step.summary


def _shift_touch(store: Store, step: Step, touch: Row, days: int) -> None:
    all_day, tz = bool(touch["all_day"]), touch["tz"]
    old = parse_local(touch["start_local"])
    new = shift_days(old, days)
    values: dict[str, Any] = start_columns(new.date() if all_day else new, tz, all_day)
    if not touch["rrule"]:
        step.update("touches", touch["id"], values)
        return
    rule = shift_rule(touch["rrule"], days, old, new, tz)
    values["rrule"] = rule
    rekey = Rekey(days, (touch["rrule"], old), (rule, new), tz, all_day)
    step.update("touches", touch["id"], values)
    stamp_series_end(step, int(touch["id"]))
    # Later keys first when moving later (earlier first when earlier): a key never
    # lands on one that has not moved yet (UNIQUE (touch_id, original_start)).
    overrides = sorted(q.overrides(store, [touch["id"]]), key=lambda o: o["original_start"],
                       reverse=days > 0)
    for o in overrides:
        step.update("touch_occurrences", o["id"], {
            "original_start": rekey(o["original_start"]),
            "new_start": shift_key(o["new_start"], days) if o["new_start"] else None})


def set_campaign_dates(store: Store, campaign_id: int, start: date | None,
                       end: date | None) -> Changes:
    """Change a campaign's dates alone (its touches stay), one undoable step."""
    return update_campaign(store, campaign_id, {
        "start_date": start.isoformat() if start else None,
        "end_date": end.isoformat() if end else None})


def this_week(today: date | None = None, week_start: int = 0) -> tuple[date, date]:
    """First and last day of this week (0 = weeks start on Monday), which the plan marks."""
    day = today or datetime.now().date()
    first = day - timedelta(days=(day.weekday() - week_start) % 7)
    return first, first + timedelta(days=6)
