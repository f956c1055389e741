"""The hats talk, as a user would do it: log an objection on a deal with the keyboard,
see it in marketing's Insights view, link it to the touch that answers it, add the
collateral that answers it, find it suggested on the deal and send it; hand a
qualified lead to sales and get it back as "not now", into the nurture segment."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices

from sm_desk.core.store import Store
from sm_desk.ui.context import AppContext
from tests.core.test_handoffs import add_contact, add_deal, add_touch

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@pytest.fixture
def ctx(store: Store) -> AppContext:
    return AppContext(store)


def sales_page(qtbot: Any, ctx: AppContext) -> Any:
    from sm_desk.ui.sales.page import SalesPage

    page = SalesPage(ctx, today=lambda: TODAY, now=lambda: NOW)
    qtbot.addWidget(page)
    page.show()
    return page


def marketing_page(qtbot: Any, ctx: AppContext) -> Any:
    from sm_desk.ui.marketing.page import MarketingPage

    page = MarketingPage(ctx)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    return page


def test_objection_to_answer_to_collateral_sent(qtbot: Any, ctx: AppContext, store: Store,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    contact = add_contact(store, "Ada")
    deal = add_deal(store, "Bakery website", contact, stage="Evaluating")
    add_touch(store, "Pricing FAQ", "2026-11-10T10:00:00Z")
    sales = sales_page(qtbot, ctx)

    # sales: open the deal, Ctrl+I, type the quote and the tag, Enter
    dialog = sales.edit_deal(deal)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClick(dialog.title_edit, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    said = dialog.handoff_panel.insight_dialog
    assert said is not None and said.isVisible()
    assert said.kind.currentData() == "objection"  # preselected
    qtbot.keyClicks(said.quote, "Too expensive for a bakery")
    qtbot.keyClick(said.quote, Qt.Key.Key_Tab)
    qtbot.keyClicks(said.tags, "Price")
    qtbot.keyClick(said.tags, Qt.Key.Key_Return)
    row = store.query_one("SELECT i.*, t.tag FROM insights i JOIN insight_tags t "
                          "ON t.insight_id = i.id")
    assert row is not None
    assert (row["kind"], row["quote"], row["tag"], row["deal_id"]) == (
        "objection", "Too expensive for a bakery", "price", deal)
    assert "Too expensive for a bakery" in dialog.handoff_panel.insights.item(0).text()
    dialog.reject()

    # marketing: the Insights view shows it with the deal it came from
    marketing = marketing_page(qtbot, ctx)
    marketing.tabs.setCurrentWidget(marketing.insights_view)
    view = marketing.insights_view
    assert view.select_group("objection", "price")
    assert [(q["quote"], q["deal"]) for q in view.quotes.rows] == [
        ("Too expensive for a bakery", "Bakery website")]
    assert view.quotes.data(view.quotes.index(0, 5)) == "— unanswered —"

    # link it to the touch that answers it
    qtbot.mouseClick(view.answer_button, Qt.MouseButton.LeftButton)
    assert view.dialog is not None and view.dialog.pick_text("Pricing FAQ")
    view.dialog.accept()
    touch = store.scalar("SELECT answered_by_touch_id FROM insights")
    assert touch == store.scalar("SELECT id FROM touches WHERE title = 'Pricing FAQ'")
    assert view.quotes.data(view.quotes.index(0, 5)).startswith("Blog post “Pricing FAQ”")

    # add collateral that answers it
    collateral = marketing.collateral_view
    marketing.tabs.setCurrentWidget(collateral)
    assert any(collateral.uncovered.item(i).text().startswith("price")
               for i in range(collateral.uncovered.count()))  # an objection with no answer
    qtbot.mouseClick(collateral.new_button, Qt.MouseButton.LeftButton)
    form = collateral.dialog
    qtbot.keyClicks(form.title, "Price sheet 2026")
    form.kind.setCurrentIndex(form.kind.findData("price_sheet"))
    qtbot.keyClicks(form.location, "https://example.com/prices.pdf")
    qtbot.keyClicks(form.tags, "price")
    qtbot.keyClick(form.tags, Qt.Key.Key_Return)
    assert store.scalar("SELECT title FROM collateral") == "Price sheet 2026"
    assert collateral.model.rows[0]["tags"] == "price"

    # sales: open the deal again, the collateral is suggested; send it
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    dialog = sales.edit_deal(deal)
    panel = dialog.handoff_panel
    assert panel.suggested.count() == 1
    assert panel.suggested.item(0).text().startswith("Price sheet 2026")
    assert "answers price" in panel.suggested.item(0).text()
    qtbot.mouseClick(panel.send_button, Qt.MouseButton.LeftButton)
    assert opened and opened[0].toString().startswith("mailto:ada@example.com?subject=Price")
    activity = store.query_one("SELECT * FROM activities WHERE deal_id = ?", [deal])
    assert activity is not None and activity["kind"] == "email"
    assert "Price sheet 2026" in activity["summary"]
    assert "Price sheet 2026" in dialog.activity_list.item(0).text()  # the log shows it
    assert store.scalar("SELECT count(*) FROM collateral_sends") == 1
    dialog.reject()


def test_copy_link_also_logs_what_was_sent(qtbot: Any, ctx: AppContext, store: Store) -> None:
    from PySide6.QtGui import QGuiApplication

    from sm_desk.core.handoffs.collateral import save_collateral

    deal = add_deal(store, "Website", add_contact(store, "Bea"), stage="Interested")
    save_collateral(store, {"title": "Brochure", "kind": "brochure",
                            "location": "https://example.com/b.pdf"}, NOW,
                    stage_ids=[int(store.scalar("SELECT id FROM stages WHERE name = "
                                                "'Interested'"))])
    dialog = sales_page(qtbot, ctx).edit_deal(deal)
    qtbot.mouseClick(dialog.handoff_panel.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == "https://example.com/b.pdf"
    assert store.scalar("SELECT summary FROM activities") == (
        "Sent brochure “Brochure”: https://example.com/b.pdf")
    dialog.reject()


def test_ctrl_i_on_a_contact(qtbot: Any, ctx: AppContext, store: Store) -> None:
    from sm_desk.ui.contacts.page import ContactsPage

    contact = add_contact(store, "Cem")
    page = ContactsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    page.select_contact(contact)
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    said = page.insight_dialog
    said.kind.setCurrentIndex(said.kind.findData("need"))
    qtbot.keyClicks(said.quote, "We need online booking")
    qtbot.keyClick(said.quote, Qt.Key.Key_Return)
    assert store.query_one("SELECT kind, contact_id, deal_id FROM insights") == {
        "kind": "need", "contact_id": contact, "deal_id": None}


def test_qualified_lead_returned_not_now_lands_in_nurture(qtbot: Any, ctx: AppContext,
                                                          store: Store) -> None:
    lead = add_contact(store, "Dana", ("health",))
    marketing = marketing_page(qtbot, ctx)
    leads = marketing.marketing_leads
    marketing.tabs.setCurrentWidget(leads)
    assert leads.select_contact(lead)
    qtbot.mouseClick(leads.checks["need"], Qt.MouseButton.LeftButton)
    assert store.scalar("SELECT count(*) FROM handoffs") == 0  # not yet what the agreement asks
    qtbot.mouseClick(leads.checks["budget"], Qt.MouseButton.LeftButton)
    assert store.scalar("SELECT status FROM handoffs WHERE contact_id = ?", [lead]) == "open"
    assert leads.selected()["state_text"] == "Ready for sales"

    sales = sales_page(qtbot, ctx)
    sales.tabs.setCurrentWidget(sales.leads)
    assert sales.tabs.tabText(sales.leads_tab) == "Leads (1 ready)"
    inbox = sales.leads
    assert [r["id"] for r in inbox.model.rows] == [lead]  # "Ready for sales" by default
    inbox.view.selectRow(0)
    qtbot.mouseClick(inbox.return_button, Qt.MouseButton.LeftButton)
    answer = inbox.dialog
    assert answer is not None and answer.buttons_by_reason["not_now"].isChecked()
    qtbot.keyClicks(answer.note, "Budget opens in March")
    answer.accept()
    assert store.get("contacts", lead)["lifecycle"] == "nurture"  # type: ignore[index]
    assert "1 contacts marked “not now”" in marketing.nurture_label.text()
    assert inbox.model.rows == []  # nothing left waiting
    assert sales.tabs.tabText(sales.leads_tab) == "Leads"
    marketing_row = next(r for r in leads.rows if r["id"] == lead)
    assert marketing_row["state_text"] == "Returned: not now"


def test_accept_makes_a_deal_with_the_campaign(qtbot: Any, ctx: AppContext,
                                               store: Store) -> None:
    from sm_desk.core.handoffs.handoff import set_lead_qualification

    with store.step("Campaign") as step:
        campaign = step.insert("campaigns", {"name": "Trade fair", "created_at": "x",
                                             "updated_at": "x"})
    lead = add_contact(store, "Eli", source_campaign_id=campaign)
    set_lead_qualification(store, lead, {"need": True, "budget": True}, NOW)
    sales = sales_page(qtbot, ctx)
    sales.tabs.setCurrentWidget(sales.leads)
    sales.leads.view.selectRow(0)
    qtbot.mouseClick(sales.leads.accept_button, Qt.MouseButton.LeftButton)
    deal = store.query_one("SELECT * FROM deals WHERE contact_id = ?", [lead])
    assert deal is not None and deal["source_campaign_id"] == campaign
    assert (deal["need"], deal["budget"]) == (1, 1)


def test_deal_table_sorts_and_filters_by_segment_priority(qtbot: Any, ctx: AppContext,
                                                          store: Store) -> None:
    from sm_desk.core.handoffs.hunting import rank_segments
    from tests.core.test_handoffs import tag_id

    for name, tags in (("Cy", ()), ("Bo", ("retail",)), ("Ann", ("health", "retail"))):
        add_deal(store, f"{name} deal", add_contact(store, name, tags))
    rank_segments(store, [(tag_id(store, "health"), "Clinics buy fast"),
                          (tag_id(store, "retail"), "")], NOW)
    sales = sales_page(qtbot, ctx)
    sales.tabs.setCurrentWidget(sales.table)
    table = sales.table
    model = table.model
    column = next(i for i in range(model.columnCount())
                  if model.headerData(i, Qt.Orientation.Horizontal) == "Segment priority")

    def shown() -> list[tuple[str, str]]:
        return [(model.data(model.index(r, 0)), model.data(model.index(r, column)))
                for r in range(model.rowCount())]

    table.view.sortByColumn(column, Qt.SortOrder.AscendingOrder)
    assert shown() == [("Ann deal", "#1 health"), ("Bo deal", "#2 retail"), ("Cy deal", "")]
    table.segment.setCurrentIndex(table.segment.findData(1))  # "Top segment only"
    assert shown() == [("Ann deal", "#1 health")]
    table.segment.setCurrentIndex(table.segment.findText("Any ranked segment"))
    assert [title for title, _ in shown()] == ["Ann deal", "Bo deal"]


def test_leads_tab_counts_a_hand_off_made_while_sales_is_open(qtbot: Any, ctx: AppContext,
                                                               store: Store) -> None:
    sales = sales_page(qtbot, ctx)
    assert sales.tabs.tabText(sales.leads_tab) == "Leads"
    lead = add_contact(store, "Dana", ("health",))
    assert sales.tabs.tabText(sales.leads_tab) == "Leads"  # a contact alone is no hand-off
    marketing = marketing_page(qtbot, ctx)
    leads = marketing.marketing_leads
    marketing.tabs.setCurrentWidget(leads)
    assert leads.select_contact(lead)
    qtbot.mouseClick(leads.checks["need"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(leads.checks["budget"], Qt.MouseButton.LeftButton)
    assert sales.tabs.tabText(sales.leads_tab) == "Leads (1 ready)"


def test_hunting_grounds_read_when_their_tab_shows(qtbot: Any, ctx: AppContext,
                                                   store: Store) -> None:
    """A tab behind the calendar reads nothing per change; shown, it has the change."""
    add_contact(store, "Ana", ("health",))
    marketing = marketing_page(qtbot, ctx)
    hunting = marketing.hunting_view
    assert hunting.loader.stale and hunting.model.rows == []  # not read before it shows

    def health_contacts() -> int:
        return next(r["contacts"] for r in hunting.model.rows if r["name"] == "health")

    marketing.tabs.setCurrentWidget(hunting)
    assert health_contacts() == 1
    marketing.tabs.setCurrentIndex(0)  # back to the calendar
    add_contact(store, "Ben", ("health",))
    assert hunting.loader.stale and health_contacts() == 1  # hidden: not re-read
    marketing.tabs.setCurrentWidget(hunting)
    assert not hunting.loader.stale and health_contacts() == 2
    add_contact(store, "Cem", ("health",))
    assert health_contacts() == 3  # shown: re-read at once
