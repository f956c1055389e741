"""The owner's locale and home currency for widgets that have no store at hand (table
columns, card painters). Pages that repaint from the store call `refresh(store)` first
(the dashboard at start and on every settings change, the Sales page, Business settings
on save); everything else reads `current()`. Formatting itself is core/money.py."""

from __future__ import annotations

from sm_desk.core.money import Numbers, numbers_for
from sm_desk.core.store import Store

_current = Numbers()


def current() -> Numbers:
    return _current


def use(numbers: Numbers) -> None:
    global _current
    _current = numbers


def refresh(store: Store) -> Numbers:
    use(numbers_for(store))
    return _current


def money(minor: int, currency: str = "") -> str:
    """An amount in its currency ('' = the home one), as the owner's locale writes it."""
    return _current.money(minor, currency or None)
