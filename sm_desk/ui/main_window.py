"""The main window: navigation, pages, menus, undo, status bar.

Workspaces own their pages; this window only hosts them and the app-wide menus.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QByteArray, QEvent, QSettings, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

import sm_desk
from sm_desk.core.store import BUSINESS_TABLES, Changes
from sm_desk.core.words import counted
from sm_desk.ui.commands import COMMANDS
from sm_desk.ui.context import AppContext
from sm_desk.ui.empty_views import install_empty_views
from sm_desk.ui.page_fit import fit_page
from sm_desk.ui.tasks.badge import install_badge
from sm_desk.ui.widgets.enter import install_enter_opens
from sm_desk.ui.widgets.fit import fit_stack_to_current
from sm_desk.ui.workspaces import WORKSPACES, Workspace, create_page

if TYPE_CHECKING:  # menus, dialogs and keys load after the first paint (start-up time)
    from PySide6.QtGui import QCloseEvent, QKeySequence

MENU_TITLES = (("File", "&File"), ("Edit", "&Edit"), ("Tools", "&Tools"), ("Go", "&Go"),
               ("Help", "&Help"))
NAV_STYLE = """
QListWidget#navigation { background: #26323f; color: #dfe6ee; border: none;
                         font-size: 11pt; padding-top: 10px; outline: none; }
QListWidget#navigation::item { padding: 9px 14px; border-left: 3px solid transparent; }
QListWidget#navigation::item:selected { background: #34455a; color: white;
                                        border-left: 3px solid #f28e2b; }
