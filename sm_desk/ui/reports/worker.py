"""Reports off the GUI thread: reading a decade of figures takes a second or two,
charts, HTML and PDF ~0.5-1.5 s more.

The pool thread reads over its own connection (Store.reader; a store in memory is read
on the GUI thread before), draws and writes, and reports back through a signal.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Signals(QObject):
    finished = Signal(object)
    failed = Signal(str)


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], signals: _Signals) -> None:
        super().__init__()
        self.work = work
        self.signals = signals

    def run(self) -> None:
        try:
            result = self.work()
        except Exception as exc:  # shown to the user; the app keeps running
            self._emit(self.signals.failed, f"{type(exc).__name__}: {exc}")
        else:
            self._emit(self.signals.finished, result)

    @staticmethod
    def _emit(signal: Any, value: object) -> None:
        with suppress(RuntimeError):  # the page that asked was closed meanwhile: nobody to tell
            signal.emit(value)


def run_in_background(work: Callable[[], Any], on_done: Callable[[Any], None],
                      on_error: Callable[[str], None], parent: QObject) -> _Signals:
    """Run `work()` in the global pool; call back on the GUI thread."""
    signals = _Signals(parent)
    signals.finished.connect(on_done)
    signals.failed.connect(on_error)
    signals.finished.connect(signals.deleteLater)
    signals.failed.connect(signals.deleteLater)
    QThreadPool.globalInstance().start(_Job(work, signals))
    return signals
