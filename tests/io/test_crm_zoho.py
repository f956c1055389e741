"""Zoho Bigin's exports (Zoho field labels: 'Record Id', 'Deal Name', 'Closing Date';
record IDs as 'zcrm_...'), made byte for byte, imported and read back."""

from __future__ import annotations

from sm_desk.core.imports import undo_import
from sm_desk.core.store import Store
from sm_desk.io.crm_import import import_file
from tests.io.crm_helpers import activities, add_contacts, deals, stage_id

COMPANIES = (
    "\ufeffRecord Id,Company Name,Website,Phone,Description,Created Time\r\n"
    "zcrm_5726189000000412001,Müller & Söhne KG,https://mueller.example,+49 30 1234,"
    "Family firm,2025-09-01 10:00:00\r\n").encode("utf-8")

DEALS = (
    "\ufeffRecord Id,Deal Name,Pipeline,Sub-Pipeline,Stage,Amount,Currency,Closing Date,"
    "Company Name,Contact Name,Owner,Created Time,Description\r\n"
    "zcrm_5726189000000500001,Müller website,Sales Pipeline Standard,Sales Pipeline,"
    "Proposal/Price Quote,8400,EUR,2026-05-15,Müller & Söhne KG,Anna Müller,Me,"
    "2026-01-20 09:00:00,Relaunch with shop\r\n"
    "zcrm_5726189000000500002,Müller support,Sales Pipeline Standard,Sales Pipeline,"
    "Closed Won,1200,EUR,2026-02-01,Müller & Söhne KG,Anna Müller,Me,"
    "2026-01-02 09:00:00,\r\n"
    "zcrm_5726189000000500003,Müller print,Sales Pipeline Standard,Sales Pipeline,"
    "Qualification,abc,EUR,2026-05-15,,,Me,2026-01-20 09:00:00,\r\n").encode("utf-8")

CALLS = (
    "\ufeffRecord Id,Subject,Call Type,Call Start Time,Call Duration,Contact Name,"
    "Related To,Description\r\n"
    "zcrm_5726189000000600001,Follow-up,Outbound,2026-02-02 11:00:00,00:15,Anna Müller,"
    "Müller website,Sent the offer\r\n").encode("utf-8")


def test_companies_deals_and_calls(store: Store) -> None:
    add_contacts(store, ("Anna", "Müller", ""))
    assert import_file(store, COMPANIES, "companies", zone="Europe/Berlin").created == 1
    assert store.query("SELECT name, website, notes, source_id FROM companies") == [
        {"name": "Müller & Söhne KG", "website": "https://mueller.example",
         "notes": "Family firm", "source_id": "zoho_bigin:zcrm_5726189000000412001"}]

    proposal = stage_id(store, "Evaluating")
    result = import_file(store, DEALS, "deals", zone="Europe/Berlin",
                         stages={"Proposal/Price Quote": proposal})
    assert result.source == "Zoho Bigin"
    assert [(r.line, r.reason) for r in result.rejects] == [(4, "amount 'abc' is not a number")]
    got = deals(store)
    assert got["Müller website"] == {
        "value_minor": 840000, "currency": "EUR", "stage": "Evaluating", "probability": None,
        "expected_close": "2026-05-15", "closed_at": None, "lost_reason": None,
        "source_id": "zoho_bigin:zcrm_5726189000000500001", "contact": "Anna Müller",
        "company": "Müller & Söhne KG", "owner": "Me", "created_at": "2026-01-20T08:00:00Z"}
    assert got["Müller support"]["stage"] == "Won"
    assert got["Müller support"]["closed_at"] == "2026-01-31T23:00:00Z"  # midnight in Berlin
    assert store.scalar("SELECT notes FROM deals WHERE title = 'Müller website'") \
        == "Relaunch with shop"

    calls = import_file(store, CALLS, "activities", zone="Europe/Berlin")
    assert (calls.created, calls.rejects) == (1, [])
    assert activities(store) == [("call", "2026-02-02T10:00:00Z", "Follow-up\nSent the offer",
                                  "Müller website", "Anna Müller",
                                  "zoho_bigin:zcrm_5726189000000600001")]

    # The stage choice is remembered: the next file proposes it without being told.
    again = import_file(store, DEALS, "deals", zone="Europe/Berlin")
    assert (again.created, again.updated) == (0, 0)
    assert deals(store)["Müller website"]["stage"] == "Evaluating"

    # Undoing the activities import leaves the deals as they were.
    assert calls.import_id is not None
    report = undo_import(store, calls.import_id, "2026-03-01T00:00:00Z")
    assert (report.removed, report.kept) == (1, [])
    assert store.scalar("SELECT count(*) FROM activities") == 0
    assert store.scalar("SELECT count(*) FROM deals") == 2


NOTES = (
    "\ufeffRecord Id,Note Title,Note Content,Parent Name,Contact Name,Created Time\r\n"
    "zcrm_5726189000000700001,Call back,Wants the shop live by May,Müller website,"
    "Anna Müller,2026-02-05 16:20:00\r\n").encode("utf-8")


def test_notes(store: Store) -> None:
    add_contacts(store, ("Anna", "Müller", ""))
    import_file(store, COMPANIES, "companies", zone="Europe/Berlin")
    import_file(store, DEALS, "deals", zone="Europe/Berlin")
    result = import_file(store, NOTES, "activities", zone="Europe/Berlin")
    assert (result.created, result.rejects) == (1, [])
    assert activities(store) == [("note", "2026-02-05T15:20:00Z",
                                  "Call back\nWants the shop live by May", "Müller website",
                                  "Anna Müller", "zoho_bigin:zcrm_5726189000000700001")]
