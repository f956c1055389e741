"""Edit > Search everything… (Ctrl+F from any page): one box over every word of every
record, results grouped by kind (the kind with the best match first), the matched words
shown in context. Up/Down choose, Enter opens the record in its workspace, Shift+Enter
its timeline (a contact's, company's or deal's story), Esc closes."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import (
    QFont,
    QKeyEvent,
    QPainter,
    QPalette,
    QStandardItem,
    QStandardItemModel,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QVBoxLayout,
)

from sm_desk.core.domain import RECORD_KIND_NAMES
from sm_desk.core.store import Changes
from sm_desk.core.store.search import MARK_END, MARK_START, Hit, search_all
from sm_desk.ui.palette.open_item import open_item

GROUP_TITLES = {kind: many for kind, (_, many) in RECORD_KIND_NAMES.items()}
PER_KIND = 8
MIN_LETTERS = 2  # one letter matches most words of a large file: wait for the second
DEBOUNCE_MS = 60
HIT_ROLE = Qt.ItemDataRole.UserRole + 1
TEXT_MARGIN = 3  # where the style starts a cell's text
Index = QModelIndex | QPersistentModelIndex


def snippet_html(snippet: str) -> str:
    """The user's text escaped (never read as markup), the matched words in bold."""
    escaped = html.escape(" ".join(snippet.split()))
    return escaped.replace(MARK_START, "<b>").replace(MARK_END, "</b>")


