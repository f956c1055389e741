"""Render every page of last week's report on the demo business as PNGs for the README.

    .venv/bin/python packaging/report_pages.py [OUT_DIR]

The demo is generated for today, as for the app screenshots (packaging/screenshots.py);
"last week" is the last complete week before it. Needs `pdftoppm` (poppler-utils).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

from sm_desk.core.demo import generate_demo
from sm_desk.core.profile import load_profile
from sm_desk.core.report import Week, build_report
from sm_desk.core.store import Store
from sm_desk.io.report import build_document, render_pdf

ROOT = Path(__file__).resolve().parent.parent
DAY = date.today()  # as packaging/screenshots.py: the demo is made for today


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "resources" / "screenshots" / "report"
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("page-*.png"):
        old.unlink()
    store = Store.memory()
    generate_demo(store, "small", seed=1, today=DAY)
    week = Week.last_complete(DAY, int(load_profile(store).week_start))
    pdf = Path(tempfile.mkdtemp()) / "report.pdf"
    pdf.write_bytes(render_pdf(build_document(build_report(store, week)), "a4"))
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(out / "page")], check=True)
    for png in sorted(out.glob("page-*.png")):
        print(f"wrote {png}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
