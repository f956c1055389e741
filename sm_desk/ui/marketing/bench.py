"""Timing helpers for the lead's benchmark script (not a test).

Each figure is from the click (on the page's next button) to the end of the
repaint, with events processed until idle.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, QEventLoop, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from sm_desk.ui.marketing.page import MarketingPage


def _settle() -> None:
    for _ in range(3):
        QCoreApplication.sendPostedEvents()
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents)


def _time_clicks(page: MarketingPage, view: str, runs: int) -> list[float]:
    page.set_view(view)
    page.show()
    _settle()
    samples = []
    for i in range(runs):
        painted = page.grid.paint_count
        button = page.next_button if i % 2 == 0 else page.prev_button
        started = time.perf_counter()
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)
        _settle()
        if page.grid.paint_count == painted:  # make sure the repaint is in the figure
            page.grid.repaint()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def time_month_switch(page: MarketingPage, runs: int = 7) -> list[float]:
    """Milliseconds per month switch (alternating next/previous), `runs` samples."""
    return _time_clicks(page, "month", runs)


def time_week_switch(page: MarketingPage, runs: int = 7) -> list[float]:
    """Milliseconds per week switch, `runs` samples."""
    return _time_clicks(page, "week", runs)
