"""The export layouts of HubSpot, Pipedrive and Zoho Bigin (data in layouts.json), telling
which one a file is and which of its columns holds which of our fields."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

ENTITIES = ("companies", "deals", "activities")
SPREADSHEET = "spreadsheet"
# Our fields per kind of record, with the words the mapping step shows.
FIELDS: dict[str, dict[str, str]] = {
    "companies": {"source_id": "Record ID", "name": "Name", "website": "Website",
                  "industry": "Industry", "notes": "Notes", "created": "Created"},
    "deals": {"source_id": "Record ID", "title": "Title", "stage": "Stage",
              "pipeline": "Pipeline", "status": "Status (open/won/lost)", "amount": "Amount",
              "currency": "Currency", "probability": "Probability",
              "expected_close": "Expected close", "won_time": "Won time",
              "lost_time": "Lost time", "closed_on": "Closed on",
              "lost_reason": "Lost reason", "owner": "Owner", "created": "Created",
              "company": "Company", "contact_name": "Contact name",
              "contact_email": "Contact email", "notes": "Notes", "next_step": "Next step",
              "next_step_due": "Next step due"},
    "activities": {"source_id": "Record ID", "kind": "Type", "at": "Date", "time": "Time",
                   "subject": "Subject", "body": "Text", "done": "Done", "deal": "Deal",
                   "deal_id": "Deal's record ID", "contact_name": "Contact name",
                   "contact_email": "Contact email", "company": "Company"},
}
REQUIRED = {"companies": ("name",), "deals": ("title",), "activities": ("at",)}


@dataclass(frozen=True)
class Layout:
    key: str
    label: str
    dates: list[str]
    columns: dict[str, dict[str, list[str]]]  # entity -> field -> column names
    kind_by_column: dict[str, str] = field(default_factory=dict)
    probability_fraction: bool = False  # HubSpot writes 60 % as 0.6

    @property
    def prefix(self) -> str:
        """What this system's record IDs are stored under ('pipedrive:123')."""
        return f"{self.key}:"


@cache
def _data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((Path(__file__).with_name("layouts.json"))
                                      .read_text(encoding="utf-8"))
    return data


def layouts() -> dict[str, Layout]:
    out = {}
    for key, spec in _data().items():
        if key.startswith("_") or key == "activity_kinds":
            continue
        out[key] = Layout(key, spec["label"], list(spec["dates"]),
                          {e: spec[e] for e in ENTITIES}, dict(spec.get("kind_by_column", {})),
                          bool(spec.get("probability_fraction", False)))
    return out


def activity_kinds() -> dict[str, str]:
    kinds: dict[str, str] = _data()["activity_kinds"]
    return kinds


def _fold(name: str) -> str:
    return " ".join(name.replace("\u2013", "-").split()).casefold()


def guess(header: Sequence[str], entity: str, layout: Layout) -> list[str | None]:
    """Column -> our field (None: not imported); each field once, first alias found."""
    folded = [_fold(h) for h in header]
    mapping: list[str | None] = [None] * len(header)
    for name, aliases in layout.columns[entity].items():
        for alias in aliases:
            wanted = _fold(alias)
            spot = next((i for i, h in enumerate(folded) if h == wanted and mapping[i] is None),
                        None)
            if spot is not None:
                mapping[spot] = name
                break
    return mapping


def detect(header: Sequence[str], entity: str) -> str:
    """The layout the header is (a system's record-ID column counts 3), else spreadsheet."""
    best, best_score = SPREADSHEET, 0
    for key, layout in layouts().items():
        mapping = guess(header, entity, layout)
        score = sum(m is not None for m in mapping)
        if key != SPREADSHEET and "source_id" in mapping:
            score += 3
        if score > best_score or score == best_score and key == SPREADSHEET:
            best, best_score = key, score
    return best


def detect_entity(header: Sequence[str]) -> str:
    """Which kind of record a file holds, by the layout columns it matches best."""
    scores = {e: max(sum(m is not None for m in guess(header, e, lay))
                     for lay in layouts().values()) for e in ENTITIES}
    return max(ENTITIES, key=lambda e: scores[e])
