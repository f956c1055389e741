"""The Dashboard workspace: what needs you today, the cracks, stalled deals, this week's
touches and wins, and the hat balance. Every card clicks through to its workspace."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from sm_desk.core import clock
from sm_desk.core.store import Changes
from sm_desk.ui.context import AppContext
from sm_desk.ui.dashboard.cards import CARD_STYLE, Card, HatBars
from sm_desk.ui.dashboard.checklist import mount_checklist
from sm_desk.ui.dashboard.targets import card_text as targets_card_text
from sm_desk.ui.insights.dashboard_card import show_best_leads

if TYPE_CHECKING:
    from PySide6.QtGui import QShowEvent

    from sm_desk.core.dashboard import Dashboard
    from sm_desk.ui.dashboard.worker import DashboardBuilder

WATCHED = ("tasks", "deals", "stages", "touches", "touch_occurrences", "activities",
           "assessments", "settings", "people", "exchange_rates")
ORIGIN_LABELS = {"touch": "from touches", "deal": "from deals", "contact": "from contacts",
                 "manual": "made by hand"}
FUNCTION_MARK = {"sales": "[S]", "marketing": "[M]", None: "[?]"}


def _touch_day(touch: dict[str, object]) -> date:
    """The local day a touch falls on (the calendar's own, when it gives one)."""
    day = touch.get("day")
    if isinstance(day, date):
        return day
    return clock.from_iso(str(touch["starts_at"])).astimezone().date()


def _task_line(task: dict[str, object]) -> str:
    who = task.get("assignee") or "unassigned"
    # "· Sam (part-time helper)", not "(Sam (part-time helper))": a name may hold brackets.
    return f"{FUNCTION_MARK.get(task.get('function'), '[?]')} {task['title']} · {who}"  # type: ignore[call-overload]


class DashboardPage(QWidget):
    def __init__(self, ctx: AppContext, today: Callable[[], date] = clock.today,
                 parent: QWidget | None = None, defer: bool = False) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._today = today
        self.data: Dashboard | None = None
        self.setStyleSheet(CARD_STYLE)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(scroll)
        body = QWidget()
        body.setObjectName("dashBody")
        scroll.setWidget(body)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.setSpacing(12)

        head = QHBoxLayout()
        self.heading = QLabel("Dashboard")
        self.heading.setObjectName("pageTitle")
        head.addWidget(self.heading, 1)
        self.agreement_button = QPushButton("Sales–marketing &agreement…")
        self.agreement_button.clicked.connect(self.open_agreement)
        self.assess_button = QPushButton("Are you sales or &marketing?…")
        self.assess_button.clicked.connect(self.open_wizard)
        head.addWidget(self.agreement_button)
        head.addWidget(self.assess_button)
        layout.addLayout(head)

        self.offer = QFrame()
        self.offer.setObjectName("assessOffer")
        offer_row = QHBoxLayout(self.offer)
        offer_text = QLabel(
            "Almost nobody is good at both sales and marketing, and the weaker half quietly "
            "starves. Five minutes of questions show which half that is for you, and what "
            "to hand to a helper.")
        offer_text.setObjectName("cardLine")
        offer_text.setWordWrap(True)
        offer_row.addWidget(offer_text, 1)
        self.offer_button = QPushButton("Take the self-assessment")
        self.offer_button.clicked.connect(self.open_wizard)
        offer_row.addWidget(self.offer_button)
        layout.addWidget(self.offer)
        self.setup = self._setup_banner()
        layout.addWidget(self.setup)
        mount_checklist(self, layout)  # the first hour: four steps that tick themselves off

        go = self.ctx.navigate.emit
        self.today_card = Card("Today's tasks", "tasks", "Open Tasks →", go)
        self.cracks_card = Card("Cracks: tasks nobody owns or classified", "tasks", "Assign in Tasks →", go)
        self.stalled_card = Card("Stalled deals", "sales", "Open Sales →", go)
        self.touches_card = Card("This week's touches", "marketing", "Open Marketing →", go)
        self.won_card = Card("Won this week", "sales", "Open Sales →", go)
        self.hat_card = Card("Hat balance, last 4 weeks", "tasks", "See the work in Tasks →", go)
        self.leads_card = Card("Best leads to call today", "sales", "Open Sales →", go)
        self.targets_card = Card("Weekly targets", "reports", "Open Reports →", go)
        self.hat_bars = HatBars()
        card_layout = self.hat_card.layout()
        assert isinstance(card_layout, QVBoxLayout)
        card_layout.insertWidget(2, self.hat_bars)
        grid = QGridLayout()
        grid.setSpacing(12)
        for i, card in enumerate((self.today_card, self.cracks_card, self.stalled_card,
                                  self.touches_card, self.won_card, self.hat_card,
                                  self.leads_card, self.targets_card)):
            card.setMinimumWidth(260)
            grid.addWidget(card, i // 3, i % 3)
        for column in range(3):
            grid.setColumnStretch(column, 1)
        layout.addLayout(grid)
        layout.addStretch(1)
        self._dirty = False
        self._builder: DashboardBuilder | None = None
        ctx.changed.connect(self._on_changed)
        if defer:  # at start-up: paint the window first, fill the cards right after
            ctx.after_first_paint(self.request_refresh)
        else:
            self.refresh()

    # -- data --------------------------------------------------------------------------

    def _on_changed(self, changes: Changes) -> None:
        if not changes.touches(*WATCHED):
            return
        if self.isVisible():
            self.request_refresh()
        else:  # another workspace is shown: read the figures when this one is again
            self._dirty = True

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        if self._dirty:
            self.request_refresh()
        super().showEvent(event)

    def request_refresh(self) -> None:
        """Refresh the cards: for a database file the figures are read by a thread
        (worker.py) and shown when they arrive; in memory, at once."""
        store = self.ctx.store
        if store.closed:  # a deferred first fill after the window closed
            return
        self._dirty = False
        if store.path is None:
            self.refresh()
            return
        if self._builder is None:
            from sm_desk.ui.dashboard.worker import DashboardBuilder

            self._builder = DashboardBuilder(store.path, self)
            self._builder.built.connect(self._on_built)
            builder = self._builder
            # closing the window deletes the page before it closes the store
            self.destroyed.connect(lambda _=None: builder.cancel())
        self._builder.request(self._today())

    def _on_built(self, result: object) -> None:
        if self.ctx.store.closed:
            return
        if isinstance(result, Exception):  # e.g. the file was busy: read it here instead
            self.refresh()
            return
        self.show_data(result)  # type: ignore[arg-type]

    def refresh(self) -> None:
        """Read the figures on this thread and show them."""
        store = self.ctx.store
        if store.closed:  # a deferred first fill after the window closed
            return
        # Imported here: the page is built before the first paint, its data after it.
        from sm_desk.core.dashboard import build_dashboard

        self._dirty = False
        self.show_data(build_dashboard(store, self._today()))

    def show_data(self, data: Dashboard) -> None:
        from sm_desk.core.datefmt import full_date, short_date, weekday_day
        from sm_desk.core.profile import is_set_up
        from sm_desk.ui import numbers as ui_numbers

        store = self.ctx.store
        self.data = data
        numbers = ui_numbers.refresh(store)
        self.heading.setText(f"Dashboard · {full_date(data.today, numbers.locale)}")
        first_launch = not is_set_up(store)
        self.setup.setVisible(first_launch)
        self.offer.setVisible(not data.has_assessment and not first_launch)  # one ask at a time

        late = data.tasks_overdue_count
        self.today_card.set_number(f"{data.tasks_today_count} today · {late} late",
                                   alert=late > 0)
        lines = ["Today: " + _task_line(t) for t in data.tasks_today[:3]]
        lines += [f"{short_date(date.fromisoformat(str(t['due'])), numbers.locale, data.today)}"
                  ": " + _task_line(t)
                  for t in data.tasks_overdue[:3]]
        self.today_card.set_lines(lines or ["Nothing due. A good day to plan ahead."],
                                  "[S] sales · [M] marketing · [?] not classified")

        self.cracks_card.set_number(str(data.cracks_total), alert=data.cracks_total > 0)
        self.cracks_card.set_lines(
            [f"{n} {ORIGIN_LABELS.get(origin, origin)}" for origin, n in data.cracks.items()]
            or ["Every open task has an owner."],
            "Boundary tasks fall between the hats unless someone owns them.")

        days = data.agreement.stalled_after_days
        self.stalled_card.set_number(str(len(data.stalled)), alert=bool(data.stalled))
        self.stalled_card.set_lines(
            [f"{d['title']} · {(data.today - clock.from_iso(str(d['quiet_since'])).date()).days}"
             " days quiet" for d in data.stalled[:4]]
            + ([f"…and {len(data.stalled) - 4} more"] if len(data.stalled) > 4 else []),
            f"No activity for {days} days and no next step ahead (your agreement).")

        self.touches_card.set_number(str(len(data.touches_week)))
        self.touches_card.set_lines(
            [f"{weekday_day(_touch_day(t), numbers.locale)}  {t['title']}"
             for t in data.touches_week[:5]]
            + ([f"…and {len(data.touches_week) - 5} more"] if len(data.touches_week) > 5 else [])
            or ["Nothing goes out this week."],
            f"Weekly target: {data.agreement.targets.get('touches_sent', 0)} touches sent. "
            f"Marketing looks ahead: {data.planned_ahead} planned in the next 13 weeks.")

        self.won_card.set_number(
            f"{len(data.won_week)} · {numbers.money(data.won_week_value_minor)}")
        note = data.won_total.note() if data.won_total else ""
        self.won_card.set_lines([d["title"] for d in data.won_week[:4]]
                                or ["No deal won yet this week."], note)

        self._show_hat(data)
        show_best_leads(self.leads_card, data.best_leads)
        if data.targets is not None:
            headline, lines, note = targets_card_text(data.targets, numbers.money)
            self.targets_card.set_number(headline)
            self.targets_card.set_lines(lines, note)

    def _show_hat(self, data: Dashboard) -> None:
        from sm_desk.core.assessment.scoring import VERDICT_LABELS

        hat = data.hat
        self.hat_bars.set_balance(hat)
        share = hat.sales_share
        target = "agreement's target"
        if share is None:
            self.hat_card.set_number("No work done yet")
        else:
            self.hat_card.set_number(f"{share:.0%} sales", alert=hat.starving is not None)
        week = hat.this_week
        lines = [f"The {target} is {hat.target_sales_share:.0%} sales."]
        if week is not None:
            lines.append(f"This week: sales {week.sales:g} h, marketing {week.marketing:g} h.")
        lines.append(f"{hat.explained} Orange: sales. Blue: marketing. Dashed: the agreed share.")
        if hat.starving:
            lines.append(f"{hat.starving.capitalize()} is getting too little.")
        note = ("Your self-assessment: "
                f"{VERDICT_LABELS.get(hat.assessment_verdict, hat.assessment_verdict)} "
                f"(sales {hat.assessment_sales:g}, marketing {hat.assessment_marketing:g})."
                if hat.assessment_verdict else "No self-assessment yet.")
        self.hat_card.set_lines(lines, note)

    # -- first launch ------------------------------------------------------------------

    def _setup_banner(self) -> QFrame:
        banner = QFrame()
        banner.setObjectName("assessOffer")
        row = QHBoxLayout(banner)
        text = QLabel("First, tell SM Desk about your business: your currency, country, time "
                      "zone and how you write numbers and dates. Until then it guesses from "
                      "this computer.")
        text.setObjectName("cardLine")
        text.setWordWrap(True)
        row.addWidget(text, 1)
        self.setup_button = QPushButton("Set up my &business…")
        self.setup_button.clicked.connect(self.open_business_settings)
        row.addWidget(self.setup_button)
        banner.setVisible(False)
        return banner

    def open_business_settings(self) -> None:
        from sm_desk.ui.business_settings_dialog import open_business_settings

        open_business_settings(self.ctx, self.window(), first_launch=True)

    # -- actions -----------------------------------------------------------------------

    def open_wizard(self) -> None:
        from sm_desk.ui.assessment.wizard import open_wizard

        open_wizard(self.ctx, self.window())

    def open_agreement(self) -> None:
        from sm_desk.ui.agreement.dialog import open_agreement_dialog

        open_agreement_dialog(self.ctx, self.window())


def create_page(ctx: AppContext) -> QWidget:
    return DashboardPage(ctx, defer=True)
