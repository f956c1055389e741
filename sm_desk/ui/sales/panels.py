"""The forecast strip and the overdue-payments list of the Sales workspace."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sm_desk.core.sales.pipeline import Forecast
from sm_desk.ui.sales.board import money

Index = QModelIndex | QPersistentModelIndex


def _label(text: str = "", style: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if style:
        label.setStyleSheet(style)
    return label


class _Tile(QFrame):
    def __init__(self, caption: str) -> None:
        super().__init__()
        self.setObjectName("salesTile")
        self.setStyleSheet("#salesTile { background: #ffffff; border: 1px solid #dde2e8; "
                           "border-radius: 6px; }")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(1)
        self.caption = _label(caption, "color: #52606d; font-size: 11px;")
        self.value = _label("", "font-size: 15px; font-weight: bold; color: #1f2933;")
        self.detail = _label("", "color: #7b8794; font-size: 11px;")
        for widget in (self.caption, self.value, self.detail):
            layout.addWidget(widget)


class _TargetTile(_Tile):
    def __init__(self, caption: str) -> None:
        super().__init__(caption)
        self.bar = QProgressBar()
        self.bar.setTextVisible(False)
        self.bar.setFixedHeight(5)
        self.bar.setRange(0, 100)
        layout = self.layout()
        assert layout is not None
        layout.addWidget(self.bar)


class ForecastPanel(QWidget):
    """Weighted pipeline for this month and the next two; won against the target."""

    def __init__(self) -> None:
        super().__init__()
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 8, 4)
        row.setSpacing(8)
        self.months = [_Tile("") for _ in range(3)]
        self.won = [_TargetTile(label) for label in
                    ("Won this week", "Won this month", "Won this quarter")]
        heading = _label("Forecast", "font-weight: bold; color: #52606d;")
        row.addWidget(heading)
        for tile in self.months:
            row.addWidget(tile, 1)
        row.addSpacing(12)
        for tile in self.won:
            row.addWidget(tile, 1)

    def show_forecast(self, forecast: Forecast, currency: str) -> None:
        for tile, month in zip(self.months, forecast.months, strict=True):
            tile.caption.setText(f"Closing in {month.month.strftime('%B %Y')}")
            tile.value.setText(money(month.weighted_minor, currency))
            tile.detail.setText(f"weighted · {month.count:,} deals, "
                                f"{money(month.value_minor)} in full")
        if forecast.overdue_count:
            self.months[0].detail.setToolTip(
                f"{forecast.overdue_count:,} open deals were expected to close before this "
                f"month ({money(forecast.overdue_weighted_minor, currency)} weighted)")
        for tile, period in zip(self.won, forecast.won, strict=True):
            tile.value.setText(money(period.won_minor, currency))
            if period.target_minor:
                share = period.won_minor * 100 // period.target_minor
                tile.detail.setText(f"of {money(period.target_minor)} target ({share}%)")
                tile.bar.setValue(min(share, 100))
                tile.bar.setVisible(True)
            else:
                tile.detail.setText(f"{period.count:,} deals · no target set")
                tile.bar.setVisible(False)


class OverdueModel(QAbstractTableModel):
    HEADERS = ("Deal", "Contact", "Amount", "Invoiced", "Due", "Days late")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[dict[str, Any]] = []
        self.today = date.today()

    def set_rows(self, rows: list[dict[str, Any]], today: date) -> None:
        self.beginResetModel()
        self.rows, self.today = rows, today
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            late = (self.today - date.fromisoformat(row["invoice_due"])).days
            return (row["title"], row["contact"] or "", money(row["value_minor"], row["currency"]),
                    row["invoiced_at"], row["invoice_due"], str(late))[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (2, 5):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None


class CollectionsView(QWidget):
    """Won deals invoiced and not paid past their due date, oldest first."""

    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        self.summary = _label("", "font-weight: bold;")
        layout.addWidget(self.summary)
        hint = _label("Right-click a row to mark it paid; double-click to open the deal.",
                      "color: #7b8794;")
        layout.addWidget(hint)
        self.model = OverdueModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.verticalHeader().hide()
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        layout.addWidget(self.view, 1)

    def show_rows(self, rows: list[dict[str, Any]], total: dict[str, int], today: date,
                  currency: str) -> None:
        self.model.set_rows(rows, today)
        if total["count"]:
            self.summary.setText(f"{total['count']:,} overdue payments, "
                                 f"{money(total['value'], currency)} to collect")
        else:
            self.summary.setText("No overdue payments. Everything invoiced is paid or not due.")

    def deal_at(self, row: int) -> int:
        return int(self.model.rows[row]["id"])
