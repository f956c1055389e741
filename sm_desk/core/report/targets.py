"""The agreement's four weekly targets, tracked: this week's progress and eight weeks' trend.

One definition each, the weekly report's (compute.py):
- leads: contacts created in the week that are not mere subscribers;
- deals advanced: deals whose stage moved forward over the week, or won in it;
- touches sent: touch occurrences in the week marked done (series expanded by the
  calendar, each in its own zone);
- revenue: deals won in the week, in the home currency at the week's last day (deals
  in a currency with no rate are left out, as in the report).
The dashboard and the report read `track_targets`, so they show the same figures.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sm_desk.core.agreement import Agreement, load_agreement
from sm_desk.core.fx import Rates, Tally
from sm_desk.core.profile import load_profile
from sm_desk.core.report.touches import occurrences
from sm_desk.core.report.weeks import Week
from sm_desk.core.store import Store
from sm_desk.core.store import report as queries

TREND_WEEKS = 8
# agreement target key -> label; the order they show in
TARGETS = {"leads_created": "New leads", "deals_advanced": "Deals advanced",
           "touches_sent": "Touches sent", "revenue_won_minor": "Revenue won"}
MONEY_TARGETS = frozenset({"revenue_won_minor"})


@dataclass(frozen=True)
class TargetLine:
    key: str
    label: str
    target: int  # per week; 0 = no target set
    weeks: tuple[int, ...]  # the trend, oldest first; the last is this week

    @property
    def actual(self) -> int:
        return self.weeks[-1] if self.weeks else 0

    @property
    def money(self) -> bool:
        return self.key in MONEY_TARGETS

    @property
    def progress(self) -> float | None:
        """This week's share of the target (None: no target set)."""
        return None if self.target <= 0 else self.actual / self.target

    @property
    def weeks_met(self) -> int:
        return 0 if self.target <= 0 else sum(v >= self.target for v in self.weeks)


@dataclass(frozen=True)
class TargetsPart:
    weeks: tuple[Week, ...]  # oldest first
    lines: tuple[TargetLine, ...]

    def line(self, key: str) -> TargetLine:
        return next(line for line in self.lines if line.key == key)


def advanced_in(week: Week, log: Sequence[Mapping[str, Any]], closed: Sequence[Mapping[str, Any]],
                stages: Mapping[int, Mapping[str, Any]]) -> int:
    """Deals advanced in `week`: first stage left vs last stage reached moved forward (a
    move there and back is none; Lost never is), plus deals won in the week."""
    moves: dict[int, tuple[int, int]] = {}
    for row in log:
        if week.start_utc <= row["at"] < week.end_utc:
            first = moves.get(row["deal_id"], (row["from_stage_id"], 0))[0]
            moves[row["deal_id"]] = (first, row["to_stage_id"])
    forward = set()
    for deal_id, (first, last) in moves.items():
        old, new = stages.get(first), stages.get(last)
        if old and new and new["outcome"] != "lost" and new["position"] > old["position"]:
            forward.add(deal_id)
    forward |= {r["id"] for r in closed if r["outcome"] == "won"
                and week.start_utc <= r["closed_at"] < week.end_utc}
    return len(forward)


def track_targets(store: Store, last: Week, agreement: Agreement | None = None,
                  count: int = TREND_WEEKS) -> TargetsPart:
    """Each target's figure for the `count` weeks ending with `last` (oldest first)."""
    agreement = agreement or load_agreement(store)
    weeks = tuple(last.shift(-n) for n in range(count - 1, -1, -1))
    start, end = weeks[0].start_utc, last.end_utc
    stages = {int(s["id"]): s for s in queries.stages(store)}
    log = queries.stage_changes_since(store, start)
    closed = queries.closed_deals(store, start, end)
    done = [o.starts_at for o in occurrences(store, start, end) if o.status == "done"]
    rates = Rates.load(store, load_profile(store).currency)
    values: dict[str, list[int]] = {key: [] for key in TARGETS}
    for week in weeks:
        a, b = week.start_utc, week.end_utc
        values["leads_created"].append(
            sum(int(r["leads"] or 0) for r in queries.new_contacts(store, a, b)))
        values["deals_advanced"].append(advanced_in(week, log, closed, stages))
        values["touches_sent"].append(sum(a <= at < b for at in done))
        tally = Tally()
        for r in closed:
            if r["outcome"] == "won" and a <= r["closed_at"] < b:
                tally.add(r["currency"], r["value_minor"])
        values["revenue_won_minor"].append(rates.total(tally, week.end - timedelta(days=1)).minor)
    return TargetsPart(weeks, tuple(
        TargetLine(key, label, int(agreement.targets.get(key, 0) or 0), tuple(values[key]))
        for key, label in TARGETS.items()))
