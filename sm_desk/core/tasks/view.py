"""What the Tasks ("cracks") view shows: its sections, their counts and rows, and whose
strengths a task goes against. Plain Python over the store's bounded queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sm_desk.core.clock import today as local_today
from sm_desk.core.clock import week_bounds
from sm_desk.core.domain import FUNCTIONS, MARKETING, SALES
from sm_desk.core.store import Store
from sm_desk.core.store import tasks as queries

# (key, label): the cracks, in the order the view lists them.
SECTIONS = (
    ("unassigned", "Unassigned"),
    ("unclassified", "Unclassified"),
    ("overdue", "Overdue"),
    ("week", "Due this week"),
    ("against", "Against your strengths"),
)
SECTION_LABELS = dict(SECTIONS) | {"open": "All open tasks"}
ROW_LIMIT = 500  # a section shows its most urgent rows; its count is always exact

# The self-assessment's verdict is what the owner is good at (seed 000/004: few are both).
VERDICT_STRENGTHS = {
    "sales-leaning": {SALES},
    "marketing-leaning": {MARKETING},
    "balanced": {SALES, MARKETING},
}
ORIGIN_LABELS = {"touch": "Marketing touch", "deal": "Deal", "contact": "Contact",
                 None: "Made by hand"}


@dataclass
class Person:
    id: int
    name: str
    kind: str
    strengths: set[str] = field(default_factory=set)
    email: str | None = None
    # where the strengths came from: 'self-assessment' (me, when taken) or 'listed'
    strengths_from: str = "listed"


def people(store: Store) -> list[Person]:
    """Active people, me first; my strengths come from the latest self-assessment."""
    verdict = queries.latest_verdict(store)
    result = []
    for row in queries.people(store):
        person = Person(row["id"], row["name"], row["kind"], set(row["strengths"]), row["email"])
        if person.kind == "me" and verdict in VERDICT_STRENGTHS:
            person.strengths = set(VERDICT_STRENGTHS[verdict])
            person.strengths_from = "self-assessment"
        result.append(person)
    return result


def against_lists(persons: list[Person]) -> dict[str, list[int]]:
    """function -> the people a task of that function goes against. Someone with no
    strengths listed (and no assessment) is not judged."""
    return {function: [p.id for p in persons if p.strengths and function not in p.strengths]
            for function in FUNCTIONS}


def is_against(person: Person | None, function: str | None) -> bool:
    return bool(person and function and person.strengths and function not in person.strengths)


@dataclass(frozen=True)
class Window:
    today: str
    week_end: str  # the Monday after this ISO week

    @classmethod
    def of(cls, day: date | None = None) -> Window:
        day = day or local_today()
        _, end = week_bounds(day)
        return cls(day.isoformat(), end.isoformat())


def section_counts(store: Store, window: Window, persons: list[Person] | None = None,
                   ) -> dict[str, int]:
    against = against_lists(persons if persons is not None else people(store))
    keys = [key for key, _ in SECTIONS] + ["open"]
    return {key: queries.section_count(store, key, window.today, window.week_end, against)
            for key in keys}


def section_rows(store: Store, section: str, window: Window,
                 persons: list[Person] | None = None,
                 limit: int = ROW_LIMIT) -> list[dict[str, object]]:
    against = against_lists(persons if persons is not None else people(store))
    return queries.section_rows(store, section, window.today, window.week_end, against, limit)


def badge_count(store: Store) -> int:
    """The navigation badge: open tasks that fell through a crack (nobody owns them or
    nobody has said whose hat they are)."""
    return queries.crack_count(store)


def days_until(due: str | None, window: Window) -> int | None:
    if not due:
        return None
    return (date.fromisoformat(due) - date.fromisoformat(window.today)) // timedelta(days=1)
