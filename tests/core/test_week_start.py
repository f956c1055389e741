"""The owner's first day of the week: the report, the forecast's "this week" and the
dashboard all begin it there, and the ISO label stays."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sm_desk.core.dashboard import build_dashboard
from sm_desk.core.profile import update_profile
from sm_desk.core.report import Week, build_report
from sm_desk.core.sales.deals import create_deal, move_deal, new_id
from sm_desk.core.sales.pipeline import forecast
from sm_desk.core.store import Store
from sm_desk.io.report import build_document

TODAY = date(2026, 11, 23)  # a Monday
SUNDAY_NOON = datetime(2026, 11, 22, 12).astimezone()  # Sunday Nov 22 where the computer is


def test_weeks_keep_their_iso_label_and_begin_on_the_owners_day() -> None:
    assert Week(2026, 48).start == date(2026, 11, 23)  # Monday
    sunday = Week(2026, 48, 6)
    assert (sunday.start, sunday.end) == (date(2026, 11, 22), date(2026, 11, 29))
    assert Week.containing(date(2026, 11, 28), 6) == sunday  # Saturday: same week
    assert Week.containing(date(2026, 11, 29), 6) == Week(2026, 49, 6)
    assert sunday.previous().start == date(2026, 11, 15)
    assert Week.containing(date(2026, 12, 27), 6).label == "2026-W53"
    assert Week(2027, 1, 6).start == date(2027, 1, 3)
    for first in range(7):  # every week holds its ISO Thursday and starts on the day asked
        week = Week(2026, 48, first)
        assert week.start.weekday() == first and week.start <= date(2026, 11, 26) < week.end


def test_a_sunday_sale_is_this_weeks_when_weeks_start_on_sunday(store: Store) -> None:
    won = int(store.scalar("SELECT id FROM stages WHERE name = 'Won'"))
    deal = new_id(create_deal(store, {"title": "Sunday fair", "value_minor": 500_00},
                              datetime(2026, 11, 2, 9, tzinfo=UTC)))
    move_deal(store, deal, won, SUNDAY_NOON)
    this_week = {p.label: p for p in forecast(store, TODAY).won}["This week"]
    assert this_week.won_minor == 0  # Monday weeks: Sunday belonged to last week
    assert build_report(store, Week(2026, 48)).deals.won_value.value == 0

    update_profile(store, {"week_start": 6})
    this_week = {p.label: p for p in forecast(store, TODAY).won}["This week"]
    assert (this_week.start, this_week.won_minor) == (date(2026, 11, 22), 500_00)
    assert build_dashboard(store, TODAY).won_week_value_minor == 500_00
    report = build_report(store, Week(2026, 48))
    assert report.week.start == date(2026, 11, 22) and report.deals.won_value.value == 500_00
    document = build_document(report, charts=False)
    assert document.subtitle.replace("\u2009", " ") == "Nov 22 – 28, 2026"
    assert "Sunday 00:00 to Sunday 00:00" in document.footer
