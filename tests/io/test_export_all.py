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
                     "companies.csv", "contacts.csv", "deals.csv", "tasks.csv"]
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
