"""Shared by the CRM import tests: a few contacts to link to, and reading deals back."""

from __future__ import annotations

from typing import Any

from sm_desk.core.store import Store

STAMP = "2026-01-01T00:00:00Z"


def add_contacts(store: Store, *people: tuple[str, str, str]) -> dict[str, int]:
    """(first, last, email) -> {email or name: id}."""
    out = {}
    with store.step("contacts") as step:
        for first, last, email in people:
            out[email or f"{first} {last}"] = step.insert("contacts", {
                "first_name": first, "last_name": last, "email": email or None,
                "created_at": STAMP, "updated_at": STAMP})
    return out


def stage_id(store: Store, name: str) -> int:
    return int(store.scalar("SELECT id FROM stages WHERE name = ?", [name]))


def deals(store: Store) -> dict[str, dict[str, Any]]:
    """title -> the columns an import writes, links by name."""
    rows = store.query(
        "SELECT d.title, d.value_minor, d.currency, s.name AS stage, d.probability, "
        "d.expected_close, d.closed_at, d.lost_reason, d.source_id, "
        "trim(coalesce(c.first_name, '') || ' ' || coalesce(c.last_name, '')) AS contact, "
        "co.name AS company, p.name AS owner, d.created_at FROM deals d "
        "JOIN stages s ON s.id = d.stage_id LEFT JOIN contacts c ON c.id = d.contact_id "
        "LEFT JOIN companies co ON co.id = d.company_id "
        "LEFT JOIN people p ON p.id = d.owner_id ORDER BY d.id")
    return {r.pop("title"): r for r in rows}


def activities(store: Store) -> list[tuple[Any, ...]]:
    return [tuple(r.values()) for r in store.query(
        "SELECT a.kind, a.at, a.summary, d.title AS deal, "
        "trim(coalesce(c.first_name, '') || ' ' || coalesce(c.last_name, '')) AS contact, "
        "a.source_id FROM activities a LEFT JOIN deals d ON d.id = a.deal_id "
        "LEFT JOIN contacts c ON c.id = a.contact_id ORDER BY a.at, a.id")]
