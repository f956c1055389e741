"""Deal services: every write is one named, undoable step that also runs the task rules.

Won and Lost are terminal stages: entering one stamps `closed_at`; Lost needs a
reason, and "not now" keeps the deal as nurture and hands the contact to marketing's
nurture list. Leaving a terminal stage clears what it stamped.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sm_desk.core.clock import to_iso
from sm_desk.core.domain import VBANT
from sm_desk.core.store import Changes, Step, Store
from sm_desk.core.store.sales import first_open_stage_id
from sm_desk.core.store.tasks import me_id
from sm_desk.core.store.trash import delete_to_trash
from sm_desk.core.tasks import rules

EDITABLE = frozenset((
    "title", "contact_id", "company_id", "value_minor", "currency", "probability",
    "expected_close", "next_step", "next_step_due", "source_campaign_id", "owner_id", "notes",
    *VBANT,
))
# Contacts who get a deal become prospects; these lifecycles move up.
BEFORE_PROSPECT = ("subscriber", "lead", "nurture", "lost")
NOT_NOW = "Not now - keep nurturing"


class SalesError(ValueError):
    """A request the sales rules refuse, with a reason the user can read."""


def new_id(changes: Changes, table: str = "deals") -> int:
    """The id a create_* call wrote (the smallest, should a rule have written more)."""
    ids = changes.rows.get(table)
    if not ids:
        raise LookupError(f"nothing was written to {table}")
    return min(ids)


def _check(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - EDITABLE
    if unknown:
        raise SalesError(f"a deal has no field(s) {', '.join(sorted(unknown))}")
    clean = dict(fields)
    if "title" in clean:
        clean["title"] = str(clean["title"]).strip()
        if not clean["title"]:
            raise SalesError("a deal needs a title")
    if "value_minor" in clean and (not isinstance(clean["value_minor"], int)
                                   or clean["value_minor"] < 0):
        raise SalesError("the value must be a whole, non-negative amount of minor units")
    probability = clean.get("probability")
    if probability is not None and not 0 <= int(probability) <= 100:
        raise SalesError("a probability is between 0 and 100")
    for name in ("expected_close", "next_step_due"):
        if clean.get(name):
            try:
                date.fromisoformat(str(clean[name]))
            except ValueError as exc:
                raise SalesError(f"{clean[name]!r} is not a date (YYYY-MM-DD)") from exc
        elif name in clean:
            clean[name] = None
    for name in VBANT:
        if name in clean:
            clean[name] = int(bool(clean[name]))
    return clean


def _stage(store: Store, stage_id: int) -> dict[str, Any]:
    row = store.get("stages", stage_id)
    if row is None:
        raise SalesError(f"there is no stage {stage_id}")
    return row


def _first_open_stage(store: Store) -> int:
    stage_id = first_open_stage_id(store)
    if stage_id is None:
        raise SalesError("the pipeline has no open stage")
    return stage_id


def _set_lifecycle(step: Step, contact_id: int | None, lifecycle: str,
                   only_from: tuple[str, ...] | None = None) -> None:
    if contact_id is None:
        return
    contact = step.store.get("contacts", contact_id)
    if contact is None or contact["lifecycle"] == lifecycle:
        return
    if only_from is not None and contact["lifecycle"] not in only_from:
        return
    step.update("contacts", contact_id, {"lifecycle": lifecycle})
    rules.sync_contact(step, contact_id)


def _outcome_fields(store: Store, deal: dict[str, Any], stage_id: int, now: datetime,
                    lost_reason: str | None, nurture: bool) -> dict[str, Any]:
    """What entering `stage_id` stamps on the deal (closed_at, lost reason, nurture)."""
    outcome = _stage(store, stage_id)["outcome"]
    if outcome == "open":
        return {"closed_at": None, "lost_reason": None, "nurture": 0}
    was_closed = store.get("stages", deal["stage_id"]) if deal.get("stage_id") else None
    closed_at = deal.get("closed_at") if was_closed and was_closed["outcome"] == outcome else None
    if outcome == "won":
        return {"closed_at": closed_at or to_iso(now), "lost_reason": None, "nurture": 0}
    reason = (lost_reason or "").strip() or (NOT_NOW if nurture else "")
    if not reason:
        raise SalesError("say why the deal was lost")
    return {"closed_at": closed_at or to_iso(now), "lost_reason": reason,
            "nurture": int(nurture)}


def _after_outcome(step: Step, contact_id: int | None, outcome: str, nurture: bool) -> None:
    if outcome == "won":
        _set_lifecycle(step, contact_id, "customer")
    elif outcome == "lost" and nurture:
        _set_lifecycle(step, contact_id, "nurture", only_from=BEFORE_PROSPECT + ("prospect",))


def create_deal(store: Store, fields: dict[str, Any], now: datetime, *,
                stage_id: int | None = None, lost_reason: str | None = None,
                nurture: bool = False) -> Changes:
    """A new deal. With a contact and no company/campaign given, it takes the contact's."""
    clean = _check(fields)
    if "title" not in clean:
        raise SalesError("a deal needs a title")
    stage = stage_id if stage_id is not None else _first_open_stage(store)
    contact = store.get("contacts", clean["contact_id"]) if clean.get("contact_id") else None
    if clean.get("contact_id") and contact is None:
        raise SalesError("that contact no longer exists")
    if contact is not None:
        clean.setdefault("company_id", contact["company_id"])
        clean.setdefault("source_campaign_id", contact["source_campaign_id"])
    if "owner_id" not in clean and _works_alone(store):
        clean["owner_id"] = me_id(store)  # a one-person business: the owner's own deal
    stamp = to_iso(now)
    outcome = _stage(store, stage)["outcome"]
    with store.step("New deal") as step:
        values = {**clean, "stage_id": stage, "created_at": stamp, "updated_at": stamp,
                  **_outcome_fields(store, {}, stage, now, lost_reason, nurture)}
        deal_id = step.insert("deals", values)
        rules.sync_deal(step, deal_id)
        if contact is not None:
            _set_lifecycle(step, contact["id"], "prospect", only_from=BEFORE_PROSPECT)
            _after_outcome(step, contact["id"], outcome, nurture)
    return step.summary


