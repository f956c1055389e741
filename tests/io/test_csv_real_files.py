"""Contacts exports as real tools write them (tests/data/contacts/, byte for byte: their
encodings, preambles, trailing delimiters, quoting and localised headers). Each test
checks the contacts the database holds afterwards, not just how many."""

from __future__ import annotations

from pathlib import Path

import pytest

from sm_desk.cli import main
from sm_desk.core.store import Store
from sm_desk.io.csv_import import import_contacts, open_csv

DATA = Path(__file__).parent.parent / "data" / "contacts"


def people(store: Store) -> list[tuple[object, ...]]:
    """(first, last, email, phone, company, job title, notes, tags) of every contact."""
    return [tuple(r.values()) for r in store.query(
        "SELECT c.first_name, c.last_name, c.email, c.phone, co.name AS company, c.job_title, "
        "c.notes, (SELECT group_concat(t.name, '|') FROM contact_tags ct "
        "JOIN tags t ON t.id = ct.tag_id WHERE ct.contact_id = c.id) AS tags "
        "FROM contacts c LEFT JOIN companies co ON co.id = c.company_id ORDER BY c.id")]


def imported(store: Store, name: str, **options: str) -> tuple[str, list[str]]:
    """Import a data file; (the encoding shown, the notes shown). No row may be rejected."""
    source = open_csv(DATA / name, **options)
    result = import_contacts(store, source)
    assert [(r.line, r.reason) for r in result.rejects] == []
    return source.encoding_label, result.warnings


def test_linkedin_connections_with_its_notes_preamble(store: Store) -> None:
    encoding, notes = imported(store, "linkedin_connections.csv")
    assert notes == ["the first 3 lines before the header were skipped"]
    assert people(store) == [
        ("Siobhán", "O'Connor", "siobhan@example.ie", None, "Acme, Ltd.", "Head of Sales", "",
         None),
        ("Rahul", "Verma", None, None, "Globex", "CTO", "", None),
        ("Zoë", "Brandt", "zoe.brandt@example.de", None, "Initech GmbH", "Geschäftsführerin", "",
         None)]


def test_thunderbird_japanese_in_shift_jis_with_trailing_commas(store: Store) -> None:
    encoding, _ = imported(store, "thunderbird_ja_shift_jis.csv")
    assert encoding == "Shift_JIS"
    assert people(store) == [
        ("太郎", "山田", "taro.yamada@example.jp", "03-1234-5678", "株式会社サンプル", "部長", "",
         None),
        ("花子", "佐藤", "hanako@example.co.jp", None, "有限会社テスト", "営業", "展示会で名刺交換",
         None),
        # Only a display name: split family name first, as Japanese names are written.
        ("一郎", "髙橋", "ichiro@intranet", None, None, None, "", None)]


def test_thunderbird_utf16(store: Store) -> None:
    encoding, _ = imported(store, "thunderbird_utf16.csv")
    assert encoding == "UTF-16 LE"
    assert people(store) == [
        ("Łukasz", "Wróbel", "lukasz@example.pl", "+48 22 123 45 67", "Przykład Sp. z o.o.",
         "Engineer", "", None),
        ("Ελένη", "Παπαδοπούλου", "eleni@example.gr", None, None, None, "", None)]


def test_thunderbird_trailing_comma_dotless_domain_and_last_first_display_name(
        store: Store) -> None:
    imported(store, "thunderbird_trailing_comma.csv")
    assert people(store) == [
        ("Ana", "Díaz", "ana@example.es", None, "Acme SL", "CEO",
         "Met at the fair, wants a demo", None),
        ("Mary", "O'Brien", "contact1@invalid", None, None, None, "", None)]


def test_outlook_german_headers_in_windows_1252(store: Store) -> None:
    encoding, _ = imported(store, "outlook_de.csv")
    assert encoding == "Windows-1252"
    assert people(store) == [
        ("Jürgen", "Müller-Lüdenscheidt", "juergen@example.de", "+49 30 1234567",
         "Müller & Söhne GmbH", "Geschäftsführer", "Rückruf im März", "Kunden|Messe"),
        ("Ärzte", "Straßburg", "info@praxis.example", "0171 2345678", None, None, "", None)]


def test_outlook_japanese_headers(store: Store) -> None:
    encoding, _ = imported(store, "outlook_ja.csv")
    assert encoding == "Shift_JIS"
    # The furigana columns (姓 (ふりがな)) are not taken for the names.
    assert people(store) == [
        ("健", "渡辺", "ken.watanabe@example.jp", "03-5555-0100", "渡辺商事株式会社",
         "代表取締役", "年末のご挨拶", "顧客"),
        ("美咲", "小林", "misaki@example.jp", "090-1234-5678", None, None, "", None)]


