"""The demo business is realistic and deterministic; the core stays free of Qt."""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from sm_desk.core.demo import generate_demo
from sm_desk.core.store import Store


def snapshot(store: Store) -> list[object]:
    return [store.query(f"SELECT * FROM {t} ORDER BY id") for t in
            ("contacts", "deals", "touches", "tasks")]


def test_demo_is_deterministic_for_seed_and_day() -> None:
    stores = [Store.memory() for _ in range(3)]
    generate_demo(stores[0], seed=7, today=date(2026, 3, 2))
    time.sleep(1.1)  # the clock moves on: nothing of it may show in the demo
    generate_demo(stores[1], seed=7, today=date(2026, 3, 2))
    generate_demo(stores[2], seed=8, today=date(2026, 3, 2))
    assert snapshot(stores[0]) == snapshot(stores[1])
    assert snapshot(stores[0]) != snapshot(stores[2])


def test_small_demo_has_something_for_every_view(demo_store: Store) -> None:
    counts = demo_store.counts()
    assert counts["contacts"] == 200 and counts["campaigns"] == 15 and counts["deals"] == 60
    # dated around the fixed day: last week's report and next weeks' calendar are not empty
    assert demo_store.scalar("SELECT count(*) FROM touches WHERE starts_at "
                             "BETWEEN '2026-11-16' AND '2026-11-23'") > 0
    assert demo_store.scalar("SELECT count(*) FROM touches WHERE starts_at > '2026-11-23'") > 0
    assert demo_store.scalar("SELECT count(*) FROM tasks WHERE assignee_id IS NULL "
                             "AND status = 'open'") > 0
    assert demo_store.scalar("SELECT count(*) FROM deals WHERE closed_at IS NOT NULL") > 0
    assert demo_store.scalar("SELECT count(*) FROM touches WHERE rrule IS NOT NULL") == 2
    assert demo_store.integrity_problems() == []


def test_importing_the_core_loads_no_qt() -> None:
    code = ("import sys, sm_desk.core.store, sm_desk.core.demo, sm_desk.core.agreement, "
            "sm_desk.core.store.backup, sm_desk.cli\n"
            "import pkgutil, importlib, sm_desk.core as c\n"
            "for m in pkgutil.walk_packages(c.__path__, 'sm_desk.core.'): "
            "importlib.import_module(m.name)\n"
            "print(sorted(n for n in sys.modules if n.startswith(('PySide6', 'shiboken'))))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=Path(__file__).parents[2], check=True)
    assert result.stdout.strip() == "[]"
