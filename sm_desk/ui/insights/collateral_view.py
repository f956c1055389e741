"""Marketing's collateral library (the ammunition) and its gaps: collateral nobody sent
in 90 days, and objections sales keeps hearing that no collateral answers (double-
click one to write the collateral that answers it)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from sm_desk.core import clock
from sm_desk.core.handoffs import collateral as ammo
from sm_desk.core.store import Changes, Store
from sm_desk.core.store import handoffs as q
from sm_desk.core.store import sales as sales_queries
from sm_desk.core.words import sentence
from sm_desk.ui.widgets.dialog_buttons import save_cancel
from sm_desk.ui.widgets.labels import plain_label
from sm_desk.ui.widgets.rows_model import Column, RowsModel, selected_rows, table_view

WATCHED = ("collateral", "collateral_tags", "collateral_stages", "collateral_sends",
           "insights", "insight_tags", "stages")
COLUMNS = [
    Column("Title", lambda r: r["title"]),
    Column("Kind", lambda r: ammo.COLLATERAL_KIND_LABELS.get(r["kind"], r["kind"])),
    Column("Suits stages", lambda r: r["stages"] or ""),
    Column("Answers", lambda r: r["tags"] or ""),
    Column("Sent", lambda r: str(r["sends"]), lambda r: r["sends"], True),
    Column("Last sent", lambda r: (r["last_sent"] or "never")[:10], lambda r: r["last_sent"] or ""),
    Column("Link or file", lambda r: r["location"]),
]


class CollateralDialog(QDialog):
    def __init__(self, store: Store, collateral_id: int | None = None, tags: str = "",
                 now: Callable[[], datetime] = clock.now_utc,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.collateral_id, self.now = store, collateral_id, now
        self.setWindowTitle("Edit collateral" if collateral_id else "New collateral")
        row: dict[str, Any] = {}
        if collateral_id is not None:
            row = (q.collateral_rows(store, [collateral_id]) or [{}])[0]
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.title = QLineEdit(row.get("title", ""))
        self.kind = QComboBox()
        for key, label in ammo.COLLATERAL_KIND_LABELS.items():
            self.kind.addItem(label, key)
        self.kind.setCurrentIndex(max(self.kind.findData(row.get("kind", "faq")), 0))
        self.location = QLineEdit(row.get("location", ""))
        self.location.setPlaceholderText("https://… or a file path")
        browse = QPushButton("File…")
        browse.clicked.connect(self._browse)
        where = QHBoxLayout()
        where.addWidget(self.location, 1)
        where.addWidget(browse)
        self.stages = QListWidget()
        self.stages.setMaximumHeight(110)
        chosen = {r["stage_id"] for r in q.collateral_stage_ids(store, collateral_id or 0)}
        for stage in sales_queries.stages(store):
            if stage["outcome"] != "open":
                continue
            item = QListWidgetItem(stage["name"])
            item.setData(Qt.ItemDataRole.UserRole, stage["id"])
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if stage["id"] in chosen
                               else Qt.CheckState.Unchecked)
            self.stages.addItem(item)
        self.tags = QLineEdit(row.get("tags") or tags)
        self.tags.setPlaceholderText("Insight tags it answers: price, setup-time")
        self.notes = QPlainTextEdit(row.get("notes", ""))
        self.notes.setFixedHeight(50)
        form.addRow("&Title", self.title)
        form.addRow("&Kind", self.kind)
        form.addRow("&Link or file", where)
        form.addRow("Suits &stages", self.stages)
        form.addRow("&Answers tags", self.tags)
        form.addRow("&Notes", self.notes)
        layout.addLayout(form)
        self.error = plain_label("", "color: #c0392b;")
        layout.addWidget(self.error)
        buttons = save_cancel(self, self.save)
        layout.addWidget(buttons)

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Collateral file")
        if path:
            self.location.setText(path)

    def stage_ids(self) -> list[int]:
        return [int(self.stages.item(i).data(Qt.ItemDataRole.UserRole))
                for i in range(self.stages.count())
                if self.stages.item(i).checkState() == Qt.CheckState.Checked]

    def check_stage(self, name: str) -> None:
        for i in range(self.stages.count()):
            if self.stages.item(i).text() == name:
                self.stages.item(i).setCheckState(Qt.CheckState.Checked)

    def save(self) -> None:
        try:
            ammo.save_collateral(
                self.store, {"title": self.title.text(), "kind": self.kind.currentData(),
                             "location": self.location.text(),
                             "notes": self.notes.toPlainText()},
                self.now(), stage_ids=self.stage_ids(), tags=self.tags.text(),
                collateral_id=self.collateral_id)
        except ammo.CollateralError as exc:
            self.error.setText(sentence(str(exc)))
            return
        self.accept()


class CollateralView(QWidget):
    def __init__(self, store: Store, say: Callable[[str], None] = lambda _: None,
                 today: Callable[[], date] = clock.today,
                 now: Callable[[], datetime] = clock.now_utc) -> None:
        super().__init__()
        self.store, self.say, self.today, self.now = store, say, today, now
        self.dialog: CollateralDialog | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        bar = QHBoxLayout()
        bar.addWidget(plain_label("Collateral: the ammunition sales is offered on each deal",
                             "font-weight: bold; font-size: 14px"), 1)
        self.new_button = QPushButton("New collateral…")
        self.edit_button = QPushButton("Edit…")
        self.delete_button = QPushButton("Delete")
        self.new_button.clicked.connect(lambda: self.new())
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        for button in (self.new_button, self.edit_button, self.delete_button):
            bar.addWidget(button)
        layout.addLayout(bar)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.model = RowsModel(COLUMNS, alert=lambda r: not r["sends"])
        self.view = table_view(self.model, "collateral_table", widths=(240, 90, 150, 140, 45, 80))
        self.view.doubleClicked.connect(lambda _: self.edit_selected())
        gaps = QWidget()
        gap_box = QVBoxLayout(gaps)
        gap_box.setContentsMargins(0, 0, 0, 0)
        gap_box.addWidget(plain_label(f"Nobody sends ({ammo.UNUSED_AFTER_DAYS} days)",
                                 "font-weight: bold;"))
        self.unused = QListWidget()
        self.unused.setObjectName("unused_collateral")
        gap_box.addWidget(self.unused, 1)
        gap_box.addWidget(plain_label("Objections with no collateral", "font-weight: bold;"))
        self.uncovered = QListWidget()
        self.uncovered.setObjectName("uncovered_objections")
        self.uncovered.setToolTip("Double-click to write the collateral that answers it")
        self.uncovered.itemDoubleClicked.connect(
            lambda item: self.new(str(item.data(Qt.ItemDataRole.UserRole))))
        gap_box.addWidget(self.uncovered, 1)
        splitter.addWidget(self.view)
        splitter.addWidget(gaps)
        splitter.setSizes([860, 300])
        layout.addWidget(splitter, 1)
        self.reload()

    def on_changed(self, changes: Changes) -> None:
        if changes.touches(*WATCHED):
            self.reload()

    def reload(self) -> None:
        self.model.set_rows(ammo.collateral_list(self.store))
        self.unused.clear()
        for row in ammo.unused_collateral(self.store, self.today()):
            when = f"last sent {row['last_sent'][:10]}" if row["last_sent"] else "never sent"
            self.unused.addItem(f"{row['title']} ({when})")
        if not self.unused.count():
            self.unused.addItem("Every piece was sent recently.")
        self.uncovered.clear()
        for row in ammo.objections_without_collateral(self.store, self.today()):
            item = QListWidgetItem(f"{row['tag']}: heard {row['n']}×")
            item.setData(Qt.ItemDataRole.UserRole, row["tag"])
            self.uncovered.addItem(item)
        if not self.uncovered.count():
            self.uncovered.addItem("Every objection heard has an answer.")

    def selected_id(self) -> int | None:
        rows = selected_rows(self.view)
        return int(self.model.row(rows[0])["id"]) if rows else None

    def new(self, tags: str = "", run: bool = True) -> CollateralDialog:
        dialog = CollateralDialog(self.store, tags=tags, now=self.now, parent=self)
        dialog.accepted.connect(lambda: self.say("Collateral saved (Ctrl+Z undoes)"))
        self.dialog = dialog
        if run:
            dialog.open()
        return dialog

    def edit_selected(self) -> None:
        collateral_id = self.selected_id()
        if collateral_id is not None:
            self.dialog = CollateralDialog(self.store, collateral_id, now=self.now, parent=self)
            self.dialog.open()

    def delete_selected(self) -> None:
        collateral_id = self.selected_id()
        if collateral_id is not None:
            ammo.delete_collateral(self.store, collateral_id)
            self.say("Collateral deleted (Ctrl+Z undoes)")
