"""The rows `sm-desk export all` writes (everything, in id order, names joined in)."""

from __future__ import annotations

from sm_desk.core.store.database import Store
from sm_desk.core.store.undo import Row


def companies(store: Store) -> list[Row]:
    return store.query("SELECT name, coalesce(website, '') AS website, "
                       "coalesce(industry, '') AS industry, notes FROM companies ORDER BY id")


def campaigns(store: Store) -> list[Row]:
    return store.query(
        "SELECT c.*, coalesce(t.name, '') AS audience_tag FROM campaigns c "
        "LEFT JOIN tags t ON t.id = c.audience_tag_id ORDER BY c.id")


def deals(store: Store) -> list[Row]:
    return store.query(
        "SELECT d.*, s.name AS stage, s.outcome, "
        "trim(coalesce(c.first_name, '') || ' ' || coalesce(c.last_name, '')) AS contact_name, "
        "coalesce(c.email, '') AS contact_email, coalesce(co.name, '') AS company_name, "
        "coalesce(ca.name, '') AS campaign_name, coalesce(p.name, '') AS owner_name "
        "FROM deals d JOIN stages s ON s.id = d.stage_id "
        "LEFT JOIN contacts c ON c.id = d.contact_id "
        "LEFT JOIN companies co ON co.id = d.company_id "
        "LEFT JOIN campaigns ca ON ca.id = d.source_campaign_id "
        "LEFT JOIN people p ON p.id = d.owner_id ORDER BY d.id")


def tasks(store: Store) -> list[Row]:
    return store.query(
        "SELECT t.*, coalesce(p.name, '') AS assignee, "
        "CASE t.origin_type WHEN 'touch' THEN (SELECT title FROM touches WHERE id = t.origin_id) "
        "WHEN 'deal' THEN (SELECT title FROM deals WHERE id = t.origin_id) "
        "WHEN 'contact' THEN (SELECT trim(first_name || ' ' || last_name) FROM contacts "
        "WHERE id = t.origin_id) END AS origin_name "
        "FROM tasks t LEFT JOIN people p ON p.id = t.assignee_id ORDER BY t.id")


def activities(store: Store) -> list[Row]:
    return store.query(
        "SELECT a.kind, a.at, a.summary, coalesce(d.title, '') AS deal_title, "
        "trim(coalesce(c.first_name, '') || ' ' || coalesce(c.last_name, '')) AS contact_name, "
        "coalesce(c.email, '') AS contact_email FROM activities a "
        "LEFT JOIN deals d ON d.id = a.deal_id LEFT JOIN contacts c ON c.id = a.contact_id "
        "ORDER BY a.at, a.id")
