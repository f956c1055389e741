"""The weekly report's hand-off and insight figures (see core/handoffs/).

Definitions:
- Handed over: hand-offs made in the week. Accepted / returned: answered in the week
  (the reasons of the returns listed). Waiting / overdue: not answered at the week's
  end; overdue when the agreement's follow-up time had run out by then.
- Time to first contact: for the week's hand-offs, from the hand-off to the first
  call, email or meeting with that contact before the week's end; the median in
  hours, and how many were contacted within the agreement's follow-up time.
- Insights: heard in the week, grouped by kind and tag (an insight counts in each of
  its tags), most heard first; "last 90 days" ends with the week; a line is
  unanswered when one of its insights this week has no campaign or touch answering it
  (praise never is: it needs no answer).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import timedelta
from statistics import median

from sm_desk.core.agreement import load_agreement
from sm_desk.core.clock import from_iso, local_midnight_utc
from sm_desk.core.handoffs.handoff import RETURN_REASONS, deadline
from sm_desk.core.handoffs.insights import INSIGHT_KIND_LABELS, NEEDS_NO_ANSWER, answer_label
from sm_desk.core.report.model import Figure, Named
from sm_desk.core.report.weeks import Week
from sm_desk.core.store import Store
from sm_desk.core.store import handoffs as q

TOP_INSIGHTS = 10


@dataclass(frozen=True)
class ReturnedLead:
    contact: str
    reason: str
    note: str


@dataclass(frozen=True)
class HandoffPart:
    handed_over: Figure
    accepted: Figure
    returned: Figure
    return_reasons: list[Named]
    returned_leads: list[ReturnedLead]
    waiting: int  # unanswered at the week's end
    overdue: int  # of those, past the follow-up time
    contacted: int  # of the week's hand-offs, contacted by the week's end
    within_agreement: int  # contacted within the follow-up time
    median_hours: float | None  # to first contact, this week's hand-offs
    previous_median_hours: float | None
    follow_up_hours: int


@dataclass(frozen=True)
class InsightLine:
    kind: str  # label, e.g. "Objection"
    tag: str
    this_week: int
    last_90: int
    unanswered: bool
    answered_by: str  # the latest answer's label, '' when none
    quote: str  # the newest quote this week
    deal: str  # the deal it came from ('' when none)


@dataclass(frozen=True)
class InsightsPart:
    logged: Figure
    top: list[InsightLine]

    @property
    def unanswered(self) -> list[InsightLine]:
        return [line for line in self.top if line.unanswered]


def _hours_to_first_contact(store: Store, week: Week) -> list[float]:
    handed = q.handoffs_between(store, "handed_at", week.start_utc, week.end_utc)
    firsts = q.first_contacts(store, [h["id"] for h in handed], week.end_utc)
    return [(from_iso(firsts[h["id"]]) - from_iso(h["handed_at"])).total_seconds() / 3600
            for h in handed if h["id"] in firsts]


def handoff_part(store: Store, week: Week) -> HandoffPart:
    prev = week.previous()
    hours = load_agreement(store).follow_up_hours

    def counts(w: Week) -> tuple[int, int, int, Counter[str]]:
        handed = len(q.handoffs_between(store, "handed_at", w.start_utc, w.end_utc))
        answered = q.handoffs_between(store, "answered_at", w.start_utc, w.end_utc)
        returned = [h for h in answered if h["status"] == "returned"]
        reasons = Counter(RETURN_REASONS.get(str(h["return_reason"]), "(no reason)")
                          for h in returned)
        return handed, sum(h["status"] == "accepted" for h in answered), len(returned), reasons

    this, before = counts(week), counts(prev)
    reasons = sorted((Named(name, Figure(n, before[3].get(name, 0)))
                      for name, n in this[3].items()),
                     key=lambda n: (-n.figure.value, n.name))
    answered = q.handoffs_between(store, "answered_at", week.start_utc, week.end_utc)
    returned_leads = [ReturnedLead(str(h["contact"]), RETURN_REASONS.get(
        str(h["return_reason"]), ""), str(h["note"] or "")) for h in answered
        if h["status"] == "returned"]
    end = from_iso(week.end_utc)
    waiting = q.open_at(store, week.end_utc)
    overdue = sum(deadline(str(h["handed_at"]), hours) < end for h in waiting)
    spans, previous = _hours_to_first_contact(store, week), _hours_to_first_contact(store, prev)
    return HandoffPart(
        handed_over=Figure(this[0], before[0]), accepted=Figure(this[1], before[1]),
        returned=Figure(this[2], before[2]), return_reasons=reasons,
        returned_leads=returned_leads, waiting=len(waiting), overdue=overdue,
        contacted=len(spans), within_agreement=sum(s <= hours for s in spans),
        median_hours=median(spans) if spans else None,
        previous_median_hours=median(previous) if previous else None,
        follow_up_hours=int(hours))


def insights_part(store: Store, week: Week) -> InsightsPart:
    prev = week.previous()
    this = q.insight_rows(store, since=week.start_utc, until=week.end_utc, limit=10000)
    before = q.insight_rows(store, since=prev.start_utc, until=prev.end_utc, limit=10000)
    logged = Figure(len(this), len(before))
    since_90 = local_midnight_utc(week.end - timedelta(days=90))
    window = q.insight_rows(store, since=since_90, until=week.end_utc, limit=50000)

    def keys(row: dict[str, object]) -> list[tuple[str, str]]:
        tags = [t.strip() for t in str(row["tags"] or "").split(",") if t.strip()]
        return [(str(row["kind"]), tag) for tag in tags or [""]]

    last_90 = Counter(key for row in window for key in keys(row))
    groups: dict[tuple[str, str], list[dict[str, object]]] = {}
    for row in this:  # newest first
        for key in keys(row):
            groups.setdefault(key, []).append(row)
    lines = []
    for (kind, tag), rows in groups.items():
        answers = [answer_label(r) for r in rows if answer_label(r)]
        newest = rows[0]
        lines.append(InsightLine(
            INSIGHT_KIND_LABELS.get(kind, kind), tag, len(rows), last_90[(kind, tag)],
            kind not in NEEDS_NO_ANSWER and any(not answer_label(r) for r in rows),
            answers[0] if answers else "",
            str(newest["quote"]), str(newest["deal"] or "")))
    lines.sort(key=lambda line: (-line.this_week, -line.last_90, not line.unanswered,
                                 line.kind, line.tag))
    return InsightsPart(logged, lines[:TOP_INSIGHTS])
