"""Start the GUI: the application object, opening files, the first window."""

from __future__ import annotations

import signal
import sys
import time
from pathlib import Path
from types import TracebackType

# Dialog classes are imported where used: each costs start-up time to load.
from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from sm_desk.core.paths import cloud_service
from sm_desk.core.store import CorruptDatabase, Store, StoreError
from sm_desk.ui.context import AppContext
from sm_desk.ui.main_window import MainWindow

RECENT_KEY = "files/recent"
RECENT_LIMIT = 8
DB_FILTER = "SM Desk databases (*.db *.sqlite);;All files (*)"


class Controller(QObject):
    """Owns the open window; swaps it when the user opens another database."""

    def __init__(self) -> None:
        super().__init__()
        self.window: MainWindow | None = None

    def open(self, path: Path, parent: QWidget | None = None) -> MainWindow | None:
        """Open `path` in a new window (closing the old one). None when it was refused."""
        try:
            store = Store.open(path)
        except StoreError as exc:
            return self._refused(path, exc, parent)
        old = self.window
        window = MainWindow(AppContext(store), self._remember(store.path or path))
        window.open_requested.connect(self._on_open_requested)
        window.new_requested.connect(self._on_new_requested)
        window.demo_requested.connect(lambda: self.open(demo_path(), self.window))
        window.restore_requested.connect(self._on_restore_requested)
        self.window = window
        if old is not None:
            old.close()
        window.show()
        if store.path is not None and cloud_service(store.path) is not None:
            from sm_desk.ui.safety import warn_if_cloud_synced

            warn_if_cloud_synced(window, store.path)
        QTimer.singleShot(TRASH_PURGE_DELAY_MS, lambda: _purge_old_trash(store))
        return window

    def _refused(self, path: Path, error: StoreError, parent: QWidget | None) -> MainWindow | None:
        """Say why, and offer the way out that fits: a backup, or another file."""
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QFileDialog, QMessageBox

        box = QMessageBox(QMessageBox.Icon.Warning, "Cannot open this database", str(error),
                          QMessageBox.StandardButton.Cancel, parent)
        box.setTextFormat(Qt.TextFormat.PlainText)
        from sm_desk.core.store.backup import list_backups

        backups = list_backups(path) if isinstance(error, CorruptDatabase) else []
        restore_button = box.addButton(
            f"Restore the backup of {backups[0].taken:%d %b %Y %H:%M}",
            QMessageBox.ButtonRole.AcceptRole) if backups else None
        other_button = box.addButton("Open another file…", QMessageBox.ButtonRole.ActionRole)
        box.exec()
        if restore_button is not None and box.clickedButton() is restore_button:
            return self._restore(backups[0].path, path, parent)
        if box.clickedButton() is other_button:
            chosen, _ = QFileDialog.getOpenFileName(parent, "Open database", "", DB_FILTER)
            if chosen:
                return self.open(Path(chosen), parent)
        return None

    def _on_restore_requested(self) -> None:
        window = self.window
        if window is None or window.ctx.store.path is None:
            return
        from sm_desk.ui.safety import RestoreDialog

        dialog = RestoreDialog(window.ctx.store.path, window)
        if dialog.exec() and dialog.chosen() is not None:
            path = window.ctx.store.path
            window.close()  # closes the store: restore needs the file to itself
            self.window = None
            self._restore(dialog.chosen(), path, None)  # type: ignore[arg-type]

    def _restore(self, backup: Path, path: Path, parent: QWidget | None) -> MainWindow | None:
        from PySide6.QtWidgets import QMessageBox

        from sm_desk.core.store.backup import BackupError, restore

        try:
            kept = restore(backup, path)
        except (BackupError, StoreError, OSError) as exc:
            QMessageBox.warning(parent, "Restore failed", f"{exc}\nThe database was not changed.")
            return self.open(path, parent) if self.window is None else None
        window = self.open(path, parent)
        if window is not None:
            window.statusBar().showMessage(f"Restored from {backup.name}; the previous file "
                                           f"was kept as {kept}", 15000)
        return window

    def _remember(self, path: Path) -> list[str]:
        settings = QSettings()
        recent = [str(path)] + [p for p in _as_list(settings.value(RECENT_KEY)) if p != str(path)]
        recent = recent[:RECENT_LIMIT]
        settings.setValue(RECENT_KEY, recent)
        return recent

    def _on_open_requested(self, path: str) -> None:
        from PySide6.QtWidgets import QFileDialog

        if not path:
            path, _ = QFileDialog.getOpenFileName(self.window, "Open database", "", DB_FILTER)
        if path:
            self.open(Path(path), self.window)

    def _on_new_requested(self) -> None:
        from PySide6.QtWidgets import QFileDialog, QMessageBox

        path, _ = QFileDialog.getSaveFileName(self.window, "New database", "my-business.db", DB_FILTER)
        if path:
            target = Path(path)
            if target.exists() and target.stat().st_size > 0:
                QMessageBox.warning(self.window, "File exists",
                                    f"{target} already exists. Choose a new name; "
                                    "SM Desk never overwrites a file.")
                return
            self.open(target, self.window)


