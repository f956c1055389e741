"""Timing helpers for the lead's benchmark script (not a test).

Each figure is from the click (on the page's next button) to the end of the
repaint, with events processed until idle.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, Qt, QThreadPool
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from sm_desk.ui.marketing.page import MarketingPage


def _settle() -> None:
    for _ in range(3):
        QCoreApplication.sendPostedEvents()
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents)


def _steady() -> None:
    """Let the reads pages start in the pool thread when they open (the campaign figures,
    the dashboard's) finish and show, so a figure times the switch alone."""
    QThreadPool.globalInstance().waitForDone()
    _settle()


def _time_clicks(page: MarketingPage, view: str, runs: int) -> list[float]:
    page.set_view(view)
    page.show()
    _steady()
    samples = []
    shown = page.time_grid if view in ("week", "day") else page.grid  # what repaints
    for i in range(runs):
        painted = shown.paint_count
        button = page.next_button if i % 2 == 0 else page.prev_button
        started = time.perf_counter()
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)
        _settle()
        if shown.paint_count == painted:  # make sure the repaint is in the figure
            shown.repaint()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def time_month_switch(page: MarketingPage, runs: int = 7) -> list[float]:
    """Milliseconds per month switch (alternating next/previous), `runs` samples."""
    return _time_clicks(page, "month", runs)


def time_week_switch(page: MarketingPage, runs: int = 7) -> list[float]:
    """Milliseconds per week switch, `runs` samples."""
    return _time_clicks(page, "week", runs)


# -- the plan view (months ahead) ---------------------------------------------------------

def _time_plan(page: MarketingPage, runs: int, before: Callable[[int], None],
               action: Callable[[int], None]) -> list[float]:
    """ms from `action(i)` to the end of the plan's repaint; `before(i)` is not timed."""
    page.show()
    page.set_view("plan")
    _steady()
    timeline = page.plan.timeline
    samples = []
    for i in range(runs):
        before(i)
        _settle()
        painted = timeline.paint_count
        started = time.perf_counter()
        action(i)
        _settle()
        if timeline.paint_count == painted:  # make sure the repaint is in the figure
            timeline.repaint()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def time_plan_switch(page: MarketingPage, runs: int = 7) -> list[float]:
    """ms per plan range switch: Half-year, Year, Quarter, next, previous in turn."""
    plan = page.plan
    steps: list[QWidget] = [plan.range_button[kind] for kind in ("half", "year", "quarter")]
    steps += [plan.next_button, plan.prev_button]
    return _time_plan(page, runs, lambda i: None,
                      lambda i: QTest.mouseClick(steps[i % len(steps)], Qt.MouseButton.LeftButton))


def time_plan_year(page: MarketingPage, runs: int = 7) -> list[float]:
    """ms to show a year's plan read afresh from the store (the cold case: after an edit)."""
    plan = page.plan

    def reset(_i: int) -> None:
        plan.set_kind("quarter")
        plan.source = None  # what an edit does: the next view reads the store again

    year = plan.range_button["year"]
    return _time_plan(page, runs, reset,
                      lambda i: QTest.mouseClick(year, Qt.MouseButton.LeftButton))


def _in_page(db: Path, runs: int, timer: Callable[[MarketingPage, int], list[float]]
             ) -> list[float]:
    from sm_desk.bench import in_window

    _app, window = in_window(db)
    page = window.show_workspace("marketing")
    assert isinstance(page, MarketingPage)
    samples = timer(page, runs)
    window.close()
    return samples


def plan_switch(db: Path, runs: int) -> list[float]:
    """The benchmark's probe: plan range switches on `db` (see time_plan_switch)."""
    return _in_page(db, runs, time_plan_switch)


def plan_year(db: Path, runs: int) -> list[float]:
    """A year's plan read afresh on `db` (see time_plan_year)."""
    return _in_page(db, runs, time_plan_year)
