"""Storing results, reading their history, and applying a result's suggestions."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sm_desk.core.agreement import Agreement, load_agreement
from sm_desk.core.assessment.advice import Advice, Suggestion, advise, apply_to_agreement
from sm_desk.core.assessment.scoring import Result, needs_level_for, verdict_for
from sm_desk.core.clock import now_utc, to_iso
from sm_desk.core.domain import Assessment
from sm_desk.core.store import Changes, Store
from sm_desk.core.store import assessment as queries

if TYPE_CHECKING:
    from sm_desk.core.report.hats import HatHours


def save_result(store: Store, result: Result, now: datetime | None = None,
                replace_id: int | None = None) -> tuple[int, Changes]:
    """Store `result` with its answers (one undoable step). `replace_id` rewrites a result
    stored earlier in the same sitting, so going back and changing an answer keeps one row."""
    values = {
        "taken_at": to_iso(now or now_utc()),
        "answers": json.dumps(result.answers, sort_keys=True),
        "sales_score": result.sales_score,
        "marketing_score": result.marketing_score,
        "needs_score": result.needs_score,
        "verdict": result.verdict,
        "needs_level": result.needs_level,
    }
    with store.step("Save self-assessment") as step:
        if replace_id is not None and store.get("assessments", replace_id) is not None:
            step.update("assessments", replace_id, values)
            row_id = replace_id
        else:
            row_id = queries.insert_result(step, values)
    return row_id, step.summary


def history(store: Store) -> list[Assessment]:
    return [Assessment.from_row(r) for r in queries.results(store)]


def history_with_work(store: Store) -> list[tuple[Assessment, HatHours]]:
    """Each stored result beside the hours each hat got in the week it was taken (the
    dashboard's and the report's hat balance: core/report/hats.py)."""
    from sm_desk.core.clock import from_iso
    from sm_desk.core.report.hats import hat_hours, owner_week

    agreement = load_agreement(store)
    return [(row, hat_hours(store, owner_week(store, from_iso(row.taken_at).astimezone().date()),
                            agreement)) for row in history(store)]


def latest(store: Store) -> Assessment | None:
    row = queries.latest_result(store)
    return None if row is None else Assessment.from_row(row)


def has_assessment(store: Store) -> bool:
    return queries.assessment_count(store) > 0


def result_of(assessment: Assessment) -> Result:
    """A stored row back as a Result (for advice on an older result)."""
    return Result(
        answers=dict(json.loads(assessment.answers or "{}")),
        sales_score=assessment.sales_score, marketing_score=assessment.marketing_score,
        needs_score=assessment.needs_score,
        verdict=assessment.verdict or verdict_for(assessment.sales_score,
                                                  assessment.marketing_score),
        needs_level=assessment.needs_level or needs_level_for(assessment.needs_score))


def advice_for(store: Store, result: Result, agreement: Agreement | None = None) -> Advice:
    return advise(result, agreement or load_agreement(store), queries.helpers(store),
                  queries.open_unassigned_by_rule(store))


@dataclass(frozen=True)
class Applied:
    """What applying advice did: the step's changes, tasks handed over, tasks re-dated.
    Applying advice never cancels or completes a task."""

    changes: Changes
    assigned: int = 0
    redated: int = 0

    @property
    def text(self) -> str:
        return (f"Applied: {self.assigned} open task{'s' if self.assigned != 1 else ''} "
                f"handed over, {self.redated} re-dated; none cancelled or completed.")


def apply_suggestions(store: Store, suggestions: Sequence[Suggestion]) -> Changes:
    """Apply the chosen suggestions in ONE undoable step (see apply_advice)."""
    return apply_advice(store, suggestions).changes


def apply_advice(store: Store, suggestions: Sequence[Suggestion]) -> Applied:
    """Apply the chosen suggestions in ONE undoable step: the agreement's settings, and
    the open unassigned tasks of every rule that gets a default assignee. A new
    follow-up time re-dates rule-made tasks; no task is cancelled or completed."""
    if not suggestions:
        return Applied(Changes())
    from sm_desk.core.agreement import save_agreement_counted

    agreement = apply_to_agreement(load_agreement(store), suggestions)
    assigned = 0
    with store.step("Apply assessment advice") as step:
        _, redated = save_agreement_counted(store, agreement)  # joins this step
        for suggestion in suggestions:
            if suggestion.kind != "assignee":
                continue
            for task_id in queries.open_unassigned_ids(store, [suggestion.name]):
                if step.update("tasks", task_id, {"assignee_id": int(suggestion.value)}):
                    assigned += 1
    return Applied(step.summary, assigned, redated)
