"""Find likely duplicate contacts and merge two or more into one, field by field.

Duplicates: the same email (case ignored), the same normalised name at the same
company, or the same phone number (parsed in the business's country, see phones.py:
'+1 212 555 0100' and '(212) 555-0100' match in a US business, '+1 312 555 0100' does
not; extensions count; a number that is not valid there, such as '020 7946 0958', meets
the valid one with the same national digits, '+44 20 7946 0958'). Pairs chain into
groups: A~B by email and B~C by phone make one group of three.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sm_desk.core.contacts.phones import phone_keys
from sm_desk.core.contacts.service import ContactError, merge_contacts
from sm_desk.core.profile import load_profile
from sm_desk.core.store import Changes, Store
from sm_desk.core.store import custom_fields as custom_q
from sm_desk.core.store import duplicates as q
from sm_desk.core.tasks.rules import sync_contact

# Fields a merge lets the user choose, in the order the dialog shows them.
MERGE_FIELDS: dict[str, str] = {
    "first_name": "First name", "last_name": "Last name", "email": "Email", "phone": "Phone",
    "company_id": "Company", "job_title": "Job title", "lifecycle": "Lifecycle",
    "source_campaign_id": "Source campaign", "notes": "Notes",
}
_SPACES = re.compile(r"[^0-9a-z]+")


@dataclass
class DuplicateGroup:
    ids: list[int]  # oldest first
    reasons: list[str] = field(default_factory=list)  # "same email", "same phone", ...


def normal_name(first: str, last: str) -> str:
    """'  José  DE la Cruz' -> 'jose de la cruz' (accents, case and punctuation ignored)."""
    text = unicodedata.normalize("NFKD", f"{first} {last}".casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return _SPACES.sub(" ", text).strip()


def phone_key(phone: str | None, region: str | None = None) -> str | None:
    """The number a phone field holds ('+12125550100;ext=12'), or for one that is not a
    valid number in `region`, its national digits; None: too short to match on."""
    keys = phone_keys(phone, region)
    return keys.exact or keys.national


def find_duplicates(store: Store) -> list[DuplicateGroup]:
    """Groups of contacts that look like one person, largest first."""
    region = load_profile(store).country
    buckets: dict[tuple[str, Any], list[int]] = {}
    national: dict[str, list[tuple[int, bool]]] = {}  # digits -> (id, valid number?)
    for row_id, first, last, email, phone, company in q.contact_keys(store):
        if email and email.strip():
            buckets.setdefault(("same email", email.strip().casefold()), []).append(row_id)
        name = normal_name(first or "", last or "")
        if name:
            buckets.setdefault(("same name and company", (name, company)), []).append(row_id)
        if phone:
            keys = phone_keys(phone, region)
            if keys.exact:
                buckets.setdefault(("same phone", keys.exact), []).append(row_id)
            if keys.national:
                national.setdefault(keys.national, []).append((row_id, keys.exact is not None))
    for digits, members in national.items():
        # Valid numbers already met by E.164; these digits join a number that did not
        # parse to the others (two valid ones of different countries stay apart).
        if len(members) > 1 and not all(valid for _, valid in members):
            buckets.setdefault(("same phone", f"national:{digits}"), []).extend(
                row_id for row_id, _ in members)
    parent: dict[int, int] = {}

    def root(i: int) -> int:
        while parent.setdefault(i, i) != i:
            parent[i] = parent.setdefault(parent[i], parent[i])
            i = parent[i]
        return i

    matched = [(reason, ids) for (reason, _key), ids in buckets.items() if len(ids) > 1]
    for _reason, ids in matched:
        first = root(ids[0])
        for other in ids[1:]:
            parent[root(other)] = first
    groups: dict[int, DuplicateGroup] = {}
    for reason, ids in matched:
        group = groups.setdefault(root(ids[0]), DuplicateGroup([]))
        group.ids.extend(ids)
        if reason not in group.reasons:
            group.reasons.append(reason)
    result = [DuplicateGroup(sorted(set(g.ids)), sorted(g.reasons)) for g in groups.values()]
    result.sort(key=lambda g: (-len(g.ids), g.ids[0]))
    return result


def merge(store: Store, keep_id: int, ids: Sequence[int],
          choices: Mapping[str | int, Any] | None = None) -> Changes:
    """Merge `ids` into `keep_id` in one undoable step: every deal, activity, tag, task
    (and so every touch through the tags), and custom value moves to the survivor; blanks
    are filled from the others; then `choices` (a MERGE_FIELDS key, or a custom field id,
    -> the value to keep) are written on the survivor; the others are deleted."""
    others = [i for i in dict.fromkeys(ids) if i != keep_id]
    if store.get("contacts", keep_id) is None:
        raise ContactError([f"contact {keep_id} does not exist"])
    if not others:
        raise ContactError(["choose at least two contacts to merge"])
    chosen = dict(choices or {})
    row = {k: v for k, v in chosen.items() if isinstance(k, str) and k in MERGE_FIELDS}
    custom = {k: v for k, v in chosen.items() if isinstance(k, int)}
    if set(chosen) - set(row) - set(custom):
        raise ContactError([f"a merge cannot choose {sorted(map(str, chosen))}"])
    with store.step(f"Merge {len(others) + 1} contacts") as step:
        for other in others:
            custom_q.move_values(step, "contacts", other, keep_id)
        merge_contacts(store, keep_id, others)  # joins this step
        if row:
            step.update("contacts", keep_id, row)
        for field_id, value in custom.items():
            custom_q.set_value(step, field_id, "contacts", keep_id, value)
        sync_contact(step, keep_id)
    return step.summary
