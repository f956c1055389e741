"""Mail templates and what their placeholders are filled from."""

from __future__ import annotations

from sm_desk.core.store.database import Store
from sm_desk.core.store.undo import Row


def templates(store: Store) -> list[Row]:
    return store.query(
        "SELECT m.*, coalesce(s.name, '') AS stage_name, coalesce(c.name, '') AS campaign_name "
        "FROM mail_templates m LEFT JOIN stages s ON s.id = m.stage_id "
        "LEFT JOIN campaigns c ON c.id = m.campaign_id ORDER BY m.name COLLATE NOCASE")


def deal_facts(store: Store, deal_id: int) -> Row | None:
    return store.query_one(
        "SELECT d.id, d.title, d.value_minor, d.currency, d.next_step, d.next_step_due, "
        "d.stage_id, d.contact_id, d.source_campaign_id, s.name AS stage, "
        "coalesce(co.name, '') AS company, coalesce(ca.name, '') AS campaign "
        "FROM deals d JOIN stages s ON s.id = d.stage_id "
        "LEFT JOIN companies co ON co.id = d.company_id "
        "LEFT JOIN campaigns ca ON ca.id = d.source_campaign_id WHERE d.id = ?", [deal_id])


def contact_facts(store: Store, contact_id: int) -> Row | None:
    return store.query_one(
        "SELECT c.id, c.first_name, c.last_name, coalesce(c.email, '') AS email, "
        "coalesce(c.job_title, '') AS job_title, c.source_campaign_id, "
        "coalesce(co.name, '') AS company, coalesce(ca.name, '') AS campaign "
        "FROM contacts c LEFT JOIN companies co ON co.id = c.company_id "
        "LEFT JOIN campaigns ca ON ca.id = c.source_campaign_id WHERE c.id = ?", [contact_id])


def my_name(store: Store) -> str:
    return str(store.scalar("SELECT name FROM people WHERE kind = 'me' ORDER BY id LIMIT 1")
               or "")


def stage_choices(store: Store) -> list[Row]:
    return store.query("SELECT id, name FROM stages ORDER BY position")


def campaign_choices(store: Store) -> list[Row]:
    return store.query("SELECT id, name FROM campaigns WHERE archived = 0 "
                       "ORDER BY name COLLATE NOCASE")


def template_named(store: Store, name: str, other_than: int | None = None) -> int | None:
    """The id of another template with this name (case-insensitive), if any."""
    found = store.scalar("SELECT id FROM mail_templates WHERE name = ? COLLATE NOCASE "
                         "AND id IS NOT ?", [name, other_than])
    return None if found is None else int(found)
