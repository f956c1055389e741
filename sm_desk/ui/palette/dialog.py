"""The command palette (Ctrl+K): one box that finds any contact, company, deal, campaign,
touch or task by name, calls, notes, insights and collateral by their words, and runs any
menu action by name (Edit > Search everything, Ctrl+F, searches every word of everything).
Up/Down pick, Enter opens or runs, Escape closes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QListView, QVBoxLayout

from sm_desk.core.domain import RECORD_KIND_NAMES
from sm_desk.core.store import search
from sm_desk.ui.palette.actions import MenuAction, menu_actions
from sm_desk.ui.palette.open_item import open_item

KIND_LABELS = {kind: one for kind, (one, _) in RECORD_KIND_NAMES.items()}
TEXT_KINDS = ("activity", "note", "insight", "collateral")  # not found by name above
WORDS_FROM = 3  # letters typed before the full-text index is asked (Ctrl+F has it all)
MAX_ACTIONS = 8
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Entry:
    text: str
    detail: str
    action: MenuAction | None = None
    kind: str = ""
    item_id: int = 0


class EntriesModel(QAbstractListModel):
    def __init__(self) -> None:
        super().__init__()
        self.entries: list[Entry] = []

    def set_entries(self, entries: list[Entry]) -> None:
        self.beginResetModel()
        self.entries = entries
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.entries)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry = self.entries[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{entry.text}    —  {entry.detail}" if entry.detail else entry.text
        if role == Qt.ItemDataRole.ToolTipRole:
            return entry.detail
        return None


def _matches(words: list[str], text: str) -> bool:
    low = text.casefold()
    return all(w in low for w in words)


class CommandPalette(QDialog):
    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window_ = window
        self.setWindowTitle("Find anything")
        self.setModal(True)
        self.actions_ = [a for a in menu_actions(window) if a.action.isEnabled()]
        self.box = QLineEdit()
        self.box.setObjectName("palette_box")
        self.box.setPlaceholderText("Type a name (contact, company, deal, campaign, touch, "
                                    "task) or a command…")
        self.model = EntriesModel()
        self.list = QListView()
        self.list.setObjectName("palette_list")
        self.list.setModel(self.model)
        self.list.setUniformItemSizes(True)
        self.list.activated.connect(lambda index: self.run(index.row()))
        self.hint = QLabel("↑↓ choose · Enter open or run · Esc close")
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        self.hint.setStyleSheet("color: #52606d;")
        layout = QVBoxLayout(self)
        layout.addWidget(self.box)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.hint)
        self.box.textChanged.connect(self.refresh)
        self.box.installEventFilter(self)
        self.resize(640, 420)
        self.refresh("")

    def refresh(self, text: str) -> None:
        words = text.casefold().split()
        actions = [a for a in self.actions_ if _matches(words, a.path)][:MAX_ACTIONS if words
                                                                          else 100]
        entries = [Entry(a.text, f"{a.path.rsplit(' › ', 1)[0]}"
                         + (f" · {a.shortcut}" if a.shortcut else ""), action=a)
                   for a in actions]
        records = [Entry(r["label"] or "(no name)",
                         f"{KIND_LABELS[r['kind']]}" + (f" · {r['detail']}" if r["detail"]
                                                        else ""),
                         kind=r["kind"], item_id=r["id"])
                   for r in search.find(self.window_.ctx.store, text)] if text.strip() else []
        if len(text.strip()) >= WORDS_FROM:  # what was said or sent: from the full-text index
            records += [Entry(" ".join(h.marked("", "").split()) or h.label,
                              f"{KIND_LABELS[h.kind]} · {h.label}"
                              + (f" · {h.detail}" if h.detail else ""),
                              kind=h.kind, item_id=h.id)
                        for h in search.search_all(self.window_.ctx.store, text, per_kind=3)
                        if h.kind in TEXT_KINDS]
        # A name typed is most often a record: records first, then the commands.
        self.model.set_entries(records + entries)
        if self.model.rowCount():
            self.list.setCurrentIndex(self.model.index(0))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.box and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
                step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_PageDown: 8,
                        Qt.Key.Key_PageUp: -8}[Qt.Key(key)]
                count = self.model.rowCount()
                if count:
                    row = min(max(self.list.currentIndex().row() + step, 0), count - 1)
                    self.list.setCurrentIndex(self.model.index(row))
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.run(self.list.currentIndex().row())
                return True
        return super().eventFilter(watched, event)

    def run(self, row: int) -> None:
        if not 0 <= row < len(self.model.entries):
            return
        entry = self.model.entries[row]
        self.accept()
        if entry.action is not None:
            entry.action.action.trigger()
        else:
            open_item(self.window_, entry.kind, entry.item_id)


def open_palette(window: Any) -> CommandPalette:
    """Edit > Find anything… (Ctrl+K)."""
    palette = CommandPalette(window)
    window.palette = palette
    palette.open()
    palette.box.setFocus()
    return palette
