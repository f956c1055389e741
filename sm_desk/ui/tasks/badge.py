"""The Tasks count on the navigation: open tasks that fell through a crack (nobody owns
them, or nobody has said whose hat they are), kept current as the data changes."""

from __future__ import annotations

from contextlib import suppress
from typing import Any

from sm_desk.core.store import Changes, StoreError

WATCHED = ("tasks", "people")


def install_badge(window: Any) -> None:
    """Called once from MainWindow.__init__. Once the window has painted, the badge is
    counted and, for a database file (not a test's memory store), the time-based rules
    run (overdue payments, the next occurrence of recurring touches)."""
    store = window.ctx.store

    def update(changes: Changes | None = None) -> None:
        from sm_desk.core.tasks.view import badge_count

        if not store.closed and (changes is None or changes.touches(*WATCHED)):
            window.set_badge("tasks", badge_count(store))

    def start() -> None:
        update()
        window.ctx.changed.connect(update)
        if store.path is not None and not store.readonly and not store.closed:
            from sm_desk.core.tasks.rules import sync_all

            with suppress(StoreError):  # a locked or read-only file: the rules run next time
                sync_all(store, undoable=False)  # not the owner's first Edit > Undo

    window.ctx.after_first_paint(start)
