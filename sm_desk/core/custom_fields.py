"""Custom fields on contacts, companies and deals: text, number, money, date, choice,
yes/no. Definitions and values live in two tables (no schema change per field); every
value is checked against its field's kind and stored in one canonical text form:

    text   as typed           number  '12.5' (Decimal, no float)
    money  minor units '1250' date    '2026-11-23'
    choice one of the choices yesno   '1' / '0'
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sm_desk.core.contacts.fields import FIELD_LABELS, squeeze
from sm_desk.core.money import MoneyError, NumberError, Numbers, numbers_for
from sm_desk.core.store import Changes, Store
from sm_desk.core.store import custom_fields as q

KINDS: dict[str, str] = {"text": "Text", "number": "Number", "money": "Money",
                         "date": "Date", "choice": "Choice", "yesno": "Yes/no"}
ENTITIES: dict[str, str] = {"contacts": "Contacts", "companies": "Companies", "deals": "Deals"}
PREFIX = "custom:"  # an import mapping target: "custom:<field name>"
MAX_NAME, MAX_TEXT = 60, 2000
_YES = {"yes", "y", "true", "1", "x", "on", "ja", "si", "sí", "oui"}
_NO = {"no", "n", "false", "0", "off", "nein", "non"}
# Names a contacts CSV header already means (so an export re-imports to the same place).
_RESERVED = {squeeze(k) for k in FIELD_LABELS} | {squeeze(v) for v in FIELD_LABELS.values()}


class FieldError(ValueError):
    """A definition or a value that cannot be saved; the message says why."""


@dataclass(frozen=True)
class CustomField:
    id: int
    entity: str
    name: str
    kind: str
    choices: list[str] = field(default_factory=list)
    position: int = 0

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> CustomField:
        return cls(int(row["id"]), str(row["entity"]), str(row["name"]), str(row["kind"]),
                   list(json.loads(row["choices"] or "[]")), int(row["position"]))

    @property
    def target(self) -> str:
        return PREFIX + self.name


def list_fields(store: Store, entity: str) -> list[CustomField]:
    return [CustomField.from_row(r) for r in q.fields(store, entity)]


def find_field(store: Store, entity: str, name: str) -> CustomField | None:
    row = q.field_by_name(store, entity, name)
    return None if row is None else CustomField.from_row(row)


# -- values ------------------------------------------------------------------------------

def parse(custom: CustomField, text: Any, numbers: Numbers | None = None) -> str | None:
    """What the user typed -> the stored form (None: empty). Raises FieldError.
    Numbers and money are read in the owner's locale (`numbers`; en_US when not given)."""
    numbers = numbers or Numbers()
    value = "" if text is None else str(text).strip()
    if not value:
        return None
    kind, name = custom.kind, custom.name
    if kind == "text":
        if len(value) > MAX_TEXT:
            raise FieldError(f"{name} is longer than {MAX_TEXT} characters")
        return value
    if kind == "number":
        try:
            number = numbers.parse_number(value)
        except NumberError as exc:
            raise FieldError(f"{name}: {exc}") from exc
        return f"{number.normalize():f}"
    if kind == "money":
        try:
            return str(numbers.parse_money(value))
        except MoneyError as exc:
            raise FieldError(f"{name}: {exc}") from exc
    if kind == "date":
        try:
            return date.fromisoformat(value[:10]).isoformat()
        except ValueError as exc:
            raise FieldError(f"{name}: {value!r} is not a date (YYYY-MM-DD)") from exc
    if kind == "choice":
        for choice in custom.choices:
            if choice.casefold() == value.casefold():
                return choice
        raise FieldError(f"{name}: {value!r} is not one of {', '.join(custom.choices)}")
    if kind == "yesno":
        word = value.casefold()
        if word in _YES:
            return "1"
        if word in _NO:
            return "0"
        raise FieldError(f"{name}: {value!r} is not yes or no")
    raise FieldError(f"{name} has an unknown kind {kind!r}")


def display(custom: CustomField, stored: str | None, currency: str = "",
            numbers: Numbers | None = None) -> str:
    """The stored form as the user reads it (and as the CSV export writes it)."""
    if stored is None or stored == "":
        return ""
    if custom.kind == "money":
        numbers = numbers or Numbers()
        return numbers.money(int(stored), currency) if currency else numbers.amount(int(stored))
    if custom.kind == "number" and numbers is not None:
        return numbers.number(Decimal(stored))
    if custom.kind == "yesno":
        return "Yes" if stored == "1" else "No"
    return stored


