"""The stalled rule and the forecast, with fixed dates."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sm_desk.core.agreement import load_agreement, save_agreement
from sm_desk.core.sales.activities import log_activity
from sm_desk.core.sales.deals import create_deal, move_deal, new_id
from sm_desk.core.sales.pipeline import effective_probability, forecast, stalled_deal_ids
from sm_desk.core.store import Store

TODAY = date(2026, 11, 23)  # a Monday
NOW = datetime(2026, 11, 23, 10, tzinfo=UTC)
LONG_AGO = datetime(2026, 10, 1, 9, tzinfo=UTC)


def stage(store: Store, name: str) -> int:
    return int(store.scalar("SELECT id FROM stages WHERE name = ?", [name]))


def deal(store: Store, title: str, created: datetime = LONG_AGO, **fields: object) -> int:
    return new_id(create_deal(store, {"title": title, **fields}, created))


def test_stalled_means_quiet_for_n_days_and_nothing_planned(store: Store) -> None:
    quiet = deal(store, "Quiet")
    planned = deal(store, "Planned", next_step="Call", next_step_due="2026-11-23")
    overdue_step = deal(store, "Missed step", next_step="Call", next_step_due="2026-11-20")
    active = deal(store, "Active")
    log_activity(store, "call", "Hi", datetime(2026, 11, 16, 9, tzinfo=UTC), NOW, deal_id=active)
    fresh = deal(store, "Fresh", created=datetime(2026, 11, 20, 9, tzinfo=UTC))
    won = deal(store, "Won long ago")
    move_deal(store, won, stage(store, "Won"), LONG_AGO)
    assert stalled_deal_ids(store, TODAY) == [quiet, overdue_step]
    assert planned not in stalled_deal_ids(store, TODAY)
    # The agreement's N: at 5 days the deal touched a week ago is stalled too.
    agreement = load_agreement(store)
    agreement.stalled_after_days = 5
    save_agreement(store, agreement)
    assert stalled_deal_ids(store, TODAY) == [quiet, overdue_step, active]
    assert fresh not in stalled_deal_ids(store, TODAY)


def test_forecast_weights_by_close_month_for_three_months(store: Store) -> None:
    # Interested 10 %, Evaluating 50 %; the deal's own probability wins when set.
    deal(store, "Nov", value_minor=100_000, expected_close="2026-11-30")  # 10 % -> 10,000
    deal(store, "Nov own", value_minor=100_000, expected_close="2026-11-02", probability=80)
    evaluating = deal(store, "Dec", value_minor=200_000, expected_close="2026-12-15")
    move_deal(store, evaluating, stage(store, "Evaluating"), NOW)  # 50 % -> 100,000
    deal(store, "Feb: beyond", value_minor=999_900, expected_close="2027-02-01")
    deal(store, "Past", value_minor=50_000, expected_close="2026-10-15")  # overdue
    lost = deal(store, "Lost", value_minor=70_000, expected_close="2026-11-10")
    move_deal(store, lost, stage(store, "Lost"), NOW, lost_reason="Price")
    result = forecast(store, TODAY)
    assert [(m.month, m.count, m.weighted_minor) for m in result.months] == [
        (date(2026, 11, 1), 2, 90_000), (date(2026, 12, 1), 1, 100_000),
        (date(2027, 1, 1), 0, 0)]
    assert (result.overdue_count, result.overdue_weighted_minor) == (1, 5_000)
    assert effective_probability(None, 50) == 50 and effective_probability(0, 50) == 0


def test_won_this_week_month_quarter_against_target(store: Store) -> None:
    agreement = load_agreement(store)
    agreement.targets["revenue_won_minor"] = 100_000  # per week
    save_agreement(store, agreement)
    won = stage(store, "Won")
    for title, value, closed in (("This week", 30_000, datetime(2026, 11, 24, 9, tzinfo=UTC)),
                                 ("Last week", 20_000, datetime(2026, 11, 18, 9, tzinfo=UTC)),
                                 ("October", 40_000, datetime(2026, 10, 5, 9, tzinfo=UTC)),
                                 ("September", 80_000, datetime(2026, 9, 30, 9, tzinfo=UTC))):
        move_deal(store, deal(store, title, value_minor=value), won, closed)
    periods = {p.label: p for p in forecast(store, TODAY).won}
    assert periods["This week"].won_minor == 30_000
    assert periods["This month"].won_minor == 50_000
    assert periods["This quarter"].won_minor == 90_000
    assert periods["This week"].target_minor == 100_000
    assert periods["This quarter"].target_minor == 1_300_000
    assert periods["This month"].start == date(2026, 11, 1)
