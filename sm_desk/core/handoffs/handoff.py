"""The lead hand-off protocol (seed 002: the agreement "standardize[s] lead definitions.
It also sets a protocol for lead management"). See the package docstring for how a
lead carries VBANT before it is a deal.

States of a lead, from its latest hand-off:
- 'new': a lead with no qualification ticks yet;
- 'qualifying': some ticks, not (yet) what the agreement requires;
- 'ready': handed over, waiting for sales ("Ready for sales");
- 'overdue': ready, and the agreement's follow-up time has run out;
- 'accepted': sales took it and a deal exists;
- 'returned': sales gave it back with a reason.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from sm_desk.core.agreement import load_agreement
from sm_desk.core.clock import from_iso, to_iso
from sm_desk.core.domain import VBANT
from sm_desk.core.sales.deals import create_deal_from_contact, new_id, update_deal
from sm_desk.core.store import Changes, Step, Store
from sm_desk.core.store import handoffs as q
from sm_desk.core.tasks import rules

RETURN_REASONS = {"not_fit": "Not a fit", "not_now": "Not now", "bad_data": "Bad data"}
# Where a returned lead goes: not now -> marketing's nurture segment; not a fit -> lost;
# bad data stays a lead for marketing to correct and hand over again.
RETURN_LIFECYCLE = {"not_fit": "lost", "not_now": "nurture", "bad_data": None}
KEEP_LIFECYCLE = ("customer",)  # a return never demotes a customer
STATE_LABELS = {"new": "New lead", "qualifying": "Qualifying", "ready": "Ready for sales",
                "overdue": "Ready, overdue", "accepted": "Accepted",
                "returned": "Returned"}


class HandoffError(ValueError):
    """A hand-off step the protocol refuses, with a reason the user can read."""


def meets_definition(qualification: Mapping[str, Any] | None, requires: Sequence[str]) -> bool:
    """True when every criterion the agreement requires is ticked."""
    if qualification is None:
        return False
    return all(bool(qualification.get(name)) for name in requires if name in VBANT)


def deadline(handed_at: str, follow_up_hours: int) -> datetime:
    return from_iso(handed_at) + timedelta(hours=int(follow_up_hours))


def _lead(store: Store, contact_id: int) -> dict[str, Any]:
    contact = store.get("contacts", contact_id)
    if contact is None:
        raise HandoffError("that contact no longer exists")
    return contact


def _open_handoff(store: Store, contact_id: int) -> dict[str, Any] | None:
    return next((h for h in q.handoffs_of(store, contact_id) if h["status"] == "open"), None)


def _insert_handoff(step: Step, contact_id: int, now: datetime) -> int:
    stamp = to_iso(now)
    return step.insert("handoffs", {"contact_id": contact_id, "handed_at": stamp,
                                    "status": "open", "created_at": stamp, "updated_at": stamp})


def set_lead_qualification(store: Store, contact_id: int, values: Mapping[str, bool],
                           now: datetime) -> Changes:
    """Tick or untick VBANT criteria on a lead. When the ticks newly meet the agreement's
    definition the lead is handed over (ready for sales); when they stop meeting it
    before sales answered, the hand-off is withdrawn."""
    unknown = set(values) - set(VBANT)
    if unknown:
        raise HandoffError(f"not VBANT criteria: {', '.join(sorted(unknown))}")
    _lead(store, contact_id)
    requires = load_agreement(store).qualified_lead_requires
    before = q.qualification(store, contact_id)
    after = {name: int(bool(values.get(name, before[name] if before else 0))) for name in VBANT}
    label = "Qualify lead"
    if len(values) == 1:
        name, met = next(iter(values.items()))
        label = f"{'Tick' if met else 'Untick'} {name.title()} on lead"
    with store.step(label) as step:
        if before is None:
            step.insert("lead_qualifications", {"contact_id": contact_id, **after,
                                                "updated_at": to_iso(now)})
        else:
            step.update("lead_qualifications", before["id"], {**after, "updated_at": to_iso(now)})
        was, now_meets = meets_definition(before, requires), meets_definition(after, requires)
        open_handoff = _open_handoff(store, contact_id)
        accepted = any(h["status"] == "accepted" for h in q.handoffs_of(store, contact_id))
        if now_meets and not was and open_handoff is None and not accepted:
            _insert_handoff(step, contact_id, now)
        elif not now_meets and open_handoff is not None:
            step.delete("handoffs", open_handoff["id"])
        rules.sync_contact(step, contact_id, now.astimezone().date())
    return step.summary


def set_lead_vbant(store: Store, contact_id: int, criterion: str, met: bool,
                   now: datetime) -> Changes:
    return set_lead_qualification(store, contact_id, {criterion: met}, now)


def hand_over(store: Store, contact_id: int, now: datetime) -> Changes:
    """Hand a qualified lead to sales (again, after a return for bad data or not now)."""
    _lead(store, contact_id)
    agreement = load_agreement(store)
    if not meets_definition(q.qualification(store, contact_id),
                            agreement.qualified_lead_requires):
        needed = ", ".join(n.title() for n in agreement.qualified_lead_requires)
        raise HandoffError(f"the agreement hands over a lead when {needed} are ticked")
    if _open_handoff(store, contact_id) is not None:
        raise HandoffError("this lead is already waiting for sales")
    with store.step("Hand lead to sales") as step:
        _insert_handoff(step, contact_id, now)
        rules.sync_contact(step, contact_id, now.astimezone().date())
    return step.summary


def _waiting(store: Store, handoff_id: int) -> dict[str, Any]:
    handoff = store.get("handoffs", handoff_id)
    if handoff is None:
        raise HandoffError("that hand-off no longer exists")
    if handoff["status"] != "open":
        raise HandoffError(f"this lead was already {handoff['status']}")
    return handoff


def accept_handoff(store: Store, handoff_id: int, now: datetime, title: str | None = None,
                   value_minor: int = 0) -> Changes:
    """Sales takes the lead: a deal is created for it (its source campaign kept) with the
    lead's VBANT ticks, in one undoable step."""
    handoff = _waiting(store, handoff_id)
    contact_id = int(handoff["contact_id"])
    qualification = q.qualification(store, contact_id)
    with store.step("Accept lead") as step:
        # answered first, so the deal's own task sync sees no hand-off waiting
        step.update("handoffs", handoff_id, {"status": "accepted", "answered_at": to_iso(now),
                                             "updated_at": to_iso(now)})
        deal_id = new_id(create_deal_from_contact(store, contact_id, now, title, value_minor))
        ticks = {name: int(qualification[name]) for name in VBANT} if qualification else {}
        if any(ticks.values()):
            update_deal(store, deal_id, ticks, now)
        step.update("handoffs", handoff_id, {"deal_id": deal_id})
        rules.sync_contact(step, contact_id, now.astimezone().date())
    return step.summary


