"""One benchmark command: `python -m sm_desk.bench [--size large|xlarge] [--json PATH]`.

Generates the demo database of that size once (cached in .bench/), then measures each
figure several times and reports the median: start-up against a bare PySide6
window, workspace switches, calendar, table filters, Tasks view, the search over
everything, a contact's 5,000-entry timeline, CSV import, weekly report, the app's
peak memory with every view opened. Prints a table and writes JSON.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from PySide6.QtCore import QCoreApplication

    from sm_desk.ui.contacts.page import ContactsPage
    from sm_desk.ui.main_window import MainWindow
    from sm_desk.ui.marketing.page import MarketingPage

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

CACHE = Path(".bench")
BARE_WINDOW = """
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
w = QMainWindow()
class Quit(QObject):
    def eventFilter(self, o, e):
        if e.type() == QEvent.Type.Paint:
            import time
            print(f"first-paint {time.time():.6f}", flush=True)
            QTimer.singleShot(0, app.quit)
        return False
q = Quit(); w.installEventFilter(q); w.show(); sys.exit(app.exec())
"""

Result = dict[str, object]


MAKE_DEMO = """
import sys, time
from sm_desk.core.demo import generate_demo
from sm_desk.core.store import Store
store = Store.open(sys.argv[1])
started = time.perf_counter()
generate_demo(store, size=sys.argv[2])
print(f"generated {time.perf_counter() - started:.3f}", flush=True)
store.close()
"""
LONG_STORY = 5000  # timeline entries of the contact whose timeline is timed
SEARCH_WORD = "december"  # in ~1,170 records of the xlarge demo (an insight's quote)
GENERATED: dict[str, float] = {}  # seconds the demo took, when this run made it


def demo_db(size: str = "large") -> Path:
    """The demo of `size`, made once (in its own process, so its memory is not ours)."""
    path = CACHE / f"{size}.db"
    if not path.exists():
        CACHE.mkdir(exist_ok=True)
        done = subprocess.run([sys.executable, "-c", MAKE_DEMO, str(path), size], check=True,
                              capture_output=True, text=True)
        GENERATED[size] = next(float(line.split()[1]) for line in done.stdout.splitlines()
                               if line.startswith("generated "))
        give_one_contact_a_long_story(path)
    return path


def large_db() -> Path:
    return demo_db("large")


def give_one_contact_a_long_story(db: Path) -> int:
    """The contact with the most activities gets calls until their timeline holds
    LONG_STORY entries (a customer of ten years); returns the contact's id."""
    from sm_desk.core.clock import now_utc, to_iso
    from sm_desk.core.store import Store
    from sm_desk.core.store.timeline import busiest_contact, entries

    store = Store.open(db)
    try:
        contact = busiest_contact(store) or 1
        now = to_iso(now_utc())
        have = len(entries(store, "contact", contact, now=now, limit=LONG_STORY))
        if have < LONG_STORY:
            stamps = [to_iso(now_utc().replace(microsecond=0) - timedelta(hours=6 * n))
                      for n in range(1, LONG_STORY - have + 1)]
            with store.step("Bench: a long story", undoable=False) as step:
                step.insert_many("activities", ("kind", "at", "summary", "contact_id",
                                                "created_at"),
                                 [("call", at, f"Call {n}", contact, at)
                                  for n, at in enumerate(stamps)])
        return contact
    finally:
        store.close()


def time_to_first_paint(args: list[str], what: str = "first-paint") -> float:
    """Wall-clock ms from launching the process to its first painted window."""
    return time_to_paints(args, (what,))[0]


def time_to_paints(args: list[str], whats: tuple[str, ...]) -> list[float]:
    """Wall-clock ms from launching the process to each line it prints (`what` and the
    time.time() it happened)."""
    # An installed app runs from compiled bytecode, so the children may write it.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    started = time.time()
    done = subprocess.run(args, check=True, capture_output=True, text=True, env=env)
    stamps = dict(line.split()[:2] for line in done.stdout.splitlines() if " " in line)
    return [(float(stamps[what]) - started) * 1000 for what in whats]


def median_ms(samples: list[float]) -> float:
    return round(statistics.median(samples), 1)


