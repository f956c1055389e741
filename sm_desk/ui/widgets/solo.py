"""Solo by default: when the profile says the owner works alone, what the owner makes is
the owner's (a new deal's owner, a new task's assignee) instead of "nobody"."""

from __future__ import annotations

from sm_desk.core.profile import load_profile
from sm_desk.core.store import Store
from sm_desk.core.store.tasks import me_id


def solo_owner(store: Store) -> int | None:
    """The owner's person id for a one-person business; None with helpers."""
    return me_id(store) if load_profile(store).works_alone else None
