"""Ctrl+F from any page: the search over everything, grouped, Enter opens the record."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from sm_desk.core.sales.activities import log_activity
from sm_desk.ui.palette.search_dialog import snippet_html
from sm_desk.ui.sales.deal_dialog import DealDialog

CTRL = Qt.KeyboardModifier.ControlModifier
NOW = datetime(2026, 11, 23, 10, tzinfo=UTC)


def _ctrl_f(qtbot, window):  # type: ignore[no-untyped-def]
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    QTest.keyClick(window, Qt.Key.Key_F, CTRL)
    dialog = window.search_dialog
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def _rows(dialog) -> list[str]:  # type: ignore[no-untyped-def]
    model = dialog.model
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def test_ctrl_f_on_every_page_finds_a_call_and_enter_opens_its_deal(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    store = window.ctx.store
    deal = store.query_one("SELECT id, title FROM deals ORDER BY id LIMIT 1")
    log_activity(store, "call", "Asked about the gluten-free menu for Ramadan", NOW, NOW,
                 deal_id=deal["id"])
    for key in ("dashboard", "contacts", "tasks"):  # Contacts' own Ctrl+F no longer competes
        window.show_workspace(key)
        dialog = _ctrl_f(qtbot, window)
        dialog.reject()
    window.show_workspace("marketing")
    dialog = _ctrl_f(qtbot, window)
    QTest.keyClicks(dialog.box, "glut ramad")
    qtbot.waitUntil(lambda: bool(dialog.hits))
    assert _rows(dialog) == ["Activities (1)", "Call · 2026-11-23"]
    assert "gluten-free menu" in dialog.model.index(1, 2).data()
    QTest.keyClick(dialog.box, Qt.Key.Key_Return)
    assert not dialog.isVisible() and window.current_key() == "sales"
    sales = window.show_workspace("sales")
    assert isinstance(sales.dialog, DealDialog) and sales.dialog.deal_id == deal["id"]
    sales.dialog.reject()


def test_results_follow_a_write_and_an_undo_while_open(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    from sm_desk.core.contacts.service import create_contact

    dialog = _ctrl_f(qtbot, window)
    QTest.keyClicks(dialog.box, "Quetzal")
    qtbot.waitUntil(lambda: "Nothing found" in dialog.status.text())
    create_contact(window.ctx.store, {"first_name": "Quetzal", "last_name": "Ortiz"})
    qtbot.waitUntil(lambda: _rows(dialog) == ["Contacts (1)", "Quetzal Ortiz"])
    window.ctx.store.undo()
    qtbot.waitUntil(lambda: _rows(dialog) == [])
    # Enter on a contact opens the Contacts page with it selected
    create_contact(window.ctx.store, {"first_name": "Quetzal", "last_name": "Ortiz"})
    qtbot.waitUntil(lambda: len(_rows(dialog)) == 2)
    QTest.keyClick(dialog.box, Qt.Key.Key_Return)
    page = window.show_workspace("contacts")
    assert page.detail.title.text() == "Quetzal Ortiz"


def test_snippet_markup_is_escaped() -> None:
    assert snippet_html("<b>x</b> \x02menu\x03") == "&lt;b&gt;x&lt;/b&gt; <b>menu</b>"


def test_shift_enter_opens_a_companys_timeline(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    store = window.ctx.store
    company = store.query_one(
        "SELECT co.id, co.name FROM companies co JOIN deals d ON d.company_id = co.id "
        "JOIN activities a ON a.deal_id = d.id ORDER BY co.id LIMIT 1")
    dialog = _ctrl_f(qtbot, window)
    QTest.keyClicks(dialog.box, company["name"])
    qtbot.waitUntil(lambda: bool(dialog.hits))
    while dialog.current_hit() is not None and dialog.current_hit().id != company["id"]:
        QTest.keyClick(dialog.box, Qt.Key.Key_Down)
    assert dialog.current_hit().kind == "company"
    QTest.keyClick(dialog.box, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    timeline = window.timeline_dialog
    assert timeline.isVisible() and timeline.windowTitle() == f"Timeline: {company['name']}"
    qtbot.waitUntil(lambda: timeline.view.model.rowCount() > 0)
    assert not timeline.view.log_text.isEnabled()  # an activity belongs to a contact or deal
    timeline.reject()


def test_the_palette_finds_a_note_by_its_words_and_runs_search_everything(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    from sm_desk.ui.palette.dialog import open_palette

    store = window.ctx.store
    contact = store.query_one("SELECT id FROM contacts ORDER BY id LIMIT 1")
    log_activity(store, "note", "Allergic to hazelnuts", NOW, NOW, contact_id=contact["id"])
    palette = open_palette(window)
    QTest.keyClicks(palette.box, "hazeln")
    first = palette.model.entries[0]
    assert (first.kind, first.text) == ("note", "Allergic to hazelnuts")
    palette.box.clear()
    QTest.keyClicks(palette.box, "search everything")
    assert [e.text for e in palette.model.entries] == ["Search everything…"]
    QTest.keyClick(palette.box, Qt.Key.Key_Return)
    assert window.search_dialog.isVisible()
    window.search_dialog.reject()
