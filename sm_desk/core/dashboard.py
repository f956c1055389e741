"""What the start-up dashboard shows, computed from the store for a given day.

Hat balance is the hours of work each hat got (core/report/hats.py, the one function
the weekly report and the assessment history use too): touches done, campaigns set
up and marketing tasks for marketing; calls, meetings, emails and sales tasks for
sales, each weighted by its usual effort. It is compared with the agreement's target
share and with the owner's latest self-assessment. Stalled deals follow the same
rule as the sales board.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from sm_desk.core.agreement import Agreement, load_agreement
from sm_desk.core.clock import local_midnight_utc, to_iso
from sm_desk.core.handoffs.hunting import best_leads
from sm_desk.core.marketing.calendar import local_day_range, occurrences
from sm_desk.core.profile import load_profile
from sm_desk.core.report.hats import EXPLAINED, HatHours, hat_weeks, owner_week, share_of
from sm_desk.core.report.horizons import MARKETING_WEEKS
from sm_desk.core.report.targets import TargetsPart, track_targets
from sm_desk.core.report.weeks import Week
from sm_desk.core.store import Store
from sm_desk.core.store import assessment as assessment_queries
from sm_desk.core.store import dashboard as queries

if TYPE_CHECKING:
    from sm_desk.core.fx import Converted

HAT_WEEKS = 4
MAX_OCCURRENCES_SCANNED = 2000  # a runaway RRULE cannot stall the dashboard
# The hat balance is "off" when the sales share is this far from the agreed target.
HAT_TOLERANCE = 0.15


@dataclass(frozen=True)
class HatBalance:
    weeks: tuple[HatHours, ...]  # oldest first, the owner's weeks; hours per hat
    target_sales_share: float
    assessment_verdict: str | None = None
    assessment_sales: float | None = None
    assessment_marketing: float | None = None

    explained: str = EXPLAINED

    @property
    def sales(self) -> float:
        return round(sum(w.sales for w in self.weeks), 2)

    @property
    def marketing(self) -> float:
        return round(sum(w.marketing for w in self.weeks), 2)

    @property
    def sales_share(self) -> float | None:
        return share_of(self.weeks)

    @property
    def this_week(self) -> HatHours | None:
        return self.weeks[-1] if self.weeks else None

    @property
    def starving(self) -> str | None:
        """The half getting clearly less than the agreement asks (None: on target or no data)."""
        share = self.sales_share
        if share is None:
            return None
        if share < self.target_sales_share - HAT_TOLERANCE:
            return "sales"
        if share > self.target_sales_share + HAT_TOLERANCE:
            return "marketing"
        return None


@dataclass(frozen=True)
class Dashboard:
    today: date
    tasks_today: list[dict[str, Any]]
    tasks_today_count: int
    tasks_overdue: list[dict[str, Any]]
    tasks_overdue_count: int
    cracks: dict[str, int]
    stalled: list[dict[str, Any]]
    touches_week: list[dict[str, Any]]
    won_week: list[dict[str, Any]]
    hat: HatBalance
    has_assessment: bool
    agreement: Agreement = field(default_factory=Agreement)
    best_leads: list[dict[str, Any]] = field(default_factory=list)  # from the hunting grounds
    won_total: Converted | None = None  # won this week, home currency (fx: none added blind)
    targets: TargetsPart | None = None  # the agreement's targets: this week and eight weeks
    planned_ahead: int = 0  # touches planned in the 13 weeks after this one (marketing's horizon)

    @property
    def cracks_total(self) -> int:
        return sum(self.cracks.values())

    @property
    def won_week_value_minor(self) -> int:
        """Won this week in the home currency; deals without a rate are not in it."""
        return self.won_total.minor if self.won_total else 0


def _day_start(day: date) -> str:
    return local_midnight_utc(day)


def stalled_deals(store: Store, today: date, agreement: Agreement | None = None
                  ) -> list[dict[str, Any]]:
    """Open deals quiet for the agreement's stalled_after_days with no next step ahead."""
    agreement = agreement or load_agreement(store)
    quiet_since = _day_start(today - timedelta(days=agreement.stalled_after_days))
    return queries.stalled_deals(store, today.isoformat(), quiet_since)


def touches_between(store: Store, start: date, end: date) -> list[dict[str, Any]]:
    """Touches on local days [start, end), as the calendar expands them (skipped ones left out)."""
    lo, hi = local_day_range(start, (end - start).days)
    return [{"id": o.touch_id, "title": o.title, "kind": o.kind, "starts_at": to_iso(o.start),
             "status": o.status, "day": o.day()}
            for o in occurrences(store, lo, hi, include_skipped=False)]


def planned_between(store: Store, start: date, end: date) -> int:
    """How many touches touches_between would list: counted from the occurrences, without
    making a row for each (13 weeks of the xlarge demo is thousands of them)."""
    lo, hi = local_day_range(start, (end - start).days)
    return len(occurrences(store, lo, hi, include_skipped=False))


def hat_balance(store: Store, today: date, agreement: Agreement | None = None,
                weeks: int = HAT_WEEKS) -> HatBalance:
    """The last `weeks` weeks up to the one holding `today` (the owner's weeks), in hours."""
    agreement = agreement or load_agreement(store)
    balances = hat_weeks(store, owner_week(store, today), weeks, agreement)
    latest = assessment_queries.latest_result(store)
    return HatBalance(
        tuple(balances), agreement.hat_target_sales_share,
        latest["verdict"] if latest else None,
        latest["sales_score"] if latest else None,
        latest["marketing_score"] if latest else None)


def won_total(store: Store, won: list[dict[str, Any]], today: date) -> Converted:
    from sm_desk.core.fx import Rates, Tally

    tally = Tally()
    for deal in won:
        tally.add(str(deal["currency"]), int(deal["value_minor"]))
    return Rates.load(store).total(tally, today)


def build_dashboard(store: Store, today: date) -> Dashboard:
    agreement = load_agreement(store)
    day = today.isoformat()
    week = Week.containing(today, int(load_profile(store).week_start))  # the owner's week
    week_start, week_end = week.start, week.end
    won = queries.won_between(store, _day_start(week_start), _day_start(week_end))
    return Dashboard(
        today=today,
        tasks_today=queries.tasks_due_on(store, day, 8),
        tasks_today_count=queries.count_open_due(store, day, overdue=False),
        tasks_overdue=queries.tasks_overdue(store, day, 8),
        tasks_overdue_count=queries.count_open_due(store, day, overdue=True),
        cracks=queries.cracks_by_origin(store),
        stalled=stalled_deals(store, today, agreement),
        touches_week=touches_between(store, week_start, week_end),
        won_week=won,
        hat=hat_balance(store, today, agreement),
        has_assessment=assessment_queries.assessment_count(store) > 0,
        agreement=agreement,
        best_leads=best_leads(store, today),
        won_total=won_total(store, won, today),
        targets=track_targets(store, week, agreement),
        planned_ahead=planned_between(store, week_end, week_end + timedelta(weeks=MARKETING_WEEKS)),
    )
