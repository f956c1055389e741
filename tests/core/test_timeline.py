"""A contact's, a company's and a deal's timeline: every kind of entry, newest first,
filtered by kind, read a page at a time without gaps or repeats."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from sm_desk.core.contacts.service import create_contact
from sm_desk.core.handoffs.handoff import set_lead_qualification
from sm_desk.core.handoffs.insights import log_insight
from sm_desk.core.marketing.campaigns import create_campaign
from sm_desk.core.marketing.touches import create_touch
from sm_desk.core.sales.activities import log_activity
from sm_desk.core.sales.deals import create_deal, mark_invoiced, mark_paid, move_deal
from sm_desk.core.store import Store
from sm_desk.core.store.timeline import entries
from sm_desk.core.tasks.service import complete, create_task

NOW = "2026-12-31T00:00:00Z"


def at(day: int, hour: int = 9) -> datetime:
    return datetime(2026, 11, day, hour, tzinfo=UTC)


def story(store: Store) -> tuple[int, int, int]:
    """Ana at Harbour Florist: a lead handed over, a deal won, invoiced and paid."""
    with store.step("Company") as step:
        company = step.insert("companies", {"name": "Harbour Florist", "created_at": "t",
                                            "updated_at": "t"})
        tag = step.insert("tags", {"name": "florists"})
    create_contact(store, {"first_name": "Ana", "last_name": "Lind", "company": "Harbour Florist"},
                   tags=["florists"])
    contact = int(store.scalar("SELECT max(id) FROM contacts"))
    with store.step("Backdate") as step:
        step.update("contacts", contact, {"created_at": "2026-10-01T00:00:00Z"})
    create_campaign(store, {"name": "Spring", "audience_tag_id": tag})
    create_touch(store, {"campaign_id": 1, "kind": "newsletter", "title": "Spring newsletter",
                         "starts_at": "2026-11-02T09:00", "status": "done"})
    set_lead_qualification(store, contact, {"need": True, "budget": True}, at(3))  # handed over
    create_deal(store, {"title": "Wedding flowers", "contact_id": contact,
                        "value_minor": 120000}, at(4))
    deal = int(store.scalar("SELECT max(id) FROM deals"))
    log_activity(store, "call", "Discovery call", at(5), at(5), deal_id=deal)
    log_activity(store, "note", "Wants peonies", at(6), at(6), contact_id=contact)
    log_insight(store, "objection", "Too expensive", at(7), deal_id=deal)
    create_task(store, "Send the quote", origin_type="deal", origin_id=deal)
    complete(store, [int(store.scalar("SELECT max(id) FROM tasks"))])
    won = int(store.scalar("SELECT id FROM stages WHERE outcome = 'won'"))
    move_deal(store, deal, won, at(10))
    mark_invoiced(store, deal, date(2026, 11, 11), date(2026, 12, 11), at(11))
    mark_paid(store, deal, date(2026, 11, 20), at(20))
    assert store.scalar("SELECT company_id FROM contacts WHERE id = ?", [contact]) == company
    return contact, company, deal


def kinds(rows: list[dict[str, object]]) -> list[object]:
    return [r["kind"] for r in rows]


def test_a_contacts_timeline_holds_every_kind_newest_first(store: Store) -> None:
    contact, _, _ = story(store)
    rows = entries(store, "contact", contact, now=NOW)
    assert set(kinds(rows)) == {"touch", "handoff", "call", "note", "insight", "task",
                                "stage", "invoice", "payment"}
    assert [r["at"] for r in rows] == sorted((r["at"] for r in rows), reverse=True)
    order = kinds(rows)
    assert order.index("payment") < order.index("invoice") < order.index("insight") < order.index(
        "note") < order.index("call") < order.index("handoff") < order.index("touch")
    stage = next(r for r in rows if r["kind"] == "stage")
    assert stage["title"] == "Interested → Won" and stage["detail"] == "Wedding flowers"
    assert kinds(entries(store, "contact", contact, now=NOW, kinds=["call", "note"])) == [
        "note", "call"]


def test_a_deal_and_a_company_have_their_own_timelines(store: Store) -> None:
    contact, company, deal = story(store)
    deal_rows = entries(store, "deal", deal, now=NOW)
    assert "touch" not in kinds(deal_rows) and "note" not in kinds(deal_rows)  # the contact's
    assert {"call", "insight", "stage", "invoice", "payment", "task"} <= set(kinds(deal_rows))
    assert all(r["detail"] != "Wedding flowers" for r in deal_rows if r["kind"] == "call")
    company_rows = entries(store, "company", company, now=NOW)
    assert {"call", "note", "handoff", "payment"} <= set(kinds(company_rows))


def test_pages_follow_each_other_without_gaps_or_repeats(store: Store) -> None:
    contact, _, _ = story(store)
    for n in range(30):  # many at the same instant: the key orders the ties
        log_activity(store, "email", f"Mail {n}", at(21), at(21), contact_id=contact)
    whole = entries(store, "contact", contact, now=NOW, limit=1000)
    paged: list[dict[str, object]] = []
    while True:
        last = paged[-1] if paged else None
        page = entries(store, "contact", contact, now=NOW, limit=7,
                       after=(str(last["at"]), str(last["key"])) if last else None)
        if not page:
            break
        paged += page
    assert paged == whole and kinds(whole).count("email") == 30


def test_the_import_that_brought_a_contact_in(tmp_path: Path) -> None:
    from sm_desk.io.csv_import import import_contacts

    csv = tmp_path / "fair.csv"
    csv.write_text("Name,Email\nRosa Berg,rosa@example.com\n", encoding="utf-8")
    store = Store.open(tmp_path / "b.db")
    try:
        import_contacts(store, csv)
        rows = entries(store, "contact", 1, now=NOW)
        assert [(r["kind"], r["title"]) for r in rows] == [("import", "fair.csv")]
    finally:
        store.close()
