"""Enter opens the focused card, row or item, everywhere in the main window.

Every list in the app already opens an item on double-click; this filter makes Enter
(Return or the keypad's Enter) on a focused list do the same thing, by emitting the
view's doubleClicked for its current item. Only views that open something (a slot on
doubleClicked) and only in the main window: a dialog keeps Enter for its default button.

The filter sits on each list as it takes the focus, not on the whole application: an
application-wide filter brings every event of every widget into Python (9,000 to build
the Sales page: 25 ms), where this one sees only a focused list's.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QApplication, QWidget

# Qt.Key.Key_Return and Key_Enter as numbers (QKeyEvent.key() gives an int): the `Qt`
# namespace costs 12 ms to load, and this module is loaded before the first paint.
ENTER_KEYS = (0x01000004, 0x01000005)
SIGNAL = "2doubleClicked(QModelIndex)"  # SIGNAL() spelling for QObject.receivers


class EnterOpens(QObject):
    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window

    def watch_focused(self, _old: QWidget | None, new: QWidget | None) -> None:
        if isinstance(new, QAbstractItemView) and new.window() is self.window:
            new.installEventFilter(self)  # again is harmless: Qt keeps one

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        from PySide6.QtCore import Qt  # loaded by then

        if event.key() not in ENTER_KEYS or event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False
        view = watched if isinstance(watched, QAbstractItemView) else None
        if view is None or view.window() is not self.window:
            return False
        if view.state() == QAbstractItemView.State.EditingState:
            return False
        index = view.currentIndex()
        if not index.isValid() or view.receivers(SIGNAL) == 0:
            return False
        view.doubleClicked.emit(index)
        return True


def install_enter_opens(window: QWidget) -> EnterOpens:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    opener = EnterOpens(window)
    app.focusChanged.connect(opener.watch_focused)
    focused = app.focusWidget()  # a list that has the focus already
    opener.watch_focused(None, focused)
    return opener
