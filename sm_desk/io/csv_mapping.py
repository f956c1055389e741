"""Which contact field a CSV column holds, from the header names other tools write.

The names are data (header_aliases.json: Outlook and Google Contacts in several
languages, LinkedIn, Mailchimp, HubSpot, Pipedrive, Zoho, Thunderbird, Roundcube).
Headers are compared by header_key (case, accents, spaces and punctuation ignored), so
'E-mail Address', 'email_address', 'EMAIL ADDRESS' and 'Prenom' for 'Prénom' all match.
"""

from __future__ import annotations

import json
import unicodedata
from functools import cache
from importlib import resources

from sm_desk.core.contacts.fields import FIELD_LABELS


def header_key(text: str) -> str:
    """'E-Mail-Adresse' -> 'emailadresse', 'Prénom' -> 'prenom', '電子メール アドレス' ->
    '電子メールアドレス': letters and digits of any script, accents and case dropped."""
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).casefold())
    return "".join(c for c in text if c.isalnum() and not unicodedata.combining(c))


@cache
def header_fields() -> dict[str, str]:
    """header_key -> field, from header_aliases.json (the first field to list a name
    keeps it) and our own export's labels."""
    data = json.loads(resources.files("sm_desk.io").joinpath("header_aliases.json")
                      .read_text(encoding="utf-8"))
    found: dict[str, str] = {}
    for fields in data["sources"].values():
        for field, names in fields.items():
            for name in names:
                found.setdefault(header_key(name), field)
    for field, label in FIELD_LABELS.items():
        found.setdefault(header_key(label), field)
    return found


def field_of(header: str) -> str | None:
    return header_fields().get(header_key(header))


def known_columns(row: list[str]) -> int:
    """How many cells of a row are column names we know (finds the header line)."""
    known = header_fields()
    return sum(header_key(cell) in known for cell in row if 0 < len(cell) < 80)


def guess_mapping(header: list[str]) -> list[str | None]:
    """One field (or None: ignore) per column. Several columns may hold one field: the
    first that is not empty in a row gives its value (Google's legacy export has both
    'Occupation' and 'Organization 1 - Title'), except tags, which come from all."""
    return [field_of(name) for name in header]


def mapping_problem(mapping: list[str | None]) -> str | None:
    """Why no contact could come out of this mapping (None: fine)."""
    fields = set(mapping)
    if not fields & {"first_name", "last_name", "full_name", "email"}:
        return "no column is mapped to a name or an email"
    return None
