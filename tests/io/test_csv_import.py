"""CSV import: encodings, delimiters, other tools' headers, bad rows, duplicates. Each test
checks what the database holds and what the reject report says."""

from __future__ import annotations

from pathlib import Path

import pytest

from sm_desk.core.store import Store
from sm_desk.io.csv_import import (
    ImportCancelled,
    NotCsvError,
    import_contacts,
    open_csv,
    write_rejects,
)

HUBSPOT = ("First Name,Last Name,Email,Phone Number,Company Name,Lifecycle Stage,Job Title\r\n"
           "Ana,Díaz,ana@example.com,+34 600 1,Acme SL,Marketing Qualified Lead,CEO\r\n"
           "Zoë,Brandt,zoe@example.com,,Acme SL,customer,CTO\r\n")


def people(store: Store) -> list[tuple[object, ...]]:
    return [tuple(r.values()) for r in store.query(
        "SELECT c.first_name, c.last_name, c.email, c.phone, co.name AS company, c.job_title, "
        "c.lifecycle FROM contacts c LEFT JOIN companies co ON co.id = c.company_id "
        "ORDER BY c.id")]


EXPECTED = [("Ana", "Díaz", "ana@example.com", "+34 600 1", "Acme SL", "CEO", "lead"),
            ("Zoë", "Brandt", "zoe@example.com", None, "Acme SL", "CTO", "customer")]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le-bom",
                                      "utf-16-be-bom", "cp1252"])
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_each_encoding_and_delimiter(store: Store, encoding: str, delimiter: str) -> None:
    text = HUBSPOT.replace(",", delimiter)
    if encoding == "utf-16-le-bom":
        data = b"\xff\xfe" + text.encode("utf-16-le")
    elif encoding == "utf-16-be-bom":
        data = b"\xfe\xff" + text.encode("utf-16-be")
    else:
        data = text.encode(encoding)
    source = open_csv(data)
    assert source.delimiter == delimiter
    result = import_contacts(store, data)
    assert (result.created, result.rejects) == (2, [])
    assert people(store) == EXPECTED
    assert store.scalar("SELECT count(*) FROM companies") == 1


def test_pipedrive_headers_split_full_names_and_take_labels(store: Store) -> None:
    data = (b"Person - Name,Person - Email,Person - Phone,Organization - Name,Person - Label\n"
            b"Ana de la Cruz,ana@example.com,555-1,Acme,Hot lead\n"
            b"Cher,cher@example.com,,,\n")
    result = import_contacts(store, data)
    assert result.created == 2
    assert people(store) == [("Ana", "de la Cruz", "ana@example.com", "555-1", "Acme", None,
                              "lead"),
                             ("Cher", "", "cher@example.com", None, None, None, "lead")]
    assert store.query("SELECT t.name FROM tags t JOIN contact_tags ct ON ct.tag_id = t.id") == [
        {"name": "Hot lead"}]


def test_google_and_outlook_headers_are_recognised() -> None:
    google = open_csv(b"Given Name,Family Name,E-mail 1 - Value,Phone 1 - Value,"
                      b"Organization 1 - Name,Group Membership\nA,B,a@b.co,1,C,* myContacts\n")
    assert google.mapping == ["first_name", "last_name", "email", "phone", "company", "tags"]
    outlook = open_csv(b"first name,LAST NAME,E-mail Address,Business Phone,Mobile Phone,"
                       b"Company,Title\nA,B,a@b.co,1,2,C,Mr\n")
    assert outlook.mapping == ["first_name", "last_name", "email", "phone", "phone", "company",
                               None]


def test_google_groups_become_tags_without_system_groups(store: Store) -> None:
    data = (b"Given Name,E-mail 1 - Value,Group Membership\n"
            b"Ana,ana@example.com,* myContacts ::: Clients ::: Trade show\n")
    import_contacts(store, data, tags=["import-2026"])
    tags = [r["name"] for r in store.query(
        "SELECT t.name FROM tags t JOIN contact_tags ct ON ct.tag_id = t.id ORDER BY t.name")]
    assert tags == ["Clients", "import-2026", "Trade show"]