class SnippetDelegate(QStyledItemDelegate):
    """Paints the matched words in bold: in the context column, or in the name."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        text = index.data(Qt.ItemDataRole.DisplayRole)
        hit = index.data(HIT_ROLE)
        # the context column, or the name itself when the words were found in it
        if not isinstance(hit, Hit) or not text or (
                index.column() == 0 and " ".join(hit.marked("", "").split()) != text):
            super().paint(painter, option, index)
            return
        self.initStyleOption(option, index)
        option.text = ""
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter,
                              option.widget)
        document = QTextDocument()
        document.setDefaultFont(option.font)
        document.setDocumentMargin(0)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        colour = option.palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.HighlightedText
                                      if selected else QPalette.ColorRole.Text).name()
        document.setHtml(f'<span style="color: {colour}">{snippet_html(hit.snippet)}</span>')
        painter.save()
        top = max((option.rect.height() - document.size().height()) / 2, 0)
        painter.translate(option.rect.left() + TEXT_MARGIN, option.rect.top() + top)
        painter.setClipRect(0, 0, option.rect.width(), option.rect.height())
        document.drawContents(painter)
        painter.restore()


class SearchDialog(QDialog):
    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window_ = window
        self.store = window.ctx.store
        self.hits: list[Hit] = []
        self.setWindowTitle("Search everything")
        self.box = QLineEdit()
        self.box.setObjectName("search_box")
        self.box.setPlaceholderText("Words from any contact, company, deal, campaign, touch, "
                                    "task, activity, note, insight or collateral…")
        self.box.setClearButtonEnabled(True)
        self.model = QStandardItemModel(0, 3)
        self.model.setHorizontalHeaderLabels(["Found", "About", "Where the words are"])
        self.view = QTreeView()
        self.view.setObjectName("search_results")
        self.view.setModel(self.model)
        self.view.setRootIsDecorated(False)
        self.view.setUniformRowHeights(True)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.delegate = SnippetDelegate(self.view)
        self.view.setItemDelegateForColumn(0, self.delegate)
        self.view.setItemDelegateForColumn(2, self.delegate)
        header = self.view.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(0, 260)
        header.resizeSection(1, 200)
        self.view.activated.connect(self.open_index)
        self.status = QLabel("")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setStyleSheet("color: #52606d;")
        layout = QVBoxLayout(self)
        layout.addWidget(self.box)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.run_search)
        self.box.textChanged.connect(lambda _: self._timer.start())
        self.box.installEventFilter(self)
        self.store.subscribe(self._on_changed)
        self.resize(900, 520)
        self.run_search()

    def _on_changed(self, changes: Changes) -> None:
        if self.isVisible() and self.box.text().strip():
            self._timer.start()  # a write elsewhere: the results follow it

    def run_search(self) -> None:
        self._timer.stop()
        text = self.box.text().strip()
        self.model.removeRows(0, self.model.rowCount())
        self.hits = []
        if len(text.replace(" ", "")) < MIN_LETTERS:
            self.status.setText("Type two letters or more. Every word must occur; accents "
                                "do not matter. ↑↓ choose · Enter open · Esc close")
            return
        self.hits = search_all(self.store, text, per_kind=PER_KIND)
        bold = QFont()
        bold.setBold(True)
        kind = ""
        for hit in self.hits:
            if hit.kind != kind:
                kind = hit.kind
                count = sum(1 for h in self.hits if h.kind == kind)
                group = QStandardItem(f"{GROUP_TITLES[kind]} ({count})")
                group.setFont(bold)
                group.setSelectable(False)
                self.model.appendRow([group, _item(""), _item("")])
                self.view.setFirstColumnSpanned(self.model.rowCount() - 1, QModelIndex(), True)
            context = " ".join(hit.marked("", "").split())
            if context == hit.label:  # the words are in the name itself, shown already
                context = ""
            cells = [_item(hit.label or "(no name)"), _item(hit.detail), _item(context)]
            for cell in cells:
                cell.setData(hit, HIT_ROLE)
            self.model.appendRow(cells)
        found = len(self.hits)
        self.status.setText(f"{found} shown, the best of each kind first. ↑↓ choose · Enter "
                            "open · Shift+Enter its timeline · Esc close" if found
                            else f"Nothing found for “{text}”.")
        self._move(1) if found else None

    def current_hit(self) -> Hit | None:
        hit = self.view.currentIndex().data(HIT_ROLE)
        return hit if isinstance(hit, Hit) else None

    def _move(self, step: int) -> None:
        rows = [r for r in range(self.model.rowCount())
                if isinstance(self.model.index(r, 0).data(HIT_ROLE), Hit)]
        if not rows:
            return
        current = self.view.currentIndex().row()
        if current not in rows:
            target = rows[0] if step > 0 else rows[-1]
        else:
            position = min(max(rows.index(current) + step, 0), len(rows) - 1)
            target = rows[position]
        self.view.setCurrentIndex(self.model.index(target, 0))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.box and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            steps = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_PageDown: 8,
                     Qt.Key.Key_PageUp: -8}
            if key in steps:
                if self._timer.isActive():
                    self.run_search()
                self._move(steps[Qt.Key(key)])
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self._timer.isActive():
                    self.run_search()
                shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
                self.open_index(self.view.currentIndex(), timeline=shift)
                return True
        return super().eventFilter(watched, event)

    def open_index(self, index: QModelIndex, timeline: bool = False) -> None:
        hit = index.data(HIT_ROLE)
        if not isinstance(hit, Hit):
            return
        self.accept()
        if timeline:
            open_timeline_of(self.window_, hit.kind, hit.id)
        else:
            open_item(self.window_, hit.kind, hit.id)


def open_timeline_of(window: Any, kind: str, item_id: int) -> Any:
    """Shift+Enter: the story of the contact, company or deal found (or of the deal or
    contact a call, note or insight belongs to); other records simply open."""
    from sm_desk.ui.timeline.view import open_timeline

    if kind in ("activity", "note", "insight"):
        row = window.ctx.store.get("insights" if kind == "insight" else "activities", item_id)
        if row is None:
            return None
        kind, item_id = ("deal", row["deal_id"]) if row["deal_id"] is not None else (
            "contact", row["contact_id"])
    if kind == "contact":
        page = open_item(window, "contact", item_id)
        return page.detail.show_timeline()
    if kind in ("company", "deal"):
        return open_timeline(window, kind, item_id)
    return open_item(window, kind, item_id)


def _item(text: str) -> QStandardItem:
    item = QStandardItem(text)
    item.setEditable(False)
    return item


def open_search(window: Any, text: str = "") -> SearchDialog:
    """Edit > Search everything… (Ctrl+F)."""
    dialog = getattr(window, "search_dialog", None)
    if not isinstance(dialog, SearchDialog):
        dialog = SearchDialog(window)
        window.search_dialog = dialog
    if text:
        dialog.box.setText(text)
        dialog.run_search()
    dialog.open()
    dialog.box.setFocus()
    dialog.box.selectAll()
    return dialog
