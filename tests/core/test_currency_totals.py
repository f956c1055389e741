"""Currencies never add up silently: the board, the forecast, the dashboard and the report
give the same converted total for USD and EUR deals, and name what they left out."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sm_desk.core.dashboard import build_dashboard
from sm_desk.core.fx import delete_rate, set_rate
from sm_desk.core.report import Week, build_report
from sm_desk.core.sales.deals import create_deal, move_deal, new_id
from sm_desk.core.sales.pipeline import forecast, stage_totals
from sm_desk.core.store import Store
from sm_desk.io.report import build_document

TODAY = date(2026, 11, 23)  # Monday of 2026-W48
CREATED = datetime(2026, 11, 2, 9, tzinfo=UTC)
CLOSED = datetime(2026, 11, 24, 15, tzinfo=UTC)  # Tuesday: inside W48 in every zone
WEEK = Week(2026, 48)


def stage(store: Store, name: str) -> int:
    return int(store.scalar("SELECT id FROM stages WHERE name = ?", [name]))


def deal(store: Store, title: str, value: int, currency: str, **fields: object) -> int:
    return new_id(create_deal(store, {"title": title, "value_minor": value,
                                      "currency": currency, **fields}, CREATED))


def mixed_business(store: Store) -> None:
    won = stage(store, "Won")
    for title, value, currency in (("Boston", 1000_00, "USD"), ("Berlin", 4500_00, "EUR"),
                                   ("Munich", 4500_00, "EUR")):
        move_deal(store, deal(store, title, value, currency), won, CLOSED)
    # Open, Interested (10 %), closing this month.
    deal(store, "Open USD", 1000_00, "USD", expected_close="2026-11-30")
    deal(store, "Open EUR", 4500_05, "EUR", expected_close="2026-11-30")


def test_one_rate_gives_one_total_everywhere(store: Store) -> None:
    mixed_business(store)
    rate = set_rate(store, "EUR", "1.10", date(2026, 11, 1))
    won_total = 1000_00 + 2 * 4950_00  # 10,900.00 USD
    weighted_total = 100_00 + round(45000.5 * 1.1)  # 10 %: 450.005 EUR -> 450.01 -> 495.01 USD

    column = stage_totals(store, TODAY)[stage(store, "Won")]
    periods = {p.label: p for p in forecast(store, TODAY).won}
    dashboard = build_dashboard(store, TODAY)
    report = build_report(store, WEEK)
    assert column.value.minor == won_total and column.value.note() == ""
    assert periods["This week"].won_minor == won_total
    assert dashboard.won_week_value_minor == won_total
    assert report.deals.won_value.value == won_total

    interested = stage_totals(store, TODAY)[stage(store, "Interested")]
    month = forecast(store, TODAY).months[0]
    assert interested.weighted.minor == weighted_total == 595_01
    assert month.weighted_minor == weighted_total
    assert report.pipeline.weighted.value == weighted_total
    assert report.forecast.weighted.value == weighted_total
    assert report.left_out == []

    # Without the rate nothing in EUR is added, and every figure says so.
    delete_rate(store, rate)
    column = stage_totals(store, TODAY)[stage(store, "Won")]
    assert column.value.minor == 1000_00
    assert column.value.note() == "2 EUR deals not counted: no EUR rate"
    periods = {p.label: p for p in forecast(store, TODAY).won}
    assert periods["This week"].won_minor == 1000_00
    assert periods["This week"].left_out == ("2 EUR deals not counted: no EUR rate",)
    assert forecast(store, TODAY).months[0].left_out == ("1 EUR deal not counted: no EUR rate",)
    dashboard = build_dashboard(store, TODAY)
    assert dashboard.won_week_value_minor == 1000_00
    assert dashboard.won_total is not None
    assert dashboard.won_total.note() == "2 EUR deals not counted: no EUR rate"
    report = build_report(store, WEEK)
    assert report.deals.won_value.value == 1000_00
    assert "Revenue won: 2 EUR deals not counted: no EUR rate" in report.left_out
    assert "Open pipeline: 1 EUR deal not counted: no EUR rate" in report.left_out
    text = " ".join(p.text for s in build_document(report, charts=False).sections
                    for p in s.blocks if hasattr(p, "text"))
    assert "Not in the totals: Revenue won: 2 EUR deals not counted: no EUR rate." in text


def test_a_rate_dated_after_the_figure_is_not_used(store: Store) -> None:
    mixed_business(store)
    set_rate(store, "EUR", "1.10", date(2026, 12, 1))
    column = stage_totals(store, TODAY)[stage(store, "Won")]
    assert column.value.minor == 1000_00
    assert column.value.note() == ("2 EUR deals not counted: no EUR rate on or before "
                                   "this date")


def test_weighted_value_is_the_same_cent_on_the_sales_page_and_in_the_report(
        store: Store) -> None:
    # 12,345 cents at 50 % is 6,172.5: half up gives 6,173 on every page.
    deal(store, "Half a cent", 123_45, "USD", probability=50, expected_close="2026-11-30")
    from sm_desk.core.store import sales as queries

    row = queries.table_rows(store, TODAY.isoformat(), "2026-01-01T00:00:00Z")[0]
    assert row["weighted"] == 61_73
    assert stage_totals(store, TODAY)[stage(store, "Interested")].weighted.minor == 61_73
    assert forecast(store, TODAY).months[0].weighted_minor == 61_73
    assert build_report(store, WEEK).pipeline.weighted.value == 61_73
