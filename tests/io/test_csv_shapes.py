"""File shapes real tools write: Excel's sep= line, pipes, huge cells, quoted line breaks
and bare CRs, an unclosed quote; and the header names of every language we list."""

from __future__ import annotations

import pytest

from sm_desk.core.store import Store
from sm_desk.io.csv_import import NotCsvError, import_contacts, open_csv
from sm_desk.io.csv_mapping import guess_mapping


def names_and_emails(store: Store) -> list[tuple[str, str, str | None]]:
    return [(r["first_name"], r["last_name"], r["email"]) for r in store.query(
        "SELECT first_name, last_name, email FROM contacts ORDER BY id")]


def test_a_200_kib_cell_is_read_and_a_2_mib_one_rejects_only_its_row(store: Store) -> None:
    message = "x" * (200 * 1024)
    data = (b"First Name,Email,Message\n"
            b"Ana,ana@example.com," + message.encode() + b"\n"
            b"Bob,bob@example.com," + b"y" * (2 << 20) + b"\n"
            b'Cid,cid@example.com,"' + b"z" * 300_000 + b'"\n'
            b"Dee,dee@example.com,short\n")
    result = import_contacts(store, data)
    assert [(r.line, r.reason) for r in result.rejects] == [
        (3, "a cell is longer than 1 MiB (2,097,152 characters)")]
    assert names_and_emails(store) == [("Ana", "", "ana@example.com"),
                                       ("Cid", "", "cid@example.com"),
                                       ("Dee", "", "dee@example.com")]


def test_an_unclosed_quote_is_rejected_by_its_line_and_later_rows_still_come_in(
        store: Store) -> None:
    data = (b'First Name,Email,Notes\n'
            b'Ana,ana@example.com,"two lines,\nfine"\n'
            b'Bob,bob@example.com,"never closed\n'
            b'Cid,cid@example.com,x\n'
            b'Dee,dee@example.com,"y"\n')
    result = import_contacts(store, data)
    assert [(r.line, r.reason) for r in result.rejects] == [
        (4, "a quote opened on line 4 is not closed (it would run to line 6): this line was "
            "left out and the lines after it were read on their own")]
    assert result.rejects[0].cells == ["Bob", "bob@example.com", '"never closed']
    assert names_and_emails(store) == [("Ana", "", "ana@example.com"),
                                       ("Cid", "", "cid@example.com"),
                                       ("Dee", "", "dee@example.com")]
    notes = [r["notes"] for r in store.query("SELECT notes FROM contacts ORDER BY id")]
    assert notes == ["two lines,\nfine", "x", "y"]


@pytest.mark.parametrize("data", [
    b"sep=;\r\nFirst Name;Email\r\nAna;ana@example.com\r\n",
    b'"sep=;";\r\nFirst Name;Email\r\nAna;ana@example.com\r\n',
    b"First Name|Email\nAna|ana@example.com\n",
    b"First Name\tEmail\tNotes\nAna\tana@example.com\t\"line one\rline two\"\n",
])
def test_excel_sep_line_pipes_tabs_and_bare_cr_in_quotes(store: Store, data: bytes) -> None:
    result = import_contacts(store, data)
    assert (result.created, result.rejects) == (1, [])
    assert names_and_emails(store) == [("Ana", "", "ana@example.com")]
    if b"\r" in data and b"\t" in data:
        assert store.scalar("SELECT notes FROM contacts") == "line one\rline two"


def test_addresses_the_standards_allow_and_those_no_mail_system_could_use(
        store: Store) -> None:
    data = ("First Name,Email\n"
            "Ana,name@intranet\nBo,josé@exämple.de\nCy,用户@例子.广告\n"
            "Di,bob@\nEd,a@b@example.com\nFi,a@example..com\n").encode()
    result = import_contacts(store, data)
    assert [(r.line, r.reason) for r in result.rejects] == [
        (5, "bad email 'bob@'"), (6, "bad email 'a@b@example.com'"),
        (7, "bad email 'a@example..com'")]
    assert [e for _, _, e in names_and_emails(store)] == [
        "name@intranet", "josé@exämple.de", "用户@例子.广告"]


@pytest.mark.parametrize("header", [
    ["First Name", "Last Name", "E-mail Address", "Company", "Job Title", "Mobile Phone"],
    ["Vorname", "Nachname", "E-Mail-Adresse", "Firma", "Position", "Mobiltelefon"],
    ["Prénom", "Nom", "Adresse de messagerie", "Société", "Profession", "Tél. mobile"],
    ["Nombre", "Apellidos", "Dirección de correo electrónico", "Organización", "Puesto",
     "Teléfono móvil"],
    ["Nome", "Cognome", "Indirizzo posta elettronica", "Società", "Qualifica", "Cellulare"],
    ["Voornaam", "Achternaam", "E-mailadres", "Bedrijf", "Functie", "Mobiele telefoon"],
    ["Nome", "Sobrenome", "Endereço de email", "Empresa", "Cargo", "Telefone celular"],
    ["名", "姓", "電子メール アドレス", "会社名", "役職", "携帯電話"],
    ["名", "姓", "电子邮件地址", "公司", "职务", "移动电话"],
    ["Имя", "Фамилия", "Адрес эл. почты", "Организация", "Должность", "Мобильный телефон"],
    ["FNAME", "LNAME", "EMAIL", "COMPANY", "Organization Title", "PHONE"],
    ["Person - First name", "Person - Last name", "Person - Email", "Organization - Name",
     "Person - Job title", "Person - Phone"],
])
def test_outlook_and_other_headers_in_each_language_map_to_the_same_fields(
        header: list[str]) -> None:
    assert guess_mapping(header) == ["first_name", "last_name", "email", "company",
                                     "job_title", "phone"]


def test_outlook_title_is_not_mistaken_for_a_job_title() -> None:
    assert guess_mapping(["Title", "First Name", "Job Title"]) == [None, "first_name",
                                                                  "job_title"]


def test_preamble_without_known_headers_is_found_by_width() -> None:
    source = open_csv(b"Exported 2026-11-23\nby some tool\n"
                      b"Vorname2,Zuname2,Adresse2\nAna,Diaz,ana@example.com\n"
                      b"Bo,Li,bo@example.com\n")
    assert source.header == ["Vorname2", "Zuname2", "Adresse2"]
    assert source.head(2) == [(4, ["Ana", "Diaz", "ana@example.com"]),
                              (5, ["Bo", "Li", "bo@example.com"])]


@pytest.mark.parametrize("name", ["klingon", "rot13", "base64", "hex"])
def test_an_encoding_that_is_not_one_is_refused_by_name(name: str) -> None:
    with pytest.raises(NotCsvError, match=f"there is no text encoding called '{name}'"):
        open_csv(b"First Name,Email\nAna,ana@example.com\n", encoding=name)
