"""The task form: a new task by hand (from any workspace, optionally for a selected
touch, deal or contact) or an edit of one."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QWidget,
)

from sm_desk.core.clock import today
from sm_desk.core.store import Changes, Store
from sm_desk.core.tasks import service
from sm_desk.core.tasks.view import people
from sm_desk.ui.widgets.solo import solo_owner


class TaskDialog(QDialog):
    def __init__(self, store: Store, parent: QWidget | None = None,
                 task: dict[str, Any] | None = None, origin: tuple[str, int] | None = None,
                 origin_label: str = "") -> None:
        super().__init__(parent)
        self.store = store
        self.task = task
        self.origin = origin
        self.setWindowTitle("Edit task" if task else "New task")
        self.setMinimumWidth(420)
        form = QFormLayout(self)
        self.title = QLineEdit(task["title"] if task else "")
        self.title.setPlaceholderText("What needs doing?")
        self.function = QComboBox()
        for text, value in (("Unclassified", None), ("Sales (one-to-one)", "sales"),
                            ("Marketing (one-to-many)", "marketing")):
            self.function.addItem(text, value)
        self.assignee = QComboBox()
        self.assignee.addItem("Nobody yet", None)
        for person in people(store):
            self.assignee.addItem(person.name, person.id)
        self.due = QDateEdit()
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat("yyyy-MM-dd")
        self.has_due = QCheckBox("due")
        due_row = QHBoxLayout()
        due_row.addWidget(self.has_due)
        due_row.addWidget(self.due, 1)
        self.has_due.toggled.connect(self.due.setEnabled)
        self.notes = QPlainTextEdit(task["notes"] if task else "")
        self.notes.setFixedHeight(70)
        day = QDate.fromString(task["due"], "yyyy-MM-dd") if task and task["due"] else None
        self.due.setDate(day or QDate(*today().timetuple()[:3]))
        self.has_due.setChecked(day is not None or task is None)
        self.due.setEnabled(self.has_due.isChecked())
        if task:
            self.function.setCurrentIndex(max(0, self.function.findData(task["function"])))
            self.assignee.setCurrentIndex(max(0, self.assignee.findData(task["assignee_id"])))
        else:  # the owner's own new task, when the owner works alone
            self.assignee.setCurrentIndex(max(0, self.assignee.findData(solo_owner(store))))
        form.addRow("Task", self.title)
        if origin is not None:
            label = QLabel(f"For: {origin_label or f'{origin[0]} #{origin[1]}'}")
            form.addRow(label)
        form.addRow("Function", self.function)
        form.addRow("Assignee", self.assignee)
        form.addRow("Due", due_row)
        form.addRow("Notes", self.notes)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> dict[str, Any]:
        return {"title": self.title.text(), "function": self.function.currentData(),
                "assignee_id": self.assignee.currentData(),
                "due": self.due.date().toString("yyyy-MM-dd") if self.has_due.isChecked()
                else None, "notes": self.notes.toPlainText()}

    def save(self) -> None:
        values = self.values()
        try:
            if self.task is None:
                origin_type, origin_id = self.origin or (None, None)
                self.changes: Changes = service.create_task(
                    self.store, values.pop("title"), origin_type=origin_type,
                    origin_id=origin_id, **values)
            else:
                self.changes = service.update_task(self.store, int(self.task["id"]), **values)
        except service.TaskError as exc:
            QMessageBox.warning(self, "Not saved", str(exc))
            return
        self.accept()


def open_new_task(parent: QWidget | None, store: Store, origin_type: str | None = None,
                  origin_id: int | None = None, origin_label: str = "") -> bool:
    """For any workspace: a new task, attached to the selected touch, deal or contact when
    given. True when one was saved."""
    origin = (origin_type, origin_id) if origin_type and origin_id is not None else None
    dialog = TaskDialog(store, parent, origin=origin, origin_label=origin_label)
    return dialog.exec() == QDialog.DialogCode.Accepted


def new_task_command(window: Any) -> None:
    """Edit > New task… (commands.py): asks the current page for a selected origin via an
    optional `selected_origin() -> (type, id, label) | None` method."""
    page = window.stack.currentWidget()
    origin = page.selected_origin() if hasattr(page, "selected_origin") else None
    if origin:
        open_new_task(window, window.ctx.store, origin[0], origin[1], origin[2])
    else:
        open_new_task(window, window.ctx.store)
