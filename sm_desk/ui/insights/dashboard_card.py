"""The dashboard's "Best leads to call today" card, from marketing's hunting grounds."""

from __future__ import annotations

from typing import Any

from sm_desk.ui.dashboard.cards import Card


def lead_line(row: dict[str, Any]) -> str:
    who = row["name"] or row["email"] or f"Contact {row['id']}"
    at = f" ({row['company']})" if row.get("company") else ""
    ready = " · ready for sales" if row["ready"] else ""
    phone = f" · {row['phone']}" if row.get("phone") else ""
    return f"#{row['segment_rank']} {row['segment']}: {who}{at}{ready}{phone}"


def show_best_leads(card: Card, rows: list[dict[str, Any]]) -> None:
    card.set_number(str(len(rows)) if rows else "None")
    card.set_lines([lead_line(r) for r in rows] or [
        "No lead in a ranked segment is waiting for a call."],
        "Best segment first (marketing's hunting grounds), then ready and best qualified; "
        "leads called this week are left out.")
