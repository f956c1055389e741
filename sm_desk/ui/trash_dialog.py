"""Edit > Trash…: what was deleted in the last 30 days, with Restore and Delete forever."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
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
from sm_desk.core.store import Changes, Store
from sm_desk.ui.context import AppContext

Index = QModelIndex | QPersistentModelIndex


class TrashModel(QAbstractTableModel):
    HEADERS = ("What", "Name", "Deleted", "Took with it")

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.rows: list[dict[str, Any]] = []
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self.rows = trash.list_entries(self.store)
        self.endResetModel()

    def entry_id(self, row: int) -> int:
        return int(self.rows[row]["id"])

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        row = self.rows[index.row()]
        column = index.column()
        if column == 0:
            return trash.KINDS.get(row["kind"], row["kind"])
        if column == 1:
            return row["label"]
        if column == 2:
            return from_iso(row["deleted_at"]).astimezone().strftime("%Y-%m-%d %H:%M")
        return row["summary"] or "-"

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None


class TrashDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.store = ctx, ctx.store
        self.setWindowTitle("Trash")
        self.resize(760, 420)
        self.model = TrashModel(self.store)
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
            self.model.reload()
            self._update()

    def _update(self) -> None:
        has = self.model.rowCount() > 0
        self.empty.setVisible(not has)
        if has and not self.view.selectionModel().hasSelection():
            self.view.selectRow(0)
        self.restore_button.setEnabled(has)
        self.forget_button.setEnabled(has)

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        return [self.model.entry_id(r) for r in rows]

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
            self.ctx.say(f"Restored {restored} item(s). Edit > Undo takes it back.")

    def forget_selected(self) -> None:
        ids = self.selected_ids()
        if ids:
            trash.delete_forever(self.store, ids)
            self.ctx.say(f"{len(ids)} item(s) deleted for good.")


def show_trash(window: Any) -> None:
    """Edit > Trash…"""
    dialog = TrashDialog(window.ctx, window)
    dialog.exec()
