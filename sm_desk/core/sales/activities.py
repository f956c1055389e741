"""The activity log: calls, emails, meetings and notes on a deal or a contact.

Logging one moves the deal's `last_activity_at` and the contact's `last_touched_at`
forward (never back: an activity logged late for last week does not hide this week's).
"""

from __future__ import annotations

from datetime import datetime

from sm_desk.core.clock import to_iso
from sm_desk.core.domain import ACTIVITY_KINDS
from sm_desk.core.sales.deals import SalesError
from sm_desk.core.store import Changes, Store
from sm_desk.core.tasks import rules

ACTIVITY_LABELS = {"call": "Call", "email": "Email", "meeting": "Meeting", "note": "Note"}


def log_activity(store: Store, kind: str, summary: str, at: datetime, now: datetime, *,
                 deal_id: int | None = None, contact_id: int | None = None) -> Changes:
    if kind not in ACTIVITY_KINDS:
        raise SalesError(f"{kind!r} is not an activity (call, email, meeting, note)")
    if deal_id is None and contact_id is None:
        raise SalesError("an activity belongs to a deal or a contact")
    deal = store.get("deals", deal_id) if deal_id is not None else None
    if deal_id is not None and deal is None:
        raise SalesError("that deal no longer exists")
    if contact_id is None and deal is not None:
        contact_id = deal["contact_id"]
    contact = store.get("contacts", contact_id) if contact_id is not None else None
    when = to_iso(at)
    with store.step(f"Log {ACTIVITY_LABELS[kind].lower()}") as step:
        step.insert("activities", {"kind": kind, "at": when, "summary": summary.strip(),
                                   "deal_id": deal_id, "contact_id": contact_id,
                                   "created_at": to_iso(now)})
        if deal is not None and (deal["last_activity_at"] or "") < when:
            step.update("deals", deal["id"], {"last_activity_at": when})
            rules.sync_deal(step, deal["id"])
        if contact is not None and (contact["last_touched_at"] or "") < when:
            step.update("contacts", contact["id"], {"last_touched_at": when})
            rules.sync_contact(step, contact["id"])
    return step.summary
