"""What a result means for this business, and the concrete changes the app can make.

Pure functions: the service hands in the helpers, the agreement and the open task
counts; nothing here reads the database.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sm_desk.core.agreement import Agreement
from sm_desk.core.assessment.scoring import (
    BALANCED_MARGIN,
    NEEDS_PHRASES,
    VERDICT_LABELS,
    Result,
)
from sm_desk.core.tasks.rules import function_of

# The boundary tasks (seed 004's cracks) by the rule that creates them.
RULE_LABELS = {
    "event.staff_booth": "Staff the event booth",
    "event.follow_up_leads": "Follow up booth leads",
    "blog.answer_comments": "Answer blog comments",
    "send.confirm_delivery": "Confirm gifts and mailings arrived",
    "newsletter.reply": "Reply to newsletter responses",
    "lead.first_contact": "First contact with a new lead",
    "deal.invoice": "Send the invoice",
    "deal.thank_you": "Thank the customer",
    "deal.next_step": "Decide a deal's next step",
    "deal.collect_payment": "Collect an overdue payment",
    "deal.add_to_nurture": "Add a 'not now' lead to nurture",
}
# The chores a helper can take over. Whose chore each one is comes from the one table
# the task rules use (tasks.rules.function_of: one-to-one is sales, one-to-many is
# marketing), so the advice and the Tasks view never disagree ("Staff the booth" is
# marketing in both).
DELEGABLE_RULES = ("blog.answer_comments", "newsletter.reply", "send.confirm_delivery",
                   "deal.add_to_nurture", "event.staff_booth", "deal.invoice",
                   "deal.collect_payment", "deal.thank_you")


def chores_of(side: str) -> tuple[str, ...]:
    """The delegable chores that belong to `side` (sales or marketing)."""
    return tuple(rule for rule in DELEGABLE_RULES if function_of(rule) == side)


HANDOFF_RULES = {side: chores_of(side) for side in ("marketing", "sales")}
# A business that needs little personal selling can hand first contact to a helper too.
LOW_NEED_EXTRA_SALES_RULES = ("lead.first_contact",)
# Balanced owners still lose the admin chores on busy weeks.
BALANCED_HANDOFF_RULES = ("send.confirm_delivery", "deal.invoice")

# The share of hat time that should go to sales, by how much selling the business needs.
SALES_SHARE_BY_NEED = {"low": 0.35, "medium": 0.5, "high": 0.65}
TOUCHES_TARGET_BY_NEED = {"low": 4, "medium": 3, "high": 2}
DEALS_TARGET_BY_NEED = {"low": 2, "medium": 3, "high": 5}
FAST_FOLLOW_UP_HOURS = 24


@dataclass(frozen=True)
class Suggestion:
    """One change the result proposes. kind: 'assignee' (name = rule, value = person id),
    'target' (name = weekly target key), 'hat_share' or 'follow_up_hours'."""

    key: str
    kind: str
    name: str
    value: Any
    label: str


@dataclass(frozen=True)
class Advice:
    starving: str | None
    headline: str
    points: tuple[str, ...]
    handoff_rules: tuple[str, ...]
    suggestions: tuple[Suggestion, ...] = field(default_factory=tuple)


def pick_helper(people: Sequence[Mapping[str, Any]], side: str | None) -> Mapping[str, Any] | None:
    """The active helper (or agency) whose strengths include `side`: a helper only ever
    gets work of their strength (None: nobody fits; the advice then says so)."""
    candidates = [p for p in people if p["kind"] in ("helper", "agency") and p.get("active", 1)
                  and side in (p.get("strengths") or [])]
    if not candidates:
        return None

    def rank(person: Mapping[str, Any]) -> tuple[int, int]:
        return (0 if person["kind"] == "helper" else 1, int(person["id"]))

    return sorted(candidates, key=rank)[0]


def _headline(result: Result) -> str:
    label = VERDICT_LABELS[result.verdict]
    gap = abs(result.gap)
    if result.weaker_side is None:
        return (f"{label}: your sales and marketing scores are within {BALANCED_MARGIN:g} points "
                f"of each other ({gap:g} apart).")
    return (f"{label}: {gap:g} points apart, more than the {BALANCED_MARGIN:g}-point margin "
            f"for 'balanced'. Your {result.weaker_side} half is likely getting too little.")


def _points(result: Result) -> list[str]:
    need, weaker = result.needs_level, result.weaker_side
    points = [f"Your business needs {NEEDS_PHRASES[need]} one-to-one selling: "
              f"{result.needs_score:g} of 100 ({need}), from its price, tangibility, "
              f"competition, length of purchase and sign-offs."]
    if weaker == "sales" and need == "high":
        points.append("This is the risky combination: your business lives on personal "
                      "conversations, and they are the half you put off. Block time for "
                      "follow-ups and hand the paperwork of selling to a helper.")
    elif weaker == "sales":
        points.append("Your marketing can carry much of the selling, but leads still go cold "
                      "without a follow-up. Hand the routine sales chores to a helper.")
    elif weaker == "marketing" and need == "low":
        points.append("This is the risky combination: your customers buy with little "
                      "conversation, so they must hear from you regularly. Keep the "
                      "newsletter and posts on a schedule, and hand the replies to a helper.")
    elif weaker == "marketing":
        points.append("Your conversations bring the money in now; without steady messages "
                      "to many, the pipeline dries up in a few months. Set a weekly touch "
                      "target and hand the marketing chores to a helper.")
    else:
        points.append("Watch the hat balance on the dashboard: a busy month tends to push one "
                      "half aside without anyone deciding it.")
    return points


def _handoff_rules(result: Result) -> tuple[str, ...]:
    weaker = result.weaker_side
    if weaker is None:
        return BALANCED_HANDOFF_RULES
    rules: tuple[str, ...] = HANDOFF_RULES[weaker]
    if weaker == "sales" and result.needs_level == "low":
        rules = rules + LOW_NEED_EXTRA_SALES_RULES
    return rules


def advise(result: Result, agreement: Agreement, people: Sequence[Mapping[str, Any]],
           open_unassigned: Mapping[str, int] | None = None) -> Advice:
    """The advice for `result`, with the suggestions that would change something."""
    open_unassigned = open_unassigned or {}
    weaker = result.weaker_side
    rules = _handoff_rules(result)
    points = _points(result)
    suggestions: list[Suggestion] = []
    nobody: dict[str, list[str]] = {}
    for rule in rules:
        side = function_of(rule)
        helper = pick_helper(people, side)
        if helper is None:
            nobody.setdefault(side, []).append(RULE_LABELS[rule])
            continue
        if agreement.default_assignees.get(rule) == helper["id"]:
            continue
        count = open_unassigned.get(rule, 0)
        now = f" (and the {count} open unassigned now)" if count else ""
        suggestions.append(Suggestion(
            f"assignee:{rule}", "assignee", rule, int(helper["id"]),
            f"Give '{RULE_LABELS[rule]}' tasks to {helper['name']} by default{now}"))
    for side, labels in nobody.items():
        points.append(f"Add a helper or an agency strong at {side} under People to hand "
                      f"these tasks to: {', '.join(labels)}.")
    share = SALES_SHARE_BY_NEED[result.needs_level]
    if abs(agreement.hat_target_sales_share - share) > 1e-9:
        suggestions.append(Suggestion(
            "hat_share", "hat_share", "hat_target_sales_share", share,
            f"Aim for {share:.0%} of your hat time on sales (this business's need is "
            f"{result.needs_level})"))
    targets = agreement.targets
    if weaker in ("marketing", None):
        touches = TOUCHES_TARGET_BY_NEED[result.needs_level]
        if targets.get("touches_sent", 0) < touches:
            suggestions.append(Suggestion(
                "target:touches_sent", "target", "touches_sent", touches,
                f"Set the weekly target for touches sent to {touches}"))
    if weaker in ("sales", None):
        deals = DEALS_TARGET_BY_NEED[result.needs_level]
        if targets.get("deals_advanced", 0) < deals:
            suggestions.append(Suggestion(
                "target:deals_advanced", "target", "deals_advanced", deals,
                f"Set the weekly target for deals advanced to {deals}"))
    if weaker == "sales" and result.needs_level == "high" \
            and agreement.follow_up_hours > FAST_FOLLOW_UP_HOURS:
        suggestions.append(Suggestion(
            "follow_up_hours", "follow_up_hours", "follow_up_hours", FAST_FOLLOW_UP_HOURS,
            f"Contact new leads within {FAST_FOLLOW_UP_HOURS} hours "
            f"(now {agreement.follow_up_hours})"))
    return Advice(weaker, _headline(result), tuple(points), rules, tuple(suggestions))


def apply_to_agreement(agreement: Agreement, suggestions: Sequence[Suggestion]) -> Agreement:
    """A copy of `agreement` with the suggestions' settings applied."""
    changed = copy.deepcopy(agreement)
    for suggestion in suggestions:
        if suggestion.kind == "assignee":
            changed.default_assignees[suggestion.name] = int(suggestion.value)
        elif suggestion.kind == "target":
            changed.targets[suggestion.name] = int(suggestion.value)
        elif suggestion.kind == "hat_share":
            changed.hat_target_sales_share = float(suggestion.value)
        elif suggestion.kind == "follow_up_hours":
            changed.follow_up_hours = int(suggestion.value)
        else:
            raise ValueError(f"unknown suggestion kind {suggestion.kind!r}")
    return changed
