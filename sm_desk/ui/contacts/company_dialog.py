"""Create or edit a company: name, website, industry, notes and its custom fields."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from sm_desk.core.contacts.service import (
    ContactError,
    create_company,
    created_id,
    update_company,
)
from sm_desk.core.store import Changes, Store
from sm_desk.ui.widgets.custom_fields import CustomFieldsEditor
from sm_desk.ui.widgets.dialog_buttons import save_cancel
from sm_desk.ui.widgets.labels import problem_label

FIELDS = (("name", "Name"), ("website", "Website"), ("industry", "Industry"))


class CompanyDialog(QDialog):
    """New company (company_id None) or edit; saves in one step on Save."""

    def __init__(self, store: Store, company_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.company_id = store, company_id
        self.changes: Changes | None = None
        self.setWindowTitle("New company" if company_id is None else "Edit company")
        self.setMinimumWidth(420)
        form = QFormLayout()
        self.fields: dict[str, QLineEdit] = {}
        for key, label in FIELDS:
            edit = QLineEdit()
            edit.setObjectName(f"company_{key}")
            self.fields[key] = edit
            form.addRow(label, edit)
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("company_notes")
        self.notes.setFixedHeight(70)
        form.addRow("Notes", self.notes)
        self.custom = CustomFieldsEditor(store, "companies")
        self.custom.load(company_id)
        self.problem = problem_label()
        buttons = save_cancel(self, self.save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.custom)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        row = store.get("companies", company_id) if company_id is not None else None
        if row is not None:
            for key, edit in self.fields.items():
                edit.setText(str(row[key] or ""))
            self.notes.setPlainText(row["notes"] or "")

    def save(self) -> None:
        values = {key: edit.text() for key, edit in self.fields.items()}
        values["notes"] = self.notes.toPlainText()

        def write() -> int:
            if self.company_id is None:
                self.changes = create_company(self.store, **values)
                return created_id(self.changes, "companies")
            self.changes = update_company(self.store, self.company_id, values)
            return self.company_id
        problem = self.custom.save_with(
            "Add company" if self.company_id is None else "Edit company", write, ContactError)
        if problem:
            self.problem.setText(f"Not saved: {problem}")
            return
        self.accept()
