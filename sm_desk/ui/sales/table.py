"""The deal table, Anki-browser style: the model holds the ordered ids of the deals the
filters keep (filtered and sorted in SQL: core/store/deal_table.py) and reads their display
rows 200 at a time, for what the view paints (widgets/lazy_rows.py). At 100,000 deals it
holds ~1 MB of ids instead of every row; the count and the open weighted total are SQL
aggregates. After an edit the ids are read again and only the edited rows re-read.
"""

from __future__ import annotations

from array import array
from collections import OrderedDict
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sm_desk.core.custom_fields import CustomField, display, list_fields, values_for
from sm_desk.core.fx import Rates, Tally
from sm_desk.core.sales.pipeline import Window
from sm_desk.core.store import Store
from sm_desk.core.store import deal_table as table_queries
from sm_desk.core.store import sales as queries
from sm_desk.core.store.deal_table import DealFilter, DealSort
from sm_desk.core.words import counted
from sm_desk.ui.insights.deal_columns import priority_combo, segment_text
from sm_desk.ui.sales.board import day_text, money, numbers
from sm_desk.ui.widgets.flow import flow_row
from sm_desk.ui.widgets.lazy_rows import LazyRowsModel
from sm_desk.ui.widgets.rows_model import Column
from sm_desk.ui.widgets.saved_views import (
    SavedViewsBar,
    apply_columns_state,
    columns_state,
    install_column_menu,
)

Row = dict[str, Any]


def _day(iso: str | None) -> str:
    return day_text(iso or "", date.today().isoformat())


COLUMNS = (  # the sort keys are SQL (SORT_KEYS below); a column gives only its text
    Column("Deal", lambda r: r["title"]),
    Column("Contact", lambda r: r["contact"] or ""),
    Column("Company", lambda r: r["company"] or ""),
    Column("Stage", lambda r: r["stage"]),
    Column("Value", lambda r: money(r["value_minor"], r["currency"]), right=True),
    Column("Prob.", lambda r: f"{r['probability']}%", right=True),
    Column("Weighted", lambda r: money(r["weighted"], r["currency"]), right=True),
    Column("Expected close", lambda r: _day(r["expected_close"])),
    Column("Next step", lambda r: r["next_step"]),
    Column("Due", lambda r: _day(r["next_step_due"])),
    Column("Source campaign", lambda r: r["campaign"] or ""),
    Column("VBANT", lambda r: f"{r['vbant']}/5", right=True),
    Column("Stalled", lambda r: "Stalled" if r["stalled"] else "", foreground=QColor("#d0661f")),
    Column("Segment priority", segment_text),  # marketing's hunting grounds
)


ANSWERS = 6  # filters and orders whose ids are kept until the next change

# The SQL sort key of each column above (deal_table.SORT_KEYS), in the same order.
SORT_KEYS = ("title", "contact", "company", "stage", "value", "probability", "weighted",
             "expected_close", "next_step", "due", "campaign", "vbant", "stalled", "segment")


def _custom_spec(field: CustomField) -> Column:
    text_key = f"custom:{field.id}"
    return Column(field.name, lambda r: r.get(text_key, ""),
                  right=field.kind in ("number", "money"))


