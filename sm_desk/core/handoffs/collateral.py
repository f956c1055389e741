"""The collateral library: marketing's ammunition for sales (seed 000: "help the hunters
see where they should be hunting and provide them with the right ammunition").

On a deal, collateral is suggested when it suits the deal's stage or answers a tag
of the objections, questions, competitor mentions and lost-because reasons logged on
that deal; answering an objection weighs more than suiting the stage. Sending it
logs an email activity on the deal saying what was sent, and a send record, so
marketing can see collateral nobody sends.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import quote

from sm_desk.core.clock import local_midnight_utc, to_iso
from sm_desk.core.handoffs.insights import normalise_tags, set_links
from sm_desk.core.sales.activities import log_activity
from sm_desk.core.sales.deals import SalesError
from sm_desk.core.store import Changes, Store
from sm_desk.core.store import handoffs as q

COLLATERAL_KINDS = ("case_study", "brochure", "price_sheet", "faq", "demo_video", "testimonial")
COLLATERAL_KIND_LABELS = {
    "case_study": "Case study", "brochure": "Brochure", "price_sheet": "Price sheet",
    "faq": "FAQ", "demo_video": "Demo video", "testimonial": "Testimonial",
}
# Insight kinds that ask for an answer (praise and needs do not object to anything).
ANSWERABLE_KINDS = ("objection", "question", "competitor", "lost_because")
UNUSED_AFTER_DAYS = 90  # collateral not sent in this long counts as "nobody sends it"
TAG_WEIGHT, STAGE_WEIGHT = 2, 1


class CollateralError(ValueError):
    """Collateral that cannot be saved or sent, with a reason the user can read."""


def save_collateral(store: Store, fields: dict[str, Any], now: datetime, *,
                    stage_ids: Sequence[int] = (), tags: str | Iterable[str] = (),
                    collateral_id: int | None = None) -> Changes:
    """Create (collateral_id None) or edit collateral with its stages and answered tags."""
    title = str(fields.get("title", "")).strip()
    kind = fields.get("kind")
    if not title:
        raise CollateralError("collateral needs a title")
    if kind not in COLLATERAL_KINDS:
        raise CollateralError(f"the kind must be one of {', '.join(COLLATERAL_KIND_LABELS.values())}")
    values = {"title": title, "kind": kind, "location": str(fields.get("location", "")).strip(),
              "notes": str(fields.get("notes", "")), "updated_at": to_iso(now)}
    wanted_tags = normalise_tags(tags)
    wanted_stages = sorted({int(s) for s in stage_ids})
    for stage_id in wanted_stages:
        if store.get("stages", stage_id) is None:
            raise CollateralError(f"there is no stage {stage_id}")
    with store.step("New collateral" if collateral_id is None else "Edit collateral") as step:
        if collateral_id is None:
            collateral_id = step.insert("collateral", {**values, "created_at": to_iso(now)})
        else:
            step.update("collateral", collateral_id, values)
        owner = {"collateral_id": collateral_id}
        set_links(step, "collateral_stages", owner, "stage_id",
                  q.collateral_stage_ids(store, collateral_id), wanted_stages)
        set_links(step, "collateral_tags", owner, "tag",
                  q.collateral_tag_rows(store, collateral_id), wanted_tags)
    return step.summary


def delete_collateral(store: Store, collateral_id: int) -> Changes:
    with store.step("Delete collateral") as step:
        step.delete("collateral", collateral_id)
    return step.summary


@dataclass(frozen=True)
class Suggestion:
    id: int
    title: str
    kind: str
    location: str
    suits_stage: bool
    answers: list[str]  # the deal's insight tags it answers
    last_sent: str | None  # on this deal

    @property
    def score(self) -> int:
        return TAG_WEIGHT * len(self.answers) + STAGE_WEIGHT * self.suits_stage

    @property
    def why(self) -> str:
        parts = []
        if self.answers:
            parts.append("answers " + ", ".join(self.answers))
        if self.suits_stage:
            parts.append("suits this stage")
        if self.last_sent:
            parts.append(f"sent {self.last_sent[:10]}")
        return "; ".join(parts)


def suggestions(store: Store, deal_id: int) -> list[Suggestion]:
    """Collateral for the deal's stage and its logged objections, best match first."""
    deal = store.get("deals", deal_id)
    if deal is None:
        return []
    tags = q.deal_insight_tags(store, deal_id, ANSWERABLE_KINDS)
    sent = q.last_sent_on_deal(store, deal_id)
    result = []
    for row in q.collateral_for(store, deal["stage_id"], tags):
        answers = [t.strip() for t in (row["answers"] or "").split(",") if t.strip()]
        result.append(Suggestion(int(row["id"]), str(row["title"]), str(row["kind"]),
                                 str(row["location"]), bool(row["suits_stage"]),
                                 sorted(answers, key=lambda t: tags.index(t)
                                        if t in tags else len(tags)),
                                 sent.get(int(row["id"]))))
    result.sort(key=lambda s: (-s.score, s.last_sent is not None, s.title.casefold(), s.id))
    return result


