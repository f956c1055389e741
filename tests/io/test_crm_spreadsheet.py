"""Any spreadsheet, by mapping; our own export's deals.csv back in; the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from sm_desk.cli import main
from sm_desk.core.store import Store
from sm_desk.io.crm_import import import_file, open_file, plan_for, read
from sm_desk.io.crm_import.apply import apply
from sm_desk.io.csv_import import import_contacts
from sm_desk.io.export_all import export_all
from tests.io.crm_helpers import add_contacts, deals

SHEET = (b"Opportunity;Worth;Cur;Where;Who;When\n"
         b"Roof repair;1.234,50;EUR;Negotiating;ann@roof.example;31.03.2026\n"
         b"Gutter;99;EUR;Somewhere new;nobody@x.example;\n")


def test_a_spreadsheet_mapped_by_hand(store: Store) -> None:
    add_contacts(store, ("Ann", "Roof", "ann@roof.example"))
    source = open_file(SHEET, "pipeline.csv")
    assert source.delimiter == ";"
    found = plan_for(source, "deals")
    assert found.layout == "spreadsheet"
    mapping = ["title", "amount", "currency", "stage", "contact_email", "expected_close"]
    parsed = read(source, "deals", "spreadsheet", mapping, zone="UTC")
    result = apply(store, parsed, file_name="pipeline.csv")
    assert result.unlinked == [(3, "'Gutter': no contact 'nobody@x.example' of that email "
                                   "or name")]
    got = deals(store)
    assert (got["Roof repair"]["value_minor"], got["Roof repair"]["currency"],
            got["Roof repair"]["stage"], got["Roof repair"]["contact"],
            got["Roof repair"]["expected_close"]) == (123450, "EUR", "Negotiating", "Ann Roof",
                                                     "2026-03-31")
    assert got["Gutter"]["stage"] == "Interested"


def test_our_own_deals_csv_comes_back(demo_store: Store, store: Store, tmp_path: Path) -> None:
    export_all(demo_store, tmp_path / "out")
    import_contacts(store, tmp_path / "out" / "contacts.csv")
    result = import_file(store, tmp_path / "out" / "deals.csv", "deals")
    assert (result.created, result.rejects, result.unlinked) == (60, [], [])
    sql = ("SELECT d.title, d.value_minor, d.currency, s.name, d.probability, d.expected_close, "
           "d.lost_reason, c.email, co.name AS company FROM deals d "
           "JOIN stages s ON s.id = d.stage_id LEFT JOIN contacts c ON c.id = d.contact_id "
           "LEFT JOIN companies co ON co.id = d.company_id ORDER BY d.title, d.id")
    assert [tuple(r.values()) for r in store.query(sql)] == \
        [tuple(r.values()) for r in demo_store.query(sql)]
    # closed deals keep the day they closed
    assert store.query("SELECT title, closed_at FROM deals WHERE closed_at IS NOT NULL "
                       "ORDER BY title, id") == demo_store.query(
        "SELECT title, closed_at FROM deals WHERE closed_at IS NOT NULL ORDER BY title, id")


def test_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "b.db"
    sheet = tmp_path / "pipeline.csv"
    sheet.write_bytes(b"Deal Name,Deal Stage,Amount,Currency\nRoof,Proposal,10,USD\n"
                      b"Wall,Proposal,x,USD\n")
    assert main(["--db", str(db), "import", "deals", str(sheet), "--dry-run"]) == 1
    out = capsys.readouterr()
    assert out.out.startswith("Would import deals from Spreadsheet (map the columns): 1 new")
    assert "line 3: amount 'x' is not a number" in out.err
    assert main(["--db", str(db), "import", "deals", str(sheet),
                 "--stage", "Proposal=Evaluating"]) == 1
    assert "Undo with: sm-desk imports --undo 1" in capsys.readouterr().out
    assert main(["--db", str(db), "import", "deals", str(sheet), "--stage", "Proposal"]) == 2
    assert main(["--db", str(db), "import", "deals", str(tmp_path / "none.csv")]) == 4
    assert main(["--db", str(db), "imports", "--undo", "1"]) == 0
