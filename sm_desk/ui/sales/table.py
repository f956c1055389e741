"""The deal table: every deal as a light row, filtered and sorted in memory.

The rows come from one store query; filters (stage, source campaign, stalled, closing
this month, text) build the list of visible rows with one comprehension, so a filter
over 10,000 deals costs a few milliseconds. After an edit only the changed rows are
re-read.
"""

from __future__ import annotations

from dataclasses import dataclass
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

from sm_desk.core.custom_fields import CustomField, display, list_fields, sort_key, values_for
from sm_desk.core.fx import Rates, Tally
from sm_desk.core.sales.pipeline import Window
from sm_desk.core.store import Store
from sm_desk.core.store import sales as queries
from sm_desk.core.words import counted
from sm_desk.ui.insights.deal_columns import NO_RANK, priority_combo, segment_text
from sm_desk.ui.sales.board import day_text, money, numbers
from sm_desk.ui.widgets.flow import flow_row
from sm_desk.ui.widgets.rows_model import Column, RowsModel
from sm_desk.ui.widgets.saved_views import (
    SavedViewsBar,
    apply_columns_state,
    columns_state,
    install_column_menu,
)

Row = dict[str, Any]


def _day(iso: str | None) -> str:
    return day_text(iso or "", date.today().isoformat())


COLUMNS = (
    Column("Deal", lambda r: r["title"], lambda r: r["title"].casefold()),
    Column("Contact", lambda r: r["contact"] or "", lambda r: (r["contact"] or "").casefold()),
    Column("Company", lambda r: r["company"] or "", lambda r: (r["company"] or "").casefold()),
    Column("Stage", lambda r: r["stage"], lambda r: r["stage_position"]),
    Column("Value", lambda r: money(r["value_minor"], r["currency"]),
               lambda r: r["value_minor"], right=True),
    Column("Prob.", lambda r: f"{r['probability']}%", lambda r: r["probability"], right=True),
    Column("Weighted", lambda r: money(r["weighted"], r["currency"]),
               lambda r: r["weighted"], right=True),
    Column("Expected close", lambda r: _day(r["expected_close"]),
               lambda r: r["expected_close"] or "9999"),
    Column("Next step", lambda r: r["next_step"], lambda r: r["next_step"].casefold()),
    Column("Due", lambda r: _day(r["next_step_due"]), lambda r: r["next_step_due"] or "9999"),
    Column("Source campaign", lambda r: r["campaign"] or "",
               lambda r: (r["campaign"] or "").casefold()),
    Column("VBANT", lambda r: f"{r['vbant']}/5", lambda r: r["vbant"], right=True),
    Column("Stalled", lambda r: "Stalled" if r["stalled"] else "", lambda r: -r["stalled"],
           foreground=QColor("#d0661f")),
    Column("Segment priority", segment_text,  # marketing's hunting grounds
               lambda r: r["segment_rank"] or NO_RANK),
)


def _custom_spec(field: CustomField) -> Column:
    text_key, sort_key_name = f"custom:{field.id}", f"sort:{field.id}"
    return Column(field.name, lambda r: r.get(text_key, ""),
                      lambda r: r.get(sort_key_name, (1, "")),
                      right=field.kind in ("number", "money"))


@dataclass
class DealFilter:
    stage_id: int | None = None
    campaign_id: int | None = None
    stalled: bool = False
    closing: tuple[str, str] | None = None  # [start, end) dates: closing this month
    text: str = ""
    max_rank: int | None = None  # only contacts in a segment ranked this high or better


