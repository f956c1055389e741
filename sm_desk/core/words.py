"""Counts in words the way people write them: '1 row', '2 rows', '1,204 contacts',
'3 touches', '2 companies'. The one pluralising helper for the GUI, the CLI and the report."""

from __future__ import annotations

from collections.abc import Callable

IRREGULAR = {"person": "people", "is": "are", "was": "were", "this": "these", "it": "they"}


def plural_of(noun: str) -> str:
    """English plural of a lower-case noun or noun phrase (the last word changes):
    touch -> touches, company -> companies, day -> days, open deal -> open deals."""
    head, _, last = noun.rpartition(" ")
    if last in IRREGULAR:
        word = IRREGULAR[last]
    elif last.endswith(("s", "x", "z", "ch", "sh")):
        word = last + "es"
    elif len(last) > 1 and last.endswith("y") and last[-2] not in "aeiou":
        word = last[:-1] + "ies"
    else:
        word = last + "s"
    return f"{head} {word}" if head else word


def noun_for(n: int, noun: str, plural: str | None = None) -> str:
    """The noun alone, singular for exactly one: 'deal' / 'deals'."""
    return noun if n == 1 else plural or plural_of(noun)


def counted(n: int, noun: str, plural: str | None = None,
            number: Callable[[int], str] | None = None) -> str:
    """`n` and the noun, singular for exactly one (`plural`: for an irregular noun;
    `number`: the locale's way to write the count, '1,204' by default)."""
    return f"{number(n) if number else f'{n:,}'} {noun_for(n, noun, plural)}"


def sentence(text: str) -> str:
    """A message as a sentence: its first letter a capital, the rest exactly as written
    (str.capitalize() would lower-case a name or code the user typed: 'ACME' -> 'acme')."""
    return text[:1].upper() + text[1:]
