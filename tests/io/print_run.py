"""By hand: render the report for EVERY week of a demo's range and run the print checks.

    .venv/bin/python -m tests.io.print_run large     # ~50k contacts; minutes
    .venv/bin/python -m tests.io.print_run small

Prints one line per week (pages, seconds, problems) and a summary; exit 1 on a problem.
"""

from __future__ import annotations

import sys
import time

from sm_desk.core.demo import generate_demo
from sm_desk.core.store import Store
from tests.conftest import FIXED_TODAY
from tests.io.print_checks import chart_only_pages, split_words, words_of
from tests.io.test_report_print import demo_texts, demo_weeks, render


def main(size: str = "large", path: str = "") -> int:
    store = Store.open(path) if path else Store.memory()
    if not path or not store.scalar("SELECT count(*) FROM deals"):
        generate_demo(store, size, seed=1, today=FIXED_TODAY)
    words = words_of(demo_texts(store))
    weeks = demo_weeks(store)
    bad, slowest, started = 0, 0.0, time.perf_counter()
    for week in weeks:
        begun = time.perf_counter()
        try:
            pdf, document = render(store, week)
            problems = split_words(pdf, words) + [
                f"page {n} holds only a chart"
                for n in chart_only_pages(pdf, [c.title for c in document.charts()])]
            pages = pdf.count(b"/Type /Page\n")
        except Exception as exc:  # noqa: BLE001 - a report that fails is the finding
            problems, pages = [f"{type(exc).__name__}: {exc}"], 0
        took = time.perf_counter() - begun
        slowest = max(slowest, took)
        bad += bool(problems)
        print(f"{week.label}: {pages} pages, {took:.1f} s" + "".join(f"\n  {p}" for p in problems))
    print(f"{len(weeks)} weeks ({weeks[0].label} to {weeks[-1].label}), {bad} with problems, "
          f"{time.perf_counter() - started:.0f} s in all, slowest {slowest:.1f} s")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
