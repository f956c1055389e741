"""File > Import contacts: file -> mapping (a combo per column) -> preview -> result.

Reading and checking the rows runs in a worker thread (no database there); writing
runs in one step on the GUI thread in chunks, with progress and Cancel. Cancelled at
any point, nothing is written."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QThread, Signal
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from sm_desk.core.contacts.fields import FIELD_LABELS, IMPORT_FIELDS
from sm_desk.core.custom_fields import list_fields
from sm_desk.core.store import Store
from sm_desk.core.words import counted
from sm_desk.io.csv_changes import NEW, SKIPPED, UNCHANGED, UPDATE
from sm_desk.io.csv_custom import with_custom_targets
from sm_desk.io.csv_import import (
    CsvSource,
    ImportCancelled,
    ImportResult,
    NotCsvError,
    apply_prepared,
    prepare,
    write_rejects,
)
from sm_desk.io.csv_mapping import mapping_problem
from sm_desk.io.csv_rows import Prepared, truncated
from sm_desk.io.csv_sniff import DELIMITER_NAMES, ENCODING_CHOICES, encoding_label
from sm_desk.ui.widgets.labels import plain_label, problem_label
from sm_desk.ui.widgets.rows_model import Column, RowsModel

PREVIEW_ROWS = 50


def _cell_text(n: int) -> Callable[[Any], str]:
    """Cell `n` of a row (a list), as text."""
    return lambda r: str(r[n])


def _rows_model(headers: list[str]) -> RowsModel:
    """A small read-only table of lists (preview rows, rejects); each cell as text."""
    return RowsModel([Column(title, _cell_text(n)) for n, title in enumerate(headers)])


def _table(model: RowsModel, name: str) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.horizontalHeader().setStretchLastSection(True)
    return view


class FilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle("Choose a CSV or vCard file")
        self.setSubTitle("Exports from Outlook and Google Contacts (in many languages), "
                         "LinkedIn, Mailchimp, HubSpot, Pipedrive, Zoho, Thunderbird and SM Desk "
                         "are recognised, in any common encoding; comma, semicolon, tab or pipe. "
                         "vCards (.vcf) from phones and mail apps too.")
        self.path = QLineEdit()
        self.path.setObjectName("import_path")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        self.duplicates = QComboBox()
        self.duplicates.setObjectName("on_duplicate")
        for key, label in (("update", "Update the existing contact"),
                           ("skip", "Skip the row"), ("keep", "Keep both")):
            self.duplicates.addItem(label, key)
        self.tags = QLineEdit()
        self.tags.setObjectName("import_tags")
        self.tags.setPlaceholderText("e.g. trade-show-2026 (optional)")
        self.problem = problem_label()
        form = QFormLayout(self)
        form.addRow("File", row)
        form.addRow("Same email as a contact", self.duplicates)
        form.addRow("Tag every contact", self.tags)
        form.addRow(self.problem)

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Import contacts", "",
                                              "Contacts (*.csv *.txt *.tsv *.vcf *.vcard);;"
                                              "CSV files (*.csv *.txt *.tsv);;"
                                              "vCard files (*.vcf *.vcard);;All files (*)")
        if path:
            self.path.setText(path)

    def validatePage(self) -> bool:  # noqa: N802
        from sm_desk.core.store.contacts import email_index
        from sm_desk.io.vcard import open_contacts_file

        try:
            self.w.path = self.path.text().strip()
            self.w.source = open_contacts_file(self.w.path,
                                               known_emails=email_index(self.w.store))
        except OSError as exc:
            self.problem.setText(f"Cannot read the file: {exc.strerror or exc}")
            return False
        except NotCsvError as exc:
            self.problem.setText(f"Not imported: {exc}")
            return False
        self.w.on_duplicate = self.duplicates.currentData()
        self.w.choices = {}
        self.w.tags = [t for t in self.tags.text().split(",") if t.strip()]
        self.problem.clear()
        return True


class MappingPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle("Match the columns")
        self.combos: list[QComboBox] = []
        self.info = plain_label("")
        self.encoding = QComboBox()
        self.encoding.setObjectName("encoding")
        self.encoding.activated.connect(self._reread)
        self.encoding_row = QWidget()
        row = QHBoxLayout(self.encoding_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(plain_label("Read the file as"))
        row.addWidget(self.encoding)
        row.addStretch(1)
        self.problem = problem_label()
        self.grid_host = QWidget()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.grid_host)
        layout = QVBoxLayout(self)
        layout.addWidget(self.info)
        layout.addWidget(self.encoding_row)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.problem)

    def _fill_encodings(self, source: CsvSource) -> None:
        """The encoding found first, then the others people export in."""
        self.encoding.blockSignals(True)
        self.encoding.clear()
        found = self.w.detected or source.encoding
        self.encoding.addItem(f"{encoding_label(found)} (found in the file)", None)
        for codec in ENCODING_CHOICES:
            if encoding_label(codec) != encoding_label(found):
                self.encoding.addItem(encoding_label(codec), codec)
        self.encoding.setCurrentIndex(max(0, self.encoding.findData(self.w.encoding)))
        self.encoding.blockSignals(False)

    def _reread(self) -> None:
        """Read the file again in the encoding chosen: the samples change at once."""
        from sm_desk.io.csv_rows import open_csv

        codec = self.encoding.currentData()
        try:
            source = open_csv(self.w.path, encoding=codec)
        except (OSError, NotCsvError) as exc:
            self.problem.setText(f"Cannot read it as {self.encoding.currentText()}: {exc}")
            return
        self.problem.clear()
        self.w.encoding = codec
        self.w.source = source
        self.initializePage()

    def initializePage(self) -> None:  # noqa: N802
        source = self.w.source
        assert source is not None
        is_csv = getattr(source, "kind", "csv") == "csv"
        if is_csv and self.w.encoding is None:
            self.w.detected = source.encoding
        notes = "".join(f"\nNote: {n}." for n in source.notes()) if is_csv else ""
        self.info.setText(f"{source.name}: {source.encoding_label}"
                          f", {DELIMITER_NAMES[source.delimiter]}-separated, "
                          f"{len(source.header)} columns. Pick what each column holds.{notes}"
                          if is_csv else
                          f"{source.name}: {getattr(source, 'cards', 0):,} vCards, read into "
                          "these columns. Pick what each column holds.")
        self.encoding_row.setVisible(is_csv)
        if is_csv:
            self._fill_encodings(source)
        grid = QGridLayout()
        old = self.grid_host.layout()
        if old is not None:
            QWidget().setLayout(old)  # re-parent the old layout away
        self.grid_host.setLayout(grid)
        samples = source.head(3)
        self.combos = []
        custom = list_fields(self.w.store, "contacts")
        guessed = with_custom_targets(self.w.store, source.header, source.mapping)
        for col, (name, field) in enumerate(zip(source.header, guessed, strict=True)):
            sample = " | ".join(r[col] for _, r in samples if col < len(r) and r[col])[:60]
            grid.addWidget(plain_label(name or f"(column {col + 1})"), col, 0)
            grid.addWidget(plain_label(sample), col, 1)
            combo = QComboBox()
            combo.setObjectName(f"map_{col}")
            combo.addItem("(ignore)", None)
            for key in IMPORT_FIELDS:
                combo.addItem(FIELD_LABELS[key], key)
            for extra in custom:
                combo.addItem(f"{extra.name} (custom field)", extra.target)
            combo.setCurrentIndex(max(0, combo.findData(field)))
            self.combos.append(combo)
            grid.addWidget(combo, col, 2)
        grid.setColumnStretch(1, 1)

    def mapping(self) -> list[str | None]:
        return [c.currentData() for c in self.combos]

    def validatePage(self) -> bool:  # noqa: N802
        problem = mapping_problem(self.mapping())
        self.problem.setText(f"Cannot import: {problem}." if problem else "")
        if problem:
            return False
        self.w.mapping = self.mapping()
        return True


ACTIONS = (("update", "Update it"), ("skip", "Skip the row"), ("keep", "Keep both"))


class PreviewPage(QWizardPage):
    HEADERS = ["Line", "Status", "If it matches a contact", "Changes (old → new)",
               "First name", "Last name", "Email", "Phone", "Company", "Job title",
               "Lifecycle", "Notes", "Tags"]
    ACTION_COLUMN = 2

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle("Preview")
        self.setButtonText(QWizard.WizardButton.NextButton, "Import")
        self.summary = plain_label("")
        self.all_rows = QComboBox()
        self.all_rows.setObjectName("preview_all_rows")
        for key, label in ACTIONS:
            self.all_rows.addItem(label, key)
        self.all_rows.activated.connect(self._choose_all)
        self.model = _rows_model(self.HEADERS)
        self.view = _table(self.model, "preview_table")
        self.choice_boxes: dict[int, QComboBox] = {}  # file line -> its choice
        row = QHBoxLayout()
        row.addWidget(plain_label("Every row whose email is already a contact:"))
        row.addWidget(self.all_rows)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(row)
        layout.addWidget(self.view, 1)

    def initializePage(self) -> None:  # noqa: N802
        self.all_rows.setCurrentIndex(max(0, self.all_rows.findData(self.w.on_duplicate)))
        self.refresh()

    def _choose_all(self) -> None:
        self.w.on_duplicate = self.all_rows.currentData()
        self.w.choices = {}
        self.refresh()

    def choose(self, line: int, action: str) -> None:
        """One row's choice (update, skip or keep both); the preview follows at once."""
        self.w.choices[line] = action
        self.refresh()

    def refresh(self) -> None:
        """Check the first rows and ask the importer, without writing, what each does."""
        from sm_desk.core.store.contacts import email_index

        source = self.w.source
        assert source is not None
        sample = prepare(truncated(source, PREVIEW_ROWS), self.w.mapping, self.w.on_duplicate,
                         self.w.tags)
        stored = email_index(self.w.store)
        matching = {row[0] for row in sample.rows if row[3] and row[3].casefold() in stored}
        result = apply_prepared(self.w.store, sample, self.w.on_duplicate, dry_run=True,
                                choices=self.w.choices, explain=True)
        status: dict[int, tuple[str, str, list[Any]]] = {}
        for row in sample.rows:
            plan = result.plans.get(row[0])
            label = plan.label() if plan else "New"
            changes = "; ".join(c.text() for c in plan.changes) if plan else ""
            status[row[0]] = (label, changes, [*row[1:9], ", ".join(row[10])])
        for note in sample.notes:
            status[note.line] = (f"Duplicate: {note.reason}", "", [""] * 9)
        for reject in sample.rejects:
            status[reject.line] = (f"Rejected: {reject.reason}", "", [""] * 9)
        rows = [[line, label, "", changes, *cells]
                for line, (label, changes, cells) in sorted(status.items())]
        self.model.set_rows(rows)
        self.choice_boxes = {}
        for position, shown in enumerate(rows):
            if shown[0] in matching:
                self._add_action(position, shown[0])
        self.view.resizeColumnsToContents()
        self.view.setColumnWidth(3, min(self.view.columnWidth(3), 420))
        counts = Counter(plan.status for plan in result.plans.values())
        self.summary.setText(
            f"The first {counted(sample.records, 'row')}: {counts[NEW]:,} new, "
            f"{counts[UPDATE]:,} updating a contact, {counts[UNCHANGED]:,} unchanged, "
            f"{counts[SKIPPED]:,} skipped, {counted(len(sample.notes), 'duplicate')} in the "
            f"file, {len(sample.rejects)} rejected. Import checks every row the same way; "
            "rejected rows are listed at the end and can be saved.")

    def _add_action(self, position: int, line: int) -> None:
        combo = QComboBox()
        combo.setObjectName(f"action_{line}")
        for key, label in ACTIONS:
            combo.addItem(label, key)
        combo.setCurrentIndex(combo.findData(self.w.choices.get(line, self.w.on_duplicate)))
        combo.activated.connect(partial(self._combo_chosen, combo, line))
        self.view.setIndexWidget(self.model.index(position, self.ACTION_COLUMN), combo)
        self.choice_boxes[line] = combo

    def _combo_chosen(self, combo: QComboBox, line: int, _index: int = 0) -> None:
        self.choose(line, combo.currentData())


