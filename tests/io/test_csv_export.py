"""CSV export: formulas neutralised, and export -> import round-trips every field."""

from __future__ import annotations

import csv
from pathlib import Path

from sm_desk.cli import main
from sm_desk.core.contacts.service import create_contact
from sm_desk.core.store import Store
from sm_desk.io.csv_export import export_contacts, neutralise
from sm_desk.io.csv_import import import_contacts

FIELDS = ("first_name", "last_name", "email", "phone", "company", "job_title", "lifecycle",
          "notes", "source_campaign")


def snapshot(store: Store) -> list[tuple[object, ...]]:
    rows = store.query(
        "SELECT c.first_name, c.last_name, c.email, c.phone, co.name AS company, c.job_title, "
        "c.lifecycle, c.notes, ca.name AS campaign, (SELECT group_concat(t.name, '|') FROM "
        "(SELECT t.name FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id "
        "WHERE ct.contact_id = c.id ORDER BY t.name) t) AS tags "
        "FROM contacts c LEFT JOIN companies co ON co.id = c.company_id "
        "LEFT JOIN campaigns ca ON ca.id = c.source_campaign_id ORDER BY c.email")
    return [tuple(r.values()) for r in rows]


def test_neutralise_follows_owasp() -> None:
    for cell in ("=1+1", "+1 555", "-2", "@SUM(A1)", "\tx", "\rx", "\nx"):
        assert neutralise(cell) == "'" + cell
    assert neutralise("'=x") == "''=x"
    assert neutralise("Ana") == "Ana" and neutralise("") == ""


def test_export_then_import_round_trips_every_field(demo_store: Store, tmp_path: Path) -> None:
    create_contact(demo_store, {
        "first_name": "=HYPERLINK(\"http://evil\")", "last_name": "-O'Brien",
        "email": "tricky@example.com", "phone": "+1 555 0100", "company": "@Acme, Inc.",
        "job_title": "'quoted", "lifecycle": "nurture",
        "notes": "two\nlines, \"quotes\" and ünïcode\ttab"}, tags=["vip", "Trade show"])
    path = tmp_path / "contacts.csv"
    count = export_contacts(demo_store, path)
    assert count == demo_store.scalar("SELECT count(*) FROM contacts")
    raw = path.read_text(encoding="utf-8")
    assert "'=HYPERLINK" in raw and "'+1 555 0100" in raw and "'@Acme" in raw
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in csv.reader(
        path.open(encoding="utf-8", newline="")) for cell in row)

    fresh = Store.memory()
    for row in demo_store.query("SELECT name, created_at, updated_at FROM campaigns"):
        with fresh.step("campaign") as step:
            step.insert("campaigns", row)
    result = import_contacts(fresh, path, on_duplicate="keep")
    assert result.rejects == [] and result.warnings == []
    assert snapshot(fresh) == snapshot(demo_store)


def test_cli_import_and_export(tmp_path: Path, capsys: object) -> None:
    db = tmp_path / "b.db"
    source = tmp_path / "in.csv"
    source.write_text("Name,Email\nAna,ana@example.com\nBob,not-an-email\n", encoding="utf-8")
    rejects = tmp_path / "rejects.csv"
    assert main(["--db", str(db), "import", "contacts", str(source), "--dry-run"]) == 1
    assert main(["--db", str(db), "import", "contacts", str(source), "--tag", "fair",
                 "--rejects", str(rejects)]) == 1
    assert rejects.read_text(encoding="utf-8").splitlines()[1] == \
        "3,bad email 'not-an-email',Bob,not-an-email"
    out = tmp_path / "out.csv"
    assert main(["--db", str(db), "export", "contacts", str(out), "--tag", "fair"]) == 0
    assert out.read_text(encoding="utf-8").splitlines()[1] == \
        "Ana,,ana@example.com,,,,lead,fair,,"
    picture = tmp_path / "photo.csv"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    assert main(["--db", str(db), "import", "contacts", str(picture)]) == 4
    assert main(["--db", str(db), "import", "contacts", str(tmp_path / "missing.csv")]) == 4
    store = Store.open(db)
    assert store.scalar("SELECT count(*) FROM contacts") == 1
    store.close()
