"""The first hour on the dashboard: four steps that tick themselves off as the database
fills (import contacts, first deal, first campaign, the self-assessment), each with the
button that does it. It goes away when all four are done, or when the owner hides it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QWidget

from sm_desk.core.first_hour import checklist_hidden, first_steps, hide_checklist
from sm_desk.core.store import Changes
from sm_desk.core.words import counted
from sm_desk.ui.context import AppContext

WATCHED = ("contacts", "deals", "campaigns", "assessments", "settings")
STYLE = """
QFrame#firstHour { background: #eef6ee; border: 1px solid #b9d8b9; border-radius: 6px; }
QLabel#firstHourTitle { font-weight: bold; color: #24422a; }
QLabel[done="true"] { color: #6b7785; text-decoration: line-through; }
"""
BUTTONS = {"contacts": "Import contacts…", "deal": "New deal…", "campaign": "New campaign…",
           "assessment": "Start the assessment…"}


def _run(widget: QWidget, key: str) -> None:
    """Open what fills the step, from the main window (the same as its menu item)."""
    window: Any = widget.window()
    if key == "contacts":
        from sm_desk.ui.contacts.page import import_contacts_command

        import_contacts_command(window)
    elif key == "assessment":
        from sm_desk.ui.assessment.wizard import show_wizard

        show_wizard(window)
    else:
        window.new_actions["Deal" if key == "deal" else "Campaign"].trigger()


class FirstHourChecklist(QFrame):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setObjectName("firstHour")
        self.setStyleSheet(STYLE)
        grid = QGridLayout(self)
        grid.setContentsMargins(12, 8, 12, 8)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(4)
        head = QHBoxLayout()
        self.title = QLabel()
        self.title.setObjectName("firstHourTitle")
        self.hide_button = QPushButton("Hide this list")
        self.hide_button.setFlat(True)
        self.hide_button.clicked.connect(lambda: hide_checklist(ctx.store))
        head.addWidget(self.title, 1)
        head.addWidget(self.hide_button)
        grid.addLayout(head, 0, 0, 1, 3)
        self.marks: dict[str, QLabel] = {}
        self.labels: dict[str, QLabel] = {}
        self.buttons: dict[str, QPushButton] = {}
        for row, step in enumerate(first_steps(ctx.store), start=1):
            mark, label = QLabel(), QLabel()
            label.setWordWrap(True)
            label.setToolTip(step.why)
            button = QPushButton(BUTTONS[step.key])
            button.setObjectName(f"first_{step.key}")
            button.clicked.connect(lambda _=False, k=step.key: _run(self, k))
            grid.addWidget(mark, row, 0)
            grid.addWidget(label, row, 1)
            grid.addWidget(button, row, 2, Qt.AlignmentFlag.AlignRight)
            self.marks[step.key], self.labels[step.key] = mark, label
            self.buttons[step.key] = button
        grid.setColumnStretch(1, 1)
        ctx.changed.connect(self._on_changed)
        self.refresh()

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches(*WATCHED) and not self.ctx.store.closed:
            self.refresh()

    def refresh(self) -> None:
        steps = first_steps(self.ctx.store)
        done = sum(s.done for s in steps)
        self.title.setText(f"Getting started: {done} of {counted(len(steps), 'step')} done")
        for step in steps:
            self.marks[step.key].setText("✔" if step.done else "○")
            label = self.labels[step.key]
            label.setText(f"{step.label}. {step.why}" if not step.done else step.label)
            label.setProperty("done", step.done)
            label.style().unpolish(label)
            label.style().polish(label)
            self.buttons[step.key].setVisible(not step.done)
        self.setVisible(not checklist_hidden(self.ctx.store))


def mount_checklist(page: Any, layout: Any) -> FirstHourChecklist:
    """The dashboard's one line for it: below the first-launch banners."""
    checklist = FirstHourChecklist(page.ctx)
    page.checklist = checklist
    layout.addWidget(checklist)
    return checklist
