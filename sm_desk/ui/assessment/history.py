"""The wizard's last page: every stored result, and how the scores moved over time."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QHeaderView, QLabel, QTableView, QVBoxLayout, QWizardPage

from sm_desk.core.assessment.scoring import VERDICT_LABELS
from sm_desk.core.assessment.service import history
from sm_desk.core.clock import from_iso
from sm_desk.core.domain import Assessment
from sm_desk.ui.context import AppContext

COLUMNS = ("Taken", "Sales", "Marketing", "Verdict", "Business need")
Index = QModelIndex | QPersistentModelIndex


class HistoryModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[Assessment] = []

    def set_rows(self, rows: list[Assessment]) -> None:
        self.beginResetModel()
        self.rows = list(reversed(rows))  # newest first
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or not index.isValid():
            return None
        row = self.rows[index.row()]
        return (
            from_iso(row.taken_at).astimezone().strftime("%Y-%m-%d %H:%M"),
            f"{row.sales_score:g}", f"{row.marketing_score:g}",
            VERDICT_LABELS.get(row.verdict, row.verdict),
            f"{row.needs_level} ({row.needs_score:g})",
        )[index.column()]


class HistoryPage(QWizardPage):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setTitle("Your results over time")
        layout = QVBoxLayout(self)
        self.chart = QLabel()
        self.chart.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.note = QLabel()
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setWordWrap(True)
        self.model = HistoryModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.note)
        layout.addWidget(self.chart)
        layout.addWidget(self.table, 1)

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        rows = history(self.ctx.store)
        self.model.set_rows(rows)
        if len(rows) >= 2:
            from sm_desk.ui.assessment.chart import history_chart

            self.chart.setPixmap(history_chart(rows))
            self.chart.setVisible(True)
            self.note.setText("Take it again in a few months: if the weaker half is getting "
                              "help, the balance of your work should move.")
        else:
            self.chart.setVisible(False)
            self.note.setText("This is your first result. Take the assessment again later "
                              "(Help menu or the dashboard) to see how it changes.")
