"""Help > Keyboard shortcuts: every menu action and its keys, read from the actions
themselves (so the list is never out of date), plus the keys the workspaces add."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHeaderView, QTableView, QVBoxLayout

from sm_desk.ui.palette.actions import menu_actions

Index = QModelIndex | QPersistentModelIndex
# Keys a workspace handles itself (not menu actions).
PAGE_KEYS = (
    ("Contacts", "Search the list", "Ctrl+F"),
    ("Contacts", "Delete the selected contacts", "Del"),
    ("Sales", "New deal", "Ctrl+Shift+N"),
    ("Tasks", "Give the selected tasks to person 1-9 / to nobody", "1-9 / 0"),
    ("Tasks", "Classify as sales / marketing / unclassified", "S / M / U"),
    ("Tasks", "Mark done / delete / edit / new task", "D / Del / Enter / N"),
)


class ShortcutsModel(QAbstractTableModel):
    HEADERS = ("Menu", "Command", "Shortcut")

    def __init__(self, rows: list[tuple[str, str, str]]) -> None:
        super().__init__()
        self.rows = rows

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else 3

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and role == Qt.ItemDataRole.DisplayRole:
            return self.rows[index.row()][index.column()]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None


def shortcut_rows(window: Any) -> list[tuple[str, str, str]]:
    rows = [(a.path.rsplit(" › ", 1)[0], a.text, a.shortcut) for a in menu_actions(window)]
    return rows + [(f"{page} (in the page)", what, keys) for page, what, keys in PAGE_KEYS]


class ShortcutsDialog(QDialog):
    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.setWindowTitle("Keyboard shortcuts")
        self.model = ShortcutsModel(shortcut_rows(window))
        self.view = QTableView()
        self.view.setObjectName("shortcuts_table")
        self.view.setModel(self.model)
        self.view.verticalHeader().setVisible(False)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setDefaultSectionSize(22)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        self.resize(620, 600)


def show_shortcuts(window: Any) -> ShortcutsDialog:
    """Help > Keyboard shortcuts…"""
    dialog = ShortcutsDialog(window)
    window.shortcuts_dialog = dialog
    dialog.open()
    return dialog
