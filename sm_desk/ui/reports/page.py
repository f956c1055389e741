"""The Reports workspace: pick a week, preview the report, save it as PDF, HTML or CSV."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt, QTimer, QUrl
from PySide6.QtGui import QImage, QShowEvent, QTextDocument
from PySide6.QtWidgets import (
    QDateEdit,
    QFileDialog,
    QLabel,
    QProgressBar,
    QPushButton,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from sm_desk.core.report import Week, build_report
from sm_desk.core.report.model import WeeklyReport
from sm_desk.core.store import Changes, Store
from sm_desk.ui.context import AppContext
from sm_desk.ui.reports.worker import run_in_background
from sm_desk.ui.widgets.flow import FlowLayout

FILTERS = {"pdf": "PDF document (*.pdf)", "html": "Web page (*.html)"}


class PreviewBrowser(QTextBrowser):
    """Shows the report's HTML; chart images come from memory, never from a URL."""

    def __init__(self) -> None:
        super().__init__()
        self.images: dict[str, QImage] = {}
        self.setOpenLinks(False)

    def loadResource(self, kind: int, url: QUrl | str) -> Any:  # noqa: N802 (Qt API)
        name = url.toString() if isinstance(url, QUrl) else str(url)
        if kind == QTextDocument.ResourceType.ImageResource.value and name in self.images:
            return self.images[name]
        return None  # nothing is fetched from anywhere else


