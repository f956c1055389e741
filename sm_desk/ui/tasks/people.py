"""Who takes tasks: the numbered drop list beside the tasks, and the People dialog
(me, helpers and agencies, each with the functions they are good at)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
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

from sm_desk.core.store import Store
from sm_desk.core.tasks import service
from sm_desk.core.tasks.view import Person, people
from sm_desk.ui.tasks.model import ids_from_mime

NOBODY = -1  # the "nobody" row's id: dropping there unassigns


def strengths_text(person: Person) -> str:
    if not person.strengths:
        return "strengths not set"
    text = " + ".join(sorted(person.strengths))
    return f"{text} (self-assessment)" if person.strengths_from == "self-assessment" else text


class PeopleList(QListWidget):
    """Numbered like the keys that assign to them; drop tasks on a name to assign them."""

    assign_requested = Signal(list, object)  # task ids, person id or None

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("taskPeople")
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.persons: list[Person] = []

    def set_people(self, persons: list[Person], open_counts: dict[int, int]) -> None:
        self.persons = persons
        self.clear()
        for number, person in enumerate(persons[:9], start=1):
            count = open_counts.get(person.id, 0)
            item = QListWidgetItem(f"{number}  {person.name}  ({count})\n"
                                   f"     {strengths_text(person)}")
            item.setData(Qt.ItemDataRole.UserRole, person.id)
            item.setToolTip(f"Press {number} or drop tasks here to give them to {person.name}")
            self.addItem(item)
        item = QListWidgetItem("0  Nobody (unassign)")
        item.setData(Qt.ItemDataRole.UserRole, NOBODY)
        self.addItem(item)

    def person_at(self, number: int) -> Person | None:
        return self.persons[number - 1] if 1 <= number <= len(self.persons) else None

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if ids_from_mime(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802
        item = self.itemAt(event.position().toPoint())
        if item is not None and ids_from_mime(event.mimeData()):
            self.setCurrentItem(item)
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        item = self.itemAt(event.position().toPoint())
        ids = ids_from_mime(event.mimeData())
        if item is None or not ids:
            event.ignore()
            return
        person_id = item.data(Qt.ItemDataRole.UserRole)
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        self.assign_requested.emit(ids, None if person_id == NOBODY else int(person_id))


class PersonForm(QDialog):
    def __init__(self, parent: QWidget | None, person: Person | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit person" if person else "Add a helper or agency")
        form = QFormLayout(self)
        self.name = QLineEdit(person.name if person else "")
        self.kind = QComboBox()
        if person is not None and person.kind == "me":
            self.kind.addItem("me (you)", "me")
            self.kind.setEnabled(False)
        else:
            self.kind.addItem("Helper", "helper")
            self.kind.addItem("Agency", "agency")
            if person is not None:
                self.kind.setCurrentIndex(max(0, self.kind.findData(person.kind)))
        self.email = QLineEdit((person.email or "") if person else "")
        self.sales = QCheckBox("Sales (one-to-one: conversations, follow-ups, invoices)")
        self.marketing = QCheckBox("Marketing (one-to-many: events, posts, mailings)")
        listed = person.strengths if person else set()
        self.sales.setChecked("sales" in listed)
        self.marketing.setChecked("marketing" in listed)
        form.addRow("Name", self.name)
        form.addRow("Kind", self.kind)
        form.addRow("Email", self.email)
        form.addRow("Good at", self.sales)
        form.addRow("", self.marketing)
        if person is not None and person.strengths_from == "self-assessment":
            note = QLabel("Your latest self-assessment decides your strengths in the Tasks "
                          "view; these apply until you take it.")
            note.setWordWrap(True)
            form.addRow(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> tuple[str, str, list[str], str | None]:
        strengths = [f for f, box in (("sales", self.sales), ("marketing", self.marketing))
                     if box.isChecked()]
        return (self.name.text(), str(self.kind.currentData()), strengths,
                self.email.text().strip() or None)


class PeopleDialog(QDialog):
    """Add, edit and remove the people who take tasks."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setWindowTitle("People who take tasks")
        self.resize(460, 340)
        layout = QVBoxLayout(self)
        intro = QLabel("You, part-time helpers and agencies. Say what each is good at: the "
                       "Tasks view flags work handed to someone against their strengths.")
        intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.itemDoubleClicked.connect(lambda _item: self.edit())
        row = QHBoxLayout()
        for text, slot in (("Add…", self.add), ("Edit…", self.edit), ("Remove", self.remove)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            row.addWidget(button)
        row.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addLayout(row)
        layout.addWidget(close)
        self.reload()

    def reload(self) -> None:
        self.persons = people(self.store)
        self.list.clear()
        for person in self.persons:
            kind = {"me": "me", "helper": "helper", "agency": "agency"}[person.kind]
            self.list.addItem(f"{person.name}  ·  {kind}  ·  {strengths_text(person)}")

    def _selected(self) -> Person | None:
        row = self.list.currentRow()
        return self.persons[row] if 0 <= row < len(self.persons) else None

    def add(self) -> None:
        form = PersonForm(self)
        if form.exec() == QDialog.DialogCode.Accepted:
            self._run(lambda: service.add_person(self.store, *form.values()))

    def edit(self) -> None:
        person = self._selected()
        if person is None:
            return
        form = PersonForm(self, person)
        if form.exec() == QDialog.DialogCode.Accepted:
            self._run(lambda: service.update_person(self.store, person.id, *form.values()))

    def remove(self) -> None:
        person = self._selected()
        if person is None:
            return
        answer = QMessageBox.question(
            self, "Remove", f"Remove {person.name}? Their open tasks go back to Unassigned.")
        if answer == QMessageBox.StandardButton.Yes:
            self._run(lambda: service.remove_person(self.store, person.id))

    def _run(self, action: object) -> None:
        try:
            action()  # type: ignore[operator]
        except service.TaskError as exc:
            QMessageBox.warning(self, "Not saved", str(exc))
        self.reload()


def people_command(window: Any) -> None:
    """Tools > People who take tasks… (commands.py)."""
    PeopleDialog(window.ctx.store, window).exec()