def sort_key(custom: CustomField, stored: str | None) -> tuple[int, Any]:
    """Empty last; numbers and money by value, the rest by text."""
    if stored is None or stored == "":
        return (1, "")
    if custom.kind in ("number", "money"):
        return (0, Decimal(stored))
    return (0, stored.casefold())


def values_for(store: Store, entity: str, ids: Sequence[int] | None = None
               ) -> dict[int, dict[int, str]]:
    return q.values(store, entity, ids)


def set_values(store: Store, entity: str, record_id: int,
               values: Mapping[int | str, Any]) -> Changes:
    """Write several fields of one record (keys: field id or name; '' clears) in one step.
    Every value is checked first: one FieldError names all the bad ones."""
    by_id = {f.id: f for f in list_fields(store, entity)}
    by_name = {f.name.casefold(): f for f in by_id.values()}
    parsed: list[tuple[CustomField, str | None]] = []
    problems: list[str] = []
    numbers = numbers_for(store)
    for key, text in values.items():
        custom = by_id.get(key) if isinstance(key, int) else by_name.get(str(key).casefold())
        if custom is None:
            problems.append(f"there is no custom field {key!r} on {entity}")
            continue
        try:
            parsed.append((custom, parse(custom, text, numbers)))
        except FieldError as exc:
            problems.append(str(exc))
    if problems:
        raise FieldError("; ".join(problems))
    with store.step("Edit custom fields") as step:
        for custom, value in parsed:
            q.set_value(step, custom.id, entity, record_id, value)
    return step.summary


# -- definitions -------------------------------------------------------------------------

def _check_definition(store: Store, entity: str, name: str, kind: str,
                      choices: Sequence[str], field_id: int | None = None) -> list[str]:
    if entity not in ENTITIES:
        raise FieldError(f"custom fields are for {', '.join(ENTITIES)}")
    if kind not in KINDS:
        raise FieldError(f"a field is one of: {', '.join(KINDS.values())}")
    name = name.strip()
    if not name:
        raise FieldError("a field needs a name")
    if len(name) > MAX_NAME:
        raise FieldError(f"a field name is at most {MAX_NAME} characters")
    if entity == "contacts" and squeeze(name) in _RESERVED:
        raise FieldError(f"{name!r} is already a contact field")
    other = q.field_by_name(store, entity, name)
    if other is not None and other["id"] != field_id:
        raise FieldError(f"{ENTITIES[entity]} already have a field called {name!r}")
    clean = [c.strip() for c in choices if c.strip()]
    if kind == "choice" and not clean:
        raise FieldError("a choice field needs at least one choice")
    return list(dict.fromkeys(clean)) if kind == "choice" else []


def define_field(store: Store, entity: str, name: str, kind: str,
                 choices: Sequence[str] = ()) -> Changes:
    clean = _check_definition(store, entity, name, kind, choices)
    with store.step(f"Add field {name.strip()}") as step:
        step.insert("custom_fields", {"entity": entity, "name": name.strip(), "kind": kind,
                                      "choices": json.dumps(clean),
                                      "position": q.next_position(store, entity)})
    return step.summary


def update_field(store: Store, field_id: int, name: str, choices: Sequence[str] = ()) -> Changes:
    """Rename a field or change its choices (its kind stays: the values were checked
    against it). Values no longer among the choices stay, and show as they are."""
    row = store.get("custom_fields", field_id)
    if row is None:
        raise FieldError("that field no longer exists")
    clean = _check_definition(store, row["entity"], name, row["kind"], choices, field_id)
    with store.step(f"Edit field {name.strip()}") as step:
        step.update("custom_fields", field_id, {"name": name.strip(),
                                                "choices": json.dumps(clean)})
    return step.summary


def delete_field(store: Store, field_id: int) -> Changes:
    """Remove a field and every value of it (one undoable step)."""
    row = store.get("custom_fields", field_id)
    if row is None:
        raise FieldError("that field no longer exists")
    with store.step(f"Delete field {row['name']}") as step:
        step.delete("custom_fields", field_id)
    return step.summary


def value_count(store: Store, field_id: int) -> int:
    return q.value_count(store, field_id)