TRASH_PURGE_DELAY_MS = 2000  # after start-up; the trash keeps 30 days


def _purge_old_trash(store: Store) -> None:
    from sm_desk.core.clock import now_utc
    from sm_desk.core.trash import purge_expired

    if not store.closed and not store.readonly:
        purge_expired(store, now_utc())


def _as_list(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value] if isinstance(value, list) else []


def _install_error_hook(controller: Controller) -> None:
    """Unexpected errors in slots become a message, not a silent crash. The dialog code
    loads only if one happens."""

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        from sm_desk.ui.safety import show_unexpected_error

        show_unexpected_error(kind, error, tb, controller.window)

    sys.excepthook = hook


def _close_on_signals(controller: Controller) -> QTimer:
    """SIGTERM (logout, `kill`) and SIGINT (Ctrl+C in a terminal) close the app as
    File > Quit does: backup on close, the WAL folded back, the lock released. Python
    runs a handler only when it gets control, so a light timer hands it the chance."""

    def close(signum: int, frame: object) -> None:
        window = controller.window
        QTimer.singleShot(0, window.close if window is not None else QApplication.quit)

    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, close)
    tick = QTimer(controller)
    tick.timeout.connect(lambda: None)
    tick.start(200)
    return tick


def demo_path() -> Path:
    """The sample business lives in its own file, made on first use and made again when
    it is more than a week old (core/demo_file.py)."""
    from sm_desk.core.demo_file import fresh_demo

    return fresh_demo()


class _QuitOnFirstPaint(QObject):
    """--quit-after-start: print when the window first paints (the window and its
    navigation) and when the dashboard that follows it paints, then quit. The benchmark
    times process start to each (wall clock)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.painted: set[str] = set()
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() != QEvent.Type.Paint:
            return False
        if watched is self.window and "first-paint" not in self.painted:
            self._say("first-paint")
            self.window.stack.installEventFilter(self)  # the pages' area, empty in that frame
        elif watched is self.window.stack and self.window.stack.count() and (
                "dashboard-paint" not in self.painted):
            self._say("dashboard-paint")
            QTimer.singleShot(0, QApplication.quit)
        return False

    def _say(self, what: str) -> None:
        self.painted.add(what)
        print(f"{what} {time.time():.6f}", flush=True)


def run_gui(db: str | None, demo: bool = False, quit_after_start: bool = False) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setOrganizationName("SM Desk")
    app.setApplicationName("SM Desk")
    icon = Path(__file__).resolve().parents[2] / "resources" / "icons" / "sm-desk.svg"
    if icon.exists():  # a source checkout or the packaged app; installed wheels use the theme
        from PySide6.QtGui import QIcon

        app.setWindowIcon(QIcon(str(icon)))
    if demo:
        path = demo_path()
    elif db:
        path = Path(db).expanduser()
    else:
        from sm_desk.core.paths import default_db_path

        path = default_db_path()
    controller = Controller()
    window = controller.open(path)
    if window is None:
        return 3
    _install_error_hook(controller)
    _close_on_signals(controller)
    if quit_after_start:
        _QuitOnFirstPaint(window)
        window.backup_on_close = False  # a benchmark or smoke test, not a session
    code = app.exec()
    if controller.window is not None:
        controller.window.close()  # keeps geometry, closes the store cleanly
    return code
