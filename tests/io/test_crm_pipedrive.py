"""Pipedrive's spreadsheet exports (each column prefixed by its record: 'Deal - Title',
'Activity - Due date'), made byte for byte, imported and read back from the database."""

from __future__ import annotations

from sm_desk.core.imports import undo_import
from sm_desk.core.store import Store
from sm_desk.io.crm_import import import_file
from tests.io.crm_helpers import activities, add_contacts, deals, stage_id

ORGANIZATIONS = (
    b"Organization - ID,Organization - Name,Organization - Owner,Organization - Address,"
    b"Organization - Website,Organization - Add time\r\n"
    b"11,Acme GmbH,Ann Lee,\"Hauptstr. 1, Berlin\",https://acme.example,2025-10-01 08:00:00\r\n"
    b"12,Beta Ltd,Ann Lee,,,2025-10-02 08:00:00\r\n")

DEALS = (
    b"Deal - ID,Deal - Title,Deal - Creator,Deal - Owner,Deal - Value,"
    b"Deal - Currency,Deal - Probability,Deal - Organization,Deal - Pipeline,"
    b"Deal - Contact person,Deal - Stage,Deal - Status,Deal - Deal created,"
    b"Deal - Won time,Deal - Lost time,Deal - Deal closed on,Deal - Lost reason,"
    b"Deal - Expected close date\r\n"
    b"101,Acme website,Ann Lee,Ann Lee,12500.50,EUR,60,Acme GmbH,Default pipeline,"
    b"Jo Smith,Proposal Made,open,2026-01-30 15:55:37,,,,,2026-04-30\r\n"
    b"102,Beta renewal,Ann Lee,Me,900,USD,,Beta Ltd,Default pipeline,Max Muster,"
    b"Negotiations Started,won,2026-01-02 09:00:00,2026-02-03 10:15:00,,"
    b"2026-02-03 10:15:00,,2026-02-28\r\n"
    b"103,Gamma pilot,Ann Lee,Me,\"1,999.99\",USD,10,Gamma Inc,Default pipeline,"
    b"Nobody Known,Qualified,lost,2025-12-01 12:00:00,,2026-01-15 16:45:00,"
    b"2026-01-15 16:45:00,Went with a competitor,\r\n"
    b"104,,Ann Lee,Me,10,USD,,,Default pipeline,,Qualified,open,2026-01-01 00:00:00,,,,,\r\n"
    b"105,Delta,Ann Lee,Me,12.345,USD,,,Default pipeline,,Qualified,open,"
    b"2026-01-01 00:00:00,,,,,\r\n")

ACTIVITIES = (
    b"Activity - ID,Activity - Type,Activity - Subject,Activity - Due date,"
    b"Activity - Due time,Activity - Done,Activity - Deal,Activity - Person,"
    b"Activity - Organization,Activity - Note,Activity - Assigned to user\r\n"
    b"9001,Call,Intro call,2026-02-02,09:30,Done,Acme website,Jo Smith,Acme GmbH,"
    b"Wants a quote by March,Ann Lee\r\n"
    b"9002,Meeting,Demo,2026-02-10,14:00,Done,Beta renewal,,Beta Ltd,,Ann Lee\r\n"
    b"9003,Lunch,Catch-up,2026-02-12,,To do,,Max Muster,,,Ann Lee\r\n"
    b"9004,Email,Lost thread,2026-02-13,08:00,Done,No such deal,,,,Ann Lee\r\n")


def _setup(store: Store) -> None:
    add_contacts(store, ("Jo", "Smith", "jo@acme.example"), ("Max", "Muster", ""))
    result = import_file(store, ORGANIZATIONS, "companies", zone="Europe/Berlin",
                         name="organizations.csv")
    assert (result.source, result.created, result.rejects) == ("Pipedrive", 2, [])


def test_organizations_become_companies(store: Store) -> None:
    _setup(store)
    rows = store.query("SELECT name, website, notes, source_id, created_at FROM companies "
                       "ORDER BY id")
    assert rows == [
        {"name": "Acme GmbH", "website": "https://acme.example", "notes": "Hauptstr. 1, Berlin",
         "source_id": "pipedrive:11", "created_at": "2025-10-01T06:00:00Z"},
        {"name": "Beta Ltd", "website": "", "notes": "", "source_id": "pipedrive:12",
         "created_at": "2025-10-02T06:00:00Z"}]


def test_deals_come_in_exactly_with_links_stages_and_rejects(store: Store) -> None:
    _setup(store)
    result = import_file(store, DEALS, "deals", zone="Europe/Berlin",
                         stages={"Proposal Made": stage_id(store, "Evaluating")})
    assert [(r.line, r.reason) for r in result.rejects] == [
        (5, "the title is empty"),
        (6, "amount '12.345' has more decimals than USD has (2)")]
    assert result.unlinked == [(4, "'Gamma pilot': no contact 'Nobody Known' or company "
                                   "'Gamma Inc' of that email or name")]
    got = deals(store)
    assert got["Acme website"] == {
        "value_minor": 1250050, "currency": "EUR", "stage": "Evaluating", "probability": 60,
        "expected_close": "2026-04-30", "closed_at": None, "lost_reason": None,
        "source_id": "pipedrive:101", "contact": "Jo Smith", "company": "Acme GmbH",
        "owner": None, "created_at": "2026-01-30T14:55:37Z"}
    assert got["Beta renewal"] == {
        "value_minor": 90000, "currency": "USD", "stage": "Won", "probability": None,
        "expected_close": "2026-02-28", "closed_at": "2026-02-03T09:15:00Z",
        "lost_reason": None, "source_id": "pipedrive:102", "contact": "Max Muster",
        "company": "Beta Ltd", "owner": "Me", "created_at": "2026-01-02T08:00:00Z"}
    assert got["Gamma pilot"] == {
        "value_minor": 199999, "currency": "USD", "stage": "Lost", "probability": 10,
        "expected_close": None, "closed_at": "2026-01-15T15:45:00Z",
        "lost_reason": "Went with a competitor", "source_id": "pipedrive:103",
        "contact": "", "company": None, "owner": "Me", "created_at": "2025-12-01T11:00:00Z"}
    assert len(got) == 3
    # The choice is remembered: the next import proposes it.
    assert store.setting("crm_stage_map") == {
        "pipedrive": {"proposal made": stage_id(store, "Evaluating")}}


