"""The dashboard's targets card and hat card: the same figures as the core, explained."""

from __future__ import annotations

from sm_desk.core.dashboard import build_dashboard
from sm_desk.core.report.hats import EXPLAINED
from sm_desk.core.store import Store
from sm_desk.ui.context import AppContext
from sm_desk.ui.dashboard.page import DashboardPage
from sm_desk.ui.dashboard.targets import sparkline
from tests.conftest import FIXED_TODAY


def _texts(card) -> list[str]:  # type: ignore[no-untyped-def]
    return [card.body.itemAt(i).widget().text() for i in range(card.body.count())]


def test_targets_card_and_hat_hours_on_the_demo(qtbot, demo_store: Store) -> None:  # type: ignore[no-untyped-def]
    page = DashboardPage(AppContext(demo_store), today=lambda: FIXED_TODAY)
    qtbot.addWidget(page)
    data = build_dashboard(demo_store, FIXED_TODAY)
    assert data.targets is not None
    met = sum(line.actual >= line.target for line in data.targets.lines if line.target > 0)
    set_count = sum(line.target > 0 for line in data.targets.lines)
    assert page.targets_card.number.text() == f"{met} of {set_count} met"
    lines = _texts(page.targets_card)
    leads = data.targets.line("leads_created")
    assert lines[0].startswith(f"New leads: {leads.actual} of {leads.target}")
    assert lines[0].endswith(sparkline(leads.weeks))
    hat = _texts(page.hat_card)
    week = data.hat.this_week
    assert week is not None
    assert any(f"sales {week.sales:g} h, marketing {week.marketing:g} h" in t for t in hat)
    assert any(EXPLAINED in t for t in hat)


def test_sparkline_scales_to_the_largest_week() -> None:
    assert sparkline((0, 0)) == "▁▁"
    assert sparkline((0, 7, 14)) == "▁▅█"


def test_hat_bars_leave_room_for_every_weeks_hours(qtbot, demo_store: Store) -> None:  # type: ignore[no-untyped-def]
    from sm_desk.ui.dashboard.cards import HatBars

    page = DashboardPage(AppContext(demo_store), today=lambda: FIXED_TODAY)
    qtbot.addWidget(page)
    bars = page.findChild(HatBars)
    assert bars is not None and bars.count_texts()
    metrics = bars.fontMetrics()
    # the text column is as wide as its widest line ("14.75 h / 4.5 h" was cut at 70 px)
    assert all(metrics.horizontalAdvance(t) + 6 <= bars.count_width()
               for t in bars.count_texts())
