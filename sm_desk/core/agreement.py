"""The sales-marketing agreement (seed 002): the contract between the two hats.

Stored as one JSON setting; every rule that needs a threshold reads it from here.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any

from sm_desk.core.store import Changes, Step, Store
from sm_desk.core.store.schema import DEFAULT_AGREEMENT


@dataclass
class Agreement:
    qualified_lead_requires: list[str] = field(
        default_factory=lambda: list(DEFAULT_AGREEMENT["qualified_lead_requires"]))
    follow_up_hours: int = int(DEFAULT_AGREEMENT["follow_up_hours"])
    stalled_after_days: int = int(DEFAULT_AGREEMENT["stalled_after_days"])
    targets: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_AGREEMENT["targets"]))
    hat_target_sales_share: float = float(DEFAULT_AGREEMENT["hat_target_sales_share"])
    # rule name -> person id: who gets each kind of boundary task by default
    default_assignees: dict[str, int] = field(default_factory=dict)
    # work kind -> hours it usually takes (only what differs from DEFAULT_EFFORT_HOURS)
    effort_hours: dict[str, float] = field(default_factory=dict)

    def effort(self, key: str) -> float:
        """Hours one piece of work of `key` ("touch:newsletter", "activity:call", "task:sales",
        "campaign") counts for in the hat balance."""
        value = self.effort_hours.get(key, DEFAULT_EFFORT_HOURS.get(key, 0.0))
        return max(0.0, float(value))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Agreement:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)


# What one piece of work usually costs the owner, in hours: the hat balance's scale.
# One-to-many work is weighed by its making (a newsletter to 2,000 people is one
# newsletter to write), one-to-one work by the conversation.
DEFAULT_EFFORT_HOURS: dict[str, float] = {
    "touch:blog_post": 3.0, "touch:newsletter": 2.0, "touch:social_post": 0.5,
    "touch:event": 6.0, "touch:mailing": 2.0, "touch:gift": 1.0, "touch:ad": 1.0,
    "touch:webinar": 4.0, "touch:press": 2.0,
    "campaign": 2.0,  # setting a campaign up
    "activity:call": 0.5, "activity:meeting": 1.0, "activity:email": 0.25,
    "task:sales": 0.5, "task:marketing": 0.5,
}


def load_agreement(store: Store) -> Agreement:
    return Agreement.from_dict(store.setting("agreement", {}) or {})


# Boundary tasks whose due date counts from the follow-up time.
FOLLOW_UP_RULES = ("event.follow_up_leads", "newsletter.reply", "deal.thank_you",
                   "deal.add_to_nurture", "lead.first_contact")


def save_agreement(store: Store, agreement: Agreement) -> Changes:
    """Save the agreement; it takes effect at once (see save_agreement_counted)."""
    return save_agreement_counted(store, agreement)[0]


def save_agreement_counted(store: Store, agreement: Agreement) -> tuple[Changes, int]:
    """Save the agreement in one (undoable) step; returns the changes and how many open
    tasks were re-dated. A new follow-up time moves the due dates of the open rule-made
    tasks that count from it, by the difference: nothing is cancelled or completed, and
    tasks made by hand are left alone."""
    before = load_agreement(store)
    moved = 0
    with store.step("Change agreement") as step:
        step.set_setting("agreement", asdict(agreement))
        shift = _days(agreement.follow_up_hours) - _days(before.follow_up_hours)
        if shift:
            moved = _redate_follow_ups(store, step, shift)
    return step.summary, moved


def _days(hours: int) -> int:
    """Whole days a follow-up time puts a due date after its trigger's day (rules.py)."""
    return int(hours) // 24


def _redate_follow_ups(store: Store, step: Step, shift: int) -> int:
    from sm_desk.core.store.agreement import open_rule_tasks

    moved = 0
    for row in open_rule_tasks(store, FOLLOW_UP_RULES):
        due = date.fromisoformat(str(row["due"])[:10]) + timedelta(days=shift)
        if step.update("tasks", int(str(row["id"])), {"due": due.isoformat()}):
            moved += 1
    return moved
