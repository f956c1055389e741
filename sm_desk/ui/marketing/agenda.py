"""The agenda: touches as a list, one line each, the title taking the room."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from sm_desk.ui.widgets.rows_model import RowsModel

# Date, Time, Touch, Kind, Campaign, Status: the title stretches, the campaign gets a
# readable share, the rest are as wide as what they hold.
STRETCH, CAMPAIGN, CAMPAIGN_WIDTH = 2, 4, 170


class AgendaView(QTableView):
    def __init__(self, model: RowsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.horizontalHeader()
        header.setStretchLastSection(False)
        for column in range(model.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(STRETCH, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(CAMPAIGN, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(CAMPAIGN, CAMPAIGN_WIDTH)
