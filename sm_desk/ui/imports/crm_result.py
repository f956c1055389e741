"""The import wizard's last page: the write, with progress and Cancel, what was rejected
or not linked, and Undo."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWizardPage,
)

from sm_desk.io.crm_import import apply
from sm_desk.io.csv_rows import ImportCancelled
from sm_desk.io.csv_sniff import NotCsvError
from sm_desk.ui.imports.crm_common import rows_table
from sm_desk.ui.imports.crm_pages import LINKEDIN
from sm_desk.ui.widgets.labels import plain_label

if TYPE_CHECKING:
    from sm_desk.ui.imports.crm_wizard import CrmImportWizard


class ResultPage(QWizardPage):
    def __init__(self, wizard: CrmImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle("Importing")
        self.finished = False
        self.bar = QProgressBar()
        self.bar.setObjectName("crm_progress")
        self.stop = QPushButton("Cancel import")
        self.stop.clicked.connect(self.w.cancel_event.set)
        self.summary = plain_label("")
        self.summary.setObjectName("crm_summary")
        self.problems, self.view = rows_table(["Line", "Problem"], "crm_problems")
        self.undo = QPushButton("Undo this import")
        self.undo.setObjectName("crm_undo")
        self.undo.clicked.connect(self._undo)
        row = QHBoxLayout()
        row.addWidget(self.bar, 1)
        row.addWidget(self.stop)
        box = QVBoxLayout(self)
        box.addLayout(row)
        box.addWidget(self.summary)
        box.addWidget(self.view, 1)
        box.addWidget(self.undo)

    def isComplete(self) -> bool:  # noqa: N802
        return self.finished

    def initializePage(self) -> None:  # noqa: N802
        self.finished = False
        self.undo.setVisible(False)
        self.w.cancel_event.clear()
        self.summary.setText("Writing…")
        if self.w.entity == LINKEDIN:
            self._linkedin()
            return

        def progress(done: int, total: int) -> None:
            self.bar.setValue(100 * done // max(total, 1))
            QApplication.processEvents()  # Cancel stays clickable
        parsed = self.w.parsed
        assert parsed is not None and self.w.source is not None
        try:
            result = apply(self.w.store, parsed, stages=self.w.stages,
                           file_name=self.w.source.name, progress=progress,
                           cancel=self.w.cancel_event.is_set)
        except ImportCancelled:
            self.summary.setText("Import cancelled: nothing was written.")
            self._finish()
            return
        self.w.import_result = result
        self.bar.setValue(100)
        self.summary.setText(result.summary() + "." + "".join(f"\nNote: {n}"
                                                              for n in result.notes))
        self.problems.set_rows([[line, f"not linked: {what}"] for line, what in result.unlinked]
                               + [[r.line, f"rejected: {r.reason}"] for r in result.rejects])
        self.view.setVisible(bool(result.unlinked or result.rejects))
        self.undo.setVisible(result.import_id is not None)
        self.w.say(result.summary())
        self._finish()

    def _linkedin(self) -> None:
        from sm_desk.io.linkedin import import_connections

        assert self.w.source is not None
        self.stop.setEnabled(False)
        try:
            result = import_connections(self.w.store, self.w.source.text.encode("utf-8"),
                                        self.w.source.name)
        except (NotCsvError, ValueError) as exc:
            self.summary.setText(f"Not imported: {exc}")
            self._finish()
            return
        self.bar.setValue(100)
        self.summary.setText(f"{result.summary()}. Tagged LinkedIn; the day you connected "
                             "is in the Connected On field.")
        self.problems.set_rows([[r.line, f"rejected: {r.reason}"] for r in result.rejects])
        self.view.setVisible(bool(result.rejects))
        self.w.say(result.summary())
        self._finish()

    def _undo(self) -> None:
        from sm_desk.core.clock import now_utc, to_iso
        from sm_desk.core.imports import undo_import

        result = self.w.import_result
        if result is None or result.import_id is None:
            return
        report = undo_import(self.w.store, result.import_id, to_iso(now_utc()))
        self.summary.setText("\n".join(report.lines()))
        self.undo.setVisible(False)

    def _finish(self) -> None:
        self.stop.setEnabled(False)
        self.finished = True
        self.completeChanged.emit()
