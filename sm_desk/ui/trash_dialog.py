"""Edit > Trash…: what was deleted in the last 30 days, with Restore and Delete forever."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sm_desk.core import trash
from sm_desk.core.clock import from_iso
from sm_desk.core.store import Changes
from sm_desk.core.words import counted
from sm_desk.ui.context import AppContext
from sm_desk.ui.widgets.rows_model import Column, RowsModel, selected_rows

COLUMNS = [
    Column("What", lambda r: trash.KINDS.get(r["kind"], r["kind"])),
    Column("Name", lambda r: r["label"]),
    Column("Deleted", lambda r: from_iso(r["deleted_at"]).astimezone().strftime("%Y-%m-%d %H:%M")),
    Column("Took with it", lambda r: r["summary"] or "-"),
]


class TrashDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.store = ctx, ctx.store
        self.setWindowTitle("Trash")
        self.resize(760, 420)
        self.model = RowsModel(COLUMNS, tips=False)
        self.reload()
        self.view = QTableView()
        self.view.setObjectName("trash_table")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.setAlternatingRowColors(True)
        header = self.view.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((80, 220, 130)):
            self.view.setColumnWidth(column, width)
        note = QLabel(f"Deleted items stay here {trash.KEEP_DAYS} days, then go for good. "
                      "Restore puts an item back with everything it took with it.")
        note.setTextFormat(Qt.TextFormat.PlainText)
        note.setWordWrap(True)
        self.restore_button = QPushButton("Restore")
        self.restore_button.setObjectName("trash_restore")
        self.forget_button = QPushButton("Delete forever")
        self.forget_button.setObjectName("trash_delete_forever")
        close = QPushButton("Close")
        self.restore_button.clicked.connect(self.restore_selected)
        self.forget_button.clicked.connect(self.forget_selected)
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.forget_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        self.empty = QLabel("The trash is empty.")
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty)
        layout.addLayout(buttons)
        ctx.changed.connect(self._on_changed)
        self._update()

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches("trash"):
            self.reload()
            self._update()

    def reload(self) -> None:
        self.model.set_rows(trash.list_entries(self.store))

    def _update(self) -> None:
        has = self.model.rowCount() > 0
        self.empty.setVisible(not has)
        if has and not self.view.selectionModel().hasSelection():
            self.view.selectRow(0)
        self.restore_button.setEnabled(has)
        self.forget_button.setEnabled(has)

    def selected_ids(self) -> list[int]:
        return [int(self.model.rows[r]["id"]) for r in selected_rows(self.view)]

    def restore_selected(self) -> None:
        restored, problems = 0, []
        for entry_id in self.selected_ids():
            try:
                result = trash.restore(self.store, entry_id)
            except trash.TrashError as exc:
                problems.append(str(exc))
                continue
            restored += 1
            problems += result.problems
        if problems:
            QMessageBox.information(self, "Restore", "\n".join(problems))
        if restored:
            self.ctx.say(f"Restored {counted(restored, 'item')}. Edit > Undo takes it back.")

    def forget_selected(self) -> None:
        ids = self.selected_ids()
        if ids:
            trash.delete_forever(self.store, ids)
            self.ctx.say(f"{counted(len(ids), 'item')} deleted for good.")


def show_trash(window: Any) -> None:
    """Edit > Trash…"""
    dialog = TrashDialog(window.ctx, window)
    dialog.exec()