def bench_startup(db: Path, runs: int) -> list[Result]:
    """The bare window against SM Desk's first frame (the window and its navigation) and
    its dashboard, painted right after it."""
    bare, ours, dashboard = [], [], []
    for _ in range(runs + 1):  # interleaved, so both see the same machine state
        bare.append(time_to_first_paint([sys.executable, "-c", BARE_WINDOW]))
        first, full = time_to_paints([sys.executable, "-m", "sm_desk", "--db", str(db),
                                      "--quit-after-start"], ("first-paint", "dashboard-paint"))
        ours.append(first)
        dashboard.append(full)
    # the first run warms the disk cache and writes bytecode
    bare, ours, dashboard = bare[1:], ours[1:], dashboard[1:]
    ratio = statistics.median(ours) / statistics.median(bare)
    return [
        {"figure": "bare PySide6 window (floor)", "ms": median_ms(bare), "target": None},
        {"figure": "cold start to first window", "ms": median_ms(ours),
         "target": f"< 1.5x floor (ratio {ratio:.2f})", "ok": ratio < 1.5},
        {"figure": "cold start to the dashboard painted", "ms": median_ms(dashboard),
         "target": f"(ratio {statistics.median(dashboard) / statistics.median(bare):.2f})"},
    ]


def in_window(db: Path) -> tuple[QCoreApplication, MainWindow]:
    from PySide6.QtCore import QThreadPool
    from PySide6.QtWidgets import QApplication

    from sm_desk.core.store import Store
    from sm_desk.ui.context import AppContext
    from sm_desk.ui.main_window import MainWindow
    from sm_desk.ui.tasks.bench import wait_for_start_up

    app = QApplication.instance() or QApplication([])
    window = MainWindow(AppContext(Store.open(db)))
    window.backup_on_close = False
    window.show()
    app.processEvents()
    wait_for_start_up(window)  # the figures time an action, not the launch's own reads
    QThreadPool.globalInstance().waitForDone()
    settle(app)
    return app, window


def settle(app: object) -> None:
    """Process events until idle: the repaint a user waits for has happened."""
    from PySide6.QtCore import QCoreApplication

    for _ in range(3):
        QCoreApplication.processEvents()
        QCoreApplication.sendPostedEvents()


def bench_workspace_switch(db: Path, runs: int) -> list[Result]:
    from sm_desk.ui.workspaces import WORKSPACES

    app, window = in_window(db)
    results: list[Result] = []
    for workspace in WORKSPACES:
        samples = []
        for run in range(runs + 1):
            window.show_workspace("dashboard" if workspace.key != "dashboard" else "tasks")
            settle(app)
            started = time.perf_counter()
            window.show_workspace(workspace.key)
            current = window.stack.currentWidget()
            assert current is not None  # the page just shown
            current.repaint()
            settle(app)
            if run:  # the first opens the page (measured separately as "open")
                samples.append((time.perf_counter() - started) * 1000)
        results.append({"figure": f"switch to {workspace.label}", "ms": median_ms(samples),
                        "target": "< 100 ms", "ok": statistics.median(samples) < 100})
    window.close()
    return results


def bench_first_open(db: Path, runs: int) -> list[Result]:
    """Each workspace opened the first time in a fresh window (its page built, read and
    painted), as after a launch. The first window of the process also imports each page's
    modules, as a launched app does: that one time is given on its own ("with imports");
    the median is over the fresh windows after it."""
    import gc

    from sm_desk.ui.workspaces import WORKSPACES

    samples: dict[str, list[float]] = {w.key: [] for w in WORKSPACES}
    for _ in range(runs + 1):
        app, window = in_window(db)
        for workspace in WORKSPACES:
            started = time.perf_counter()
            page = window.show_workspace(workspace.key)
            page.repaint()
            settle(app)
            samples[workspace.key].append((time.perf_counter() - started) * 1000)
        window.close()
        window.deleteLater()  # the next window starts as the first did
        settle(app)
        gc.collect()
    return [{"figure": f"first open of {w.label}", "ms": median_ms(samples[w.key][1:]),
             "target": f"< 100 ms (with imports: {samples[w.key][0]:.0f} ms)",
             "ok": statistics.median(samples[w.key][1:]) < 100} for w in WORKSPACES]


def calendar_switch(db: Path, runs: int, view: str) -> list[float]:
    from sm_desk.ui.marketing import bench

    app, window = in_window(db)
    page = cast("MarketingPage", window.show_workspace("marketing"))
    timer = bench.time_month_switch if view == "month" else bench.time_week_switch
    samples = timer(page, runs)
    window.close()
    return samples


def month_switch(db: Path, runs: int) -> list[float]:
    return calendar_switch(db, runs, "month")


def week_switch(db: Path, runs: int) -> list[float]:
    return calendar_switch(db, runs, "week")


def contact_filter(db: Path, runs: int) -> list[float]:
    """Typing a search into the 50,000-contact list: from the query to the repainted list."""
    app, window = in_window(db)
    page = cast("ContactsPage", window.show_workspace("contacts"))
    settle(app)
    samples = []
    for text in ("ada", "weber", "bakery", "vip", "grace.novak", "zo", "example.com")[:runs]:
        started = time.perf_counter()
        page.search.setText(text)
        page._apply_search()  # skip the typing debounce
        page.repaint()
        settle(app)
        samples.append((time.perf_counter() - started) * 1000)
    window.close()
    return samples


