"""The Reports workspace."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from sm_desk.ui.context import AppContext
from sm_desk.ui.widgets.placeholder import placeholder_page


def create_page(ctx: AppContext) -> QWidget:
    return placeholder_page("Reports", "This workspace is on its way.")
