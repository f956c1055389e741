"""The deal dialog (issue 21): labels beside their fields, VBANT spelled out, and fields
that do not apply (lost reason, "not now") hidden until the stage is a lost one."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from sm_desk.ui.main_window import MainWindow
from sm_desk.ui.sales.deal_dialog import DealDialog


def _new_deal(window: MainWindow, qtbot: QtBot) -> DealDialog:
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = window.new_dialog
    assert isinstance(dialog, DealDialog)
    qtbot.waitExposed(dialog)
    return dialog


def test_labels_sit_beside_their_fields(window: MainWindow, qtbot: QtBot) -> None:
    dialog = _new_deal(window, qtbot)
    for text, field in (("Expected close", dialog.expected), ("Next step", dialog.next_step),
                        ("Next step due", dialog.next_due), ("Title", dialog.title_edit)):
        label = dialog.grid_labels[text]
        label_mid = label.mapTo(dialog, label.rect().center()).y()
        field_mid = field.mapTo(dialog, field.rect().center()).y()
        assert abs(label_mid - field_mid) <= 4, (text, label_mid, field_mid)
        assert label.mapTo(dialog, label.rect().topRight()).x() < field.mapTo(dialog,
                                                                            field.rect().topLeft()).x()
    dialog.reject()


def test_vbant_is_spelled_out_and_lost_fields_show_only_for_a_lost_stage(
        window: MainWindow, qtbot: QtBot) -> None:
    dialog = _new_deal(window, qtbot)
    assert [c.text() for c in dialog.vbant.values()] == [
        "Vision", "Budget", "Need", "Authority", "Timeframe"]
    assert not dialog.lost_reason.isVisible() and not dialog.nurture.isVisible()
    qtbot.mouseClick(dialog.vbant["need"], Qt.MouseButton.LeftButton)
    assert dialog.score.text() == "Qualified 1 of 5"
    lost = dialog.stage_combo.findText("Lost", Qt.MatchFlag.MatchStartsWith)
    dialog.stage_combo.setCurrentIndex(lost)
    assert dialog.lost_reason.isVisible() and dialog.nurture.isVisible()
    assert dialog.grid_labels["Lost reason"].isVisible()
    dialog.reject()
