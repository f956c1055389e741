"""The dashboard over the demo business: cards, click-through, first-launch offer, and the
agreement dialog whose changes show at once (stalled count, follow-up due dates)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialogButtonBox

from sm_desk.core.agreement import load_agreement
from sm_desk.core.dashboard import build_dashboard
from sm_desk.core.store import Store
from sm_desk.core.tasks.rules import sync_touch
from sm_desk.ui.agreement.dialog import AgreementDialog
from sm_desk.ui.context import AppContext
from sm_desk.ui.dashboard.page import DashboardPage
from tests.conftest import FIXED_TODAY
from tests.touch_rows import timed


def _page(qtbot, store: Store) -> DashboardPage:  # type: ignore[no-untyped-def]
    page = DashboardPage(AppContext(store), today=lambda: FIXED_TODAY)
    qtbot.addWidget(page)
    page.resize(1100, 800)
    page.show()
    qtbot.waitExposed(page)
    return page


def test_cards_show_the_demo_figures_and_click_through(qtbot, demo_store: Store) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, demo_store)
    data = build_dashboard(demo_store, FIXED_TODAY)
    assert page.cracks_card.number.text() == str(data.cracks_total)
    assert page.stalled_card.number.text() == str(len(data.stalled))
    assert page.touches_card.number.text() == str(len(data.touches_week))
    assert f"{data.tasks_overdue_count} late" in page.today_card.number.text()
    assert page.hat_card.number.text().endswith("% sales")
    for card, target in ((page.today_card, "tasks"), (page.stalled_card, "sales"),
                         (page.touches_card, "marketing"), (page.won_card, "sales")):
        with qtbot.waitSignal(page.ctx.navigate, timeout=1000) as signal:
            qtbot.mouseClick(card, Qt.MouseButton.LeftButton, pos=QPoint(20, 20))
        assert signal.args == [target]
    with qtbot.waitSignal(page.ctx.navigate, timeout=1000) as signal:
        qtbot.mouseClick(page.cracks_card.go_button, Qt.MouseButton.LeftButton)
    assert signal.args == ["tasks"]


def test_offer_disappears_once_an_assessment_exists(qtbot, demo_store: Store) -> None:  # type: ignore[no-untyped-def]
    from sm_desk.core.assessment import load_bank, score
    from sm_desk.core.assessment.service import save_result

    page = _page(qtbot, demo_store)
    assert page.offer.isVisible()
    assert "No self-assessment yet" in page.hat_card.body.itemAt(
        page.hat_card.body.count() - 1).widget().text()
    bank = load_bank()
    save_result(demo_store, score({q.id: q.answers[1].key for q in bank.questions}))
    assert not page.offer.isVisible()  # repainted on ctx.changed
    texts = [page.hat_card.body.itemAt(i).widget().text()
             for i in range(page.hat_card.body.count())]
    assert any("Your self-assessment: Sales-leaning" in t for t in texts)


def test_agreement_dialog_changes_stalled_count_and_follow_up_due(
        qtbot, demo_store: Store) -> None:  # type: ignore[no-untyped-def]
    with demo_store.step("Add newsletter") as step:
        touch = step.insert("touches", {
            "title": "Advent newsletter", "kind": "newsletter",
            **timed("2026-11-26T09:00:00Z"), "uid": "advent",
            "created_at": "2026-11-20T09:00:00Z", "updated_at": "2026-11-20T09:00:00Z"})
        sync_touch(step, touch, FIXED_TODAY)
    reply_due = ("SELECT due FROM tasks WHERE rule = 'newsletter.reply' AND origin_id = ?")
    assert demo_store.scalar(reply_due, [touch]) == "2026-11-28"
    page = _page(qtbot, demo_store)
    before = int(page.stalled_card.number.text())

    dialog = AgreementDialog(page.ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    for spin, value in ((dialog.stalled, "60"), (dialog.follow_up, "96")):
        spin.setFocus()
        spin.selectAll()
        qtbot.keyClicks(spin.lineEdit(), value)
    assert (dialog.stalled.value(), dialog.follow_up.value()) == (60, 96)
    qtbot.mouseClick(dialog.findChild(QDialogButtonBox).button(
        QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)

    agreement = load_agreement(demo_store)
    assert (agreement.stalled_after_days, agreement.follow_up_hours) == (60, 96)
    after = int(page.stalled_card.number.text())
    assert after < before  # fewer deals count as stalled after 60 quiet days than after 14
    assert after == len(build_dashboard(demo_store, FIXED_TODAY).stalled)
    assert "60 days" in page.stalled_card.body.itemAt(
        page.stalled_card.body.count() - 1).widget().text()
    # the newsletter's reply task now counts 96 hours from the send day
    assert demo_store.scalar(reply_due, [touch]) == "2026-11-30"
    demo_store.undo()
    assert int(page.stalled_card.number.text()) == before
    assert demo_store.scalar(reply_due, [touch]) == "2026-11-28"


def test_agreement_dialog_sets_default_assignee_and_targets(qtbot, store: Store) -> None:  # type: ignore[no-untyped-def]
    dialog = AgreementDialog(AppContext(store))
    qtbot.addWidget(dialog)
    dialog.show()
    combo = dialog.assignees["deal.invoice"]
    combo.setCurrentIndex(combo.findText("Me"))
    dialog.vbant["authority"].click()
    dialog.revenue.setText("2,500.00")
    dialog.save()
    agreement = load_agreement(store)
    assert agreement.default_assignees == {"deal.invoice": 1}
    assert agreement.qualified_lead_requires == ["budget", "need", "authority"]
    assert agreement.targets["revenue_won_minor"] == 250000


def test_cards_filled_after_the_first_paint_keep_every_line_readable(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QLabel

    page = window.show_workspace("dashboard")
    qtbot.waitUntil(lambda: page.data is not None)
    qtbot.wait(50)  # layouts settle
    for card in (page.today_card, page.stalled_card, page.hat_card, page.leads_card):
        labels = [lbl for lbl in card.findChildren(QLabel) if lbl.isVisible() and lbl.text()]
        assert len(labels) >= 3
        rects = [QRect(lbl.mapTo(card, QPoint(0, 0)), lbl.size()) for lbl in labels]
        for label, rect in zip(labels, rects, strict=True):
            needed = label.heightForWidth(label.width()) if label.wordWrap() else label.sizeHint().height()
            assert rect.height() >= needed, f"{label.text()!r} is cut off"
        for i, a in enumerate(rects):
            for b in rects[i + 1:]:
                assert not a.intersects(b), "two lines of a card overlap"
