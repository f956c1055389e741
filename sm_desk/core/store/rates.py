"""Exchange rates the owner typed or imported: 1 `currency` = `rate` `base` on `on_date`.

A figure on a date uses the latest rate on or before that date (core/fx.py). No network.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from sm_desk.core.store.database import Step, Store

Row = dict[str, Any]

CREATE = """CREATE TABLE exchange_rates (
    id INTEGER PRIMARY KEY,
    currency TEXT NOT NULL CHECK (length(currency) = 3),
    base TEXT NOT NULL CHECK (length(base) = 3),
    rate TEXT NOT NULL,
    on_date TEXT NOT NULL,
    UNIQUE (currency, base, on_date)
)"""
INDEX = ("CREATE INDEX exchange_rates_by_pair ON exchange_rates (currency, base, on_date)")

def create_table(conn: sqlite3.Connection) -> None:
    """Migration 0020: the table, and amounts rescaled to each currency's own minor unit."""
    from sm_desk.core.money import other_decimals

    conn.execute(CREATE)
    conn.execute(INDEX)
    # Amounts used to be stored as hundredths for every currency: rescale the currencies
    # whose minor unit is not the cent (JPY has none, KWD has thousandths).
    zero = ", ".join(f"'{c}'" for c in other_decimals(0)) or "''"
    three = ", ".join(f"'{c}'" for c in other_decimals(3)) or "''"
    conn.execute(f"UPDATE deals SET value_minor = (value_minor + 50) / 100 "
                 f"WHERE upper(currency) IN ({zero})")
    conn.execute(f"UPDATE deals SET value_minor = value_minor * 10 "
                 f"WHERE upper(currency) IN ({three})")
    conn.execute(f"UPDATE campaigns SET budget_minor = (budget_minor + 50) / 100 "
                 f"WHERE upper(currency) IN ({zero})")
    conn.execute(f"UPDATE campaigns SET budget_minor = budget_minor * 10 "
                 f"WHERE upper(currency) IN ({three})")


def all_rates(store: Store) -> list[Row]:
    """Every rate, newest date first within each currency."""
    return store.query("SELECT id, currency, base, rate, on_date FROM exchange_rates "
                       "ORDER BY currency, base, on_date DESC, id DESC")


def rates_for_base(store: Store, base: str) -> list[Row]:
    """The rates into `base`, oldest first per currency (for on-or-before look-ups)."""
    return store.query("SELECT currency, rate, on_date FROM exchange_rates WHERE base = ? "
                       "ORDER BY currency, on_date", [base])


def find(store: Store, currency: str, base: str, on_date: str) -> Row | None:
    return store.query_one("SELECT id, currency, base, rate, on_date FROM exchange_rates "
                           "WHERE currency = ? AND base = ? AND on_date = ?",
                           [currency, base, on_date])


def put(step: Step, currency: str, base: str, rate: str, on_date: str) -> int:
    """Insert, or replace the rate already kept for that currency, base and date."""
    found = find(step.store, currency, base, on_date)
    if found is None:
        return step.insert("exchange_rates", {"currency": currency, "base": base,
                                              "rate": rate, "on_date": on_date})
    step.update("exchange_rates", found["id"], {"rate": rate})
    return int(found["id"])


def delete(step: Step, rate_id: int) -> None:
    step.delete("exchange_rates", rate_id)


def deal_currencies(store: Store) -> list[str]:
    """Currencies the deals use, most used first."""
    return [r["currency"] for r in store.query(
        "SELECT upper(currency) AS currency, count(*) AS n FROM deals "
        "GROUP BY upper(currency) ORDER BY n DESC, currency")]
