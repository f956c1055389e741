"""A realistic sample business, deterministic for a seed and a date.

Dated around `today` (the past quarter and the next two), so every view, the
dashboard and last week's report have something to show whenever it is made.
Rows are generated as tuples and bulk-inserted in one transaction.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sm_desk.core.clock import to_iso
from sm_desk.core.clock import today as local_today
from sm_desk.core.domain import CAMPAIGN_COLOURS
from sm_desk.core.handoffs.demo import handoff_tables
from sm_desk.core.marketing.reach import fill_series_ends
from sm_desk.core.marketing.timing import start_columns
from sm_desk.core.profile import business_zone
from sm_desk.core.store import LARGE_WRITE_ROWS, Changes, Step, Store
from sm_desk.core.store.sales import stages
from sm_desk.core.store.search_index import new_rows_indexed_at_the_end


@dataclass(frozen=True)
class DemoSize:
    contacts: int
    companies: int
    campaigns: int
    deals: int
    touches: int
    tasks: int
    activities: int
    # Days of history: when contacts came, deals closed, activities and chores were done.
    # The xlarge demo's ten years give a week the load a busy business's week has
    # (~2,000 activities), not a million activities crammed into four months.
    history: int = 120


SIZES = {
    "small": DemoSize(contacts=200, companies=45, campaigns=15, deals=60, touches=120,
                      tasks=90, activities=400),
    "large": DemoSize(contacts=50_000, companies=8_000, campaigns=500, deals=10_000,
                      touches=20_000, tasks=30_000, activities=100_000),
    # Ten years of a busy business, or a mailing list of half a million (the speed limits).
    "xlarge": DemoSize(contacts=500_000, companies=50_000, campaigns=2_000, deals=100_000,
                       touches=200_000, tasks=300_000, activities=1_000_000, history=3650),
}

FIRST = ("Ada Ben Chloe Dario Elena Farid Grace Hugo Ines Jonas Kira Liam Maya Nils Olga Pablo "
         "Quinn Rosa Sami Tara Umar Vera Wen Xavi Yara Zoe Amir Bea Cem Dana Eli Flor").split()
LAST = ("Adler Berg Costa Dubois Engel Fischer Garcia Haas Ito Jensen Kowalski Lind Moreau "
        "Novak Olsen Petrov Quint Rossi Schmidt Tanaka Ueda Varga Weber Xu Young Zimmer "
        "Baker Clarke Duarte Evans").split()
COMPANY_A = ("Blue Green Red North South Bright Little Grand Silver Golden Urban Old Oak "
             "Maple Harbor River Stone Sun").split()
COMPANY_B = ("Bakery Studio Dental Cafe Garage Florist Books Fitness Print Legal Design "
             "Hotel Pharmacy Optics Winery Yoga Tailor Salon").split()
SEGMENTS = ("retail", "restaurants", "health", "professional-services", "hospitality",
            "newsletter", "vip", "trade-fair")
CAMPAIGN_THEMES = ("Spring launch", "Summer offer", "Autumn open house", "Winter gifts",
                   "Trade fair", "Referral drive", "Webinar series", "Local press push",
                   "Loyalty club", "New service line", "Customer stories", "Price update")
CHANNELS = ("email", "social", "events", "web", "print", "ads")
COLOURS = CAMPAIGN_COLOURS[:9]
TOUCH_TITLES = {
    "blog_post": "Blog: {t}", "newsletter": "Newsletter: {t}", "social_post": "Post: {t}",
    "event": "Booth at {t}", "mailing": "Postcard mailing: {t}", "gift": "Client gift: {t}",
    "ad": "Local ad: {t}", "webinar": "Webinar: {t}", "press": "Press release: {t}",
}
KIND_WEIGHTS = {"blog_post": 5, "newsletter": 3, "social_post": 8, "event": 2, "mailing": 2,
                "gift": 1, "ad": 2, "webinar": 1, "press": 1}
NEXT_STEPS = ("Send proposal", "Call back", "Book a demo", "Send price sheet",
              "Follow up on quote", "Meet the owner", "Answer pricing question")
LOST_REASONS = ("Price too high", "Went with a competitor", "No budget this year",
                "Not now - revisit next quarter", "No reply")
ACTIVITY_NOTES = {
    "call": ("Discovery call", "Checked in", "Discussed pricing", "Left a voicemail"),
    "email": ("Sent the brochure", "Sent a quote", "Replied to questions", "Sent case study"),
    "meeting": ("Demo at their office", "Coffee meeting", "Site visit"),
    "note": ("Decision after the holidays", "Owner is the decision maker", "Wants references"),
}
TASK_TITLES = (
    ("Staff the booth", "marketing", "touch", "event.staff_booth"),
    ("Follow up booth leads", "sales", "touch", "event.follow_up_leads"),
    ("Answer comments", "marketing", "touch", "blog.answer_comments"),
    ("Confirm delivery to each recipient; replace what went missing", "marketing", "touch",
     "send.confirm_delivery"),
    ("Reply to responses", "marketing", "touch", "newsletter.reply"),
    ("First contact", "sales", "contact", "lead.first_contact"),
    ("Send invoice", "sales", "deal", "deal.invoice"),
    ("Thank the customer", "sales", "deal", "deal.thank_you"),
    ("Decide the next step", "sales", "deal", "deal.next_step"),
    ("Update the price sheet", None, None, None),
    ("Order new business cards", None, None, None),
)

# The touch kind each touch rule is about (core/tasks/rules.py makes these for real).
RULE_TOUCH_KINDS = {"event.staff_booth": "event", "event.follow_up_leads": "event",
                    "blog.answer_comments": "blog_post", "send.confirm_delivery": "send",
                    "newsletter.reply": "newsletter"}


def generate_demo(store: Store, size: str = "small", seed: int = 1,
                  today: date | None = None) -> Changes:
    """Fill `store` with a sample business. Deterministic for (size, seed, today)."""
    spec = SIZES[size]
    day0 = today or local_today()
    rng = random.Random(f"{seed}-{size}-{day0.isoformat()}")
    gen = _Generator(rng, spec, day0, business_zone(store))
    with store.step("Generate demo business", undoable=False,
                    large=spec.contacts >= LARGE_WRITE_ROWS) as step, \
            new_rows_indexed_at_the_end(store.conn):  # search index: one pass at the end
        stage_rows = stages(store)
        gen.stages = [(r["id"], r["outcome"]) for r in stage_rows]
        for table, columns, rows in gen.tables():
            step.insert_many(table, columns, rows)
        fill_series_ends(store.conn)  # the series' reach bound, as the touch service writes it
        from sm_desk.core.profile import save_profile

        save_profile(step, DEMO_PROFILE)  # its own profile; the zone stays the computer's
        _obey_the_task_rules(step, day0)
    return step.summary


OLD_CHORES_DAYS = 14  # rule tasks due longer ago than this were done


def _obey_the_task_rules(step: Step, day: date) -> None:
    """Run every task rule over what was generated, as the services do after each edit:
    the demo's tasks then agree with its deals, touches and contacts (no "Send invoice"
    on a lost deal), and a rule sync right after making it changes nothing. Lifecycles
    first follow the deals (no contact marked Lost with open deals)."""
    from sm_desk.core.store.demo_rows import (
        align_lifecycles,
        close_old_rule_tasks,
        drop_repeated_chores,
        end_history_on,
        origin_ids,
    )
    from sm_desk.core.tasks import rules

    align_lifecycles(step)  # before the contact rules read them
    drop_repeated_chores(step)
    deals, touches, contacts = origin_ids(step.store)
    for deal_id in deals:
        rules.sync_deal(step, deal_id, day)
    for touch_id in touches:
        rules.sync_touch(step, touch_id, day)
    for contact_id in contacts:
        rules.sync_contact(step, contact_id, day)
    # A business that has run for months did its old chores: a rule sync leaves done
    # tasks alone, so this keeps the demo in agreement with its rules.
    close_old_rule_tasks(step, (day - timedelta(days=OLD_CHORES_DAYS)).isoformat())
    end_history_on(step, f"{day.isoformat()}T00:00:00Z")


DEMO_PROFILE = {"business_name": "Northwind Print & Design (demo)", "currency": "USD",
                "country": "US", "locale": "en_US", "week_start": 0, "works_alone": False}


def _distinct_names(rows: list[tuple[Any, ...]], rng: random.Random
                    ) -> list[tuple[Any, ...]]:
    """No two companies share a name (two "Grand Hotel"s read as one business): a repeat
    takes a pair not used yet (its own random draw, so the rest of the demo is unchanged)."""
    taken = {row[1] for row in rows}
    spare = [f"{a} {b}" for a in COMPANY_A for b in COMPANY_B if f"{a} {b}" not in taken]
    rng.shuffle(spare)
    seen: set[str] = set()
    out = []
    for row in rows:
        name = row[1]
        if name in seen:
            name = spare.pop() if spare else f"{name} {row[0]}"
        seen.add(name)
        out.append((row[0], name, *row[2:]))
    return out


class _Generator:
    def __init__(self, rng: random.Random, spec: DemoSize, today: date, tz: str) -> None:
        self.rng = rng
        self.tz = tz  # touches are wall-clock times in the business's zone
        self.spec = spec
        self.today = today
        self.stages: list[tuple[int, str]] = []
        self.stamp = to_iso(datetime.combine(today - timedelta(days=120), time(9)))

    def day(self, lo: int, hi: int) -> date:
        return self.today + timedelta(days=self.rng.randint(lo, hi))

    def wall_clock(self, lo: int, hi: int) -> datetime:
        """A working hour on a day in [today+lo, today+hi], as the business's clocks read."""
        return datetime.combine(self.day(lo, hi), time(self.rng.randint(8, 17)))

    def instant(self, lo: int, hi: int) -> str:
        moment = datetime.combine(self.day(lo, hi), time(self.rng.randint(8, 17)), tzinfo=UTC)
        return to_iso(moment)

    def tables(self) -> Iterator[tuple[str, tuple[str, ...], Sequence[tuple[Any, ...]]]]:
        spec, rng, stamp = self.spec, self.rng, self.stamp
        yield ("people", ("name", "kind", "strengths", "email"), [
            ("Sam (part-time helper)", "helper", json.dumps(["marketing"]), "sam@example.com"),
            ("Brightline Agency", "agency", json.dumps(["marketing"]), "hello@brightline.example"),
        ])
        yield ("tags", ("id", "name"), [(i + 1, name) for i, name in enumerate(SEGMENTS)])
        companies = [(i + 1, f"{rng.choice(COMPANY_A)} {rng.choice(COMPANY_B)}"
                      + ("" if i < 300 else f" {i}"), stamp, stamp)
                     for i in range(spec.companies)]
        companies = _distinct_names(companies, random.Random(f"{self.today}-companies"))
        yield ("companies", ("id", "name", "created_at", "updated_at"), companies)

        campaigns = []
        for i in range(spec.campaigns):
            start = self.day(20 - spec.history, 150)
            status = ("done" if start < self.today - timedelta(days=45)
                      else "active" if start <= self.today else rng.choice(("planned", "idea")))
            campaigns.append((
                i + 1, f"{CAMPAIGN_THEMES[i % len(CAMPAIGN_THEMES)]}"
                + ("" if i < len(CAMPAIGN_THEMES) else f" #{i // len(CAMPAIGN_THEMES) + 1}"),
                "Bring in leads from " + SEGMENTS[i % 6], 1 + i % 6,
                json.dumps(rng.sample(CHANNELS, 2)), rng.randrange(200, 5000) * 100, "USD",
                start.isoformat(), (start + timedelta(days=rng.choice((30, 60, 90)))).isoformat(),
                status, COLOURS[i % len(COLOURS)], stamp, stamp))
        yield ("campaigns", ("id", "name", "objective", "audience_tag_id", "channels",
                             "budget_minor", "currency", "start_date", "end_date", "status",
                             "colour", "created_at", "updated_at"), campaigns)

        lifecycles = ("subscriber",) * 3 + ("lead",) * 3 + ("prospect",) * 2 + (
            "customer", "nurture", "lost")
        contacts, contact_tags = [], []
        for i in range(spec.contacts):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            company = rng.randrange(spec.companies) + 1 if rng.random() < 0.8 else None
            created = self.instant(-spec.history, 0)
            lifecycle = rng.choice(lifecycles)
            source = rng.randrange(spec.campaigns) + 1 if rng.random() < 0.6 else None
            contacts.append((i + 1, first, last, f"{first}.{last}.{i}@example.com".lower(),
                             f"+1 555 {rng.randrange(1000000):07d}", company, lifecycle,
                             source, created, created))
            for tag in rng.sample(range(1, len(SEGMENTS) + 1), rng.randint(0, 2)):
                contact_tags.append((i + 1, tag))
        yield ("contacts", ("id", "first_name", "last_name", "email", "phone", "company_id",
                            "lifecycle", "source_campaign_id", "created_at", "updated_at"),
               contacts)
        yield ("contact_tags", ("contact_id", "tag_id"), contact_tags)

        touches = []
        kinds = list(KIND_WEIGHTS)
        weights = list(KIND_WEIGHTS.values())
        for i in range(spec.touches):
            kind = rng.choices(kinds, weights)[0]
            campaign = rng.randrange(spec.campaigns) + 1
            theme = CAMPAIGN_THEMES[(campaign - 1) % len(CAMPAIGN_THEMES)]
            local = self.wall_clock(30 - spec.history, 180)
            rrule = None
            if i < 2:  # a weekly newsletter and a monthly webinar, as real plans have
                kind, rrule = ("newsletter", "FREQ=WEEKLY;BYDAY=TU;COUNT=26") if i == 0 else (
                    "webinar", "FREQ=MONTHLY;BYMONTHDAY=15;COUNT=8")
                local = self.wall_clock(-60, -50)
                # a series starts on a day its rule gives: a Tuesday, the 15th
                local = (local + timedelta(days=(1 - local.weekday()) % 7) if i == 0
                         else local.replace(day=15))
            past = local.date() < self.today
            status = ("done" if rng.random() < 0.85 else "skipped") if past else "planned"
            if rrule:
                status = "planned"  # a series' status is every occurrence's: not "done" ahead
            all_day = kind in ("blog_post", "social_post", "press")
            when = start_columns(local, self.tz, all_day)
            touches.append((
                i + 1, campaign, kind, TOUCH_TITLES[kind].format(t=theme), when["starts_at"],
                when["start_local"], self.tz, int(all_day), 60, rrule, status,
                rng.randrange(50, 5000), rng.randrange(0, 50) * 1000,
                f"demo-{i + 1}@sm-desk", stamp, stamp))
        yield ("touches", ("id", "campaign_id", "kind", "title", "starts_at", "start_local",
                           "tz", "all_day",
                           "duration_minutes", "rrule", "status", "audience_size", "cost_minor",
                           "uid", "created_at", "updated_at"), touches)

        deals, open_stages = [], [s for s in self.stages if s[1] == "open"]
        won = next(s for s in self.stages if s[1] == "won")
        lost = next(s for s in self.stages if s[1] == "lost")
        for i in range(spec.deals):
            contact = rng.randrange(spec.contacts) + 1
            roll = rng.random()
            stage = won if roll < 0.2 else lost if roll < 0.32 else rng.choice(open_stages)
            # open deals are recent; closed ones spread over the years
            created = self.instant(-110 if stage[1] == "open" else 10 - spec.history, -1)
            closed = invoiced = due = paid = reason = None
            nurture = 0
            if stage in (won, lost):
                closed = self.instant(30 - spec.history, 0)
                created = min(created, closed)
            if stage == won:
                assert closed is not None
                invoiced = closed[:10] if rng.random() < 0.8 else None
                due = ((date.fromisoformat(invoiced) + timedelta(days=30)).isoformat()
                       if invoiced else None)
                paid = due if invoiced and rng.random() < 0.6 else None
            if stage == lost:
                reason = rng.choice(LOST_REASONS)
                nurture = int(reason.startswith("Not now"))
            next_step, next_due = ("", None)
            if stage[1] == "open" and rng.random() < 0.8:
                next_step = rng.choice(NEXT_STEPS)
                next_due = self.day(-10, 20).isoformat()
            vbant = [int(rng.random() < 0.5) for _ in range(5)]
            deals.append((
                i + 1, f"{rng.choice(('Website', 'Annual', 'Starter', 'Pro', 'Team'))} package "
                f"for {contacts[contact - 1][2]}", contact, contacts[contact - 1][5],
                rng.randrange(5, 400) * 5000, "USD", stage[0], self.day(-5, 95).isoformat(),
                next_step, next_due, contacts[contact - 1][7], 1, *vbant, reason, nurture,
                closed, invoiced, due, paid, created, created, None))
        activities = []
        last_activity: dict[int, str] = {}
        for i in range(spec.activities):
            deal = rng.randrange(spec.deals) + 1
            kind = rng.choice(tuple(ACTIVITY_NOTES))
            at = self.instant(20 - spec.history, 0)
            last_activity[deal] = max(at, last_activity.get(deal, ""))
            activities.append((i + 1, kind, at, rng.choice(ACTIVITY_NOTES[kind]), deal,
                               deals[deal - 1][2], at))
        for deal, at in last_activity.items():
            deals[deal - 1] = (*deals[deal - 1][:-1], at)
        yield ("deals", ("id", "title", "contact_id", "company_id", "value_minor", "currency",
                         "stage_id", "expected_close", "next_step", "next_step_due",
                         "source_campaign_id", "owner_id", "vision", "budget", "need",
                         "authority", "timeframe", "lost_reason", "nurture", "closed_at",
                         "invoiced_at", "invoice_due", "paid_at", "created_at", "updated_at",
                         "last_activity_at"), deals)

        yield ("activities", ("id", "kind", "at", "summary", "deal_id", "contact_id",
                              "created_at"), activities)

        tasks, used = [], set()
        touch_ids_by_kind: dict[str, list[int]] = {}
        for touch in touches:
            touch_ids_by_kind.setdefault(str(touch[2]), []).append(int(touch[0]))
        touch_ids_by_kind["send"] = sorted(touch_ids_by_kind.get("gift", [])
                                           + touch_ids_by_kind.get("mailing", []))
        for i in range(spec.tasks):
            title, function, origin_type, rule = rng.choice(TASK_TITLES)
            origin_id = None
            if origin_type == "touch":
                # a touch of the kind the rule is about (no booth tasks for a blog post)
                fitting = touch_ids_by_kind.get(RULE_TOUCH_KINDS.get(rule or "", ""), [])
                origin_id = rng.randrange(spec.touches) + 1
                if fitting:
                    origin_id = fitting[origin_id % len(fitting)]
            elif origin_type == "deal":
                origin_id = rng.randrange(spec.deals) + 1
            elif origin_type == "contact":
                origin_id = rng.randrange(spec.contacts) + 1
            if rule is not None:
                if (rule, origin_id) in used:
                    rule = None  # a hand-made duplicate: rules make one task per origin
                used.add((rule, origin_id))
            due_day = self.day(100 - spec.history, 40)
            # chores due long ago were nearly all done; the last weeks' still pile up
            done = due_day < self.today and rng.random() < (
                0.6 if due_day >= self.today - timedelta(days=20) else 0.97)
            assignee = rng.choice((None, None, 1, 1, 2, 3))
            created = self.instant(60 - spec.history, -1)
            tasks.append((
                i + 1, title, function if rng.random() < 0.9 else None, assignee,
                due_day.isoformat(), "done" if done else "open", origin_type, origin_id, rule,
                created, created,
                to_iso(datetime.combine(due_day, time(16), tzinfo=UTC)) if done else None))
        yield ("tasks", ("id", "title", "function", "assignee_id", "due", "status",
                         "origin_type", "origin_id", "rule", "created_at", "updated_at",
                         "done_at"), tasks)
        # the hats' hand-offs: insights, collateral, segment priorities, lead hand-offs
        yield from handoff_tables(self, contacts, deals, touches, spec.activities, SEGMENTS)
