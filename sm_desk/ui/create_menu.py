"""File > New: a deal, contact, company, campaign, touch or task from any page.

The keys work on every page (they are the menu actions' shortcuts, so Help > Keyboard
shortcuts and the palette list them). Ctrl+N is New deal, the thing a seller makes most;
New database moved to Ctrl+Alt+N. Each dialog opens window-modal over the page the owner
is on; what it saves goes through the same services as the workspace's own buttons.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QMenu

from sm_desk.core import clock


@dataclass(frozen=True)
class NewItem:
    label: str  # "&Deal…"
    keys: tuple[str, ...]
    open: Callable[[Any], QDialog]
    saved: str  # the status bar's word once saved


def _show(window: Any, dialog: QDialog, saved: str) -> QDialog:
    dialog.accepted.connect(lambda: window.ctx.say(saved))
    window.new_dialog = dialog  # tests and the screenshot script reach it here
    dialog.resize(max(dialog.sizeHint().width(), 520), dialog.sizeHint().height())
    dialog.open()
    return dialog


def new_deal(window: Any) -> QDialog:
    from sm_desk.ui.sales.deal_dialog import DealDialog

    contact = _selected_contact(window)
    return DealDialog(window.ctx.store, clock.today(), clock.now_utc, contact_id=contact,
                      parent=window)


def new_contact(window: Any) -> QDialog:
    from sm_desk.ui.contacts.dialogs import ContactDialog

    return ContactDialog(window.ctx.store, parent=window)


def new_company(window: Any) -> QDialog:
    from sm_desk.ui.contacts.company_dialog import CompanyDialog

    return CompanyDialog(window.ctx.store, None, window)


def new_campaign(window: Any) -> QDialog:
    from sm_desk.ui.marketing.dialogs import CampaignDialog

    return CampaignDialog(window.ctx.store, parent=window)


def new_touch(window: Any) -> QDialog:
    from sm_desk.ui.marketing.dialogs import TouchDialog

    return TouchDialog(window.ctx.store, day=clock.today(), parent=window)


def new_task(window: Any) -> QDialog:
    from sm_desk.ui.tasks.dialogs import TaskDialog

    page = window.stack.currentWidget()
    origin = page.selected_origin() if hasattr(page, "selected_origin") else None
    if origin:
        return TaskDialog(window.ctx.store, window, origin=(origin[0], origin[1]),
                          origin_label=origin[2])
    return TaskDialog(window.ctx.store, window)


def _selected_contact(window: Any) -> int | None:
    """On the Contacts page, a new deal is for the contact selected there."""
    page = window.stack.currentWidget()
    if window.current_key() == "contacts" and hasattr(page, "current_id"):
        found = page.current_id()
        return int(found) if found is not None else None
    return None


NEW_ITEMS = (
    NewItem("&Deal…", ("Ctrl+N", "Ctrl+Shift+N"), new_deal, "Deal saved"),
    NewItem("&Contact…", ("Ctrl+Shift+C",), new_contact, "Contact added"),
    NewItem("C&ompany…", ("Ctrl+Shift+F",), new_company, "Company saved"),
    NewItem("Ca&mpaign…", ("Ctrl+Shift+A",), new_campaign, "Campaign saved"),
    NewItem("T&ouch…", ("Ctrl+Shift+T",), new_touch, "Touch saved"),
    NewItem("&Task…", ("Ctrl+T",), new_task, "Task saved"),
)
NEW_DATABASE_KEYS = "Ctrl+Alt+N"


def open_new(window: Any, item: NewItem) -> QDialog:
    return _show(window, item.open(window), item.saved)


def install_new_menu(window: Any, file_menu: QMenu) -> QMenu:
    """File > New ▸ with one action per kind of thing (first in the File menu)."""
    menu = QMenu("&New", window)
    menu.setObjectName("new_menu")
    window.new_actions = {}
    for item in NEW_ITEMS:
        action = QAction(item.label, window)
        action.setShortcuts([QKeySequence(k) for k in item.keys])
        action.triggered.connect(lambda _=False, i=item: open_new(window, i))
        menu.addAction(action)
        window.new_actions[item.label.replace("&", "").rstrip("…")] = action
    first = file_menu.actions()[0] if file_menu.actions() else None
    file_menu.insertMenu(first, menu) if first else file_menu.addMenu(menu)
    return menu
