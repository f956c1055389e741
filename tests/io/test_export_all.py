"""`sm-desk export all`: every file is written, and contacts.csv + calendar.ics come back
into an empty database with nothing lost."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from sm_desk.cli import main
from sm_desk.core.marketing.recurrence import normalise_rule
from sm_desk.core.store import Store
from sm_desk.io.csv_import import import_contacts
from sm_desk.io.export_all import ExportError, export_all
from sm_desk.io.ics_import import import_ics

CONTACT_SQL = (
    "SELECT c.first_name, c.last_name, c.email, c.phone, coalesce(co.name, '') AS company, "
    "c.job_title, c.lifecycle, c.notes, coalesce(ca.name, '') AS campaign, "
    "coalesce((SELECT group_concat(name, '|') FROM (SELECT t.name FROM contact_tags ct "
    "JOIN tags t ON t.id = ct.tag_id WHERE ct.contact_id = c.id ORDER BY t.name)), '') AS tags "
    "FROM contacts c LEFT JOIN companies co ON co.id = c.company_id "
    "LEFT JOIN campaigns ca ON ca.id = c.source_campaign_id")
TOUCH_SQL = (
    "SELECT t.uid, t.title, t.kind, t.starts_at, t.all_day, t.duration_minutes, t.rrule, "
    "t.status, t.audience_size, t.cost_minor, t.notes, coalesce(c.name, '') AS campaign, "
    "(SELECT group_concat(o.original_start || o.status || coalesce(o.new_start, ''), '|') "
    "FROM touch_occurrences o WHERE o.touch_id = t.id) AS occurrences "
    "FROM touches t LEFT JOIN campaigns c ON c.id = t.campaign_id")


def _sorted(rows: list[dict[str, object]]) -> list[tuple[object, ...]]:
    for row in rows:  # the same rule may list its parts in another order
        if row.get("rrule"):
            row["rrule"] = normalise_rule(str(row["rrule"]))
    return sorted(tuple(str(v) for v in r.values()) for r in rows)


def test_export_all_reimports_into_an_empty_database(demo_store: Store, store: Store,
                                                     tmp_path: Path) -> None:
    folder = tmp_path / "out"
    report = export_all(demo_store, folder)
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["README.txt", "activities.csv", "calendar.ics", "campaigns.csv",
                     "companies.csv", "contacts.csv", "data", "deals.csv", "tasks.csv"]
    assert report.files["deals.csv"] == demo_store.scalar("SELECT count(*) FROM deals")
    with open(folder / "contacts.csv", encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    assert header[:7] == ["First Name", "Last Name", "Email", "Phone Number", "Company Name",
                          "Job Title", "Lifecycle Stage"]
    with open(folder / "deals.csv", encoding="utf-8", newline="") as handle:
        deals = list(csv.DictReader(handle))
    assert {"Deal Name", "Deal Stage", "Amount", "Close Date"} <= set(deals[0])
    assert "contacts.csv" in (folder / "README.txt").read_text()

    # Into an empty database: the calendar first (it brings the campaigns), then contacts.
    import_ics(store, (folder / "calendar.ics").read_bytes(), "calendar.ics")
    result = import_contacts(store, folder / "contacts.csv")
    assert result.rejects == [] and result.warnings == []
    assert _sorted(store.query(CONTACT_SQL)) == _sorted(demo_store.query(CONTACT_SQL))
    assert _sorted(store.query(TOUCH_SQL)) == _sorted(demo_store.query(TOUCH_SQL))


def test_export_all_refuses_a_non_empty_folder(store: Store, tmp_path: Path) -> None:
    (tmp_path / "mine.txt").write_text("keep me")
    with pytest.raises(ExportError, match="not empty"):
        export_all(store, tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["mine.txt"]


def test_cli_export_all(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "b.db"
    assert main(["import", "contacts", "--db", str(db), str(_csv(tmp_path))]) == 0
    assert main(["export", "all", str(tmp_path / "all"), "--db", str(db)]) == 0
    assert "contacts.csv: 1 records" in capsys.readouterr().out
    assert main(["export", "all", str(tmp_path / "all"), "--db", str(db)]) == 4
    assert "not empty" in capsys.readouterr().err


def _csv(folder: Path) -> Path:
    path = folder / "in.csv"
    path.write_text("Name,Email\n=Ana,ana@example.com\n", encoding="utf-8")
    return path


# -- the whole business: export all, then import all into an empty file ----------------------

def _fill_everything(store: Store) -> None:
    """The demo has insights, collateral and hand-offs; add what it lacks."""
    from datetime import UTC, datetime

    from sm_desk.core.assessment.scoring import Result
    from sm_desk.core.assessment.service import save_result
    from sm_desk.core.custom_fields import define_field, set_values
    from sm_desk.core.mail import save_template
    from sm_desk.core.sales.deals import move_deal
    from sm_desk.core.saved_views import save_view

    define_field(store, "contacts", "Birthday", "date")
    define_field(store, "companies", "Employees", "number")
    define_field(store, "deals", "Source", "choice", ["Web", "Referral"])
    define_field(store, "deals", "Tricky", "text")
    contact = int(store.scalar("SELECT min(id) FROM contacts"))
    company = int(store.scalar("SELECT min(id) FROM companies"))
    deal = int(store.scalar("SELECT min(id) FROM deals WHERE stage_id = "
                            "(SELECT id FROM stages WHERE name = 'Interested')"))
    set_values(store, "contacts", contact, {"Birthday": "1980-02-29"})
    set_values(store, "companies", company, {"Employees": "12.5"})
    set_values(store, "deals", deal, {"Source": "Referral",
                                      "Tricky": "=SUM(A1), \\N, 'quoted', \"x\"\nline 2"})
    save_result(store, Result({"q1": "a", "q2": "b"}, 62.5, 40.0, 3.0, "sales-led", "medium"),
                datetime(2026, 11, 20, 9, 0, tzinfo=UTC))
    save_template(store, {"name": "Follow-up", "subject": "Hello {first_name}",
                          "body": "-5% off\ttoday"})
    save_view(store, "contacts", "Leads in Berlin", {"filter": "Berlin", "columns": [1, 2]})
    move_deal(store, deal, int(store.scalar("SELECT id FROM stages WHERE name = 'Engaged'")),
              datetime(2026, 11, 21, 9, 0, tzinfo=UTC))
    with store.step("odd values") as step:
        step.update("contacts", contact, {"notes": "\\N", "phone": ""})


def _content(store: Store) -> dict[str, list[tuple[object, ...]]]:
    from sm_desk.core.store.export_all import copied_tables

    return {t: [tuple(r.values()) for r in store.query(f"SELECT * FROM {t} ORDER BY rowid")]
            for t in copied_tables(store)}


def test_import_all_gives_back_the_same_business(demo_store: Store, tmp_path: Path) -> None:
    from sm_desk.io.full_copy import import_all

    _fill_everything(demo_store)
    export_all(demo_store, tmp_path / "out")
    target = Store.open(tmp_path / "new.db")
    try:
        report = import_all(target, tmp_path / "out")
        assert report.tables["contacts"] == 200
        before, after = _content(demo_store), _content(target)
        assert set(before) == set(after)
        assert {"custom_values", "insights", "handoffs", "assessments", "collateral",
                "mail_templates", "saved_views", "deal_stage_changes", "settings"} <= set(after)
        for table in before:
            assert after[table] == before[table], table
        assert after["custom_values"] and after["assessments"] and after["handoffs"]
        assert target.integrity_problems() == []
        assert target.scalar("PRAGMA foreign_key_check") is None
        # The search index is rebuilt as the rows come back.
        from sm_desk.core.store.search import find

        name = str(target.scalar("SELECT last_name FROM contacts ORDER BY id LIMIT 1"))
        assert find(target, name)
    finally:
        target.close()


def test_import_all_refuses_a_database_with_records(demo_store: Store, tmp_path: Path) -> None:
    from sm_desk.io.full_copy import ImportAllError, import_all

    export_all(demo_store, tmp_path / "out")
    with pytest.raises(ImportAllError, match="already holds records"):
        import_all(demo_store, tmp_path / "out")


def test_cli_import_all(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = tmp_path / "old.db", tmp_path / "new.db"
    assert main(["--db", str(old), "demo"]) == 0
    assert main(["--db", str(old), "export", "all", str(tmp_path / "out")]) == 0
    assert main(["--db", str(new), "import", "all", str(tmp_path / "out")]) == 0
    assert "contacts: 200 rows" in capsys.readouterr().out
    assert main(["--db", str(new), "import", "all", str(tmp_path / "out")]) == 4
