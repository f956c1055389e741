"""Import history: every import is recorded; undoing one removes what it created and puts
back what it changed, except what the user touched since, which it names."""

from __future__ import annotations

import pytest

from sm_desk.core.contacts.service import create_contact, update_contact
from sm_desk.core.imports import ImportHistoryError, undo_import
from sm_desk.core.sales.activities import log_activity
from sm_desk.core.store import Store
from sm_desk.core.store import imports as q
from sm_desk.io.csv_import import import_contacts, open_csv
from sm_desk.io.ics_import import import_ics

NOW = "2026-11-23T10:00:00Z"


def _seed_ten(store: Store) -> list[int]:
    ids = []
    for n in range(10):
        changes = create_contact(store, {"first_name": f"Old{n}", "last_name": "Person",
                                         "email": f"old{n}@example.com", "job_title": "Intern",
                                         "phone": f"555-{n}"})
        ids.append(min(changes.rows["contacts"] or {0}))
    return ids


def _csv_fifty_new_ten_updated() -> bytes:
    lines = ["First Name,Last Name,Email,Job Title,Tags"]
    lines += [f"New{n},Person,new{n}@example.com,Buyer,fair" for n in range(50)]
    lines += [f"Old{n},Person,old{n}@example.com,Director,fair" for n in range(10)]
    lines += ["bad row,,not-an-email,,"]
    return ("\n".join(lines) + "\n").encode()


def test_import_then_undo_restores_all_but_what_was_edited_since(store: Store) -> None:
    old_ids = _seed_ten(store)
    source = open_csv(_csv_fifty_new_ten_updated(), name="fair.csv")
    result = import_contacts(store, source)
    assert (result.created, result.updated, len(result.rejects)) == (50, 10, 1)
    entry = q.history(store)[0]
    assert (entry["file_name"], entry["kind"], entry["created"], entry["updated"],
            entry["rejected"]) == ("fair.csv", "csv", 50, 10, 1)
    assert store.scalar("SELECT count(*) FROM contacts") == 60
    # The user edits one updated contact's job title after the import.
    edited = old_ids[3]
    update_contact(store, edited, {"job_title": "Chief of Staff"})

    report = undo_import(store, entry["id"], NOW)

    assert store.scalar("SELECT count(*) FROM contacts") == 10  # the 50 new ones are gone
    titles = {r["id"]: r["job_title"] for r in store.query("SELECT id, job_title FROM contacts")}
    assert titles[edited] == "Chief of Staff"  # left as the user made it
    assert all(titles[i] == "Intern" for i in old_ids if i != edited)  # restored
    assert report.removed == 50
    assert report.restored == 9
    (what, why), (tag, tag_why) = report.kept
    assert what == "Old3 Person" and "job title changed since the import" in why
    assert tag == "tag fair" and "still in use" in tag_why  # Old3 keeps it
    # Tags the import added to the updated contacts are gone too (the edited one keeps its).
    assert store.scalar("SELECT count(*) FROM contact_tags") == 1
    assert store.scalar("SELECT count(*) FROM tags") == 1
    assert q.history(store)[0]["undone_at"] == NOW
    with pytest.raises(ImportHistoryError, match="already undone"):
        undo_import(store, entry["id"], NOW)


def test_undoing_an_import_is_itself_undoable(store: Store) -> None:
    _seed_ten(store)
    import_contacts(store, _csv_fifty_new_ten_updated())
    import_id = q.history(store)[0]["id"]
    undo_import(store, import_id, NOW)
    assert store.scalar("SELECT count(*) FROM contacts") == 10
    store.undo()
    assert store.scalar("SELECT count(*) FROM contacts") == 60
    assert store.scalar("SELECT count(*) FROM contacts WHERE job_title = 'Director'") == 10
    assert q.history(store)[0]["undone_at"] is None


def test_created_contact_with_work_since_is_kept_and_named(store: Store) -> None:
    import_contacts(store, b"Name,Email\nAna Ruiz,ana@example.com\nBo Li,bo@example.com\n")
    ana = store.scalar("SELECT id FROM contacts WHERE email = 'ana@example.com'")
    from datetime import UTC, datetime
    moment = datetime(2099, 1, 1, tzinfo=UTC)
    log_activity(store, "call", "intro call", moment, moment, contact_id=ana)
    report = undo_import(store, q.history(store)[0]["id"], NOW)
    assert [r["email"] for r in store.query("SELECT email FROM contacts")] == [
        "ana@example.com"]
    assert report.kept and report.kept[0][0] == "Ana Ruiz"


