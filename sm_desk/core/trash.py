"""Trash services: restore what was deleted last week, delete it for good, purge after
30 days. Deleting itself happens in each concern's service through
`sm_desk.core.store.trash.delete_to_trash`, inside that service's own step.

    entries = list_entries(store)
    result = restore(store, entries[0]["id"])   # one undoable step
    purge_expired(store, now_utc())              # at start-up
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sm_desk.core.store import Changes, Store
from sm_desk.core.store import trash as q
from sm_desk.core.store.trash import KEEP_DAYS, KINDS, Restored, TrashError
from sm_desk.core.store.undo import Row
from sm_desk.core.tasks import rules

__all__ = ["KEEP_DAYS", "KINDS", "Restored", "TrashError", "delete_forever", "list_entries",
           "purge_expired", "restore"]

_SYNC = {"touches": rules.sync_touch, "deals": rules.sync_deal, "contacts": rules.sync_contact}


def list_entries(store: Store) -> list[Row]:
    return q.entries(store)


def restore(store: Store, trash_id: int) -> Restored:
    """Put one entry back as it was (one undoable step). The boundary tasks that the
    delete cancelled reopen, since their touch, deal or contact is back."""
    entry = store.get("trash", trash_id)
    if entry is None:
        raise TrashError("that entry is no longer in the trash")
    noun = KINDS.get(entry["kind"], "item").lower()
    with store.step(f"Restore {noun} {entry['label']}") as step:
        result = q.restore(step, trash_id)
        for table, sync in _SYNC.items():
            for row_id in result.ids.get(table, ()):
                sync(step, row_id)
    return result


def delete_forever(store: Store, trash_ids: Sequence[int]) -> Changes:
    label = "Delete forever" if len(trash_ids) == 1 else f"Delete {len(trash_ids)} forever"
    with store.step(label) as step:
        q.delete_forever(step, list(trash_ids))
    return step.summary


def purge_expired(store: Store, now: datetime, days: int = KEEP_DAYS) -> int:
    """Drop entries deleted more than `days` ago (call at start-up). Returns how many."""
    if store.readonly:
        return 0
    ids = q.expired_ids(store, now, days)
    if ids:
        with store.step("Empty old trash", undoable=False) as step:
            q.delete_forever(step, ids)
    return len(ids)
