"""The main window's menu actions, walked from the menu bar: for the palette, the
Keyboard shortcuts list, and giving every action a shortcut."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

# Free combinations handed to a menu action that came without a shortcut.
SPARE_KEYS = [f"Ctrl+Alt+{c}" for c in "123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"]
SKIP_MENUS = ("Open recent",)  # file paths, not commands


@dataclass(frozen=True)
class MenuAction:
    path: str  # "File › Import contacts…"
    action: QAction

    @property
    def text(self) -> str:
        return self.path.split(" › ")[-1]

    @property
    def shortcut(self) -> str:
        return self.action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)


def _clean(text: str) -> str:
    return text.replace("&&", "\x00").replace("&", "").replace("\x00", "&")


def menu_actions(window: Any) -> list[MenuAction]:
    found: list[MenuAction] = []

    def walk(menu: QMenu, prefix: str) -> None:
        for action in menu.actions():
            if action.isSeparator() or not action.isVisible():
                continue
            text = _clean(action.text())
            sub = action.menu()
            if isinstance(sub, QMenu):
                if text not in SKIP_MENUS:
                    walk(sub, f"{prefix} › {text}")
                continue
            found.append(MenuAction(f"{prefix} › {text}", action))

    for top in window.menuBar().actions():
        menu = top.menu()
        if isinstance(menu, QMenu) and top.isVisible():
            walk(menu, _clean(top.text()))
    return found


def assign_missing_shortcuts(window: Any) -> list[MenuAction]:
    """Give each menu action without a shortcut a free spare one; returns those given."""
    actions = menu_actions(window)
    taken = {a.action.shortcut().toString() for a in actions if not a.action.shortcut().isEmpty()}
    spare = (k for k in SPARE_KEYS if QKeySequence(k).toString() not in taken)
    given = []
    for item in actions:
        if item.action.shortcut().isEmpty():
            key = next(spare, None)
            if key is None:
                break
            item.action.setShortcut(QKeySequence(key))
            given.append(item)
    return given