class DealTableModel(RowsModel):
    """`all_rows`: every deal; `rows` (what the view shows): those the filter keeps, sorted."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(list(COLUMNS), parent=parent, tips=False)  # then one per custom field
        self.all_rows: list[Row] = []
        self.filter = DealFilter()
        self._haystack: dict[int, str] = {}

    def set_rows(self, rows: list[Row]) -> None:
        self.all_rows = rows
        self._haystack = {r["id"]: self._hay(r) for r in rows}
        self.refilter()

    def replace_rows(self, ids: set[int], fresh: list[Row]) -> None:
        """Put re-read rows in place of `ids` (a deleted deal has no fresh row)."""
        by_id = {r["id"]: r for r in fresh}
        kept = [by_id.pop(r["id"], r) if r["id"] in ids else r for r in self.all_rows
                if r["id"] not in ids or r["id"] in by_id]
        self.all_rows = kept + sorted(by_id.values(), key=lambda r: r["id"])
        for row in fresh:
            self._haystack[row["id"]] = self._hay(row)
        self.refilter()

    @staticmethod
    def _hay(row: Row) -> str:
        return " ".join([str(row[k] or "") for k in (
            "title", "contact", "company", "campaign", "next_step")]
            + [str(v) for k, v in row.items() if k.startswith("custom:")]).casefold()

    def set_columns(self, columns: list[Column]) -> None:
        self.beginResetModel()
        self.columns = columns
        if self._sort is not None and self._sort[0] >= len(columns):
            self._sort = None
        self.endResetModel()

    def set_filter(self, deal_filter: DealFilter) -> None:
        self.filter = deal_filter
        self.refilter()

    def refilter(self) -> None:
        f = self.filter
        rows = self.all_rows
        if f.stage_id is not None:
            rows = [r for r in rows if r["stage_id"] == f.stage_id]
        if f.campaign_id is not None:
            rows = [r for r in rows if r["source_campaign_id"] == f.campaign_id]
        if f.stalled:
            rows = [r for r in rows if r["stalled"]]
        if f.max_rank is not None:
            rows = [r for r in rows if (r["segment_rank"] or NO_RANK) <= f.max_rank]
        if f.closing is not None:
            start, end = f.closing
            rows = [r for r in rows if r["outcome"] == "open" and r["expected_close"]
                    and start <= r["expected_close"] < end]
        words = f.text.casefold().split()
        if words:
            hay = self._haystack
            rows = [r for r in rows if all(w in hay[r["id"]] for w in words)]
        self.beginResetModel()
        self.rows = self._sorted(rows)
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort = (column, order) if 0 <= column < len(self.columns) else None
        self.refilter()

    def deal_id(self, row: int) -> int:
        return int(self.rows[row]["id"])


class DealTable(QWidget):
    """Filter bar over the table view."""

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.model = DealTableModel(self)
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
        """Read every row (first show, or after bulk changes and stage edits)."""
        self._window, self._month = window, month
        self._fill_choices()
        self.custom = list_fields(self.store, "deals")
        self.model.set_columns(list(COLUMNS) + [_custom_spec(f) for f in self.custom])
        self.model.set_rows(self._with_custom(
            queries.table_rows(self.store, window.today, window.quiet_since)))
        self.loaded = True
        self._update_count()

    def refresh_ids(self, ids: set[int], window: Window) -> None:
        self._window = window
        fresh = self._with_custom(
            queries.table_rows(self.store, window.today, window.quiet_since, sorted(ids)))
        self.model.replace_rows(ids, fresh)
        self._update_count()

    def _with_custom(self, rows: list[Row]) -> list[Row]:
        """Each row gets 'custom:<field id>' = the value as shown, and its sort key."""
        fields = getattr(self, "custom", [])
        if not fields:
            return rows
        stored = values_for(self.store, "deals", [r["id"] for r in rows])
        for row in rows:
            mine = stored.get(row["id"], {})
            for f in fields:
                row[f"custom:{f.id}"] = display(f, mine.get(f.id), numbers=numbers())
                row[f"sort:{f.id}"] = sort_key(f, mine.get(f.id))
        return rows

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
        self.model.set_filter(self.current_filter())
        self._update_count()

    def _update_count(self) -> None:
        shown, total = len(self.model.rows), len(self.model.all_rows)
        tally = Tally()
        for r in self.model.rows:
            if r["outcome"] == "open":
                tally.add(r["currency"], r["weighted"])
        weighted = Rates.load(self.store).total(tally, date.today())
        note = weighted.note()
        n = numbers()
        self.count.setText(f"{n.count(shown)} of {counted(total, 'deal', number=n.count)} · open weighted "
                           f"{money(weighted.minor)}" + (f" ({note})" if note else ""))

    def selected_deal(self) -> int | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.deal_id(rows[0].row()) if rows else None
