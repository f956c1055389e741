"""Command palette (Ctrl+K) with the keyboard alone, and Help > Keyboard shortcuts."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from sm_desk.ui.palette.actions import menu_actions
from sm_desk.ui.sales.deal_dialog import DealDialog

CTRL = Qt.KeyboardModifier.ControlModifier


def _focus(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def test_find_a_deal_and_run_an_action_with_the_keyboard_alone(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    store = window.ctx.store
    deal = store.query_one("SELECT id, title FROM deals ORDER BY id DESC LIMIT 1")
    _focus(qtbot, window)
    QTest.keyClick(window, Qt.Key.Key_K, CTRL)
    palette = window.palette
    qtbot.waitUntil(palette.isVisible)
    QTest.keyClicks(palette.box, deal["title"])
    rows = palette.model.entries
    assert rows[0].kind == "deal" and rows[0].item_id == deal["id"]
    QTest.keyClick(palette.box, Qt.Key.Key_Return)
    assert not palette.isVisible()
    sales = window.show_workspace("sales")
    assert window.current_key() == "sales"
    assert isinstance(sales.dialog, DealDialog) and sales.dialog.isVisible()
    assert sales.dialog.deal_id == deal["id"]
    sales.dialog.reject()

    # Now a menu action, by name; Enter runs it.
    _focus(qtbot, window)
    QTest.keyClick(window, Qt.Key.Key_K, CTRL)
    palette = window.palette
    QTest.keyClicks(palette.box, "keyboard short")
    assert [e.text for e in palette.model.entries] == ["Keyboard shortcuts…"]
    QTest.keyClick(palette.box, Qt.Key.Key_Return)
    dialog = window.shortcuts_dialog
    assert dialog.isVisible()
    listed = {(menu, text): keys for menu, text, keys in dialog.model.rows}
    assert listed[("Edit", "Find anything…")] == "Ctrl+K"
    assert listed[("File", "Import history…")] == "Ctrl+Shift+H"
    dialog.reject()


def test_palette_finds_each_kind_and_opens_it(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    from sm_desk.ui.palette.dialog import open_palette

    store = window.ctx.store
    contact = store.query_one("SELECT id, first_name, last_name FROM contacts LIMIT 1")
    palette = open_palette(window)
    QTest.keyClicks(palette.box, f"{contact['first_name']} {contact['last_name']}")
    first = palette.model.entries[0]
    assert (first.kind, first.item_id) == ("contact", contact["id"])
    QTest.keyClick(palette.box, Qt.Key.Key_Return)
    page = window.show_workspace("contacts")
    assert page.current_id() == contact["id"]
    task = store.query_one("SELECT id, title FROM tasks WHERE status = 'open' LIMIT 1")
    palette = open_palette(window)
    QTest.keyClicks(palette.box, task["title"])
    row = next(i for i, e in enumerate(palette.model.entries)
               if (e.kind, e.item_id) == ("task", task["id"]))
    for _ in range(row):
        QTest.keyClick(palette.box, Qt.Key.Key_Down)
    QTest.keyClick(palette.box, Qt.Key.Key_Return)
    assert window.current_key() == "tasks" and window.item_dialog.isVisible()
    window.item_dialog.reject()


def test_every_menu_action_has_its_own_shortcut(window) -> None:  # type: ignore[no-untyped-def]
    actions = menu_actions(window)
    assert len(actions) > 20
    missing = [a.path for a in actions if not a.shortcut]
    assert missing == []
    keys = [a.shortcut for a in actions]
    assert len(keys) == len(set(keys)), "two actions share a shortcut"
