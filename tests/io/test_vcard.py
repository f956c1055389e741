"""vCard import: the files phones and mail clients write, into contacts, through the CSV
importer's checks, dedupe, reject report and import history."""

from __future__ import annotations

from pathlib import Path

import pytest

from sm_desk.cli import main
from sm_desk.core.imports import undo_import
from sm_desk.core.store import Store
from sm_desk.core.store import imports as history
from sm_desk.io.csv_import import import_contacts
from sm_desk.io.csv_rows import prepare
from sm_desk.io.vcard import VcardError, open_contacts_file, open_vcard

# Apple/Google style 3.0: folded lines, grouped props, TYPE lists, several emails/phones.
V30 = """BEGIN:VCARD\r
VERSION:3.0\r
N:Müller;Jürgen;;Dr.;\r
FN:Dr. Jürgen Müller\r
ORG:Bäckerei Müller GmbH;Vertrieb\r
TITLE:Geschäftsführer\r
item1.EMAIL;type=INTERNET;type=HOME:juergen@privat.de\r
item2.EMAIL;type=INTERNET;type=WORK;type=pref:j.mueller@baeckerei-\r
 mueller.de\r
TEL;TYPE=CELL:+49 170 1234567\r
TEL;TYPE=WORK,VOICE;TYPE=pref:+49 30 555 0100\r
CATEGORIES:Kunden,Messe 2026\r
NOTE:Mag Kaffee\\, keinen Tee.\\nRuft montags an.\r
END:VCARD\r
BEGIN:VCARD\r
VERSION:3.0\r
N:Núñez;Ana;;;\r
FN:Ana Núñez\r
EMAIL;TYPE=INTERNET:ana@example.es\r
END:VCARD\r
"""

# 4.0 (RFC 6350): PREF=1, tel: URIs, KIND.
V40 = """BEGIN:VCARD
VERSION:4.0
KIND:individual
FN:Zoë Ångström
N:Ångström;Zoë;;;
EMAIL;TYPE=home:zoe@home.se
EMAIL;TYPE=work;PREF=1:zoe@firma.se
TEL;VALUE=uri;TYPE="voice,cell";PREF=1:tel:+46-70-123-45-67
ORG:Firma AB
CATEGORIES:vip
END:VCARD
BEGIN:VCARD
VERSION:4.0
ORG:Only Org Inc
N:;;;;
END:VCARD
BEGIN:VCARD
VERSION:4.0
FN:Broken Address
EMAIL:not-an-email
END:VCARD
"""

# Outlook 2.1 in Windows-1252 with QUOTED-PRINTABLE soft breaks and a CHARSET.
V21 = ("BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=Windows-1252:Gon\xe7alves;Jos\xe9\r\n"
       "FN;ENCODING=QUOTED-PRINTABLE;CHARSET=utf-8:Jos=C3=A9 Gon=C3=A7alves\r\n"
       "NOTE;ENCODING=QUOTED-PRINTABLE:Line one=0D=0ALine=\r\n two\r\n"
       "EMAIL;PREF;INTERNET:jose@example.pt\r\nEND:VCARD\r\n").encode("latin-1")


def contacts(store: Store) -> list[dict[str, object]]:
    return store.query(
        "SELECT c.first_name, c.last_name, c.email, c.phone, co.name AS company, c.job_title, "
        "c.notes, coalesce((SELECT group_concat(t.name, '|') FROM contact_tags ct JOIN tags t "
        "ON t.id = ct.tag_id WHERE ct.contact_id = c.id), '') AS tags FROM contacts c "
        "LEFT JOIN companies co ON co.id = c.company_id ORDER BY c.id")


