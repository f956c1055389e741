"""When the dashboard reads its figures: not while another workspace is shown (a change
marks it stale; showing it again refreshes), and for a database file in a thread over
its own connection, so the window never waits on them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pytestqt.qtbot import QtBot

from sm_desk.core.dashboard import build_dashboard
from sm_desk.core.demo import generate_demo
from sm_desk.core.store import Store
from sm_desk.core.tasks import service
from sm_desk.ui.context import AppContext
from sm_desk.ui.dashboard.page import DashboardPage
from tests.conftest import FIXED_TODAY


def test_a_hidden_dashboard_refreshes_when_shown_again(qtbot: QtBot, demo_store: Store) -> None:
    page = DashboardPage(AppContext(demo_store), today=lambda: FIXED_TODAY)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    assert page.data is not None
    shown = page.data
    page.hide()
    service.create_task(demo_store, "Call the printer", due=FIXED_TODAY.isoformat())
    assert page.data is shown  # nothing read while hidden
    page.show()
    assert page.data is not shown
    assert page.data.tasks_today_count == shown.tasks_today_count + 1
    assert f"{page.data.tasks_today_count} today" in page.today_card.number.text()


def test_a_database_file_fills_the_cards_from_a_thread(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "business.db"
    store = Store.open(path)
    generate_demo(store, "small", seed=1, today=FIXED_TODAY)
    page = DashboardPage(AppContext(store), today=lambda: FIXED_TODAY, defer=True)
    qtbot.addWidget(page)
    page.show()
    page.ctx.first_paint_done()
    assert page.data is None  # the first paint does not wait for the figures
    qtbot.waitUntil(lambda: page.data is not None, timeout=10_000)
    expected = build_dashboard(store, FIXED_TODAY)
    assert page.data.cracks == expected.cracks
    assert page.data.tasks_overdue_count == expected.tasks_overdue_count
    assert page.cracks_card.number.text() == str(expected.cracks_total)
    # a change while shown: read again in the thread, the cards follow
    service.create_task(store, "Call the printer", due=FIXED_TODAY.isoformat())
    qtbot.waitUntil(lambda: page.data is not None and page.data.tasks_today_count
                    == expected.tasks_today_count + 1, timeout=10_000)
    page.close()
    store.close()


def test_closing_during_a_build_does_not_wait_for_it(qtbot: QtBot, tmp_path: Path) -> None:
    import shiboken6

    path = tmp_path / "business.db"
    store = Store.open(path)
    generate_demo(store, "small", seed=1, today=date(2026, 11, 23))
    page = DashboardPage(AppContext(store), defer=True)
    page.show()
    page.ctx.first_paint_done()
    qtbot.waitUntil(lambda: page._builder is not None)
    builder = page._builder
    shiboken6.delete(page)  # as the main window does on close, before closing the store
    store.close()
    assert builder is not None
    qtbot.waitUntil(lambda: not builder.running, timeout=10_000)
