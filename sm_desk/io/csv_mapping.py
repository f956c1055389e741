"""Which contact field a CSV column holds, from the header names other tools write.

Headers are compared squeezed (case, spaces and punctuation ignored), so
'E-mail Address', 'email_address' and 'EMAIL ADDRESS' all mean email.
"""

from __future__ import annotations

from sm_desk.core.contacts.fields import FIELD_LABELS, squeeze

_ALIASES: dict[str, tuple[str, ...]] = {
    "first_name": (
        "First Name", "Firstname", "Given Name", "Forename", "Person - First name",
        "Vorname", "Prénom", "Nombre",
    ),
    "last_name": (
        "Last Name", "Lastname", "Surname", "Family Name", "Person - Last name",
        "Nachname", "Nom", "Apellido",
    ),
    "full_name": (
        "Name", "Full Name", "Person - Name", "Contact Name", "Display Name", "Contact person",
    ),
    "email": (
        "Email", "E-mail", "Email Address", "E-mail Address", "E-mail 1 - Value",
        "Email 1 - Value", "Person - Email", "Person - Email - Work", "Email - Work",
        "Work Email", "Primary Email", "Mail", "E-mail 2 - Value", "E-mail 2 Address",
        "Person - Email - Home", "Person - Email - Other", "Personal Email",
    ),
    "phone": (
        "Phone", "Phone Number", "Telephone", "Tel", "Business Phone", "Mobile Phone",
        "Mobile", "Mobile Phone Number", "Phone 1 - Value", "Person - Phone",
        "Person - Phone - Work", "Person - Phone - Mobile", "Phone - Work", "Work Phone",
        "Cell", "Cell Phone", "Home Phone", "Primary Phone", "Phone 2 - Value",
        "Business Phone 2", "Telefon",
    ),
    "company": (
        "Company", "Company Name", "Organization", "Organisation", "Organization - Name",
        "Organisation - Name", "Organization 1 - Name", "Account", "Account Name",
        "Employer", "Business", "Firma", "Person - Organization", "Associated Company",
    ),
    "job_title": (
        "Job Title", "Position", "Role", "Organization 1 - Title",
        "Person - Job title", "Job", "Occupation",
    ),
    "lifecycle": (
        "Lifecycle", "Lifecycle Stage", "Lifecycle stage",
    ),
    "tags": (
        "Tags", "Tag", "Labels", "Label", "Person - Label", "Person - Labels",
        "Group Membership", "Groups", "Categories", "Segments", "Segment", "Lists",
    ),
    "notes": (
        "Notes", "Note", "Comments", "Comment", "Description", "About", "Person - Notes",
    ),
    "source_campaign": (
        "Source Campaign", "Campaign", "Original Source Campaign", "Lead Source Campaign",
        "UTM Campaign",
    ),
}
HEADER_FIELDS: dict[str, str] = {
    squeeze(alias): field for field, aliases in _ALIASES.items() for alias in aliases}
# Our own export's headers (FIELD_LABELS) map back to their fields.
HEADER_FIELDS.update({squeeze(label): field for field, label in FIELD_LABELS.items()})
MULTI_COLUMN_FIELDS = frozenset({"email", "phone", "tags"})


def guess_mapping(header: list[str]) -> list[str | None]:
    """One field (or None: ignore) per column. A field is taken by its first column,
    except email/phone (later columns fill in when the first is empty) and tags (all)."""
    mapping: list[str | None] = []
    taken: set[str] = set()
    for name in header:
        field = HEADER_FIELDS.get(squeeze(name))
        if field is not None and field in taken and field not in MULTI_COLUMN_FIELDS:
            field = None
        if field is not None:
            taken.add(field)
        mapping.append(field)
    return mapping


def mapping_problem(mapping: list[str | None]) -> str | None:
    """Why no contact could come out of this mapping (None: fine)."""
    fields = set(mapping)
    if not fields & {"first_name", "last_name", "full_name", "email"}:
        return "no column is mapped to a name or an email"
    return None
