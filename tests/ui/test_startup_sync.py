"""Start-up's own task sync is not an undoable step (issue 21): the first Edit > Undo
after launch is never "Update boundary tasks"."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pytestqt.qtbot import QtBot

from sm_desk.core.demo import generate_demo
from sm_desk.core.store import Store
from sm_desk.core.tasks.rules import sync_all
from sm_desk.ui.context import AppContext
from sm_desk.ui.main_window import MainWindow


def test_startup_sync_is_not_the_first_undo(qtbot: QtBot, qsettings: None,
                                            tmp_path: Path) -> None:
    path = tmp_path / "month-old.db"
    store = Store.open(path)
    generate_demo(store, "small", seed=1, today=date(2026, 10, 20))  # payments fell due since
    store.close()
    store = Store.open(path)
    synced: list[bool] = []
    store_changed = AppContext(store)
    store_changed.changed.connect(lambda changes: synced.append(changes.touches("tasks")))
    win = MainWindow(store_changed)
    win.backup_on_close = False
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: any(synced), timeout=5000)  # the start-up sync wrote tasks
    assert store.undo_label is None
    assert not win.undo_action.isEnabled()
    assert win.undo_action.text() == "&Undo"
    assert not sync_all(store)  # and it left nothing for the next run
