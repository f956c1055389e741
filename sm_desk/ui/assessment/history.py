"""The wizard's last page: every stored result, and how the scores moved over time."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QLabel, QTableView, QVBoxLayout, QWizardPage

from sm_desk.core.assessment.scoring import VERDICT_LABELS
from sm_desk.core.assessment.service import history
from sm_desk.core.clock import from_iso
from sm_desk.ui.context import AppContext
from sm_desk.ui.widgets.rows_model import Column, RowsModel

COLUMNS = [
    Column("Taken", lambda a: from_iso(a.taken_at).astimezone().strftime("%Y-%m-%d %H:%M")),
    Column("Sales", lambda a: f"{a.sales_score:g}"),
    Column("Marketing", lambda a: f"{a.marketing_score:g}"),
    Column("Verdict", lambda a: VERDICT_LABELS.get(a.verdict, a.verdict)),
    Column("Business need", lambda a: f"{a.needs_level} ({a.needs_score:g})"),
]


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
        self.model = RowsModel(COLUMNS, tips=False)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.note)
        layout.addWidget(self.chart)
        layout.addWidget(self.table, 1)

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        rows = history(self.ctx.store)
        self.model.set_rows(rows[::-1])  # newest first
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
