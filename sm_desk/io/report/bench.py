"""Benchmark: the weekly report of a database, rendered to PDF, step by step.

    python -m sm_desk.io.report.bench /tmp/large_report.db [2026-W47]

(make the file with `python -m sm_desk demo --db /tmp/large_report.db --size large`).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from sm_desk.core.report import Week, build_report
from sm_desk.core.store import Store


def bench_report(db: Path, week: Week | None = None, paper: str = "a4") -> dict[str, float]:
    """Seconds for each step (imports included, as a first export pays them) and the total."""
    timings: dict[str, float] = {}
    started = clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[name] = now - clock
        clock = now

    store = Store.open(db)
    try:
        lap("open")
        week = week or Week.last_complete()
        report = build_report(store, week)
        lap("data")
        from sm_desk.io.report import build_document, render_pdf

        document = build_document(report)
        lap("charts")
        pdf = render_pdf(document, paper)
        lap("pdf")
        with tempfile.TemporaryDirectory() as folder:
            (Path(folder) / "report.pdf").write_bytes(pdf)
        lap("write")
    finally:
        store.close()
    timings["total"] = time.perf_counter() - started
    timings["pdf_bytes"] = float(len(pdf))
    return timings


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    week = Week.parse(argv[1]) if len(argv) > 1 else None
    for name, value in bench_report(Path(argv[0]), week).items():
        print(f"{name:>10}: {value:,.0f}" if name == "pdf_bytes" else f"{name:>10}: {value:.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
