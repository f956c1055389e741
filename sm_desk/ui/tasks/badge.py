"""The Tasks count on the navigation: open tasks that fell through a crack (nobody owns
them, or nobody has said whose hat they are), kept current as the data changes."""

from __future__ import annotations

from contextlib import suppress
from typing import Any

from PySide6.QtCore import QTimer

from sm_desk.core.store import Changes, StoreError
from sm_desk.core.tasks.view import badge_count

WATCHED = ("tasks", "people")
SYNC_DELAY_MS = 300


def install_badge(window: Any) -> None:
    """Called once from MainWindow.__init__. For a database file (not a test's memory
    store) the time-based rules run first, so overdue payments and the next occurrence
    of recurring touches are there when the window opens."""
    store = window.ctx.store
    if store.path is not None and not store.readonly:
        def run_time_rules() -> None:
            from sm_desk.core.tasks.rules import sync_all

            if store.closed:  # the window closed before the timer fired
                return
            with suppress(StoreError):  # a locked or read-only file: the rules run next time
                sync_all(store)

        # After the first paint: the window is usable at once, the badge follows.
        QTimer.singleShot(SYNC_DELAY_MS, run_time_rules)

    def update(changes: Changes | None = None) -> None:
        if changes is None or changes.touches(*WATCHED):
            window.set_badge("tasks", badge_count(store))

    window.ctx.changed.connect(update)
    update()
