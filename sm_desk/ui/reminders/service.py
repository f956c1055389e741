"""While the app runs (also hidden in the tray), check every minute what is due and
notify once per item; clicking opens the item (or the list, when several came due)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QTimer

from sm_desk.core import clock
from sm_desk.core.reminders import Reminder, due_reminders, snooze, snooze_until
from sm_desk.core.store import StoreError
from sm_desk.core.words import counted
from sm_desk.ui.reminders.tray import Notifier, TrayNotifier, default_notifier

if TYPE_CHECKING:
    from sm_desk.ui.main_window import MainWindow

CHECK_MS = 60_000
KIND_LABELS = {"task": "Task", "deal": "Next step", "touch": "Touch"}


class ReminderService(QObject):
    def __init__(self, window: MainWindow, notifier: Notifier | None = None,
                 now: Callable[[], datetime] = clock.now_utc, interval_ms: int = CHECK_MS,
                 first_check_ms: int = 3000) -> None:
        super().__init__(window)
        self.window = window
        self.now = now
        self.notifier: Any = notifier if notifier is not None else default_notifier(window)
        self.notifier.clicked.connect(self.on_clicked)
        if isinstance(self.notifier, TrayNotifier):
            self.notifier.show_requested.connect(self.show_window)
            window.installEventFilter(self)  # minimised: go to the tray
        self.shown: set[tuple[str, int, str]] = set()
        self.last: list[Reminder] = []
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check)
        self.timer.start(interval_ms)
        if first_check_ms >= 0:
            QTimer.singleShot(first_check_ms, self.check)

    def check(self) -> list[Reminder]:
        """Notify what came due since the last check; returns those."""
        store = self.window.ctx.store
        if getattr(store, "_closed", False):
            self.timer.stop()
            return []
        try:
            due = due_reminders(store, self.now())
        except (StoreError, OSError):
            return []
        fresh = [r for r in due if r.key not in self.shown]
        self.shown.update(r.key for r in fresh)
        if not fresh:
            return []
        self.last = fresh
        if len(fresh) == 1:
            r = fresh[0]
            self.notifier.notify(f"{KIND_LABELS[r.kind]}: {r.title}", r.detail)
        else:
            counts: dict[str, int] = {}
            for r in fresh:
                counts[KIND_LABELS[r.kind]] = counts.get(KIND_LABELS[r.kind], 0) + 1
            self.notifier.notify(counted(len(fresh), "reminder"),
                                 ", ".join(counted(n, k.lower())
                                           for k, n in counts.items())
                                 + "\n" + "\n".join(r.title for r in fresh[:5]))
        return fresh

    def on_clicked(self) -> None:
        self.show_window()
        if len(self.last) == 1:
            from sm_desk.ui.palette.open_item import open_item

            r = self.last[0]
            open_item(self.window, r.kind, r.item_id)
        else:
            from sm_desk.ui.reminders.dialog import show_reminders

            show_reminders(self.window)

    def snooze(self, reminder: Reminder, choice: str) -> None:
        until = snooze_until(choice, self.now())
        snooze(self.window.ctx.store, reminder, until)
        self.shown.discard(reminder.key)  # reminds again once the snooze runs out

    def show_window(self) -> None:
        self.window.showNormal()
        self.window.raise_()
        self.window.activateWindow()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if (watched is self.window and event.type() == QEvent.Type.WindowStateChange
                and self.window.isMinimized()):
            QTimer.singleShot(0, self.window.hide)
            self.window.ctx.say("SM Desk keeps running in the tray and reminds you there")
        return super().eventFilter(watched, event)


def install_reminders(window: Any) -> ReminderService:
    window.reminders = ReminderService(window)
    return window.reminders  # type: ignore[no-any-return]