class DealTableModel(LazyRowsModel):
    """The ids of the deals `filter` keeps, in the header's order; rows read by page."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(list(COLUMNS), self._fetch, parent=parent)  # + custom fields
        self.store = store
        self.filter = DealFilter()
        self.window = Window("", "")
        self.custom: list[CustomField] = []
        self.ready = False  # ids are read from the first load on (the header sorts before)
        # (filter, order, window) -> (ids, open weighted totals), the latest last
        self._answers: OrderedDict[tuple[Any, ...], tuple[array[int], list[Row] | None]] = (
            OrderedDict())
        self.on_sort = lambda *_: self.refilter() if self.ready else None

    def _fetch(self, ids: list[int]) -> list[Row]:
        rows = queries.table_rows(self.store, self.window.today, self.window.quiet_since, ids)
        if not self.custom:
            return rows
        stored = values_for(self.store, "deals", ids)
        for row in rows:  # 'custom:<field id>' = the value as shown
            mine = stored.get(row["id"], {})
            for f in self.custom:
                row[f"custom:{f.id}"] = display(f, mine.get(f.id), numbers=numbers())
        return rows

    def set_columns(self, custom: list[CustomField]) -> None:
        self.beginResetModel()
        self.custom = custom
        self.columns = list(COLUMNS) + [_custom_spec(f) for f in custom]
        if self.sort_column is not None and self.sort_column[0] >= len(self.columns):
            self.sort_column = None
        self.forget()
        self.endResetModel()

    def sort_spec(self) -> DealSort:
        if self.sort_column is None:
            return DealSort()
        column, order = self.sort_column
        key = (SORT_KEYS[column] if column < len(SORT_KEYS)
               else f"custom:{self.custom[column - len(SORT_KEYS)].id}")
        return DealSort(key, order == Qt.SortOrder.DescendingOrder)

    def query_ids(self) -> array[int]:
        """The ids for the current filter and order. The last few answers are kept until
        the data changes (`forget_answers`, on every change the page hears of): clearing
        the search box or going back to a filter just used asks SQL nothing."""
        key = (self.filter, self.sort_spec(), self.window)
        answer = self._answers.get(key)
        if answer is None:
            answer = self._answers[key] = (table_queries.ordered_ids(
                self.store, self.filter, key[1], self.window.today, self.window.quiet_since),
                None)
            while len(self._answers) > ANSWERS:
                self._answers.popitem(last=False)
        self._answers.move_to_end(key)
        return answer[0]

    def open_weighted(self) -> list[Row]:
        """Open deals shown, by currency: count and weighted value (an SQL aggregate)."""
        key = (self.filter, self.sort_spec(), self.window)
        ids, totals = self._answers.get(key, (None, None))
        if totals is None:
            totals = table_queries.open_weighted(self.store, self.filter, self.window.today,
                                                 self.window.quiet_since, ids)
            if ids is not None:
                self._answers[key] = (ids, totals)
        return totals

    def forget_answers(self) -> None:
        self._answers.clear()

    def set_filter(self, deal_filter: DealFilter) -> None:
        self.filter = deal_filter
        self.refilter()

    def refilter(self) -> None:
        self.set_ids(self.query_ids())

    def deal_id(self, row: int) -> int:
        return self.id_at(row)


class DealTable(QWidget):
    """Filter bar over the table view."""

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.model = DealTableModel(store, self)
        self.loaded = False
        self._month: tuple[str, str] = ("", "")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search deals, contacts, companies…")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(260)
        self.stage = QComboBox()
        self.campaign = QComboBox()
        self.campaign.setMinimumContentsLength(16)
        self.stalled = QCheckBox("Stalled")
        self.closing = QCheckBox("Closing this month")
        self.segment = priority_combo()  # hunting grounds: top segment, top 3, any ranked
        self.count = QLabel()
        self.count.setTextFormat(Qt.TextFormat.PlainText)
        self.views = SavedViewsBar(store, "deals", self.view_state, self.apply_view_state)
        # Wraps onto a second line on a laptop rather than forcing the window wider.
        layout.addWidget(flow_row(self.search, self.stage, self.campaign, self.segment,
                                  self.stalled, self.closing, self.views, self.count))
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSortingEnabled(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(24)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        for column, width in enumerate((220, 130, 130, 100, 100, 50, 110, 105, 150, 90, 150, 55)):
            self.view.setColumnWidth(column, width)
        layout.addWidget(self.view, 1)
        install_column_menu(self.view)
        self.search.textChanged.connect(self.apply_filter)
        self.stage.currentIndexChanged.connect(self.apply_filter)
        self.campaign.currentIndexChanged.connect(self.apply_filter)
        self.stalled.toggled.connect(self.apply_filter)
        self.closing.toggled.connect(self.apply_filter)
        self.segment.currentIndexChanged.connect(self.apply_filter)

    def load(self, window: Window, month: tuple[str, str]) -> None:
        """Read the choices, the columns and the ids afresh (first show, or after changes
        to stages, custom fields, names...); every cached row is dropped."""
        self._month = month
        self._fill_choices()
        self.model.window = window
        self.model.set_columns(list_fields(self.store, "deals"))
        self.model.filter = self.current_filter()
        self.model.ready = True
        self.model.forget_answers()
        self._reselect(self.model.refilter)
        self.loaded = True
        self._update_count()

    def refresh_ids(self, ids: set[int], window: Window) -> None:
        """After an edit of `ids`: the filter and the order are asked again (an edit can
        move a deal in or out, or along); when the ids come back the same, only the
        edited rows repaint, and the selection and the scroll stay where they were."""
        if window != self.model.window:
            self.model.window = window
            self.model.forget()
        self.model.forget_answers()
        fresh = self.model.query_ids()
        if fresh == self.model.ids:
            self.model.repaint_ids(ids)
        else:
            self.model.forget(ids)
            self._reselect(lambda: self.model.set_ids(fresh))
        self._update_count()

    def _reselect(self, change: Any) -> None:
        """Run `change` (a new set of ids) and select the same deal again if it is there."""
        selected = self.selected_deal() if self.loaded else None
        change()
        position = None if selected is None else self.model.position_of(selected)
        if position is not None:
            self.view.selectRow(position)
            self.view.scrollTo(self.model.index(position, 0))

    def view_state(self) -> dict[str, Any]:
        """Filter, sort and columns, for a saved view."""
        return {"text": self.search.text(), "stage_id": self.stage.currentData(),
                "campaign_id": self.campaign.currentData(), "stalled": self.stalled.isChecked(),
                "closing": self.closing.isChecked(), **columns_state(self.view)}

    def apply_view_state(self, state: dict[str, Any]) -> None:
        for widget in (self.search, self.stage, self.campaign, self.stalled, self.closing):
            widget.blockSignals(True)
        self.search.setText(str(state.get("text", "")))
        self.stage.setCurrentIndex(max(self.stage.findData(state.get("stage_id")), 0))
        self.campaign.setCurrentIndex(max(self.campaign.findData(state.get("campaign_id")), 0))
        self.stalled.setChecked(bool(state.get("stalled")))
        self.closing.setChecked(bool(state.get("closing")))
        for widget in (self.search, self.stage, self.campaign, self.stalled, self.closing):
            widget.blockSignals(False)
        self.apply_filter()
        apply_columns_state(self.view, state)

    def _fill_choices(self) -> None:
        for combo, first, items in (
                (self.stage, "All stages", queries.stages(self.store)),
                (self.campaign, "All campaigns", queries.campaigns_with_deals(self.store))):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(first, None)
            for item in items:
                combo.addItem(item["name"], item["id"])
            found = combo.findData(current)
            combo.setCurrentIndex(max(found, 0))
            combo.blockSignals(False)

    def show_stage(self, stage_id: int) -> None:
        self.stage.setCurrentIndex(max(self.stage.findData(stage_id), 0))

    def current_filter(self) -> DealFilter:
        return DealFilter(stage_id=self.stage.currentData(),
                          campaign_id=self.campaign.currentData(),
                          stalled=self.stalled.isChecked(),
                          closing=self._month if self.closing.isChecked() else None,
                          text=self.search.text(), max_rank=self.segment.currentData())

    def apply_filter(self, *_: object) -> None:
        if not self.loaded:
            return  # the first show reads the ids
        self._reselect(lambda: self.model.set_filter(self.current_filter()))
        self._update_count()

    def _update_count(self) -> None:
        """'N of M deals · open weighted X': counts and sums from SQL, none from rows."""
        shown, total = len(self.model.ids), table_queries.deal_count(self.store)
        tally = Tally()
        for line in self.model.open_weighted():
            tally.add(line["currency"], line["weighted"], line["count"])
        weighted = Rates.load(self.store).total(tally, date.today())
        note = weighted.note()
        n = numbers()
        self.count.setText(f"{n.count(shown)} of {counted(total, 'deal', number=n.count)} · open weighted "
                           f"{money(weighted.minor)}" + (f" ({note})" if note else ""))

    def selected_deal(self) -> int | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.deal_id(rows[0].row()) if rows else None
