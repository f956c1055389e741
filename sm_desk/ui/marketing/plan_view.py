"""The plan view (months ahead): campaigns as bars over a quarter, half-year or year.

Marketing's horizon is months and quarters (sales looks at this week), so this is
where the owner plans: one row per campaign, grouped by status or audience, touches as
marks, this week marked, each month's spend against the budget underneath. It opens
on the current quarter. Dragging a bar moves the campaign with every touch of it;
dragging an end changes that date; each is one undoable step (core.marketing.plan).

The data is read once (PlanSource) and ranges are cut from memory, so switching
Quarter / Half-year / Year or stepping back and forth queries nothing; a change to
campaigns, touches, rates or settings reads it again (now when shown, else on show).
`mount_plan` puts it into the marketing page's calendar as the "Plan" view.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from sm_desk.core.marketing.campaigns import CampaignError
from sm_desk.core.marketing.plan import (
    GROUPINGS,
    RANGE_LABELS,
    PlanError,
    PlanRange,
    PlanSource,
    plan_range,
    set_campaign_dates,
    shift_campaign,
    this_week,
)
from sm_desk.core.money import numbers_for
from sm_desk.core.profile import load_profile
from sm_desk.core.store import Changes
from sm_desk.ui.context import AppContext
from sm_desk.ui.marketing.plan_timeline import PlanTimeline

if TYPE_CHECKING:
    from sm_desk.ui.marketing.page import MarketingPage

KEYPAD = Qt.KeyboardModifier.KeypadModifier
TABLES = ("campaigns", "touches", "touch_occurrences", "exchange_rates", "settings", "tags")


class PlanView(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.store = ctx, ctx.store
        self.source: PlanSource | None = None
        self.range: PlanRange = plan_range("quarter", date.today())
        self.group_by = "status"
        self.timeline = PlanTimeline()
        self.timeline.shift_requested.connect(self.shift)
        self.timeline.dates_requested.connect(self.set_dates)
        self.timeline.campaign_activated.connect(self.open_campaign)
        self.timeline.step_requested.connect(self.step)
        self.timeline.today_requested.connect(self.go_today)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(self._bar())
        box.addWidget(self.timeline, 1)
        ctx.changed.connect(self._on_changed)

    def _bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.prev_button, self.next_button = QToolButton(), QToolButton()
        for button, text, tip, sign in ((self.prev_button, "◀", "Previous (PageUp)", -1),
                                        (self.next_button, "▶", "Next (PageDown)", 1)):
            button.setText(text)
            button.setToolTip(tip)
            button.clicked.connect(lambda _=False, s=sign: self.step(s))
        today_button = QPushButton("Today")
        today_button.setToolTip("The range holding today (T)")
        today_button.clicked.connect(self.go_today)
        self.title = QLabel()
        self.title.setObjectName("plan_title")
        self.title.setStyleSheet("font-weight: bold; font-size: 15px")
        # its text changes with the range: it must not re-lay out (and repaint) the page
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        for control in (self.prev_button, today_button, self.next_button):
            control.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # a click leaves the keys here
        bar.addWidget(self.prev_button)
        bar.addWidget(today_button)
        bar.addWidget(self.next_button)
        bar.addWidget(self.title, 1)
        self.range_buttons = QButtonGroup(self)
        self.range_button: dict[str, QPushButton] = {}
        for kind, label in RANGE_LABELS.items():
            choice = QPushButton(label)
            choice.setCheckable(True)
            choice.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            choice.setObjectName(f"plan_{kind}")
            choice.setChecked(kind == self.range.kind)
            choice.clicked.connect(lambda _=False, k=kind: self.set_kind(k))
            self.range_buttons.addButton(choice)
            self.range_button[kind] = choice
            bar.addWidget(choice)
        self.group_combo = QComboBox()
        for key, label in GROUPINGS.items():
            self.group_combo.addItem(f"By {label.lower()}", key)
        self.group_combo.currentIndexChanged.connect(
            lambda _: self.set_group(str(self.group_combo.currentData())))
        bar.addWidget(self.group_combo)
        return bar

    # -- loading -------------------------------------------------------------------------

    def reload(self, fresh: bool = False) -> None:
        if self.source is None or fresh:
            self.source = PlanSource(self.store)
        profile = load_profile(self.store)
        today = date.today()
        plan = self.source.plan(self.range, self.group_by)
        self.timeline.set_plan(plan, this_week(today, profile.week_start), today,
                               numbers_for(self.store))
        self.title.setText(f"{self.range.label()} · {len(plan.rows)} campaigns")

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches(*TABLES):
            self.source = None
            if self.isVisible():
                self.reload()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        if self.source is None:
            self.reload()
        super().showEvent(event)

    # -- navigation ----------------------------------------------------------------------

    def set_kind(self, kind: str) -> None:
        today = date.today()
        anchor = today if self.range.first <= today < self.range.end else self.range.first
        self.range = plan_range(kind, anchor)
        for button in self.range_buttons.buttons():
            button.setChecked(button.objectName() == f"plan_{kind}")
        self.reload()

    def set_group(self, group_by: str) -> None:
        self.group_by = group_by
        self.reload()

    def step(self, sign: int) -> None:
        self.range = self.range.step(sign)
        self.reload()

    def go_today(self) -> None:
        self.range = plan_range(self.range.kind, date.today())
        self.reload()

    # -- editing -------------------------------------------------------------------------

    def shift(self, campaign_id: int, days: int) -> None:
        try:
            shift_campaign(self.store, campaign_id, days)
        except PlanError as exc:
            self.ctx.say(str(exc))
            return
        when = f"{abs(days)} day{'' if abs(days) == 1 else 's'} " \
            f"{'later' if days > 0 else 'earlier'}"
        self.ctx.say(f"Moved the campaign and its touches {when} (Ctrl+Z to undo)")

    def set_dates(self, campaign_id: int, start: date, end: date) -> None:
        try:
            set_campaign_dates(self.store, campaign_id, start, end)
        except CampaignError as exc:
            self.ctx.say(str(exc))
            return
        self.ctx.say(f"Campaign dates now {start:%d %b} – {end:%d %b %Y} (Ctrl+Z to undo)")

    def open_campaign(self, campaign_id: int) -> None:
        from sm_desk.ui.marketing.dialogs import CampaignDialog

        if CampaignDialog(self.store, campaign_id, parent=self).exec() == \
                QDialog.DialogCode.Accepted:
            self.ctx.say("Campaign saved")


def _row_of(widget: QWidget) -> list[QWidget]:
    """The widgets sharing `widget`'s row (its layout) in the calendar panel."""
    parent = widget.parentWidget()
    layouts = [parent.layout()] if parent is not None and parent.layout() else []
    while layouts:
        layout = layouts.pop()
        assert layout is not None
        items = [it for i in range(layout.count()) if (it := layout.itemAt(i)) is not None]
        if any(item.widget() is widget for item in items):
            return [w for item in items if (w := item.widget()) is not None]
        layouts.extend(sub for item in items if isinstance(sub := item.layout(), QLayout))
    return [widget]


