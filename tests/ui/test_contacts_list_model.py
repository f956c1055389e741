"""The contacts list model over SQL: bounded pages, sorting by a header click, a search
by company or tag, an edit repainted with the selection kept, the companies read late."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from sm_desk.core.contacts.service import create_contact, created_id, update_contact
from sm_desk.core.custom_fields import define_field, set_values
from sm_desk.core.store import Store
from sm_desk.ui.contacts import model as contacts_model
from sm_desk.ui.contacts.model import ContactsModel
from sm_desk.ui.contacts.page import ContactsPage
from sm_desk.ui.context import AppContext


def _people(store: Store, count: int) -> list[int]:
    return [created_id(create_contact(store, {
        "first_name": f"Person{i:03d}", "email": f"p{i}@example.com",
        "company": ("Green Bakery", "Kiln & Co", "")[i % 3]}, tags=["vip"] if i % 4 == 0 else []))
        for i in range(count)]


def test_the_model_keeps_a_bounded_number_of_rows(store: Store,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(contacts_model, "PAGE", 5)
    monkeypatch.setattr(contacts_model, "PAGES", 2)
    ids = _people(store, 40)
    for text in ("", "person"):  # every contact by offset; a search by its ids
        model = ContactsModel(store)
        model.set_filter(text=text)
        assert model.rowCount() == 40
        names = [model.index(row, 0).data() for row in range(40)]
        assert names == sorted(names) and model.cached_rows <= 10
        assert [model.contact_id(row) for row in range(40)] == ids
        assert model.row_of(ids[3]) == 3 and model.row_of(ids[37]) == 37
        assert model.cached_rows <= 10
        assert model.visible_ids() == ids


def test_a_word_only_in_the_company_or_a_tag_finds_the_contact(qtbot: QtBot,
                                                               store: Store) -> None:
    ids = _people(store, 12)
    page = ContactsPage(AppContext(store))
    qtbot.addWidget(page)
    qtbot.keyClicks(page.search, "bakery")
    qtbot.waitUntil(lambda: page.model.rowCount() == 4)
    assert {page.model.contact_id(r) for r in range(4)} == {ids[i] for i in (0, 3, 6, 9)}
    assert page.count.text() == "4 of 12"
    page.search.clear()
    qtbot.keyClicks(page.search, "vip kiln")  # a tag and a company: both must find it
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert page.model.contact_id(0) == ids[4]


def test_a_header_click_sorts_in_sql_blanks_last(qtbot: QtBot, store: Store) -> None:
    ids = _people(store, 6)
    define_field(store, "contacts", "Seats", "number")
    for i, seats in ((1, "12"), (2, "3"), (4, "100")):
        set_values(store, "contacts", ids[i], {"Seats": seats})
    page = ContactsPage(AppContext(store))
    qtbot.addWidget(page)
    page.view.sortByColumn(2, Qt.SortOrder.DescendingOrder)  # company
    companies = [page.model.index(r, 2).data() for r in range(6)]
    assert companies == ["Kiln & Co", "Kiln & Co", "Green Bakery", "Green Bakery", "", ""]
    page.view.sortByColumn(5, Qt.SortOrder.AscendingOrder)  # the custom number field
    assert [page.model.contact_id(r) for r in range(3)] == [ids[2], ids[1], ids[4]]
    assert page.model.index(5, 5).data() == ""  # no value: last
    page.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert page.model.contact_id(0) == ids[5]


def test_an_edit_repaints_the_row_and_keeps_the_selection(qtbot: QtBot, store: Store) -> None:
    ids = _people(store, 30)
    page = ContactsPage(AppContext(store))
    qtbot.addWidget(page)
    page.select_contact(ids[20])
    update_contact(store, ids[20], {"first_name": "Aaron"})  # moves it to the top
    assert page.current_id() == ids[20]
    row = page.model.row_of(ids[20])
    assert row == 0 and page.model.index(row, 0).data() == "Aaron"
    assert page.detail.title.text() == "Aaron"


def test_the_companies_are_read_when_their_tab_is_first_shown(qtbot: QtBot,
                                                              store: Store) -> None:
    _people(store, 3)
    page = ContactsPage(AppContext(store))
    qtbot.addWidget(page)
    assert page._companies is None
    page.tabs.setCurrentIndex(1)
    assert page._companies is not None and page.companies.rowCount() == 2
    create_contact(store, {"first_name": "Ann", "company": "Third Co"})
    assert page.companies.rowCount() == 3


def test_the_companies_list_reads_its_rows_a_page_at_a_time(
        store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    from sm_desk.core.contacts.service import create_company
    from sm_desk.ui.contacts.model import CompaniesModel

    monkeypatch.setattr(contacts_model, "PAGE", 4)
    monkeypatch.setattr(contacts_model, "PAGES", 2)
    for i in range(20):
        create_company(store, f"Firm {19 - i:02d}")
    create_contact(store, {"first_name": "Ann", "company": "Firm 07"})
    companies = CompaniesModel(store)
    assert companies.rowCount() == 20
    names = [companies.index(r, 0).data() for r in range(20)]
    assert names == sorted(names) and len(companies._pages) <= 2
    row = companies.row_of_company(companies.company_id(7))
    assert row == 7 and companies.index(7, 0).data() == "Firm 07"
    assert companies.index(7, 3).data() == 1 and companies.index(6, 3).data() == 0


def test_a_painted_cell_gets_its_text_from_one_call(qtbot: QtBot, store: Store) -> None:
    from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

    _people(store, 3)
    page = ContactsPage(AppContext(store))
    qtbot.addWidget(page)
    delegate = page.view.itemDelegate()
    assert isinstance(delegate, QStyledItemDelegate)
    for column, text in ((0, "Person000"), (2, "Green Bakery")):
        option = QStyleOptionViewItem()
        delegate.initStyleOption(option, page.model.index(0, column))  # what a paint does
        assert option.text == text == page.model.index(0, column).data()


def test_the_count_follows_the_lifecycle_filter(qtbot: QtBot, store: Store) -> None:
    ids = _people(store, 5)
    from sm_desk.core.contacts.service import set_lifecycle

    set_lifecycle(store, ids[:2], "customer")
    page = ContactsPage(AppContext(store))
    qtbot.addWidget(page)
    assert page.count.text() == "5 contacts"
    page.lifecycle.setCurrentIndex(page.lifecycle.findData("customer"))
    assert page.model.rowCount() == 2 and page.count.text() == "2 of 5"
