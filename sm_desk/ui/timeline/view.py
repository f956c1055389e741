"""A record's timeline on screen: what happened, newest first, filtered by kind, read a
page at a time as it scrolls; a call, note, email or meeting logged from the box under
it lands at the top. In the contact pane (a tab) and as a window for companies and deals."""

from __future__ import annotations

import weakref
from collections.abc import Callable
from datetime import datetime
from typing import Any

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sm_desk.core.clock import now_utc
from sm_desk.core.sales.activities import ACTIVITY_LABELS, log_activity
from sm_desk.core.sales.deals import SalesError
from sm_desk.core.store import Changes, Store
from sm_desk.core.store import timeline as q
from sm_desk.ui.timeline.model import TimelineModel

FILTERS: tuple[tuple[str, tuple[str, ...] | None], ...] = (
    ("Everything", None), ("Calls", ("call",)), ("Emails", ("email",)),
    ("Meetings", ("meeting",)), ("Notes", ("note",)), ("Touches", ("touch",)),
    ("Stage changes", ("stage",)), ("Insights", ("insight",)), ("Hand-offs", ("handoff",)),
    ("Tasks done", ("task",)), ("Invoices and payments", ("invoice", "payment")),
    ("Imports", ("import",)),
)
# Writes that can change a timeline.
TABLES = ("activities", "deals", "insights", "handoffs", "tasks", "touches", "imports",
          "contact_tags", "contacts")
LOGGABLE = ("contact", "deal")  # an activity belongs to a contact or a deal


class TimelineView(QWidget):
    def __init__(self, store: Store, now: Callable[[], datetime] = now_utc,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.now = store, now
        self.model = TimelineModel(store, now)
        self._loaded: tuple[str, int] | None = None  # what the model shows
        self._wanted: tuple[str, int] | None = None  # what it should show once visible
        self.filter = QComboBox()
        self.filter.setObjectName("timeline_filter")
        for label, _ in FILTERS:
            self.filter.addItem(label)
        self.filter.currentIndexChanged.connect(
            lambda row: self.model.set_kinds(FILTERS[row][1]))
        self.table = QTableView()
        self.table.setObjectName("timeline_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(22)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((118, 64)):
            header.resizeSection(column, width)
        self.log_kind = QComboBox()
        self.log_kind.setObjectName("timeline_log_kind")
        for kind in ("call", "note", "email", "meeting"):
            self.log_kind.addItem(ACTIVITY_LABELS[kind], kind)
        self.log_text = QLineEdit()
        self.log_text.setObjectName("timeline_log_text")
        self.log_text.setPlaceholderText("What was said or done… (Enter logs it)")
        self.log_text.returnPressed.connect(self.log)
        self.log_button = QPushButton("Log")
        self.log_button.setObjectName("timeline_log")
        self.log_button.clicked.connect(self.log)
        self.message = QLabel("")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setStyleSheet("color: #52606d;")
        top = QHBoxLayout()
        top.addWidget(QLabel("Show"))
        top.addWidget(self.filter, 1)
        composer = QHBoxLayout()
        composer.addWidget(self.log_kind)
        composer.addWidget(self.log_text, 1)
        composer.addWidget(self.log_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(composer)
        layout.addWidget(self.message)
        self._set_loggable(False)
        me = weakref.ref(self)

        def follow(changes: Changes) -> None:  # no unsubscribe: a dead view is skipped
            view = me()
            if view is not None and shiboken6.isValid(view):
                view.on_changed(changes)

        store.subscribe(follow)

    @property
    def subject(self) -> tuple[str, int] | None:
        return self._wanted

    def show_subject(self, subject: str | None, subject_id: int | None = None) -> None:
        """The record whose story to show; read when the view is on screen."""
        wanted = None if subject is None or subject_id is None else (subject, subject_id)
        if wanted == self._wanted == self._loaded:
            return  # already shown; writes reach it through on_changed
        self._wanted = wanted
        self._set_loggable(self._wanted is not None and self._wanted[0] in LOGGABLE)
        self.message.setText("")
        if self.isVisible():
            self._load()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if self._loaded != self._wanted:
            self._load()

    def _load(self) -> None:
        self._loaded = self._wanted
        if self._wanted is None:
            self.model.set_subject(None)
        else:
            self.model.set_subject(*self._wanted)
        self.table.scrollToTop()

    def _set_loggable(self, on: bool) -> None:
        for widget in (self.log_kind, self.log_text, self.log_button):
            widget.setEnabled(on)

    def set_filter(self, label: str) -> None:
        self.filter.setCurrentIndex([name for name, _ in FILTERS].index(label))

    def on_changed(self, changes: Changes) -> None:
        if self._loaded is not None and changes.touches(*TABLES):
            if self.isVisible():
                self.model.reload()
            else:
                self._loaded = None  # read again when shown

    def log(self) -> None:
        """Log what the box says as the chosen kind, on the contact or the deal, now."""
        text = self.log_text.text().strip()
        if self._wanted is None or self._wanted[0] not in LOGGABLE:
            return
        if not text:
            self.message.setText("Write what was said or done first.")
            return
        subject, subject_id = self._wanted
        kind = str(self.log_kind.currentData())
        moment = self.now()
        try:
            log_activity(self.store, kind, text, moment, moment,
                         **{f"{subject}_id": subject_id})
        except SalesError as exc:
            self.message.setText(str(exc))
            return
        self.log_text.clear()
        self.message.setText(f"{ACTIVITY_LABELS[kind]} logged. Ctrl+Z undoes it.")


class TimelineDialog(QDialog):
    """The timeline of a company or a deal (or a contact) in its own window."""

    def __init__(self, store: Store, subject: str, subject_id: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        name = q.subject_label(store, subject, subject_id) or f"{subject} {subject_id}"
        self.setWindowTitle(f"Timeline: {name}")
        self.view = TimelineView(store, parent=self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        self.view.show_subject(subject, subject_id)
        self.resize(760, 560)


def open_timeline(window: Any, subject: str, subject_id: int) -> TimelineDialog:
    dialog = TimelineDialog(window.ctx.store, subject, subject_id, parent=window)
    window.timeline_dialog = dialog  # kept alive (and reachable from tests)
    dialog.open()
    return dialog
