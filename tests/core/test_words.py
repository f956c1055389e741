"""Counts read as people write them."""

from __future__ import annotations

from sm_desk.core.words import counted


def test_one_is_singular_and_every_other_count_plural() -> None:
    assert counted(1, "row") == "1 row"
    assert counted(0, "row") == "0 rows"
    assert counted(1204, "contact") == "1,204 contacts"
    assert counted(2, "reply", "replies") == "2 replies"
