"""Small dialogs of the Sales workspace: lost reason, invoice, stages."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sm_desk.core.domain import STAGE_OUTCOMES
from sm_desk.core.sales.deals import NOT_NOW
from sm_desk.core.sales.stages import StageEdit
from sm_desk.core.store import Store
from sm_desk.core.store import sales as queries

COMMON_REASONS = ("Price too high", "Went with a competitor", "No budget", "No reply")


class LostDialog(QDialog):
    """Why was it lost? "Not now — keep nurturing" hands the contact to marketing."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Deal lost")
        self.nurture = False
        layout = QVBoxLayout(self)
        heading = QLabel(f"Why was “{title}” lost?")
        heading.setTextFormat(Qt.TextFormat.PlainText)
        heading.setWordWrap(True)
        layout.addWidget(heading)
        self.reason = QComboBox()
        self.reason.setEditable(True)
        self.reason.addItems(COMMON_REASONS)
        self.reason.setCurrentText("")
        layout.addWidget(self.reason)
        hint = QLabel("Interested, but not now? Keep them: marketing nurtures them until "
                      "the time is right.")
        hint.setTextFormat(Qt.TextFormat.PlainText)
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #52606d;")
        layout.addWidget(hint)
        buttons = QDialogButtonBox()
        self.not_now_button = QPushButton("Not now — keep nurturing")
        self.lost_button = QPushButton("Mark lost")
        self.lost_button.setDefault(True)
        buttons.addButton(self.not_now_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.lost_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.rejected.connect(self.reject)
        self.not_now_button.clicked.connect(self._not_now)
        self.lost_button.clicked.connect(self._lost)
        self.error = QLabel()
        self.error.setStyleSheet("color: #c0392b;")
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def reason_text(self) -> str:
        text = self.reason.currentText().strip()
        return text or (NOT_NOW if self.nurture else "")

    def _not_now(self) -> None:
        self.nurture = True
        self.accept()

    def _lost(self) -> None:
        if not self.reason.currentText().strip():
            self.error.setText("Give a reason, or choose “Not now”.")
            return
        self.nurture = False
        self.accept()


class InvoiceDialog(QDialog):
    """Invoice date and payment due date for a won deal."""

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Mark invoiced")
        form = QFormLayout(self)
        self.invoiced = QDateEdit(QDate(today.year, today.month, today.day))
        due = today + timedelta(days=30)
        self.due = QDateEdit(QDate(due.year, due.month, due.day))
        for edit in (self.invoiced, self.due):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        form.addRow("Invoice date", self.invoiced)
        form.addRow("Payment due", self.due)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def dates(self) -> tuple[date, date]:
        return (date.fromisoformat(self.invoiced.date().toString("yyyy-MM-dd")),
                date.fromisoformat(self.due.date().toString("yyyy-MM-dd")))


class StagesDialog(QDialog):
    """Rename, reorder, add and remove stages; a removed stage's deals go elsewhere.

    A handful of rows edited in place: a small QTableWidget is the right tool here.
    """

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Pipeline stages")
        self.resize(560, 360)
        self.counts = queries.stage_deal_counts(store)
        self.removed: list[dict[str, Any]] = []
        layout = QVBoxLayout(self)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["Stage", "Default probability", "Outcome", "Deals"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.table.setColumnWidth(0, 200)
        self.table.setColumnWidth(1, 130)
        for stage in queries.stages(store):
            self._add_row(stage["id"], stage["name"], stage["probability"], stage["outcome"])
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.add_button = QPushButton("Add stage")
        self.up_button = QPushButton("Move up")
        self.down_button = QPushButton("Move down")
        self.remove_button = QPushButton("Remove…")
        for button in (self.add_button, self.up_button, self.down_button, self.remove_button):
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        self.reassign_row = QHBoxLayout()
        self.reassign_label = QLabel("Deals of removed stages go to:")
        self.reassign = QComboBox()
        self.reassign_row.addWidget(self.reassign_label)
        self.reassign_row.addWidget(self.reassign, 1)
        layout.addLayout(self.reassign_row)
        self.error = QLabel()
        self.error.setStyleSheet("color: #c0392b;")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.add_button.clicked.connect(lambda: self._add_row(None, "New stage", 50, "open"))
        self.up_button.clicked.connect(lambda: self._move(-1))
        self.down_button.clicked.connect(lambda: self._move(1))
        self.remove_button.clicked.connect(self.remove_selected)
        self._refresh_reassign()

    def _add_row(self, stage_id: int | None, name: str, probability: int, outcome: str) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        item = QTableWidgetItem(name)
        item.setData(Qt.ItemDataRole.UserRole, stage_id)
        self.table.setItem(row, 0, item)
        spin = QSpinBox()
        spin.setRange(0, 100)
        spin.setSuffix("%")
        spin.setValue(probability)
        self.table.setCellWidget(row, 1, spin)
        combo = QComboBox()
        combo.addItems(STAGE_OUTCOMES)
        combo.setCurrentText(outcome)
        self.table.setCellWidget(row, 2, combo)
        count = QTableWidgetItem(str(self.counts.get(stage_id or 0, 0)))
        count.setFlags(Qt.ItemFlag.ItemIsEnabled)
        self.table.setItem(row, 3, count)

    def _row_values(self, row: int) -> tuple[int | None, str, int, str]:
        item = self.table.item(row, 0)
        spin = self.table.cellWidget(row, 1)
        combo = self.table.cellWidget(row, 2)
        assert item is not None and isinstance(spin, QSpinBox) and isinstance(combo, QComboBox)
        return item.data(Qt.ItemDataRole.UserRole), item.text(), spin.value(), combo.currentText()

    def _move(self, delta: int) -> None:
        row = self.table.currentRow()
        target = row + delta
        if row < 0 or not 0 <= target < self.table.rowCount():
            return
        values = [self._row_values(r) for r in range(self.table.rowCount())]
        values[row], values[target] = values[target], values[row]
        self.table.setRowCount(0)
        for value in values:
            self._add_row(*value)
        self.table.selectRow(target)

    def remove_selected(self, *_: object) -> None:
        row = self.table.currentRow()
        if row < 0:
            return
        stage_id, name, _probability, _outcome = self._row_values(row)
        if stage_id is not None:
            self.removed.append({"id": stage_id, "name": name})
        self.table.removeRow(row)
        self._refresh_reassign()

    def _refresh_reassign(self) -> None:
        need = any(self.counts.get(r["id"]) for r in self.removed)
        current = self.reassign.currentData()
        self.reassign.clear()
        for row in range(self.table.rowCount()):
            stage_id, name, _p, _o = self._row_values(row)
            if stage_id is not None:
                self.reassign.addItem(name, stage_id)
        self.reassign.setCurrentIndex(max(self.reassign.findData(current), 0))
        for widget in (self.reassign_label, self.reassign):
            widget.setVisible(need)

    def edits(self) -> list[StageEdit]:
        return [StageEdit(*self._row_values(row)) for row in range(self.table.rowCount())]

    def reassignments(self) -> dict[int, int]:
        target = self.reassign.currentData()
        return {r["id"]: int(target) for r in self.removed if target is not None}

    def rename(self, row: int, name: str) -> None:
        item = self.table.item(row, 0)
        if item is not None:
            item.setText(name)

