"""Changing the agreement takes effect at once: follow-up due dates move, undo puts them back."""

from __future__ import annotations

from datetime import date

from sm_desk.core.agreement import load_agreement, save_agreement
from sm_desk.core.store import Store
from sm_desk.core.tasks.rules import sync_touch
from tests.touch_rows import timed

DAY = date(2026, 11, 23)


def test_new_follow_up_time_moves_open_follow_up_tasks(store: Store) -> None:
    with store.step("Add newsletter") as step:
        touch = step.insert("touches", {
            "title": "Winter newsletter", "kind": "newsletter", **timed("2026-11-24T09:00:00Z"),
            "uid": "n1", "created_at": "2026-11-01T09:00:00Z", "updated_at": "2026-11-01T09:00:00Z"})
        sync_touch(step, touch, DAY)
    reply = store.query_one("SELECT id, due FROM tasks WHERE rule = 'newsletter.reply'")
    assert reply is not None and reply["due"] == "2026-11-26"  # 48 h after the 24th
    agreement = load_agreement(store)
    agreement.follow_up_hours = 24
    save_agreement(store, agreement)
    assert store.get("tasks", reply["id"])["due"] == "2026-11-25"
    store.undo()
    assert load_agreement(store).follow_up_hours == 48
    assert store.get("tasks", reply["id"])["due"] == "2026-11-26"
