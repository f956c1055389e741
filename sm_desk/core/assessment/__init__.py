"""Self-assessment "are you sales or marketing?": question bank, scoring, advice, results."""

from sm_desk.core.assessment.bank import Answer, Question, QuestionBank, load_bank
from sm_desk.core.assessment.scoring import (
    BALANCED_MARGIN,
    Result,
    needs_level_for,
    score,
    verdict_for,
)

__all__ = [
    "BALANCED_MARGIN", "Answer", "Question", "QuestionBank", "Result", "load_bank",
    "needs_level_for", "score", "verdict_for",
]
