"""Editing the pipeline's stages: rename, reorder, add, remove (reassigning deals).

The stages dialog hands over the whole edited list at once; `save_stages` applies it
in one undoable step, so "Undo Edit stages" puts the pipeline back as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sm_desk.core.clock import to_iso
from sm_desk.core.domain import STAGE_OUTCOMES
from sm_desk.core.sales.deals import SalesError
from sm_desk.core.store import Changes, Store
from sm_desk.core.store import sales as queries
from sm_desk.core.tasks import rules


@dataclass
class StageEdit:
    """One row of the edited pipeline, in board order. id None: a new stage."""

    id: int | None
    name: str
    probability: int
    outcome: str = "open"


def _validate(edits: list[StageEdit]) -> None:
    if not edits:
        raise SalesError("the pipeline needs stages")
    names = [e.name.strip() for e in edits]
    if any(not n for n in names):
        raise SalesError("every stage needs a name")
    if len({n.casefold() for n in names}) != len(names):
        raise SalesError("two stages have the same name")
    for edit in edits:
        if edit.outcome not in STAGE_OUTCOMES:
            raise SalesError(f"{edit.outcome!r} is not a stage outcome")
        if not 0 <= edit.probability <= 100:
            raise SalesError(f"{edit.name}: a probability is between 0 and 100")
    for outcome in STAGE_OUTCOMES:
        if not any(e.outcome == outcome for e in edits):
            raise SalesError(f"the pipeline needs a stage whose outcome is '{outcome}'")


def save_stages(store: Store, edits: list[StageEdit], reassign: dict[int, int],
                now: datetime) -> Changes:
    """Make the stages equal `edits` (in order). A stage left out is removed; its deals
    move to `reassign[its id]` (an id kept in `edits`). Refuses rather than orphaning."""
    _validate(edits)
    kept = {e.id for e in edits if e.id is not None}
    current = {s["id"]: s for s in queries.stages(store)}
    if kept - set(current):
        raise SalesError("a stage was removed meanwhile; reopen the dialog")
    removed = [sid for sid in current if sid not in kept]
    counts = queries.stage_deal_counts(store)
    for sid in removed:
        if counts.get(sid) and reassign.get(sid) not in kept:
            raise SalesError(f"say where the deals of '{current[sid]['name']}' go")
    stamp = to_iso(now)
    with store.step("Edit stages") as step:
        for position, edit in enumerate(edits):
            values = {"name": edit.name.strip(), "position": position,
                      "probability": int(edit.probability), "outcome": edit.outcome}
            if edit.id is None:
                step.insert("stages", values)
            else:
                step.update("stages", edit.id, values)
        for sid in removed:
            target = reassign.get(sid)
            for deal_id in queries.deal_ids_in_stage(store, sid):
                step.update("deals", deal_id, {"stage_id": target, "updated_at": stamp})
                rules.sync_deal(step, deal_id)
            step.delete("stages", sid)
    return step.summary
