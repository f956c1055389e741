"""Marketing workspace through the GUI: dialogs, drag to reschedule, Ctrl+Z, keys, filters."""

from __future__ import annotations

from datetime import UTC, date, datetime

from PySide6.QtCore import QPoint, Qt, QTime, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QWidget
from pytestqt.qtbot import QtBot

from sm_desk.core.marketing.calendar import occurrences
from sm_desk.core.marketing.campaigns import create_campaign, new_id
from sm_desk.core.marketing.touches import create_touch
from sm_desk.core.store import Store
from sm_desk.ui.context import AppContext
from sm_desk.ui.main_window import MainWindow
from sm_desk.ui.marketing.dialogs import CampaignDialog, TouchDialog
from sm_desk.ui.marketing.page import MarketingPage
from sm_desk.ui.marketing.scope_question import ScopeQuestion
from tests.conftest import FIXED_TODAY
from tests.touch_rows import computer_in, timed

NOV = (datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 12, 1, tzinfo=UTC))


def _page(qtbot: QtBot, store: Store) -> MarketingPage:
    page = MarketingPage(AppContext(store))
    qtbot.addWidget(page)
    page.resize(1300, 800)
    page.show()
    qtbot.waitExposed(page)
    page.go_to(FIXED_TODAY)
    return page


def _save(qtbot: QtBot, dialog: CampaignDialog | TouchDialog) -> None:
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save),
                     Qt.MouseButton.LeftButton)


def answer_scope(qtbot: QtBot, scope: str | None) -> None:
    """Answer the "this / following / all" question the next action asks (None: Cancel),
    as a person would: pick the radio button, press the button."""
    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ScopeQuestion), dialog
        if scope is None:
            dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
            return
        qtbot.mouseClick(dialog.choice.buttons[scope], Qt.MouseButton.LeftButton)
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok),
                         Qt.MouseButton.LeftButton)
    QTimer.singleShot(50, answer)


