"""A small bar to save a page's view (filter, sort, columns) under a name and pick it
again: a combo of the saved names, Save… and a delete button.

    bar = SavedViewsBar(store, "deals", page.view_state, page.apply_view_state)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QMenu,
    QMessageBox,
    QTableView,
    QToolButton,
    QWidget,
)

from sm_desk.core.saved_views import ViewError, delete_view, load_view, save_view, view_names
from sm_desk.core.store import Store

NONE = "Saved views…"


class SavedViewsBar(QWidget):
    applied = Signal(str)

    def __init__(self, store: Store, page: str, get_state: Callable[[], dict[str, Any]],
                 apply_state: Callable[[dict[str, Any]], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.page = store, page
        self.get_state, self.apply_state = get_state, apply_state
        self.combo = QComboBox()
        self.combo.setObjectName(f"saved_views_{page}")
        self.combo.setMinimumContentsLength(10)
        self.combo.setToolTip("Pick a saved view: its filter, sort and columns come back")
        self.save_button = QToolButton()
        self.save_button.setObjectName(f"save_view_{page}")
        self.save_button.setText("Save view…")
        self.save_button.setToolTip("Save the current filter, sort and columns under a name")
        self.delete_button = QToolButton()
        self.delete_button.setText("✕")
        self.delete_button.setToolTip("Delete the selected saved view")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.combo)
        layout.addWidget(self.save_button)
        layout.addWidget(self.delete_button)
        self.combo.activated.connect(self._picked)
        self.save_button.clicked.connect(self.ask_and_save)
        self.delete_button.clicked.connect(self.delete_current)
        self.reload()

    def reload(self, current: str = "") -> None:
        self.combo.blockSignals(True)
        self.combo.clear()
        self.combo.addItem(NONE, "")
        for name in view_names(self.store, self.page):
            self.combo.addItem(name, name)
        self.combo.setCurrentIndex(max(self.combo.findData(current), 0))
        self.combo.blockSignals(False)
        self.delete_button.setEnabled(bool(current))

    def _picked(self, index: int) -> None:
        name = self.combo.itemData(index)
        if name:
            self.pick(name)
        self.delete_button.setEnabled(bool(name))

    def pick(self, name: str) -> bool:
        state = load_view(self.store, self.page, name)
        if state is None:
            return False
        self.apply_state(state)
        self.reload(name)
        self.applied.emit(name)
        return True

    def save_as(self, name: str) -> None:
        save_view(self.store, self.page, name, self.get_state())
        self.reload(name.strip())

    def ask_and_save(self) -> None:
        current = self.combo.currentData() or ""
        name, ok = QInputDialog.getText(self, "Save view", "Name of this view:", text=current)
        if not ok:
            return
        try:
            self.save_as(name)
        except ViewError as exc:
            QMessageBox.warning(self, "Save view", str(exc))

    def delete_current(self) -> None:
        name = self.combo.currentData()
        if name:
            delete_view(self.store, self.page, name)
            self.reload()


# -- columns: which are shown, by title (so added custom fields do not shift them) ----------

def _titles(view: QTableView) -> list[str]:
    model = view.model()
    return [str(model.headerData(i, Qt.Orientation.Horizontal)) for i in range(model.columnCount())]


def columns_state(view: QTableView) -> dict[str, Any]:
    header = view.horizontalHeader()
    titles = _titles(view)
    return {"hidden": [t for i, t in enumerate(titles) if header.isSectionHidden(i)],
            "sort": ([titles[header.sortIndicatorSection()],
                      "desc" if header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
                      else "asc"]
                     if view.isSortingEnabled() and 0 <= header.sortIndicatorSection()
                     < len(titles) else None)}


def apply_columns_state(view: QTableView, state: dict[str, Any]) -> None:
    header = view.horizontalHeader()
    titles = _titles(view)
    hidden = set(state.get("hidden") or ())
    for i, title in enumerate(titles):
        header.setSectionHidden(i, title in hidden)
    sort = state.get("sort")
    if sort and view.isSortingEnabled() and sort[0] in titles:
        order = Qt.SortOrder.DescendingOrder if sort[1] == "desc" else Qt.SortOrder.AscendingOrder
        view.sortByColumn(titles.index(sort[0]), order)


def install_column_menu(view: QTableView) -> None:
    """Right-click on the header: tick the columns to show."""
    header = view.horizontalHeader()
    header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    def show(position: QPoint) -> None:
        menu = QMenu(view)
        for i, title in enumerate(_titles(view)):
            action = menu.addAction(title)
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(i))
            action.toggled.connect(lambda on, i=i: header.setSectionHidden(i, not on))
        menu.exec(header.mapToGlobal(position))
    header.customContextMenuRequested.connect(show)