def test_ics_import_is_recorded_and_undone(store: Store) -> None:
    ics = (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:a@x\r\n"
           b"DTSTART:20261201T090000Z\r\nDTEND:20261201T100000Z\r\nSUMMARY:Webinar one\r\n"
           b"END:VEVENT\r\nEND:VCALENDAR\r\n")
    import_ics(store, ics, "plan.ics")
    moved = ics.replace(b"20261201T09", b"20261202T09").replace(b"20261201T10", b"20261202T10")
    moved = moved.replace(b"END:VEVENT", b"END:VEVENT\r\nBEGIN:VEVENT\r\nUID:b@x\r\n"
                          b"DTSTART:20261203T090000Z\r\nSUMMARY:Second\r\nEND:VEVENT", 1)
    report = import_ics(store, moved, "plan-v2.ics")
    assert (report.created, report.updated) == (1, 1)
    entry = q.history(store)[0]
    assert (entry["kind"], entry["file_name"], entry["created"], entry["updated"]) == (
        "ics", "plan-v2.ics", 1, 1)
    undo = undo_import(store, entry["id"], NOW)
    assert (undo.removed, undo.restored, undo.kept) == (1, 1, [])
    assert [(r["title"], r["starts_at"]) for r in store.query(
        "SELECT title, starts_at FROM touches")] == [("Webinar one", "2026-12-01T09:00:00Z")]


def test_a_big_import_is_undone_set_based_with_the_same_result(
        store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    import sm_desk.core.imports as imports

    monkeypatch.setattr(imports, "BULK_UNDO", 5)
    old_ids = _seed_ten(store)
    import_contacts(store, _csv_fifty_new_ten_updated())
    update_contact(store, old_ids[0], {"job_title": "Owner"})
    report = undo_import(store, q.history(store)[0]["id"], NOW)
    assert report.bulk and "cannot be undone with Ctrl+Z" in "\n".join(report.lines())
    assert (report.removed, report.restored, len(report.kept)) == (50, 9, 2)
    assert store.scalar("SELECT count(*) FROM contacts") == 10
    assert store.scalar("SELECT count(*) FROM contact_tags") == 1
    assert store.integrity_problems(quick=True) == []


def _snapshot(store: Store) -> dict[str, list[tuple[object, ...]]]:
    """Everything an import can touch, ids and timestamps included (custom values and tag
    links by what they hold: an import rewrites their row ids)."""
    return {
        "contacts": [tuple(r.values()) for r in store.query("SELECT * FROM contacts ORDER BY id")],
        "companies": [tuple(r.values()) for r in store.query("SELECT * FROM companies ORDER BY id")],
        "tags": [tuple(r.values()) for r in store.query("SELECT * FROM tags ORDER BY id")],
        "contact_tags": [tuple(r.values()) for r in store.query(
            "SELECT contact_id, tag_id FROM contact_tags ORDER BY contact_id, tag_id")],
        "custom_values": [tuple(r.values()) for r in store.query(
            "SELECT field_id, contact_id, value FROM custom_values ORDER BY field_id, contact_id")],
        "tasks": [tuple(r.values()) for r in store.query("SELECT * FROM tasks ORDER BY id")],
    }


def test_undo_restores_exactly_fields_custom_values_timestamps_tags_and_tasks(
        store: Store) -> None:
    from sm_desk.core.custom_fields import define_field, set_values
    from sm_desk.core.marketing.campaigns import create_campaign

    define_field(store, "contacts", "Budget", "text")
    create_campaign(store, {"name": "Spring fair"})
    ids = _seed_ten(store)[:3]
    set_values(store, "contacts", ids[0], {"Budget": "small"})
    # The seeded contacts were made "earlier": their updated_at differs from the import's.
    store.conn.execute("UPDATE contacts SET updated_at = '2026-01-01T00:00:00Z'")
    store.conn.commit()
    before = _snapshot(store)
    data = ("First Name,Last Name,Email,Job Title,Budget,Tags,Source Campaign\n"
            "Old0,Person,old0@example.com,Director,large,vip,\n"      # fields, custom, tag
            "Old1,Person,old1@example.com,Intern,,,\n"               # says nothing new
            "Old2,Person,old2@example.com,,,fair,\n"                 # only a tag
            "Nia,New,nia@example.com,Buyer,mid,vip,Spring fair\n")   # a new lead: a task
    result = import_contacts(store, data.encode())
    assert (result.created, result.updated, result.unchanged) == (1, 2, 1)
    assert store.scalar("SELECT count(*) FROM tasks") == 1  # first contact for the new lead
    after_import = _snapshot(store)
    assert after_import["contacts"][1] == before["contacts"][1]  # unchanged: not even touched
    assert after_import != before

    report = undo_import(store, q.history(store)[0]["id"], NOW)

    assert report.kept == []
    assert _snapshot(store) == before


def test_import_choices_per_row_override_the_mode(store: Store) -> None:
    ids = _seed_ten(store)
    data = ("First Name,Email,Job Title\n"
            "A,old0@example.com,Boss\nB,old1@example.com,Boss\nC,old2@example.com,Boss\n")
    source = open_csv(data.encode())
    result = import_contacts(store, source, on_duplicate="update",
                             choices={2: "skip", 4: "keep"})
    assert (result.created, result.updated) == (1, 1)
    titles = [r["job_title"] for r in store.query("SELECT job_title FROM contacts ORDER BY id")]
    assert titles[:3] == ["Intern", "Boss", "Intern"] and titles[-1] == "Boss"
    assert store.scalar("SELECT count(*) FROM contacts WHERE email = 'old2@example.com'") == 2
    assert [n.line for n in result.notes] == [2]
    assert ids