def test_vcard_30_accents_folding_and_several_emails(store: Store) -> None:
    result = import_contacts(store, open_contacts_file(V30.encode(), "phone.vcf"))
    assert (result.created, result.rejects) == (2, [])
    jurgen, ana = contacts(store)
    assert (jurgen["first_name"], jurgen["last_name"]) == ("Jürgen", "Müller")
    assert jurgen["email"] == "j.mueller@baeckerei-mueller.de"  # the pref one, unfolded
    assert jurgen["phone"] == "+49 30 555 0100"
    assert (jurgen["company"], jurgen["job_title"]) == ("Bäckerei Müller GmbH", "Geschäftsführer")
    assert jurgen["tags"] == "Kunden|Messe 2026"
    notes = str(jurgen["notes"])
    assert notes.startswith("Mag Kaffee, keinen Tee.\nRuft montags an.")
    assert "Also email: juergen@privat.de (home)" in notes
    assert "Also phone: +49 170 1234567 (cell)" in notes
    assert (ana["first_name"], ana["last_name"], ana["email"]) == ("Ana", "Núñez",
                                                                   "ana@example.es")
    entry = history.history(store)[0]
    assert (entry["kind"], entry["file_name"], entry["created"]) == ("vcard", "phone.vcf", 2)


def test_vcard_40_pref_uri_and_rejects_with_line_numbers(store: Store) -> None:
    source = open_vcard(V40.encode(), "export.vcf")
    assert source.cards == 3 and source.versions == ["4.0"]
    result = import_contacts(store, source)
    assert result.created == 1
    assert [(r.line, r.reason) for r in result.rejects] == [
        (12, "missing name and email"), (17, "bad email 'not-an-email'")]
    (zoe,) = contacts(store)
    assert (zoe["first_name"], zoe["last_name"], zoe["email"], zoe["phone"]) == (
        "Zoë", "Ångström", "zoe@firma.se", "+46-70-123-45-67")
    assert "Also email: zoe@home.se (home)" in str(zoe["notes"])
    assert zoe["tags"] == "vip"


def test_nobody_card_with_only_fn_is_named_from_fn(store: Store) -> None:
    result = import_contacts(store, open_vcard(
        b"BEGIN:VCARD\nVERSION:3.0\nFN:Cher Sarkisian\nEND:VCARD\n"))
    assert result.created == 1
    assert contacts(store)[0]["first_name"] == "Cher"


def test_vcard_21_latin1_quoted_printable(store: Store) -> None:
    result = import_contacts(store, open_contacts_file(V21, "outlook.vcf"))
    assert result.created == 1
    (jose,) = contacts(store)
    assert (jose["first_name"], jose["last_name"]) == ("José", "Gonçalves")
    assert jose["notes"] == "Line one\r\nLine two"


def test_reimport_updates_by_any_known_email_and_undo(store: Store) -> None:
    import_contacts(store, b"Name,Email,Job Title\nJ M,juergen@privat.de,Baker\n")
    source = open_contacts_file(V30.encode(), "phone.vcf", known_emails={"juergen@privat.de"})
    result = import_contacts(store, source)
    assert (result.created, result.updated) == (1, 1)  # Jürgen matched by his 2nd email
    assert store.scalar("SELECT job_title FROM contacts WHERE email = 'juergen@privat.de'") == (
        "Geschäftsführer")
    undo_import(store, history.history(store)[0]["id"], "2026-11-23T10:00:00Z")
    assert store.scalar("SELECT job_title FROM contacts WHERE email = 'juergen@privat.de'") == (
        "Baker")
    assert store.scalar("SELECT count(*) FROM contacts") == 1


def test_not_a_vcard_is_refused() -> None:
    with pytest.raises(VcardError):
        open_vcard(b"hello\n", "x.vcf")
    assert prepare(open_vcard(V30.encode())).records == 2


def test_cli_dispatches_on_extension(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    card = tmp_path / "people.vcf"
    card.write_bytes(V40.encode())
    db = tmp_path / "b.db"
    assert main(["import", "contacts", str(card), "--db", str(db)]) == 1  # 2 rejected
    out = capsys.readouterr()
    assert "1 new" in out.out and "line 17: bad email" in out.err
    assert main(["imports", "--db", str(db)]) == 0
    assert "people.vcf" in capsys.readouterr().out
