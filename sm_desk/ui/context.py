"""What every page gets handed: the open store and the change signal.

No global app object: pages receive the context they work in.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from sm_desk.core.store import Changes, Store


class AppContext(QObject):
    """Bridges the core's change listeners to Qt.

    `changed` fires after every committed step, undo and redo, with the Changes
    (tables and row ids) so each page repaints only what it shows.
    """

    changed = Signal(object)
    status_message = Signal(str)
    navigate = Signal(str)  # a page key: ask the window to show that workspace

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        store.subscribe(self._on_store_change)

    def _on_store_change(self, changes: Changes) -> None:
        self.changed.emit(changes)

    def say(self, message: str) -> None:
        self.status_message.emit(message)
