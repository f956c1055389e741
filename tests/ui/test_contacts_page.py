"""Contacts page: search, create, delete + undo; the import wizard's mapping and preview."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton
from pytestqt.qtbot import QtBot

from sm_desk.core.store import Store
from sm_desk.ui.contacts.company_dialog import CompanyDialog
from sm_desk.ui.contacts.dialogs import ContactDialog
from sm_desk.ui.contacts.page import ContactsPage
from sm_desk.ui.contacts.wizard import ImportWizard
from sm_desk.ui.context import AppContext


def test_search_narrows_the_list_by_name_email_company_and_tag(qtbot: QtBot,
                                                               demo_store: Store) -> None:
    page = ContactsPage(AppContext(demo_store))
    qtbot.addWidget(page)
    total = demo_store.scalar("SELECT count(*) FROM contacts")
    assert page.model.rowCount() == total
    row = demo_store.query_one("SELECT email FROM contacts ORDER BY id LIMIT 1")
    assert row is not None
    qtbot.keyClicks(page.search, row["email"].upper())
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert page.detail.title.text() != "No contact selected"
    page.search.clear()
    qtbot.waitUntil(lambda: page.model.rowCount() == total)
    tag = demo_store.query_one(
        "SELECT t.name, count(*) AS n FROM tags t JOIN contact_tags ct ON ct.tag_id = t.id "
        "GROUP BY t.id ORDER BY n DESC LIMIT 1")
    assert tag is not None
    qtbot.keyClicks(page.search, tag["name"])
    qtbot.waitUntil(lambda: page.model.rowCount() < total)
    assert page.model.rowCount() >= tag["n"]
    assert page.count.text().endswith(f"of {total:,}")


def test_create_then_delete_then_undo(qtbot: QtBot, window) -> None:  # type: ignore[no-untyped-def]
    store = window.ctx.store
    page = window.show_workspace("contacts")
    before = store.scalar("SELECT count(*) FROM contacts")

    def fill_dialog() -> None:
        dialog = next(w for w in QApplication.topLevelWidgets()
                      if isinstance(w, ContactDialog) and w.isVisible())
        qtbot.keyClicks(dialog.findChild(QLineEdit, "first_name"), "Zelda")
        qtbot.keyClicks(dialog.findChild(QLineEdit, "email"), "zelda@example.org")
        qtbot.keyClicks(dialog.findChild(QLineEdit, "company"), "Hyrule Ltd")
        qtbot.keyClicks(dialog.findChild(QLineEdit, "tags"), "vip, fair")
        dialog.save()
    QTimer.singleShot(0, fill_dialog)
    qtbot.mouseClick(page.findChild(QPushButton, "contacts_new"), Qt.MouseButton.LeftButton)
    created = store.query_one("SELECT * FROM contacts WHERE email = 'zelda@example.org'")
    assert created is not None and created["first_name"] == "Zelda"
    assert page.model.rowCount() == before + 1
    assert page.current_id() == created["id"]
    assert "Hyrule Ltd" in page.detail.facts.text()

    qtbot.mouseClick(page.findChild(QPushButton, "contacts_delete"), Qt.MouseButton.LeftButton)
    assert store.get("contacts", created["id"]) is None
    assert page.model.row_of(created["id"]) is None
    window.undo()
    assert store.get("contacts", created["id"]) is not None
    assert store.scalar("SELECT count(*) FROM contact_tags WHERE contact_id = ?",
                        [created["id"]]) == 2
    assert page.model.row_of(created["id"]) is not None


def test_import_wizard_mapping_and_preview(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    path = tmp_path / "pipedrive.csv"
    path.write_text("Person - Name;Person - Email;Shoe size;Organization - Name\n"
                    "Ana Diaz;ana@example.com;38;Acme\n"
                    "Bob;bob@;44;\n"
                    "Ana D.;ANA@example.com;38;\n", encoding="utf-16")
    wizard = ImportWizard(store)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.keyClicks(wizard.file_page.path, str(path))
    wizard.next()
    assert wizard.currentPage() is wizard.mapping_page
    assert wizard.mapping_page.mapping() == ["full_name", "email", None, "company"]
    assert "UTF-16 LE, semicolon-separated" in wizard.mapping_page.info.text()
    # The user maps the shoe size column to notes.
    combo = wizard.mapping_page.combos[2]
    combo.setCurrentIndex(combo.findData("notes"))
    wizard.next()
    assert wizard.currentPage() is wizard.preview_page
    rows = wizard.preview_page.model.rows
    assert [(r[0], r[1]) for r in rows] == [
        (2, "New"), (3, "Rejected: bad email 'bob@'"),
        (4, "Duplicate: merged into line 2 (same email)")]
    assert rows[0][4:] == ["Ana", "D.", "ANA@example.com", "", "Acme", "", "", "38", ""]
    assert wizard.preview_page.summary.text().startswith(
        "The first 3 rows: 1 new, 0 updating a contact, 0 unchanged, 0 skipped, "
        "1 duplicate in the file, 1 rejected.")
    assert store.scalar("SELECT count(*) FROM contacts") == 0  # a preview writes nothing
    wizard.next()
    qtbot.waitUntil(lambda: wizard.result_page.finished, timeout=5000)
    assert store.query("SELECT first_name, last_name, notes FROM contacts") == [
        {"first_name": "Ana", "last_name": "D.", "notes": "38"}]
    assert wizard.result_page.model.rows == [[3, "bad email 'bob@'",
                                              "Bob | bob@ | 44 | "]]
    assert wizard.result_page.title() == "Import finished: 1 row needs fixing"


def _company_dialog() -> CompanyDialog:
    return next(w for w in QApplication.topLevelWidgets()
                if isinstance(w, CompanyDialog) and w.isVisible())


def test_companies_are_created_and_edited_with_their_custom_fields(qtbot: QtBot,
                                                                   store: Store) -> None:
    from sm_desk.core.custom_fields import define_field, find_field, values_for

    define_field(store, "companies", "Account number", "text")
    page = ContactsPage(AppContext(store))
    qtbot.addWidget(page)

    def fill_new() -> None:
        dialog = _company_dialog()
        dialog.save()  # no name yet: refused, the dialog stays open and says why
        assert "a company needs a name" in dialog.problem.text()
        qtbot.keyClicks(dialog.findChild(QLineEdit, "company_name"), "Kiln & Co")
        qtbot.keyClicks(dialog.findChild(QLineEdit, "company_website"), "kiln.example")
        qtbot.keyClicks(dialog.findChild(QLineEdit, "custom_Account number"), "A-17")
        dialog.save()
    QTimer.singleShot(0, fill_new)
    qtbot.mouseClick(page.findChild(QPushButton, "new_company"), Qt.MouseButton.LeftButton)
    company = store.query_one("SELECT * FROM companies")
    assert company is not None
    assert (company["name"], company["website"]) == ("Kiln & Co", "kiln.example")
    field = find_field(store, "companies", "Account number")
    assert field is not None
    assert values_for(store, "companies") == {company["id"]: {field.id: "A-17"}}
    assert page.companies.rowCount() == 1 and page.company_view.currentIndex().row() == 0

    def fill_edit() -> None:
        dialog = _company_dialog()
        assert dialog.findChild(QLineEdit, "custom_Account number").text() == "A-17"
        industry = dialog.findChild(QLineEdit, "company_industry")
        qtbot.keyClicks(industry, "Ceramics")
        dialog.save()
    QTimer.singleShot(0, fill_edit)
    qtbot.keyClick(page.company_view, Qt.Key.Key_Return)  # Enter edits the current company
    assert store.get("companies", company["id"])["industry"] == "Ceramics"  # type: ignore[index]
    assert page.companies.index(0, 2).data() == "Ceramics"
    store.undo()
    assert store.get("companies", company["id"])["industry"] is None  # type: ignore[index]
