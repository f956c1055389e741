"""The shell: it opens offscreen, navigates, undoes, remembers its geometry."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from sm_desk.core.store import Store
from sm_desk.ui.context import AppContext
from sm_desk.ui.main_window import MainWindow
from sm_desk.ui.workspaces import WORKSPACES


def test_navigation_shows_each_workspace(window: MainWindow, qtbot: QtBot) -> None:
    assert window.current_key() == "dashboard"
    for row, workspace in enumerate(WORKSPACES):
        rect = window.nav.visualItemRect(window.nav.item(row))
        qtbot.mouseClick(window.nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        assert window.current_key() == workspace.key
        assert window.stack.currentWidget().objectName() == f"page_{workspace.key}"


def test_keyboard_shortcuts_switch_workspaces(window: MainWindow, qtbot: QtBot) -> None:
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == "sales"
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == "tasks"


def test_edit_menu_undoes_the_last_step_by_name(window: MainWindow, qtbot: QtBot) -> None:
    store = window.ctx.store
    with store.step("Rename company") as step:
        step.update("companies", 1, {"name": "Renamed Ltd"})
    assert window.undo_action.isEnabled()
    assert window.undo_action.text() == "&Undo Rename company"
    window.undo_action.trigger()
    assert store.scalar("SELECT name FROM companies WHERE id = 1") != "Renamed Ltd"
    assert window.redo_action.text() == "&Redo Rename company"
    qtbot.keyClick(window, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert store.scalar("SELECT name FROM companies WHERE id = 1") == "Renamed Ltd"


def test_empty_database_offers_the_demo(qtbot: QtBot, qsettings: None, store: Store) -> None:
    win = MainWindow(AppContext(store))
    qtbot.addWidget(win)
    win.show()
    assert win.welcome.isVisible()
    with qtbot.waitSignal(win.demo_requested):
        qtbot.mouseClick(win.demo_button, Qt.MouseButton.LeftButton)


def test_database_with_data_does_not_nag(window: MainWindow) -> None:
    assert not window.welcome.isVisible()


def test_geometry_is_kept_between_runs(qtbot: QtBot, qsettings: None, tmp_path: Path) -> None:
    first = MainWindow(AppContext(Store.open(tmp_path / "a.db")))
    qtbot.addWidget(first)
    first.show()
    first.resize(700, 520)
    first.close()
    assert QSettings().value("window/geometry") is not None
    second = MainWindow(AppContext(Store.open(tmp_path / "b.db")))
    qtbot.addWidget(second)
    second.show()
    assert (second.width(), second.height()) == (700, 520)
    second.close()


def test_backup_now_writes_a_file(qtbot: QtBot, qsettings: None, tmp_path: Path) -> None:
    win = MainWindow(AppContext(Store.open(tmp_path / "biz.db")))
    qtbot.addWidget(win)
    win.back_up_now()
    backups = list((tmp_path / "backups").glob("biz-*.db"))
    assert len(backups) == 1
    assert "Backed up" in win.statusBar().currentMessage()
    win.close()


def test_refused_file_shows_the_reason(qtbot: QtBot, qsettings: None, tmp_path: Path,
                                       monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from sm_desk.ui.app import Controller

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    bad = tmp_path / "photo.db"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
    assert Controller().open(bad) is None
    assert shown and "not an SM Desk database" in shown[0]
    assert bad.read_bytes().startswith(b"\x89PNG")


def test_first_frame_is_the_shell_then_the_dashboard(qtbot: QtBot, qsettings: None,
                                                     demo_store: Store) -> None:
    """The window paints with its navigation first; the dashboard follows right after,
    and the window takes the keyboard."""
    win = MainWindow(AppContext(demo_store))
    qtbot.addWidget(win)
    assert win.stack.count() == 0 and win.current_key() == "dashboard"
    win.show()
    qtbot.waitUntil(lambda: win.stack.currentWidget() is not None)
    assert win.stack.currentWidget().objectName() == "page_dashboard"
    qtbot.waitUntil(win.isActiveWindow)
    qtbot.keyClick(win, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert win.current_key() == "sales"


def test_a_page_asked_for_before_the_first_paint_is_not_replaced(
        qtbot: QtBot, qsettings: None, demo_store: Store) -> None:
    win = MainWindow(AppContext(demo_store))
    qtbot.addWidget(win)
    win.show_workspace("contacts")
    win.show()
    qtbot.waitUntil(lambda: win.ctx.painted)
    qtbot.wait(50)  # the start-up work queued for after the paint runs
    assert win.current_key() == "contacts"
    assert win.stack.currentWidget().objectName() == "page_contacts"
    assert "dashboard" not in win._pages
