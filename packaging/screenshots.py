"""Render the README's pictures offscreen: `python packaging/screenshots.py [OUT_DIR]`.

Every workspace at 1366x768 (a common laptop), on the small demo business dated the day
the script runs (the app reads the real clock, so an older demo would show everything
late). The report's first page needs `pdftoppm` (poppler-utils).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from sm_desk.core.demo import generate_demo  # noqa: E402
from sm_desk.core.store import Store  # noqa: E402
from sm_desk.ui.context import AppContext  # noqa: E402
from sm_desk.ui.main_window import MainWindow  # noqa: E402

DAY = date.today()
SIZE = (1366, 768)
PAGES = (("dashboard", None, "main-window"), ("marketing", None, "marketing-month"),
         ("sales", 0, "sales-board"), ("sales", 1, "sales-table"), ("contacts", None, "contacts"),
         ("tasks", None, "tasks"), ("reports", None, "reports"))
ROOT = Path(__file__).resolve().parent.parent


def settle(app: QApplication) -> None:
    from PySide6.QtTest import QTest

    QTest.qWait(400)  # deferred fills (dashboard cards, task rules) run after the first paint


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "resources" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    scratch = tempfile.mkdtemp()
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, scratch)
    QCoreApplication.setOrganizationName("SM Desk Screenshots")
    os.environ["SM_DESK_DATA_DIR"] = scratch
    db = Path(scratch) / "demo.db"
    store = Store.open(db)
    generate_demo(store, "small", seed=1, today=DAY)
    window = MainWindow(AppContext(store))
    window.backup_on_close = False
    window.resize(*SIZE)
    window.show()
    settle(app)
    for key, tab, name in PAGES:
        page = window.show_workspace(key)
        if tab is not None:
            page.tabs.setCurrentIndex(tab)  # type: ignore[attr-defined]
        if key == "contacts":  # one contact open in the detail pane
            page.view.selectRow(2)  # type: ignore[attr-defined]
        settle(app)
        busy = getattr(page, "progress", None)  # the report preview renders in the background
        for _ in range(100):
            if busy is None or not busy.isVisible():
                break
            settle(app)
        window.grab().save(str(out / f"{name}.png"))
        print(f"wrote {out / f'{name}.png'}")
    window.close()
    pdf = Path(scratch) / "report.pdf"
    last_week = (DAY - timedelta(days=7)).strftime("%G-W%V")  # the last whole week
    subprocess.run([sys.executable, "-m", "sm_desk", "report", "--db", str(db), "--week",
                    last_week, "--format", "pdf", "--out", str(pdf)], check=True)
    subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile",
                    str(pdf), str(out / "report-page1")], check=True)
    print(f"wrote {out / 'report-page1.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
