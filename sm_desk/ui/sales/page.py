"""The Sales workspace (one-to-one, looking at now): forecast strip, then Board, Table
and Collections tabs. Every edit goes through the core services in one undoable step;
the page repaints on ctx.changed when the change touches what it shows."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from functools import partial
from typing import Any, TypeVar

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sm_desk.core import clock
from sm_desk.core.fx import Rates, Tally
from sm_desk.core.money import numbers_for
from sm_desk.core.sales import deals as service
from sm_desk.core.sales.pipeline import Window, forecast, stalled_window
from sm_desk.core.sales.stages import save_stages
from sm_desk.core.store import Changes
from sm_desk.core.store import sales as queries
from sm_desk.core.words import counted, sentence
from sm_desk.ui.context import AppContext
from sm_desk.ui.insights.mount import mount_sales_tab
from sm_desk.ui.sales.board import Board, numbers, use_numbers
from sm_desk.ui.sales.deal_dialog import DealDialog
from sm_desk.ui.sales.dialogs import InvoiceDialog, LostDialog, StagesDialog
from sm_desk.ui.sales.panels import CollectionsView, ForecastPanel
from sm_desk.ui.sales.table import DealTable

WATCHED = ("deals", "stages", "activities", "contacts", "companies", "campaigns", "settings",
           "custom_fields", "custom_values", "exchange_rates")
FULL_RELOAD = ("stages", "settings", "contacts", "companies", "campaigns", "custom_fields",
               "custom_values", "exchange_rates")
BOARD_TAB, TABLE_TAB, COLLECTIONS_TAB = range(3)

DialogT = TypeVar("DialogT", bound=QDialog)


class SalesPage(QWidget):
    def __init__(self, ctx: AppContext, today: Callable[[], date] = clock.today,
                 now: Callable[[], datetime] = clock.now_utc) -> None:
        super().__init__()
        self.ctx, self.store = ctx, ctx.store
        self.today, self.now = today, now
        self.dialog: Any = None  # the dialog open right now (tests reach it here)
        self._table_dirty = True
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addLayout(self._build_header())
        self.forecast = ForecastPanel()
        layout.addWidget(self.forecast)
        self.tabs = QTabWidget()
        self.board = Board(self.store)
        self.table = DealTable(self.store)
        self.collections = CollectionsView()
        self.tabs.addTab(self.board, "Board")
        self.tabs.addTab(self.table, "Table")
        self.tabs.addTab(self.collections, "Collections")
        mount_sales_tab(self)  # Leads: the hand-off inbox; Ctrl+I on the selected deal
        layout.addWidget(self.tabs, 1)
        self.board.deal_dropped.connect(self.request_move)
        self.board.deal_activated.connect(self.edit_deal)
        self.board.more_requested.connect(self.show_stage_in_table)
        self.board.context_requested.connect(self.deal_menu)
        self.table.view.doubleClicked.connect(
            lambda index: self.edit_deal(self.table.model.deal_id(index.row())))
        self.table.view.customContextMenuRequested.connect(self._table_menu)
        self.collections.view.doubleClicked.connect(
            lambda index: self.edit_deal(self.collections.deal_at(index.row())))
        self.collections.view.customContextMenuRequested.connect(self._collections_menu)
        self.tabs.currentChanged.connect(self._tab_changed)
        ctx.changed.connect(self._on_changed)
        self.reload()

    def _build_header(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setContentsMargins(8, 4, 8, 0)
        title = QLabel("Sales")
        title.setObjectName("pageTitle")
        title.setStyleSheet("font-size: 18px; font-weight: bold;")
        self.subtitle = QLabel()
        self.subtitle.setTextFormat(Qt.TextFormat.PlainText)
        self.subtitle.setStyleSheet("color: #52606d;")
        self.new_button = QPushButton("New deal")
        self.new_button.setToolTip("New deal (Ctrl+N, from any page: File > New > Deal)")
        self.stages_button = QPushButton("Stages…")
        self.new_button.clicked.connect(lambda: self.new_deal())
        self.stages_button.clicked.connect(self.edit_stages)
        row.addWidget(title)
        row.addSpacing(12)
        row.addWidget(self.subtitle, 1)
        row.addWidget(self.stages_button)
        row.addWidget(self.new_button)
        return row

    # -- repaint -------------------------------------------------------------------------

    def window_now(self) -> Window:
        return stalled_window(self.store, self.today())

    def currency(self) -> str:
        return numbers().currency

    def _month(self) -> tuple[str, str]:
        first = self.today().replace(day=1)
        following = (first.replace(day=28).toordinal() + 4)
        end = date.fromordinal(following).replace(day=1)
        return first.isoformat(), end.isoformat()

    def reload(self) -> None:
        """Repaint everything; the table re-reads all its rows when it is shown."""
        self._repaint_summary()
        self._table_dirty = True
        if self.tabs.currentIndex() == TABLE_TAB:
            self._load_table()

    def _repaint_summary(self) -> None:
        use_numbers(numbers_for(self.store))
        window, currency = self.window_now(), self.currency()
        sums = queries.pipeline_sums(self.store)  # one walk of the deals for both
        rates = Rates.load(self.store)
        self.board.reload(window, currency, sums)
        self.forecast.show_forecast(forecast(self.store, self.today(), rates, sums), currency)
        self._reload_collections(window)
        stalled = queries.stalled_count(self.store, window.today, window.quiet_since)
        days = self._stalled_days()
        self.subtitle.setText(f"{counted(stalled, 'stalled deal', number=numbers().count)} "
                              f"(no activity and nothing planned for {counted(days, 'day')})")

    def _stalled_days(self) -> int:
        from sm_desk.core.agreement import load_agreement

        return load_agreement(self.store).stalled_after_days

    def _reload_collections(self, window: Window) -> None:
        rows = queries.overdue_payments(self.store, window.today)
        tally = Tally()
        for line in queries.count_overdue_payments(self.store, window.today):
            tally.add(line["currency"], line["value"], line["count"])
        total = Rates.load(self.store).total(tally, self.today())
        self.collections.show_rows(rows, total, self.today(), self.currency())
        label = f"Collections ({tally.count:,})" if tally.count else "Collections"
        self.tabs.setTabText(COLLECTIONS_TAB, label)

    def _load_table(self) -> None:
        self.table.load(self.window_now(), self._month())
        self._table_dirty = False

    def _tab_changed(self, index: int) -> None:
        if index == TABLE_TAB and (self._table_dirty or not self.table.loaded):
            self._load_table()

    def _on_changed(self, changes: Changes) -> None:
        if not changes.touches(*WATCHED):
            return
        ids = changes.rows.get("deals")
        full = changes.touches(*FULL_RELOAD) or ids is None
        self.reload_after(ids if not full else None)

    def reload_after(self, deal_ids: set[int] | None) -> None:
        """Repaint board, forecast and collections; the table re-reads only `deal_ids`."""
        if deal_ids is None or self._table_dirty or not self.table.loaded:
            self.reload()
            return
        self._repaint_summary()
        self.table.refresh_ids(set(deal_ids), self.window_now())

    # -- actions -------------------------------------------------------------------------

    def new_deal(self, contact_id: int | None = None, stage_id: int | None = None) -> DealDialog:
        dialog = DealDialog(self.store, self.today(), self.now, contact_id=contact_id,
                            stage_id=stage_id, parent=self)
        dialog.accepted.connect(lambda: self.ctx.say("Deal saved"))
        return self._open(dialog)

    def edit_deal(self, deal_id: int) -> DealDialog:
        return self._open(DealDialog(self.store, self.today(), self.now, deal_id=deal_id,
                                     parent=self))

    def write_email(self, deal_id: int) -> Any:
        from sm_desk.ui.mail.dialogs import write_email

        return write_email(self, self.store, deal_id=deal_id, say=self.ctx.say)

    def _open(self, dialog: DialogT) -> DialogT:
        self.dialog = dialog
        dialog.resize(max(dialog.sizeHint().width(), 520), dialog.sizeHint().height())
        dialog.open()
        return dialog

    def request_move(self, deal_id: int, stage_id: int) -> None:
        """A card dropped on a column (or "Move to" chosen): Lost first asks why."""
        deal = self.store.get("deals", deal_id)
        stage = self.store.get("stages", stage_id)
        if deal is None or stage is None or deal["stage_id"] == stage_id:
            return
        if stage["outcome"] == "lost":
            dialog = LostDialog(deal["title"], self)
            dialog.accepted.connect(lambda: self._move(deal_id, stage_id, dialog.reason_text(),
                                                       dialog.nurture))
            self._open(dialog)
            return
        self._move(deal_id, stage_id, None, False)

    def _move(self, deal_id: int, stage_id: int, reason: str | None, nurture: bool) -> None:
        try:
            service.move_deal(self.store, deal_id, stage_id, self.now(), lost_reason=reason,
                              nurture=nurture)
        except service.SalesError as exc:
            self.ctx.say(sentence(str(exc)))
            return
        self.ctx.say(f"{self.store.undo_label} (Ctrl+Z undoes)")

    def mark_invoiced(self, deal_id: int) -> InvoiceDialog:
        dialog = InvoiceDialog(self.today(), self)

        def save() -> None:
            invoiced, due = dialog.dates()
            try:
                service.mark_invoiced(self.store, deal_id, invoiced, due, self.now())
            except service.SalesError as exc:
                self.ctx.say(sentence(str(exc)))
        dialog.accepted.connect(save)
        return self._open(dialog)

    def mark_paid(self, deal_id: int) -> None:
        try:
            service.mark_paid(self.store, deal_id, self.today(), self.now())
        except service.SalesError as exc:
            self.ctx.say(sentence(str(exc)))

    def delete_deal(self, deal_id: int) -> None:
        service.delete_deal(self.store, deal_id)
        self.ctx.say("Deal deleted (Ctrl+Z undoes)")

    def edit_stages(self, *_: object) -> StagesDialog:
        dialog = StagesDialog(self.store, self)
        dialog.buttons.accepted.disconnect()
        dialog.buttons.accepted.connect(lambda: self._save_stages(dialog))
        return self._open(dialog)

    def _save_stages(self, dialog: StagesDialog) -> None:
        try:
            save_stages(self.store, dialog.edits(), dialog.reassignments(), self.now())
        except service.SalesError as exc:
            dialog.error.setText(sentence(str(exc)))
            return
        dialog.accept()

    def show_stage_in_table(self, stage_id: int) -> None:
        self.tabs.setCurrentIndex(TABLE_TAB)
        self.table.show_stage(stage_id)

    # -- menus ---------------------------------------------------------------------------

    def deal_menu(self, deal_id: int, where: QPoint, run: bool = True) -> QMenu:
        deal = self.store.get("deals", deal_id)
        menu = QMenu(self)
        if deal is None:
            return menu
        menu.addAction("Edit…", lambda: self.edit_deal(deal_id))
        menu.addAction("Write email…", lambda: self.write_email(deal_id))
        move = menu.addMenu("Move to")
        for stage in queries.stages(self.store):
            action = move.addAction(stage["name"],
                                    partial(self.request_move, deal_id, stage["id"]))
            action.setEnabled(stage["id"] != deal["stage_id"])
        won = (self.store.get("stages", deal["stage_id"]) or {}).get("outcome") == "won"
        menu.addAction("Mark invoiced…", lambda: self.mark_invoiced(deal_id)).setEnabled(won)
        menu.addAction("Mark paid", lambda: self.mark_paid(deal_id)).setEnabled(
            won and not deal["paid_at"])
        menu.addSeparator()
        menu.addAction("Delete", lambda: self.delete_deal(deal_id))
        if run:
            menu.exec(where)
        return menu

    def _table_menu(self, pos: QPoint) -> None:
        index = self.table.view.indexAt(pos)
        if index.isValid():
            self.deal_menu(self.table.model.deal_id(index.row()),
                           self.table.view.viewport().mapToGlobal(pos))

    def _collections_menu(self, pos: QPoint) -> None:
        index = self.collections.view.indexAt(pos)
        if index.isValid():
            self.deal_menu(self.collections.deal_at(index.row()),
                           self.collections.view.viewport().mapToGlobal(pos))


def create_page(ctx: AppContext) -> QWidget:
    return SalesPage(ctx)
