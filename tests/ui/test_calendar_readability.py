"""The month grid can be read: text on every campaign colour the app offers meets WCAG AA
(4.5:1), the kind badges are explained, and a chip's hover shows what it cuts off."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QHelpEvent
from PySide6.QtWidgets import QLabel, QToolButton, QToolTip
from pytestqt.qtbot import QtBot

from sm_desk.core.domain import CAMPAIGN_COLOURS, TOUCH_KIND_LABELS
from sm_desk.core.marketing.campaigns import create_campaign, new_id
from sm_desk.core.marketing.touches import create_touch
from sm_desk.core.store import Store
from sm_desk.ui.marketing.dialogs import CampaignDialog
from sm_desk.ui.marketing.grid import chip_fill, contrast, muted_on, text_on
from tests.ui.test_marketing import _page, _save

WHITE = QColor("white")


@pytest.mark.parametrize("colour", CAMPAIGN_COLOURS)
def test_every_offered_campaign_colour_gives_readable_chips(colour: str) -> None:
    solid = QColor(colour)
    assert contrast(text_on(solid), solid) >= 4.5  # the kind badge
    for alpha in (60, 30):  # chips in the month, and of days from the next month
        tint = chip_fill(solid, WHITE, alpha / 255)
        assert contrast(text_on(tint), tint) >= 4.5  # planned
        assert contrast(muted_on(tint), tint) >= 4.5  # done or skipped: quieter, still AA


def test_a_swatch_click_sets_an_offered_colour(qtbot: QtBot, store: Store) -> None:
    dialog = CampaignDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.name, "Spring push")
    swatch = dialog.findChild(QToolButton, f"swatch_{CAMPAIGN_COLOURS[4][1:]}")
    assert swatch is not None
    qtbot.mouseClick(swatch, Qt.MouseButton.LeftButton)
    _save(qtbot, dialog)
    assert store.scalar("SELECT colour FROM campaigns") == CAMPAIGN_COLOURS[4]


def test_badges_have_a_legend_and_hover_shows_the_whole_touch(qtbot: QtBot,
                                                              store: Store) -> None:
    cid = new_id(create_campaign(store, {"name": "Trade fair", "colour": "#edc948"}),
                 "campaigns")
    title = "Booth at the regional hospitality trade fair, hall 4"
    create_touch(store, {"title": title, "kind": "event", "campaign_id": cid,
                         "start_local": "2026-11-12T16:00:00", "duration_minutes": 120})
    page = _page(qtbot, store)
    legend = page.findChild(QLabel, "kind_legend")
    assert legend is not None and legend.isVisible()
    assert all(label in legend.text() for label in TOUCH_KIND_LABELS.values())
    [chip] = page.grid.items_on(date(2026, 11, 12))
    rect = page.grid.item_rect(chip.key)
    assert rect is not None
    help_event = QHelpEvent(QEvent.Type.ToolTip, rect.center(),
                            page.grid.mapToGlobal(rect.center()))
    page.grid.event(help_event)
    shown = QToolTip.text()
    assert title in shown and "16:00–18:00" in shown and "Event / booth · Trade fair" in shown
