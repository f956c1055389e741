"""Help > Keyboard shortcuts: every menu action and its keys, read from the actions
themselves (so the list is never out of date), plus the keys the workspaces add."""

from __future__ import annotations

from operator import itemgetter
from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHeaderView, QTableView, QVBoxLayout

from sm_desk.ui.palette.actions import menu_actions
from sm_desk.ui.widgets.rows_model import Column, RowsModel

# Keys a workspace handles itself (not menu actions).
PAGE_KEYS = (
    ("Contacts", "Delete the selected contacts", "Del"),
    ("Every list", "Open the focused card, row or item", "Enter"),
    ("Tasks", "Give the selected tasks to person 1-9 / to nobody", "1-9 / 0"),
    ("Tasks", "Classify as sales / marketing / unclassified", "S / M / U"),
    ("Tasks", "Mark done / delete / edit / new task", "D / Del / Enter / N"),
)


def shortcut_rows(window: Any) -> list[tuple[str, str, str]]:
    rows = [(a.path.rsplit(" › ", 1)[0], a.text, a.shortcut) for a in menu_actions(window)]
    return rows + [(f"{page} (in the page)", what, keys) for page, what, keys in PAGE_KEYS]


COLUMNS = [Column(title, itemgetter(n)) for n, title in enumerate(("Menu", "Command", "Shortcut"))]


class ShortcutsDialog(QDialog):
    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.setWindowTitle("Keyboard shortcuts")
        self.model = RowsModel(COLUMNS, tips=False)
        self.model.set_rows(shortcut_rows(window))
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
