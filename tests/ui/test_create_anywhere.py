"""File > New from any page, and Enter opening what has the focus (issue 21)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from sm_desk.ui.main_window import MainWindow
from sm_desk.ui.palette.actions import menu_actions
from sm_desk.ui.palette.shortcuts import shortcut_rows
from sm_desk.ui.sales.deal_dialog import DealDialog
from sm_desk.ui.sales.page import SalesPage


def _new_menu_paths(window: MainWindow) -> dict[str, str]:
    return {a.path: a.shortcut for a in menu_actions(window) if a.path.startswith("File › New ›")}


def test_file_new_deal_from_the_marketing_page(window: MainWindow, qtbot: QtBot) -> None:
    store = window.ctx.store
    window.show_workspace("marketing")
    before = store.scalar("SELECT COUNT(*) FROM deals")
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = window.new_dialog
    assert isinstance(dialog, DealDialog) and dialog.isVisible()
    assert window.current_key() == "marketing"  # the owner stays where they were
    dialog.title_edit.clear()
    qtbot.keyClicks(dialog.title_edit, "Brochure reprint for Oakridge")
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Save) \
        or dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert store.scalar("SELECT COUNT(*) FROM deals") == before + 1
    assert store.scalar("SELECT COUNT(*) FROM deals WHERE title = ?",
                        ["Brochure reprint for Oakridge"]) == 1


def test_new_menu_lists_every_kind_with_keys_in_help_and_palette(window: MainWindow) -> None:
    paths = _new_menu_paths(window)
    assert set(paths) == {f"File › New › {k}…" for k in
                          ("Deal", "Contact", "Company", "Campaign", "Touch", "Task")}
    assert all(paths.values()), paths
    assert paths["File › New › Deal…"] == "Ctrl+N"
    listed = {(menu, what) for menu, what, _ in shortcut_rows(window)}
    assert ("File › New", "Deal…") in listed
    keys = [a.shortcut for a in menu_actions(window) if a.shortcut]
    assert len(keys) == len(set(keys)), "two menu actions share a shortcut"


def test_every_new_key_opens_its_dialog_on_every_page(window: MainWindow, qtbot: QtBot) -> None:
    for key in ("tasks", "contacts", "reports"):
        window.show_workspace(key)
        for name, action in window.new_actions.items():
            action.trigger()
            dialog = window.new_dialog
            assert dialog.isVisible(), (key, name)
            dialog.reject()


def test_enter_on_a_kanban_card_opens_the_deal(window: MainWindow, qtbot: QtBot) -> None:
    page = window.show_workspace("sales")
    assert isinstance(page, SalesPage)
    column = next(c for c in page.board.columns.values() if c.model.cards)
    card = column.model.cards[0]
    column.view.setFocus()
    column.view.setCurrentIndex(column.model.index(0))
    qtbot.keyClick(column.view, Qt.Key.Key_Return)
    assert isinstance(page.dialog, DealDialog) and page.dialog.isVisible()
    assert page.dialog.deal_id == card["id"]
    page.dialog.reject()


def test_enter_on_a_contact_row_opens_it(window: MainWindow, qtbot: QtBot) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QDialog

    page = window.show_workspace("contacts")
    view = page.view  # type: ignore[attr-defined]
    view.setFocus()
    view.setCurrentIndex(view.model().index(0, 0))
    seen: list[str] = []

    def close_it() -> None:
        modal = QApplication.activeModalWidget()
        if isinstance(modal, QDialog):
            seen.append(modal.windowTitle())
            modal.reject()
    QTimer.singleShot(50, close_it)
    qtbot.keyClick(view, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    assert seen and seen[0]


def test_palette_offers_new_things_and_enter_runs_one(window: MainWindow, qtbot: QtBot) -> None:
    window.show_workspace("tasks")
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    palette = window.palette  # type: ignore[attr-defined]
    qtbot.keyClicks(palette.box, "new")
    offered = {e.text for e in palette.model.entries if e.action is not None}
    assert {"Deal…", "Contact…", "Company…", "Campaign…", "Touch…", "Task…"} <= offered
    palette.box.clear()
    qtbot.keyClicks(palette.box, "new campaign")
    qtbot.keyClick(palette.box, Qt.Key.Key_Return)
    from sm_desk.ui.marketing.dialogs import CampaignDialog

    assert isinstance(window.new_dialog, CampaignDialog) and window.new_dialog.isVisible()
    window.new_dialog.reject()