def search_first_results(db: Path, runs: int) -> list[float]:
    """Edit > Search everything: from the words typed to the first results painted."""
    from sm_desk.ui.palette.search_dialog import open_search

    app, window = in_window(db)
    dialog = open_search(window)
    settle(app)
    samples = []
    for run in range(runs + 1):
        dialog.box.setText("")
        dialog.run_search()
        settle(app)
        started = time.perf_counter()
        dialog.box.setText(SEARCH_WORD)
        dialog.run_search()  # skip the typing debounce
        dialog.repaint()
        settle(app)
        if run:  # the first reads the index from disk
            samples.append((time.perf_counter() - started) * 1000)
    assert dialog.hits, f"no record holds {SEARCH_WORD!r}"
    window.close()
    return samples


def timeline_open(db: Path, runs: int) -> list[float]:
    """A contact with LONG_STORY timeline entries picked in the list, the Timeline tab
    showing: from the pick to its first page painted."""
    contact = give_one_contact_a_long_story(db)
    app, window = in_window(db)
    page = cast("ContactsPage", window.show_workspace("contacts"))
    timeline = page.detail.show_timeline()
    other = contact + 1
    settle(app)
    samples = []
    for run in range(runs + 1):
        page.detail.show_contact(other)
        settle(app)
        started = time.perf_counter()
        page.detail.show_contact(contact)
        page.repaint()
        settle(app)
        if run:
            samples.append((time.perf_counter() - started) * 1000)
    assert timeline.model.rowCount() > 0
    window.close()
    return samples


APP_MEMORY = """
import os, resource, sys
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from sm_desk.bench import in_window, settle
from sm_desk.ui.workspaces import WORKSPACES
from sm_desk.ui.palette.search_dialog import open_search
app, window = in_window(__import__("pathlib").Path(sys.argv[1]))
for workspace in WORKSPACES:
    window.show_workspace(workspace.key)
    settle(app)
sales = window.show_workspace("sales")
sales.tabs.setCurrentIndex(1)  # the deal table
settle(app)
marketing = window.show_workspace("marketing")
for view in ("week", "agenda", "plan", "month"):
    marketing.set_view(view)
    settle(app)
window.show_workspace("contacts").detail.show_timeline()
settle(app)
reports = window.show_workspace("reports")
while reports.busy or reports.document is None:  # the preview, built in the pool
    app.processEvents()
dialog = open_search(window, sys.argv[2])
settle(app)
# VmHWM: this process's own peak (ru_maxrss keeps the parent's across exec on Linux)
status = open("/proc/self/status").read() if os.path.exists("/proc/self/status") else ""
hwm = [int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:")]
peak_kib = hwm[0] if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(f"peak {peak_kib / 1024:.0f}", flush=True)
"""


def app_memory(db: Path) -> Result:
    """Peak memory of the app alone (its own process) with every view opened."""
    done = subprocess.run([sys.executable, "-c", APP_MEMORY, str(db), SEARCH_WORD],
                          check=True, capture_output=True, text=True)
    peak = next(float(line.split()[1]) for line in done.stdout.splitlines()
                if line.startswith("peak "))
    return {"figure": "peak memory of the app, every view opened", "ms": None,
            "value": f"{peak:.0f} MB", "target": "< 400 MB", "ok": peak < 400}


