"""Demo rows for the hand-offs: insights in customers' words, a collateral library with
sends, ranked segments and lead hand-offs in every state. Called at the end of the
demo generator (core/demo.py) with its random source, so it stays deterministic."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, time, timedelta
from typing import Any

from sm_desk.core.clock import to_iso

Rows = tuple[str, tuple[str, ...], Sequence[tuple[Any, ...]]]

QUOTES: dict[tuple[str, str], tuple[str, ...]] = {
    ("objection", "price"): ("It's more than we budgeted for this year",
                             "Your competitor quoted us half of that",
                             "Too expensive for a shop our size"),
    ("objection", "setup-time"): ("We can't afford a week of downtime",
                                  "How long until it's live? December is our busy month",
                                  "We don't have anyone to set it up"),
    ("objection", "contract"): ("We don't want to be locked in for a year",),
    ("question", "integration"): ("Does it work with our booking system?",
                                  "Can we import our customer list from Excel?"),
    ("question", "support"): ("Who do we call when something breaks on a Saturday?",),
    ("need", "online-booking"): ("Customers want to book at night, when we're closed",
                                 "Half our calls are people asking for a slot"),
    ("need", "mobile"): ("Most of our customers find us on their phones",),
    ("competitor", "wix"): ("Wix is cheaper and my nephew could do it",),
    ("competitor", "local-agency"): ("The agency down the road offered a free logo",),
    ("praise", "support"): ("Your team answered within the hour, that's rare",),
    ("praise", "design"): ("The sample pages look better than our current site",),
    ("lost_because", "price"): ("Went with the cheaper offer in the end",),
    ("lost_because", "timing"): ("We'll look again after the holidays",),
}
KIND_WEIGHTS = {("objection", "price"): 6, ("objection", "setup-time"): 5,
                ("question", "integration"): 4, ("need", "online-booking"): 4}
ANSWERED_BY_BLOG = ("price", "integration")  # the FAQ blog posts that answer them

# title, kind, open-stage positions it suits, tags it answers, sent how often (0: never)
COLLATERAL = (
    ("Price sheet 2026", "price_sheet", (3,), "price", 5),
    ("Bakery case study: 30% more bookings", "case_study", (2,), "online-booking,wix", 4),
    ("Up and running in 5 days (FAQ)", "faq", (1, 2), "setup-time", 3),
    ("Product brochure", "brochure", (0, 1), "", 3),
    ("Demo video: a booking in 2 minutes", "demo_video", (1,), "online-booking", 2),
    ("What our customers say", "testimonial", (2, 3), "support", 2),
    ("Integrations FAQ", "faq", (), "integration", 1),
    ("Agency comparison sheet", "case_study", (2,), "local-agency", 0),
)
PRIORITIES = (
    ("health", "Clinics buy fast and renew; three of last month's wins"),
    ("restaurants", "Online booking is the need we hear most from them"),
    ("professional-services", "High value, long cycle: start now for Q1"),
    ("retail", "Busy until January: hunt after the holidays"),
)


def handoff_tables(gen: Any, contacts: list[tuple[Any, ...]], deals: list[tuple[Any, ...]],
                   touches: list[tuple[Any, ...]], activity_count: int,
                   segments: Sequence[str]) -> Iterator[Rows]:
    rng, today = gen.rng, gen.today
    now = datetime.combine(today, time(9), tzinfo=UTC)
    stamp = to_iso(now - timedelta(days=120))
    open_stages = [s[0] for s in gen.stages if s[1] == "open"]
    blogs = [t[0] for t in touches if t[2] == "blog_post" and t[4] < to_iso(now)]
    keys = list(QUOTES)
    weights = [KIND_WEIGHTS.get(k, 1) for k in keys]
    insights, insight_tags = [], []
    count = max(40, len(deals) // 5)
    for i in range(count):
        kind, tag = rng.choices(keys, weights)[0]
        deal = deals[rng.randrange(len(deals))]
        heard = gen.instant(-7, -1) if i < count // 5 else gen.instant(-100, 0)  # last week too
        answer = None
        if tag in ANSWERED_BY_BLOG and blogs and rng.random() < 0.8:
            answer = blogs[keys.index((kind, tag)) % len(blogs)]
        insights.append((i + 1, kind, rng.choice(QUOTES[(kind, tag)]), heard, deal[0], deal[2],
                         answer, heard, heard))
        insight_tags.append((i + 1, tag))
    yield ("insights", ("id", "kind", "quote", "heard_at", "deal_id", "contact_id",
                        "answered_by_touch_id", "created_at", "updated_at"), insights)
    yield ("insight_tags", ("insight_id", "tag"), insight_tags)

    library, stages, tags, sends, emails = [], [], [], [], []
    next_activity = activity_count + 1
    for i, (title, kind, positions, answers, sent) in enumerate(COLLATERAL):
        library.append((i + 1, title, kind, f"https://example.com/sales/{kind}-{i + 1}",
                        stamp, stamp))
        stages += [(i + 1, open_stages[p]) for p in positions if p < len(open_stages)]
        tags += [(i + 1, t) for t in answers.split(",") if t]
        for _ in range(sent * max(1, len(deals) // 60)):
            deal = deals[rng.randrange(len(deals))]
            at = gen.instant(-80, 0)
            emails.append((next_activity, "email", at, f"Sent {kind.replace('_', ' ')} "
                           f"“{title}”: https://example.com/sales/{kind}-{i + 1}",
                           deal[0], deal[2], at))
            sends.append((i + 1, deal[0], deal[2], next_activity, at))
            next_activity += 1
    yield ("collateral", ("id", "title", "kind", "location", "created_at", "updated_at"), library)
    yield ("collateral_stages", ("collateral_id", "stage_id"), stages)
    yield ("collateral_tags", ("collateral_id", "tag"), tags)
    yield ("activities", ("id", "kind", "at", "summary", "deal_id", "contact_id", "created_at"),
           emails)
    yield ("collateral_sends", ("collateral_id", "deal_id", "contact_id", "activity_id",
                                "sent_at"), sends)

    tag_ids = {name: i + 1 for i, name in enumerate(segments)}
    yield ("segment_priorities", ("tag_id", "rank", "reason", "updated_at"),
           [(tag_ids[name], rank, reason, stamp)
            for rank, (name, reason) in enumerate(PRIORITIES, start=1) if name in tag_ids])
    yield from _handoffs(rng, now, contacts, deals, open_stages, next_activity)


def _handoffs(rng: Any, now: datetime, contacts: list[tuple[Any, ...]],
              deals: list[tuple[Any, ...]], open_stages: list[int],
              next_activity: int) -> Iterator[Rows]:
    """Ready (a few past the 48 h), accepted (with their deal), returned with reasons,
    and leads still being qualified."""
    share = max(1, len(contacts) // 500)
    by_lifecycle: dict[str, list[tuple[Any, ...]]] = {}
    for contact in contacts:
        by_lifecycle.setdefault(str(contact[6]), []).append(contact)
    leads = by_lifecycle.get("lead", [])
    quals: list[tuple[Any, ...]] = []
    handoffs: list[tuple[Any, ...]] = []
    taken: set[int] = set()

    def qualify(contact_id: int, full: bool) -> None:
        extra = [int(rng.random() < 0.5) for _ in range(3)]
        quals.append((contact_id, extra[0], 1, 1 if full else 0, extra[1], extra[2],
                      to_iso(now)))
        taken.add(contact_id)

    for contact in leads[:6 * share]:  # waiting for sales; the first ones for 3-4 days
        qualify(contact[0], True)
        hours = rng.randint(60, 96) if len(handoffs) < 2 * share else rng.randint(2, 40)
        at = to_iso(now - timedelta(hours=hours))
        handoffs.append((contact[0], at, "open", None, None, "", None, at, at))
    for contact in leads[6 * share:10 * share]:  # still qualifying: one tick short
        quals.append((contact[0], 0, 0, 1, int(rng.random() < 0.5), 0, to_iso(now)))
        taken.add(contact[0])
    for contact in leads[10 * share:11 * share]:
        qualify(contact[0], True)
        handoffs.append(_answered(rng, now, contact[0], "returned", "bad_data",
                                  "The phone number is the fax line"))
    for lifecycle, reason, note in (("nurture", "not_now", "Budget opens in March"),
                                    ("lost", "not_fit", "One-person shop, no need")):
        for contact in by_lifecycle.get(lifecycle, [])[:3 * share]:
            qualify(contact[0], True)
            handoffs.append(_answered(rng, now, contact[0], "returned", reason, note))
    accepted = sorted((d for d in deals if d[6] in open_stages and d[2] not in taken),
                      key=lambda d: str(d[23]), reverse=True)  # the latest deals first
    calls = []
    for deal in accepted[:5 * share]:
        if deal[2] in taken:
            continue
        qualify(deal[2], True)
        created = str(deal[23])
        handed = to_iso(datetime.fromisoformat(created.replace("Z", "+00:00"))
                        - timedelta(hours=rng.randint(3, 30)))
        handoffs.append((deal[2], handed, "accepted", created, None, "", deal[0], handed,
                         created))
        first = to_iso(datetime.fromisoformat(handed.replace("Z", "+00:00"))
                       + timedelta(hours=rng.randint(2, 60)))
        calls.append((next_activity, "call", first, "First call after the hand-off", deal[0],
                      deal[2], first))
        next_activity += 1
    yield ("activities", ("id", "kind", "at", "summary", "deal_id", "contact_id",
                          "created_at"), calls)
    yield ("lead_qualifications", ("contact_id", "vision", "budget", "need", "authority",
                                   "timeframe", "updated_at"), quals)
    yield ("handoffs", ("contact_id", "handed_at", "status", "answered_at", "return_reason",
                        "note", "deal_id", "created_at", "updated_at"), handoffs)


def _answered(rng: Any, now: datetime, contact_id: int, status: str, reason: str,
              note: str) -> tuple[Any, ...]:
    handed = now - timedelta(days=rng.randint(3, 20), hours=rng.randint(0, 8))
    answered = handed + timedelta(hours=rng.randint(2, 60))
    return (contact_id, to_iso(handed), status, to_iso(answered), reason, note, None,
            to_iso(handed), to_iso(answered))
