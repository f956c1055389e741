"""Rendering the weekly report: one Document, three formats (PDF, HTML, CSV).

    report = build_report(store, week)          # sm_desk.core.report
    document = build_document(report)           # sections, tables, chart PNGs
    render_html(document) / render_pdf(document) / write_csv_folder(document, folder)

`export_report` does all of it for the command line and the app.
"""

from __future__ import annotations

from pathlib import Path

from sm_desk.core.atomic_write import write_bytes, write_text
from sm_desk.core.report import Week, build_report
from sm_desk.core.store import Store
from sm_desk.io.report.content import Document
from sm_desk.io.report.csv_out import write_csv_folder
from sm_desk.io.report.html import render_html
from sm_desk.io.report.pdf import paper_for_locale, render_pdf
from sm_desk.io.report.sections import build_document

FORMATS = ("pdf", "html", "csv")


def save_document(document: Document, fmt: str, out: Path, paper: str | None = None) -> Path:
    """Write `document` as `fmt` to `out` (a file, or a folder for csv)."""
    if fmt == "pdf":
        write_bytes(out, render_pdf(document, paper))
    elif fmt == "html":
        write_text(out, render_html(document))
    elif fmt == "csv":
        write_csv_folder(document, out)
    else:
        raise ValueError(f"unknown report format {fmt!r}; use one of {', '.join(FORMATS)}")
    return out


def export_report(store: Store, week: Week, fmt: str, out: Path,
                  paper: str | None = None) -> Path:
    document = build_document(build_report(store, week), charts=fmt != "csv")
    return save_document(document, fmt, out, paper)


__all__ = ["FORMATS", "Document", "build_document", "export_report", "paper_for_locale",
           "render_html", "render_pdf", "save_document", "write_csv_folder"]
