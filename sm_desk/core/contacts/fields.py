"""What a contact field may hold: limits, e-mail shape, lifecycle words, tags and names.

Shared by the edit dialog, the service and the CSV importer, so a value the
importer accepts is one the dialog would accept too.
"""

from __future__ import annotations

import re

from sm_desk.core.domain import LIFECYCLES

# The contact fields an import can fill, in the order the mapping step lists them.
FIELD_LABELS: dict[str, str] = {
    "first_name": "First name",
    "last_name": "Last name",
    "full_name": "Full name (split)",
    "email": "Email",
    "phone": "Phone",
    "company": "Company",
    "job_title": "Job title",
    "lifecycle": "Lifecycle",
    "tags": "Tags",
    "notes": "Notes",
    "source_campaign": "Source campaign",
}
IMPORT_FIELDS = tuple(FIELD_LABELS)

MAX_LENGTH: dict[str, int] = {
    "first_name": 100, "last_name": 100, "full_name": 200, "email": 254, "phone": 50,
    "company": 200, "job_title": 200, "lifecycle": 40, "tags": 1000, "notes": 20_000,
    "source_campaign": 200,
}

# What a mail system can deliver to (RFC 5321/6531): one @, a local part, and a domain of
# one or more dot-separated labels in any script ('name@intranet', 'josé@exämple.de',
# '用户@例子.广告'); no spaces, brackets or list separators, no empty label.
_EMAIL = re.compile(r"[^@\s,;<>\"()\[\]]+@[^@\s,;<>\"()\[\].]+(?:\.[^@\s,;<>\"()\[\].]+)*")

LIFECYCLE_LABELS = {
    "subscriber": "Subscriber", "lead": "Lead", "prospect": "Prospect",
    "customer": "Customer", "nurture": "Nurture (not now)", "lost": "Lost",
}
# Words other tools use (HubSpot's lifecycle stages, plain English), squeezed like headers.
_LIFECYCLE_WORDS: dict[str, str] = {name: name for name in LIFECYCLES}
_LIFECYCLE_WORDS.update({
    "marketingqualifiedlead": "lead", "mql": "lead", "other": "lead", "new": "lead",
    "salesqualifiedlead": "prospect", "sql": "prospect", "opportunity": "prospect",
    "qualified": "prospect", "evangelist": "customer", "client": "customer", "won": "customer",
    "notnow": "nurture", "nurturenotnow": "nurture", "closedlost": "lost",
    "unqualified": "lost", "newsletter": "subscriber",
})
_SQUEEZE = re.compile(r"[^0-9a-z]+")


def squeeze(text: str) -> str:
    """Lower case, letters and digits only: 'E-mail 1 - Value' -> 'email1value'."""
    return _SQUEEZE.sub("", text.casefold())


def is_email(value: str) -> bool:
    return len(value) <= MAX_LENGTH["email"] and _EMAIL.fullmatch(value) is not None


def email_shapes(values: list[str]) -> list[object]:
    """is_email over a whole column: a match object for each email, None for the rest
    (empty ones too). The regex runs in one C loop instead of a call per value."""
    shapes: list[object] = list(map(_EMAIL.fullmatch, values))
    limit = MAX_LENGTH["email"]
    if max(map(len, values), default=0) > limit:
        shapes = [s if len(v) <= limit else None for s, v in zip(shapes, values, strict=True)]
    return shapes


def lifecycle_of(value: str) -> str | None:
    """The lifecycle a word means ('' -> 'lead'); None when it means none of them."""
    if not value:
        return "lead"
    return _LIFECYCLE_WORDS.get(squeeze(value))


def split_name(full: str) -> tuple[str, str]:
    """'Ana de la Cruz' -> ('Ana', 'de la Cruz'); "O'Brien, Mary" -> ('Mary', "O'Brien");
    '山田 太郎' (family name first, as Chinese, Japanese and Korean names are written)
    -> ('太郎', '山田'); 'Cher' -> ('Cher', '')."""
    text = " ".join(full.replace("\u3000", " ").split())
    if text.count(",") == 1:
        last, _, first = text.partition(",")
        if first.strip() and last.strip() and not _is_suffix(first):
            return first.strip(), last.strip()
        text = text.replace(",", "")
    first, _, last = text.partition(" ")
    if last and _FAMILY_FIRST.match(first):
        return last, first
    return first, last.strip()


_FAMILY_FIRST = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_SUFFIXES = {"jr", "sr", "ii", "iii", "iv", "phd", "md", "esq"}


def _is_suffix(text: str) -> bool:
    """'Martin Luther King, Jr.': the part after the comma is a suffix, not a first name."""
    return squeeze(text) in _SUFFIXES


_TAG_SPLIT = re.compile(r":::|[,;]")
_SYSTEM_GROUPS = {"mycontacts", "starred"}  # Google's own groups, not the user's


def split_tags(value: str) -> list[str]:
    """'vip; Trade show' or Google's '* myContacts ::: Clients' -> ['vip', 'Trade show']."""
    tags: list[str] = []
    seen: set[str] = set()
    for part in _TAG_SPLIT.split(value):
        name = part.strip().strip('"').lstrip("*").strip()  # Mailchimp: "a","b"
        key = name.casefold()
        if name and key not in seen and squeeze(name) not in _SYSTEM_GROUPS:
            seen.add(key)
            tags.append(name[:100])
    return tags


def contact_problems(values: dict[str, str]) -> list[str]:
    """Why these field values cannot be saved as a contact (empty: they can)."""
    problems = []
    for name, value in values.items():
        limit = MAX_LENGTH.get(name)
        if limit is not None and value and len(value) > limit:
            problems.append(f"{FIELD_LABELS[name]} is longer than {limit} characters")
    email = values.get("email", "")
    if email and not is_email(email):
        problems.append(f"bad email {email!r}")
    if not (values.get("first_name") or values.get("last_name") or email):
        problems.append("missing name and email")
    if lifecycle_of(values.get("lifecycle", "")) is None:
        problems.append(f"unknown lifecycle {values['lifecycle']!r}")
    return problems
