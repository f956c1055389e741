"""Timings of the Sales workspace for the benchmark (`sm_desk.bench` PROBES).

Each probe takes the database path and a number of runs and returns milliseconds per
run, timed from the action to the end of the repaint. Also runnable on its own:
`python -m sm_desk.ui.sales.bench DB [RUNS]` prints the medians.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

FILTERS = ("pro", "", "team xu", "", "website package", "")


def _settle() -> None:
    from PySide6.QtCore import QCoreApplication

    for _ in range(3):
        QCoreApplication.sendPostedEvents()
        QCoreApplication.processEvents()


def _context(db: Path) -> Any:
    from PySide6.QtWidgets import QApplication

    from sm_desk.core.store import Store
    from sm_desk.ui.context import AppContext

    QApplication.instance() or QApplication([])
    return AppContext(Store.open(db))


def _timed(action: Callable[[], Any]) -> float:
    started = time.perf_counter()
    action()
    _settle()
    return (time.perf_counter() - started) * 1000


def bench_open(db: Path, runs: int) -> list[float]:
    """Build the Sales page (board, forecast, collections) and paint it, per run."""
    from sm_desk.ui.sales.page import SalesPage

    ctx = _context(db)
    samples = []
    pages: list[Any] = []
    try:
        for _ in range(runs + 1):
            def open_page() -> None:
                page = SalesPage(ctx)
                page.resize(1400, 860)
                page.show()
                page.repaint()
                pages.append(page)
            samples.append(_timed(open_page))
            pages[-1].close()
            pages[-1].deleteLater()
            _settle()
    finally:
        ctx.store.close()
    return samples[1:]  # the first run also pays for imports and caches


def bench_table_first_show(db: Path, runs: int) -> list[float]:
    """Switch to the Table tab the first time: read the ids in order, the first page of
    rows, the totals, and paint."""
    from sm_desk.ui.sales.page import TABLE_TAB, SalesPage

    ctx = _context(db)
    samples = []
    try:
        for _ in range(runs):
            page = SalesPage(ctx)
            page.resize(1400, 860)
            page.show()
            _settle()

            def show_table(page: SalesPage = page) -> None:
                page.tabs.setCurrentIndex(TABLE_TAB)
                page.table.view.viewport().repaint()
            samples.append(_timed(show_table))
            page.close()
            page.deleteLater()
    finally:
        ctx.store.close()
    return samples


def bench_filter(db: Path, runs: int) -> list[float]:
    """Type a search, tick Stalled, pick a stage: each change asks SQL for the ids kept."""
    from sm_desk.ui.sales.page import TABLE_TAB, SalesPage

    ctx = _context(db)
    page = SalesPage(ctx)
    page.resize(1400, 860)
    page.show()
    page.tabs.setCurrentIndex(TABLE_TAB)
    _settle()
    table = page.table
    actions: list[Callable[[], None]] = []
    for text in FILTERS:
        actions.append(partial(table.search.setText, text))
    actions += [lambda: table.stalled.setChecked(True), lambda: table.stalled.setChecked(False),
                lambda: table.stage.setCurrentIndex(2), lambda: table.stage.setCurrentIndex(0),
                lambda: table.closing.setChecked(True), lambda: table.closing.setChecked(False)]
    samples = []
    try:
        for run in range(runs):
            action = actions[run % len(actions)]

            def filter_and_paint(action: Callable[[], None] = action) -> None:
                action()
                table.view.viewport().repaint()
            samples.append(_timed(filter_and_paint))
    finally:
        page.close()
        ctx.store.close()
    return samples


def main(argv: list[str]) -> int:
    db = Path(argv[1]) if len(argv) > 1 else Path("/tmp/large_sales.db")
    runs = int(argv[2]) if len(argv) > 2 else 7
    for label, probe, target in (("open Sales page", bench_open, 100.0),
                                 ("filter table", bench_filter, 50.0),
                                 ("first show of Table tab", bench_table_first_show, None)):
        samples = probe(db, runs)
        median = statistics.median(samples)
        goal = f" (target < {target:g} ms)" if target else ""
        print(f"{label}: median {median:.1f} ms of {len(samples)}{goal}; "
              f"runs {', '.join(f'{s:.0f}' for s in samples)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
