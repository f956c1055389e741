"""Per-workspace adjustments so each page fits a 1366x768 laptop, applied by the main
window when it builds the page (the workspaces stay as they are)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QHeaderView, QLayout, QSplitter, QTableView, QWidget

from sm_desk.ui.widgets.fit import relax_buttons

# The campaign list beside the calendar is about 330 px wide: the columns that answer
# "is it working?" show; the rest are one right-click on the header away.
CAMPAIGN_COLUMNS_SHOWN = ("Campaign", "Status", "Leads", "Won")


def fit_page(key: str, page: QWidget) -> None:
    page.ensurePolished()  # the style's sizes, before the page is first shown
    relax_buttons(page)  # push buttons may shrink to their text
    remember_splitters(key, page)
    if key == "marketing":
        table: Any = getattr(page, "campaign_table", None)
        if isinstance(table, QTableView):
            narrow_columns(table, CAMPAIGN_COLUMNS_SHOWN)
    # A widget not yet shown does not tell its parent's layout that its minimum changed:
    # drop every cached size, so the window's first look at the page sees the new ones.
    for layout in page.findChildren(QLayout):
        layout.invalidate()


def remember_splitters(key: str, page: QWidget) -> None:
    """Each splitter on the page comes back where the owner left it (QSettings, per
    workspace and splitter, saved as it is dragged)."""
    from PySide6.QtCore import QByteArray, QSettings

    for index, splitter in enumerate(page.findChildren(QSplitter)):
        name = f"splitters/{key}/{splitter.objectName() or index}"
        saved = QSettings().value(name)
        if isinstance(saved, QByteArray):
            splitter.restoreState(saved)
        splitter.splitterMoved.connect(
            lambda _pos, _i, s=splitter, n=name: QSettings().setValue(n, s.saveState()))


def narrow_columns(table: QTableView, shown: tuple[str, ...]) -> None:
    model = table.model()
    header = table.horizontalHeader()
    for column in range(model.columnCount()):
        title = str(model.headerData(column, header.orientation()))
        header.setSectionHidden(column, title not in shown)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)  # names take what is left
    from sm_desk.ui.widgets.saved_views import install_column_menu  # (its Qt flags: 12 ms)

    install_column_menu(table)  # right-click the header: tick the columns to show
    header.setToolTip("Right-click to show more columns (audience, touches, spend, budget, "
                      "deals)")
