"""What the import wizard's pages share: small read-only tables, and work in a thread
behind a progress dialog with Cancel."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEventLoop, Qt, QThread, Signal
from PySide6.QtWidgets import QProgressDialog, QTableView, QWidget

from sm_desk.io.csv_rows import ImportCancelled
from sm_desk.ui.widgets.rows_model import Column, RowsModel


def _cell(n: int) -> Callable[[Any], str]:
    return lambda r: str(r[n])


def rows_model(headers: list[str]) -> RowsModel:
    return RowsModel([Column(h, _cell(n)) for n, h in enumerate(headers)])


def rows_table(headers: list[str], name: str) -> tuple[RowsModel, QTableView]:
    model = rows_model(headers)
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setStretchLastSection(True)
    return model, view


class _Worker(QThread):
    """Reading and checking every row, off the GUI thread (no database there)."""

    progressed = Signal(int)

    def __init__(self, work: Callable[[Any, Any], Any], cancel: threading.Event) -> None:
        super().__init__()
        self.work, self.cancel = work, cancel
        self.result: Any = None
        self.failure = ""

    def run(self) -> None:
        try:
            self.result = self.work(lambda done, total: self.progressed.emit(
                100 * done // max(total, 1)), self.cancel.is_set)
        except ImportCancelled:
            self.failure = "cancelled"
        except Exception as exc:  # shown on the page, never a crash in a thread
            self.failure = str(exc) or type(exc).__name__


def in_background(parent: QWidget, work: Callable[[Any, Any], Any]) -> tuple[Any, str]:
    """Run `work(progress, cancel)` in a thread behind a progress dialog with Cancel;
    (its result or None, why it failed)."""
    cancel = threading.Event()
    dialog = QProgressDialog("Reading and checking every row…", "Cancel", 0, 100, parent)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(400)
    dialog.canceled.connect(cancel.set)
    worker = _Worker(work, cancel)
    worker.progressed.connect(dialog.setValue)
    loop = QEventLoop()
    worker.finished.connect(loop.quit)
    worker.start()
    if not worker.isFinished():
        loop.exec()
    worker.wait()
    dialog.reset()
    dialog.deleteLater()
    return worker.result, worker.failure
