"""Customer insights: what sales hears, passed to the people who write the messages
(seed 003: "Sales people can provide excellent customer feedback that can help
marketers develop their communication").

Grouping: an insight counts once in each of its tags (an untagged one under "").
A group *stands out* when it was heard at least FREQUENT_AT times in the last 90
days and some of those are still unanswered: no campaign or touch answers them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sm_desk.core.clock import from_iso, local_midnight_utc, to_iso
from sm_desk.core.domain import TOUCH_KIND_LABELS
from sm_desk.core.store import Changes, Step, Store
from sm_desk.core.store import handoffs as q

INSIGHT_KINDS = ("objection", "question", "need", "competitor", "praise", "lost_because")
INSIGHT_KIND_LABELS = {
    "objection": "Objection", "question": "Question", "need": "Need",
    "competitor": "Competitor mentioned", "praise": "Praise", "lost_because": "Lost because",
}
FREQUENT_AT = 3  # heard this often in 90 days: a pattern, not an anecdote
NEEDS_NO_ANSWER = ("praise",)  # praise is kept (testimonials), never marked unanswered
MAX_TAG_LENGTH = 40


class InsightError(ValueError):
    """An insight that cannot be saved, with a reason the user can read."""


def normalise_tags(tags: str | Iterable[str]) -> list[str]:
    """'Price, setup time,price' -> ['price', 'setup-time']: lower case, dashes for spaces,
    no duplicates, in the order given."""
    items = tags.split(",") if isinstance(tags, str) else list(tags)
    result: list[str] = []
    for item in items:
        tag = re.sub(r"\s+", "-", str(item).strip().casefold())[:MAX_TAG_LENGTH].strip("-")
        if tag and tag not in result:
            result.append(tag)
    return result


def set_links(step: Step, table: str, owner: dict[str, int], column: str,
              rows: list[dict[str, Any]], wanted: Sequence[Any]) -> None:
    """Make one owner's link rows in `table` (`rows`: their id and `column`) hold exactly
    `wanted`: delete the others, insert the missing ones in the order given."""
    kept = set()
    for row in rows:
        if row[column] in wanted:
            kept.add(row[column])
        else:
            step.delete(table, row["id"])
    for value in wanted:
        if value not in kept:
            step.insert(table, {**owner, column: value})


def log_insight(store: Store, kind: str, quote: str, now: datetime, *,
                deal_id: int | None = None, contact_id: int | None = None,
                activity_id: int | None = None, tags: str | Iterable[str] = (),
                heard_at: datetime | None = None) -> Changes:
    """Log what a customer said, from a deal, a contact or an activity (the deal and
    contact are filled in from the activity or the deal)."""
    if kind not in INSIGHT_KINDS:
        raise InsightError(f"{kind!r} is not a kind of insight")
    quote = quote.strip()
    if not quote:
        raise InsightError("write what the customer said")
    if activity_id is not None:
        activity = store.get("activities", activity_id)
        if activity is None:
            raise InsightError("that activity no longer exists")
        deal_id = deal_id or activity["deal_id"]
        contact_id = contact_id or activity["contact_id"]
    if deal_id is not None:
        deal = store.get("deals", deal_id)
        if deal is None:
            raise InsightError("that deal no longer exists")
        contact_id = contact_id or deal["contact_id"]
    if deal_id is None and contact_id is None:
        raise InsightError("an insight comes from a deal, a contact or an activity")
    if contact_id is not None and store.get("contacts", contact_id) is None:
        raise InsightError("that contact no longer exists")
    stamp = to_iso(now)
    with store.step(f"Log {INSIGHT_KIND_LABELS[kind].lower()}") as step:
        insight_id = step.insert("insights", {
            "kind": kind, "quote": quote, "heard_at": to_iso(heard_at or now),
            "deal_id": deal_id, "contact_id": contact_id, "activity_id": activity_id,
            "created_at": stamp, "updated_at": stamp})
        for tag in normalise_tags(tags):
            step.insert("insight_tags", {"insight_id": insight_id, "tag": tag})
    return step.summary


def update_insight(store: Store, insight_id: int, kind: str, quote: str,
                   tags: str | Iterable[str], now: datetime) -> Changes:
    if kind not in INSIGHT_KINDS:
        raise InsightError(f"{kind!r} is not a kind of insight")
    if not quote.strip():
        raise InsightError("write what the customer said")
    wanted = normalise_tags(tags)
    with store.step("Edit insight") as step:
        step.update("insights", insight_id, {"kind": kind, "quote": quote.strip(),
                                             "updated_at": to_iso(now)})
        set_links(step, "insight_tags", {"insight_id": insight_id}, "tag",
                  q.insight_tags(store, insight_id), wanted)
    return step.summary


def delete_insight(store: Store, insight_id: int) -> Changes:
    with store.step("Delete insight") as step:
        step.delete("insights", insight_id)
    return step.summary


def set_answer(store: Store, insight_ids: Sequence[int], now: datetime, *,
               campaign_id: int | None = None, touch_id: int | None = None) -> Changes:
    """Link insights to the campaign or touch that answers them (both None: unlink)."""
    if campaign_id is not None and touch_id is not None:
        raise InsightError("pick a campaign or a touch, not both")
    if touch_id is not None and store.get("touches", touch_id) is None:
        raise InsightError("that touch no longer exists")
    if campaign_id is not None and store.get("campaigns", campaign_id) is None:
        raise InsightError("that campaign no longer exists")
    label = "Clear answer" if campaign_id is None and touch_id is None else "Link answer"
    with store.step(label) as step:
        for insight_id in insight_ids:
            step.update("insights", insight_id, {
                "answered_by_campaign_id": campaign_id, "answered_by_touch_id": touch_id,
                "updated_at": to_iso(now)})
    return step.summary


def answer_label(row: dict[str, Any]) -> str:
    """'Blog post "Pricing FAQ" of 12 Mar 2026', 'Campaign "Spring launch"' or ''."""
    if row.get("answer_touch"):
        kind = TOUCH_KIND_LABELS.get(str(row.get("answer_touch_kind")), "Touch")
        when = from_iso(str(row["answer_touch_at"])).astimezone()
        return f"{kind} “{row['answer_touch']}” of {when:%d %b %Y}"
    if row.get("answer_campaign"):
        return f"Campaign “{row['answer_campaign']}”"
    return ""


@dataclass(frozen=True)
class InsightGroup:
    kind: str
    tag: str  # '' for insights without a tag
    last_30: int
    last_90: int
    total: int
    unanswered: int  # of all time
    unanswered_90: int
    newest: str  # ISO instant

    @property
    def stands_out(self) -> bool:
        """Frequent and not (fully) answered: marketing's next message to write."""
        return (self.kind not in NEEDS_NO_ANSWER and self.last_90 >= FREQUENT_AT
                and self.unanswered_90 > 0)

    @property
    def label(self) -> str:
        return f"{INSIGHT_KIND_LABELS[self.kind]}: {self.tag or '(no tag)'}"


