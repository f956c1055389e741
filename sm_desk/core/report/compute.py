"""Compute the weekly report from the database alone.

Definitions (what each figure means, so the owner can trust it):
- A week is Monday 00:00 to the next Monday 00:00, local time (weeks.py), or from the
  business profile's first day of the week to the same day a week later.
- New contacts: created in the week; leads: those of them that are not mere
  subscribers, by the campaign that brought them (source campaign).
- Deals advanced: deals whose stage moved forward over the week (the stage log
  the 0003 migration keeps: first stage left vs last stage reached; a move
  there and back is no advance; Lost is never an advance), plus deals won in
  the week (so deals imported straight into Won still count).
- Won / lost: deals whose closed_at falls in the week, by their stage's outcome.
- Open pipeline: as it stood at the week's end: deals created before then and not
  yet closed, in the stage they held then (from the stage log; a deal closed
  later with no log is placed in the last open stage). Values are today's.
  Weighted value = value x the deal's probability, or its stage's if unset.
- Forecast: open deals at the week's end by expected close, in the calendar
  month the week ends in and the two after it.
- Touches: occurrences (recurring series expanded) starting in the week; done =
  marked done; scheduled = not skipped. Spend = cost of scheduled touches.
- Tasks: done = done_at in the week; open, unassigned and overdue (due before
  the week's end) as they stood at the week's end, by function.
- Overdue payments: won, invoiced, due before the week's end, not paid by then.
- Hat balance: hours of work done in the week (hats.py, the dashboard's figure):
  touches done by their kind's effort, campaigns set up and marketing tasks for
  marketing; calls, meetings, emails and sales tasks for sales.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from sm_desk.core.agreement import load_agreement
from sm_desk.core.domain import TOUCH_KIND_LABELS
from sm_desk.core.fx import Converted, Rates, Tally
from sm_desk.core.profile import load_profile
from sm_desk.core.report.handoffs import handoff_part, insights_part
from sm_desk.core.report.hats import hat_weeks
from sm_desk.core.report.horizons import MARKETING_WEEKS, marketing_ahead, sales_now
from sm_desk.core.report.model import (
    AssessmentNote,
    ContactsPart,
    DealsPart,
    Figure,
    ForecastMonth,
    ForecastPart,
    HatPart,
    Named,
    OverduePayment,
    PaymentsPart,
    PipelinePart,
    PlannedTouch,
    SpendPart,
    StageLine,
    TaskLine,
    TasksPart,
    TouchesPart,
    TrendWeek,
    WeeklyReport,
)
from sm_desk.core.report.targets import advanced_in, track_targets
from sm_desk.core.report.touches import Occurrence, occurrences
from sm_desk.core.report.weeks import Week
from sm_desk.core.store import Store
from sm_desk.core.store import report as queries

TREND_WEEKS = 8
NO_CAMPAIGN = "No campaign"
NO_REASON = "(no reason given)"
FUNCTION_LABELS = {"sales": "Sales", "marketing": "Marketing", None: "Unclassified"}


def build_report(store: Store, week: Week) -> WeeklyReport:
    """The report for `week`, begun on the profile's first day of the week."""
    return _Builder(store, week.starting_on(int(load_profile(store).week_start))).build()


def _last_day(week: Week) -> date:
    """The date a week's money figures are converted at (latest rate on or before it)."""
    return week.end - timedelta(days=1)


def _figures(this: dict[Any, int], before: dict[Any, int]) -> dict[Any, Figure]:
    return {key: Figure(this.get(key, 0), before.get(key, 0)) for key in {*this, *before}}


def _ranked(named: Iterable[Named]) -> list[Named]:
    return sorted(named, key=lambda n: (-n.figure.value, -n.figure.previous, n.name))


