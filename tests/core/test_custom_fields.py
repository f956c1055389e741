"""Custom fields: defined once, checked per kind, stored without a schema change, and
carried through the CSV export and re-import."""

from __future__ import annotations

from pathlib import Path

import pytest

from sm_desk.core import trash
from sm_desk.core.contacts.service import create_contact, created_id, delete_contacts
from sm_desk.core.custom_fields import (
    FieldError,
    define_field,
    delete_field,
    display,
    find_field,
    list_fields,
    parse,
    set_values,
    update_field,
    values_for,
)
from sm_desk.core.money import Numbers
from sm_desk.core.saved_views import ViewError, delete_view, load_view, save_view, view_names
from sm_desk.core.store import Store
from sm_desk.io.csv_export import export_contacts
from sm_desk.io.csv_import import import_contacts


def _fields(store: Store) -> None:
    define_field(store, "contacts", "Budget", "money")
    define_field(store, "contacts", "Seats", "number")
    define_field(store, "contacts", "Renewal", "date")
    define_field(store, "contacts", "Tier", "choice", ["Gold", "Silver"])
    define_field(store, "contacts", "Newsletter", "yesno")
    define_field(store, "contacts", "Favourite kiln", "text")


def test_values_are_checked_and_stored_in_one_form(store: Store) -> None:
    _fields(store)
    field = {f.name: f for f in list_fields(store, "contacts")}
    german = Numbers("de_DE", "EUR")  # read and written in the owner's locale (core/money.py)
    assert parse(field["Budget"], "1.234,50", german) == "123450"
    assert parse(field["Budget"], "1,234.50") == "123450"
    assert display(field["Budget"], "123450", "EUR") == "€1,234.50"
    assert display(field["Budget"], "123450", numbers=german) == "1.234,50"
    assert parse(field["Seats"], "12,50", german) == "12.5"
    assert parse(field["Seats"], "1,234.5") == "1234.5"
    for typed in ("1e3", "12..5", "1,2,3"):
        with pytest.raises(FieldError):
            parse(field["Seats"], typed)
    assert parse(field["Renewal"], "2027-01-31") == "2027-01-31"
    assert parse(field["Tier"], "gold") == "Gold"
    assert parse(field["Newsletter"], "Yes") == "1"
    assert display(field["Newsletter"], "0") == "No"
    assert parse(field["Seats"], "  ") is None
    for name, bad in (("Seats", "many"), ("Renewal", "31/01/2027"), ("Tier", "Bronze"),
                      ("Newsletter", "maybe"), ("Budget", "lots"), ("Seats", "nan")):
        with pytest.raises(FieldError):
            parse(field[name], bad)
    contact = created_id(create_contact(store, {"first_name": "Ana"}))
    with pytest.raises(FieldError) as caught:
        set_values(store, "contacts", contact, {"Seats": "many", "Tier": "Bronze"})
    assert "Seats" in str(caught.value) and "Tier" in str(caught.value)
    assert values_for(store, "contacts") == {}


def test_definitions_are_checked(store: Store) -> None:
    define_field(store, "deals", "Region", "choice", ["North", "South", "North"])
    region = find_field(store, "deals", "region")
    assert region is not None and region.choices == ["North", "South"]
    for args in (("deals", "REGION", "text"), ("contacts", "Email", "text"),
                 ("contacts", "", "text"), ("contacts", "X", "colour"),
                 ("contacts", "Y", "choice"), ("people", "Z", "text")):
        with pytest.raises(FieldError):
            define_field(store, *args)  # type: ignore[arg-type]
    update_field(store, region.id, "Area", ["North", "East"])
    assert find_field(store, "deals", "Area").choices == ["North", "East"]  # type: ignore[union-attr]