class PlanKey(QObject):
    """P (no modifier) on the month, week, day or agenda view switches to the plan."""

    def __init__(self, page: MarketingPage) -> None:
        super().__init__(page)
        self.page = page

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and \
                event.key() == Qt.Key.Key_P and not event.modifiers() & ~KEYPAD:
            self.page.set_view("plan")
            return True
        return False


def mount_plan(page: MarketingPage, bar: QHBoxLayout) -> PlanView:
    """Add the plan to the page's calendar: a "Plan" button after the other views in
    `bar`, a page in its stack, and P (while the calendar has focus). In the plan, the
    page's own date controls and filters give way to the plan's."""
    view = PlanView(page.ctx)
    page.stack.addWidget(view)
    button = QPushButton("Plan")
    button.setCheckable(True)
    button.setObjectName("view_plan")
    button.setToolTip("Campaigns months ahead: a quarter, half-year or year (P)")
    button.clicked.connect(lambda: page.set_view("plan"))
    page.view_buttons.addButton(button)
    bar.addWidget(button)
    bar.insertStretch(0)  # the view buttons keep their size while the title is hidden
    keys = PlanKey(page)
    for index in range(page.stack.count()):
        child = page.stack.widget(index)
        if child is not None and child is not view:
            for widget in (child, *child.findChildren(QWidget)):
                widget.installEventFilter(keys)
    hidden = [page.prev_button, page.today_button, page.next_button, page.title, page.jump,
              *_row_of(page.campaign_filter)]

    def follow(_index: int) -> None:
        in_plan = page.stack.currentWidget() is view
        for widget in hidden:
            widget.setVisible(not in_plan)
    page.stack.currentChanged.connect(follow)
    return view


def show_plan(page: MarketingPage, view: PlanView) -> None:
    """What the page's set_view('plan') does."""
    page.view = "plan"
    for button in page.view_buttons.buttons():
        button.setChecked(button.objectName() == "view_plan")
    page.stack.setCurrentWidget(view)
    view.timeline.setFocus()
