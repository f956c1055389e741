"""The question bank, read from questions.json (one reviewable data file)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

PERSON = "person"
BUSINESS = "business"


@dataclass(frozen=True)
class Answer:
    key: str
    text: str
    sales: int = 0
    marketing: int = 0
    need: int = 0


@dataclass(frozen=True)
class Question:
    id: str
    part: str
    text: str
    answers: tuple[Answer, ...]
    source: str = ""

    def answer(self, key: str) -> Answer:
        for answer in self.answers:
            if answer.key == key:
                return answer
        raise KeyError(f"question {self.id!r} has no answer {key!r}")


@dataclass(frozen=True)
class Part:
    key: str
    title: str
    intro: str


@dataclass(frozen=True)
class QuestionBank:
    parts: tuple[Part, ...]
    questions: tuple[Question, ...]

    def part(self, key: str) -> Part:
        return next(p for p in self.parts if p.key == key)

    def in_part(self, key: str) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.part == key)

    def question(self, question_id: str) -> Question:
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(f"no question {question_id!r}")


def parse_bank(data: dict[str, Any]) -> QuestionBank:
    """Build a bank from the JSON structure, checking what the scoring relies on."""
    parts = tuple(Part(p["key"], p["title"], p["intro"]) for p in data["parts"])
    part_keys = {p.key for p in parts}
    questions = []
    seen: set[str] = set()
    for raw in data["questions"]:
        if raw["id"] in seen:
            raise ValueError(f"question id {raw['id']!r} appears twice")
        if raw["part"] not in part_keys:
            raise ValueError(f"question {raw['id']!r} names an unknown part {raw['part']!r}")
        seen.add(raw["id"])
        answers = tuple(
            Answer(a["key"], a["text"], int(a.get("sales", 0)), int(a.get("marketing", 0)),
                   int(a.get("need", 0)))
            for a in raw["answers"])
        if len({a.key for a in answers}) != len(answers) or len(answers) < 2:
            raise ValueError(f"question {raw['id']!r} needs two or more distinct answers")
        questions.append(Question(raw["id"], raw["part"], raw["text"], answers,
                                  raw.get("source", "")))
    return QuestionBank(parts, tuple(questions))


@lru_cache(maxsize=1)
def load_bank() -> QuestionBank:
    text = resources.files("sm_desk.core.assessment").joinpath("questions.json").read_text(
        encoding="utf-8")
    return parse_bank(json.loads(text))
