"""The first-hour checklist on the dashboard (issue 21): it ticks itself off as the owner
does each step from its own buttons, and goes away when all four are done."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit
from pytestqt.qtbot import QtBot

from sm_desk.core.store import Store
from sm_desk.ui.context import AppContext
from sm_desk.ui.dashboard.checklist import FirstHourChecklist
from sm_desk.ui.main_window import MainWindow


def _window(qtbot: QtBot, store: Store) -> MainWindow:
    win = MainWindow(AppContext(store))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.ctx.painted)
    qtbot.waitUntil(lambda: hasattr(win, "new_actions"))
    return win


def _save(qtbot: QtBot, window: MainWindow) -> None:
    roles = (QDialogButtonBox.StandardButton.Save, QDialogButtonBox.StandardButton.Ok)
    save = next(box.button(role) for box in window.new_dialog.findChildren(QDialogButtonBox)
                for role in roles if box.isVisible() and box.button(role))
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)


def _checklist(window: MainWindow) -> FirstHourChecklist:
    page = window.show_workspace("dashboard")
    return page.checklist  # type: ignore[attr-defined, no-any-return]


def test_checklist_ticks_itself_off(qtbot: QtBot, qsettings: None, store: Store) -> None:
    win = _window(qtbot, store)
    checklist = _checklist(win)
    assert checklist.isVisible()
    assert checklist.title.text() == "Getting started: 0 of 4 steps done"
    assert all(b.isVisible() for b in checklist.buttons.values())

    # "New deal…" on the checklist opens the deal dialog; saving ticks the step.
    qtbot.mouseClick(checklist.buttons["deal"], Qt.MouseButton.LeftButton)
    qtbot.keyClicks(win.new_dialog.title_edit, "Website refresh for the florist")
    _save(qtbot, win)
    assert store.scalar("SELECT count(*) FROM deals") == 1
    assert checklist.title.text() == "Getting started: 1 of 4 steps done"
    assert checklist.marks["deal"].text() == "✔"
    assert not checklist.buttons["deal"].isVisible()

    # A campaign made from the checklist's button.
    qtbot.mouseClick(checklist.buttons["campaign"], Qt.MouseButton.LeftButton)
    qtbot.keyClicks(win.new_dialog.name, "Spring newsletter")
    _save(qtbot, win)
    assert store.scalar("SELECT count(*) FROM campaigns") == 1
    assert checklist.title.text() == "Getting started: 2 of 4 steps done"

    # A contact typed by hand counts as much as an import.
    win.new_actions["Contact"].trigger()
    first = win.new_dialog.findChild(QLineEdit, "first_name")
    qtbot.keyClicks(first, "Ada")
    qtbot.keyClicks(win.new_dialog.findChild(QLineEdit, "email"), "ada@example.com")
    _save(qtbot, win)
    assert store.scalar("SELECT count(*) FROM contacts") == 1
    assert checklist.title.text() == "Getting started: 3 of 4 steps done"
    assert checklist.buttons["assessment"].isVisible()


def test_hide_this_list_is_kept_in_the_database(qtbot: QtBot, qsettings: None,
                                                store: Store) -> None:
    win = _window(qtbot, store)
    checklist = _checklist(win)
    qtbot.mouseClick(checklist.hide_button, Qt.MouseButton.LeftButton)
    assert not checklist.isVisible()
    assert store.setting("first_hour_hidden") is True
    win.undo_action.trigger()  # changed my mind
    assert checklist.isVisible()


def test_the_demo_has_one_step_left_and_all_four_done_hides_it(window: MainWindow) -> None:
    from sm_desk.core.assessment.bank import load_bank
    from sm_desk.core.assessment.scoring import score
    from sm_desk.core.assessment.service import save_result

    checklist = _checklist(window)
    assert checklist.isVisible()
    assert checklist.title.text() == "Getting started: 3 of 4 steps done"
    assert [k for k, b in checklist.buttons.items() if b.isVisible()] == ["assessment"]
    answers = {q.id: q.answers[0].key for q in load_bank().questions}
    save_result(window.ctx.store, score(answers))  # what the wizard's result page saves
    assert not checklist.isVisible()
