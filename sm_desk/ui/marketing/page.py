"""The Marketing workspace: campaigns on the left, the calendar on the right.

The calendar shows month, week or agenda; each view queries only its visible
range (core.marketing.calendar.occurrences). Every edit goes through a core
service (one undoable step), so Ctrl+Z undoes a drag like any other edit; the
page repaints on ctx.changed when touches, occurrences or campaigns changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from sm_desk.core.clock import now_utc
from sm_desk.core.domain import TOUCH_KIND_LABELS
from sm_desk.core.marketing.calendar import Occurrence, local_day_range, occurrences
from sm_desk.core.marketing.campaigns import archive_campaign
from sm_desk.core.marketing.day_cells import day_cells
from sm_desk.core.marketing.nurture import STALE_AFTER_DAYS, NurtureStatus, nurture_status
from sm_desk.core.marketing.series import move_in_series
from sm_desk.core.marketing.touches import TouchError, move_to_day
from sm_desk.core.store import Changes, Store
from sm_desk.core.store import marketing as q
from sm_desk.core.store.undo import Row
from sm_desk.ui.context import AppContext
from sm_desk.ui.insights.mount import mount_marketing_tabs
from sm_desk.ui.marketing.agenda import AgendaView
from sm_desk.ui.marketing.dialogs import CampaignDialog, TouchDialog
from sm_desk.ui.marketing.grid import CalendarGrid, add_months, kind_legend
from sm_desk.ui.marketing.models import AGENDA_COLUMNS, CampaignModel
from sm_desk.ui.marketing.plan_view import mount_plan, show_plan
from sm_desk.ui.marketing.scope_question import ScopeQuestion
from sm_desk.ui.marketing.time_actions import attach_time_grid
from sm_desk.ui.reports.worker import run_in_background
from sm_desk.ui.widgets.rows_model import RowsModel
from sm_desk.ui.widgets.saved_views import SavedViewsBar

AGENDA_DAYS = 31
TABLES = ("touches", "touch_occurrences", "campaigns", "contacts", "deals", "activities")


class MarketingPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.store = ctx.store
        self.view = "month"
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self._campaign_panel())
        splitter.addWidget(self._calendar_panel())
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([330, 900])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        self.tabs = QTabWidget()
        self.tabs.addTab(splitter, "Calendar")
        mount_marketing_tabs(self, self.tabs)  # insights, collateral, hunting grounds, leads
        layout.addWidget(self.tabs)
        ctx.changed.connect(self._on_changed)
        self._campaigns_asked = 0
        self.reload_campaigns()
        self.reload_calendar()

    # -- building ------------------------------------------------------------------------

    def _campaign_panel(self) -> QWidget:
        panel = QWidget()
        box = QVBoxLayout(panel)
        box.setContentsMargins(0, 0, 0, 0)
        title = QLabel("Campaigns")
        title.setStyleSheet("font-weight: bold; font-size: 14px")
        self.nurture_label = QLabel()
        self.nurture_label.setObjectName("nurture_label")
        self.nurture_label.setTextFormat(Qt.TextFormat.PlainText)
        self.nurture_label.setWordWrap(True)
        self.campaign_model = CampaignModel()
        self.campaign_table = QTableView()
        self.campaign_table.setObjectName("campaign_table")
        self.campaign_table.setModel(self.campaign_model)
        self.campaign_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.campaign_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.campaign_table.verticalHeader().hide()
        # Sized once per load from the first rows: ResizeToContents would re-measure all
        # 500 campaigns on every relayout (each calendar switch), ~80k data() calls.
        self.campaign_table.horizontalHeader().setResizeContentsPrecision(50)
        self.campaign_table.doubleClicked.connect(lambda idx: self.edit_campaign(idx.row()))
        buttons = QHBoxLayout()
        self.new_campaign_button = QPushButton("New campaign…")
        self.new_campaign_button.clicked.connect(self.new_campaign)
        edit = QPushButton("Edit…")
        edit.clicked.connect(lambda: self.edit_campaign(self._campaign_row()))
        archive = QPushButton("Archive")
        archive.clicked.connect(self.archive_selected)
        for b in (self.new_campaign_button, edit, archive):
            buttons.addWidget(b)
        box.addWidget(title)
        box.addWidget(self.nurture_label)
        box.addWidget(self.campaign_table)
        box.addLayout(buttons)
        return panel

    def _calendar_panel(self) -> QWidget:
        panel = QWidget()
        box = QVBoxLayout(panel)
        box.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        self.prev_button = QToolButton()
        self.prev_button.setText("◀")
        self.prev_button.setToolTip("Previous (PageUp)")
        self.prev_button.clicked.connect(lambda: self.step_period(-1))
        self.today_button = QPushButton("Today")
        self.today_button.clicked.connect(lambda: self.go_to(date.today()))
        self.next_button = QToolButton()
        self.next_button.setText("▶")
        self.next_button.setToolTip("Next (PageDown)")
        self.next_button.clicked.connect(lambda: self.step_period(1))
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: bold; font-size: 15px")
        fixed_label(self.title, "30 Sep – 30 Sep 2026", "Wed 30 Sep 2026",
                    *(f"{date(2026, m, 1):%B %Y}" for m in range(1, 13)))
        self.jump = QDateEdit()
        self.jump.setCalendarPopup(True)
        self.jump.setDisplayFormat("yyyy-MM-dd")
        self.jump.setToolTip("Jump to a date")
        self.jump.dateChanged.connect(lambda d: self.go_to(d.toPython()))
        self.view_buttons = QButtonGroup(self)
        for b in (self.prev_button, self.today_button, self.next_button):
            bar.addWidget(b)
        bar.addWidget(self.title)
        bar.addStretch(1)
        bar.addWidget(self.jump)
        for key, label in (("month", "Month"), ("week", "Week"), ("day", "Day"),
                           ("agenda", "Agenda")):
            button = QPushButton(label)
            button.setCheckable(True)
            button.setChecked(key == "month")
            button.setObjectName(f"view_{key}")
            button.clicked.connect(lambda _=False, k=key: self.set_view(k))
            self.view_buttons.addButton(button)
            bar.addWidget(button)
        filters = QHBoxLayout()
        self.campaign_filter = QComboBox()
        self.campaign_filter.setMinimumWidth(150)
        self.kind_filter = QComboBox()
        self.kind_filter.addItem("All kinds", None)
        for kind, label in TOUCH_KIND_LABELS.items():
            self.kind_filter.addItem(label, kind)
        self.campaign_filter.currentIndexChanged.connect(lambda _: self.reload_calendar())
        self.kind_filter.currentIndexChanged.connect(lambda _: self.reload_calendar())
        self.new_touch_button = QPushButton("New touch…")
        self.new_touch_button.clicked.connect(lambda: self.new_touch(self.grid.selected))
        filters.addWidget(QLabel("Show:"))
        filters.addWidget(self.campaign_filter)
        filters.addWidget(self.kind_filter)
        self.views = SavedViewsBar(self.store, "calendar", self.view_state, self.apply_view_state)
        filters.addWidget(self.views)
        self.count_label = QLabel()
        fixed_label(self.count_label, "9,999,999 touches shown")
        filters.addWidget(self.count_label)
        filters.addStretch(1)
        filters.addWidget(self.new_touch_button)
        self.grid: CalendarGrid = CalendarGrid()
        self.grid.range_changed.connect(self.reload_calendar)
        self.grid.selected_changed.connect(self._sync_title)
        self.grid.occurrence_activated.connect(self.edit_occurrence)
        self.grid.new_requested.connect(self.new_touch)
        self.grid.occurrence_dropped.connect(self.drop)
        self.grid.more_requested.connect(self.show_agenda_from)
        self.grid.view_requested.connect(self.set_view)
        self.time_grid = attach_time_grid(self)  # week and day: hours down the side
        self.agenda_model = RowsModel(AGENDA_COLUMNS, tips=False)
        self.agenda = AgendaView(self.agenda_model)
        self.agenda.activated.connect(  # double-click or Enter
            lambda idx: self.edit_occurrence(self.agenda_model.rows[idx.row()]))
        self.stack = QStackedWidget()
        self.stack.addWidget(self.grid)
        self.stack.addWidget(self.agenda)
        self.stack.addWidget(self.time_grid)
        box.addLayout(bar)
        box.addLayout(filters)
        box.addWidget(self.stack, 1)
        box.addWidget(kind_legend())
        self.plan = mount_plan(self, bar)  # months ahead: campaigns as bars
        return panel

    # -- loading -------------------------------------------------------------------------

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches("campaigns", "contacts", "deals", "activities", "touches"):
            self.reload_campaigns()
        if changes.touches("touches", "touch_occurrences", "campaigns"):
            self.reload_calendar()

    def reload_campaigns(self) -> None:
        """Read the campaign list and the nurture figures. Over a file they are read in
        the pool thread (Store.reader): they sum every touch, lead and deal per campaign,
        about a second on the xlarge demo, and the calendar should not wait for them; a
        store in memory (the tests) is read here, now."""
        self._campaigns_asked += 1
        asked, path = self._campaigns_asked, self.store.path
        if path is None:
            self._show_campaigns((asked, read_campaigns(self.store)))
            return

        def work() -> tuple[int, CampaignPanel]:
            reader = Store.reader(path)
            try:
                return asked, read_campaigns(reader)
            finally:
                reader.close()

        run_in_background(work, self._show_campaigns,
                          lambda message: self.ctx.say(f"Campaigns could not be read: {message}"),
                          self)

    def _show_campaigns(self, result: tuple[int, CampaignPanel]) -> None:
        asked, panel = result
        if asked != self._campaigns_asked:
            return  # an edit asked again meanwhile: its figures are on their way
        status = panel.status
        self.campaign_model.load(panel.campaigns, status.by_campaign)
        self.campaign_table.resizeColumnsToContents()
        self.nurture_label.setText(
            f"Nurture: {status.stale_total} contacts marked “not now” have had no touch in "
            f"{STALE_AFTER_DAYS} days." if status.stale_total else
            f"Nurture: every contact marked “not now” was touched in the last "
            f"{STALE_AFTER_DAYS} days.")
        current = self.campaign_filter.currentData()
        self.campaign_filter.blockSignals(True)
        self.campaign_filter.clear()
        self.campaign_filter.addItem("All campaigns", None)
        for c in panel.choices:
            self.campaign_filter.addItem(c["name"], c["id"])
        index = self.campaign_filter.findData(current)
        self.campaign_filter.setCurrentIndex(max(0, index))
        self.campaign_filter.blockSignals(False)

    def visible_days(self) -> tuple[date, int]:
        if self.view == "agenda":
            return self.grid.selected, AGENDA_DAYS
        return self.grid.visible_range()

    def reload_calendar(self) -> None:
        first, days = self.visible_days()
        start, end = local_day_range(first, days)
        campaign = self.campaign_filter.currentData()
        kind = self.kind_filter.currentData()
        campaign_ids = None if campaign is None else [campaign]
        kinds = None if kind is None else [kind]
        if self.view == "month":  # per day, the chips that fit and a count
            per_day = self.grid.chips_per_day()
            cells = day_cells(self.store, first, days, per_day, campaign_ids, kinds)
            self.grid.set_cells(cells, per_day)
            self.time_grid.set_occurrences(())  # hidden; a switch to week reloads it
            shown = cells.total
        else:
            found = occurrences(self.store, start, end, campaign_ids=campaign_ids, kinds=kinds)
            if self.view == "agenda":
                self.agenda_model.set_rows(found)
            else:  # the month grid is hidden and only pages; its chips wait for month
                self.grid.set_occurrences(())
                self.time_grid.set_occurrences(found)
            shown = len(found)
        self.count_label.setText(f"{shown:,} touches shown")
        self._sync_title()

    def _sync_title(self, *_: object) -> None:
        first, days = self.visible_days()
        if self.view == "month":
            month, year = self.grid.anchor_month()
            text = f"{date(year, month, 1):%B %Y}"
        elif days == 1:
            text = f"{first:%a %d %b %Y}"
        else:
            last = first + timedelta(days=days - 1)
            text = f"{first:%d %b} – {last:%d %b %Y}"
        self.title.setText(text)
        picked = self.grid.selected
        self.jump.blockSignals(True)
        self.jump.setDate(QDate(picked.year, picked.month, picked.day))
        self.jump.blockSignals(False)

    # -- navigation ----------------------------------------------------------------------

    def set_view(self, view: str) -> None:
        if view == "plan":
            show_plan(self, self.plan)
            return
        self.view = view
        for button in self.view_buttons.buttons():
            button.setChecked(button.objectName() == f"view_{view}")
        self.stack.setCurrentWidget(self.agenda if view == "agenda" else self.time_grid
                                    if view in ("week", "day") else self.grid)
        if view == "agenda":
            self.reload_calendar()
        else:
            self.grid.set_mode(view)  # emits range_changed -> reload
        (self.time_grid if view in ("week", "day") else self.grid).setFocus()

    def view_state(self) -> dict[str, object]:
        """Month/week/agenda and the campaign and kind filters, for a saved view."""
        return {"view": self.view, "campaign_id": self.campaign_filter.currentData(),
                "kind": self.kind_filter.currentData()}

    def apply_view_state(self, state: dict[str, object]) -> None:
        for combo, key in ((self.campaign_filter, "campaign_id"), (self.kind_filter, "kind")):
            combo.setCurrentIndex(max(combo.findData(state.get(key)), 0))
        view = str(state.get("view", "month"))
        self.set_view(view if view in ("month", "week", "day", "agenda", "plan") else "month")

    def step_period(self, sign: int) -> None:
        day = self.grid.selected
        if self.view == "month":
            self.go_to(add_months(day, sign))
        else:
            step = {"week": 7, "day": 1}.get(self.view, AGENDA_DAYS)
            self.go_to(day + timedelta(days=step * sign))

    def go_to(self, day: date) -> None:
        self.grid.select(day)  # a new range reloads through range_changed
        if self.view == "agenda":
            self.reload_calendar()

    def show_agenda_from(self, day: date) -> None:
        self.grid.selected = day
        self.set_view("agenda")

    # -- editing -------------------------------------------------------------------------

    def _campaign_row(self) -> int:
        rows = self.campaign_table.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def new_campaign(self) -> None:
        dialog = CampaignDialog(self.store, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.ctx.say("Campaign saved")

    def edit_campaign(self, row: int) -> None:
        campaign_id = self.campaign_model.campaign_id(row)
        if campaign_id is not None:
            CampaignDialog(self.store, campaign_id, parent=self).exec()

    def archive_selected(self) -> None:
        campaign_id = self.campaign_model.campaign_id(self._campaign_row())
        if campaign_id is not None:
            archive_campaign(self.store, campaign_id)
            self.ctx.say("Campaign archived (Ctrl+Z brings it back)")

    def new_touch(self, day: date) -> None:
        campaign = self.campaign_filter.currentData()
        TouchDialog(self.store, day=day, campaign_id=campaign, parent=self).exec()

    def edit_occurrence(self, occurrence: Occurrence) -> None:
        TouchDialog(self.store, occurrence.touch_id, parent=self,
                    occurrence=occurrence.original_start).exec()

    def drop(self, occurrence: Occurrence, day: date) -> None:
        try:
            if occurrence.original_start is None:
                move_to_day(self.store, occurrence, day)
            else:  # one of a series: this one, the following ones, or all?
                scope = ScopeQuestion("Move", occurrence.title, parent=self).ask()
                if scope is None:
                    return
                move_in_series(self.store, occurrence, day, scope)
        except TouchError as exc:
            self.ctx.say(str(exc))
            return
        self.ctx.say(f"Moved “{occurrence.title}” to {day:%a %d %b} (Ctrl+Z to undo)")


@dataclass(frozen=True, slots=True)
class CampaignPanel:
    """What the campaign panel shows: the list with its figures, the nurture status and
    the calendar filter's choices."""
    campaigns: list[Row]
    status: NurtureStatus
    choices: list[Row]


def read_campaigns(store: Store) -> CampaignPanel:
    return CampaignPanel(q.campaign_list(store), nurture_status(store, now_utc()),
                         q.campaign_choices(store))


def fixed_label(label: QLabel, *texts: str) -> None:
    """Size `label` for the widest of `texts`, once. A label whose size may change asks
    its layout to recompute on every setText, and the splitter above then repaints the
    whole page: each month or week switch painted the calendar twice."""
    label.ensurePolished()
    metrics = label.fontMetrics()
    label.setFixedSize(max(metrics.horizontalAdvance(t) for t in texts) + 6,
                       label.sizeHint().height())


def create_page(ctx: AppContext) -> QWidget:
    return MarketingPage(ctx)


__all__ = ["MarketingPage", "create_page"]
