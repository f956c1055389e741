"""Scoring: two person scores (sales, marketing), the business's need for one-to-one
selling, and the verdict. Every threshold is a named constant, tested at its edge."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sm_desk.core.assessment.bank import BUSINESS, PERSON, QuestionBank, load_bank

# Scores run 0-100. When the two person scores differ by this many points or fewer,
# the verdict is "balanced"; a larger gap leans to the higher side.
BALANCED_MARGIN = 10.0
# The business's need for one-to-one selling (0-100): below MEDIUM is low, from HIGH on high.
NEEDS_MEDIUM_FROM = 34.0
NEEDS_HIGH_FROM = 67.0

SALES_LEANING = "sales-leaning"
MARKETING_LEANING = "marketing-leaning"
BALANCED = "balanced"
VERDICTS = (SALES_LEANING, MARKETING_LEANING, BALANCED)
NEEDS_LEVELS = ("low", "medium", "high")
NEEDS_PHRASES = {"low": "little", "medium": "a fair amount of", "high": "a lot of"}

VERDICT_LABELS = {
    SALES_LEANING: "Sales-leaning", MARKETING_LEANING: "Marketing-leaning", BALANCED: "Balanced",
}


@dataclass(frozen=True)
class Result:
    answers: dict[str, str]
    sales_score: float
    marketing_score: float
    needs_score: float
    verdict: str
    needs_level: str

    @property
    def gap(self) -> float:
        """How far the two person scores are apart (positive: sales is higher)."""
        return round(self.sales_score - self.marketing_score, 1)

    @property
    def weaker_side(self) -> str | None:
        """The half that is likely starving: the owner's weaker one (None when balanced)."""
        if self.verdict == SALES_LEANING:
            return "marketing"
        if self.verdict == MARKETING_LEANING:
            return "sales"
        return None


def verdict_for(sales_score: float, marketing_score: float) -> str:
    gap = round(sales_score - marketing_score, 1)
    if abs(gap) <= BALANCED_MARGIN:
        return BALANCED
    return SALES_LEANING if gap > 0 else MARKETING_LEANING


def needs_level_for(needs_score: float) -> str:
    if needs_score >= NEEDS_HIGH_FROM:
        return "high"
    if needs_score >= NEEDS_MEDIUM_FROM:
        return "medium"
    return "low"


def _percent(points: int, most: int) -> float:
    return round(100.0 * points / most, 1) if most else 0.0


def score(answers: Mapping[str, str], bank: QuestionBank | None = None) -> Result:
    """Score a complete answer set ({question id: answer key}); missing answers are an error."""
    bank = bank or load_bank()
    missing = [q.id for q in bank.questions if q.id not in answers]
    if missing:
        raise ValueError(f"unanswered: {', '.join(missing)}")
    sales = marketing = need = 0
    for question in bank.in_part(PERSON):
        answer = question.answer(answers[question.id])
        sales += answer.sales
        marketing += answer.marketing
    for question in bank.in_part(BUSINESS):
        need += question.answer(answers[question.id]).need
    person = bank.in_part(PERSON)
    sales_score = _percent(sales, sum(max(a.sales for a in q.answers) for q in person))
    marketing_score = _percent(marketing, sum(max(a.marketing for a in q.answers) for q in person))
    needs_score = _percent(need, sum(max(a.need for a in q.answers)
                                     for q in bank.in_part(BUSINESS)))
    return Result(
        answers={q.id: answers[q.id] for q in bank.questions},
        sales_score=sales_score, marketing_score=marketing_score, needs_score=needs_score,
        verdict=verdict_for(sales_score, marketing_score),
        needs_level=needs_level_for(needs_score),
    )
