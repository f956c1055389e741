"""Tools > Exchange rates…: what one unit of another currency is worth in the home
currency, from a date on. Totals use the latest rate on or before their date; a currency
with none is left out of totals and named. Typed here or read from a CSV
(currency,rate,date); never fetched from the network."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sm_desk.core.datefmt import medium_date
from sm_desk.core.fx import RateError, delete_rate, import_rates_csv, set_rate
from sm_desk.core.money import numbers_for
from sm_desk.core.profile import currency_names
from sm_desk.core.store import rates as queries
from sm_desk.core.words import counted
from sm_desk.ui.business_settings_dialog import code_of, picker
from sm_desk.ui.context import AppContext
from sm_desk.ui.widgets.labels import plain_label, problem_label

if TYPE_CHECKING:
    from sm_desk.ui.main_window import MainWindow


class ExchangeRatesDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Exchange rates")
        self.resize(620, 460)
        self.numbers = numbers_for(ctx.store)
        home = self.numbers.currency
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(
            f"One unit of a currency is worth this much {home} from the date on. Totals, "
            f"forecasts and the report use the latest rate on or before their date; deals "
            f"in a currency with no rate are left out and named.", "color: #52606d;"))
        self.missing = plain_label("", "color: #b35c00;")
        layout.addWidget(self.missing)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["Currency", f"Rate (in {home})", "From"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)

        row = QHBoxLayout()
        used = [c for c in queries.deal_currencies(ctx.store) if c != home]
        names = currency_names()
        ordered = {c: names.get(c, c) for c in used}
        ordered.update({c: n for c, n in names.items() if c not in ordered and c != home})
        self.currency = picker(ordered, used[0] if used else "EUR")
        self.rate = QLineEdit()
        self.rate.setPlaceholderText("rate, e.g. 1.08")
        self.rate.setMinimumWidth(120)
        self.on_date = QDateEdit(QDate.currentDate())
        self.on_date.setCalendarPopup(True)
        self.on_date.setDisplayFormat("yyyy-MM-dd")
        self.add_button = QPushButton("&Add rate")
        self.add_button.clicked.connect(self.add)
        self.add_button.setDefault(True)  # Enter in the rate field adds it
        row.addWidget(self.currency, 2)
        row.addWidget(self.rate, 1)
        row.addWidget(self.on_date)
        row.addWidget(self.add_button)
        layout.addLayout(row)
        self.problem = problem_label()
        layout.addWidget(self.problem)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.delete_button = buttons.addButton("&Delete selected",
                                               QDialogButtonBox.ButtonRole.ActionRole)
        self.import_button = buttons.addButton("&Import CSV…",
                                               QDialogButtonBox.ButtonRole.ActionRole)
        self.delete_button.clicked.connect(self.delete_selected)
        self.import_button.clicked.connect(self.import_csv)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.reload()

    def reload(self) -> None:
        home = self.numbers.currency
        rows = [r for r in queries.all_rates(self.ctx.store) if r["base"] == home]
        self.ids = [int(r["id"]) for r in rows]
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            cells = (r["currency"], self.numbers.number(Decimal(r["rate"])),
                     medium_date(date.fromisoformat(r["on_date"]), self.numbers.locale))
            for column, text in enumerate(cells):
                self.table.setItem(i, column, QTableWidgetItem(text))
        have = {r["currency"] for r in rows}
        lacking = [c for c in queries.deal_currencies(self.ctx.store)
                   if c != home and c not in have]
        self.missing.setText(f"Deals use {', '.join(lacking)} with no rate yet: they are "
                             "not counted in totals." if lacking else "")
        self.missing.setVisible(bool(lacking))

    def add(self) -> None:
        day = date.fromisoformat(self.on_date.date().toString("yyyy-MM-dd"))
        try:
            set_rate(self.ctx.store, code_of(self.currency), self.rate.text(), day)
        except RateError as exc:
            self.problem.setText(str(exc))
            return
        self.problem.setText("")
        self.rate.clear()
        self.ctx.say(f"Rate saved for {code_of(self.currency).upper()}")
        self.reload()

    def delete_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True)
        for row in rows:
            delete_rate(self.ctx.store, self.ids[row])
        self.reload()

    def import_csv(self, path: str | None = None) -> None:
        if not path:
            path, _ = QFileDialog.getOpenFileName(self, "Import exchange rates", "",
                                                  "CSV files (*.csv);;All files (*)")
        if not path:
            return
        try:
            text = Path(path).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            self.problem.setText(f"Cannot read {path}: {exc}")
            return
        kept, problems = import_rates_csv(self.ctx.store, text)
        self.problem.setText("; ".join(problems[:5]) + (" …" if len(problems) > 5 else ""))
        self.ctx.say(f"{counted(kept, 'rate')} imported")
        self.reload()


def open_exchange_rates(ctx: AppContext, parent: QWidget | None = None) -> ExchangeRatesDialog:
    dialog = ExchangeRatesDialog(ctx, parent)
    dialog.open()
    return dialog


def exchange_rates_command(window: MainWindow) -> None:
    """Tools > Exchange rates… (commands.py)."""
    open_exchange_rates(window.ctx, window)
