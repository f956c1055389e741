"""The domain vocabulary and one dataclass per stored entity.

The dataclasses mirror the tables (see store/schema.py); services hand them to
the GUI and tests. `from_row` ignores columns a dataclass does not name, so a
later migration can add a column without breaking older readers.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from typing import Any, Self

SALES = "sales"
MARKETING = "marketing"
FUNCTIONS = (SALES, MARKETING)

PERSON_KINDS = ("me", "helper", "agency")
LIFECYCLES = ("subscriber", "lead", "prospect", "customer", "nurture", "lost")
CAMPAIGN_STATUSES = ("idea", "planned", "active", "done")
TOUCH_KINDS = (
    "blog_post", "newsletter", "social_post", "event", "mailing",
    "gift", "ad", "webinar", "press",
)
# The hats' colours everywhere (dashboard, report charts): sales orange, marketing blue.
HAT_COLOURS = {"sales": "#e07b39", "marketing": "#3f7cbf"}
TOUCH_KIND_LABELS = {
    "blog_post": "Blog post", "newsletter": "Newsletter", "social_post": "Social post",
    "event": "Event / booth", "mailing": "Mailing", "gift": "Gift", "ad": "Ad",
    "webinar": "Webinar", "press": "Press",
}
TOUCH_STATUSES = ("planned", "done", "skipped")
STAGE_OUTCOMES = ("open", "won", "lost")
VBANT = ("vision", "budget", "need", "authority", "timeframe")
ACTIVITY_KINDS = ("call", "email", "meeting", "note")
TASK_STATUSES = ("open", "done", "cancelled")
ORIGIN_TYPES = ("touch", "deal", "contact")


def _json_list(value: Any) -> list[Any]:
    if isinstance(value, list):
        return value
    return list(json.loads(value)) if value else []


class Entity:
    """Mixin: build from a database row, tolerating extra columns."""

    _json_fields: tuple[str, ...] = ()

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Self:
        names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
        values = {k: v for k, v in row.items() if k in names}
        for name in cls._json_fields:
            if name in values:
                values[name] = _json_list(values[name])
        return cls(**values)


# What each kind of record is called, one and many (search results, the palette, the CLI).
RECORD_KIND_NAMES = {
    "contact": ("Contact", "Contacts"), "company": ("Company", "Companies"),
    "deal": ("Deal", "Deals"), "campaign": ("Campaign", "Campaigns"),
    "touch": ("Touch", "Touches"), "task": ("Task", "Tasks"),
    "activity": ("Activity", "Activities"), "note": ("Note", "Notes"),
    "insight": ("Insight", "Insights"), "collateral": ("Collateral", "Collateral"),
}


# The campaign colours the app offers (Tableau 10): distinct, and each readable under
# black or white text (tested); any other colour can still be typed or picked.
CAMPAIGN_COLOURS = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948",
                    "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac")


@dataclass
class Person(Entity):
    id: int
    name: str
    kind: str = "helper"
    strengths: list[str] = field(default_factory=list)
    email: str | None = None
    active: int = 1
    _json_fields = ("strengths",)


@dataclass
class Company(Entity):
    id: int
    name: str
    website: str | None = None
    industry: str | None = None
    notes: str = ""
    created_at: str = ""
    updated_at: str = ""


@dataclass
class Contact(Entity):
    id: int
    first_name: str = ""
    last_name: str = ""
    email: str | None = None
    phone: str | None = None
    company_id: int | None = None
    job_title: str | None = None
    lifecycle: str = "lead"
    source_campaign_id: int | None = None
    notes: str = ""
    created_at: str = ""
    updated_at: str = ""
    last_touched_at: str | None = None

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip() or (self.email or "")


@dataclass
class Tag(Entity):
    id: int
    name: str


@dataclass
class Campaign(Entity):
    id: int
    name: str
    objective: str = ""
    audience_tag_id: int | None = None
    channels: list[str] = field(default_factory=list)
    budget_minor: int = 0
    currency: str = "USD"
    start_date: str | None = None
    end_date: str | None = None
    status: str = "planned"
    colour: str = "#4e79a7"
    archived: int = 0
    audience_segment: str | None = None  # 'nurture': the built-in segment, instead of a tag
    created_at: str = ""
    updated_at: str = ""
    _json_fields = ("channels",)


@dataclass
class Touch(Entity):
    id: int
    title: str
    kind: str
    starts_at: str
    campaign_id: int | None = None
    all_day: int = 0
    duration_minutes: int = 60
    rrule: str | None = None
    status: str = "planned"
    audience_size: int | None = None
    cost_minor: int = 0
    notes: str = ""
    uid: str = ""
    created_at: str = ""
    updated_at: str = ""


@dataclass
class TouchOccurrence(Entity):
    """An override of one occurrence of a recurring touch: moved, skipped or done."""

    id: int
    touch_id: int
    original_start: str
    new_start: str | None = None
    status: str = "planned"


@dataclass
class Stage(Entity):
    id: int
    name: str
    position: int
    probability: int
    outcome: str = "open"


@dataclass
class Deal(Entity):
    id: int
    title: str
    stage_id: int
    contact_id: int | None = None
    company_id: int | None = None
    value_minor: int = 0
    currency: str = "USD"
    probability: int | None = None
    expected_close: str | None = None
    next_step: str = ""
    next_step_due: str | None = None
    source_campaign_id: int | None = None
    owner_id: int | None = None
    notes: str = ""
    vision: int = 0
    budget: int = 0
    need: int = 0
    authority: int = 0
    timeframe: int = 0
    lost_reason: str | None = None
    nurture: int = 0
    closed_at: str | None = None
    invoiced_at: str | None = None
    invoice_due: str | None = None
    paid_at: str | None = None
    created_at: str = ""
    updated_at: str = ""
    last_activity_at: str | None = None

    @property
    def vbant_score(self) -> int:
        """How many of the five VBANT criteria are met (0-5)."""
        return sum(bool(getattr(self, name)) for name in VBANT)


@dataclass
class Activity(Entity):
    id: int
    kind: str
    at: str
    summary: str = ""
    deal_id: int | None = None
    contact_id: int | None = None
    created_at: str = ""


@dataclass
class Task(Entity):
    id: int
    title: str
    function: str | None = None
    assignee_id: int | None = None
    due: str | None = None
    status: str = "open"
    origin_type: str | None = None
    origin_id: int | None = None
    origin_key: str = ""
    rule: str | None = None
    notes: str = ""
    created_at: str = ""
    updated_at: str = ""
    done_at: str | None = None
    dismissed: int = 0


@dataclass
class Assessment(Entity):
    id: int
    taken_at: str
    answers: str = "{}"
    sales_score: float = 0.0
    marketing_score: float = 0.0
    needs_score: float = 0.0
    verdict: str = ""
    needs_level: str = ""
