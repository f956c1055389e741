"""Scoring, verdict margin, business needs, advice and stored results of the self-assessment."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from sm_desk.core.agreement import Agreement, load_agreement
from sm_desk.core.assessment import (
    BALANCED_MARGIN,
    load_bank,
    needs_level_for,
    score,
    verdict_for,
)
from sm_desk.core.assessment.advice import advise
from sm_desk.core.assessment.bank import BUSINESS, PERSON
from sm_desk.core.assessment.scoring import NEEDS_HIGH_FROM, NEEDS_MEDIUM_FROM
from sm_desk.core.assessment.service import (
    advice_for,
    apply_suggestions,
    has_assessment,
    history,
    latest,
    save_result,
)
from sm_desk.core.store import Store

BANK = load_bank()


def extreme(person: str, need: str = "low") -> dict[str, str]:
    """Every person answer leaning fully to `person`; every business answer at `need`."""
    answers = {}
    for q in BANK.in_part(PERSON):
        best = max(q.answers, key=lambda a: (a.sales - a.marketing) * (1 if person == "sales"
                                                                      else -1))
        answers[q.id] = best.key
    for q in BANK.in_part(BUSINESS):
        pick = min if need == "low" else max
        answers[q.id] = pick(q.answers, key=lambda a: a.need).key
    return answers


def with_raw_gap(diff: int) -> dict[str, str]:
    """Person answers whose raw sales minus marketing points is exactly `diff`."""
    reach: dict[int, list[str]] = {0: []}
    person = BANK.in_part(PERSON)
    for q in person:
        nxt: dict[int, list[str]] = {}
        for total, keys in reach.items():
            for a in q.answers:
                nxt.setdefault(total + a.sales - a.marketing, keys + [a.key])
        reach = nxt
    answers = dict(zip([q.id for q in person], reach[diff], strict=True))
    answers.update({q.id: q.answers[0].key for q in BANK.in_part(BUSINESS)})
    return answers


def test_bank_has_two_parts_and_no_right_answer() -> None:
    assert 16 <= len(BANK.questions) <= 24
    assert len(BANK.in_part(PERSON)) >= 10 and len(BANK.in_part(BUSINESS)) >= 5
    for q in BANK.in_part(PERSON):
        # each person question offers a sales-leaning and a marketing-leaning answer
        assert any(a.sales > a.marketing for a in q.answers), q.id
        assert any(a.marketing > a.sales for a in q.answers), q.id
    for q in BANK.in_part(BUSINESS):
        assert {a.need for a in q.answers} == {0, 1, 2}, q.id
    topics = {q.id for q in BANK.questions}
    assert {"free_morning", "put_off", "objection", "price", "tangible", "competition",
            "purchase_length", "sign_offs"} <= topics


def test_extreme_answer_sets_give_the_expected_verdicts() -> None:
    sales = score(extreme("sales"))
    assert (sales.sales_score, sales.marketing_score, sales.verdict) == (100.0, 0.0,
                                                                         "sales-leaning")
    assert sales.weaker_side == "marketing"
    marketing = score(extreme("marketing"))
    assert (marketing.sales_score, marketing.marketing_score) == (0.0, 100.0)
    assert marketing.verdict == "marketing-leaning" and marketing.weaker_side == "sales"
    middle = score(with_raw_gap(0))
    assert middle.verdict == "balanced" and middle.weaker_side is None


def test_business_profiles_map_to_need_levels() -> None:
    assert score(extreme("sales", need="low")).needs_level == "low"
    assert score(extreme("sales", need="high")).needs_level == "high"
    # an everyday, tangible product sold online but with lots of competition and a partner's
    # say: mostly low, a couple of middles -> still low
    cheap = {**extreme("sales"), "competition": "c", "sign_offs": "b"}
    assert score(cheap).needs_level == "low"
    # a service of a few thousand, weeks to decide, two sign-offs: medium
    middle = {**extreme("sales"), **{q.id: "b" for q in BANK.in_part(BUSINESS)}}
    assert score(middle).needs_score == 50.0 and score(middle).needs_level == "medium"
    # expensive consulting bought by a committee after months: high
    consulting = {**middle, "price": "c", "tangible": "c", "purchase_length": "c",
                  "sign_offs": "c"}
    assert score(consulting).needs_level == "high"
    assert needs_level_for(NEEDS_MEDIUM_FROM - 0.1) == "low"
    assert needs_level_for(NEEDS_MEDIUM_FROM) == "medium"
    assert needs_level_for(NEEDS_HIGH_FROM - 0.1) == "medium"
    assert needs_level_for(NEEDS_HIGH_FROM) == "high"


def test_balanced_margin_is_explicit_and_holds_at_its_edge() -> None:
    assert BALANCED_MARGIN == 10.0
    assert verdict_for(55.0, 45.0) == "balanced"
    assert verdict_for(55.1, 45.0) == "sales-leaning"
    assert verdict_for(45.0, 55.0) == "balanced"
    assert verdict_for(45.0, 55.1) == "marketing-leaning"
    # through the real bank: 3 raw points of 30 is exactly the margin, 4 is past it
    at_edge = score(with_raw_gap(3))
    assert at_edge.gap == BALANCED_MARGIN and at_edge.verdict == "balanced"
    assert score(with_raw_gap(4)).verdict == "sales-leaning"
    assert score(with_raw_gap(-3)).verdict == "balanced"
    assert score(with_raw_gap(-4)).verdict == "marketing-leaning"


def test_missing_answers_are_refused() -> None:
    answers = extreme("sales")
    del answers["free_morning"]
    with pytest.raises(ValueError, match="free_morning"):
        score(answers)


SAM = {"id": 2, "name": "Sam", "kind": "helper", "strengths": ["marketing"], "active": 1}
ACE = {"id": 3, "name": "Ace Agency", "kind": "agency", "strengths": ["sales"], "active": 1}


def test_sales_leaning_owner_hands_marketing_chores_to_the_marketing_helper() -> None:
    advice = advise(score(extreme("sales", "low")), Agreement(), [ACE, SAM],
                    {"blog.answer_comments": 4})
    assert advice.starving == "marketing"
    assert "blog.answer_comments" in advice.handoff_rules
    assert "deal.invoice" not in advice.handoff_rules
    assignees = {s.name: s.value for s in advice.suggestions if s.kind == "assignee"}
    assert assignees["blog.answer_comments"] == SAM["id"]
    assert any("4 open" in s.label for s in advice.suggestions)
    kinds = {(s.kind, s.name): s.value for s in advice.suggestions}
    assert kinds[("target", "touches_sent")] == 4
    assert kinds[("hat_share", "hat_target_sales_share")] == 0.35
    assert "risky" in " ".join(advice.points)


def test_marketing_leaning_owner_of_a_high_need_business_gets_sales_help() -> None:
    advice = advise(score(extreme("marketing", "high")), Agreement(), [SAM, ACE])
    assert advice.starving == "sales"
    assert {"deal.invoice", "deal.collect_payment"} <= set(advice.handoff_rules)
    assert "lead.first_contact" not in advice.handoff_rules  # high need: keep it yourself
    kinds = {(s.kind, s.name): s.value for s in advice.suggestions}
    assert kinds[("assignee", "deal.invoice")] == ACE["id"]
    assert kinds[("follow_up_hours", "follow_up_hours")] == 24
    assert kinds[("target", "deals_advanced")] == 5
    # a suggestion already in force is not offered again
    done = Agreement(default_assignees={"deal.invoice": ACE["id"]}, follow_up_hours=12)
    again = {(s.kind, s.name) for s in advise(score(extreme("marketing", "high")), done,
                                              [SAM, ACE]).suggestions}
    assert ("assignee", "deal.invoice") not in again
    assert ("follow_up_hours", "follow_up_hours") not in again


def test_without_helpers_the_advice_says_to_add_one() -> None:
    advice = advise(score(extreme("sales")), Agreement(), [])
    assert not [s for s in advice.suggestions if s.kind == "assignee"]
    assert any("Add a helper" in p for p in advice.points)


def _helper_and_tasks(store: Store) -> tuple[int, list[int]]:
    with store.step("setup") as step:
        sam = step.insert("people", {"name": "Sam", "kind": "helper",
                                     "strengths": json.dumps(["marketing"])})
        ids = [step.insert("tasks", {"title": f"Answer comments {i}", "function": "marketing",
                                     "rule": "blog.answer_comments", "origin_type": "touch",
                                     "origin_id": i, "status": status, "created_at": "x",
                                     "updated_at": "x"})
               for i, status in enumerate(("open", "open", "done"))]
    return sam, ids


def test_results_are_stored_with_answers_and_kept_as_history(store: Store) -> None:
    assert not has_assessment(store)
    first = score(extreme("sales"))
    first_id, _ = save_result(store, first, datetime(2026, 9, 1, 9, tzinfo=UTC))
    second_id, _ = save_result(store, score(with_raw_gap(0)),
                               datetime(2026, 11, 23, 9, tzinfo=UTC))
    rows = history(store)
    assert [r.id for r in rows] == [first_id, second_id]
    assert json.loads(rows[0].answers) == first.answers
    assert rows[0].verdict == "sales-leaning" and rows[1].verdict == "balanced"
    assert latest(store).id == second_id  # type: ignore[union-attr]
    # going back in the wizard and changing an answer rewrites the same row
    save_result(store, score(extreme("marketing")), replace_id=second_id)
    assert [r.verdict for r in history(store)] == ["sales-leaning", "marketing-leaning"]


def test_applying_suggestions_is_one_undoable_step(store: Store) -> None:
    sam, (open1, open2, done) = _helper_and_tasks(store)
    result = score(extreme("sales", "low"))
    advice = advice_for(store, result)
    assert any("2 open" in s.label for s in advice.suggestions)
    apply_suggestions(store, advice.suggestions)
    agreement = load_agreement(store)
    assert agreement.default_assignees["blog.answer_comments"] == sam
    assert agreement.targets["touches_sent"] == 4
    assert agreement.hat_target_sales_share == 0.35
    assert [store.get("tasks", t)["assignee_id"] for t in (open1, open2, done)] == [
        sam, sam, None]
    assert store.undo_label == "Apply assessment advice"
    store.undo()
    assert load_agreement(store).default_assignees == {}
    assert store.get("tasks", open1)["assignee_id"] is None


def test_a_helper_only_gets_chores_of_their_strength() -> None:
    from sm_desk.core.assessment.advice import HANDOFF_RULES
    from sm_desk.core.tasks.rules import function_of

    # the owner's sales half is weak, but the only helper is strong at marketing
    advice = advise(score(extreme("marketing", "high")), Agreement(), [SAM])
    assert advice.starving == "sales"
    assert not [s for s in advice.suggestions if s.kind == "assignee"]
    assert any("strong at sales" in p for p in advice.points)
    # one table of chores: the advice's sides agree with the task rules'
    for side, rules in HANDOFF_RULES.items():
        assert all(function_of(rule) == side for rule in rules)
    assert "event.staff_booth" in HANDOFF_RULES["marketing"]
    assert "event.staff_booth" not in HANDOFF_RULES["sales"]


def test_every_chore_goes_to_a_helper_of_its_side() -> None:
    from sm_desk.core.tasks.rules import function_of

    for leaning in ("sales", "marketing"):
        advice = advise(score(extreme(leaning)), Agreement(), [SAM, ACE])
        handed = [s for s in advice.suggestions if s.kind == "assignee"]
        assert handed
        for suggestion in handed:
            helper = SAM if suggestion.value == SAM["id"] else ACE
            assert function_of(suggestion.name) in helper["strengths"]