def _works_alone(store: Store) -> bool:
    from sm_desk.core.profile import load_profile

    return load_profile(store).works_alone


def create_deal_from_contact(store: Store, contact_id: int, now: datetime,
                             title: str | None = None, value_minor: int = 0) -> Changes:
    """Marketing's hand-off in one action: a deal for a lead, attributed to its campaign."""
    contact = store.get("contacts", contact_id)
    if contact is None:
        raise SalesError("that contact no longer exists")
    name = f"{contact['first_name']} {contact['last_name']}".strip() or contact["email"] or ""
    return create_deal(store, {"title": title or f"Deal with {name}".strip(),
                               "contact_id": contact_id, "value_minor": value_minor}, now)


def update_deal(store: Store, deal_id: int, fields: dict[str, Any], now: datetime) -> Changes:
    clean = _check(fields)
    with store.step("Edit deal") as step:
        if step.update("deals", deal_id, {**clean, "updated_at": to_iso(now)}):
            rules.sync_deal(step, deal_id)
    return step.summary


def set_vbant(store: Store, deal_id: int, criterion: str, met: bool, now: datetime) -> Changes:
    if criterion not in VBANT:
        raise SalesError(f"{criterion!r} is not a VBANT criterion")
    with store.step(f"Tick {criterion.title()}" if met else f"Untick {criterion.title()}") as step:
        if step.update("deals", deal_id, {criterion: int(met), "updated_at": to_iso(now)}):
            rules.sync_deal(step, deal_id)
    return step.summary


def move_deal(store: Store, deal_id: int, stage_id: int, now: datetime, *,
              lost_reason: str | None = None, nurture: bool = False) -> Changes:
    """Move a deal to another stage (a card dragged on the board). Undo puts it back."""
    deal = store.get("deals", deal_id)
    if deal is None:
        raise SalesError("that deal no longer exists")
    stage = _stage(store, stage_id)
    values = {"stage_id": stage_id, "updated_at": to_iso(now),
              **_outcome_fields(store, deal, stage_id, now, lost_reason, nurture)}
    with store.step(f"Move deal to {stage['name']}") as step:
        if step.update("deals", deal_id, values):
            rules.sync_deal(step, deal_id)
            _after_outcome(step, deal["contact_id"], stage["outcome"], nurture)
    return step.summary


def delete_deal(store: Store, deal_id: int) -> Changes:
    with store.step("Delete deal") as step:
        delete_to_trash(step, "deals", deal_id)
        rules.sync_deal(step, deal_id)
    return step.summary


def _won_deal(store: Store, deal_id: int) -> dict[str, Any]:
    deal = store.get("deals", deal_id)
    if deal is None:
        raise SalesError("that deal no longer exists")
    if _stage(store, deal["stage_id"])["outcome"] != "won":
        raise SalesError("only a won deal can be invoiced or paid")
    return deal


def mark_invoiced(store: Store, deal_id: int, invoiced_on: date, due: date,
                  now: datetime) -> Changes:
    _won_deal(store, deal_id)
    if due < invoiced_on:
        raise SalesError("the payment cannot be due before the invoice date")
    with store.step("Mark invoiced") as step:
        step.update("deals", deal_id, {"invoiced_at": invoiced_on.isoformat(),
                                       "invoice_due": due.isoformat(),
                                       "updated_at": to_iso(now)})
        rules.sync_deal(step, deal_id)
    return step.summary


def mark_paid(store: Store, deal_id: int, paid_on: date, now: datetime) -> Changes:
    """Paid. A deal paid without an invoice on record counts as invoiced that day."""
    deal = _won_deal(store, deal_id)
    values: dict[str, Any] = {"paid_at": paid_on.isoformat(), "updated_at": to_iso(now)}
    if deal["invoiced_at"] is None:
        values.update(invoiced_at=paid_on.isoformat(), invoice_due=paid_on.isoformat())
    with store.step("Mark paid") as step:
        step.update("deals", deal_id, values)
        rules.sync_deal(step, deal_id)
    return step.summary
