"""The plan view (months ahead) through the GUI: it opens on this quarter; dragging a
campaign bar moves the campaign with every touch of it (series and overrides too),
dragging an end changes a date, Esc cancels, Ctrl+Z (store undo) puts it all back."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from sm_desk.core.marketing.campaigns import create_campaign, new_id
from sm_desk.core.marketing.plan import plan_range
from sm_desk.core.marketing.touches import create_touch, set_occurrence_status
from sm_desk.core.store import Store
from sm_desk.ui.context import AppContext
from sm_desk.ui.marketing.page import MarketingPage
from sm_desk.ui.marketing.plan_timeline import PlanTimeline
from sm_desk.ui.marketing.plan_view import PlanView


def _plan(qtbot: QtBot, store: Store) -> tuple[MarketingPage, PlanView]:
    page = MarketingPage(AppContext(store))
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    qtbot.waitExposed(page)
    qtbot.mouseClick(page.findChild(QPushButton, "view_plan"), Qt.MouseButton.LeftButton)
    assert page.stack.currentWidget() is page.plan
    return page, page.plan


def _campaign(store: Store) -> tuple[int, date, list[int]]:
    """A campaign in this quarter with a one-off, an all-day and a weekly series touch
    (one occurrence skipped)."""
    first = plan_range("quarter", date.today()).first + timedelta(days=7)
    cid = new_id(create_campaign(store, {
        "name": "Autumn push", "start_date": first.isoformat(),
        "end_date": (first + timedelta(days=50)).isoformat(), "budget_minor": 500_000}),
        "campaigns")
    at = datetime.combine(first + timedelta(days=3), datetime.min.time()).replace(hour=9)
    touches = [new_id(create_touch(store, {
        "title": title, "kind": "newsletter", "campaign_id": cid, "tz": "Europe/Berlin",
        "start_local": start, **extra}), "touches") for title, start, extra in (
        ("Letter", at.isoformat(), {}),
        ("Fair", (first + timedelta(days=20)).isoformat(), {"all_day": True}),
        ("Weekly post", at.isoformat(), {"rrule": "FREQ=WEEKLY;COUNT=6"}))]
    set_occurrence_status(store, touches[2], (at + timedelta(days=14)).isoformat(), "skipped")
    return cid, first, touches


def _rows(store: Store) -> list[Any]:
    return [store.query(f"SELECT * FROM {t} ORDER BY id")
            for t in ("campaigns", "touches", "touch_occurrences")]


def _drag(timeline: PlanTimeline, start: QPoint, end: QPoint, cancel: bool = False) -> None:
    QTest.mousePress(timeline, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(timeline, (start + end) / 2)
    QTest.mouseMove(timeline, end)
    if cancel:
        QTest.keyClick(timeline, Qt.Key.Key_Escape)
    QTest.mouseRelease(timeline, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)


def test_the_plan_opens_on_this_quarter_and_switches_ranges(qtbot: QtBot, store: Store) -> None:
    page, view = _plan(qtbot, store)
    quarter = plan_range("quarter", date.today())
    assert view.range == quarter
    assert view.title.text().startswith(quarter.label())
    assert not page.prev_button.isVisible()  # the plan's own controls stand in
    qtbot.mouseClick(view.findChild(QPushButton, "plan_year"), Qt.MouseButton.LeftButton)
    assert view.range == plan_range("year", date.today())
    qtbot.mouseClick(view.next_button, Qt.MouseButton.LeftButton)
    assert view.range.first == date(date.today().year + 1, 1, 1)
    page.set_view("month")
    assert page.prev_button.isVisible()
    page.activateWindow()
    page.grid.setFocus()
    QTest.keyClick(page.grid, Qt.Key.Key_P)
    assert page.stack.currentWidget() is view and page.view == "plan"


def test_dragging_a_bar_two_weeks_moves_every_touch_then_undo(qtbot: QtBot,
                                                              store: Store) -> None:
    cid, first, touch_ids = _campaign(store)
    before = _rows(store)
    _page, view = _plan(qtbot, store)
    timeline = view.timeline
    bar = timeline.bar_rect(cid)
    assert bar is not None
    grab = QPoint(bar.center().x(), bar.center().y())
    _drag(timeline, grab, grab + QPoint(round(14 * timeline.day_width()), 0))

    campaign = store.get("campaigns", cid)
    assert campaign is not None and campaign["start_date"] == \
        (first + timedelta(days=14)).isoformat()
    moved = {r["id"]: r for r in _rows(store)[1]}
    for old in before[1]:
        assert moved[old["id"]]["start_local"][:10] == \
            (date.fromisoformat(old["start_local"][:10]) + timedelta(days=14)).isoformat()
        assert moved[old["id"]]["start_local"][10:] == old["start_local"][10:]  # same time
    (override,), (old_override,) = _rows(store)[2], before[2]
    assert override["status"] == "skipped" and override["original_start"] == (
        datetime.fromisoformat(old_override["original_start"]) + timedelta(days=14)).isoformat()
    assert timeline.bar_rect(cid).left() > bar.left()  # type: ignore[union-attr]

    store.undo()
    assert _rows(store) == before
    assert timeline.bar_rect(cid) == bar


def test_dragging_an_end_changes_that_date_only(qtbot: QtBot, store: Store) -> None:
    cid, first, _ids = _campaign(store)
    before = _rows(store)
    _page, view = _plan(qtbot, store)
    timeline = view.timeline
    bar = timeline.bar_rect(cid)
    assert bar is not None
    end = QPoint(bar.right() - 1, bar.center().y())
    _drag(timeline, end, end + QPoint(round(10 * timeline.day_width()), 0))
    campaign = store.get("campaigns", cid)
    assert campaign is not None
    assert (campaign["start_date"], campaign["end_date"]) == (
        first.isoformat(), (first + timedelta(days=60)).isoformat())
    assert _rows(store)[1] == before[1]  # the touches stay
    store.undo()
    assert _rows(store) == before


def test_escape_cancels_a_drag(qtbot: QtBot, store: Store) -> None:
    cid, _first, _ids = _campaign(store)
    before = _rows(store)
    _page, view = _plan(qtbot, store)
    bar = view.timeline.bar_rect(cid)
    assert bar is not None
    _drag(view.timeline, bar.center(), bar.center() + QPoint(120, 0), cancel=True)
    assert _rows(store) == before and store.undo_label != "Move campaign"


def test_the_keyboard_moves_a_campaign_too(qtbot: QtBot, store: Store) -> None:
    cid, first, _ids = _campaign(store)
    _page, view = _plan(qtbot, store)
    timeline = view.timeline
    QTest.keyClick(timeline, Qt.Key.Key_Down)  # selects the first campaign
    assert timeline.selected_id == cid
    bar = timeline.bar_rect(cid)
    assert bar is not None and "Autumn push" in timeline.tip_at(bar.center())
    assert "Drag to move it with all its touches" in timeline.tip_at(bar.center())
    QTest.keyClick(timeline, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(timeline, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    campaign = store.get("campaigns", cid)
    assert campaign is not None and campaign["start_date"] == (first + timedelta(days=6)).isoformat()
    store.undo()
    store.undo()
    campaign = store.get("campaigns", cid)
    assert campaign is not None and campaign["start_date"] == first.isoformat()


def test_a_saved_view_brings_back_the_plan(qtbot: QtBot, store: Store) -> None:
    from sm_desk.ui.context import AppContext
    from sm_desk.ui.marketing.page import MarketingPage
    from tests.ui.test_trash_merge_views_fields import _pick

    page = MarketingPage(AppContext(store))
    qtbot.addWidget(page)
    page.set_view("plan")
    page.views.save_as("Months ahead")
    page.set_view("month")
    _pick(qtbot, page.views.combo, "Months ahead")
    assert page.view == "plan"