def report_pdf(db: Path, runs: int) -> list[float]:
    from sm_desk.io.report.bench import bench_report

    return [bench_report(db)["total"] * 1000 for _ in range(max(1, runs // 2))]


def import_ratios() -> list[Result]:
    from sm_desk.io.bench_import import run_benchmark

    figures = run_benchmark(rows=100_000)
    return [
        {"figure": "import 100k contacts: bare csv.reader + executemany", "ms":
         round(figures["bare_s"] * 1000), "target": None},
        {"figure": "import 100k contacts: sqlite-utils insert --csv", "ms":
         round(figures["sqlite_utils_s"] * 1000), "target": None},
        {"figure": "import 100k contacts: SM Desk (checks, dedupe, tags)", "ms":
         round(figures["sm_desk_s"] * 1000),
         "target": f"<= 4x bare ({figures['ratio_to_bare']}x), < 0.5x sqlite-utils "
                   f"({figures['ratio_to_sqlite_utils']}x)", "ok": figures["ok"]},
    ]


def import_crm(runs: int) -> Result:
    from sm_desk.io.crm_import.bench import run

    totals = [run()["total_s"] * 1000 for _ in range(max(1, runs // 3))]
    return {"figure": "import from Pipedrive: 10k deals, then 100k activities",
            "ms": median_ms(totals), "target": None}


# Workspace-specific measurements: module, function(db, runs) -> ms samples, label
# ({contacts}, {deals}... are the demo's numbers), target ms.
PROBES: tuple[tuple[str, str, str, float], ...] = (
    ("sm_desk.bench", "month_switch", "calendar: switch month ({touches} touches)", 50),
    ("sm_desk.bench", "week_switch", "calendar: switch week", 50),
    ("sm_desk.ui.marketing.bench", "plan_switch", "plan: switch range ({campaigns} campaigns)", 50),
    ("sm_desk.ui.sales.bench", "bench_open", "open Sales workspace ({deals} deals)", 100),
    ("sm_desk.ui.sales.bench", "bench_filter", "filter the deal table", 50),
    ("sm_desk.ui.sales.bench", "bench_table_first_show", "first show of the deal table", 250),
    ("sm_desk.bench", "contact_filter", "filter the contact list ({contacts} contacts)", 50),
    ("sm_desk.ui.tasks.bench", "open_view_timings", "open Tasks view ({tasks} tasks)", 100),
    ("sm_desk.bench", "search_first_results",
     f"search everything: '{SEARCH_WORD}', first results painted", 30),
    ("sm_desk.bench", "timeline_open", f"open a contact's timeline ({LONG_STORY:,} entries)", 100),
    ("sm_desk.bench", "report_pdf", "weekly report to PDF", 3000),
)


PROBE = """
import json, os, sys
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from importlib import import_module
from pathlib import Path
probe = getattr(import_module(sys.argv[1]), sys.argv[2])
print("samples " + json.dumps(probe(Path(sys.argv[3]), int(sys.argv[4]))), flush=True)
"""


def run_probe(module: str, function: str, db: Path, runs: int) -> Any:
    """One probe in a process of its own, as the app would be: the windows and caches of
    the probes before it (hundreds of MB on the xlarge demo, which the garbage collector
    walks) do not weigh on its figures. Returns what the probe returned (JSON)."""
    done = subprocess.run([sys.executable, "-c", PROBE, module, function, str(db), str(runs)],
                          check=True, capture_output=True, text=True)
    line = next(line for line in done.stdout.splitlines() if line.startswith("samples "))
    return json.loads(line.split(" ", 1)[1])


def bench_probes(db: Path, runs: int, size: str = "large") -> list[Result]:
    from dataclasses import asdict

    from sm_desk.core.demo import SIZES

    counts = {name: f"{value:,}" for name, value in asdict(SIZES[size]).items()}
    results: list[Result] = []
    for module, function, template, target in PROBES:
        label = template.format(**counts)
        try:
            getattr(importlib.import_module(module), function)
        except (ImportError, AttributeError) as exc:
            results.append({"figure": label, "ms": None, "target": f"< {target:g} ms",
                            "ok": False, "note": f"not measured: {exc}"})
            continue
        samples = run_probe(module, function, db, runs)
        results.append({"figure": label, "ms": median_ms(samples), "target": f"< {target:g} ms",
                        "ok": statistics.median(samples) < target})
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", default=str(CACHE / "bench.json"))
    parser.add_argument("--skip-import", action="store_true", help="leave out the 100k import")
    parser.add_argument("--size", choices=("large", "xlarge"), default="large",
                        help="the demo to measure on (xlarge: 500,000 contacts, 1M activities)")
    args = parser.parse_args()
    db = demo_db(args.size)
    budget = {"large": 30_000, "xlarge": 120_000}[args.size]
    made = GENERATED.get(args.size)
    results: list[Result] = [{"figure": f"generate the {args.size} demo", "ms":
                              round(made * 1000) if made is not None else None,
                              "target": f"< {budget} ms",
                              **({"ok": made * 1000 < budget} if made is not None
                                 else {"note": f"cached in {db}"})}]
    results += bench_startup(db, args.runs)
    results += run_probe("sm_desk.bench", "bench_workspace_switch", db, args.runs)
    results += run_probe("sm_desk.bench", "bench_first_open", db, args.runs)
    results += bench_probes(db, args.runs, args.size)
    results.append(app_memory(db))
    if not args.skip_import:
        results += import_ratios()
        results.append(import_crm(args.runs))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    results.append({"figure": "peak memory (RSS) of this benchmark run", "ms": None,
                    "value": f"{peak_mb:.0f} MB", "target": None})
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    print(f"SM Desk benchmark, {args.size} demo, on {machine}, median of {args.runs}")
    print("| figure | median | target | ok |\n|---|---:|---|---|")
    for r in results:
        value = r.get("value") or (f"{r['ms']} ms" if r["ms"] is not None else r.get("note", "-"))
        ok = {True: "yes", False: "NO", None: ""}[r.get("ok")]  # type: ignore[index]
        print(f"| {r['figure']} | {value} | {r['target'] or ''} | {ok} |")
    Path(args.json).parent.mkdir(exist_ok=True)
    Path(args.json).write_text(json.dumps({"machine": machine, "results": results}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
