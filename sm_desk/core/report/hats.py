"""Hat balance from the work itself: hours per week on one scale for both hats.

Marketing (one-to-many): every touch marked done in the week, weighted by its kind's
usual effort (a newsletter to 2,000 people is a couple of hours of writing, not
2,000 conversations); every campaign set up (created) in the week; every completed
marketing task. Sales (one-to-one): every logged call, meeting and email, and every
completed sales task. Each counts the hours in the agreement's effort table
(`Agreement.effort`, defaults in `agreement.DEFAULT_EFFORT_HOURS`, editable).
Unclassified tasks and notes count for neither hat.

The dashboard, the weekly report and the assessment history all read this one
function, so the three never disagree.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from sm_desk.core.agreement import Agreement, load_agreement
from sm_desk.core.domain import MARKETING, SALES, TOUCH_KIND_LABELS
from sm_desk.core.profile import load_profile
from sm_desk.core.report.touches import occurrences
from sm_desk.core.report.weeks import Week
from sm_desk.core.store import Store
from sm_desk.core.store import work as queries

EXPLAINED = ("Hours of work done, estimated: each touch done, campaign set up, call, meeting, "
             "email and completed task counts its usual effort (editable in the Agreement).")
ACTIVITY_LABELS = {"call": "Calls", "meeting": "Meetings", "email": "Emails"}


@dataclass(frozen=True)
class WorkLine:
    """One kind of work: which hat, what, how many, and the hours they count for."""

    hat: str
    label: str
    count: int
    hours: float


@dataclass(frozen=True)
class HatHours:
    week: Week
    lines: tuple[WorkLine, ...]

    def _hours(self, hat: str) -> float:
        return round(sum(line.hours for line in self.lines if line.hat == hat), 2)

    @property
    def sales(self) -> float:
        return self._hours(SALES)

    @property
    def marketing(self) -> float:
        return self._hours(MARKETING)

    @property
    def total(self) -> float:
        return round(self.sales + self.marketing, 2)

    @property
    def sales_share(self) -> float | None:
        return None if self.total <= 0 else self.sales / self.total

    @property
    def start(self) -> date:
        return self.week.start


def share_of(weeks: tuple[HatHours, ...] | list[HatHours]) -> float | None:
    """The sales share of several weeks' hours together (None: no work at all)."""
    sales = sum(w.sales for w in weeks)
    total = sales + sum(w.marketing for w in weeks)
    return None if total <= 0 else sales / total


def hat_hours(store: Store, week: Week, agreement: Agreement | None = None,
              done_kinds: Counter[str] | None = None) -> HatHours:
    """The hours each hat got in `week` (begun on whatever day the week object says).
    `done_kinds`: the week's done touches by kind, when the caller has them already."""
    agreement = agreement or load_agreement(store)
    start, end = week.start_utc, week.end_utc
    lines: list[WorkLine] = []

    done = done_kinds if done_kinds is not None else Counter(
        o.kind for o in occurrences(store, start, end) if o.status == "done")
    for kind, n in sorted(done.items(), key=lambda item: (-item[1], item[0])):
        lines.append(WorkLine(MARKETING, f"{TOUCH_KIND_LABELS.get(kind, kind)} done", n,
                              n * agreement.effort(f"touch:{kind}")))
    campaigns = queries.campaigns_created(store, start, end)
    if campaigns:
        lines.append(WorkLine(MARKETING, "Campaigns set up", campaigns,
                              campaigns * agreement.effort("campaign")))
    activities = queries.activities_by_kind(store, start, end)
    for kind, label in ACTIVITY_LABELS.items():
        if activities.get(kind):
            n = activities[kind]
            lines.append(WorkLine(SALES, label, n, n * agreement.effort(f"activity:{kind}")))
    tasks = queries.tasks_done_by_function(store, start, end)
    for hat in (MARKETING, SALES):
        if tasks.get(hat):
            n = tasks[hat]
            lines.append(WorkLine(hat, f"{hat.capitalize()} tasks done", n,
                                  n * agreement.effort(f"task:{hat}")))
    return HatHours(week, tuple(lines))


def hat_weeks(store: Store, last: Week, count: int,
              agreement: Agreement | None = None) -> tuple[HatHours, ...]:
    """`count` weeks ending with `last`, oldest first."""
    agreement = agreement or load_agreement(store)
    weeks = [last.shift(-n) for n in range(count - 1, -1, -1)]
    done = [o for o in occurrences(store, weeks[0].start_utc, last.end_utc)
            if o.status == "done"]  # one expansion for all the weeks
    return tuple(hat_hours(store, week, agreement, Counter(
        o.kind for o in done if week.start_utc <= o.starts_at < week.end_utc)) for week in weeks)


def owner_week(store: Store, day: date) -> Week:
    """The week holding `day`, begun on the business profile's first day of the week."""
    return Week.containing(day, int(load_profile(store).week_start))