def test_values_undo_delete_with_the_contact_and_with_the_field(store: Store) -> None:
    _fields(store)
    contact = created_id(create_contact(store, {"first_name": "Ana"}))
    set_values(store, "contacts", contact, {"Seats": "12", "Tier": "Gold"})
    set_values(store, "contacts", contact, {"Seats": ""})
    assert len(values_for(store, "contacts")[contact]) == 1
    store.undo()
    assert len(values_for(store, "contacts")[contact]) == 2
    delete_contacts(store, [contact])
    assert values_for(store, "contacts") == {}
    trash.restore(store, trash.list_entries(store)[0]["id"])
    assert len(values_for(store, "contacts")[contact]) == 2
    seats = find_field(store, "contacts", "Seats")
    assert seats is not None
    delete_field(store, seats.id)
    assert list(values_for(store, "contacts")[contact]) == [find_field(store, "contacts",
                                                                       "Tier").id]  # type: ignore[union-attr]


def test_export_and_reimport_round_trip_the_custom_values(store: Store, tmp_path: Path) -> None:
    _fields(store)
    ana = created_id(create_contact(store, {"first_name": "Ana", "email": "ana@x.com"}))
    ben = created_id(create_contact(store, {"first_name": "Ben", "email": "ben@x.com"}))
    set_values(store, "contacts", ana, {"Budget": "1500", "Seats": "-3", "Renewal": "2027-01-31",
                                        "Tier": "Gold", "Newsletter": "yes",
                                        "Favourite kiln": "=Big one"})
    set_values(store, "contacts", ben, {"Tier": "Silver"})
    out = tmp_path / "contacts.csv"
    export_contacts(store, out)
    header = out.read_text(encoding="utf-8").splitlines()[0]
    assert header.endswith("Budget,Seats,Renewal,Tier,Newsletter,Favourite kiln")
    expected = values_for(store, "contacts")

    fresh = Store.memory()
    _fields(fresh)
    result = import_contacts(fresh, out)
    assert result.created == 2 and not result.warnings
    ids = {r["email"]: r["id"] for r in fresh.query("SELECT id, email FROM contacts")}
    got = values_for(fresh, "contacts")
    names = {f.id: f.name for f in list_fields(fresh, "contacts")}
    old_names = {f.id: f.name for f in list_fields(store, "contacts")}
    assert {names[k]: v for k, v in got[ids["ana@x.com"]].items()} == {
        old_names[k]: v for k, v in expected[ana].items()}
    assert {names[k]: v for k, v in got[ids["ben@x.com"]].items()} == {"Tier": "Silver"}
    fresh.close()


def test_import_names_values_that_do_not_fit(store: Store, tmp_path: Path) -> None:
    _fields(store)
    path = tmp_path / "in.csv"
    path.write_text("Email,Seats,Tier\nana@x.com,many,Gold\nben@x.com,4,Bronze\n"
                    "ana@x.com,,Silver\n", encoding="utf-8")
    result = import_contacts(store, path)
    assert result.created == 2
    assert any("line 2" in w and "Seats" in w for w in result.warnings)
    assert any("line 3" in w and "Bronze" in w for w in result.warnings)
    by_email = {r["email"]: r["id"] for r in store.query("SELECT id, email FROM contacts")}
    tier = find_field(store, "contacts", "Tier")
    assert tier is not None
    values = values_for(store, "contacts")
    assert values[by_email["ana@x.com"]] == {tier.id: "Silver"}  # the later line fills in
    assert by_email["ben@x.com"] not in values or tier.id not in values[by_email["ben@x.com"]]


def test_saved_views_keep_state_by_page_and_name(store: Store) -> None:
    save_view(store, "deals", "Hot", {"stage": 2, "sort": [4, "desc"]})
    save_view(store, "contacts", "Hot", {"text": "vip"})
    save_view(store, "deals", "hot", {"stage": 3})  # same name, any case: overwrites
    assert view_names(store, "deals") == ["hot"]
    assert load_view(store, "deals", "HOT") == {"stage": 3}
    assert load_view(store, "contacts", "Hot") == {"text": "vip"}
    delete_view(store, "deals", "hot")
    assert view_names(store, "deals") == []
    with pytest.raises(ViewError):
        save_view(store, "reports", "x", {})
    with pytest.raises(ViewError):
        save_view(store, "deals", "  ", {})
