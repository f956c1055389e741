"""The Sales workspace, driven like a user: dialog, drag across the board, invoice, paid,
lost with "not now", VBANT, activity, table filters; the database checked after each step."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

from sm_desk.core.store import Store
from sm_desk.ui.context import AppContext
from sm_desk.ui.sales.board import Board
from sm_desk.ui.sales.page import TABLE_TAB, SalesPage

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


@pytest.fixture
def page(qtbot: QtBot, demo_store: Store) -> SalesPage:
    with demo_store.step("A lead from the fair") as step:
        step.insert("contacts", {"first_name": "Zelda", "last_name": "Quokka",
                                 "email": "zelda@quokka.example", "lifecycle": "lead",
                                 "source_campaign_id": 3, "created_at": "2026-11-20T09:00:00Z",
                                 "updated_at": "2026-11-20T09:00:00Z"})
    widget = SalesPage(AppContext(demo_store), today=lambda: TODAY, now=lambda: NOW)
    qtbot.addWidget(widget)
    widget.resize(1500, 900)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def stage(store: Store, name: str) -> int:
    return int(store.scalar("SELECT id FROM stages WHERE name = ?", [name]))


def drag_card(qtbot: QtBot, board: Board, deal_id: int, stage_id: int) -> None:
    """Start where a user starts (the card's drag data), drop on the target column."""
    found = board.card_index(deal_id)
    assert found is not None, "the card is on the board"
    column, index = found
    mime = column.model.mimeData([index])
    target = board.columns[stage_id].view
    viewport = target.viewport()
    spot = QPointF(viewport.rect().center())
    enter = QDragEnterEvent(spot.toPoint(), Qt.DropAction.MoveAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(viewport, enter)
    assert enter.isAccepted()
    drop = QDropEvent(spot, Qt.DropAction.MoveAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(viewport, drop)
    assert drop.isAccepted()


def test_deal_life_from_dialog_to_paid(qtbot: QtBot, page: SalesPage) -> None:
    store = page.store
    before = store.scalar("SELECT count(*) FROM deals")
    # Create through the dialog: title, contact picked by typing, value, two VBANT boxes.
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    qtbot.keyClicks(dialog.title_edit, "Shop fit-out")
    qtbot.keyClicks(dialog.contact_edit, "Zelda Quokka")
    qtbot.keyClicks(dialog.value_edit, "4,200.50")
    qtbot.mouseClick(dialog.vbant["budget"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.vbant["need"], Qt.MouseButton.LeftButton)
    assert dialog.score.text() == "Qualified 2 of 5"
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)
    assert store.scalar("SELECT count(*) FROM deals") == before + 1
    deal = store.query_one("SELECT * FROM deals WHERE title = 'Shop fit-out'")
    assert deal is not None
    assert (deal["value_minor"], deal["budget"], deal["need"], deal["vision"]) == (420050, 1, 1, 0)
    assert deal["source_campaign_id"] == 3  # the lead's campaign: attribution kept
    assert deal["stage_id"] == stage(store, "Interested")
    assert page.board.card_index(deal["id"]) is not None  # its card is on the board

    # Drag it across the board, one stage then Won; undo puts it back one stage.
    drag_card(qtbot, page.board, deal["id"], stage(store, "Negotiating"))
    assert store.scalar("SELECT stage_id FROM deals WHERE id = ?",
                        [deal["id"]]) == stage(store, "Negotiating")
    drag_card(qtbot, page.board, deal["id"], stage(store, "Won"))
    row = store.get("deals", deal["id"])
    assert row is not None and row["stage_id"] == stage(store, "Won")
    assert row["closed_at"] == "2026-11-23T10:00:00Z"
    store.undo()
    assert store.scalar("SELECT stage_id FROM deals WHERE id = ?",
                        [deal["id"]]) == stage(store, "Negotiating")
    column, _ = page.board.card_index(deal["id"]) or (None, None)
    assert column is page.board.columns[stage(store, "Negotiating")]  # board repainted
    store.redo()
    assert store.scalar("SELECT stage_id FROM deals WHERE id = ?",
                        [deal["id"]]) == stage(store, "Won")

    # Invoice it (dated in the past, so it shows as overdue), then mark it paid.
    invoice = page.mark_invoiced(deal["id"])
    invoice.invoiced.setDate(invoice.invoiced.date().addDays(-45))
    invoice.due.setDate(invoice.due.date().addDays(-40))
    qtbot.mouseClick(invoice.findChild(QDialogButtonBox).button(
        QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    row = store.get("deals", deal["id"])
    assert row is not None and (row["invoiced_at"], row["invoice_due"]) == (
        "2026-10-09", "2026-11-13")
    assert deal["id"] in [r["id"] for r in page.collections.model.rows]
    page.deal_menu(deal["id"], QPoint(), run=False)  # the menu offers it ...
    page.mark_paid(deal["id"])
    assert store.scalar("SELECT paid_at FROM deals WHERE id = ?", [deal["id"]]) == "2026-11-23"
    assert deal["id"] not in [r["id"] for r in page.collections.model.rows]


def test_lost_with_not_now_nurtures_the_contact(qtbot: QtBot, page: SalesPage) -> None:
    store = page.store
    deal = store.query_one(
        "SELECT d.id, d.contact_id FROM deals d JOIN stages s ON s.id = d.stage_id "
        "WHERE s.outcome = 'open' AND d.contact_id IS NOT NULL ORDER BY d.expected_close LIMIT 1")
    assert deal is not None
    drag_card(qtbot, page.board, deal["id"], stage(store, "Lost"))
    assert store.scalar("SELECT stage_id FROM deals WHERE id = ?", [deal["id"]]) != stage(
        store, "Lost")  # not yet: the dialog asks why first
    qtbot.mouseClick(page.dialog.not_now_button, Qt.MouseButton.LeftButton)
    row = store.get("deals", deal["id"])
    assert row is not None
    assert (row["stage_id"], row["nurture"]) == (stage(store, "Lost"), 1)
    assert row["lost_reason"].startswith("Not now")
    assert store.scalar("SELECT lifecycle FROM contacts WHERE id = ?",
                        [deal["contact_id"]]) == "nurture"
    lost_column = page.board.columns[stage(store, "Lost")]
    lost_count = store.scalar("SELECT count(*) FROM deals WHERE stage_id = ?",
                              [stage(store, "Lost")])
    assert lost_column.totals.text().startswith(f"{lost_count} deals")


def test_vbant_and_activity_from_the_edit_dialog(qtbot: QtBot, page: SalesPage) -> None:
    store = page.store
    deal_id = int(store.scalar("SELECT id FROM deals WHERE vision = 0 AND authority = 0 "
                               "ORDER BY id LIMIT 1"))
    dialog = page.edit_deal(deal_id)
    qtbot.keyClicks(dialog.activity_summary, "Called the owner about the quote")
    qtbot.mouseClick(dialog.log_button, Qt.MouseButton.LeftButton)
    activity = store.query_one("SELECT * FROM activities WHERE deal_id = ? ORDER BY id DESC",
                               [deal_id])
    assert activity is not None
    assert (activity["kind"], activity["summary"]) == ("call", "Called the owner about the quote")
    assert store.scalar("SELECT last_activity_at FROM deals WHERE id = ?",
                        [deal_id]) == "2026-11-23T10:00:00Z"
    assert dialog.activity_list.item(0).text().endswith("Call: Called the owner about the quote")
    qtbot.mouseClick(dialog.vbant["vision"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.vbant["authority"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)
    assert store.query_one("SELECT vision, authority FROM deals WHERE id = ?",
                           [deal_id]) == {"vision": 1, "authority": 1}


def test_table_filters_and_stalled_marks(qtbot: QtBot, page: SalesPage) -> None:
    store = page.store
    page.tabs.setCurrentIndex(TABLE_TAB)
    table = page.table
    total = store.scalar("SELECT count(*) FROM deals")
    assert table.model.rowCount() == total
    table.stalled.setChecked(True)
    stalled = {table.model.deal_id(r) for r in range(table.model.rowCount())}
    assert stalled and all(table.model.rows[r]["stalled"] for r in range(len(stalled)))
    table.stalled.setChecked(False)
    table.show_stage(stage(store, "Won"))
    assert table.model.rowCount() == store.scalar(
        "SELECT count(*) FROM deals WHERE stage_id = ?", [stage(store, "Won")])
    table.show_stage(0)
    title = str(store.scalar("SELECT title FROM deals ORDER BY id LIMIT 1"))
    qtbot.keyClicks(table.search, title)
    assert table.model.rowCount() == store.scalar(
        "SELECT count(*) FROM deals WHERE title LIKE ?", [f"%{title}%"])
    table.search.clear()
    table.closing.setChecked(True)
    assert table.model.rowCount() == store.scalar(
        "SELECT count(*) FROM deals d JOIN stages s ON s.id = d.stage_id WHERE "
        "s.outcome = 'open' AND d.expected_close >= '2026-11-01' "
        "AND d.expected_close < '2026-12-01'")
    # An edit elsewhere shows up in the table without a reload of everything.
    deal_id = table.model.deal_id(0)
    page.delete_deal(deal_id)
    assert deal_id not in [r["id"] for r in table.model.rows]
    store.undo()
    assert deal_id in [r["id"] for r in table.model.rows]


def test_stages_dialog_renames_and_removes_with_reassign(qtbot: QtBot,
                                                         page: SalesPage) -> None:
    store = page.store
    engaged = stage(store, "Engaged")
    moved = store.scalar("SELECT count(*) FROM deals WHERE stage_id = ?", [engaged])
    dialog = page.edit_stages()
    dialog.rename(0, "Curious")
    dialog.table.selectRow(1)
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert dialog.reassign.isVisibleTo(dialog)
    dialog.reassign.setCurrentIndex(dialog.reassign.findData(stage(store, "Evaluating")))
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)
    names = [r["name"] for r in store.query("SELECT name FROM stages ORDER BY position")]
    assert names == ["Curious", "Evaluating", "Negotiating", "Won", "Lost"]
    assert list(page.board.columns) == [r["id"] for r in store.query(
        "SELECT id FROM stages ORDER BY position")]
    assert store.scalar("SELECT count(*) FROM deals WHERE stage_id = ?",
                        [stage(store, "Evaluating")]) >= moved
    store.undo()
    assert len(page.board.columns) == 6
