"""File > Import history… (every import, and Undo of a whole one) and File > Export
everything…"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sm_desk.core.clock import now_utc, to_iso
from sm_desk.core.imports import KIND_LABELS, ImportHistoryError, undo_import
from sm_desk.core.store import Store
from sm_desk.core.store import imports as q
from sm_desk.core.store.undo import Row
from sm_desk.ui.widgets.rows_model import Column, RowsModel


def _minute(at: str | None) -> str:
    return (at or "")[:16].replace("T", " ")


HISTORY_COLUMNS = [
    Column("When", lambda r: _minute(r["at"])),
    Column("What", lambda r: KIND_LABELS.get(r["kind"], r["kind"])),
    Column("File", lambda r: r["file_name"] or "-"),
    Column("Created", lambda r: f"{r['created']:,}", right=True),
    Column("Updated", lambda r: f"{r['updated']:,}", right=True),
    Column("Rejected", lambda r: f"{r['rejected']:,}", right=True),
    Column("Undone", lambda r: _minute(r["undone_at"])),
]


class ImportHistoryDialog(QDialog):
    def __init__(self, store: Store, parent: QWidget | None = None, say: Any = None) -> None:
        super().__init__(parent)
        self.store = store
        self.say = say or (lambda _t: None)
        self.setWindowTitle("Import history")
        self.model = RowsModel(HISTORY_COLUMNS, tips=False)
        self.view = QTableView()
        self.view.setObjectName("imports_table")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.report = QPlainTextEdit()
        self.report.setObjectName("undo_report")
        self.report.setReadOnly(True)
        self.report.setMaximumHeight(130)
        self.undo_button = QPushButton("Undo this import…")
        self.undo_button.setObjectName("undo_import")
        self.undo_button.clicked.connect(self.undo_selected)
        close = QPushButton("Close")
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.undo_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        info = QLabel("Undo removes the records an import created and puts back the fields it "
                      "changed, except where you changed them since (those are listed).")
        info.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(info)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.report)
        layout.addLayout(buttons)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._selected())
        self.resize(820, 460)
        self.reload()

    def reload(self) -> None:
        self.model.set_rows(q.history(self.store))
        for column, width in ((0, 130), (1, 130), (3, 70), (4, 70), (5, 70), (6, 130)):
            self.view.setColumnWidth(column, width)
        if self.model.rows:
            self.view.selectRow(0)
        self._selected()

    def selected(self) -> Row | None:
        index = self.view.currentIndex()
        return self.model.rows[index.row()] if index.isValid() else None

    def _selected(self) -> None:
        row = self.selected()
        self.undo_button.setEnabled(row is not None and not row["undone_at"])
        self.report.setPlainText(row["undo_report"] if row else "")

    def undo_selected(self, confirm: bool = True) -> None:
        row = self.selected()
        if row is None or row["undone_at"]:
            return
        if confirm and QMessageBox.question(
                self, "Undo import",
                f"Remove the {row['created']:,} records this import created and restore the "
                f"{row['updated']:,} it updated?") != QMessageBox.StandardButton.Yes:
            return
        try:
            report = undo_import(self.store, row["id"], to_iso(now_utc()))
        except ImportHistoryError as exc:
            self.report.setPlainText(str(exc))
            return
        self.say(report.lines()[0] + " Edit > Undo brings the import back.")
        selected = row["id"]
        self.reload()
        for n, r in enumerate(self.model.rows):
            if r["id"] == selected:
                self.view.selectRow(n)
        self.report.setPlainText("\n".join(report.lines()))


def import_history_command(window: Any) -> ImportHistoryDialog:
    """File > Import history…"""
    dialog = ImportHistoryDialog(window.ctx.store, window, window.ctx.say)
    window.import_history = dialog
    dialog.open()
    return dialog


def export_everything_command(window: Any, folder: str | None = None) -> Path | None:
    """File > Export everything…: into a new folder inside the one chosen."""
    from sm_desk.io.export_all import ExportError, export_all

    if folder is None:
        folder = QFileDialog.getExistingDirectory(window, "Export everything into…",
                                                  str(Path.home()))
        if not folder:
            return None
    target = Path(folder)
    if target.is_dir() and any(target.iterdir()):  # never write among the user's files
        name = f"SM Desk export {date.today().isoformat()}"
        target = target / name
        n = 2
        while target.exists():
            target = target.parent / f"{name} ({n})"
            n += 1
    try:
        report = export_all(window.ctx.store, target)
    except (ExportError, OSError) as exc:
        QMessageBox.warning(window, "Export everything", f"Nothing exported: {exc}")
        return None
    window.ctx.say(f"Exported everything to {report.folder} (README.txt says which file goes "
                   "where)")
    return report.folder
