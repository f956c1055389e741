"""The one pluralising helper (issue 21): no more 'touchs', '1 deals won'."""

from __future__ import annotations

import pytest

from sm_desk.core.words import counted, noun_for, plural_of


@pytest.mark.parametrize(("noun", "plural"), [
    ("touch", "touches"), ("company", "companies"), ("activity", "activities"),
    ("day", "days"), ("deal", "deals"), ("box", "boxes"), ("person", "people"),
    ("open deal", "open deals"), ("overdue payment", "overdue payments"),
])
def test_plural_of(noun: str, plural: str) -> None:
    assert plural_of(noun) == plural


def test_counted_is_singular_for_exactly_one() -> None:
    assert counted(1, "touch") == "1 touch"
    assert counted(42, "touch") == "42 touches"
    assert counted(0, "record") == "0 records"
    assert counted(1204, "contact") == "1,204 contacts"
    assert counted(2, "criterion", "criteria") == "2 criteria"
    assert counted(1234, "deal", number=lambda n: f"{n:_}") == "1_234 deals"
    assert noun_for(1, "deal") == "deal" and noun_for(3, "deal") == "deals"


def test_one_is_singular_and_every_other_count_plural() -> None:
    assert counted(1, "row") == "1 row"
    assert counted(0, "row") == "0 rows"
    assert counted(1204, "contact") == "1,204 contacts"
    assert counted(2, "reply", "replies") == "2 replies"
    assert counted(2, "reply") == "2 replies"  # no longer needs the irregular form


def test_sentence_keeps_what_the_user_typed() -> None:
    from sm_desk.core.words import sentence

    assert sentence("no contact named 'ACME GmbH'") == "No contact named 'ACME GmbH'"
    assert sentence("") == ""
