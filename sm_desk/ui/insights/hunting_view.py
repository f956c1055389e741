"""Marketing's hunting grounds: rank the segments (contact tags) sales should hunt in
first, each with a one-line reason. Sales' leads list, the deal table and the
dashboard's "best leads to call today" follow this ranking."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from sm_desk.core import clock
from sm_desk.core.handoffs import hunting
from sm_desk.core.store import Changes, Store
from sm_desk.core.words import sentence
from sm_desk.ui.widgets.rows_model import Column, RowsModel, selected_rows, table_view
from sm_desk.ui.widgets.when_shown import ReloadWhenShown

WATCHED = ("segment_priorities", "tags", "contact_tags", "contacts")
COLUMNS = [
    Column("Rank", lambda r: f"#{r['rank']}" if r["rank"] else "",
           lambda r: r["rank"] or 10**6, True),
    Column("Segment", lambda r: r["name"]),
    Column("Leads", lambda r: f"{r['leads']:,}", lambda r: r["leads"], True),
    Column("Contacts", lambda r: f"{r['contacts']:,}", lambda r: r["contacts"], True),
    Column("Why hunt here", lambda r: r["reason"]),
]


class HuntingView(QWidget):
    def __init__(self, store: Store, say: Callable[[str], None] = lambda _: None,
                 now: Callable[[], datetime] = clock.now_utc) -> None:
        super().__init__()
        self.store, self.say, self.now = store, say, now
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        title = QLabel("Hunting grounds: where sales should hunt first")
        title.setStyleSheet("font-weight: bold; font-size: 14px")
        layout.addWidget(title)
        self.model = RowsModel(COLUMNS)
        self.view = table_view(self.model, "segment_table", widths=(55, 180, 70, 80))
        self.view.setSortingEnabled(False)
        layout.addWidget(self.view, 1)
        edit = QHBoxLayout()
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("One line: why hunt in this segment now?")
        self.reason.returnPressed.connect(self.save_reason)
        self.rank_button = QPushButton("Rank")
        self.up_button = QPushButton("Up")
        self.down_button = QPushButton("Down")
        self.unrank_button = QPushButton("Unrank")
        self.rank_button.clicked.connect(self.rank_selected)
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button.clicked.connect(lambda: self.move_selected(1))
        self.unrank_button.clicked.connect(self.unrank_selected)
        edit.addWidget(self.reason, 1)
        for button in (self.rank_button, self.up_button, self.down_button, self.unrank_button):
            edit.addWidget(button)
        layout.addLayout(edit)
        hint = QLabel("Pick a segment, write the reason and press Rank (or Enter to change "
                      "the reason). Leads count contacts still at the lead stage.")
        hint.setTextFormat(Qt.TextFormat.PlainText)
        hint.setStyleSheet("color: #7b8794;")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._show_reason())
        self.loader = ReloadWhenShown(self, self.reload)  # read when first shown

    def on_changed(self, changes: Changes) -> None:
        if changes.touches(*WATCHED):
            self.loader.request()

    def reload(self) -> None:
        keep = self.selected_tag()
        self.model.set_rows(hunting.segments(self.store))
        if keep is not None:
            self.select_tag(keep)

    def select_tag(self, tag_id: int) -> None:
        for i, row in enumerate(self.model.rows):
            if row["tag_id"] == tag_id:
                self.view.selectRow(i)

    def select_name(self, name: str) -> None:
        for i, row in enumerate(self.model.rows):
            if row["name"] == name:
                self.view.selectRow(i)

    def selected_tag(self) -> int | None:
        rows = selected_rows(self.view)
        return int(self.model.row(rows[0])["tag_id"]) if rows else None

    def _show_reason(self) -> None:
        rows = selected_rows(self.view)
        self.reason.setText(self.model.row(rows[0])["reason"] if rows else "")

    def _run(self, action: Callable[[], Changes]) -> None:
        try:
            action()
        except hunting.HuntingError as exc:
            self.say(sentence(str(exc)))

    def rank_selected(self) -> None:
        tag = self.selected_tag()
        if tag is not None:
            row = next(r for r in self.model.rows if r["tag_id"] == tag)
            if row["rank"]:
                self._run(lambda: hunting.set_reason(self.store, tag, self.reason.text(),
                                                     self.now()))
            else:
                self._run(lambda: hunting.set_ranked(self.store, tag, True, self.now(),
                                                     self.reason.text()))

    def save_reason(self) -> None:
        self.rank_selected()

    def unrank_selected(self) -> None:
        tag = self.selected_tag()
        if tag is not None:
            self._run(lambda: hunting.set_ranked(self.store, tag, False, self.now()))

    def move_selected(self, delta: int) -> None:
        tag = self.selected_tag()
        if tag is not None:
            self._run(lambda: hunting.move_segment(self.store, tag, delta, self.now()))
