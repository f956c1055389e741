"""GUI: the trash dialog, the duplicates dialog, saved views and custom fields, each
driven as a user would, then checked in the database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit
from pytestqt.qtbot import QtBot

from sm_desk.core import trash
from sm_desk.core.contacts.service import create_contact, created_id
from sm_desk.core.custom_fields import define_field, find_field, values_for
from sm_desk.core.sales.activities import log_activity
from sm_desk.core.sales.deals import create_deal, delete_deal, new_id
from sm_desk.core.sales.pipeline import stalled_window
from sm_desk.core.store import Store
from sm_desk.io.csv_export import export_contacts
from sm_desk.io.csv_import import import_contacts
from sm_desk.ui.contacts.dialogs import ContactDialog
from sm_desk.ui.contacts.duplicates_dialog import DuplicatesDialog
from sm_desk.ui.contacts.page import ContactsPage
from sm_desk.ui.context import AppContext
from sm_desk.ui.custom_fields_dialog import CustomFieldsDialog
from sm_desk.ui.sales.table import DealTable
from sm_desk.ui.trash_dialog import TrashDialog

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def _people(store: Store) -> list[int]:
    ids = [created_id(create_contact(store, {"first_name": "Ana", "last_name": "Ruiz",
                                             "email": "ana@x.com", "company": "Ruiz SL"},
                                     tags=["vip"])),
           created_id(create_contact(store, {"first_name": "Ana", "last_name": "Ruiz",
                                             "company": "Ruiz SL", "phone": "600 111 222"},
                                     tags=["fair"])),
           created_id(create_contact(store, {"first_name": "Anna", "email": "ANA@x.com",
                                             "job_title": "Owner"})),
           created_id(create_contact(store, {"first_name": "Ben", "email": "ben@y.com"}))]
    for i, contact in enumerate(ids):
        deal = new_id(create_deal(store, {"title": f"Deal {i}", "contact_id": contact,
                                          "value_minor": (i + 1) * 10_000}, NOW))
        log_activity(store, "call", "hello", NOW - timedelta(days=1), NOW, deal_id=deal)
    return ids


def test_trash_dialog_restores_a_deal_with_its_activities(qtbot: QtBot, store: Store) -> None:
    _people(store)
    ctx = AppContext(store)
    before = store.query("SELECT * FROM activities ORDER BY id")
    delete_deal(store, 1)
    dialog = TrashDialog(ctx)
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 1
    assert dialog.model.index(0, 1).data() == "Deal 0"
    dialog.view.selectRow(0)
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert store.get("deals", 1)["title"] == "Deal 0"
    assert store.query("SELECT * FROM activities ORDER BY id") == before
    assert dialog.model.rowCount() == 0 and dialog.empty.isVisibleTo(dialog)
    store.undo()  # the restore is one step
    assert store.get("deals", 1) is None and dialog.model.rowCount() == 1
    qtbot.mouseClick(dialog.forget_button, Qt.MouseButton.LeftButton)
    assert trash.list_entries(store) == []


def test_contacts_delete_button_sends_the_contact_to_the_trash(qtbot: QtBot,
                                                               store: Store) -> None:
    ids = _people(store)
    page = ContactsPage(AppContext(store))
    qtbot.addWidget(page)
    page.select_contact(ids[3])
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert store.get("contacts", ids[3]) is None
    [entry] = trash.list_entries(store)
    trash.restore(store, entry["id"])
    assert store.get("deals", 4)["contact_id"] == ids[3]
    assert page.model.row_of(ids[3]) is not None


def test_duplicates_dialog_merges_a_group_of_three_choosing_fields(qtbot: QtBot,
                                                                   store: Store) -> None:
    ids = _people(store)
    dialog = DuplicatesDialog(AppContext(store))
    qtbot.addWidget(dialog)
    assert [g.ids for g in dialog.groups] == [ids[:3]]
    dialog.survivor.setCurrentIndex(dialog.survivor.findData(ids[1]))
    first = dialog.findChild(QComboBox, "merge_field_first_name")
    first.setCurrentIndex(first.findData("Anna"))
    email = dialog.findChild(QComboBox, "merge_field_email")
    email.setCurrentIndex(email.findData("ANA@x.com"))
    qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    survivor = store.get("contacts", ids[1])
    assert (survivor["first_name"], survivor["email"], survivor["job_title"],
            survivor["phone"]) == ("Anna", "ANA@x.com", "Owner", "600 111 222")
    assert store.scalar("SELECT count(*) FROM contacts") == 2
    assert store.scalar("SELECT count(*) FROM deals WHERE contact_id = ?", [ids[1]]) == 3
    assert store.scalar("SELECT count(*) FROM activities a JOIN deals d ON d.id = a.deal_id "
                        "WHERE d.contact_id = ?", [ids[1]]) == 3
    assert store.scalar("SELECT count(*) FROM contact_tags WHERE contact_id = ?",
                        [ids[1]]) == 2
    assert dialog.groups == []
    store.undo()
    assert store.scalar("SELECT count(*) FROM contacts") == 4


def _pick(qtbot: QtBot, combo: QComboBox, name: str) -> None:
    """Choose a saved view with the keyboard, as a user would."""
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    while combo.currentText() != name:
        qtbot.keyClick(combo, Qt.Key.Key_Down)


def test_saved_view_on_the_deal_table(qtbot: QtBot, store: Store,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    _people(store)
    table = DealTable(store)
    qtbot.addWidget(table)
    table.load(stalled_window(store, NOW.date()), ("2026-11-01", "2026-12-01"))
    qtbot.keyClicks(table.search, "deal")
    table.view.sortByColumn(4, Qt.SortOrder.DescendingOrder)  # by value, biggest first
    table.view.horizontalHeader().setSectionHidden(2, True)  # no Company column
    monkeypatch.setattr("sm_desk.ui.widgets.saved_views.QInputDialog.getText",
                        lambda *a, **k: ("Biggest first", True))
    qtbot.mouseClick(table.views.save_button, Qt.MouseButton.LeftButton)
    assert store.scalar("SELECT name FROM saved_views WHERE page = 'deals'") == "Biggest first"
    table.search.clear()
    table.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    table.view.horizontalHeader().setSectionHidden(2, False)
    qtbot.keyClicks(table.search, "Deal 1")
    assert len(table.model.rows) == 1
    _pick(qtbot, table.views.combo, "Biggest first")
    assert table.search.text() == "deal"
    assert [r["title"] for r in table.model.rows] == ["Deal 3", "Deal 2", "Deal 1", "Deal 0"]
    assert table.view.horizontalHeader().isSectionHidden(2)


def test_saved_view_on_the_contacts_list(qtbot: QtBot, store: Store) -> None:
    _people(store)
    page = ContactsPage(AppContext(store))
    qtbot.addWidget(page)
    page.lifecycle.setCurrentIndex(page.lifecycle.findData("prospect"))
    qtbot.keyClicks(page.search, "ana")
    qtbot.waitUntil(lambda: page.model.rowCount() == 3)
    page.view.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    page.view.horizontalHeader().setSectionHidden(4, True)
    page.views.save_as("Ana's")
    page.search.clear()
    page.lifecycle.setCurrentIndex(0)
    page.view.horizontalHeader().setSectionHidden(4, False)
    qtbot.waitUntil(lambda: page.model.rowCount() == 4)
    _pick(qtbot, page.views.combo, "Ana's")
    assert page.model.rowCount() == 3
    assert page.lifecycle.currentData() == "prospect"
    emails = [page.model.index(r, 1).data() for r in range(3)]
    assert emails == ["ana@x.com", "ANA@x.com", ""]  # by email, descending, blanks last
    assert page.view.horizontalHeader().isSectionHidden(4)


def test_custom_field_defined_filled_filtered_exported_reimported(
        qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    ids = _people(store)
    ctx = AppContext(store)
    fields = CustomFieldsDialog(ctx)
    qtbot.addWidget(fields)
    qtbot.keyClicks(fields.name, "Kiln model")
    qtbot.mouseClick(fields.add_button, Qt.MouseButton.LeftButton)
    field = find_field(store, "contacts", "Kiln model")
    assert field is not None and field.kind == "text"
    define_field(store, "deals", "Seats", "number")

    page = ContactsPage(ctx)
    qtbot.addWidget(page)
    assert page.model.headerData(5, Qt.Orientation.Horizontal) == "Kiln model"
    page.select_contact(ids[3])

    def fill() -> None:
        dialog = next(w for w in QApplication.topLevelWidgets()
                      if isinstance(w, ContactDialog) and w.isVisible())
        qtbot.keyClicks(dialog.findChild(QLineEdit, "custom_Kiln model"), "Nabertherm N100")
        dialog.save()

    from PySide6.QtCore import QTimer
    QTimer.singleShot(0, fill)
    page.edit()
    assert values_for(store, "contacts") == {ids[3]: {field.id: "Nabertherm N100"}}
    assert store.undo_label == "Edit contact"
    qtbot.keyClicks(page.search, "nabertherm")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert page.model.contact_id(0) == ids[3]
    assert page.model.index(0, 5).data() == "Nabertherm N100"

    out = tmp_path / "contacts.csv"
    export_contacts(store, out)
    fresh = Store.memory()
    define_field(fresh, "contacts", "Kiln model", "text")
    result = import_contacts(fresh, out)
    assert result.created == 3  # the two ana@x.com rows fold into one
    ben = fresh.scalar("SELECT id FROM contacts WHERE email = 'ben@y.com'")
    again = find_field(fresh, "contacts", "Kiln model")
    assert again is not None
    assert values_for(fresh, "contacts") == {ben: {again.id: "Nabertherm N100"}}
    fresh.close()


def test_saved_views_on_the_calendar_and_the_tasks_view(qtbot: QtBot, store: Store) -> None:
    from sm_desk.core.marketing.campaigns import create_campaign
    from sm_desk.ui.marketing.page import MarketingPage
    from sm_desk.ui.tasks.page import TasksPage

    create_campaign(store, {"name": "Spring fair"})
    ctx = AppContext(store)
    calendar = MarketingPage(ctx)
    qtbot.addWidget(calendar)
    calendar.campaign_filter.setCurrentIndex(calendar.campaign_filter.count() - 1)
    calendar.kind_filter.setCurrentIndex(calendar.kind_filter.findData("event"))
    calendar.set_view("agenda")
    calendar.views.save_as("Fair events")
    calendar.kind_filter.setCurrentIndex(0)
    calendar.set_view("month")
    _pick(qtbot, calendar.views.combo, "Fair events")
    assert (calendar.view, calendar.kind_filter.currentData(),
            calendar.campaign_filter.currentText()) == ("agenda", "event", "Spring fair")

    tasks = TasksPage(ctx)
    qtbot.addWidget(tasks)
    tasks.show_section("overdue")
    tasks.tree.header().setSectionHidden(2, True)
    tasks.views.save_as("Late")
    tasks.show_section("unassigned")
    tasks.tree.header().setSectionHidden(2, False)
    _pick(qtbot, tasks.views.combo, "Late")
    assert tasks.section == "overdue" and tasks.tree.header().isSectionHidden(2)
    assert sorted(r["page"] for r in store.query("SELECT page FROM saved_views")) == [
        "calendar", "tasks"]
