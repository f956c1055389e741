"""What every page gets handed: the open store and the change signal.

No global app object: pages receive the context they work in.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

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
        self._after_paint: list[Callable[[], None]] | None = []
        store.subscribe(self._on_store_change)

    def after_first_paint(self, callback: Callable[[], None]) -> None:
        """Run `callback` once the main window has first painted (at once if it has).

        Start-up work that is not needed to show the window (filling the dashboard, the
        task badge and time-based rules, reminders) waits here, so the window appears
        first and fills a moment later.
        """
        if self._after_paint is None:
            QTimer.singleShot(0, callback)
        else:
            self._after_paint.append(callback)

    @property
    def painted(self) -> bool:
        return self._after_paint is None

    def first_paint_done(self) -> None:
        callbacks, self._after_paint = self._after_paint or [], None
        for callback in callbacks:
            QTimer.singleShot(0, callback)

    def _on_store_change(self, changes: Changes) -> None:
        self.changed.emit(changes)

    def say(self, message: str) -> None:
        self.status_message.emit(message)
