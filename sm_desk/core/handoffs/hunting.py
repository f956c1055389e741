"""Hunting grounds: marketing ranks the segments (contact tags) sales should hunt in
first, each with a one-line reason (seed 000: marketing directs the organisation
"toward the segments ... where the company can profitably compete").

A lead's segment priority is the best rank among its tags (1 = hunt first); a lead
with no ranked tag has none and sorts last. The best leads to call today: leads
(lifecycle 'lead') in a ranked segment with no call, email or meeting in the last
QUIET_DAYS days, best segment first, then those waiting as "ready for sales", then
the most qualified (VBANT ticks), then the newest.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from sm_desk.core.clock import local_midnight_utc, to_iso
from sm_desk.core.store import Changes, Store
from sm_desk.core.store import handoffs as q

QUIET_DAYS = 7
BEST_LEADS = 5
MAX_REASON = 160


class HuntingError(ValueError):
    """A ranking that cannot be saved."""


def segments(store: Store) -> list[dict[str, Any]]:
    """Every segment: ranked ones first (rank, reason), then the others by name."""
    return q.segments(store)


def rank_segments(store: Store, ranking: Sequence[tuple[int, str]], now: datetime) -> Changes:
    """Make `ranking` [(tag_id, reason), ...] the whole ranking, first = rank 1. Tags
    left out are unranked. One undoable step."""
    tag_ids = [int(tag_id) for tag_id, _ in ranking]
    if len(set(tag_ids)) != len(tag_ids):
        raise HuntingError("a segment can be ranked only once")
    for tag_id in tag_ids:
        if store.get("tags", tag_id) is None:
            raise HuntingError(f"there is no segment {tag_id}")
    stamp = to_iso(now)
    existing = {r["tag_id"]: r for r in q.priority_rows(store)}
    with store.step("Rank segments") as step:
        for tag_id, old in existing.items():
            if tag_id not in tag_ids:
                step.delete("segment_priorities", old["id"])
        for position, (tag_id, reason) in enumerate(ranking, start=1):
            text = " ".join(str(reason).split())[:MAX_REASON]
            row = existing.get(int(tag_id))
            if row is None:
                step.insert("segment_priorities", {"tag_id": int(tag_id), "rank": position,
                                                   "reason": text, "updated_at": stamp})
            elif row["rank"] != position or row["reason"] != text:
                step.update("segment_priorities", row["id"], {"rank": position, "reason": text,
                                                              "updated_at": stamp})
    return step.summary


def current_ranking(store: Store) -> list[tuple[int, str]]:
    return [(int(r["tag_id"]), str(r["reason"])) for r in q.priority_rows(store)]


def move_segment(store: Store, tag_id: int, delta: int, now: datetime) -> Changes:
    """Move a ranked segment up (delta -1) or down (+1) the ranking."""
    ranking = current_ranking(store)
    index = next((i for i, (t, _) in enumerate(ranking) if t == tag_id), None)
    if index is None:
        raise HuntingError("that segment is not ranked")
    target = max(0, min(len(ranking) - 1, index + delta))
    if target == index:
        return Changes()
    item = ranking.pop(index)
    ranking.insert(target, item)
    return rank_segments(store, ranking, now)


def set_ranked(store: Store, tag_id: int, ranked: bool, now: datetime,
               reason: str = "") -> Changes:
    """Rank a segment (last, with a reason) or take it out of the ranking."""
    ranking = [item for item in current_ranking(store) if item[0] != tag_id]
    if ranked:
        ranking.append((tag_id, reason))
    return rank_segments(store, ranking, now)


def set_reason(store: Store, tag_id: int, reason: str, now: datetime) -> Changes:
    ranking = current_ranking(store)
    if not any(t == tag_id for t, _ in ranking):
        raise HuntingError("rank the segment before giving a reason")
    return rank_segments(store, [(t, reason if t == tag_id else r) for t, r in ranking], now)


def best_leads(store: Store, today: date, limit: int = BEST_LEADS,
               quiet_days: int = QUIET_DAYS) -> list[dict[str, Any]]:
    """Who to call today, from the hunting grounds (see the module docstring)."""
    quiet_since = local_midnight_utc(today - timedelta(days=quiet_days - 1))
    return q.best_lead_rows(store, quiet_since, limit)