class ReportsPage(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.week = Week.last_complete()
        self.document: Any = None  # the rendered Document of the shown week
        self.busy = 0
        self._stale = False
        self._build()
        self._show_week()
        ctx.changed.connect(self._on_changed)
        QTimer.singleShot(0, self.preview)

    # -- layout --------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        bar = FlowLayout()  # wraps on a laptop instead of widening the window
        title = QLabel("Weekly report")
        title.setStyleSheet("font-size: 16px; font-weight: 600;")
        bar.addWidget(title)
        bar.addSpacing(16)
        self.previous_button = QToolButton()
        self.previous_button.setText("◀")
        self.previous_button.setToolTip("The week before")
        self.previous_button.clicked.connect(lambda: self.set_week(self.week.previous()))
        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("ddd d MMM yyyy")
        self.date_edit.setToolTip("Any day of the week to report on")
        self.date_edit.dateChanged.connect(self._on_date)
        self.next_button = QToolButton()
        self.next_button.setText("▶")
        self.next_button.setToolTip("The week after")
        self.next_button.clicked.connect(lambda: self.set_week(self.week.shift(1)))
        self.week_label = QLabel()
        self.week_label.setTextFormat(Qt.TextFormat.PlainText)
        for widget in (self.previous_button, self.date_edit, self.next_button, self.week_label):
            bar.addWidget(widget)
        bar.addStretch(1)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy: rendering takes a moment
        self.progress.setFixedWidth(120)
        self.progress.setVisible(False)
        self.progress.setFormat("Rendering…")
        bar.addWidget(self.progress)
        self.preview_button = QPushButton("Refresh preview")
        self.preview_button.clicked.connect(self.preview)
        bar.addWidget(self.preview_button)
        self.save_buttons = {}
        for fmt, label in (("pdf", "Save as PDF…"), ("html", "Save as HTML…"),
                           ("csv", "Save as CSV…")):
            button = QPushButton(label)
            button.clicked.connect(lambda _=False, f=fmt: self.save_as(f))
            bar.addWidget(button)
            self.save_buttons[fmt] = button
        layout.addLayout(bar)
        self.browser = PreviewBrowser()
        self.browser.setStyleSheet("QTextBrowser { background: white; }")
        layout.addWidget(self.browser, 1)
        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setStyleSheet("color: #616e7c;")
        layout.addWidget(self.status)

    # -- week ----------------------------------------------------------------------------

    def set_week(self, week: Week) -> None:
        if week != self.week:
            self.week = week
            self.document = None
            self._show_week()
            self.preview()

    def _show_week(self) -> None:
        from sm_desk.core.datefmt import date_span
        from sm_desk.core.money import numbers_for
        from sm_desk.core.profile import load_profile

        profile = load_profile(self.ctx.store)
        week = self.week.starting_on(int(profile.week_start))  # as the report will begin it
        locale = numbers_for(self.ctx.store).locale
        last = week.end - timedelta(days=1)
        self.week_label.setText(f"{week.label}  ·  {date_span(week.start, last, locale)}")
        start = self.week.start
        self.date_edit.blockSignals(True)
        self.date_edit.setDate(QDate(start.year, start.month, start.day))
        self.date_edit.blockSignals(False)

    def _on_date(self, day: QDate) -> None:
        self.set_week(Week.containing(date(day.year(), day.month(), day.day())))

    def _on_changed(self, changes: Changes) -> None:
        self.document = None  # any business row can move a figure
        if not self._stale:
            self._stale = True
            if self.isVisible():
                QTimer.singleShot(400, self.preview)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)
        if self._stale:
            QTimer.singleShot(0, self.preview)

    # -- rendering -----------------------------------------------------------------------

    def _set_busy(self, delta: int, message: str = "") -> None:
        self.busy += delta
        self.progress.setVisible(self.busy > 0)
        for button in (self.preview_button, *self.save_buttons.values()):
            button.setEnabled(self.busy == 0)
        if message:
            self.status.setText(message)

    def preview(self) -> None:
        """Read, draw and lay out the week's report in the background: the page shows at
        once, and the preview arrives when it is ready (a second or two on a decade of
        data), the progress bar running meanwhile."""
        if self.busy:
            QTimer.singleShot(200, self.preview)
            return
        self._stale = False
        week, read = self.week, self._reader()

        def work() -> tuple[Week, Any, str]:
            from sm_desk.io.report import build_document, render_html

            document = build_document(read(week))
            return week, document, render_html(document, lambda c: f"chart-{c.name}.png", 100)

        self._set_busy(1, f"Building the {week.label} report…")
        run_in_background(work, self._previewed, self._failed, self)

    def _reader(self) -> Callable[[Week], WeeklyReport]:
        """What reads a week's figures in the pool thread: over its own connection to the
        file (sqlite3 connections stay on their thread); a store in memory (the tests)
        has only this one, so its figures are read here, now."""
        store = self.ctx.store
        if store.path is None:
            report = build_report(store, self.week)
            return lambda _week: report
        path = store.path

        def read(week: Week) -> WeeklyReport:
            reader = Store.reader(path)
            try:
                return build_report(reader, week)
            finally:
                reader.close()
        return read

    def _previewed(self, result: tuple[Week, Any, str]) -> None:
        week, document, html = result
        self._set_busy(-1)
        if week != self.week:
            return  # the user moved on; their week's preview is on its way
        self.document = document
        self.browser.images = {f"chart-{c.name}.png": QImage.fromData(c.png)
                               for c in document.charts()}
        scroll = self.browser.verticalScrollBar().value()
        self.browser.setHtml(html)
        self.browser.verticalScrollBar().setValue(scroll)
        self.status.setText(f"{week.label}: {len(document.charts())} charts, "
                            f"{len(document.tables())} tables. Save it with the buttons above.")

    def _failed(self, message: str) -> None:
        self._set_busy(-1, f"The report could not be rendered: {message}")
        self.ctx.say("The report could not be rendered")

    def save_as(self, fmt: str, path: str | None = None) -> None:
        """Ask where (unless `path` is given), then write in the background."""
        name = f"sm-desk-report-{self.week.label}"
        if path is None:
            if fmt == "csv":
                path = QFileDialog.getExistingDirectory(self, "Folder for the report's CSV tables")
                path = str(Path(path) / name) if path else ""
            else:
                path, _ = QFileDialog.getSaveFileName(self, f"Save the report as {fmt.upper()}",
                                                      f"{name}.{fmt}", FILTERS[fmt])
        if not path:
            return
        out = Path(path)
        document, week = self.document, self.week
        read = self._reader() if document is None else None

        def work() -> Path:
            from sm_desk.io.report import build_document, save_document

            doc = document if read is None else build_document(read(week))
            return save_document(doc, fmt, out)

        def done(written: Path) -> None:
            self._set_busy(-1, f"Saved {written}")
            self.ctx.say(f"Saved the {self.week.label} report to {written}")

        self._set_busy(1, f"Saving {out.name}…")
        run_in_background(work, done, self._failed, self)


def create_page(ctx: AppContext) -> QWidget:
    return ReportsPage(ctx)


def open_reports(window: Any) -> None:
    """File > Export weekly report…: show the Reports workspace, ready to save."""
    window.show_workspace("reports")
