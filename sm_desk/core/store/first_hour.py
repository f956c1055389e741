"""What the first-hour checklist asks of the database: whether each first step is done."""

from __future__ import annotations

from sm_desk.core.store.database import Store

# key -> an EXISTS probe (cheap on a big file): the step counts as done once it holds.
PROBES = {
    "contacts": "SELECT EXISTS (SELECT 1 FROM contacts)",
    "deal": "SELECT EXISTS (SELECT 1 FROM deals)",
    "campaign": "SELECT EXISTS (SELECT 1 FROM campaigns)",
    "assessment": "SELECT EXISTS (SELECT 1 FROM assessments)",
}


# What an empty view checks before it says what goes there.
HOLDS = {**PROBES, "task": "SELECT EXISTS (SELECT 1 FROM tasks WHERE status = 'open')"}


def steps_done(store: Store) -> dict[str, bool]:
    return {key: bool(store.scalar(sql)) for key, sql in PROBES.items()}


def holds(store: Store, what: str) -> bool:
    """Whether the database holds any `what` ('contacts', 'deal', 'campaign', 'task')."""
    return bool(store.scalar(HOLDS[what]))
