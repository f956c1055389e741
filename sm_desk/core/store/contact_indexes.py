"""Migration 0090: the indexes the contacts list and the companies list read in their own
order (500,000 contacts and 50,000 companies in the xlarge demo). No import of the store
here: schema.py imports this module."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

# The list's name order: the name, or the email for a contact without one, or (neither)
# U+10FFFF so that blanks sort last. Queries must spell the expression exactly so, column
# for column, for SQLite to use the index (`{c}` is "c." in them, "" here).
SORT_NAME = ("CASE WHEN trim({c}first_name || ' ' || {c}last_name) <> '' "
             "THEN trim({c}first_name || ' ' || {c}last_name) "
             "WHEN coalesce({c}email, '') <> '' THEN {c}email ELSE char(1114111) END")
BLANK_NAME = "char(1114111)"

_KEY = SORT_NAME.format(c="") + " COLLATE NOCASE"
# contacts_by_list_name: the first page of the list in name order is the first entries
# of this index (0.1 ms), and a search that finds many walks it until a page of its
# matches is found, instead of sorting every match (or every contact); the lifecycle
# filter is read from it too.
# contacts_by_id_name: a search that finds few sorts its matches by name; read here by id
# (a narrow entry, with the lifecycle) that is ~3x faster than reading each contact's row.
# companies_by_name: the Companies tab's order (50,000 in the xlarge demo) without a sort.
CONTACT_LIST_INDEXES = (
    f"CREATE INDEX contacts_by_list_name ON contacts ({_KEY}, lifecycle)",
    f"CREATE INDEX contacts_by_id_name ON contacts (id, {_KEY}, lifecycle)",
    "CREATE INDEX companies_by_name ON companies (name COLLATE NOCASE)",
)


def add_contact_list_indexes(db: Database) -> None:
    for statement in CONTACT_LIST_INDEXES:
        db.execute(statement)
