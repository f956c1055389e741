"""HubSpot's CSV exports (every cell quoted, property labels as headers: 'Record ID',
'Deal Stage', 'Close Date'), made byte for byte, imported and read back."""

from __future__ import annotations

from sm_desk.core.store import Store
from sm_desk.io.crm_import import import_file
from tests.io.crm_helpers import activities, add_contacts, deals

COMPANIES = (
    b'"Record ID","Company name","Company Domain Name","Industry","Create Date",'
    b'"Company owner"\n'
    b'"5001","Acme GmbH","acme.example","COMPUTER_SOFTWARE","2025-11-03 09:12","Ann Lee"\n'
    b'"5002","Beta Ltd","","","2025-11-04 10:00",""\n')

DEALS = (
    b'"Record ID","Deal Name","Deal Stage","Pipeline","Amount","Close Date","Deal owner",'
    b'"Create Date","Closed Lost Reason","Deal probability","Associated Company",'
    b'"Associated Contact","Currency"\n'
    b'"7001","Acme retainer","Contract Sent","Sales Pipeline","75000","2026-06-30 00:00",'
    b'"Me","2026-01-10 09:00","","0.9","Acme GmbH","Jo Smith (jo@acme.example)","EUR"\n'
    b'"7002","Beta upgrade","Closed Won","Sales Pipeline","4200.5","2026-02-14 11:30",'
    b'"","2026-01-05 10:00","","1","Beta Ltd","","USD"\n'
    b'"7003","Gamma trial","Closed Lost","Sales Pipeline","","2026-02-20 16:00","",'
    b'"2026-01-06 10:00","Budget","0","","Somebody Else (se@nowhere.example)",""\n')

NOTES = (
    b'"Record ID","Activity date","Note body","Associated Contact","Associated Deal"\n'
    b'"8001","2026-02-01 10:00","Asked for references","Jo Smith (jo@acme.example)",'
    b'"Acme retainer"\n'
    b'"8002","2026-02-15 12:00","Signed, kick-off next week","","Beta upgrade"\n')

CALLS = (
    b'"Record ID","Activity date","Call Title","Call notes","Call outcome",'
    b'"Associated Contact","Associated Deal"\n'
    b'"8101","2026-02-03 15:30","Pricing call","Discount of 5% agreed","Connected",'
    b'"Jo Smith (jo@acme.example)","Acme retainer"\n')


def test_companies_deals_notes_and_calls(store: Store) -> None:
    add_contacts(store, ("Jo", "Smith", "jo@acme.example"))
    companies = import_file(store, COMPANIES, "companies", zone="America/New_York")
    assert (companies.source, companies.created) == ("HubSpot", 2)
    assert store.query("SELECT name, website, industry, source_id FROM companies ORDER BY id") == [
        {"name": "Acme GmbH", "website": "acme.example", "industry": "COMPUTER_SOFTWARE",
         "source_id": "hubspot:5001"},
        {"name": "Beta Ltd", "website": "", "industry": "", "source_id": "hubspot:5002"}]

    result = import_file(store, DEALS, "deals", zone="America/New_York")
    assert result.rejects == []
    assert result.unlinked == [(4, "'Gamma trial': no contact 'se@nowhere.example' of that "
                                   "email or name")]
    # 'Contract Sent' is no stage of ours and nothing obvious: left to the user.
    assert any("Contract Sent" in n for n in result.notes)
    got = deals(store)
    assert got["Acme retainer"] == {
        "value_minor": 7500000, "currency": "EUR", "stage": "Interested", "probability": 90,
        "expected_close": "2026-06-30", "closed_at": None, "lost_reason": None,
        "source_id": "hubspot:7001", "contact": "Jo Smith", "company": "Acme GmbH",
        "owner": "Me", "created_at": "2026-01-10T14:00:00Z"}
    # 'Closed Won' goes to Won by itself; HubSpot's close date is when it was won.
    assert got["Beta upgrade"] == {
        "value_minor": 420050, "currency": "USD", "stage": "Won", "probability": 100,
        "expected_close": "2026-02-14", "closed_at": "2026-02-14T16:30:00Z",
        "lost_reason": None, "source_id": "hubspot:7002", "contact": "", "company": "Beta Ltd",
        "owner": None, "created_at": "2026-01-05T15:00:00Z"}
    assert got["Gamma trial"] == {
        "value_minor": 0, "currency": "USD", "stage": "Lost", "probability": 0,
        "expected_close": "2026-02-20", "closed_at": "2026-02-20T21:00:00Z",
        "lost_reason": "Budget", "source_id": "hubspot:7003", "contact": "", "company": None,
        "owner": None, "created_at": "2026-01-06T15:00:00Z"}

    assert import_file(store, NOTES, "activities", zone="America/New_York").rejects == []
    assert import_file(store, CALLS, "activities", zone="America/New_York").rejects == []
    assert activities(store) == [
        ("note", "2026-02-01T15:00:00Z", "Asked for references", "Acme retainer", "Jo Smith",
         "hubspot:8001"),
        ("call", "2026-02-03T20:30:00Z", "Pricing call\nDiscount of 5% agreed",
         "Acme retainer", "Jo Smith", "hubspot:8101"),
        ("note", "2026-02-15T17:00:00Z", "Signed, kick-off next week", "Beta upgrade", "",
         "hubspot:8002")]
    assert store.scalar("SELECT last_touched_at FROM contacts") == "2026-02-03T20:30:00Z"
