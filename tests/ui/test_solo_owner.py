"""Solo by default (issue 21): a one-person business's first deal is the owner's, its
"Decide the next step" task is the owner's, and nothing is counted as a crack."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from sm_desk.core.clock import today
from sm_desk.core.dashboard import build_dashboard
from sm_desk.core.profile import load_profile, save_profile
from sm_desk.core.store import Store
from sm_desk.core.store.tasks import me_id
from sm_desk.core.tasks.view import badge_count
from sm_desk.ui.context import AppContext
from sm_desk.ui.main_window import MainWindow
from sm_desk.ui.sales.deal_dialog import DealDialog
from sm_desk.ui.tasks.dialogs import TaskDialog


def _open(qtbot: QtBot, store: Store) -> MainWindow:
    win = MainWindow(AppContext(store))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.ctx.painted)
    qtbot.waitUntil(lambda: hasattr(win, "new_actions"))  # menus fill after the first paint
    return win


def _save(qtbot: QtBot, buttons: QDialogButtonBox) -> None:
    ok = buttons.button(QDialogButtonBox.StandardButton.Save) \
        or buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)


def test_a_solo_owners_first_deal_is_not_a_crack(qtbot: QtBot, qsettings: None,
                                                  store: Store) -> None:
    assert load_profile(store).works_alone  # the default for a new database
    win = _open(qtbot, store)
    win.show_workspace("sales")
    qtbot.keyClick(win, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = win.new_dialog
    assert isinstance(dialog, DealDialog)
    assert dialog.owner_combo.currentData() == me_id(store)  # not "(nobody)"
    qtbot.keyClicks(dialog.title_edit, "Logo design for the bakery")
    _save(qtbot, dialog.buttons)
    deal = store.query("SELECT id, owner_id FROM deals")[0]
    assert deal["owner_id"] == me_id(store)
    tasks = store.query("SELECT title, assignee_id, function FROM tasks "
                        "WHERE origin_type = 'deal' AND origin_id = ? AND status = 'open'",
                        [deal["id"]])
    assert tasks and all(t["assignee_id"] == me_id(store) for t in tasks), tasks
    assert badge_count(store) == 0
    assert build_dashboard(store, today()).cracks_total == 0  # the card and the badge agree
    assert win.nav.item(4).text() == "Tasks"


def test_a_solo_owners_new_task_is_the_owners(qtbot: QtBot, qsettings: None,
                                              store: Store) -> None:
    win = _open(qtbot, store)
    win.new_actions["Task"].trigger()
    dialog = win.new_dialog
    assert isinstance(dialog, TaskDialog)
    assert dialog.assignee.currentData() == me_id(store)


def test_with_helpers_a_new_deal_waits_for_an_owner(qtbot: QtBot, qsettings: None,
                                                    store: Store) -> None:
    with store.step("Profile", undoable=False) as step:
        save_profile(step, {"works_alone": False})
    win = _open(qtbot, store)
    win.new_actions["Deal"].trigger()
    assert win.new_dialog.owner_combo.currentData() is None


def test_badge_and_cracks_card_count_the_same(window: MainWindow) -> None:
    store = window.ctx.store
    count = badge_count(store)
    assert count == build_dashboard(store, today()).cracks_total
    tasks = window.nav.item(4)
    assert f"({count})" in tasks.text()
    assert "nobody owns or nobody has classified" in tasks.toolTip()
