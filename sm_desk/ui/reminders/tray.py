"""Where a reminder shows: the system tray's notification when there is a tray, else the
status bar. Tests hand the service a fake with the same two members."""

from __future__ import annotations

from typing import Any, Protocol

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMenu, QStyle, QSystemTrayIcon

MESSAGE_MS = 15_000


class Notifier(Protocol):
    clicked: Any  # a signal, emitted when the user clicks the notification

    def notify(self, title: str, text: str) -> None: ...


class TrayNotifier(QObject):
    """A tray icon (Show SM Desk, Reminders…, Quit) that shows notifications."""

    clicked = Signal()
    show_requested = Signal()

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        style = QApplication.style()
        icon = window.windowIcon()
        if icon.isNull():
            icon = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation)
        self.tray = QSystemTrayIcon(QIcon(icon), self)
        self.tray.setToolTip("SM Desk")
        menu = QMenu(window)
        menu.addAction("Show SM Desk", self.show_requested.emit)
        menu.addAction("Reminders…", self.clicked.emit)
        menu.addSeparator()
        menu.addAction("Quit", window.close)
        self.tray.setContextMenu(menu)
        self.tray.messageClicked.connect(self.clicked.emit)
        self.tray.activated.connect(self._activated)
        self.tray.show()

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (QSystemTrayIcon.ActivationReason.Trigger,
                      QSystemTrayIcon.ActivationReason.DoubleClick):
            self.show_requested.emit()

    def notify(self, title: str, text: str) -> None:
        self.tray.showMessage(title, text, QSystemTrayIcon.MessageIcon.Information, MESSAGE_MS)


class StatusNotifier(QObject):
    """No tray (some desktops, offscreen): the status bar says it."""

    clicked = Signal()

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window

    def notify(self, title: str, text: str) -> None:
        self.window.ctx.say(f"{title}: {text.splitlines()[0]} (Tools > Reminders…)")


def default_notifier(window: Any) -> TrayNotifier | StatusNotifier:
    if QSystemTrayIcon.isSystemTrayAvailable():
        return TrayNotifier(window)
    return StatusNotifier(window)