def window_starts(today: date) -> tuple[str, str]:
    """The instants the 30- and 90-day counts start from (local midnight, today included)."""
    return (local_midnight_utc(today - timedelta(days=29)),
            local_midnight_utc(today - timedelta(days=89)))


def insight_groups(store: Store, today: date, kind: str | None = None) -> list[InsightGroup]:
    """Groups by kind and tag: standing out first, then the most heard in 90 days."""
    since_30, since_90 = window_starts(today)
    groups = [InsightGroup(r["kind"], r["tag"], int(r["last_30"] or 0), int(r["last_90"] or 0),
                           int(r["total"]), int(r["unanswered"] or 0),
                           int(r["unanswered_90"] or 0), str(r["newest"]))
              for r in q.insight_groups(store, since_30, since_90)
              if kind is None or r["kind"] == kind]
    groups.sort(key=lambda g: (not g.stands_out, -g.last_90, -g.last_30, -g.total,
                               INSIGHT_KINDS.index(g.kind), g.tag))
    return groups


def insights_of(store: Store, kind: str | None = None, tag: str | None = None,
                limit: int = 500) -> list[dict[str, Any]]:
    """Quotes newest first (tag '' = untagged), each with `answered_by` as text."""
    rows = q.insight_rows(store, kind=kind, tag=tag, limit=limit)
    for row in rows:
        row["answered_by"] = answer_label(row)
    return rows


def deal_insights(store: Store, deal_id: int) -> list[dict[str, Any]]:
    rows = q.insight_rows(store, deal_id=deal_id, limit=200)
    for row in rows:
        row["answered_by"] = answer_label(row)
    return rows
