"""A Pipedrive deals export through the wizard: the layout is found, one foreign stage is
mapped by hand, the preview's dry run writes nothing, the import lands on the board."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from sm_desk.core.store import Store
from sm_desk.ui.context import AppContext
from sm_desk.ui.imports.crm_wizard import CrmImportWizard
from sm_desk.ui.sales.page import SalesPage
from tests.io.crm_helpers import add_contacts

DEALS = (
    b"Deal - ID,Deal - Title,Deal - Owner,Deal - Value,Deal - Currency,Deal - Probability,"
    b"Deal - Organization,Deal - Contact person,Deal - Stage,Deal - Status,"
    b"Deal - Deal created,Deal - Won time,Deal - Expected close date\r\n"
    b"201,Harbour refit,Me,48000,EUR,50,,Jo Smith,Demo Scheduled,open,"
    b"2026-11-02 10:00:00,,2026-12-15\r\n"
    b"202,Dock lights,Me,3200.75,EUR,,,Jo Smith,Qualified,open,2026-11-03 10:00:00,,\r\n"
    b"203,Crane service,Me,999,EUR,,,,Negotiations Started,won,2026-10-01 10:00:00,"
    b"2026-11-10 15:00:00,\r\n"
    b"204,,Me,1,EUR,,,,Qualified,open,2026-11-03 10:00:00,,\r\n")


def _stage(store: Store, name: str) -> int:
    return int(store.scalar("SELECT id FROM stages WHERE name = ?", [name]))


def test_pipedrive_deals_through_the_wizard_onto_the_board(qtbot: QtBot, store: Store,
                                                           tmp_path: Path) -> None:
    add_contacts(store, ("Jo", "Smith", "jo@harbour.example"))
    path = tmp_path / "deals-export.csv"
    path.write_bytes(DEALS)
    wizard = CrmImportWizard(store)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.keyClicks(wizard.file_page.path, str(path))
    qtbot.keyClicks(wizard.file_page.zone, "Europe/Berlin")
    wizard.next()
    assert wizard.currentPage() is wizard.mapping_page
    assert wizard.entity == "deals"
    assert wizard.mapping_page.layout_box.currentText() == "Pipedrive"
    assert [c.currentData() for c in wizard.mapping_page.combos][:4] == [
        "source_id", "title", "owner", "amount"]
    wizard.next()
    page = wizard.stage_page
    assert wizard.currentPage() is page
    assert list(page.combos) == ["Demo Scheduled", "Qualified"]  # won ones go by status
    # By hand: their "Demo Scheduled" is our "Evaluating"; "Qualified" left as proposed.
    combo: QComboBox = page.combos["Demo Scheduled"]
    combo.setCurrentIndex(combo.findText("Evaluating"))
    assert page.combos["Qualified"].currentText() == "Interested"  # nothing obvious: first
    wizard.next()
    preview = wizard.preview_page
    assert wizard.currentPage() is preview
    assert preview.summary.text().startswith("Would import deals from Pipedrive: 3 new")
    assert preview.problems.rows == [[5, "rejected: the title is empty"]]
    assert [row[:3] for row in preview.model.rows] == [
        [2, "new", "Harbour refit"], [3, "new", "Dock lights"], [4, "new", "Crane service"]]
    assert store.scalar("SELECT count(*) FROM deals") == 0  # the dry run wrote nothing
    wizard.next()
    result = wizard.result_page
    assert result.finished
    assert result.summary.text().startswith("Imported deals from Pipedrive: 3 new")
    assert store.query("SELECT title, value_minor, currency, stage_id, probability, "
                       "expected_close, closed_at, source_id FROM deals ORDER BY id") == [
        {"title": "Harbour refit", "value_minor": 4800000, "currency": "EUR",
         "stage_id": _stage(store, "Evaluating"), "probability": 50,
         "expected_close": "2026-12-15", "closed_at": None, "source_id": "pipedrive:201"},
        {"title": "Dock lights", "value_minor": 320075, "currency": "EUR",
         "stage_id": _stage(store, "Interested"), "probability": None,
         "expected_close": None, "closed_at": None, "source_id": "pipedrive:202"},
        {"title": "Crane service", "value_minor": 99900, "currency": "EUR",
         "stage_id": _stage(store, "Won"), "probability": None, "expected_close": None,
         "closed_at": "2026-11-10T14:00:00Z", "source_id": "pipedrive:203"}]
    assert store.setting("crm_stage_map")["pipedrive"]["demo scheduled"] == \
        _stage(store, "Evaluating")

    # The board shows each deal in its column.
    sales = SalesPage(AppContext(store), today=lambda: date(2026, 11, 23),
                      now=lambda: datetime(2026, 11, 23, 10, 0, tzinfo=UTC))
    qtbot.addWidget(sales)
    sales.reload()
    titles = {sid: [card["title"] for card in column.model.cards]
              for sid, column in sales.board.columns.items()}
    assert titles[_stage(store, "Evaluating")] == ["Harbour refit"]
    assert titles[_stage(store, "Interested")] == ["Dock lights"]
    assert "Crane service" in titles[_stage(store, "Won")]

    # Undo from the last page takes it all back.
    qtbot.mouseClick(result.undo, Qt.MouseButton.LeftButton)
    assert store.scalar("SELECT count(*) FROM deals") == 0


def test_linkedin_connections_through_the_wizard(qtbot: QtBot, store: Store) -> None:
    data = Path(__file__).parent.parent / "data" / "contacts" / "linkedin_connections.csv"
    wizard = CrmImportWizard(store)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.keyClicks(wizard.file_page.path, str(data))
    wizard.next()
    assert wizard.currentPage() is wizard.result_page  # found by its columns: no matching
    assert wizard.result_page.summary.text().startswith("Imported 3 rows: 3 new")
    assert store.query(
        "SELECT c.last_name, t.name AS tag, v.value AS connected FROM contacts c "
        "JOIN contact_tags ct ON ct.contact_id = c.id JOIN tags t ON t.id = ct.tag_id "
        "JOIN custom_values v ON v.contact_id = c.id ORDER BY c.id") == [
        {"last_name": "O'Connor", "tag": "LinkedIn", "connected": "2024-03-12"},
        {"last_name": "Verma", "tag": "LinkedIn", "connected": "2023-02-01"},
        {"last_name": "Brandt", "tag": "LinkedIn", "connected": "2022-11-30"}]
