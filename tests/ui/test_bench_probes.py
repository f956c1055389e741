"""The benchmark's search and timeline probes run (on the small demo, once each)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sm_desk import bench
from sm_desk.core.clock import now_utc, to_iso
from sm_desk.core.store import Store
from sm_desk.core.store.timeline import entries
from tests.conftest import FIXED_TODAY


def test_search_and_timeline_probes(qapp, qsettings, tmp_path: Path,  # type: ignore[no-untyped-def]
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from sm_desk.core.demo import generate_demo

    db = tmp_path / "small.db"
    store = Store.open(db)
    generate_demo(store, "small", today=FIXED_TODAY)
    store.close()
    monkeypatch.setattr(bench, "SEARCH_WORD", "price")
    assert len(bench.search_first_results(db, 1)) == 1
    contact = bench.give_one_contact_a_long_story(db)
    store = Store.open(db)
    try:
        story = entries(store, "contact", contact, now=to_iso(now_utc()), limit=10_000)
        assert len(story) == bench.LONG_STORY
    finally:
        store.close()
    assert bench.give_one_contact_a_long_story(db) == contact  # once only
    assert len(bench.timeline_open(db, 1)) == 1


def test_first_open_and_memory_probes(qapp, qsettings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Every workspace gets a first-open figure; the memory probe opens every view
    (the deal table, each calendar view, a built report) in its own process."""
    from sm_desk.core.demo import generate_demo
    from sm_desk.ui.workspaces import WORKSPACES

    db = tmp_path / "small.db"
    store = Store.open(db)
    generate_demo(store, "small", today=FIXED_TODAY)
    store.close()
    figures = bench.bench_first_open(db, 1)
    assert [f["figure"] for f in figures] == [f"first open of {w.label}" for w in WORKSPACES]
    assert all(isinstance(f["ms"], float) and f["ms"] > 0 for f in figures)
    memory = bench.app_memory(db)
    assert str(memory["value"]).endswith(" MB") and int(str(memory["value"]).split()[0]) > 30
