"""The week and day views with hours down the side, used as a person would: drag a
touch to another day and time, drag its bottom edge, double-click an empty slot,
Esc mid-drag, Ctrl+Z, keys. Run with the computer set to Berlin and Los Angeles."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from sm_desk.core.marketing.campaigns import new_id
from sm_desk.core.marketing.touches import create_touch
from sm_desk.core.store import Store
from sm_desk.ui.marketing.dialogs import TouchDialog
from sm_desk.ui.marketing.page import MarketingPage
from sm_desk.ui.marketing.time_grid import TimeGrid
from tests.touch_rows import computer_in
from tests.ui.test_marketing import _drag, _page, _save

ZONES = ("Europe/Berlin", "America/Los_Angeles")
TUE, WED, THU = date(2026, 11, 24), date(2026, 11, 25), date(2026, 11, 26)


def _touch(store: Store, title: str, start: str, tz: str, minutes: int = 60,
           all_day: bool = False) -> int:
    return new_id(create_touch(store, {"title": title, "kind": "webinar", "start_local": start,
                                       "tz": tz, "duration_minutes": minutes,
                                       "all_day": all_day}), "touches")


def _week(qtbot: QtBot, store: Store, view: str = "week") -> tuple[MarketingPage, TimeGrid]:
    page = _page(qtbot, store)  # opens on Monday 23 November 2026
    page.set_view(view)
    qtbot.wait(10)
    return page, page.time_grid


def _grab_point(grid: TimeGrid, tid: int) -> QPoint:
    rect = grid.item_rect((tid, None))
    assert rect is not None, "the touch is painted in the grid"
    return QPoint(rect.center().x(), rect.top() + 4)


def _start(store: Store, tid: int) -> str:
    row = store.get("touches", tid)
    assert row is not None
    return str(row["start_local"])


@pytest.mark.parametrize("computer, touch_zone, stored", [
    ("Europe/Berlin", "Europe/Berlin", "2026-11-26T14:30:00"),
    ("America/Los_Angeles", "America/Los_Angeles", "2026-11-26T14:30:00"),
    # dropped on 14:30 in Los Angeles: a touch kept in Berlin's time is at 23:30 there
    ("America/Los_Angeles", "Europe/Berlin", "2026-11-26T23:30:00"),
])
def test_drag_a_touch_to_another_day_and_time_then_undo(qtbot: QtBot, store: Store,
                                                        computer: str, touch_zone: str,
                                                        stored: str) -> None:
    with computer_in(computer):
        local_ten = "2026-11-24T10:00:00" if computer == touch_zone else "2026-11-24T19:00:00"
        tid = _touch(store, "Webinar", local_ten, touch_zone)
        page, grid = _week(qtbot, store)
        assert [o.title for o in grid.items_on(TUE)] == ["Webinar"]  # Tuesday 10:00 here
        press = _grab_point(grid, tid)
        grabbed_below_start = press.y() - grid.slot_point(TUE, 10 * 60).y()
        drop = grid.slot_point(THU, 14 * 60 + 30) + QPoint(0, grabbed_below_start + 3)
        _drag(grid.body, press, drop)

        assert _start(store, tid) == stored
        assert store.get("touches", tid)["tz"] == touch_zone  # type: ignore[index]
        assert grid.items_on(TUE) == [] and [o.title for o in grid.items_on(THU)] == ["Webinar"]
        moved = grid.items_on(THU)[0]
        assert f"{moved.start.astimezone():%a %H:%M}" == "Thu 14:30"
        assert store.undo_label == "Move Webinar"  # one step

        store.undo()
        assert _start(store, tid) == local_ten
        assert [o.title for o in grid.items_on(TUE)] == ["Webinar"]  # repainted back


@pytest.mark.parametrize("computer", ZONES)
def test_drag_the_bottom_edge_changes_the_duration(qtbot: QtBot, store: Store,
                                                   computer: str) -> None:
    with computer_in(computer):
        tid = _touch(store, "Workshop", "2026-11-25T10:00:00", computer)
        page, grid = _week(qtbot, store)
        rect = grid.item_rect((tid, None))
        assert rect is not None
        before = rect.height()
        edge = QPoint(rect.center().x(), rect.bottom() - 2)
        _drag(grid.body, edge, grid.slot_point(WED, 11 * 60 + 45) + QPoint(0, 2))

        row = store.get("touches", tid)
        assert row is not None
        assert (row["duration_minutes"], row["start_local"]) == (105, "2026-11-25T10:00:00")
        after = grid.item_rect((tid, None))
        assert after is not None and after.height() > before * 1.6  # 1 h 45 min, drawn taller
        store.undo()
        assert store.get("touches", tid)["duration_minutes"] == 60  # type: ignore[index]


def _fill_dialog_when_open(qtbot: QtBot, title: str, seen: list[TouchDialog]) -> None:
    def attempt() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, TouchDialog):
            QTimer.singleShot(20, attempt)
            return
        seen.append(dialog)
        qtbot.keyClicks(dialog.title, title)
        _save(qtbot, dialog)
    QTimer.singleShot(0, attempt)


@pytest.mark.parametrize("computer", ZONES)
def test_double_click_an_empty_slot_files_a_touch_there(qtbot: QtBot, store: Store,
                                                        computer: str) -> None:
    with computer_in(computer):
        page, grid = _week(qtbot, store)
        seen: list[TouchDialog] = []
        _fill_dialog_when_open(qtbot, "Client breakfast", seen)
        QTest.mouseDClick(grid.body, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                          grid.slot_point(WED, 15 * 60 + 7))
        assert seen, "the touch dialog opened"
        assert f"{seen[0].date.date().toPython()} {seen[0].time.time().toString('HH:mm')}" == \
            "2026-11-25 15:00"  # prefilled with the slot that was double-clicked
        row = store.query_one("SELECT title, start_local, tz, all_day FROM touches")
        assert row == {"title": "Client breakfast", "start_local": "2026-11-25T15:00:00",
                       "tz": computer, "all_day": 0}
        shown = grid.items_on(WED)
        assert [(o.title, f"{o.start.astimezone():%H:%M}") for o in shown] == \
            [("Client breakfast", "15:00")]


def test_double_click_in_the_all_day_strip_files_an_all_day_touch(qtbot: QtBot,
                                                                  store: Store) -> None:
    page, grid = _week(qtbot, store)
    seen: list[TouchDialog] = []
    _fill_dialog_when_open(qtbot, "Holiday sale", seen)
    x = grid.slot_point(THU, 0).x()
    QTest.mouseDClick(grid.head, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                      QPoint(x, grid.head.height() - 8))
    assert seen and seen[0].all_day.isChecked()
    row = store.query_one("SELECT start_local, all_day FROM touches")
    assert row == {"start_local": "2026-11-26", "all_day": 1}


@pytest.mark.parametrize("computer", ZONES)
def test_escape_during_a_drag_changes_nothing(qtbot: QtBot, store: Store, computer: str) -> None:
    with computer_in(computer):
        tid = _touch(store, "Webinar", "2026-11-24T10:00:00", computer)
        page, grid = _week(qtbot, store)
        label = store.undo_label
        press = _grab_point(grid, tid)
        QTest.mousePress(grid.body, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         press)
        QTest.mouseMove(grid.body, press + QPoint(0, 30))
        QTest.mouseMove(grid.body, grid.slot_point(THU, 16 * 60))
        assert grid.drag is not None and grid.drag.active  # a ghost is following the mouse
        QTest.keyClick(grid, Qt.Key.Key_Escape)
        QTest.mouseRelease(grid.body, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                           grid.slot_point(THU, 16 * 60))
        assert _start(store, tid) == "2026-11-24T10:00:00"
        assert store.undo_label == label  # no step was written
        assert [o.title for o in grid.items_on(TUE)] == ["Webinar"]


def test_overlapping_touches_sit_side_by_side_sized_by_duration(qtbot: QtBot,
                                                                store: Store) -> None:
    long = _touch(store, "Two hours", "2026-11-25T09:00:00", "UTC", minutes=120)
    short = _touch(store, "One hour", "2026-11-25T10:00:00", "UTC", minutes=60)
    later = _touch(store, "After", "2026-11-25T13:00:00", "UTC", minutes=60)
    with computer_in("UTC"):
        page, grid = _week(qtbot, store)
        a, b, c = (grid.item_rect((t, None)) for t in (long, short, later))
        assert a is not None and b is not None and c is not None
        assert not a.intersects(b) and a.right() < b.left()  # side by side, both readable
        assert abs(a.height() - 2 * b.height()) <= 3  # two hours twice as tall as one
        assert b.top() > a.top()  # placed by start
        assert c.width() > a.width() + b.width() - 4  # alone: the whole column


def test_all_day_touch_dragged_to_another_day(qtbot: QtBot, store: Store) -> None:
    tid = _touch(store, "Launch day", "2026-11-24", "UTC", all_day=True)
    page, grid = _week(qtbot, store)
    rect = grid.item_rect((tid, None))
    assert rect is not None
    target = QPoint(grid.slot_point(THU, 0).x(), rect.center().y())
    _drag(grid.head, rect.center(), target)
    assert _start(store, tid) == "2026-11-26"
    store.undo()
    assert _start(store, tid) == "2026-11-24"


def test_keys_switch_views_move_the_selection_and_delete_asks(
        qtbot: QtBot, store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    first = _touch(store, "Morning post", "2026-11-24T09:00:00", "UTC")
    second = _touch(store, "Evening post", "2026-11-25T18:00:00", "UTC")
    with computer_in("UTC"):
        page, grid = _week(qtbot, store)
        grid.setFocus()
        page.go_to(TUE)
        qtbot.keyClick(grid, Qt.Key.Key_Down)  # the first touch of the selected day
        assert grid.selected_key == (first, None)
        qtbot.keyClick(grid, Qt.Key.Key_Right)  # next day, its touch nearest in time
        assert page.grid.selected == WED and grid.selected_key == (second, None)

        qtbot.keyClick(grid, Qt.Key.Key_D)
        assert page.view == "day" and page.title.text() == "Wed 25 Nov 2026"
        assert [o.title for o in grid.items_on(WED)] == ["Evening post"]
        qtbot.keyClick(grid, Qt.Key.Key_PageDown)
        assert grid.first_day == THU and grid.days == 1
        qtbot.keyClick(grid, Qt.Key.Key_W)
        assert page.view == "week" and grid.first_day == date(2026, 11, 23)

        asked: list[str] = []

        def answer(parent: object, title: str, text: str, *args: object) -> object:
            asked.append(text)
            return QMessageBox.StandardButton.No if len(asked) == 1 else \
                QMessageBox.StandardButton.Yes
        monkeypatch.setattr(QMessageBox, "question", answer)
        page.go_to(WED)
        grid.selected_key = (second, None)
        qtbot.keyClick(grid, Qt.Key.Key_Delete)  # asked, answered No: still there
        assert "Evening post" in asked[0] and store.get("touches", second) is not None
        qtbot.keyClick(grid, Qt.Key.Key_Delete)
        assert store.get("touches", second) is None and grid.items_on(WED) == []
        store.undo()
        assert [o.title for o in grid.items_on(WED)] == ["Evening post"]


def test_w_and_d_in_the_month_view_open_the_hours(qtbot: QtBot, store: Store) -> None:
    _touch(store, "Webinar", "2026-11-25T16:00:00", "UTC")
    with computer_in("UTC"):
        page = _page(qtbot, store)
        page.grid.setFocus()
        qtbot.keyClick(page.grid, Qt.Key.Key_W)
        assert page.view == "week" and page.stack.currentWidget() is page.time_grid
        assert page.focusWidget() is page.time_grid  # the keys keep working in the new view
        qtbot.keyClick(page.time_grid, Qt.Key.Key_M)
        qtbot.keyClick(page.grid, Qt.Key.Key_D)
        assert page.view == "day" and page.time_grid.days == 1
        bar = page.time_grid.hours.verticalScrollBar()
        assert bar.value() > 0  # opened on the working day, not at midnight


def test_dragging_one_of_a_series_asks_and_this_and_following_splits_it(
        qtbot: QtBot, store: Store) -> None:
    from tests.ui.test_marketing import answer_scope

    with computer_in("Europe/Berlin"):
        tid = new_id(create_touch(store, {
            "title": "Standup post", "kind": "social_post", "start_local": "2026-11-16T10:00:00",
            "tz": "Europe/Berlin", "rrule": "FREQ=WEEKLY;COUNT=4"}), "touches")
        page, grid = _week(qtbot, store)  # the week of the 23rd: the second occurrence
        rect = grid.item_rect((tid, "2026-11-23T10:00:00"))
        assert rect is not None
        press = QPoint(rect.center().x(), rect.top() + 4)
        below = press.y() - grid.slot_point(date(2026, 11, 23), 10 * 60).y()
        drop = grid.slot_point(date(2026, 11, 23), 15 * 60) + QPoint(0, below + 3)
        answer_scope(qtbot, "following")
        _drag(grid.body, press, drop)
        rows = store.query("SELECT start_local, rrule FROM touches ORDER BY id")
        assert rows == [{"start_local": "2026-11-16T10:00:00", "rrule": "FREQ=WEEKLY;COUNT=1"},
                        {"start_local": "2026-11-23T15:00:00", "rrule": "FREQ=WEEKLY;COUNT=3"}]
        assert [f"{o.start.astimezone():%a %H:%M}" for o in grid.items_on(date(2026, 11, 23))] \
            == ["Mon 15:00"]
