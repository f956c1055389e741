"""Counts in words the way people write them: '1 row', '2 rows', '1,204 contacts'."""

from __future__ import annotations


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """`n` and the noun, singular for exactly one (`plural`: for irregular nouns)."""
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"
