"""Contact custom fields in CSV files: the export writes one column per field (header =
the field's name), the import maps a column to "custom:<name>" (guessed from that
header) and writes the checked values with the rest of the import, in its step.
A value that does not fit its field is left out and named in the warnings."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sm_desk.core.custom_fields import (
    PREFIX,
    CustomField,
    FieldError,
    display,
    list_fields,
    parse,
    values_for,
)
from sm_desk.core.store import Step, Store
from sm_desk.core.store import custom_fields as q

MAX_WARNINGS = 50


def export_columns(store: Store, ids: Sequence[int] | None = None
                   ) -> tuple[list[str], Callable[[int], list[str]]]:
    """(headers, cells of one contact id) for the contact custom fields."""
    fields = list_fields(store, "contacts")
    if not fields:
        return [], lambda _id: []
    values = values_for(store, "contacts", ids)

    def cells(contact_id: int) -> list[str]:
        mine = values.get(contact_id, {})
        return [display(f, mine.get(f.id)) for f in fields]
    return [f.name for f in fields], cells


def with_custom_targets(store: Store, header: Sequence[str],
                        mapping: Sequence[str | None]) -> list[str | None]:
    """The mapping, with each column whose header is a custom field's name mapped to it."""
    by_name = {f.name.casefold(): f for f in list_fields(store, "contacts")}
    result = list(mapping) + [None] * (len(header) - len(mapping))
    for index, name in enumerate(header):
        custom = by_name.get(name.strip().casefold())
        if custom is not None:
            result[index] = custom.target
    return result


def custom_columns(mapping: Sequence[str | None]) -> list[tuple[int, str]]:
    """(column index, field name) of the columns mapped to custom fields."""
    return [(i, m[len(PREFIX):]) for i, m in enumerate(mapping) if m and m.startswith(PREFIX)]


def write_imported(step: Step, custom: dict[int, dict[str, str]], line_ids: dict[int, int],
                   warnings: list[str]) -> int:
    """Write `custom` (file line -> {field name: text}) onto the contacts those lines became.
    Returns how many values were written."""
    fields: dict[str, CustomField] = {f.name.casefold(): f
                                      for f in list_fields(step.store, "contacts")}
    rows: list[tuple[int, int, str]] = []
    missing: set[str] = set()
    bad = 0
    for line, cells in custom.items():
        contact_id = line_ids.get(line)
        if contact_id is None:
            continue
        for name, text in cells.items():
            found = fields.get(name.casefold())
            if found is None:
                missing.add(name)
                continue
            try:
                value = parse(found, text)
            except FieldError as exc:
                bad += 1
                if bad <= MAX_WARNINGS:
                    warnings.append(f"line {line}: {exc}; that value was left out")
                continue
            if value is not None:
                rows.append((found.id, contact_id, value))
    if bad > MAX_WARNINGS:
        warnings.append(f"… and {bad - MAX_WARNINGS:,} more values that did not fit their field")
    for name in sorted(missing):
        warnings.append(f"there is no contact field called {name!r}: its column was left out")
    q.bulk_set(step, "contacts", rows)
    return len(rows)


def parsed_values(store: Store, custom: dict[int, dict[str, str]]) -> dict[int, dict[int, str]]:
    """file line -> {field id: stored value} for the values that fit their field (the
    others are left out, as write_imported does, which names them)."""
    fields = {f.name.casefold(): f for f in list_fields(store, "contacts")}
    out: dict[int, dict[int, str]] = {}
    for line, cells in custom.items():
        for name, text in cells.items():
            found = fields.get(name.casefold())
            if found is None:
                continue
            try:
                value = parse(found, text)
            except FieldError:
                continue
            if value is not None:
                out.setdefault(line, {})[found.id] = value
    return out


def field_names(store: Store) -> dict[int, str]:
    """field id -> name, of the contact custom fields."""
    return {f.id: f.name for f in list_fields(store, "contacts")}
