"""The import preview says what each row will change, old -> new; the user skips one
matching row, updates two, imports, and undoes the import from the history: every
contact is back exactly as it was (fields, custom values, timestamps, tags)."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from sm_desk.core.contacts.service import create_contact, created_id
from sm_desk.core.custom_fields import define_field, set_values
from sm_desk.core.store import Store
from sm_desk.ui.contacts.wizard import ImportWizard
from sm_desk.ui.imports.dialogs import ImportHistoryDialog


def _snapshot(store: Store) -> dict[str, list[tuple[object, ...]]]:
    return {
        "contacts": [tuple(r.values()) for r in store.query("SELECT * FROM contacts ORDER BY id")],
        "companies": [tuple(r.values()) for r in store.query("SELECT * FROM companies")],
        "tags": [tuple(r.values()) for r in store.query("SELECT * FROM tags ORDER BY id")],
        "links": [tuple(r.values()) for r in store.query(
            "SELECT contact_id, tag_id FROM contact_tags ORDER BY 1, 2")],
        "custom": [tuple(r.values()) for r in store.query(
            "SELECT field_id, contact_id, value FROM custom_values ORDER BY 1, 2")],
        "tasks": [tuple(r.values()) for r in store.query("SELECT * FROM tasks ORDER BY id")],
    }


def test_preview_shows_old_and_new_then_skip_one_update_two_and_undo_exactly(
        qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    define_field(store, "contacts", "Shoe size", "text")
    people = [("Ana", "ana@example.com", "555-0100", "Intern"),
              ("Bob", "bob@example.com", "555-0101", "Clerk"),
              ("Cy", "cy@example.com", "555-0102", "Driver")]
    ids = [created_id(create_contact(store, {"first_name": n, "email": e, "phone": p,
                                             "job_title": t}, tags=["old"]))
           for n, e, p, t in people]
    set_values(store, "contacts", ids[0], {"Shoe size": "38"})
    store.conn.execute("UPDATE contacts SET updated_at = '2026-01-05T08:00:00Z'")
    store.conn.commit()
    before = _snapshot(store)
    path = tmp_path / "crm-export.csv"
    path.write_text("First Name,Email,Phone,Job Title,Shoe size,Tags\n"
                    "Ana,ANA@example.com,555-0199,Director,39,fair\n"
                    "Bob,bob@example.com,555-0198,Manager,,\n"
                    "Cy,cy@example.com,555-0197,Owner,,fair\n"
                    "Dee,dee@example.com,,Buyer,,\n", encoding="utf-8")
    wizard = ImportWizard(store)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.keyClicks(wizard.file_page.path, str(path))
    wizard.next()
    assert "UTF-8" in wizard.mapping_page.info.text()
    wizard.next()
    page = wizard.preview_page
    assert page is wizard.currentPage()
    rows = {r[0]: r for r in page.model.rows}
    assert [rows[line][1] for line in (2, 3, 4, 5)] == [
        "Updates 4 fields", "Updates 2 fields", "Updates 3 fields", "New"]
    assert rows[2][3] == ("Phone: 555-0100 → 555-0199; Job title: Intern → Director; "
                          "Tags: old → + fair; Shoe size: 38 → 39")
    assert rows[3][3] == "Phone: 555-0101 → 555-0198; Job title: Clerk → Manager"
    assert set(page.choice_boxes) == {2, 3, 4}  # the rows that match a contact

    box = page.choice_boxes[3]  # Bob: skip
    box.setCurrentIndex(box.findData("skip"))
    box.activated.emit(box.currentIndex())
    rows = {r[0]: r for r in page.model.rows}
    assert (rows[3][1], rows[3][3]) == ("Skipped", "")
    assert page.summary.text().startswith(
        "The first 4 rows: 1 new, 2 updating a contact, 0 unchanged, 1 skipped")
    assert _snapshot(store) == before  # a preview writes nothing

    wizard.next()
    qtbot.waitUntil(lambda: wizard.result_page.finished, timeout=5000)
    result = wizard.import_result
    assert result is not None and (result.created, result.updated) == (1, 2)
    by_email = {r["email"]: r for r in store.query("SELECT * FROM contacts")}
    assert (by_email["ana@example.com"]["phone"], by_email["ana@example.com"]["job_title"]) == (
        "555-0199", "Director")
    assert (by_email["cy@example.com"]["job_title"]) == "Owner"
    assert tuple(by_email["bob@example.com"].values()) == before["contacts"][1]  # skipped
    assert "dee@example.com" in by_email

    history = ImportHistoryDialog(store)
    qtbot.addWidget(history)
    history.undo_selected(confirm=False)
    assert history.report.toPlainText().startswith(
        "Removed 2 records the import created, restored 2 it had updated.")  # Dee, tag fair
    assert _snapshot(store) == before


def test_choosing_the_encoding_rereads_the_samples_at_once(qtbot: QtBot, store: Store,
                                                           tmp_path: Path) -> None:
    from PySide6.QtWidgets import QLabel

    path = tmp_path / "greek.csv"  # two Greek names: too few to tell from Cyrillic
    path.write_bytes("First Name,Last Name,Email\nΓιώργος,Παπαδόπουλος,g@example.gr\n"
                     "Νίκη,Σταύρου,n@example.gr\n".encode("cp1253"))
    wizard = ImportWizard(store)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.keyClicks(wizard.file_page.path, str(path))
    wizard.next()
    page = wizard.mapping_page

    def samples() -> list[str]:
        return [label.text() for label in page.grid_host.findChildren(QLabel)]

    assert page.encoding.currentText() == "Windows-1251 (found in the file)"
    assert "Γιώργος | Νίκη" not in samples()
    page.encoding.setCurrentIndex(page.encoding.findData("cp1253"))
    page.encoding.activated.emit(page.encoding.currentIndex())
    assert "Γιώργος | Νίκη" in samples()
    assert page.info.text().startswith("greek.csv: Windows-1253, comma-separated")
    assert page.encoding.currentText() == "Windows-1253"
    wizard.next()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.result_page.finished, timeout=5000)
    assert [r["first_name"] for r in store.query("SELECT first_name FROM contacts")] == [
        "Γιώργος", "Νίκη"]