def return_handoff(store: Store, handoff_id: int, reason: str, now: datetime,
                   note: str = "") -> Changes:
    """Sales gives the lead back: not a fit, not now (to nurture) or bad data."""
    if reason not in RETURN_REASONS:
        raise HandoffError(f"say why: {', '.join(RETURN_REASONS.values()).lower()}")
    handoff = _waiting(store, handoff_id)
    contact_id = int(handoff["contact_id"])
    contact = _lead(store, contact_id)
    lifecycle = RETURN_LIFECYCLE[reason]
    with store.step(f"Return lead: {RETURN_REASONS[reason].lower()}") as step:
        step.update("handoffs", handoff_id, {
            "status": "returned", "answered_at": to_iso(now), "return_reason": reason,
            "note": note.strip(), "updated_at": to_iso(now)})
        if lifecycle and contact["lifecycle"] not in KEEP_LIFECYCLE:
            step.update("contacts", contact_id, {"lifecycle": lifecycle})
        rules.sync_contact(step, contact_id, now.astimezone().date())
    return step.summary


def lead_state(row: Mapping[str, Any], now: datetime, follow_up_hours: int) -> str:
    status = row.get("handoff_status")
    if status == "open":
        late = deadline(str(row["handed_at"]), follow_up_hours) < now
        return "overdue" if late else "ready"
    if status in ("accepted", "returned"):
        return str(status)
    if any(row.get(name) for name in VBANT):
        return "qualifying"
    return "new"


def state_text(row: Mapping[str, Any]) -> str:
    """'Returned: not now', 'Qualifying 1/2', 'Ready for sales'."""
    state = str(row["state"])
    if state == "returned" and row.get("return_reason"):
        return f"Returned: {RETURN_REASONS.get(str(row['return_reason']), '').lower()}"
    return STATE_LABELS[state]


def leads(store: Store, now: datetime, ids: Sequence[int] | None = None) -> list[dict[str, Any]]:
    """Marketing's leads and every contact ever handed over, each with its state, VBANT
    score and best segment rank (None: no ranked segment)."""
    agreement = load_agreement(store)
    hours = agreement.follow_up_hours
    rows = q.lead_rows(store, ids)
    for row in rows:
        row["vbant"] = sum(int(row.get(name) or 0) for name in VBANT)
        row["state"] = lead_state(row, now, hours)
        row["state_text"] = state_text(row)
        row["deadline"] = (to_iso(deadline(row["handed_at"], hours))
                           if row["handoff_status"] == "open" else None)
    return rows


def ready_count(store: Store) -> int:
    return q.open_handoff_count(store)
