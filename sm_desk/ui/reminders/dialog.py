"""Tools > Reminders…: what is due now; open it, or snooze it (an hour, until tomorrow)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from sm_desk.core.reminders import SNOOZE_CHOICES, Reminder, due_reminders
from sm_desk.ui.reminders.service import KIND_LABELS
from sm_desk.ui.widgets.rows_model import Column, RowsModel

COLUMNS = [
    Column("What", lambda r: KIND_LABELS[r.kind]),
    Column("Title", lambda r: r.title),
    Column("When", lambda r: r.detail),
]


class RemindersDialog(QDialog):
    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window_ = window
        self.setWindowTitle("Reminders")
        self.model = RowsModel(COLUMNS, tips=False)
        self.view = QTableView()
        self.view.setObjectName("reminders_table")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.view.doubleClicked.connect(lambda _i: self.open_current())
        self.empty = QLabel("Nothing is due. Reminders show here and as a notification while "
                            "SM Desk runs (also hidden in the tray).")
        self.empty.setWordWrap(True)
        open_button = QPushButton("Open")
        open_button.setObjectName("reminder_open")
        open_button.clicked.connect(self.open_current)
        buttons = QHBoxLayout()
        buttons.addWidget(open_button)
        for key, label in SNOOZE_CHOICES.items():
            button = QPushButton(f"Snooze: {label}")
            button.setObjectName(f"snooze_{key}")
            button.clicked.connect(lambda _=False, k=key: self.snooze_current(k))
            buttons.addWidget(button)
        buttons.addStretch(1)
        close = QPushButton("Close")
        close.clicked.connect(self.accept)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self.resize(640, 380)
        self.reload()

    def reload(self) -> None:
        service = getattr(self.window_, "reminders", None)
        now = service.now() if service is not None else None
        from sm_desk.core.clock import now_utc

        self.model.set_rows(due_reminders(self.window_.ctx.store, now or now_utc()))
        self.empty.setVisible(not self.model.rows)
        self.view.setColumnWidth(0, 90)
        self.view.setColumnWidth(2, 220)
        if self.model.rows:
            self.view.selectRow(0)

    def current(self) -> Reminder | None:
        index = self.view.currentIndex()
        return self.model.rows[index.row()] if index.isValid() else None

    def open_current(self) -> None:
        from sm_desk.ui.palette.open_item import open_item

        reminder = self.current()
        if reminder is not None:
            self.accept()
            open_item(self.window_, reminder.kind, reminder.item_id)

    def snooze_current(self, choice: str) -> None:
        reminder = self.current()
        if reminder is None:
            return
        service = getattr(self.window_, "reminders", None)
        if service is not None:
            service.snooze(reminder, choice)
        else:
            from sm_desk.core.clock import now_utc
            from sm_desk.core.reminders import snooze, snooze_until

            snooze(self.window_.ctx.store, reminder, snooze_until(choice, now_utc()))
        self.window_.ctx.say(f"Snoozed “{reminder.title}” ({SNOOZE_CHOICES[choice]})")
        self.reload()


def show_reminders(window: Any) -> RemindersDialog:
    """Tools > Reminders…"""
    dialog = RemindersDialog(window)
    window.reminders_dialog = dialog
    dialog.open()
    return dialog
