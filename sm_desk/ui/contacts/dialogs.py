"""Create/edit a contact; pick which contact a merge keeps."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from sm_desk.core.contacts.fields import LIFECYCLE_LABELS, split_tags
from sm_desk.core.contacts.service import (
    ContactError,
    create_contact,
    created_id,
    update_contact,
)
from sm_desk.core.store import Changes, Store
from sm_desk.core.store import contacts as q
from sm_desk.core.words import counted
from sm_desk.ui.widgets.custom_fields import CustomFieldsEditor
from sm_desk.ui.widgets.dialog_buttons import save_cancel
from sm_desk.ui.widgets.labels import problem_label


class ContactDialog(QDialog):
    """New contact (contact_id None) or edit; saves through the service on OK."""

    def __init__(self, store: Store, contact_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.contact_id = contact_id
        self.changes: Changes | None = None
        self.setWindowTitle("New contact" if contact_id is None else "Edit contact")
        form = QFormLayout()
        self.fields: dict[str, QLineEdit] = {}
        for key, label in (("first_name", "First name"), ("last_name", "Last name"),
                           ("email", "Email"), ("phone", "Phone"), ("company", "Company"),
                           ("job_title", "Job title"), ("tags", "Tags (comma-separated)")):
            edit = QLineEdit()
            edit.setObjectName(key)
            self.fields[key] = edit
            form.addRow(label, edit)
        self.lifecycle = QComboBox()
        self.lifecycle.setObjectName("lifecycle")
        for key, label in LIFECYCLE_LABELS.items():
            self.lifecycle.addItem(label, key)
        form.addRow("Lifecycle", self.lifecycle)
        self.notes = QPlainTextEdit()
        self.notes.setFixedHeight(70)
        form.addRow("Notes", self.notes)
        self.problem = problem_label()
        buttons = save_cancel(self, self.save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        self.custom = CustomFieldsEditor(store, "contacts")
        self.custom.load(contact_id)
        layout.addWidget(self.custom)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        if contact_id is not None:
            self._load(contact_id)

    def _load(self, contact_id: int) -> None:
        row = q.contact(self.store, contact_id)
        if row is None:
            return
        for key, edit in self.fields.items():
            value = row.get("company_name") if key == "company" else row.get(key)
            edit.setText(str(value or ""))
        self.fields["tags"].setText(", ".join(q.contact_tags(self.store, contact_id)))
        self.lifecycle.setCurrentIndex(max(0, self.lifecycle.findData(row["lifecycle"])))
        self.notes.setPlainText(row["notes"] or "")

    def values(self) -> dict[str, Any]:
        values: dict[str, Any] = {k: e.text() for k, e in self.fields.items() if k != "tags"}
        values["lifecycle"] = self.lifecycle.currentData()
        values["notes"] = self.notes.toPlainText()
        return values

    def save(self) -> None:
        tags = split_tags(self.fields["tags"].text())

        def write() -> int:
            if self.contact_id is None:
                self.changes = create_contact(self.store, self.values(), tags)
                return created_id(self.changes)
            self.changes = update_contact(self.store, self.contact_id, self.values(), tags)
            return self.contact_id
        problem = self.custom.save_with(
            "Add contact" if self.contact_id is None else "Edit contact", write, ContactError)
        if problem:
            self.problem.setText(f"Not saved: {problem}")
            return
        self.accept()


class MergeDialog(QDialog):
    """Choose the contact that stays; the others fold into it."""

    def __init__(self, store: Store, ids: list[int], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Merge contacts")
        self.list = QListWidget()
        for contact_id in ids:
            row = q.contact(store, contact_id)
            if row is None:
                continue
            name = f"{row['first_name']} {row['last_name']}".strip() or row["email"] or "?"
            deals = len(q.deals_of(store, contact_id))
            item = QListWidgetItem(f"{name}  <{row['email'] or 'no email'}>  "
                                   f"{counted(deals, 'deal')}, created {row['created_at'][:10]}")
            item.setData(Qt.ItemDataRole.UserRole, contact_id)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        text = QLabel("Keep which contact? The others' deals, activities, tasks and tags move "
                      "to it, its empty fields are filled from them, then they are deleted. "
                      "Edit > Undo reverses the whole merge.")
        text.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Merge")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.list)
        layout.addWidget(buttons)

    def keep_id(self) -> int:
        return int(self.list.currentItem().data(Qt.ItemDataRole.UserRole))
