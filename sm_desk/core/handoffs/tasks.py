"""The boundary task of the hand-off protocol: 'handoff.overdue'.

A hand-off that sales has not answered (accepted or returned) within the agreement's
follow_up_hours becomes a sales task on the lead ("Answer the hand-off: accept or
return the lead"), one per hand-off (origin_key = the hand-off's id), due the day the
follow-up time ran out. Answering the hand-off marks the task done; a withdrawn
hand-off cancels it. core/tasks/rules.py calls these from sync_contact and sync_all.

"Past the follow-up time" is measured against the moment the sync runs: now, when it
runs for the real today; the start of the day, when a caller names another day (tests,
`sm-desk tasks --sync` for a given date), so the result does not depend on the clock.
"""

from __future__ import annotations

from datetime import date, datetime

from sm_desk.core.agreement import load_agreement
from sm_desk.core.clock import from_iso, local_midnight_utc, now_utc
from sm_desk.core.clock import today as local_today
from sm_desk.core.handoffs.handoff import deadline
from sm_desk.core.store import Store
from sm_desk.core.store import handoffs as q
from sm_desk.core.tasks.rules import Want, Wants

RULE = "handoff.overdue"


def cutoff(day: date) -> datetime:
    return now_utc() if day == local_today() else from_iso(local_midnight_utc(day))


def overdue_wants(store: Store, contact_id: int, day: date) -> Wants:
    """The 'handoff.overdue' tasks one lead calls for on `day`."""
    hours = load_agreement(store).follow_up_hours
    moment = cutoff(day)
    wants: Wants = {}
    for handoff in q.handoffs_of(store, contact_id):
        key = str(handoff["id"])
        if handoff["status"] != "open":
            wants[(RULE, key)] = Want(None, done=True, create=False)
            continue
        due = deadline(str(handoff["handed_at"]), hours)
        if due < moment:
            wants[(RULE, key)] = Want(due.astimezone().date().isoformat())
    return wants


def overdue_contact_ids(store: Store, day: date) -> list[int]:
    """Leads with an open hand-off past its follow-up time and no task for it yet
    (sync_all's cheap check: open hand-offs are few)."""
    hours = load_agreement(store).follow_up_hours
    moment = cutoff(day)
    have = q.overdue_task_keys(store)
    return sorted({int(h["contact_id"]) for h in q.open_handoffs(store)
                   if str(h["id"]) not in have and deadline(str(h["handed_at"]), hours) < moment})
