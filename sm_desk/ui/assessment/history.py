"""The wizard's last page: every stored result, and how the scores moved over time."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QLabel, QTableView, QVBoxLayout, QWizardPage

from sm_desk.core.assessment.scoring import VERDICT_LABELS
from sm_desk.core.assessment.service import history_with_work
from sm_desk.core.clock import from_iso
from sm_desk.core.report.hats import EXPLAINED
from sm_desk.ui.context import AppContext
from sm_desk.ui.widgets.rows_model import Column, RowsModel

COLUMNS = [  # rows: (assessment, that week's hat hours)
    Column("Taken", lambda r: from_iso(r[0].taken_at).astimezone().strftime("%Y-%m-%d %H:%M")),
    Column("Sales", lambda r: f"{r[0].sales_score:g}"),
    Column("Marketing", lambda r: f"{r[0].marketing_score:g}"),
    Column("Verdict", lambda r: VERDICT_LABELS.get(r[0].verdict, r[0].verdict)),
    Column("Business need", lambda r: f"{r[0].needs_level} ({r[0].needs_score:g})"),
    Column("Work that week (sales / marketing)",
           lambda r: f"{r[1].sales:g} h / {r[1].marketing:g} h"),
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
        worked = history_with_work(self.ctx.store)
        rows = [row for row, _ in worked]
        self.model.set_rows(worked[::-1])  # newest first
        if len(rows) >= 2:
            from sm_desk.ui.assessment.chart import history_chart

            self.chart.setPixmap(history_chart(rows))
            self.chart.setVisible(True)
            self.note.setText("Take it again in a few months: if the weaker half is getting "
                              "help, the balance of your work should move. " + EXPLAINED)
        else:
            self.chart.setVisible(False)
            self.note.setText("This is your first result. Take the assessment again later "
                              "(Help menu or the dashboard) to see how it changes. " + EXPLAINED)
