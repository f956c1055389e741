"""The weekly report's figures for a hand-built business (see report_sample.py)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from sm_desk.core.report import Figure, Week, WeekError, build_report
from sm_desk.core.report.model import WeeklyReport
from sm_desk.core.store import Store
from tests.core.report_sample import build_sample, local_time_zone

W47 = Week(2026, 47)


@pytest.fixture
def berlin() -> Iterator[None]:
    with local_time_zone("Europe/Berlin"):
        yield


@pytest.fixture
def report(berlin: None, store: Store) -> WeeklyReport:
    build_sample(store)
    return build_report(store, W47)


def named(items: list) -> dict[str, Figure]:  # type: ignore[type-arg]
    return {n.name: n.figure for n in items}


def test_week_boundaries_are_monday_midnight_local_time(berlin: None) -> None:
    assert (W47.start, W47.end) == (date(2026, 11, 16), date(2026, 11, 23))
    assert W47.start_utc == "2026-11-15T23:00:00Z"  # CET is UTC+1
    assert W47.end_utc == "2026-11-22T23:00:00Z"
    summer = Week(2026, 27)  # CEST: UTC+2
    assert summer.start_utc == "2026-06-28T22:00:00Z"


def test_contacts_and_leads_counted_by_local_week(report: WeeklyReport) -> None:
    c = report.contacts
    # Mon 00:30, the subscriber and Sun 23:59:59 are in; Sun 23:30 before, Mon 00:00 after.
    assert c.new_contacts == Figure(3, 1)
    assert c.new_leads == Figure(2, 1)
    assert named(c.leads_by_campaign) == {"Spring <launch> & co": Figure(1, 1),
                                          "No campaign": Figure(1, 0)}


def test_deals_created_advanced_won_lost(report: WeeklyReport) -> None:
    d = report.deals
    assert d.created == Figure(1, 0)
    assert d.advanced == Figure(2, 0)  # D1 moved 1 -> 3, D3 won; D2 went there and back
    assert d.won == Figure(1, 0)
    assert d.won_value == Figure(300000, 0)
    assert d.lost == Figure(1, 1)
    assert named(d.lost_reasons) == {"Price too high": Figure(1, 0)}


def test_open_pipeline_at_the_end_of_each_week(report: WeeklyReport) -> None:
    p = report.pipeline
    by_stage = {s.stage: (s.count, s.value, s.weighted) for s in p.stages}
    assert list(by_stage) == ["Interested", "Engaged", "Evaluating", "Negotiating"]
    # This week: D2 in Engaged at its own 40 %, D1 in Evaluating at the stage's 50 %.
    # Last week: D1 in Interested (from the stage log), D3 and D4 still open (closed later).
    assert by_stage["Interested"] == (Figure(0, 1), Figure(0, 100000), Figure(0, 10000))
    assert by_stage["Engaged"] == (Figure(1, 0), Figure(200000, 0), Figure(80000, 0))
    assert by_stage["Evaluating"] == (Figure(1, 0), Figure(100000, 0), Figure(50000, 0))
    assert by_stage["Negotiating"] == (Figure(0, 2), Figure(0, 350000), Figure(0, 262500))
    assert (p.count, p.value, p.weighted) == (Figure(2, 3), Figure(300000, 450000),
                                              Figure(130000, 272500))


def test_forecast_by_expected_close_month(report: WeeklyReport) -> None:
    f = report.forecast
    assert [(m.month, m.count, m.value, m.weighted) for m in f.months] == [
        (date(2026, 11, 1), 0, 0, 0), (date(2026, 12, 1), 1, 100000, 50000),
        (date(2027, 1, 1), 1, 200000, 80000)]
    assert f.weighted == Figure(130000, 10000)
    assert f.past_expected_close == 0


def test_trend_over_eight_weeks(report: WeeklyReport) -> None:
    assert [t.week.label for t in report.trend][0] == "2026-W40"
    assert [(t.week.number, t.won, t.lost, t.won_value) for t in report.trend[-3:]] == [
        (45, 1, 0, 40000), (46, 0, 1, 0), (47, 1, 1, 300000)]


def test_touches_spend_and_the_next_13_weeks(report: WeeklyReport) -> None:
    t = report.touches
    assert t.done == Figure(2, 2)  # blog + newsletter occurrence / newsletter + social post
    assert t.scheduled == Figure(2, 2)  # the skipped event does not count
    assert named(t.done_by_kind) == {"Blog post": Figure(1, 0), "Newsletter": Figure(1, 1),
                                     "Social post": Figure(0, 1)}
    assert named(t.done_by_campaign) == {"Spring <launch> & co": Figure(2, 1),
                                         "Trade fair": Figure(0, 1)}
    assert report.spend.total == Figure(16000, 6000)
    assert named(report.spend.by_campaign) == {"Spring <launch> & co": Figure(16000, 1000),
                                               "Trade fair": Figure(0, 5000)}
    # Marketing looks 13 weeks ahead (to 22 Feb): the newsletter moved from 24 to 25 Nov,
    # 1 Dec is skipped, the webinar and the 10 Dec ad, then the weekly newsletter on.
    assert [(c.day, c.kind, c.campaign) for c in t.calendar][:3] == [
        (date(2026, 11, 25), "Newsletter", "Spring <launch> & co"),
        (date(2026, 11, 30), "Webinar", "Trade fair"),
        (date(2026, 12, 8), "Newsletter", "Spring <launch> & co")]
    assert t.planned_next == len(t.calendar) == 8
    assert max(c.day for c in t.calendar) < date(2027, 2, 22)
    ahead = report.marketing_ahead
    assert ahead is not None and ahead.touches == 8
    assert [m.month.month for m in ahead.months] == [11, 12, 1, 2]
    assert sum(m.touches for m in ahead.months) == 8


def test_tasks_by_function(report: WeeklyReport) -> None:
    lines = {line.function: line for line in report.tasks.lines}
    sales, marketing, other = lines["Sales"], lines["Marketing"], lines["Unclassified"]
    assert (sales.done, sales.open, sales.unassigned, sales.overdue) == (
        Figure(1, 0), Figure(1, 2), Figure(1, 1), Figure(1, 0))
    assert (marketing.done, marketing.open, marketing.unassigned, marketing.overdue) == (
        Figure(1, 1), Figure(1, 1), Figure(1, 1), Figure(0, 0))
    assert (other.done, other.open, other.unassigned, other.overdue) == (
        Figure(0, 0), Figure(1, 1), Figure(0, 0), Figure(0, 0))


def test_overdue_payments_at_the_end_of_each_week(report: WeeklyReport) -> None:
    p = report.payments
    assert p.count == Figure(1, 1)  # D3 now; D6 last week (paid on 20 Nov)
    assert p.value == Figure(300000, 40000)
    item = p.items[0]
    assert (item.title, item.contact, item.due, item.days_overdue) == (
        "D3 won, unpaid", "Mon0030 Test", date(2026, 11, 21), 2)


def test_hat_balance_against_target_and_latest_assessment(report: WeeklyReport) -> None:
    h = report.hat
    assert report.activities == Figure(2, 1)
    # hours: a call (0.5) + an email (0.25) + a sales task (0.5) / a meeting (1.0)
    assert (h.sales, h.before.sales) == (1.25, 1.0)
    # a blog post (3) + a newsletter (2) done + a marketing task (0.5) / newsletter, social
    # post (0.5) and a marketing task
    assert (h.marketing, h.before.marketing) == (5.5, 3.0)
    assert h.sales_share == pytest.approx(1.25 / 6.75)
    assert h.previous_sales_share == pytest.approx(0.25)
    assert h.target_sales_share == pytest.approx(0.6)
    assert h.assessment is not None and h.assessment.verdict == "Marketing first"
    assert h.assessment.sales_share == pytest.approx(0.3)
    assert not report.is_quiet


def test_undone_stage_move_is_no_advance(berlin: None, store: Store) -> None:
    with store.step("New deal") as step:
        deal = step.insert("deals", {"title": "x", "stage_id": 1, "created_at": CREATED_OLD,
                                     "updated_at": CREATED_OLD})
    with store.step("Move") as step:
        step.update("deals", deal, {"stage_id": 4, "updated_at": "2026-11-18T10:00:00Z"})
    assert build_report(store, W47).deals.advanced == Figure(1, 0)
    store.undo()
    assert build_report(store, W47).deals.advanced == Figure(0, 0)


CREATED_OLD = "2026-10-01T00:00:00Z"


def test_empty_week_is_quiet_and_all_zero(berlin: None, store: Store) -> None:
    report = build_report(store, W47)
    assert report.is_quiet
    assert report.pipeline.count == Figure(0, 0)
    assert report.contacts.leads_by_campaign == []
    assert report.hat.sales_share is None
    assert report.payments.items == []


def test_a_quiet_week_in_a_busy_database(report: WeeklyReport, store: Store) -> None:
    quiet = build_report(store, Week(2026, 30))
    assert quiet.is_quiet


def test_iso_weeks_across_the_year_end() -> None:
    w53 = Week.parse("2026-W53")
    assert (w53.start, w53.end) == (date(2026, 12, 28), date(2027, 1, 4))
    assert Week.parse("2027-W01").previous() == w53
    assert w53.shift(1) == Week(2027, 1)
    assert Week.containing(date(2027, 1, 3)) == w53
    assert Week.last_complete(date(2027, 1, 6)) == w53
    assert w53.span_text == "28 Dec 2026 - 03 Jan 2027"
    with pytest.raises(WeekError, match="2025 has ISO weeks 1 to 52"):
        Week.parse("2025-W53")
    for bad in ("2026-47", "W47", "2026-W", "next week"):
        with pytest.raises(WeekError, match="write it like"):
            Week.parse(bad)


def test_report_for_the_week_spanning_new_year(berlin: None, store: Store) -> None:
    with store.step("Year end") as step:
        step.insert("contacts", {"first_name": "NewYear", "created_at": "2027-01-03T12:00:00Z",
                                 "updated_at": "2027-01-03T12:00:00Z"})
        step.insert("contacts", {"first_name": "Eve", "created_at": "2026-12-27T12:00:00Z",
                                 "updated_at": "2026-12-27T12:00:00Z"})  # W52
        step.insert("deals", {"title": "New Year's deal", "stage_id": 5, "value_minor": 12345,
                              "closed_at": "2027-01-01T12:00:00Z", "created_at": CREATED_OLD,
                              "updated_at": CREATED_OLD})
    w53 = build_report(store, Week(2026, 53))
    assert w53.contacts.new_contacts == Figure(1, 1)
    assert (w53.deals.won, w53.deals.won_value) == (Figure(1, 0), Figure(12345, 0))
    assert [m.month for m in w53.forecast.months] == [
        date(2027, 1, 1), date(2027, 2, 1), date(2027, 3, 1)]
    w01 = build_report(store, Week(2027, 1))
    assert w01.deals.won == Figure(0, 1)  # last week was 2026-W53
    assert w01.trend[-2].week.label == "2026-W53"