class ReadWorker(QThread):
    """prepare() off the GUI thread: it touches no database."""

    progressed = Signal(int)
    done = Signal(object)
    failed = Signal(str)

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard

    def run(self) -> None:
        assert self.w.source is not None
        try:
            prepared = prepare(self.w.source, self.w.mapping, self.w.on_duplicate, self.w.tags,
                               lambda done, total: self.progressed.emit(70 * done // total),
                               self.w.cancel_event.is_set)
        except ImportCancelled:
            self.failed.emit("cancelled")
            return
        except Exception as exc:  # reported on the page, never a crash in a thread
            self.failed.emit(str(exc))
            return
        self.done.emit(prepared)


class ResultPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle("Importing")
        self.finished = False
        self.bar = QProgressBar()
        self.bar.setObjectName("import_progress")
        self.stop = QPushButton("Cancel import")
        self.stop.clicked.connect(self.w.cancel_event.set)
        self.summary = plain_label("")
        self.summary.setObjectName("import_summary")
        self.model = _rows_model(["Line", "Reason", "Row"])
        self.view = _table(self.model, "rejects_table")
        self.save = QPushButton("Save rejected rows as CSV…")
        self.save.clicked.connect(self._save_rejects)
        row = QHBoxLayout()
        row.addWidget(self.bar, 1)
        row.addWidget(self.stop)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.save)

    def isComplete(self) -> bool:  # noqa: N802
        return self.finished

    def initializePage(self) -> None:  # noqa: N802
        self.finished = False
        self.save.setVisible(False)
        self.view.setVisible(False)
        self.stop.setEnabled(True)
        self.summary.setText("Reading and checking every row…")
        self.worker = ReadWorker(self.w)
        self.worker.progressed.connect(self.bar.setValue)
        self.worker.done.connect(self._write)
        self.worker.failed.connect(self._failed)
        self.worker.start()

    def _write(self, prepared: Prepared) -> None:
        self.summary.setText("Writing…")

        def progress(done: int, total: int) -> None:
            self.bar.setValue(70 + 30 * done // max(total, 1))
            QApplication.processEvents()  # Cancel stays clickable; the wizard is modal
        try:
            source = self.w.source
            result = apply_prepared(self.w.store, prepared, self.w.on_duplicate, False,
                                    progress, self.w.cancel_event.is_set,
                                    file_name=source.name if source else "",
                                    kind=getattr(source, "kind", "csv"),
                                    choices=self.w.choices)
        except ImportCancelled:
            self._failed("cancelled")
            return
        self.w.import_result = result
        self._show(result)

    def _show(self, result: ImportResult) -> None:
        self.bar.setValue(100)
        lines = [result.summary() + "."]
        if result.companies_created or result.tags_created:
            lines.append(f"New: {result.companies_created:,} companies, "
                         f"{result.tags_created:,} tags.")
        lines += result.warnings
        self.summary.setText("\n".join(lines))
        self.model.set_rows([[r.line, r.reason, " | ".join(r.cells)] for r in result.rejects])
        self.view.setColumnWidth(0, 60)
        self.view.setColumnWidth(1, 300)
        self.setTitle("Import finished" if not result.rejects else
                      f"Import finished: {counted(len(result.rejects), 'row')} "
                      f"{'needs' if len(result.rejects) == 1 else 'need'} fixing")
        self.view.setVisible(bool(result.rejects))
        self.save.setVisible(bool(result.rejects))
        self._finish()

    def _failed(self, reason: str) -> None:
        self.summary.setText("Import cancelled: nothing was written." if reason == "cancelled"
                             else f"Import failed, nothing was written: {reason}")
        self._finish()

    def _finish(self) -> None:
        self.stop.setEnabled(False)
        self.finished = True
        self.completeChanged.emit()

    def _save_rejects(self) -> None:
        result, source = self.w.import_result, self.w.source
        if result is None or source is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, "Save rejected rows",
                                              str(Path.home() / "rejected-contacts.csv"),
                                              "CSV files (*.csv)")
        if path:
            write_rejects(path, source.header, result.rejects)
            self.w.say(f"Saved {len(result.rejects):,} rejected rows to {path}")


class ImportWizard(QWizard):
    def __init__(self, store: Store, parent: QWidget | None = None,
                 say: Any = None) -> None:
        super().__init__(parent)
        self.store = store
        self.say = say or (lambda _text: None)
        self.setWindowTitle("Import contacts")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage)
        self.source: CsvSource | None = None
        self.mapping: list[str | None] = []
        self.on_duplicate = "update"
        self.choices: dict[int, str] = {}  # file line -> update/skip/keep, chosen in the preview
        self.path = ""
        self.encoding: str | None = None  # chosen by the user (None: as detected)
        self.detected: str | None = None
        self.tags: list[str] = []
        self.import_result: ImportResult | None = None
        self.cancel_event = threading.Event()
        self.file_page = FilePage(self)
        self.mapping_page = MappingPage(self)
        self.preview_page = PreviewPage(self)
        self.result_page = ResultPage(self)
        for page in (self.file_page, self.mapping_page, self.preview_page, self.result_page):
            self.addPage(page)
        self.resize(860, 560)

    def reject(self) -> None:
        self.cancel_event.set()
        worker = getattr(self.result_page, "worker", None)
        if worker is not None:
            worker.wait(5000)
        super().reject()
