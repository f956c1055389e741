"""File > Import calendar… and File > Export calendar… (registered in ui/commands.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QMessageBox


def import_calendar(window: Any) -> None:
    from sm_desk.io.ics_import import IcsError, import_ics

    name, _ = QFileDialog.getOpenFileName(window, "Import calendar", "",
                                          "Calendar files (*.ics *.ical);;All files (*)")
    if not name:
        return
    try:
        report = import_ics(window.ctx.store, Path(name).read_bytes(), Path(name).name)
    except (OSError, IcsError) as exc:
        QMessageBox.warning(window, "Import calendar", f"Could not import {name}:\n{exc}")
        return
    box = QMessageBox(QMessageBox.Icon.Information, "Import calendar",
                      report.lines()[0], parent=window)
    box.setTextFormat(box.textFormat().PlainText)
    if len(report.lines()) > 1:
        box.setDetailedText("\n".join(report.lines()[1:]))
    box.exec()
    window.show_workspace("marketing")


def export_calendar(window: Any) -> None:
    from sm_desk.io.ics import export_ics

    name, _ = QFileDialog.getSaveFileName(window, "Export calendar", "sm-desk-marketing.ics",
                                          "Calendar files (*.ics)")
    if not name:
        return
    data, count = export_ics(window.ctx.store)
    target = Path(name)
    try:
        part = target.with_name(target.name + ".part")
        part.write_bytes(data)
        part.replace(target)
    except OSError as exc:
        QMessageBox.warning(window, "Export calendar", f"Could not write {name}:\n{exc}")
        return
    window.ctx.say(f"Exported {count} touches to {target}")
