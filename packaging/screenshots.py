"""Render the README's pictures offscreen: `python packaging/screenshots.py [OUT_DIR]`.

Uses the small demo business dated 2026-11-23 (deterministic), so the pictures only
change when the app does. The report's first page needs `pdftoppm` (poppler-utils).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from sm_desk.core.demo import generate_demo  # noqa: E402
from sm_desk.core.store import Store  # noqa: E402
from sm_desk.ui.context import AppContext  # noqa: E402
from sm_desk.ui.main_window import MainWindow  # noqa: E402

DAY = date(2026, 11, 23)
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
    window.resize(1400, 860)
    window.show()
    settle(app)
    for key, name in (("dashboard", "main-window"), ("marketing", "marketing-month"),
                      ("sales", "sales-board"), ("tasks", "tasks"), ("contacts", "contacts")):
        window.show_workspace(key)
        settle(app)
        window.grab().save(str(out / f"{name}.png"))
        print(f"wrote {out / f'{name}.png'}")
    window.close()
    pdf = Path(scratch) / "report.pdf"
    subprocess.run([sys.executable, "-m", "sm_desk", "report", "--db", str(db), "--week",
                    "2026-W47", "--format", "pdf", "--out", str(pdf)], check=True)
    subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile",
                    str(pdf), str(out / "report-page1")], check=True)
    print(f"wrote {out / 'report-page1.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
