"""Changing the home currency and the locale in Business settings: the board and the
report follow, and deals in the old home currency wait for a rate instead of being added."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import Qt

from sm_desk.core.datefmt import date_span
from sm_desk.core.money import format_amount, format_money
from sm_desk.core.report import Week, build_report
from sm_desk.io.report import build_document, render_html
from sm_desk.ui.business_settings_dialog import BusinessSettingsDialog
from sm_desk.ui.exchange_rates_dialog import ExchangeRatesDialog


def _type(qtbot, box, text: str) -> None:  # type: ignore[no-untyped-def]
    box.lineEdit().selectAll()
    qtbot.keyClicks(box.lineEdit(), text)


def test_board_and_report_follow_the_home_currency_and_locale(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    store = window.ctx.store
    page = window.show_workspace("sales")
    won_stage = int(store.scalar("SELECT id FROM stages WHERE name = 'Won'"))
    column = page.board.columns[won_stage]
    usd_won = int(store.scalar("SELECT sum(value_minor) FROM deals WHERE stage_id = ?",
                               [won_stage]))
    n_won = int(store.scalar("SELECT count(*) FROM deals WHERE stage_id = ?", [won_stage]))
    assert format_money(usd_won, "USD", "en_US") in column.totals.text()  # "$12,345.00"

    dialog = BusinessSettingsDialog(window.ctx, window)
    qtbot.addWidget(dialog)
    dialog.show()
    _type(qtbot, dialog.currency, "EUR")
    _type(qtbot, dialog.locale_box, "de_DE")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert store.setting("currency") == "EUR" and store.setting("locale") == "de_DE"

    # The demo's deals are in USD: now a foreign currency with no rate, so not added.
    qtbot.waitUntil(lambda: "0,00\u00a0€" in column.totals.text())
    assert f"{n_won} USD deals not counted: no USD rate" in column.weighted.text()
    assert _text_colour(column.weighted) == "#b35c00"  # the note is orange

    rates = ExchangeRatesDialog(window.ctx, window)
    qtbot.addWidget(rates)
    rates.show()
    _type(qtbot, rates.currency, "USD")
    qtbot.keyClicks(rates.rate, "0.9")
    rates.on_date.setDate(rates.on_date.date().addYears(-5))
    qtbot.mouseClick(rates.add_button, Qt.MouseButton.LeftButton)
    assert store.query("SELECT currency, base, rate FROM exchange_rates") == [
        {"currency": "USD", "base": "EUR", "rate": "0.9"}]

    expected = format_money((usd_won * 9 + 5) // 10, "EUR", "de_DE")  # half up
    qtbot.waitUntil(lambda: expected in column.totals.text())
    assert "not counted" not in column.weighted.text()
    assert _text_colour(column.weighted) == "#7b8794"  # grey again

    report = build_report(store, Week.containing(date.today()).previous())
    assert report.currency == "EUR" and report.left_out == []
    html = render_html(build_document(report, charts=False))
    assert "Revenue won (EUR)" in html
    assert "Weighted pipeline (EUR)" in html
    first, last = report.week.start, report.week.end - timedelta(days=1)
    assert date_span(first, last, "de_DE") in html  # e.g. "16.–22. Nov. 2026"
    weighted = format_amount(report.pipeline.weighted.value, "EUR", "de_DE")
    assert "," in weighted and weighted in html  # "1.234,50": German separators


def _text_colour(label: Any) -> str:
    from PySide6.QtGui import QPalette

    return str(label.palette().color(QPalette.ColorRole.WindowText).name())
