"""The deal table holds ids and reads rows by page (widgets/lazy_rows.py); the board shows
a bounded number of cards per column. Driven like a user: scroll, sort by a header, edit
a deal, follow a column's "more" link."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QStyledItemDelegate, QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from sm_desk.core.sales.deals import update_deal
from sm_desk.core.sales.pipeline import stalled_window
from sm_desk.core.store import Store
from sm_desk.ui.context import AppContext
from sm_desk.ui.sales.board import CARDS_PER_COLUMN
from sm_desk.ui.sales.page import TABLE_TAB, SalesPage
from sm_desk.ui.sales.table import COLUMNS, DealTable

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
WEIGHTED = [c.title for c in COLUMNS].index("Weighted")


def paint(table: DealTable) -> None:
    """Let the view lay itself out after a reset, then paint what it shows."""
    QApplication.processEvents()
    table.view.viewport().repaint()


def stage(store: Store, name: str) -> int:
    return int(store.scalar("SELECT id FROM stages WHERE name = ?", [name]))


def add_deals(store: Store, count: int, stage_name: str = "Engaged") -> None:
    stage_id = stage(store, stage_name)
    with store.step("Many deals") as step:
        for n in range(count):
            step.insert("deals", {"title": f"Bulk deal {n:04d}", "stage_id": stage_id,
                                  "value_minor": (n * 37) % 1000 * 100,
                                  "probability": (n * 13) % 100,
                                  "expected_close": f"2026-12-{n % 28 + 1:02d}",
                                  "created_at": "2026-11-20T09:00:00Z",
                                  "updated_at": "2026-11-20T09:00:00Z"})


@pytest.fixture
def page(qtbot: QtBot, demo_store: Store) -> SalesPage:
    widget = SalesPage(AppContext(demo_store), today=lambda: TODAY, now=lambda: NOW)
    qtbot.addWidget(widget)
    widget.resize(1500, 900)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_rows_are_read_by_page_and_the_cache_stays_bounded(qtbot: QtBot,
                                                           store: Store) -> None:
    add_deals(store, 600)
    table = DealTable(store)
    qtbot.addWidget(table)
    model = table.model
    model.page, model.cache_pages = 50, 3
    table.resize(1200, 700)
    table.show()
    table.load(stalled_window(store, TODAY), ("2026-11-01", "2026-12-01"))
    qtbot.waitExposed(table)
    paint(table)
    assert model.rowCount() == 600
    assert model.fetches == 1  # the whole first screen: one query, not one per cell
    assert model.cached_row_count() == 50
    for row in range(0, 600, 7):  # scroll through everything
        table.view.scrollTo(model.index(row, 0))
        paint(table)
    assert model.cached_row_count() <= 3 * 50  # the oldest pages were forgotten
    assert 12 <= model.fetches <= 14  # each page read once (or twice at a boundary)
    assert model.rows[599]["title"] == model.index(599, 0).data()


def test_sorting_by_a_header_sorts_in_sql(qtbot: QtBot, store: Store) -> None:
    add_deals(store, 300)
    table = DealTable(store)
    qtbot.addWidget(table)
    table.load(stalled_window(store, TODAY), ("2026-11-01", "2026-12-01"))
    table.view.sortByColumn(WEIGHTED, Qt.SortOrder.DescendingOrder)
    weighted = [table.model.rows[r]["weighted"] for r in range(300)]
    assert weighted == sorted(weighted, reverse=True) and weighted[0] > weighted[-1]
    assert table.model.cached_row_count() <= table.model.page * table.model.cache_pages
    table.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert table.model.index(0, 0).data() == "Bulk deal 0000"


def test_an_edit_repaints_its_row_and_keeps_the_selection(qtbot: QtBot,
                                                          page: SalesPage) -> None:
    page.tabs.setCurrentIndex(TABLE_TAB)
    table = page.table
    table.view.selectRow(3)
    deal_id = table.selected_deal()
    assert deal_id is not None
    fetches = table.model.fetches
    update_deal(page.store, deal_id, {"next_step": "Call back on Friday"}, NOW)
    row = table.model.position_of(deal_id)
    assert row == 3 and table.selected_deal() == deal_id  # same place, still selected
    next_step = [c.title for c in COLUMNS].index("Next step")
    assert table.model.index(row, next_step).data() == "Call back on Friday"
    assert table.model.fetches == fetches + 1  # that row's page, read again
    # A new title moves the row (the table is in title order): the selection follows it.
    update_deal(page.store, deal_id, {"title": "Aaaa first in Z to A last"}, NOW)
    assert table.selected_deal() == deal_id
    assert table.model.position_of(deal_id) == table.model.rowCount() - 1


def test_a_board_column_shows_fifty_cards_and_links_to_the_rest(qtbot: QtBot,
                                                                page: SalesPage) -> None:
    store = page.store
    add_deals(store, 80)
    engaged = stage(store, "Engaged")
    total = int(store.scalar("SELECT count(*) FROM deals WHERE stage_id = ?", [engaged]))
    column = page.board.columns[engaged]
    assert column.model.rowCount() == CARDS_PER_COLUMN
    assert column.more.isVisible()
    assert column.more.text() == f"{total - CARDS_PER_COLUMN:,} more — see table"
    assert column.totals.text().startswith(f"{total} deals")
    closes = [c["expected_close"] for c in column.model.cards]
    assert closes == sorted(closes)  # soonest expected close first
    qtbot.mouseClick(column.more, Qt.MouseButton.LeftButton)
    assert page.tabs.currentIndex() == TABLE_TAB
    assert page.table.model.rowCount() == total
    assert page.table.count.text().startswith(f"{total} of ")


def test_a_cell_paints_its_text_alignment_and_colour_from_one_call(qtbot: QtBot,
                                                                   store: Store) -> None:
    add_deals(store, 3)
    with store.step("Quiet") as step:  # an old deal with nothing planned: stalled
        step.update("deals", 1, {"created_at": "2026-01-01T00:00:00Z", "next_step_due": None})
    table = DealTable(store)
    qtbot.addWidget(table)
    table.load(stalled_window(store, TODAY), ("2026-11-01", "2026-12-01"))
    model, delegate = table.model, table.view.itemDelegate()
    assert isinstance(delegate, QStyledItemDelegate)
    row = model.position_of(1)
    assert row is not None
    value = model.index(row, [c.title for c in COLUMNS].index("Value"))
    option = QStyleOptionViewItem()
    delegate.initStyleOption(option, value)  # what the view does for each painted cell
    assert option.text == value.data() and option.text.startswith("$")
    assert option.displayAlignment & Qt.AlignmentFlag.AlignRight
    stalled = model.index(row, [c.title for c in COLUMNS].index("Stalled"))
    option = QStyleOptionViewItem()
    delegate.initStyleOption(option, stalled)
    assert option.text == "Stalled"
    assert option.palette.color(QPalette.ColorRole.Text) == QColor("#d0661f")
