"""Log an insight in two keystrokes: Ctrl+I opens this small dialog with the kind
preselected (objection), the cursor in the quote; Enter saves. Tags complete from the
ones already used."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from sm_desk.core.clock import now_utc
from sm_desk.core.handoffs.insights import (
    INSIGHT_KIND_LABELS,
    INSIGHT_KINDS,
    InsightError,
    log_insight,
)
from sm_desk.core.store import Store
from sm_desk.core.store import handoffs as q
from sm_desk.core.words import sentence
from sm_desk.ui.widgets.dialog_buttons import save_cancel

SHORTCUT = "Ctrl+I"
Source = tuple[int | None, int | None, int | None]  # deal, contact, activity


class InsightDialog(QDialog):
    def __init__(self, store: Store, *, deal_id: int | None = None,
                 contact_id: int | None = None, activity_id: int | None = None,
                 kind: str = "objection", now: Callable[[], datetime] = now_utc,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.now = store, now
        self.source: Source = (deal_id, contact_id, activity_id)
        self.saved_id: int | None = None
        self.setWindowTitle("Log what the customer said")
        layout = QVBoxLayout(self)
        self.context = QLabel(self._context_text())
        self.context.setTextFormat(Qt.TextFormat.PlainText)
        self.context.setStyleSheet("color: #52606d;")
        self.context.setWordWrap(True)
        layout.addWidget(self.context)
        form = QFormLayout()
        self.kind = QComboBox()
        for key in INSIGHT_KINDS:
            self.kind.addItem(INSIGHT_KIND_LABELS[key], key)
        self.kind.setCurrentIndex(INSIGHT_KINDS.index(kind))
        self.quote = QLineEdit()
        self.quote.setPlaceholderText("In the customer's words, e.g. “It's too expensive for us”")
        self.quote.setMinimumWidth(380)
        self.tags = QLineEdit()
        self.tags.setPlaceholderText("Topics, comma separated: price, setup-time")
        completer = QCompleter(q.known_insight_tags(store), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.tags.setCompleter(completer)
        form.addRow("&Kind", self.kind)
        form.addRow("&Quote", self.quote)
        form.addRow("&Tags", self.tags)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setStyleSheet("color: #c0392b;")
        layout.addWidget(self.error)
        self.buttons = save_cancel(self, self.save)
        layout.addWidget(self.buttons)
        self.quote.setFocus()

    def _context_text(self) -> str:
        deal_id, contact_id, activity_id = self.source
        if deal_id is not None:
            deal = self.store.get("deals", deal_id)
            return f"From the deal “{deal['title']}”" if deal else ""
        if contact_id is not None:
            contact = self.store.get("contacts", contact_id)
            if contact:
                name = f"{contact['first_name']} {contact['last_name']}".strip()
                return f"From {name or contact['email'] or 'this contact'}"
        if activity_id is not None:
            return "From the selected activity"
        return ""

    def save(self) -> None:
        deal_id, contact_id, activity_id = self.source
        try:
            changes = log_insight(self.store, str(self.kind.currentData()), self.quote.text(),
                                  self.now(), deal_id=deal_id, contact_id=contact_id,
                                  activity_id=activity_id, tags=self.tags.text())
        except InsightError as exc:
            self.error.setText(sentence(str(exc)))
            return
        self.saved_id = min(changes.rows.get("insights") or [0]) or None
        self.accept()


def install_shortcut(widget: QWidget, source: Callable[[], Source | None],
                     store: Store, now: Callable[[], datetime] = now_utc,
                     opened: Callable[[InsightDialog], None] | None = None) -> QShortcut:
    """Ctrl+I on `widget` opens the dialog for what `source()` says is selected."""

    def open_dialog() -> None:
        picked = source()
        if picked is None:
            return
        deal_id, contact_id, activity_id = picked
        dialog = InsightDialog(store, deal_id=deal_id, contact_id=contact_id,
                               activity_id=activity_id, now=now, parent=widget)
        if opened is not None:
            opened(dialog)
        dialog.open()

    shortcut = QShortcut(QKeySequence(SHORTCUT), widget, open_dialog)
    shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    return shortcut
