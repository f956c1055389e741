"""The weekly report as plain data: every figure with last week's value beside it.

Built by `build_report` (compute.py) from the database alone; rendered by
sm_desk.io.report into PDF, HTML and CSV.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from sm_desk.core.report.weeks import Week

if TYPE_CHECKING:
    from sm_desk.core.report.handoffs import HandoffPart, InsightsPart
    from sm_desk.core.report.hats import HatHours
    from sm_desk.core.report.horizons import MarketingAhead, SalesNow
    from sm_desk.core.report.targets import TargetsPart


@dataclass(frozen=True)
class Figure:
    """A count or an amount of money (minor units) this week and the week before."""

    value: int
    previous: int

    @property
    def change(self) -> int:
        return self.value - self.previous


@dataclass(frozen=True)
class Named:
    """One line of a breakdown: a name and its figure."""

    name: str
    figure: Figure


@dataclass(frozen=True)
class ContactsPart:
    new_contacts: Figure
    new_leads: Figure
    leads_by_campaign: list[Named]  # largest first; "No campaign" for unattributed


@dataclass(frozen=True)
class DealsPart:
    created: Figure
    advanced: Figure
    won: Figure
    won_value: Figure
    lost: Figure
    lost_reasons: list[Named]  # this week's reasons (previous: last week's count)


@dataclass(frozen=True)
class StageLine:
    stage: str
    probability: int
    count: Figure
    value: Figure
    weighted: Figure


@dataclass(frozen=True)
class PipelinePart:
    stages: list[StageLine]
    count: Figure
    value: Figure
    weighted: Figure


@dataclass(frozen=True)
class ForecastMonth:
    month: date  # the first day of the month
    count: int
    value: int
    weighted: int


@dataclass(frozen=True)
class ForecastPart:
    months: list[ForecastMonth]
    weighted: Figure  # the three months together
    past_expected_close: int  # open deals whose expected close is already behind


@dataclass(frozen=True)
class TrendWeek:
    week: Week
    won: int
    lost: int
    won_value: int


@dataclass(frozen=True)
class PlannedTouch:
    starts_at: str  # ISO UTC
    day: date  # local date
    campaign: str
    colour: str
    kind: str  # label, e.g. "Blog post"
    title: str


@dataclass(frozen=True)
class TouchesPart:
    done: Figure
    scheduled: Figure  # this week's touches not skipped (done or still planned)
    done_by_kind: list[Named]
    done_by_campaign: list[Named]
    planned_next: int  # the next 13 weeks (horizons.MARKETING_WEEKS)
    planned_by_kind: list[Named]  # Figure.previous unused (0)
    planned_by_campaign: list[Named]
    calendar: list[PlannedTouch]  # the next 13 weeks, in time order


@dataclass(frozen=True)
class SpendPart:
    total: Figure
    by_campaign: list[Named]


@dataclass(frozen=True)
class TaskLine:
    function: str  # "Sales", "Marketing", "Unclassified"
    done: Figure
    open: Figure  # open at the week's end
    unassigned: Figure
    overdue: Figure


@dataclass(frozen=True)
class TasksPart:
    lines: list[TaskLine]

    def total(self, name: str) -> Figure:
        figures = [getattr(line, name) for line in self.lines]
        return Figure(sum(f.value for f in figures), sum(f.previous for f in figures))


@dataclass(frozen=True)
class OverduePayment:
    title: str
    contact: str
    due: date
    value: int  # home currency, or `currency`'s when it has no rate
    days_overdue: int  # at the week's end
    currency: str = ""  # "" = the home currency (converted); else the deal's, not converted


@dataclass(frozen=True)
class PaymentsPart:
    count: Figure
    value: Figure
    items: list[OverduePayment]


@dataclass(frozen=True)
class AssessmentNote:
    taken_at: str
    sales_score: float
    marketing_score: float
    verdict: str

    @property
    def sales_share(self) -> float | None:
        total = self.sales_score + self.marketing_score
        return self.sales_score / total if total > 0 else None


@dataclass(frozen=True)
class HatPart:
    """Hours of work by hat (core/report/hats.py: the dashboard's figure too)."""

    this: HatHours
    before: HatHours
    target_sales_share: float
    assessment: AssessmentNote | None
    weeks: tuple[HatHours, ...] = ()  # the last eight weeks, oldest first

    @property
    def sales(self) -> float:
        return self.this.sales

    @property
    def marketing(self) -> float:
        return self.this.marketing

    @property
    def sales_share(self) -> float | None:
        return self.this.sales_share

    @property
    def previous_sales_share(self) -> float | None:
        return self.before.sales_share


@dataclass(frozen=True)
class WeeklyReport:
    week: Week
    currency: str
    contacts: ContactsPart
    deals: DealsPart
    pipeline: PipelinePart
    forecast: ForecastPart
    trend: list[TrendWeek]
    touches: TouchesPart
    spend: SpendPart
    tasks: TasksPart
    payments: PaymentsPart
    hat: HatPart
    activities: Figure
    notes: list[str] = field(default_factory=list)
    handoffs: HandoffPart | None = None  # the hats' hand-offs (core/report/handoffs.py)
    insights: InsightsPart | None = None  # what customers said, and what answers it
    locale: str = "en_US"  # the owner's: numbers and dates (core/money.py, core/datefmt.py)
    left_out: list[str] = field(default_factory=list)  # "2 EUR deals not counted: no EUR rate"
    targets: TargetsPart | None = None  # the agreement's weekly targets, eight weeks
    marketing_ahead: MarketingAhead | None = None  # the next 13 weeks (horizons.py)
    sales_now: SalesNow | None = None  # this week and next

    @property
    def is_quiet(self) -> bool:
        """Nothing happened this week (the report says so instead of drawing empty charts)."""
        return not any((
            self.contacts.new_contacts.value, self.deals.created.value,
            self.deals.advanced.value, self.deals.won.value, self.deals.lost.value,
            self.touches.scheduled.value, self.spend.total.value, self.activities.value,
            self.tasks.total("done").value,
        ))
