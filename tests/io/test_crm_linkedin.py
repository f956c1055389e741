"""LinkedIn's Connections.csv (with its 'Notes:' preamble): contacts with company and
position (the contact importer's work), tagged LinkedIn, the connection day kept."""

from __future__ import annotations

from pathlib import Path

from sm_desk.core.store import Store
from sm_desk.io.linkedin import import_connections

DATA = Path(__file__).parent.parent / "data" / "contacts" / "linkedin_connections.csv"


def test_connections_tagged_with_their_connection_day(store: Store) -> None:
    result = import_connections(store, DATA)
    assert (result.created, result.rejects) == (3, [])
    rows = store.query(
        "SELECT c.first_name, c.last_name, c.email, co.name AS company, c.job_title, "
        "(SELECT group_concat(t.name) FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id "
        " WHERE ct.contact_id = c.id) AS tags, "
        "(SELECT v.value FROM custom_values v JOIN custom_fields f ON f.id = v.field_id "
        " WHERE v.contact_id = c.id AND f.name = 'Connected On') AS connected "
        "FROM contacts c LEFT JOIN companies co ON co.id = c.company_id ORDER BY c.id")
    assert [tuple(r.values()) for r in rows] == [
        ("Siobhán", "O'Connor", "siobhan@example.ie", "Acme, Ltd.", "Head of Sales", "LinkedIn",
         "2024-03-12"),
        ("Rahul", "Verma", None, "Globex", "CTO", "LinkedIn", "2023-02-01"),
        ("Zoë", "Brandt", "zoe.brandt@example.de", "Initech GmbH", "Geschäftsführerin",
         "LinkedIn", "2022-11-30")]
    assert store.scalar("SELECT kind FROM custom_fields WHERE name = 'Connected On'") == "date"


def test_again_matches_connections_by_email(store: Store) -> None:
    import_connections(store, DATA)
    again = import_connections(store, DATA)
    assert again.unchanged == 2  # the two with an email address
    # (A connection without an email is matched by nothing: the contact importer adds it
    # again; LinkedIn's profile URL would be the key, which contacts do not keep yet.)
    assert store.scalar("SELECT count(*) FROM contacts WHERE email IS NOT NULL") == 2