QListWidget#navigation::item:hover:!selected { background: #2e3c4c; }
"""


class MainWindow(QMainWindow):
    # Asks the application to open another database file ("" = ask the user for one).
    open_requested = Signal(str)
    new_requested = Signal()
    demo_requested = Signal()
    restore_requested = Signal()

    AUTO_BACKUP_CHECK_MS = 30 * 60 * 1000
    backup_on_close = True

    def __init__(self, ctx: AppContext, recent: list[str] | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.setWindowTitle(f"SM Desk - {ctx.store.path.name if ctx.store.path else 'memory'}")
        self._pages: dict[str, QWidget] = {}
        self._badges: dict[str, int] = {}
        self._painted = False
        self._build_body()
        self._build_menus(recent or [])  # their actions come right after the first paint
        # The first frame is the window and its navigation; the dashboard's page (~60 ms
        # of widgets and imports) is built right after them, unless a page was asked for.
        self.nav.blockSignals(True)
        self.nav.setCurrentRow(0)
        self.nav.blockSignals(False)
        ctx.after_first_paint(self._first_page)
        self.statusBar().showMessage("Ready", 3000)
        ctx.status_message.connect(lambda text: self.statusBar().showMessage(text, 5000))
        ctx.changed.connect(self._on_changed)
        ctx.navigate.connect(self.show_workspace)
        self._restore_geometry()
        install_badge(self)  # the Tasks count on the navigation (runs the time-based rules)
        # Enter on a focused card or row opens it, on every page. An application-wide
        # filter sees every widget's events, and PySide builds each widget class's enums the
        # first time one reaches Python: after the first paint, that is not in its way (20 ms).
        ctx.after_first_paint(self._install_enter_opens)
        ctx.after_first_paint(self._install_reminders)
        if ctx.store.readonly:
            self.setWindowTitle(self.windowTitle() + " (read-only)")
            self.statusBar().showMessage(
                "Opened read-only: you can look and export, but changes cannot be saved.")
        self._backup_timer = QTimer(self)
        self._backup_timer.timeout.connect(self.auto_backup)
        self._backup_timer.start(self.AUTO_BACKUP_CHECK_MS)

    # -- layout --------------------------------------------------------------------------

    def _build_body(self) -> None:
        body = QWidget()
        outer = QVBoxLayout(body)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.welcome = self._welcome_banner()
        outer.addWidget(self.welcome)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(170)
        self.nav.setStyleSheet(NAV_STYLE)
        for workspace in WORKSPACES:
            item = QListWidgetItem(workspace.label)
            item.setToolTip(f"{workspace.label} ({workspace.shortcut})")
            self.nav.addItem(item)
        self.nav.currentRowChanged.connect(self._on_nav_row)
        self.stack = QStackedWidget()
        row.addWidget(self.nav)
        row.addWidget(self.stack, 1)
        outer.addLayout(row, 1)
        self.setCentralWidget(body)
        self.resize(1200, 780)

    def _welcome_banner(self) -> QFrame:
        banner = QFrame()
        banner.setObjectName("welcomeBanner")
        banner.setStyleSheet("#welcomeBanner { background: #eef4fb; border-bottom: 1px solid #c9d8ea; }")
        layout = QHBoxLayout(banner)
        text = QLabel("New here? Your database is empty. Look around a sample business first "
                      "(it opens as a separate file; your own data stays as it is).")
        text.setWordWrap(True)
        self.demo_button = QPushButton("Open the demo business")
        self.demo_button.clicked.connect(self.demo_requested.emit)
        dismiss = QPushButton("Start with my own data")
        dismiss.clicked.connect(lambda: banner.setVisible(False))
        layout.addWidget(text, 1)
        layout.addWidget(self.demo_button)
        layout.addWidget(dismiss)
        banner.setVisible(not self.ctx.store.has_business_data())
        return banner

    def _build_menus(self, recent: list[str]) -> None:
        """The menu bar shows its titles in the first frame; the actions are added right
        after it paints, before the event loop takes any click or key (start-up time)."""
        bar = self.menuBar()
        self._menus = {name: bar.addMenu(title) for name, title in MENU_TITLES}
        self.undo_action = QAction("&Undo", self)
        self.redo_action = QAction("&Redo", self)
        self.recent_menu = QMenu("Open &recent", self)
        self.set_recent(recent)
        self.ctx.after_first_paint(self._fill_menus)

    def _fill_menus(self) -> None:
        from PySide6.QtGui import QKeySequence

        from sm_desk.ui.palette.actions import assign_missing_shortcuts

        if not shiboken6.isValid(self):  # closed before its first paint
            return
        from sm_desk.ui.create_menu import NEW_DATABASE_KEYS, install_new_menu

        file_menu = self._menus["File"]
        self._action(file_menu, "New &database…", self.new_requested.emit, NEW_DATABASE_KEYS)
        install_new_menu(self, file_menu)  # New > Deal (Ctrl+N), Contact, … from any page
        self._action(file_menu, "&Open database…", lambda: self.open_requested.emit(""),
                     QKeySequence.StandardKey.Open)
        file_menu.addMenu(self.recent_menu)
        file_menu.addSeparator()
        self._add_commands(file_menu, "File")
        file_menu.addSeparator()
        self._action(file_menu, "&Back up now", self.back_up_now, "Ctrl+B")
        self._action(file_menu, "Restore from bac&kup…", self.restore_requested.emit,
                     "Ctrl+Shift+B")
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", self.close, "Ctrl+Q")  # Windows has no standard key

        edit_menu = self._menus["Edit"]
        self._add(edit_menu, self.undo_action, self.undo, QKeySequence.StandardKey.Undo)
        self._add(edit_menu, self.redo_action, self.redo, "Ctrl+Shift+Z")
        self._refresh_undo()
        self._add_commands(edit_menu, "Edit")

        tools_menu = self._menus["Tools"]
        self._add_commands(tools_menu, "Tools")
        tools_menu.menuAction().setVisible(bool(tools_menu.actions()))

        for workspace in WORKSPACES:
            self._action(self._menus["Go"], workspace.label,
                         lambda _=False, key=workspace.key: self.show_workspace(key),
                         workspace.shortcut)

        help_menu = self._menus["Help"]
        self._add_commands(help_menu, "Help")
        self._action(help_menu, "&About SM Desk", self.show_about, "Ctrl+F1")
        assign_missing_shortcuts(self)  # every menu action has keys (Help > Keyboard shortcuts)

    def _install_enter_opens(self) -> None:
        install_enter_opens(self)

    def _install_reminders(self) -> None:
        """Due tasks, next steps and touches: notify (tray)."""
        from sm_desk.ui.reminders.service import install_reminders

        if not self.ctx.store.closed:
            install_reminders(self)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self._painted:
            self._painted = True
            self.ctx.first_paint_done()
        return super().event(event)

    def _add_commands(self, menu: QMenu, name: str) -> None:
        for command in COMMANDS:
            if command.menu == name:
                self._action(menu, command.label,
                             lambda _=False, c=command: c.run(self), command.shortcut)

    def _action(self, menu: QMenu, text: str, slot: Callable[..., object],
                shortcut: str | QKeySequence.StandardKey | None = None) -> QAction:
        return self._add(menu, QAction(text, self), slot, shortcut)

    def _add(self, menu: QMenu, action: QAction, slot: Callable[..., object],
             shortcut: str | QKeySequence.StandardKey | None = None) -> QAction:
        if shortcut is not None:
            from PySide6.QtGui import QKeySequence

            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def set_recent(self, paths: list[str]) -> None:
        self.recent_menu.clear()
        for path in paths:
            self._action(self.recent_menu, path, lambda _=False, p=path: self.open_requested.emit(p))
        self.recent_menu.setEnabled(bool(paths))

    # -- navigation ----------------------------------------------------------------------

    def show_workspace(self, key: str) -> QWidget:
        index = next(i for i, w in enumerate(WORKSPACES) if w.key == key)
        if self.nav.currentRow() != index:
            self.nav.setCurrentRow(index)  # re-enters through _on_nav_row
        return self._page(WORKSPACES[index])

    def _first_page(self) -> None:
        if not self._pages and not self.ctx.store.closed:
            self._on_nav_row(self.nav.currentRow())
            self.stack.repaint()  # now, before the rest of the start-up work queued here
        # The new window takes the keyboard (its shortcuts work at once), as it did when
        # its first page was there before it showed.
        self.activateWindow()

    def _on_nav_row(self, row: int) -> None:
        if row >= 0:
            page = self._page(WORKSPACES[row])
            fit_stack_to_current(self.stack, page)
            self.stack.setCurrentWidget(page)

    def _page(self, workspace: Workspace) -> QWidget:
        if workspace.key not in self._pages:
            page = create_page(workspace, self.ctx)
            fit_page(workspace.key, page)  # the page fits a laptop's width (issue 21)
            install_empty_views(self, workspace.key, page)  # empty lists say what goes there
            self._pages[workspace.key] = page
            self.stack.addWidget(page)
        return self._pages[workspace.key]

    def current_key(self) -> str:
        return WORKSPACES[self.nav.currentRow()].key

    def set_badge(self, key: str, count: int) -> None:
        """Show a count beside a workspace's name (e.g. unassigned tasks)."""
        index = next(i for i, w in enumerate(WORKSPACES) if w.key == key)
        label = WORKSPACES[index].label
        self.nav.item(index).setText(f"{label}  ({count})" if count else label)
        if key == "tasks":  # the same count as the dashboard's Cracks card, and says so
            self.nav.item(index).setToolTip(
                f"{label} ({WORKSPACES[index].shortcut}): {counted(count, 'open task')} "
                "nobody owns or nobody has classified (the cracks)")
        self._badges[key] = count

    # -- undo ----------------------------------------------------------------------------

    def undo(self) -> None:
        label = self.ctx.store.undo_label
        if label:
            self.ctx.store.undo()
            self.statusBar().showMessage(f"Undid: {label}", 4000)

    def redo(self) -> None:
        label = self.ctx.store.redo_label
        if label:
            self.ctx.store.redo()
            self.statusBar().showMessage(f"Redid: {label}", 4000)

    def _refresh_undo(self) -> None:
        undo, redo = self.ctx.store.undo_label, self.ctx.store.redo_label
        self.undo_action.setText(f"&Undo {undo}" if undo else "&Undo")
        self.undo_action.setEnabled(undo is not None)
        self.redo_action.setText(f"&Redo {redo}" if redo else "&Redo")
        self.redo_action.setEnabled(redo is not None)

    def _on_changed(self, changes: Changes) -> None:
        self._refresh_undo()
        if changes.touches(*BUSINESS_TABLES) and self.welcome.isVisible():
            self.welcome.setVisible(False)

    # -- file ----------------------------------------------------------------------------

    def back_up_now(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        from sm_desk.core.store.backup import BackupError, backup_to, default_backup_path

        store = self.ctx.store
        if store.path is None:
            return
        try:
            target = backup_to(store, default_backup_path(store))
        except (OSError, BackupError) as exc:
            QMessageBox.warning(self, "Backup failed",
                                f"The backup could not be written: {exc}\nYour database is unchanged.")
            return
        self.statusBar().showMessage(f"Backed up to {target}", 8000)

    def auto_backup(self) -> None:
        """At most once a day, and when closing; never in the way if it fails."""
        from sm_desk.core.store.backup import BackupError, auto_backup

        if self.ctx.store.path is None or self.ctx.store.readonly:
            return
        try:
            target = auto_backup(self.ctx.store)
        except (OSError, BackupError, sqlite3.Error) as exc:
            self.statusBar().showMessage(f"Automatic backup failed: {exc}", 10000)
            return
        if target is not None:
            self.statusBar().showMessage(f"Backed up to {target}", 5000)

    def show_about(self) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(self)
        box.setWindowTitle("About SM Desk")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(f"SM Desk {sm_desk.__version__}\n\nThe marketing calendar, the sales pipeline, "
                    f"and the work that falls between them.\n\nDatabase: {self.ctx.store.path}")
        box.open()

    # -- lifetime ------------------------------------------------------------------------

    def _restore_geometry(self) -> None:
        geometry = QSettings().value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        QSettings().setValue("window/geometry", self.saveGeometry())
        self._backup_timer.stop()
        if self.backup_on_close:
            self.auto_backup()
        # Destroy the pages now, with their timers and models, so no late signal
        # (a search debounce, a selection change) reaches the store after it closes.
        for page in self._pages.values():
            shiboken6.delete(page)
        self._pages.clear()
        self.ctx.store.close()
        super().closeEvent(event)
