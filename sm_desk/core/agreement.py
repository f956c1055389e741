"""The sales-marketing agreement (seed 002): the contract between the two hats.

Stored as one JSON setting; every rule that needs a threshold reads it from here.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
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

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Agreement:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)


def load_agreement(store: Store) -> Agreement:
    return Agreement.from_dict(store.setting("agreement", {}) or {})


# Boundary tasks whose due date counts from the follow-up time.
FOLLOW_UP_RULES = ("event.follow_up_leads", "newsletter.reply", "deal.thank_you",
                   "deal.add_to_nurture", "lead.first_contact")


def save_agreement(store: Store, agreement: Agreement) -> Changes:
    """Save the agreement; it takes effect at once. A new follow-up time moves the due
    dates of the open tasks that count from it, in the same (undoable) step."""
    before = load_agreement(store)
    with store.step("Change agreement") as step:
        step.set_setting("agreement", asdict(agreement))
        if before.follow_up_hours != agreement.follow_up_hours:
            _resync_follow_ups(store, step)
    return step.summary


def _resync_follow_ups(store: Store, step: Step) -> None:
    from sm_desk.core.store.agreement import open_rule_origins
    from sm_desk.core.tasks import rules

    sync = {"touch": rules.sync_touch, "deal": rules.sync_deal, "contact": rules.sync_contact}
    for origin_type, origin_id in open_rule_origins(store, FOLLOW_UP_RULES):
        if origin_type in sync:
            sync[origin_type](step, origin_id)