class _Builder:
    def __init__(self, store: Store, week: Week) -> None:
        self.store = store
        self.week = week
        self.prev = week.previous()
        self.stages = {s["id"]: s for s in queries.stages(store)}
        self.open_stages = sorted((s for s in self.stages.values() if s["outcome"] == "open"),
                                  key=lambda s: (s["position"], s["id"]))
        self.campaigns = {c["id"]: c for c in queries.campaigns(store)}
        self.profile = load_profile(store)
        self.rates = Rates.load(store, self.profile.currency)
        self.left_out: dict[str, None] = {}  # notes, in order, once each
        self._pipelines: dict[Week, list[dict[str, Any]]] = {}  # open_pipeline, per week

    def convert(self, tally: Tally, week: Week) -> int:
        """The tally in the home currency at the week's last day (what has no rate is
        left out; `note` names it)."""
        total: Converted = self.rates.total(tally, _last_day(week))
        return total.minor

    def note(self, what: str, tally: Tally, noun: str = "deal") -> None:
        """'Open pipeline: 2 EUR deals not counted: no EUR rate' (this week's figures)."""
        for line in self.rates.total(tally, _last_day(self.week)).notes(noun):
            self.left_out[f"{what}: {line}"] = None

    def campaign(self, campaign_id: int | None) -> str:
        row = self.campaigns.get(campaign_id) if campaign_id is not None else None
        return str(row["name"]) if row else NO_CAMPAIGN

    def build(self) -> WeeklyReport:
        week, prev = self.week, self.prev
        trend = self.trend()
        tasks = self.tasks()
        activities = Figure(queries.activity_count(self.store, week.start_utc, week.end_utc),
                            queries.activity_count(self.store, prev.start_utc, prev.end_utc))
        agreement = load_agreement(self.store)
        assessment = queries.latest_assessment(self.store, week.end_utc)
        hours = hat_weeks(self.store, week, TREND_WEEKS, agreement)
        hat = HatPart(
            hours[-1], hours[-2], float(agreement.hat_target_sales_share),
            AssessmentNote(str(assessment["taken_at"]), float(assessment["sales_score"]),
                           float(assessment["marketing_score"]), str(assessment["verdict"]))
            if assessment else None, hours)
        touches, spend = self.touches()
        ahead = marketing_ahead(self.store, week, self._ahead,
                                {k: str(v["name"]) for k, v in self.campaigns.items()})
        return WeeklyReport(
            week=week, currency=self.profile.currency, contacts=self.contacts(),
            deals=self.deals(trend), pipeline=self.pipeline(), forecast=self.forecast(),
            trend=trend, touches=touches, spend=spend, tasks=tasks,
            payments=self.payments(), hat=hat, activities=activities,
            handoffs=handoff_part(self.store, week), insights=insights_part(self.store, week),
            targets=track_targets(self.store, week, agreement, TREND_WEEKS),
            marketing_ahead=ahead, sales_now=sales_now(self.store, week, self.rates),
            locale=self.profile.locale, left_out=list(self.left_out))

    # -- contacts and deals ------------------------------------------------------------

    def contacts(self) -> ContactsPart:
        this = queries.new_contacts(self.store, self.week.start_utc, self.week.end_utc)
        before = queries.new_contacts(self.store, self.prev.start_utc, self.prev.end_utc)
        leads = _figures({r["campaign_id"]: int(r["leads"]) for r in this if r["leads"]},
                         {r["campaign_id"]: int(r["leads"]) for r in before if r["leads"]})
        return ContactsPart(
            new_contacts=Figure(sum(r["contacts"] for r in this),
                                sum(r["contacts"] for r in before)),
            new_leads=Figure(sum(int(r["leads"]) for r in this),
                             sum(int(r["leads"]) for r in before)),
            leads_by_campaign=_ranked(Named(self.campaign(k), f) for k, f in leads.items()))

    def trend(self) -> list[TrendWeek]:
        weeks = [self.week.shift(-n) for n in range(TREND_WEEKS - 1, -1, -1)]
        closed = queries.closed_deals(self.store, weeks[0].start_utc, self.week.end_utc)
        self._closed = closed
        result = []
        for week in weeks:
            start, end = week.start_utc, week.end_utc
            rows = [r for r in closed if start <= r["closed_at"] < end]
            won = [r for r in rows if r["outcome"] == "won"]
            tally = Tally()
            for r in won:
                tally.add(r["currency"], r["value_minor"])
            result.append(TrendWeek(week, len(won), len(rows) - len(won),
                                    self.convert(tally, week)))
            if week == self.week:
                self.note("Revenue won", tally)
        return result

    def deals(self, trend: list[TrendWeek]) -> DealsPart:
        this, before = trend[-1], trend[-2]
        week = self.week
        lost_this = Counter(r["lost_reason"] or NO_REASON for r in self._closed
                            if r["outcome"] == "lost"
                            and week.start_utc <= r["closed_at"] < week.end_utc)
        lost_before = Counter(r["lost_reason"] or NO_REASON for r in self._closed
                              if r["outcome"] == "lost"
                              and self.prev.start_utc <= r["closed_at"] < self.prev.end_utc)
        reasons = _ranked(Named(reason, Figure(n, lost_before.get(reason, 0)))
                          for reason, n in lost_this.items())
        return DealsPart(
            created=Figure(queries.deals_created(self.store, week.start_utc, week.end_utc),
                           queries.deals_created(self.store, self.prev.start_utc,
                                                 self.prev.end_utc)),
            advanced=Figure(self.advanced(week), self.advanced(self.prev)),
            won=Figure(this.won, before.won), won_value=Figure(this.won_value, before.won_value),
            lost=Figure(this.lost, before.lost), lost_reasons=reasons)

    def stage_log(self) -> list[dict[str, Any]]:
        if not hasattr(self, "_log"):
            self._log = queries.stage_changes_since(self.store, self.prev.start_utc)
        return self._log

    def advanced(self, week: Week) -> int:
        return advanced_in(week, self.stage_log(), self._closed, self.stages)

    # -- pipeline and forecast ---------------------------------------------------------

    def open_pipeline(self, week: Week) -> list[dict[str, Any]]:
        """The deals open at the week's end, summed per stage held then, currency and
        expected-close month (store.report.open_pipeline); read once per week."""
        if week not in self._pipelines:
            last_open = self.open_stages[-1]["id"] if self.open_stages else None
            self._pipelines[week] = queries.open_pipeline(self.store, week.end_utc,
                                                          week.end.isoformat(), last_open)
        return self._pipelines[week]

    def pipeline(self) -> PipelinePart:
        def tally(week: Week) -> dict[int, tuple[int, int, int]]:
            values: dict[int, Tally] = defaultdict(Tally)
            weights: dict[int, Tally] = defaultdict(Tally)
            for row in self.open_pipeline(week):
                values[row["stage_id"]].add(row["currency"], row["value_minor"], row["n"])
                weights[row["stage_id"]].add(row["currency"], row["weighted"], row["n"])
            if week == self.week:
                self.note("Open pipeline", Tally().merge_all(values.values()))
            return {k: (values[k].count, self.convert(values[k], week),
                        self.convert(weights[k], week)) for k in values}

        this, before = tally(self.week), tally(self.prev)
        lines = []
        for stage in self.open_stages:
            a, b = this.get(stage["id"], (0, 0, 0)), before.get(stage["id"], (0, 0, 0))
            lines.append(StageLine(stage["name"], int(stage["probability"]), Figure(a[0], b[0]),
                                   Figure(a[1], b[1]), Figure(a[2], b[2])))

        def total(name: str) -> Figure:
            return Figure(sum(getattr(line, name).value for line in lines),
                          sum(getattr(line, name).previous for line in lines))

        return PipelinePart(lines, total("count"), total("value"), total("weighted"))

    def forecast_for(self, week: Week) -> tuple[list[ForecastMonth], int]:
        first = week.end.replace(day=1)
        months = [first]
        for _ in range(2):
            months.append((months[-1] + timedelta(days=32)).replace(day=1))
        values: dict[str, Tally] = {m.isoformat()[:7]: Tally() for m in months}
        weights: dict[str, Tally] = {m.isoformat()[:7]: Tally() for m in months}
        past = 0
        for row in self.open_pipeline(week):
            month = row["close_month"]
            if month == "past":
                past += row["n"]
            elif month in values:  # later months are beyond the forecast
                values[month].add(row["currency"], row["value_minor"], row["n"])
                weights[month].add(row["currency"], row["weighted"], row["n"])
        if week == self.week:
            self.note("Forecast", Tally().merge_all(values.values()))
        return [ForecastMonth(m, values[key].count, self.convert(values[key], week),
                              self.convert(weights[key], week))
                for m, key in ((m, m.isoformat()[:7]) for m in months)], past

    def forecast(self) -> ForecastPart:
        months, past = self.forecast_for(self.week)
        before, _ = self.forecast_for(self.prev)
        return ForecastPart(months, Figure(sum(m.weighted for m in months),
                                           sum(m.weighted for m in before)), past)

    # -- touches, tasks, payments --------------------------------------------------------

    def touches(self) -> tuple[TouchesPart, SpendPart]:
        week, prev = self.week, self.prev
        horizon = week.shift(1 + MARKETING_WEEKS)  # marketing looks a quarter ahead
        found = occurrences(self.store, prev.start_utc, horizon.start_utc)
        this = [o for o in found if week.start_utc <= o.starts_at < week.end_utc]
        before = [o for o in found if o.starts_at < week.start_utc]
        ahead = [o for o in found if o.starts_at >= week.end_utc and o.status != "skipped"]
        self._ahead = ahead

        def count(items: list[Occurrence], key: str, done_only: bool) -> dict[Any, int]:
            return dict(Counter(getattr(o, key) for o in items
                                if (o.status == "done" if done_only else o.status != "skipped")))

        def spend(items: list[Occurrence]) -> dict[Any, int]:
            sums: dict[Any, int] = defaultdict(int)
            for o in items:
                if o.status != "skipped" and o.cost_minor:
                    sums[o.campaign_id] += o.cost_minor
            return dict(sums)

        kind = TOUCH_KIND_LABELS.get
        done_kind = _figures(count(this, "kind", True), count(before, "kind", True))
        done_campaign = _figures(count(this, "campaign_id", True),
                                 count(before, "campaign_id", True))
        spent = _figures(spend(this), spend(before))
        calendar = []
        for o in ahead:
            row = self.campaigns.get(o.campaign_id) if o.campaign_id is not None else None
            calendar.append(PlannedTouch(
                o.starts_at, o.day, self.campaign(o.campaign_id),
                str(row["colour"]) if row else "#9aa5b1", kind(o.kind, o.kind), o.title))
        touches = TouchesPart(
            done=Figure(sum(o.status == "done" for o in this),
                        sum(o.status == "done" for o in before)),
            scheduled=Figure(sum(o.status != "skipped" for o in this),
                             sum(o.status != "skipped" for o in before)),
            done_by_kind=_ranked(Named(kind(k, k), f) for k, f in done_kind.items()),
            done_by_campaign=_ranked(Named(self.campaign(k), f) for k, f in done_campaign.items()),
            planned_next=len(ahead),
            planned_by_kind=_ranked(Named(kind(k, k), Figure(n, 0))
                                    for k, n in count(ahead, "kind", False).items()),
            planned_by_campaign=_ranked(Named(self.campaign(k), Figure(n, 0))
                                        for k, n in count(ahead, "campaign_id", False).items()),
            calendar=calendar)
        total = Figure(sum(f.value for f in spent.values()), sum(f.previous for f in spent.values()))
        return touches, SpendPart(total, _ranked(Named(self.campaign(k), f)
                                                 for k, f in spent.items()))

    def tasks(self) -> TasksPart:
        def snapshot(week: Week) -> dict[Any, dict[str, int]]:
            table: dict[Any, dict[str, int]] = defaultdict(dict)
            for row in queries.tasks_done(self.store, week.start_utc, week.end_utc):
                table[row["function"]]["done"] = int(row["n"])
            for row in queries.tasks_open_at(self.store, week.end_utc, week.end.isoformat()):
                for name in ("open", "unassigned", "overdue"):
                    table[row["function"]][name] = int(row[name] or 0)
            return table

        this, before = snapshot(self.week), snapshot(self.prev)
        lines = []
        for function, label in FUNCTION_LABELS.items():
            a, b = this.get(function, {}), before.get(function, {})
            lines.append(TaskLine(label, *(Figure(a.get(n, 0), b.get(n, 0))
                                           for n in ("done", "open", "unassigned", "overdue"))))
        return TasksPart(lines)

    def payments(self) -> PaymentsPart:
        end = self.week.end
        this = queries.overdue_payments(self.store, end.isoformat())
        before = queries.overdue_payments(self.store, self.prev.end.isoformat())
        items = []
        for r in this:
            due = date.fromisoformat(r["invoice_due"][:10])
            home = self.rates.convert(int(r["value_minor"]), r["currency"], _last_day(self.week))
            items.append(OverduePayment(
                str(r["title"]), str(r["contact"] or ""), due,
                int(r["value_minor"]) if home is None else home,
                (end - timedelta(days=1) - due).days + 1,
                "" if home is not None else str(r["currency"]).upper()))

        def total(rows: list[dict[str, Any]], week: Week) -> int:
            tally = Tally()
            for r in rows:
                tally.add(r["currency"], r["value_minor"])
            if week == self.week:
                self.note("Overdue payments", tally, "payment")
            return self.convert(tally, week)

        return PaymentsPart(Figure(len(this), len(before)),
                            Figure(total(this, self.week), total(before, self.prev)), items)