def test_google_contacts_current_export(store: Store) -> None:
    imported(store, "google_contacts.csv")
    assert people(store) == [
        ("Chloé", "Dubois", "chloe@example.fr", "+33 6 12 34 56 78", "Boulangerie Dubois",
         "Gérante", "Prefers email", "Clients|Paris"),
        ("Sam", "", "sam@example.com", None, None, None, "", None)]  # from E-mail 2


def test_google_contacts_legacy_export(store: Store) -> None:
    imported(store, "google_contacts_legacy.csv")
    assert people(store) == [
        # 'Occupation' comes first and is empty: 'Organization 1 - Title' fills in.
        ("Kwame", "Mensah", "kwame@example.com.gh", "+233 30 123 4567", "Mensah Textiles",
         "Owner", "Referral from Ana", "Suppliers"),
        ("Björk", "Guðmundsdóttir", "bjork@example.is", None, None, None, "", None)]


def test_mailchimp_audience_export_with_its_quoted_tags(store: Store) -> None:
    imported(store, "mailchimp_subscribed.csv")
    assert people(store) == [
        ("Lena", "Fischer", "lena.fischer@example.at", "+43 1 234567", "Café Fischer", None, "",
         "Newsletter|VIP"),
        ("", "", "noname@example.com", None, None, None, "", None)]


@pytest.mark.parametrize(("name", "label", "expected"), [
    ("names_cp1251.csv", "Windows-1251", [
        ("Иван", "Петров", "ivan.petrov@example.ru", None, "ООО «Ромашка»", None, "", None),
        ("Анна", "Смирнова", "anna@example.ru", None, None, None, "", None),
        ("Ёжик", "Туманов", "ezhik@example.ru", None, None, None, "", None)]),
    ("names_koi8_r.csv", "KOI8-R", [
        ("Дмитрий", "Кузнецов", "dmitry@example.ru", None, None, None, "", None),
        ("Юлия", "Соколова", "yulia@example.ru", None, None, None, "", None)]),
    ("names_gb18030.csv", "GB18030", [
        ("小明", "王", "wang.xiaoming@example.cn", None, "北京示例科技有限公司", None, "", None),
        ("丽", "李", "li@example.cn", None, None, None, "", None),
        ("𠀀", "欧阳", "ouyang@example.cn", None, None, None, "", None)]),
    ("names_iso8859_2.csv", "ISO-8859-2", [
        ("Łukasz", "Wróbel", "lukasz@example.pl", None, "Zakład Ślusarski", None, "", None),
        ("Šárka", "Nováková", "sarka@example.cz", None, None, None, "", None),
        ("Żaneta", "Gąsiorowska", "zaneta@example.pl", None, None, None, "", None),
        ("Őrs", "Kovács", "ors@example.hu", None, None, None, "", None)]),
])
def test_legacy_encodings_come_out_exactly(store: Store, name: str, label: str,
                                           expected: list[tuple[object, ...]]) -> None:
    encoding, _ = imported(store, name)
    assert encoding == label
    assert people(store) == expected


def test_utf8_with_one_windows_1252_byte_stays_utf8_and_names_the_line(store: Store) -> None:
    encoding, notes = imported(store, "utf8_one_cp1252_byte.csv")
    assert encoding == "UTF-8"
    assert notes == ["the file is UTF-8 but a few bytes are not: they were read as "
                     "Windows-1252 on line 3; check those names"]
    assert [(first, last) for first, last, *_ in people(store)] == [
        ("Zoë", "Brandt"), ("René", "Dupont"), ("Søren", "Kierkegård"), ("Nuño", "Ibáñez")]


def test_encoding_given_on_the_command_line_wins(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """Three Greek names in Windows-1253 are too few to tell from Cyrillic; --encoding
    says what the file is."""
    path = tmp_path / "greek.csv"
    path.write_bytes("First Name,Last Name,Email\nΓιώργος,Παπαδόπουλος,g@example.gr\n"
                     "Νίκη,Σταύρου,n@example.gr\n".encode("cp1253"))
    db = tmp_path / "b.db"
    assert main(["import", "contacts", str(path), "--db", str(db),
                 "--encoding", "windows-1253"]) == 0
    assert "(Windows-1253, comma-separated)" in capsys.readouterr().out
    store = Store.open(db)
    try:
        assert [(r["first_name"], r["last_name"]) for r in store.query(
            "SELECT first_name, last_name FROM contacts ORDER BY id")] == [
            ("Γιώργος", "Παπαδόπουλος"), ("Νίκη", "Σταύρου")]
    finally:
        store.close()
    assert main(["import", "contacts", str(path), "--db", str(db),
                 "--encoding", "klingon"]) == 4
    assert "there is no text encoding called 'klingon'" in capsys.readouterr().err


def test_detected_encoding_is_named_on_the_command_line(tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]
                                                        ) -> None:
    assert main(["import", "contacts", str(DATA / "names_koi8_r.csv"),
                 "--db", str(tmp_path / "b.db")]) == 0
    assert "(KOI8-R (detected), comma-separated)" in capsys.readouterr().out
