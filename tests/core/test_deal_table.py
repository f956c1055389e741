"""The deal table's queries (core/store/deal_table.py): filters, sorts and totals run in
SQL and give what the table used to compute in Python from every row."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from sm_desk.core.custom_fields import define_field, set_values
from sm_desk.core.money import weighted_minor
from sm_desk.core.sales.deals import create_deal, new_id
from sm_desk.core.store import Store
from sm_desk.core.store import deal_table as q
from sm_desk.core.store.deal_table import DealFilter, DealSort

NOW = datetime(2026, 11, 23, 10, tzinfo=UTC)
TODAY, QUIET = "2026-11-23", "2026-11-09T00:00:00Z"


def ids(store: Store, f: DealFilter = DealFilter(), sort: DealSort = DealSort()) -> list[int]:  # noqa: B008
    return list(q.ordered_ids(store, f, sort, TODAY, QUIET))


@pytest.fixture
def deals(store: Store) -> dict[str, int]:
    with store.step("People") as step:
        acme = step.insert("companies", {"name": "Acme Rockets", "created_at": "2026-11-01",
                                         "updated_at": "2026-11-01"})
        zelda = step.insert("contacts", {"first_name": "Zelda", "last_name": "Quokka",
                                         "email": "zelda@example.com", "company_id": None,
                                         "created_at": "2026-11-01", "updated_at": "2026-11-01"})
    made = {}
    for title, fields in (
            ("Shop fit-out", {"value_minor": 100_00, "probability": 90}),
            ("Website", {"value_minor": 1000_00, "probability": 5, "contact_id": zelda}),
            ("Logo", {"value_minor": 300_00, "company_id": acme}),  # stage default: 10 %
            ("Audit", {"value_minor": 50_00, "currency": "EUR", "probability": 50})):
        made[title] = new_id(create_deal(store, {"title": title, **fields}, NOW))
    return made


def test_a_word_finds_a_deal_by_its_contact_or_company_name(store: Store,
                                                            deals: dict[str, int]) -> None:
    assert ids(store, DealFilter(text="quok")) == [deals["Website"]]  # a prefix of a word
    assert ids(store, DealFilter(text="acme")) == [deals["Logo"]]
    assert ids(store, DealFilter(text="rock acme")) == [deals["Logo"]]  # every word
    assert ids(store, DealFilter(text="acme zelda")) == []
    assert ids(store, DealFilter(text="fit")) == [deals["Shop fit-out"]]  # its own title
    assert ids(store, DealFilter(text="-")) == ids(store)  # nothing to look for: all


def test_a_word_finds_a_custom_value_and_a_written_word_at_once(store: Store,
                                                               deals: dict[str, int]) -> None:
    field = define_field(store, "deals", "Region", "text")
    assert field is not None
    set_values(store, "deals", deals["Audit"], {"Region": "Nordics"})
    assert ids(store, DealFilter(text="nordic")) == [deals["Audit"]]
    create_deal(store, {"title": "Nordic expansion"}, NOW)  # the index is kept by triggers
    assert len(ids(store, DealFilter(text="nordic"))) == 2


def test_sorting_by_weighted_value_is_done_in_sql(store: Store, deals: dict[str, int]) -> None:
    def weighted(title: str) -> int:
        row = store.query_one("SELECT d.value_minor, coalesce(d.probability, s.probability) "
                              "AS p FROM deals d JOIN stages s ON s.id = d.stage_id "
                              "WHERE d.id = ?", [deals[title]])
        assert row is not None
        return weighted_minor(row["value_minor"], row["p"])

    expected = sorted(deals, key=weighted)
    assert ids(store, sort=DealSort("weighted")) == [deals[t] for t in expected]
    assert ids(store, sort=DealSort("weighted", descending=True)) == [
        deals[t] for t in reversed(expected)]
    assert [weighted(t) for t in expected] == [25_00, 30_00, 50_00, 90_00]


def test_every_column_sorts_and_filters_combine(store: Store, deals: dict[str, int]) -> None:
    for key in q.SORT_KEYS:
        for descending in (False, True):
            assert sorted(ids(store, sort=DealSort(key, descending))) == sorted(deals.values())
    assert ids(store, sort=DealSort("title")) == [deals[t] for t in (
        "Audit", "Logo", "Shop fit-out", "Website")]
    assert ids(store, sort=DealSort("contact", True))[0] == deals["Website"]
    interested = int(store.scalar("SELECT id FROM stages WHERE name = 'Interested'"))
    assert ids(store, DealFilter(stage_id=interested, text="logo")) == [deals["Logo"]]
    assert ids(store, DealFilter(stalled=True)) == []  # all made today
    closing = DealFilter(closing=("2026-11-01", "2026-12-01"))
    assert ids(store, closing) == []
    store.conn.execute("UPDATE deals SET expected_close = '2026-11-30' WHERE id = ?",
                       [deals["Logo"]])
    assert ids(store, closing) == [deals["Logo"]]


def test_a_custom_field_sorts_by_number_with_the_empty_ones_last(
        store: Store, deals: dict[str, int]) -> None:
    field = define_field(store, "deals", "Seats", "number")
    field_id = int(store.scalar("SELECT id FROM custom_fields WHERE name = 'Seats'"))
    assert field is not None
    set_values(store, "deals", deals["Logo"], {"Seats": "9"})
    set_values(store, "deals", deals["Audit"], {"Seats": "10"})  # 10 after 9: a number
    order = ids(store, sort=DealSort(f"custom:{field_id}"))
    assert order[:2] == [deals["Logo"], deals["Audit"]]
    assert ids(store, sort=DealSort(f"custom:{field_id}", True))[-2:] == [
        deals["Audit"], deals["Logo"]]


def test_open_weighted_totals_are_an_sql_aggregate_by_currency(
        store: Store, deals: dict[str, int], monkeypatch: pytest.MonkeyPatch) -> None:
    every = q.open_weighted(store, DealFilter(), TODAY, QUIET)
    assert sorted((r["currency"], r["count"], r["weighted"]) for r in every) == [
        ("EUR", 1, 25_00), ("USD", 3, 90_00 + 50_00 + 30_00)]
    # The three ways to the same sums: the filter asked again, the ids read one by one,
    # and (past FEW_IDS) a walk of the covering index keeping the ids.
    for text, expected in (("logo", [{"currency": "USD", "count": 1, "weighted": 30_00}]),
                           ("", every)):
        f = DealFilter(text=text)
        kept = q.ordered_ids(store, f, DealSort(), TODAY, QUIET)
        assert q.open_weighted(store, f, TODAY, QUIET) == expected
        assert q.open_weighted(store, f, TODAY, QUIET, kept) == expected
        monkeypatch.setattr(q, "FEW_IDS", 0)
        assert q.open_weighted(store, f, TODAY, QUIET, kept) == expected
        monkeypatch.undo()


def test_the_migration_adds_the_indexes(store: Store) -> None:
    names = {r["name"] for r in store.query("PRAGMA index_list(deals)")}
    assert {"deals_stage_money", "deals_close_money", "deals_won_money", "deals_unpaid",
            "deals_by_title"} <= names
    plan = " ".join(r["detail"] for r in store.query(
        "EXPLAIN QUERY PLAN SELECT d.id FROM deals d ORDER BY d.title COLLATE NOCASE DESC, "
        "d.id DESC"))
    assert "deals_by_title" in plan and "TEMP B-TREE" not in plan