def test_reimport_updates_by_record_id_and_undo_restores(store: Store) -> None:
    _setup(store)
    first = import_file(store, DEALS, "deals", zone="Europe/Berlin")
    assert first.notes[0].startswith("stage Proposal Made not mapped")
    assert deals(store)["Acme website"]["stage"] == "Interested"
    changed = DEALS.replace(b"12500.50,EUR,60", b"13000,EUR,70")
    second = import_file(store, changed, "deals", zone="Europe/Berlin",
                         stages={"Proposal Made": stage_id(store, "Negotiating")})
    assert (second.created, second.updated, second.unchanged) == (0, 1, 2)
    acme = deals(store)["Acme website"]
    assert (acme["value_minor"], acme["probability"], acme["stage"]) == (1300000, 70, "Negotiating")
    assert store.scalar("SELECT count(*) FROM deals") == 3
    assert second.import_id is not None and first.import_id is not None
    report = undo_import(store, second.import_id, "2026-03-01T00:00:00Z")
    assert (report.restored, report.kept) == (1, [])
    acme = deals(store)["Acme website"]
    assert (acme["value_minor"], acme["probability"], acme["stage"]) == (1250050, 60, "Interested")
    # The open deal got its "next step" task, as a deal made by hand does.
    assert store.query("SELECT rule, origin_type, status FROM tasks") == [
        {"rule": "deal.next_step", "origin_type": "deal", "status": "open"}]
    report = undo_import(store, first.import_id, "2026-03-01T00:00:01Z")
    assert (report.removed, report.kept) == (4, [])  # three deals and that task
    assert store.scalar("SELECT count(*) FROM deals") == 0
    assert store.scalar("SELECT count(*) FROM tasks") == 0


def test_activities_attach_to_deal_and_contact(store: Store) -> None:
    _setup(store)
    import_file(store, DEALS, "deals", zone="Europe/Berlin")
    result = import_file(store, ACTIVITIES, "activities", zone="Europe/Berlin")
    assert [(r.line, r.reason) for r in result.rejects] == [
        (5, "no deal or contact matches 'No such deal'")]
    assert activities(store) == [
        ("call", "2026-02-02T08:30:00Z", "Intro call\nWants a quote by March", "Acme website",
         "Jo Smith", "pipedrive:9001"),
        ("meeting", "2026-02-10T13:00:00Z", "Demo", "Beta renewal", "Max Muster",
         "pipedrive:9002"),
        ("meeting", "2026-02-11T23:00:00Z", "Catch-up", None, "Max Muster", "pipedrive:9003")]
    assert store.scalar("SELECT last_activity_at FROM deals WHERE title = 'Acme website'") \
        == "2026-02-02T08:30:00Z"
    again = import_file(store, ACTIVITIES, "activities", zone="Europe/Berlin")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert store.scalar("SELECT count(*) FROM activities") == 3


def test_dry_run_writes_nothing(store: Store) -> None:
    _setup(store)
    result = import_file(store, DEALS, "deals", dry_run=True)
    assert (result.created, len(result.rejects)) == (3, 2)
    assert store.scalar("SELECT count(*) FROM deals") == 0
    assert store.setting("crm_stage_map") is None


def test_cancel_writes_nothing(store: Store) -> None:
    import pytest

    from sm_desk.io.crm_import import apply, open_file, plan_for, read
    from sm_desk.io.csv_rows import ImportCancelled

    _setup(store)
    rows = b"".join(b"%d,Deal %d,Me,Me,10,USD,,,P,,Qualified,open,,,,,,\r\n" % (n, n)
                    for n in range(1000, 6000))
    source = open_file(DEALS + rows)
    parsed = read(source, "deals", "pipedrive", plan_for(source, "deals").mapping)
    assert len(parsed.records) == 5003
    calls = []

    def cancel() -> bool:
        calls.append(1)
        return len(calls) > 1  # after planning, while writing

    with pytest.raises(ImportCancelled):
        apply(store, parsed, cancel=cancel)
    assert store.scalar("SELECT count(*) FROM deals") == 0
    assert store.scalar("SELECT count(*) FROM imports WHERE kind = 'crm_deals'") == 0


NOTES = (
    b"Note - ID,Note - Content,Note - Deal,Note - Person,Note - Organization,"
    b"Note - Add time\r\n"
    b"3001,\"Budget confirmed, \"\"go\"\" from the CFO\",Acme website,Jo Smith,Acme GmbH,"
    b"2026-02-20 17:05:00\r\n")


def test_notes_become_notes_on_the_deal(store: Store) -> None:
    _setup(store)
    import_file(store, DEALS, "deals", zone="Europe/Berlin")
    result = import_file(store, NOTES, "activities", zone="Europe/Berlin")
    assert (result.created, result.rejects, result.unlinked) == (1, [], [])
    assert activities(store) == [("note", "2026-02-20T16:05:00Z",
                                  'Budget confirmed, "go" from the CFO', "Acme website",
                                  "Jo Smith", "pipedrive:3001")]