def test_quoted_newlines_empty_lines_and_bad_rows_report_physical_lines(store: Store,
                                                                         tmp_path: Path) -> None:
    data = ('First Name,Last Name,Email,Notes\n'
            '\n'
            'Ana,Díaz,ana@example.com,"line one\nline two\nline three"\n'  # lines 3-5
            'Bob,,bob@@example,\n'  # line 6: bad email
            ',,,only a note\n'  # line 7: no name, no email
            '\n'
            f'{"x" * 101},Long,long@example.com,\n'  # line 9: too long
            'Nul,Byte,nul@example.com,a\x00b\n'  # line 10
            'Cy,,cy@example.com,ok\n').encode()  # line 11
    result = import_contacts(store, data)
    assert [(r.line, r.reason) for r in result.rejects] == [
        (6, "bad email 'bob@@example'"),
        (7, "missing name and email"),
        (9, "First name is longer than 100 characters"),
        (10, "it contains NUL bytes"),
    ]
    assert [r["first_name"] for r in store.query("SELECT first_name FROM contacts ORDER BY id")] == [
        "Ana", "Cy"]
    assert store.scalar("SELECT notes FROM contacts WHERE first_name = 'Ana'") == \
        "line one\nline two\nline three"
    assert result.records == 6
    rejects = tmp_path / "rejects.csv"
    write_rejects(rejects, open_csv(data).header, result.rejects)
    lines = rejects.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "Line,Reason,First Name,Last Name,Email,Notes"
    assert lines[1] == "6,bad email 'bob@@example',Bob,,bob@@example,"
    assert lines[4] == "10,it contains NUL bytes,Nul,Byte,nul@example.com,ab"


def test_duplicates_update_by_default(store: Store) -> None:
    import_contacts(store, b"Name,Email,Phone\nAna Diaz,ana@example.com,111\n")
    data = (b"Name,Email,Phone,Job Title\n"
            b"Ana D.,ANA@example.com,,Owner\n"  # updates the stored Ana (empty phone kept)
            b"Bo,bo@example.com,1,\n"
            b"Bo Berg,bo@example.com,2,\n")  # same email inside the file: folded into line 3
    result = import_contacts(store, data)
    assert (result.created, result.updated) == (1, 1)
    assert [(n.line, n.reason) for n in result.notes] == [(4, "merged into line 3 (same email)")]
    assert people(store) == [("Ana", "D.", "ana@example.com", "111", None, "Owner", "lead"),
                             ("Bo", "Berg", "bo@example.com", "2", None, None, "lead")]


def test_duplicates_skip_and_keep(store: Store) -> None:
    import_contacts(store, b"Email,First Name\nana@example.com,Ana\n")
    data = b"Email,First Name\nana@example.com,Other\nnew@example.com,New\nnew@example.com,Again\n"
    skipped = import_contacts(store, data, on_duplicate="skip")
    assert (skipped.created, skipped.updated) == (1, 0)
    assert sorted(n.line for n in skipped.notes) == [2, 4]
    assert store.scalar("SELECT first_name FROM contacts WHERE email = 'ana@example.com'") == "Ana"
    kept = import_contacts(store, data, on_duplicate="keep")
    assert kept.created == 3
    assert store.scalar("SELECT count(*) FROM contacts WHERE email = 'new@example.com'") == 3


def test_unknown_lifecycle_and_extra_columns_are_rejected(store: Store) -> None:
    result = import_contacts(store, b"Name,Lifecycle\nAna,maybe\nBob,customer,extra\nCy,lost\n")
    assert [(r.line, r.reason) for r in result.rejects] == [
        (2, "unknown lifecycle 'maybe'"), (3, "it has 3 columns, the header has 2")]
    assert store.query("SELECT first_name, lifecycle FROM contacts") == [
        {"first_name": "Cy", "lifecycle": "lost"}]


@pytest.mark.parametrize("data, words", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
    (b"PK\x03\x04\x14\x00\x06\x00", "ZIP archive"),
    (b"SQLite format 3\x00" + bytes(100), "SQLite database"),
    (bytes(range(256)) * 20, "binary data"),
    (b"", "empty"),
    (b"Dear Ana, thanks for the call, here is the offer, as agreed\nBest, Bo\n"
     b"PS: more, commas, here, and, there, and, everywhere\n" * 3, "consistent columns"),
])
def test_files_that_are_not_csv_are_refused(store: Store, data: bytes, words: str) -> None:
    with pytest.raises(NotCsvError, match=words):
        import_contacts(store, data)
    assert store.scalar("SELECT count(*) FROM contacts") == 0


def test_a_mapping_without_name_or_email_is_refused(store: Store) -> None:
    with pytest.raises(NotCsvError, match="no column is mapped to a name or an email"):
        import_contacts(store, b"Colour,Size\nred,3\n")


