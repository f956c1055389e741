"""The navigation: one entry per workspace, each page built on first view.

Each module named here has `create_page(ctx) -> QWidget`. Importing it lazily
keeps start-up to what the first page needs.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from sm_desk.ui.context import AppContext


@dataclass(frozen=True)
class Workspace:
    key: str
    label: str
    module: str
    shortcut: str


WORKSPACES = (
    Workspace("dashboard", "Dashboard", "sm_desk.ui.dashboard.page", "Ctrl+1"),
    Workspace("marketing", "Marketing", "sm_desk.ui.marketing.page", "Ctrl+2"),
    Workspace("sales", "Sales", "sm_desk.ui.sales.page", "Ctrl+3"),
    Workspace("contacts", "Contacts", "sm_desk.ui.contacts.page", "Ctrl+4"),
    Workspace("tasks", "Tasks", "sm_desk.ui.tasks.page", "Ctrl+5"),
    Workspace("reports", "Reports", "sm_desk.ui.reports.page", "Ctrl+6"),
)


def create_page(workspace: Workspace, ctx: AppContext) -> QWidget:
    page: QWidget = importlib.import_module(workspace.module).create_page(ctx)
    page.setObjectName(f"page_{workspace.key}")
    return page
