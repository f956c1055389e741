"""Another CRM's pipeline stages on SM Desk's: a proposal for each foreign stage and the
choices the user made, remembered per source system (setting 'crm_stage_map')."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sm_desk.core.store import Step, Store
from sm_desk.core.store import crm_import as q

SETTING = "crm_stage_map"
_WON = re.compile(r"\bwon\b|closedwon|\bgewonnen\b|\bgagn", re.IGNORECASE)
_LOST = re.compile(r"\blost\b|closedlost|\bverloren\b|\bperdu", re.IGNORECASE)


@dataclass
class Proposal:
    foreign: str
    stage_id: int | None  # None: nothing obvious; the user chooses
    why: str  # 'remembered', 'same name', 'won', 'lost', 'status', ''
    deals: int = 0


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def remembered(store: Store, system: str) -> dict[str, int]:
    saved: dict[str, Any] = store.setting(SETTING, {}) or {}
    known = {s["id"] for s in q.stages(store)}
    return {k: int(v) for k, v in dict(saved.get(system, {})).items() if int(v) in known}


def propose(store: Store, system: str, foreign: Mapping[str, int]) -> list[Proposal]:
    """One proposal per foreign stage name (with its number of deals), in file order."""
    stages = q.stages(store)
    saved = remembered(store, system)
    by_name = {_key(s["name"]): s["id"] for s in stages}
    won = next((s["id"] for s in stages if s["outcome"] == "won"), None)
    lost = next((s["id"] for s in stages if s["outcome"] == "lost"), None)
    out = []
    for name, count in foreign.items():
        key = _key(name)
        if key in saved:
            out.append(Proposal(name, saved[key], "remembered", count))
        elif key in by_name:
            out.append(Proposal(name, by_name[key], "same name", count))
        elif _WON.search(name) and won is not None:
            out.append(Proposal(name, won, "won", count))
        elif _LOST.search(name) and lost is not None:
            out.append(Proposal(name, lost, "lost", count))
        else:
            out.append(Proposal(name, None, "", count))
    return out


def fallback(store: Store) -> int:
    """Where a deal goes whose stage nobody mapped: the first open stage."""
    stages = q.stages(store)
    return int(next((s["id"] for s in stages if s["outcome"] == "open"), stages[0]["id"]))


def outcome_stages(store: Store) -> dict[str, int]:
    """'won'/'lost' -> the first stage with that outcome."""
    out: dict[str, int] = {}
    for s in q.stages(store):
        out.setdefault(str(s["outcome"]), int(s["id"]))
    return out


def remember(step: Step, system: str, choices: Iterable[tuple[str, int]]) -> None:
    saved: dict[str, Any] = dict(step.store.setting(SETTING, {}) or {})
    mine = dict(saved.get(system, {}))
    mine.update({_key(name): int(stage_id) for name, stage_id in choices})
    saved[system] = mine
    step.set_setting(SETTING, saved)
