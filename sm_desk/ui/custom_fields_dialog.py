"""Tools > Custom fields…: define the extra fields of contacts, companies and deals."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sm_desk.core.custom_fields import (
    ENTITIES,
    KINDS,
    CustomField,
    FieldError,
    define_field,
    delete_field,
    list_fields,
    update_field,
    value_count,
)
from sm_desk.core.words import counted
from sm_desk.ui.context import AppContext
from sm_desk.ui.widgets.labels import problem_label


class CustomFieldsDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.store = ctx, ctx.store
        self.setWindowTitle("Custom fields")
        self.resize(620, 380)
        self.list = QListWidget()
        self.list.setObjectName("custom_field_list")
        self.list.currentRowChanged.connect(self._show)
        self.entity = QComboBox()
        self.entity.setObjectName("custom_entity")
        for key, label in ENTITIES.items():
            self.entity.addItem(label, key)
        self.name = QLineEdit()
        self.name.setObjectName("custom_name")
        self.kind = QComboBox()
        self.kind.setObjectName("custom_kind")
        for key, label in KINDS.items():
            self.kind.addItem(label, key)
        self.choices = QLineEdit()
        self.choices.setObjectName("custom_choices")
        self.choices.setPlaceholderText("For a choice: Gold, Silver, Bronze")
        form = QFormLayout()
        form.addRow("On", self.entity)
        form.addRow("Name", self.name)
        form.addRow("Kind", self.kind)
        form.addRow("Choices", self.choices)
        self.problem = problem_label()
        self.add_button = QPushButton("Add field")
        self.add_button.setObjectName("custom_add")
        self.save_button = QPushButton("Save changes")
        self.delete_button = QPushButton("Delete field…")
        self.add_button.clicked.connect(self.add)
        self.save_button.clicked.connect(self.save)
        self.delete_button.clicked.connect(self.delete)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.save_button, self.delete_button):
            buttons.addWidget(button)
        close = QPushButton("Close")
        close.clicked.connect(self.accept)
        right = QVBoxLayout()
        right.addLayout(form)
        right.addLayout(buttons)
        right.addWidget(self.problem)
        right.addStretch(1)
        right.addWidget(QLabel("Fields show in the forms and as table columns, and in the "
                               "contacts CSV import and export."), 0)
        right.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)
        layout = QHBoxLayout(self)
        layout.addWidget(self.list, 2)
        layout.addLayout(right, 3)
        self.fields: list[CustomField] = []
        self.reload()

    def reload(self, select: str = "") -> None:
        self.fields = [f for entity in ENTITIES for f in list_fields(self.store, entity)]
        self.list.clear()
        for field in self.fields:
            item = QListWidgetItem(f"{ENTITIES[field.entity]} · {field.name} "
                                   f"({KINDS[field.kind]})")
            self.list.addItem(item)
            if field.name == select:
                self.list.setCurrentItem(item)
        self._show(self.list.currentRow())

    def current(self) -> CustomField | None:
        row = self.list.currentRow()
        return self.fields[row] if 0 <= row < len(self.fields) else None

    def _show(self, _row: int) -> None:
        field = self.current()
        self.save_button.setEnabled(field is not None)
        self.delete_button.setEnabled(field is not None)
        if field is None:
            return
        self.entity.setCurrentIndex(self.entity.findData(field.entity))
        self.name.setText(field.name)
        self.kind.setCurrentIndex(self.kind.findData(field.kind))
        self.choices.setText(", ".join(field.choices))

    def _choices(self) -> list[str]:
        return [c for c in self.choices.text().split(",") if c.strip()]

    def _run(self, action: Any) -> bool:
        try:
            action()
        except FieldError as exc:
            self.problem.setText(str(exc))
            return False
        self.problem.setText("")
        return True

    def add(self) -> None:
        name = self.name.text().strip()
        if self._run(lambda: define_field(self.store, self.entity.currentData(), name,
                                          self.kind.currentData(), self._choices())):
            self.ctx.say(f"Field {name} added")
            self.reload(name)

    def save(self) -> None:
        field = self.current()
        if field is not None and self._run(
                lambda: update_field(self.store, field.id, self.name.text(), self._choices())):
            self.reload(self.name.text().strip())

    def delete(self) -> None:
        field = self.current()
        if field is None:
            return
        count = value_count(self.store, field.id)
        answer = QMessageBox.question(
            self, "Delete field", f"Delete the field {field.name} and its {counted(count, 'value')}? "
            "Edit > Undo brings them back.")
        if answer == QMessageBox.StandardButton.Yes and self._run(
                lambda: delete_field(self.store, field.id)):
            self.reload()


def custom_fields_command(window: Any) -> None:
    """Tools > Custom fields…"""
    CustomFieldsDialog(window.ctx, window).exec()
