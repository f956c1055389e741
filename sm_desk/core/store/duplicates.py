"""What duplicate detection reads: the identifying fields of every contact."""

from __future__ import annotations

from typing import Any

from sm_desk.core.store.database import Store


def contact_keys(store: Store) -> list[tuple[Any, ...]]:
    """(id, first name, last name, email, phone, company id) for every contact, by id."""
    return store.conn.execute(
        "SELECT id, first_name, last_name, email, phone, company_id FROM contacts "
        "ORDER BY id").fetchall()
