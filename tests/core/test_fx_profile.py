"""Exchange rates (latest on or before the date; missing ones named), the business
profile, and `sm-desk settings`."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from sm_desk.cli import main
from sm_desk.core.fx import RateError, Rates, Tally, import_rates_csv, set_rate
from sm_desk.core.profile import ProfileError, is_set_up, load_profile, update_profile
from sm_desk.core.store import Store


def test_the_latest_rate_on_or_before_the_date_is_used(store: Store) -> None:
    set_rate(store, "EUR", "1.10", date(2026, 1, 1))
    set_rate(store, "EUR", "1.20", date(2026, 6, 1))
    rates = Rates.load(store)
    assert rates.convert(100_00, "EUR", date(2026, 5, 31)) == 110_00
    assert rates.convert(100_00, "EUR", date(2026, 6, 1)) == 120_00
    assert rates.convert(100_00, "EUR", date(2025, 12, 31)) is None
    assert rates.convert(100_00, "USD", date(2020, 1, 1)) == 100_00  # home needs no rate


def test_a_currency_without_a_rate_is_named_not_added(store: Store) -> None:
    tally = Tally()
    tally.add("USD", 1000_00)
    tally.add("EUR", 4500_00)
    tally.add("EUR", 4500_00)
    total = Rates.load(store).total(tally, date(2026, 11, 23))
    assert total.minor == 1000_00 and total.count == 1
    assert total.notes() == ["2 EUR deals not counted: no EUR rate"]


def test_conversion_rounds_half_up_into_the_home_currencys_digits(store: Store) -> None:
    update_profile(store, {"currency": "JPY"})
    set_rate(store, "USD", "150.5", date(2026, 1, 1))
    assert Rates.load(store).convert(1_01, "USD", date(2026, 2, 1)) == 152  # 152.005 yen


def test_rates_refuse_nonsense_and_read_a_csv(store: Store) -> None:
    for currency, rate in (("EUR", "0"), ("EUR", "-1"), ("EUR", "1e3"), ("XYZ", "1"),
                           ("USD", "1")):
        with pytest.raises(RateError):
            set_rate(store, currency, rate, date(2026, 1, 1))
    kept, problems = import_rates_csv(
        store, "currency,rate,date\nEUR,1.08,2026-11-01\nGBP,1.27,2026-11-01\nCHF,x,2026-11-01\n"
               "JPY,0.0067,someday\n")
    assert kept == 2
    assert problems == ["line 4: 'x' is not a rate: write how much one unit is worth in the "
                        "home currency, such as 1.08",
                        "line 5: 'someday' is not a date (YYYY-MM-DD)"]


def test_profile_defaults_validation_and_first_launch(store: Store) -> None:
    assert not is_set_up(store)
    profile = load_profile(store)
    assert profile.currency == "USD" and profile.timezone
    update_profile(store, {"currency": "eur", "locale": "de-DE", "country": "de",
                           "week_start": 6, "works_alone": False})
    profile = load_profile(store)
    assert (profile.currency, profile.locale, profile.country, profile.week_start,
            profile.works_alone) == ("EUR", "de_DE", "DE", 6, False)
    assert is_set_up(store)
    for bad in ({"currency": "EURO"}, {"currency": "ZZZ"}, {"locale": "xx_YY"},
                {"country": "Germany"}, {"timezone": "Mars/Base"}, {"week_start": 9}):
        with pytest.raises(ProfileError):
            update_profile(store, bad)
    assert load_profile(store).currency == "EUR"


def test_settings_command_shows_and_sets(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "b.db")
    assert main(["settings", "--db", db, "--set", "currency=EUR", "--set", "locale=de_DE",
                 "--set", "week_start=sunday", "--set", "works_alone=no",
                 "--set", "timezone=Europe/Berlin", "--rate", "USD=0.92@2026-11-01"]) == 0
    out = capsys.readouterr().out
    assert "currency       EUR (Euro)" in out
    assert "week_start     Sunday" in out
    assert "1 USD = 0.92 EUR from 2026-11-01" in out
    assert main(["settings", "--db", db, "--set", "timezone=Mars/Base"]) == 2
    assert "not a known zone" in capsys.readouterr().err
    assert main(["settings", "--db", db, "--set", "colour=red"]) == 2
    assert main(["settings", "--db", db, "--rate", "EUR=1"]) == 2  # the home currency
    store = Store.open(db)
    profile = load_profile(store)
    store.close()
    assert (profile.currency, profile.locale, profile.week_start, profile.timezone) == (
        "EUR", "de_DE", 6, "Europe/Berlin")


def test_settings_command_imports_rates_from_a_csv(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    db, rates = str(tmp_path / "b.db"), tmp_path / "rates.csv"
    rates.write_text("currency,rate,date\nEUR,1.08,2026-11-01\nGBP,one,2026-11-01\n",
                     encoding="utf-8")
    assert main(["settings", "--db", db, "--rates-csv", str(rates)]) == 1  # one line refused
    captured = capsys.readouterr()
    assert "1 EUR = 1.08 USD from 2026-11-01" in captured.out
    assert "1 rate imported" in captured.err and "line 3: 'one' is not a rate" in captured.err
    assert main(["settings", "--db", db, "--rates-csv", str(tmp_path / "none.csv")]) == 4
