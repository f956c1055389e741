"""Builds the dashboard's figures off the UI thread, for a database file.

On the xlarge demo (300,000 tasks, 1,000,000 activities, 500,000 contacts) the figures
take about a second to read: the weekly targets count each week's new contacts, the
best leads rank thousands of them, the touches expand their series. Read on the UI
thread, that second froze the window right after it first painted, and again after
every change. Here a pool thread reads them over its own query-only connection
(Store.reader; WAL: it never blocks the writer, and sqlite3 lets go of the GIL while a
query runs), and the result comes back to the UI thread as a queued signal; the cards
keep their last figures meanwhile. A store in memory (the tests) has no second connection: the page builds
those on the UI thread, as before.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from contextlib import suppress
from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal

from sm_desk.core.store import Store


class _Job(QRunnable):
    def __init__(self, run: Callable[[], None]) -> None:
        super().__init__()
        self._work = run

    def run(self) -> None:
        self._work()


def _warm(store: Store, today: date) -> None:
    """Load what the cards' text needs (the date formats' CLDR data, the assessment's
    labels) here, so showing the figures on the UI thread does not stop to load it
    (~50 ms the first time)."""
    from sm_desk.core.assessment.scoring import VERDICT_LABELS  # noqa: F401
    from sm_desk.core.datefmt import full_date, short_date, weekday_day
    from sm_desk.core.money import numbers_for
    from sm_desk.core.profile import is_set_up  # noqa: F401

    locale = numbers_for(store).locale
    full_date(today, locale)
    short_date(today, locale, today)
    weekday_day(today, locale)


class DashboardBuilder(QObject):
    """One build at a time; a request during a build runs once more when it ends, so the
    cards end on the newest data without stacking builds."""

    built = Signal(object)  # the Dashboard, or an Exception when the build failed

    def __init__(self, path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self._guard = threading.Lock()
        self._running = False
        self._again: date | None = None
        self._conn: sqlite3.Connection | None = None
        self._cancelled = False
        self._quit_hooked = False

    @property
    def running(self) -> bool:
        return self._running

    def request(self, today: date) -> None:
        with self._guard:
            if self._cancelled:
                return
            if self._running:
                self._again = today
                return
            self._running = True
        app = QCoreApplication.instance()
        if app is not None and not self._quit_hooked:  # quitting does not wait for a read
            app.aboutToQuit.connect(self.cancel)
            self._quit_hooked = True
        # the global pool, as the reports' reads: probes wait for it (waitForDone)
        QThreadPool.globalInstance().start(_Job(lambda: self._run(today)))

    def cancel(self) -> None:
        """The page is going away (the window closes): stop the read in progress, so
        closing the store's own connection does not wait for it."""
        with self._guard:
            self._cancelled = True
            if self._conn is not None:
                self._conn.interrupt()

    def _run(self, today: date) -> None:
        from sm_desk.core.dashboard import build_dashboard

        while True:
            result: object
            try:
                store = Store.reader(self.path)
                # interrupt() stops only the statement running when it is called: this
                # also stops the ones after it (checked every ~million SQLite steps, so
                # the check itself seldom needs the GIL)
                store.conn.set_progress_handler(lambda: self._cancelled, 1_000_000)
                with self._guard:
                    self._conn = store.conn
                try:
                    result = build_dashboard(store, today)
                    with suppress(Exception):  # only a head start: the cards load it anyway
                        _warm(store, today)
                finally:
                    with self._guard:
                        self._conn = None
                    store.close()
            except Exception as exc:  # noqa: BLE001 - handed to the page, which says so
                result = exc
            with self._guard:
                again, self._again = self._again, None
                self._running = again is not None and not self._cancelled
                cancelled = self._cancelled
            if not cancelled:
                try:
                    self.built.emit(result)
                except RuntimeError:  # the page was deleted while this thread read
                    return
            if again is None or cancelled:
                return
            today = again
