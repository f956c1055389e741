"""Data-safety dialogs: restore from a backup, the cloud-folder warning, and the
last-resort error handler that tells the user what happened to their change."""

from __future__ import annotations

import sqlite3
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)


class RestoreDialog(QDialog):
    """Pick one of this database's backups; shows when each was taken and what it holds."""

    def __init__(self, db_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Restore from backup")
        layout = QVBoxLayout(self)
        intro = QLabel("Choose a backup. Your current database is backed up first, "
                       "so restoring can itself be undone.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        from sm_desk.core.store.backup import list_backups

        self.list = QListWidget()
        for backup in list_backups(db_path):
            counts = ", ".join(f"{n:,} {t}" for t, n in backup.counts.items())
            item = QListWidgetItem(f"{backup.taken:%a %d %b %Y, %H:%M}    {counts}")
            item.setData(Qt.ItemDataRole.UserRole, str(backup.path))
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        layout.addWidget(self.list)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = buttons.addButton("Restore", QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setEnabled(self.list.count() > 0)
        if self.list.count() == 0:
            layout.addWidget(QLabel("There are no backups of this database yet."))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        layout.addWidget(buttons)
        self.resize(560, 360)

    def chosen(self) -> Path | None:
        item = self.list.currentItem()
        return Path(item.data(Qt.ItemDataRole.UserRole)) if item else None


def warn_if_cloud_synced(parent: QWidget, path: Path) -> QMessageBox | None:
    """Once per file: a database in a synced folder can be torn by the sync client."""
    from sm_desk.core.paths import cloud_service

    service = cloud_service(path)
    settings = QSettings()
    key = f"warned/cloud/{path}"
    if service is None or settings.value(key):
        return None
    settings.setValue(key, True)
    box = QMessageBox(QMessageBox.Icon.Warning, "Database in a synced folder",
                      f"{path} is in a {service} folder. A sync client can copy the file while "
                      "SM Desk is writing it, and a torn copy can damage it. Keep the database "
                      "in your own data folder and let SM Desk's backups go to the synced "
                      "folder instead.", QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.open()
    return box


def explain(error: BaseException) -> str:
    """What a failed write means for the user's data, in one paragraph."""
    text = str(error).lower()
    if isinstance(error, sqlite3.OperationalError) and "full" in text:
        return ("The disk is full, so your last change was not saved. Everything saved "
                "before it is intact. Free some space and try again.")
    if isinstance(error, sqlite3.OperationalError) and "readonly" in text.replace("-", ""):
        return "This database is read-only, so the change was not saved."
    if isinstance(error, sqlite3.OperationalError) and "locked" in text:
        return ("Another program is writing to the database, so your change was not saved. "
                "Try again in a moment.")
    return (f"Something went wrong and your last change was not saved: {error}. "
            "Everything saved before it is intact.")


def show_unexpected_error(kind: type[BaseException], error: BaseException,
                          tb: TracebackType | None, parent: QWidget | None) -> None:
    """The last-resort handler: an unexpected error in a slot becomes a message (and a
    log line), not a silent crash."""
    from sm_desk.core.paths import data_dir

    try:
        with open(data_dir() / "sm-desk.log", "a", encoding="utf-8") as log:
            log.write("".join(traceback.format_exception(kind, error, tb)))
    except OSError:
        pass
    box = QMessageBox(QMessageBox.Icon.Warning, "Not saved", explain(error),
                      QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()
