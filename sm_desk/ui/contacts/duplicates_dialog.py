"""Tools > Find duplicate contacts…: groups of likely duplicates; pick the contact that
stays and, field by field, the value to keep; Merge (one undoable step)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from sm_desk.core.contacts.duplicates import MERGE_FIELDS, DuplicateGroup, find_duplicates, merge
from sm_desk.core.contacts.fields import LIFECYCLE_LABELS
from sm_desk.core.contacts.service import ContactError
from sm_desk.core.custom_fields import display, list_fields, values_for
from sm_desk.core.store import contacts as q
from sm_desk.core.words import counted
from sm_desk.ui.context import AppContext


def _name(row: dict[str, Any]) -> str:
    return f"{row['first_name']} {row['last_name']}".strip() or row["email"] or f"#{row['id']}"


class DuplicatesDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.store = ctx, ctx.store
        self.setWindowTitle("Find duplicate contacts")
        self.resize(860, 520)
        self.groups: list[DuplicateGroup] = []
        self.group_list = QListWidget()
        self.group_list.setObjectName("duplicate_groups")
        self.group_list.currentRowChanged.connect(self._show_group)
        self.survivor = QComboBox()
        self.survivor.setObjectName("merge_survivor")
        self.survivor.currentIndexChanged.connect(self._default_choices)
        self.form = QFormLayout()
        self.choice_boxes: dict[str | int, QComboBox] = {}
        form_host = QWidget()
        form_host.setLayout(self.form)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(form_host)
        self.reasons = QLabel()
        self.reasons.setTextFormat(Qt.TextFormat.PlainText)
        self.reasons.setWordWrap(True)
        self.merge_button = QPushButton("Merge")
        self.merge_button.setObjectName("merge_group")
        self.merge_button.clicked.connect(self.merge_current)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.reasons)
        top = QHBoxLayout()
        top.addWidget(QLabel("Keep"))
        top.addWidget(self.survivor, 1)
        right_layout.addLayout(top)
        right_layout.addWidget(scroll, 1)
        note = QLabel("Every deal, activity, tag, task and custom value of the others moves "
                      "to the contact kept. Edit > Undo reverses the whole merge.")
        note.setWordWrap(True)
        right_layout.addWidget(note)
        right_layout.addWidget(self.merge_button)
        split = QSplitter()
        split.addWidget(self.group_list)
        split.addWidget(right)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        close = QPushButton("Close")
        close.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        bottom = QHBoxLayout()
        self.count = QLabel()
        bottom.addWidget(self.count, 1)
        bottom.addWidget(close)
        layout.addLayout(bottom)
        self.reload()

    def reload(self) -> None:
        self.groups = find_duplicates(self.store)
        self.group_list.blockSignals(True)
        self.group_list.clear()
        for group in self.groups:
            names = [_name(r) for i in group.ids if (r := self.store.get("contacts", i))]
            item = QListWidgetItem(f"{len(group.ids)} × {names[0] if names else '?'}  "
                                   f"({', '.join(group.reasons)})")
            self.group_list.addItem(item)
        self.group_list.blockSignals(False)
        self.count.setText(f"{counted(len(self.groups), 'group')} of likely duplicates"
                           if self.groups else "No likely duplicates.")
        self.merge_button.setEnabled(bool(self.groups))
        if self.groups:
            self.group_list.setCurrentRow(0)
        else:
            self._show_group(-1)

    def current_group(self) -> DuplicateGroup | None:
        row = self.group_list.currentRow()
        return self.groups[row] if 0 <= row < len(self.groups) else None

    def _show_group(self, _row: int) -> None:
        group = self.current_group()
        while self.form.rowCount():
            self.form.removeRow(0)
        self.choice_boxes.clear()
        self.survivor.blockSignals(True)
        self.survivor.clear()
        self.rows: list[dict[str, Any]] = []
        if group is None:
            self.survivor.blockSignals(False)
            self.reasons.setText("")
            return
        self.reasons.setText("Alike by " + ", ".join(group.reasons))
        self.rows = [r for i in group.ids if (r := q.contact(self.store, i)) is not None]
        for row in self.rows:
            deals = len(q.deals_of(self.store, row["id"]))
            self.survivor.addItem(f"{_name(row)} <{row['email'] or 'no email'}> · {counted(deals, 'deal')}"
                                  f" · created {row['created_at'][:10]}", row["id"])
        self.survivor.blockSignals(False)
        for key, label in MERGE_FIELDS.items():
            self._add_choice(key, label, [(row[key], self._show(key, row)) for row in self.rows])
        custom = values_for(self.store, "contacts", [r["id"] for r in self.rows])
        for field in list_fields(self.store, "contacts"):
            options = [(custom.get(r["id"], {}).get(field.id),
                        display(field, custom.get(r["id"], {}).get(field.id)))
                       for r in self.rows]
            self._add_choice(field.id, field.name, options)
        self._default_choices()

    @staticmethod
    def _show(key: str, row: dict[str, Any]) -> str:
        if key == "company_id":
            return str(row["company_name"] or "")
        if key == "source_campaign_id":
            return str(row["source_campaign_name"] or "")
        if key == "lifecycle":
            lifecycle: str = row["lifecycle"]
            return LIFECYCLE_LABELS.get(lifecycle, lifecycle)
        return str(row[key] or "")

    def _add_choice(self, key: str | int, label: str, options: list[tuple[Any, str]]) -> None:
        box = QComboBox()
        box.setObjectName(f"merge_field_{key}")
        seen: set[Any] = set()
        for value, text in options:
            if value in (None, "") or value in seen:
                continue
            seen.add(value)
            box.addItem(text.replace("\n", " ⏎ ")[:120], value)
        if box.count() == 0:
            return  # empty for everyone: nothing to choose
        box.setEnabled(box.count() > 1)
        self.choice_boxes[key] = box
        self.form.addRow(label, box)

    def _default_choices(self) -> None:
        """Each field starts at the kept contact's value (or the first one given)."""
        keep = self.survivor.currentData()
        row = next((r for r in self.rows if r["id"] == keep), None)
        custom = values_for(self.store, "contacts", [keep]).get(keep, {}) if keep else {}
        for key, box in self.choice_boxes.items():
            mine = custom.get(key) if isinstance(key, int) else (row or {}).get(key)
            found = box.findData(mine) if mine not in (None, "") else -1
            box.setCurrentIndex(max(found, 0))

    def choices(self) -> dict[str | int, Any]:
        return {key: box.currentData() for key, box in self.choice_boxes.items()}

    def merge_current(self) -> None:
        group = self.current_group()
        keep = self.survivor.currentData()
        if group is None or keep is None:
            return
        try:
            merge(self.store, int(keep), group.ids, self.choices())
        except ContactError as exc:
            self.reasons.setText("Not merged: " + "; ".join(exc.problems))
            return
        self.ctx.say(f"Merged {len(group.ids)} contacts. Edit > Undo reverses it.")
        self.reload()


def find_duplicates_command(window: Any) -> None:
    """Tools > Find duplicate contacts…"""
    DuplicatesDialog(window.ctx, window).exec()
