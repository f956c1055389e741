"""Open one record in its workspace (the command palette, the search and the reminders
use this)."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QItemSelectionModel


def open_item(window: Any, kind: str, item_id: int) -> Any:
    """Show the record: select it in its list, or open its dialog (returned, not modal)."""
    store = window.ctx.store
    if kind in ("contact", "company"):
        page = window.show_workspace("contacts")
        if kind == "contact":
            page.tabs.setCurrentIndex(0)
            if page.model.row_of(item_id) is None:
                page.search.clear()
                page.model.set_filter(text="")
            page.select_contact(item_id)
            page.view.setFocus()
            return page
        page.tabs.setCurrentIndex(1)
        model = page.companies
        for row in range(model.rowCount()):
            if model.company_id(row) == item_id:
                page.company_view.selectionModel().setCurrentIndex(
                    model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows)
                page.company_view.scrollTo(model.index(row, 0))
        page.company_view.setFocus()
        return page
    if kind == "deal":
        return window.show_workspace("sales").edit_deal(item_id)
    if kind in ("campaign", "touch"):
        from sm_desk.ui.marketing.dialogs import CampaignDialog, TouchDialog

        page = window.show_workspace("marketing")
        if kind == "touch":
            touch = store.get("touches", item_id)
            if touch is not None:
                page.go_to(date.fromisoformat(touch["start_local"][:10]))  # its own date
            dialog: Any = TouchDialog(store, item_id, parent=page)
        else:
            dialog = CampaignDialog(store, item_id, parent=page)
        return _open(window, dialog)
    if kind == "task":
        from sm_desk.ui.tasks.dialogs import TaskDialog

        page = window.show_workspace("tasks")
        task = store.get("tasks", item_id)
        if task is None:
            return page
        if hasattr(page, "select_tasks"):
            page.select_tasks([item_id])
        return _open(window, TaskDialog(store, page, task=task))
    if kind in ("activity", "note", "insight"):
        # What was said or done opens where it belongs: its deal, else its contact.
        row = store.get("insights" if kind == "insight" else "activities", item_id)
        if row is not None and row["deal_id"] is not None:
            return open_item(window, "deal", row["deal_id"])
        if row is not None and row["contact_id"] is not None:
            return open_item(window, "contact", row["contact_id"])
        return window.show_workspace("sales")
    if kind == "collateral":
        from sm_desk.ui.insights.collateral_view import CollateralDialog

        return _open(window, CollateralDialog(store, item_id, parent=window))
    raise ValueError(f"unknown kind {kind!r}")


def _open(window: Any, dialog: Any) -> Any:
    window.item_dialog = dialog  # kept alive (and reachable from tests)
    dialog.open()
    return dialog
