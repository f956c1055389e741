"""Timings of the Tasks view for the benchmark (`python -m sm_desk.bench`, PROBES):
opening the page from nothing to the end of its repaint, on the large demo (30,000 tasks).

    python -m sm_desk.ui.tasks.bench /tmp/large_tasks.db [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _window(db: Path) -> tuple[Any, Any]:
    from PySide6.QtWidgets import QApplication

    from sm_desk.core.store import Store
    from sm_desk.ui.context import AppContext
    from sm_desk.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    window = MainWindow(AppContext(Store.open(db)))
    window.backup_on_close = False  # a probe is not a day's work to keep
    window.show()
    _settle()
    wait_for_start_up(window)
    return app, window


def wait_for_start_up(window: Any, timeout: float = 120.0) -> None:
    """Let the start-up work finish first (the dashboard reads its figures in a thread
    for a second or two on the xlarge demo): the probe times the Tasks view, not that."""
    dashboard = window._pages.get("dashboard")
    deadline = time.monotonic() + timeout
    while dashboard is not None and time.monotonic() < deadline and (
            dashboard.data is None or getattr(dashboard, "_builder", None) is not None
            and dashboard._builder.running):
        _settle()
        time.sleep(0.01)


def _settle() -> None:
    from PySide6.QtCore import QCoreApplication

    for _ in range(3):
        QCoreApplication.processEvents()
        QCoreApplication.sendPostedEvents()


def _open_once(window: Any) -> float:
    """Build the Tasks page afresh, show it and repaint: what the first click costs."""
    old = window._pages.pop("tasks", None)
    if old is not None:
        window.stack.removeWidget(old)
        old.deleteLater()
    window.show_workspace("dashboard")
    _settle()
    started = time.perf_counter()
    page = window.show_workspace("tasks")
    page.repaint()
    _settle()
    return (time.perf_counter() - started) * 1000


def open_view_timings(db: Path, runs: int = 7) -> list[float]:
    """Milliseconds to open the Tasks view, `runs` times (after one warm-up)."""
    _app, window = _window(db)
    try:
        _open_once(window)  # warm-up: imports and SQLite's page cache
        return [_open_once(window) for _ in range(runs)]
    finally:
        window.close()


def refresh_timings(db: Path, runs: int = 7) -> list[float]:
    """Milliseconds for the page to recount and repaint after a change (one keystroke)."""
    _app, window = _window(db)
    try:
        page = window.show_workspace("tasks")
        _settle()
        samples = []
        for _ in range(runs + 1):
            started = time.perf_counter()
            page.refresh()
            page.repaint()
            _settle()
            samples.append((time.perf_counter() - started) * 1000)
        return samples[1:]
    finally:
        window.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("db", type=Path)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    from sm_desk.core.store import Store

    store = Store.open(args.db)
    tasks = store.counts()["tasks"]
    store.close()
    opened = open_view_timings(args.db, args.runs)
    refreshed = refresh_timings(args.db, args.runs)
    print(f"{tasks:,} tasks, median of {args.runs}")
    print(f"open Tasks view: {statistics.median(opened):.1f} ms "
          f"(min {min(opened):.1f}, max {max(opened):.1f}; target < 100 ms)")
    print(f"refresh after a change: {statistics.median(refreshed):.1f} ms "
          f"(min {min(refreshed):.1f}, max {max(refreshed):.1f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
