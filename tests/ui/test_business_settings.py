"""Tools > Business settings and Tools > Exchange rates, typed into as the owner would."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from sm_desk.core.profile import load_profile
from sm_desk.core.store import Store
from sm_desk.ui.business_settings_dialog import BusinessSettingsDialog
from sm_desk.ui.context import AppContext
from sm_desk.ui.exchange_rates_dialog import ExchangeRatesDialog


def _type(qtbot, box, text: str) -> None:  # type: ignore[no-untyped-def]
    box.lineEdit().selectAll()
    qtbot.keyClicks(box.lineEdit(), text)


def test_settings_dialog_saves_what_was_typed(qtbot, store: Store) -> None:  # type: ignore[no-untyped-def]
    dialog = BusinessSettingsDialog(AppContext(store), first_launch=True)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.name, "Baeckerei Mueller")
    _type(qtbot, dialog.currency, "EUR")
    _type(qtbot, dialog.country, "DE")
    _type(qtbot, dialog.zone, "Europe/Berlin")
    _type(qtbot, dialog.locale_box, "de_DE")
    dialog.week_start.setCurrentIndex(6)
    qtbot.mouseClick(dialog.helpers, Qt.MouseButton.LeftButton)
    assert "1.234.567,89" in dialog.preview.text() and "€" in dialog.preview.text()
    dialog.save()
    profile = load_profile(store)
    assert (profile.business_name, profile.currency, profile.country, profile.timezone,
            profile.locale, profile.week_start, profile.works_alone) == (
        "Baeckerei Mueller", "EUR", "DE", "Europe/Berlin", "de_DE", 6, False)
    assert store.setting("profile_saved") is True


def test_settings_dialog_refuses_a_zone_that_does_not_exist(qtbot, store: Store) -> None:  # type: ignore[no-untyped-def]
    dialog = BusinessSettingsDialog(AppContext(store))
    qtbot.addWidget(dialog)
    dialog.show()
    _type(qtbot, dialog.zone, "Mars/Olympus")
    dialog.save()
    assert "not a known zone" in dialog.problem.text()
    assert dialog.isVisible()
    assert store.setting("timezone") is None


def test_rates_dialog_adds_refuses_and_names_what_is_missing(qtbot, store: Store) -> None:  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    from sm_desk.core.sales.deals import create_deal

    now = datetime(2026, 11, 2, 9, tzinfo=UTC)
    create_deal(store, {"title": "Berlin", "value_minor": 4500_00, "currency": "EUR"}, now)
    create_deal(store, {"title": "Tokyo", "value_minor": 90000, "currency": "JPY"}, now)
    dialog = ExchangeRatesDialog(AppContext(store))
    qtbot.addWidget(dialog)
    dialog.show()
    assert "EUR, JPY" in dialog.missing.text()
    _type(qtbot, dialog.currency, "EUR")
    qtbot.keyClicks(dialog.rate, "abc")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert "is not a rate" in dialog.problem.text()
    dialog.rate.clear()
    qtbot.keyClicks(dialog.rate, "1.08")
    qtbot.keyClick(dialog.rate, Qt.Key.Key_Return)
    assert dialog.problem.text() == ""
    rows = store.query("SELECT currency, base, rate, on_date FROM exchange_rates")
    assert rows == [{"currency": "EUR", "base": "USD", "rate": "1.08",
                     "on_date": date.today().isoformat()}]
    assert dialog.table.rowCount() == 1 and dialog.table.item(0, 1).text() == "1.08"
    assert "JPY" in dialog.missing.text() and "EUR" not in dialog.missing.text()


def test_first_launch_asks_for_the_profile_until_it_is_saved(qtbot, store: Store) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication, QLabel

    from sm_desk.ui.dashboard.page import DashboardPage

    page = DashboardPage(AppContext(store), today=lambda: date(2026, 11, 23))
    qtbot.addWidget(page)
    page.show()
    assert page.setup.isVisible() and not page.offer.isVisible()
    qtbot.mouseClick(page.setup_button, Qt.MouseButton.LeftButton)
    dialog = next(w for w in QApplication.topLevelWidgets()
                  if isinstance(w, BusinessSettingsDialog) and w.isVisible())
    assert any("Welcome" in label.text() for label in dialog.findChildren(QLabel))
    _type(qtbot, dialog.currency, "JPY")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert load_profile(store).currency == "JPY"
    qtbot.waitUntil(lambda: not page.setup.isVisible())
    assert any(label.text() == "0 · ¥0" for label in page.won_card.findChildren(QLabel))


def test_a_deal_in_a_currency_without_a_rate_says_so_while_typing(qtbot, store: Store) -> None:  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    from sm_desk.core.fx import set_rate
    from sm_desk.ui.sales.deal_dialog import DealDialog

    today = date(2026, 11, 23)
    set_rate(store, "GBP", "1.27", date(2026, 11, 1))
    dialog = DealDialog(store, today, lambda: datetime(2026, 11, 23, 9, tzinfo=UTC))
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.rate_hint.isVisible()  # USD, the home currency
    dialog.currency_edit.clear()
    qtbot.keyClicks(dialog.currency_edit, "eur")
    assert dialog.rate_hint.isVisible()
    assert dialog.rate_hint.text().startswith("No EUR rate yet: left out of totals")
    dialog.currency_edit.clear()
    qtbot.keyClicks(dialog.currency_edit, "GBP")
    assert not dialog.rate_hint.isVisible()  # a rate on or before today exists
    qtbot.keyClicks(dialog.title_edit, "London stand")
    qtbot.keyClicks(dialog.value_edit, "1,234.5")
    assert dialog.fields()["value_minor"] == 1234_50 and dialog.fields()["currency"] == "GBP"
