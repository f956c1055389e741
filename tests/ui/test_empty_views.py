"""Empty views say what goes there and offer the action that fills it (issue 21)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit
from pytestqt.qtbot import QtBot

from sm_desk.core.store import Store
from sm_desk.ui.context import AppContext
from sm_desk.ui.main_window import MainWindow
from sm_desk.ui.widgets.empty_state import EmptyState


def _window(qtbot: QtBot, store: Store) -> MainWindow:
    win = MainWindow(AppContext(store))
    qtbot.addWidget(win)
    win.resize(1366, 740)
    win.show()
    qtbot.waitUntil(lambda: win.ctx.painted)
    qtbot.waitUntil(lambda: hasattr(win, "new_actions"))
    return win


def _state(win: MainWindow, name: str) -> EmptyState:
    found = win.findChild(EmptyState, name)
    assert found is not None, name
    return found


def test_empty_contacts_offer_import_and_new(qtbot: QtBot, qsettings: None,
                                             store: Store) -> None:
    win = _window(qtbot, store)
    win.show_workspace("contacts")
    state = _state(win, "empty_contacts_contacts")
    assert state.isVisible()
    assert [b.text() for b in state.buttons] == ["Import contacts…", "New contact…"]
    qtbot.mouseClick(state.buttons[1], Qt.MouseButton.LeftButton)
    dialog = win.new_dialog
    qtbot.keyClicks(dialog.findChild(QLineEdit, "first_name"), "Grace")
    save = next(b.button(QDialogButtonBox.StandardButton.Save)
                for b in dialog.findChildren(QDialogButtonBox) if b.isVisible())
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert store.scalar("SELECT count(*) FROM contacts") == 1
    assert not state.isVisible()


def test_every_empty_workspace_says_what_goes_there(qtbot: QtBot, qsettings: None,
                                                    store: Store) -> None:
    win = _window(qtbot, store)
    for key, name, button in (("sales", "empty_sales_deal", "New deal…"),
                              ("marketing", "empty_marketing_campaign", "New campaign…"),
                              ("tasks", "empty_tasks_task", "New task…")):
        win.show_workspace(key)
        state = _state(win, name)
        assert state.isVisible(), key
        assert state.buttons[0].text() == button
        qtbot.mouseClick(state.buttons[0], Qt.MouseButton.LeftButton)
        assert win.new_dialog.isVisible()
        win.new_dialog.reject()


def test_the_demo_shows_no_empty_state(window: MainWindow) -> None:
    for key in ("sales", "marketing", "contacts", "tasks"):
        window.show_workspace(key)
    assert not [s.objectName() for s in window.findChildren(EmptyState) if s.isVisible()]


def test_campaign_list_shows_the_columns_that_fit(window: MainWindow) -> None:
    page = window.show_workspace("marketing")
    table = page.campaign_table  # type: ignore[attr-defined]
    model, header = table.model(), table.horizontalHeader()
    shown = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())
             if not header.isSectionHidden(c)]
    assert shown == ["Campaign", "Status", "Leads", "Won"]
    assert not table.horizontalScrollBar().isVisible()