def _drag(grid: QWidget, start: QPoint, end: QPoint) -> None:
    QTest.mousePress(grid, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(grid, (start + end) / 2)
    QTest.mouseMove(grid, end)
    QTest.mouseRelease(grid, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)


def test_campaign_then_recurring_touch_through_the_dialogs(qtbot: QtBot, store: Store) -> None:
    page = _page(qtbot, store)
    dialog = CampaignDialog(store, parent=page)
    qtbot.addWidget(dialog)
    _save(qtbot, dialog)  # no name: refused, the reason shows and nothing is written
    assert "name" in dialog.error.text() and store.scalar("SELECT count(*) FROM campaigns") == 0
    qtbot.keyClicks(dialog.name, "Winter nurture letter")
    dialog.audience.setCurrentIndex(dialog.audience.findData("nurture"))
    dialog.budget.clear()
    qtbot.keyClicks(dialog.budget, "1,250.50")
    qtbot.keyClicks(dialog.start, "2026-11-01")
    _save(qtbot, dialog)
    row = store.query_one("SELECT * FROM campaigns")
    assert row is not None
    assert (row["name"], row["budget_minor"], row["audience_segment"], row["start_date"]) == \
        ("Winter nurture letter", 125050, "nurture", "2026-11-01")
    assert page.campaign_model.rowCount() == 1  # the list repainted from ctx.changed

    touch = TouchDialog(store, day=date(2026, 11, 3), campaign_id=row["id"], parent=page)
    qtbot.addWidget(touch)
    qtbot.keyClicks(touch.title, "Nurture newsletter")
    touch.kind.setCurrentIndex(touch.kind.findData("newsletter"))
    touch.repeat.setCurrentIndex(touch.repeat.findData("weekly"))
    touch.count.setValue(6)
    assert touch.repeat_editor.words.text() == "Every Tuesday at 09:00, 6 times"
    _save(qtbot, touch)
    saved = store.query_one("SELECT * FROM touches")
    assert saved is not None
    assert (saved["title"], saved["rrule"], saved["campaign_id"]) == \
        ("Nurture newsletter", "FREQ=WEEKLY;COUNT=6;BYDAY=TU", row["id"])
    shown = [o.day() for d in range(1, 31) for o in page.grid.items_on(date(2026, 11, d))]
    assert shown == [date(2026, 11, 3), date(2026, 11, 10), date(2026, 11, 17), date(2026, 11, 24)]


def test_bad_rule_in_the_touch_dialog_is_explained(qtbot: QtBot, store: Store) -> None:
    touch = TouchDialog(store, day=date(2026, 11, 3))
    qtbot.addWidget(touch)
    qtbot.keyClicks(touch.title, "Spam")
    touch.repeat.setCurrentIndex(touch.repeat.findData("custom"))
    qtbot.keyClicks(touch.rule, "FREQ=DAILY;COUNT=1000000000")
    _save(qtbot, touch)
    assert "COUNT=1000000000" in touch.error.text()
    assert store.scalar("SELECT count(*) FROM touches") == 0


def test_drag_a_touch_to_another_day_then_ctrl_z(window: MainWindow, qtbot: QtBot,
                                                 demo_store: Store) -> None:
    page = window.show_workspace("marketing")
    assert isinstance(page, MarketingPage)
    page.go_to(FIXED_TODAY)
    qtbot.wait(10)
    grid = page.grid
    # a one-off touch on a day of this month that has room to show it
    target = next(o for d in range(2, 27) for o in grid.items_on(date(2026, 11, d))
                  if not o.recurring and grid.item_rect(o.key) is not None)
    before = demo_store.get("touches", target.touch_id)
    assert before is not None
    rect = grid.item_rect(target.key)
    assert rect is not None
    new_day = date(2026, 11, target.day().day + 1)
    _drag(grid, rect.center(), grid.day_rect(new_day).center())
    after = demo_store.get("touches", target.touch_id)
    assert after is not None
    assert after["starts_at"][11:] == before["starts_at"][11:]  # same time of day
    assert datetime.fromisoformat(after["starts_at"]).astimezone().date() == new_day or \
        after["all_day"] and after["starts_at"][:10] == new_day.isoformat()
    assert any(o.touch_id == target.touch_id for o in grid.items_on(new_day))
    assert demo_store.undo_label == f"Move {before['title']}"

    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert demo_store.get("touches", target.touch_id)["starts_at"] == before["starts_at"]  # type: ignore[index]
    assert not any(o.touch_id == target.touch_id for o in grid.items_on(new_day))


def test_drag_one_occurrence_of_a_series_leaves_the_rest(qtbot: QtBot, store: Store) -> None:
    tid = new_id(create_touch(store, {"title": "Weekly letter", "kind": "newsletter",
                                      "starts_at": "2026-11-03T10:00:00Z",
                                      "rrule": "FREQ=WEEKLY;COUNT=4"}), "touches")
    page = _page(qtbot, store)
    second = page.grid.items_on(date(2026, 11, 10))[0]
    rect = page.grid.item_rect(second.key)
    assert rect is not None
    answer_scope(qtbot, None)  # cancelled: nothing moves
    _drag(page.grid, rect.center(), page.grid.day_rect(date(2026, 11, 12)).center())
    assert store.scalar("SELECT count(*) FROM touch_occurrences") == 0
    answer_scope(qtbot, "this")
    _drag(page.grid, rect.center(), page.grid.day_rect(date(2026, 11, 12)).center())
    assert store.query("SELECT original_start, new_start FROM touch_occurrences") == [
        {"original_start": timed("2026-11-10T10:00:00Z")["start_local"],
         "new_start": timed("2026-11-12T10:00:00Z")["start_local"]}]
    assert [o.start.day for o in occurrences(store, *NOV)] == [3, 12, 17, 24]
    assert store.get("touches", tid)["starts_at"] == "2026-11-03T10:00:00Z"  # type: ignore[index]
    store.undo()
    assert store.scalar("SELECT count(*) FROM touch_occurrences") == 0
    assert page.grid.items_on(date(2026, 11, 10))  # repainted back


def test_keyboard_navigation_and_views(qtbot: QtBot, demo_store: Store) -> None:
    page = _page(qtbot, demo_store)
    grid = page.grid
    grid.setFocus()
    qtbot.keyClick(grid, Qt.Key.Key_Right)
    assert grid.selected == date(2026, 11, 24)
    qtbot.keyClick(grid, Qt.Key.Key_Down)
    assert grid.selected == date(2026, 12, 1) and page.title.text() == "December 2026"
    qtbot.keyClick(grid, Qt.Key.Key_PageUp)
    assert grid.selected == date(2026, 11, 1) and page.title.text() == "November 2026"
    qtbot.keyClick(grid, Qt.Key.Key_PageDown)
    qtbot.keyClick(grid, Qt.Key.Key_PageDown)
    assert grid.selected == date(2027, 1, 1) and page.title.text() == "January 2027"
    qtbot.keyClick(grid, Qt.Key.Key_T)
    assert grid.selected == date.today()
    page.go_to(FIXED_TODAY)
    qtbot.mouseClick(page.findChild(type(page.today_button), "view_week"),
                     Qt.MouseButton.LeftButton)
    assert grid.first_day == date(2026, 11, 23) and "23 Nov" in page.title.text()
    qtbot.mouseClick(page.next_button, Qt.MouseButton.LeftButton)
    assert grid.first_day == date(2026, 11, 30)
    page.set_view("agenda")
    assert page.agenda_model.rowCount() > 0
    assert all(o.start >= datetime(2026, 11, 29, tzinfo=UTC) for o in page.agenda_model.rows)


def test_filters_by_campaign_and_kind(qtbot: QtBot, store: Store) -> None:
    a = new_id(create_campaign(store, {"name": "Alpha", "colour": "#112233"}), "campaigns")
    b = new_id(create_campaign(store, {"name": "Beta"}), "campaigns")
    for cid, kind, day in ((a, "gift", 4), (a, "ad", 5), (b, "gift", 6)):
        create_touch(store, {"title": f"{kind} {day}", "kind": kind, "campaign_id": cid,
                             "start_local": f"2026-11-{day:02d}T12:00:00"})
    page = _page(qtbot, store)
    page.campaign_filter.setCurrentIndex(page.campaign_filter.findData(a))
    assert page.count_label.text() == "2 touches shown"
    page.kind_filter.setCurrentIndex(page.kind_filter.findData("gift"))
    titles = [o.title for d in range(1, 31) for o in page.grid.items_on(date(2026, 11, d))]
    assert titles == ["gift 4"]
    assert page.grid.items_on(date(2026, 11, 4))[0].colour == "#112233"


def test_busy_day_shows_plus_more(qtbot: QtBot, store: Store) -> None:
    for i in range(30):
        create_touch(store, {"title": f"Post {i}", "kind": "social_post",
                             "start_local": f"2026-11-11T{8 + i // 4:02d}:{i % 4 * 15:02d}:00"})
    page = _page(qtbot, store)
    # the month view holds a day's first chips and its count, not all 30 touches
    busy = page.grid.items_on(date(2026, 11, 11))
    painted = [o for o in busy if page.grid.item_rect(o.key) is not None]
    assert page.grid.count_on(date(2026, 11, 11)) == 30 and 0 < len(painted) < 30
    assert [o.title for o in painted] == [f"Post {i}" for i in range(len(painted))]
    assert page.count_label.text() == "30 touches shown"
    # "+k more" sits under the last painted line and opens the agenda from that day
    last = page.grid.item_rect(painted[-1].key)
    assert last is not None
    qtbot.mouseClick(page.grid, Qt.MouseButton.LeftButton, pos=last.center() + QPoint(0, 18))
    assert page.view == "agenda" and page.agenda_model.rows[0].title == "Post 0"


def test_weekly_touch_made_in_berlin_winter_shows_at_0900_in_april(qtbot: QtBot,
                                                                  store: Store) -> None:
    with computer_in("Europe/Berlin"):
        page = _page(qtbot, store)
        page.go_to(date(2026, 3, 3))
        dialog = TouchDialog(store, day=date(2026, 3, 3), parent=page)
        qtbot.addWidget(dialog)
        assert dialog.zone.currentText() == "Europe/Berlin"  # the computer's zone by default
        qtbot.keyClicks(dialog.title, "Tuesday letter")
        dialog.time.setTime(QTime(9, 0))
        dialog.repeat.setCurrentIndex(dialog.repeat.findData("weekly"))
        dialog.count.setValue(10)
        _save(qtbot, dialog)
        saved = store.query_one("SELECT start_local, tz, rrule FROM touches")
        assert saved == {"start_local": "2026-03-03T09:00:00", "tz": "Europe/Berlin",
                         "rrule": "FREQ=WEEKLY;COUNT=10;BYDAY=TU"}
        qtbot.mouseClick(page.next_button, Qt.MouseButton.LeftButton)  # to April, after DST
        april = [o for d in range(1, 31) for o in page.grid.items_on(date(2026, 4, d))]
        assert [o.day() for o in april] == [date(2026, 4, d) for d in (7, 14, 21, 28)]
        assert {o.start.astimezone().strftime("%a %H:%M") for o in april} == {"Tue 09:00"}


def _series(store: Store) -> int:
    return new_id(create_touch(store, {"title": "Letter", "kind": "newsletter",
                                       "start_local": "2026-11-03T09:00:00", "tz": "UTC",
                                       "rrule": "FREQ=WEEKLY;BYDAY=TU;COUNT=8"}), "touches")


def test_edit_this_and_following_on_the_fifth_occurrence(qtbot: QtBot, store: Store) -> None:
    tid = _series(store)
    dialog = TouchDialog(store, tid, occurrence="2026-12-01T09:00:00")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.date.date().toPython() == date(2026, 12, 1)  # the occurrence, not the first
    assert dialog.repeat_editor.words.text() == "Every Tuesday at 09:00, 8 times"
    dialog.title.clear()
    qtbot.keyClicks(dialog.title, "Advent letter")
    qtbot.mouseClick(dialog.scope.buttons["following"], Qt.MouseButton.LeftButton)
    _save(qtbot, dialog)
    rows = store.query("SELECT title, start_local, rrule FROM touches ORDER BY id")
    assert rows == [
        {"title": "Letter", "start_local": "2026-11-03T09:00:00",
         "rrule": "FREQ=WEEKLY;COUNT=4;BYDAY=TU"},
        {"title": "Advent letter", "start_local": "2026-12-01T09:00:00",
         "rrule": "FREQ=WEEKLY;COUNT=4;BYDAY=TU"}]


def test_delete_one_occurrence_asks_and_keeps_the_rest(qtbot: QtBot, store: Store) -> None:
    tid = _series(store)
    page = _page(qtbot, store)
    dialog = TouchDialog(store, tid, occurrence="2026-11-10T09:00:00", parent=page)
    qtbot.addWidget(dialog)
    delete = next(b for b in dialog.buttons.buttons() if b.text() == "Delete…")
    answer_scope(qtbot, "this")
    qtbot.mouseClick(delete, Qt.MouseButton.LeftButton)
    assert store.scalar("SELECT count(*) FROM touches") == 1
    left = [o.day() for o in occurrences(store, datetime(2026, 11, 1, tzinfo=UTC),
                                         datetime(2027, 1, 1, tzinfo=UTC))]
    assert len(left) == 7 and date(2026, 11, 10) not in left
    assert not page.grid.items_on(date(2026, 11, 10))  # repainted
