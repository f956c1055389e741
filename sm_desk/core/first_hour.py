"""The first hour: the few steps that get a new owner from an empty file to a working
desk, each ticked off by what the database holds (not by a click on the checklist)."""

from __future__ import annotations

from dataclasses import dataclass

from sm_desk.core.store import Store
from sm_desk.core.store.first_hour import steps_done

HIDDEN_KEY = "first_hour_hidden"


@dataclass(frozen=True, slots=True)
class FirstStep:
    key: str
    label: str
    why: str
    done: bool


STEPS = (
    ("contacts", "Import your contacts (CSV, vCard, LinkedIn)",
     "The people both hats work with: campaigns target them, deals are with them."),
    ("deal", "Add your first deal",
     "One-to-one: who is about to buy, for how much, and the next step."),
    ("campaign", "Plan your first campaign",
     "One-to-many: a newsletter, an event or a post, on the calendar months ahead."),
    ("assessment", "Take the self-assessment",
     "Five minutes: which hat you wear well, and what to hand to a helper."),
)


def first_steps(store: Store) -> list[FirstStep]:
    done = steps_done(store)
    return [FirstStep(key, label, why, done[key]) for key, label, why in STEPS]


def checklist_hidden(store: Store) -> bool:
    """Hidden by the owner, or nothing left to do."""
    return bool(store.setting(HIDDEN_KEY, False)) or all(s.done for s in first_steps(store))


def hide_checklist(store: Store) -> None:
    with store.step("Hide the getting-started list") as step:
        step.set_setting(HIDDEN_KEY, True)