def test_cancel_leaves_nothing_written(store: Store) -> None:
    rows = "".join(f"P{i},p{i}@example.com,Co {i % 50},vip\n" for i in range(30_000))
    data = ("Name,Email,Company,Tags\n" + rows).encode()
    calls = []

    def cancel() -> bool:
        calls.append(1)
        return len(calls) > 8  # past the reading, during the writing
    with pytest.raises(ImportCancelled):
        import_contacts(store, data, cancel=cancel)
    assert store.counts()["contacts"] == 0
    assert store.counts()["companies"] == 0 and store.counts()["tags"] == 0
    assert store.scalar("SELECT count(*) FROM sqlite_master WHERE name = 'contacts_by_email'")


def test_progress_reaches_the_end_and_dry_run_writes_nothing(store: Store) -> None:
    rows = "".join(f"P{i},p{i}@example.com\n" for i in range(10_000))
    seen: list[int] = []
    result = import_contacts(store, ("Name,Email\n" + rows).encode(), dry_run=True,
                             progress=lambda done, total: seen.append(done * 100 // total))
    assert result.created == 10_000 and result.dry_run
    assert store.counts()["contacts"] == 0
    assert seen == sorted(seen) and seen[-1] >= 70


def test_big_import_rebuilds_indexes_and_keeps_them(store: Store) -> None:
    rows = "".join(f"P{i},p{i}@example.com\n" for i in range(6_000))
    import_contacts(store, ("Name,Email\n" + rows).encode())
    names = {r["name"] for r in store.query("SELECT name FROM sqlite_master WHERE type='index'")}
    assert {"contacts_by_email", "contacts_by_name", "contact_tags_by_tag"} <= names
    assert store.integrity_problems() == []
    assert store.scalar("SELECT count(*) FROM contacts") == 6_000


def test_source_campaign_by_name_and_unknown_campaign_warns(demo_store: Store) -> None:
    campaign = demo_store.query_one("SELECT id, name FROM campaigns ORDER BY id LIMIT 1")
    assert campaign is not None
    data = (f"Name,Email,Source Campaign\nNew Lead,nl@example.org,{campaign['name']}\n"
            "Other,ot@example.org,No Such Campaign\n").encode()
    result = import_contacts(demo_store, data)
    assert demo_store.scalar("SELECT source_campaign_id FROM contacts WHERE email = ?",
                             ["nl@example.org"]) == campaign["id"]
    assert demo_store.scalar("SELECT source_campaign_id FROM contacts WHERE email = ?",
                             ["ot@example.org"]) is None
    assert result.warnings == ["1 rows name the campaign 'No Such Campaign', which does not "
                               "exist: their source campaign was left empty"]


@pytest.mark.parametrize("batch", [1, 3, 4096])
def test_unquoted_files_read_like_quoted_ones(monkeypatch: pytest.MonkeyPatch,
                                              batch: int) -> None:
    """An unquoted file is split at its delimiters (csv_rows._plain_chunks); a quote
    anywhere sends it through csv.reader. Both give the same rows, rejects and lines,
    also when a batch ends inside a quoted multi-line record."""
    from sm_desk.io import csv_rows

    monkeypatch.setattr(csv_rows, "PROGRESS_EVERY", batch)
    rows = ["First Name,Last Name,Email,Lifecycle Stage,Tags", "", "Ana,Díaz,ana@x.com,lead,vip",
            ",,,,", "Ben,Ng,bad@,,", "Eve,,eve@x.com,nope,", "Ivo,Ko,ANA@x.com,,a; b",
            "Jia,,jia@x.com,,,extra", "Short", "  Hana ,Ro, hana@x.com ,customer,"]
    plain = "\r\n".join(rows) + "\r\n"
    # The same records with one cell quoted over two lines: every later line moves down.
    quoted = plain.replace("Ana,Díaz", 'Ana,"Dí\naz"')
    a = csv_rows.prepare(open_csv(plain.encode()))
    b = csv_rows.prepare(open_csv(quoted.encode()))
    shift = [line if line <= 3 else line + 1 for line in a.columns[0]]
    assert b.columns[0] == shift
    assert a.columns[1:] == b.columns[1:]  # Ana's last name: Ko, from her duplicate
    assert [(r.line, r.reason) for r in a.rejects] == [
        (5, "bad email 'bad@'"), (6, "unknown lifecycle 'nope'"),
        (8, "it has 6 columns, the header has 5")]
    assert [(r.line + 1, r.reason, r.cells) for r in a.rejects] == [
        (r.line, r.reason, r.cells) for r in b.rejects]
    assert [(n.line, n.reason) for n in a.notes] == [(7, "merged into line 3 (same email)")]
    assert a.records == b.records == 7  # without the header and the two empty records