def _collateral(store: Store, collateral_id: int) -> dict[str, Any]:
    row = store.get("collateral", collateral_id)
    if row is None:
        raise CollateralError("that collateral no longer exists")
    return row


def sent_summary(row: dict[str, Any]) -> str:
    """What the activity log says was sent."""
    label = COLLATERAL_KIND_LABELS.get(str(row["kind"]), "Collateral").lower()
    where = f": {row['location']}" if row["location"] else ""
    return f"Sent {label} “{row['title']}”{where}"


def mailto_url(store: Store, collateral_id: int, deal_id: int) -> str:
    """A mailto: link to the deal's contact with the collateral's title and link."""
    row = _collateral(store, collateral_id)
    deal = store.get("deals", deal_id) or {}
    to = q.contact_email(store, deal.get("contact_id"))
    body = f"Hello,\n\nas promised, here is our {row['title']}"
    body += f":\n{row['location']}\n" if row["location"] else ".\n"
    return (f"mailto:{quote(to, safe='@')}?subject={quote(str(row['title']))}"
            f"&body={quote(body)}")


def send_collateral(store: Store, collateral_id: int, deal_id: int, now: datetime) -> Changes:
    """Record that the collateral went to the deal's contact: an email activity saying
    what was sent and a send record, in one undoable step."""
    row = _collateral(store, collateral_id)
    deal = store.get("deals", deal_id)
    if deal is None:
        raise CollateralError("that deal no longer exists")
    with store.step("Send collateral") as step:
        try:
            logged = log_activity(store, "email", sent_summary(row), now, now, deal_id=deal_id)
        except SalesError as exc:
            raise CollateralError(str(exc)) from exc
        activity_id = min(logged.rows.get("activities") or [0]) or None
        step.insert("collateral_sends", {"collateral_id": collateral_id, "deal_id": deal_id,
                                         "contact_id": deal["contact_id"],
                                         "activity_id": activity_id, "sent_at": to_iso(now)})
    return step.summary


def collateral_list(store: Store) -> list[dict[str, Any]]:
    return q.collateral_rows(store)


def unused_collateral(store: Store, today: date,
                      days: int = UNUSED_AFTER_DAYS) -> list[dict[str, Any]]:
    """Collateral nobody sent in the last `days` days (or ever)."""
    return q.unsent_collateral(store, local_midnight_utc(today - timedelta(days=days - 1)))


def objections_without_collateral(store: Store, today: date,
                                  days: int = UNUSED_AFTER_DAYS) -> list[dict[str, Any]]:
    """Objection (and question, competitor, lost-because) tags heard in the last `days`
    days that no collateral answers, most heard first."""
    return q.uncovered_tags(store, ANSWERABLE_KINDS,
                            local_midnight_utc(today - timedelta(days=days - 1)))
