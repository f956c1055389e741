"""The forecast strip and the overdue-payments list of the Sales workspace."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sm_desk.core.datefmt import month_year, short_date
from sm_desk.core.fx import Converted
from sm_desk.core.sales.pipeline import Forecast
from sm_desk.core.words import counted
from sm_desk.ui.sales.board import money, numbers
from sm_desk.ui.widgets.rows_model import Column, RowsModel


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
        # Six tiles share a laptop's width: the small print wraps instead of widening
        # the window (the full text stays in the tooltip of a clipped value).
        for widget in (self.caption, self.detail):
            widget.setWordWrap(True)
        self.value.setMinimumWidth(0)
        self.value.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(110)


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
            tile.caption.setText(f"Closing in {month_year(month.month, numbers().locale)}")
            tile.value.setText(money(month.weighted_minor, currency))
            detail = (f"weighted · {counted(month.count, 'deal', number=numbers().count)}, "
                      f"{money(month.value_minor)} in full")
            tile.detail.setText("\n".join([detail, *month.left_out]))
            tile.detail.setStyleSheet("color: #b35c00;" if month.left_out else "")
        if forecast.overdue_count:
            self.months[0].detail.setToolTip(
                f"{counted(forecast.overdue_count, 'open deal')} "
                f"{'was' if forecast.overdue_count == 1 else 'were'} expected to close before this "
                f"month ({money(forecast.overdue_weighted_minor, currency)} weighted)")
        for tile, period in zip(self.won, forecast.won, strict=True):
            tile.value.setText(money(period.won_minor, currency))
            tile.value.setToolTip("\n".join(period.left_out))
            if period.target_minor:
                share = period.won_minor * 100 // period.target_minor
                tile.detail.setText(f"of {money(period.target_minor)} target ({share}%)")
                tile.bar.setValue(min(share, 100))
                tile.bar.setVisible(True)
            else:
                tile.detail.setText(
                    f"{counted(period.count, 'deal', number=numbers().count)} · no target set")
                tile.bar.setVisible(False)


def _day(iso: str | None) -> str:
    if not iso:
        return ""
    return short_date(date.fromisoformat(iso[:10]), numbers().locale, date.today())


class OverdueModel(RowsModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__([
            Column("Deal", lambda r: r["title"]),
            Column("Contact", lambda r: r["contact"] or ""),
            Column("Amount", lambda r: money(r["value_minor"], r["currency"]), right=True),
            Column("Invoiced", lambda r: _day(r["invoiced_at"])),
            Column("Due", lambda r: _day(r["invoice_due"])),
            Column("Days late", lambda r: str(
                (self.today - date.fromisoformat(r["invoice_due"])).days), right=True),
        ], parent=parent, tips=False)
        self.today = date.today()  # days late count from here


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

    def show_rows(self, rows: list[dict[str, Any]], total: Converted, today: date,
                  currency: str) -> None:
        self.model.today = today
        self.model.set_rows(rows)
        count = total.count + sum(item.count for item in total.left_out)
        if count:
            note = total.note("payment")
            self.summary.setText(f"{counted(count, 'overdue payment', number=numbers().count)}, "
                                 f"{money(total.minor, currency)} to collect"
                                 + (f" ({note})" if note else ""))
        else:
            self.summary.setText("No overdue payments. Everything invoiced is paid or not due.")

    def deal_at(self, row: int) -> int:
        return int(self.model.rows[row]["id"])
