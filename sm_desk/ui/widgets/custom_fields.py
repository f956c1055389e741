"""Editors for a record's custom fields, to sit in a contact or deal form.

    editor = CustomFieldsEditor(store, "contacts")
    editor.load(contact_id)
    problem = editor.save_with("Edit contact", write_the_contact, ContactError)
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLineEdit, QWidget

from sm_desk.core.custom_fields import (
    CustomField,
    FieldError,
    display,
    list_fields,
    set_values,
    values_for,
)
from sm_desk.core.money import numbers_for
from sm_desk.core.store import Store

PLACEHOLDERS = {"number": "a number", "money": "0.00", "date": "YYYY-MM-DD"}


class CustomFieldsEditor(QGroupBox):
    def __init__(self, store: Store, entity: str, parent: QWidget | None = None) -> None:
        super().__init__("Custom fields", parent)
        self.store, self.entity = store, entity
        self.numbers = numbers_for(store)  # typed and shown in the owner's locale
        self.fields: list[CustomField] = list_fields(store, entity)
        self.editors: dict[int, QLineEdit | QComboBox] = {}
        form = QFormLayout(self)
        for field in self.fields:
            editor: QLineEdit | QComboBox
            if field.kind in ("choice", "yesno"):
                editor = QComboBox()
                editor.addItem("", "")
                for choice in (field.choices if field.kind == "choice" else ["Yes", "No"]):
                    editor.addItem(choice, choice)
            else:
                editor = QLineEdit()
                editor.setPlaceholderText(self.numbers.amount(0) if field.kind == "money"
                                          else PLACEHOLDERS.get(field.kind, ""))
            editor.setObjectName(f"custom_{field.name}")
            self.editors[field.id] = editor
            form.addRow(field.name, editor)
        self.setVisible(bool(self.fields))

    def load(self, record_id: int | None) -> None:
        stored = values_for(self.store, self.entity, [record_id]).get(record_id, {}) \
            if record_id is not None else {}
        for field in self.fields:
            text = display(field, stored.get(field.id), numbers=self.numbers)
            editor = self.editors[field.id]
            if isinstance(editor, QComboBox):
                index = editor.findData(text)
                if index < 0 and text:  # a value no longer among the choices: keep it
                    editor.addItem(text, text)
                    index = editor.count() - 1
                editor.setCurrentIndex(max(index, 0))
            else:
                editor.setText(text)

    def texts(self) -> dict[int | str, str]:
        return {field_id: (e.currentData() or "") if isinstance(e, QComboBox) else e.text()
                for field_id, e in self.editors.items()}

    def save_with(self, label: str, write: Callable[[], int],
                  *refusals: type[Exception]) -> str | None:
        """`write()` (saves the record, returns its id), then these values, in one step
        named `label`. Returns why it was refused (one of `refusals`, or a bad custom
        value: nothing is written), or None when it saved."""
        caught: tuple[type[Exception], ...] = (FieldError, *refusals)
        try:
            with self.store.step(label):
                saved = write()
                if self.fields:
                    set_values(self.store, self.entity, saved, self.texts())
        except caught as exc:
            return str(exc)
        return None
