"""Boundary-task rules: called by the services inside the same step as the write
that triggers them, so a touch and its booth tasks commit (or roll back) together.

Every service that creates, edits or deletes a touch, deal or contact calls the
matching sync function afterwards, with the same step. Each sync is idempotent:
it creates what is missing, updates what moved, cancels what no longer applies.

How a sync reconciles one origin (a touch, a deal or a contact):
- it works out the tasks the origin calls for now: {(rule, origin_key): Want};
- a wanted task that does not exist is inserted (one row per rule and origin, held by
  the unique index tasks_one_per_rule_and_origin), assigned to the agreement's default
  for that rule, or to nobody: out of the box boundary tasks are unassigned;
- an existing open one gets the new due date when the trigger moved; a cancelled one is
  reopened (unless the user deleted it: dismissed); a wanted task whose work is
  already visible elsewhere (the deal is invoiced, the payment arrived) is marked done;
- an open rule-made task that is no longer wanted is cancelled;
- done tasks are never touched, and neither are title, assignee or function once a
  task exists: those are the user's decisions.

Recurring touches: one task per occurrence over a horizon would bury the view, and
one per series would be due once and never again. So each sync makes the tasks of
the *first occurrence on or after today* (origin_key = that occurrence's original
date, so a moved occurrence keeps its task); tasks of past occurrences stay as they
are, and `sync_all` (run at start and by `sm-desk tasks --sync`) rolls the series on
to its next occurrence as the days pass.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import cast

from sm_desk.core.agreement import load_agreement
from sm_desk.core.clock import from_iso, now_utc, to_iso
from sm_desk.core.clock import today as local_today
from sm_desk.core.domain import MARKETING, SALES
from sm_desk.core.marketing.recurrence import occurrence_key, walk
from sm_desk.core.marketing.timing import parse_local
from sm_desk.core.store import Changes, Step, Store
from sm_desk.core.store import tasks as queries

ONE, MANY = "one", "many"


@dataclass(frozen=True)
class RuleSpec:
    title: str
    audience: str  # ONE recipient or MANY: decides the function (see function_of)
    origin_type: str


# The boundary tasks, by rule name (the names the demo, the agreement's
# default_assignees and the assessment's advice use).
RULES: dict[str, RuleSpec] = {
    "event.staff_booth": RuleSpec("Staff the booth", MANY, "touch"),
    "event.follow_up_leads": RuleSpec("Follow up booth leads", ONE, "touch"),
    "blog.answer_comments": RuleSpec("Answer comments", MANY, "touch"),
    "send.confirm_delivery": RuleSpec(
        "Confirm delivery to each recipient; replace what went missing", MANY, "touch"),
    "newsletter.reply": RuleSpec("Reply to responses", MANY, "touch"),
    "lead.first_contact": RuleSpec("First contact", ONE, "contact"),
    "deal.invoice": RuleSpec("Send invoice", ONE, "deal"),
    "deal.thank_you": RuleSpec("Thank the customer", ONE, "deal"),
    "deal.collect_payment": RuleSpec("Collect payment", ONE, "deal"),
    "deal.add_to_nurture": RuleSpec("Add to nurture", MANY, "deal"),
    "deal.next_step": RuleSpec("Decide the next step", ONE, "deal"),
    "handoff.overdue": RuleSpec("Answer the hand-off: accept or return the lead", ONE,
                                "contact"),
}


def function_of(rule: str) -> str:
    """Seed 004: "Marketing = one-to-many communications ... Sales = one-to-one
    communications." So a task that speaks to one person is sales, one that speaks to
    many is marketing. Touch-made tasks are marketing (staffing the booth, answering
    blog comments, confirming a mailing arrived, replying to a newsletter: the brand
    talking to its audience), except following up the individual booth leads, which is
    a one-to-one conversation: sales. A new lead's first contact, invoicing, thanking
    and collecting from one customer are sales; putting a "not now" lead on the nurture
    list hands them to marketing's one-to-many campaigns."""
    return SALES if RULES[rule].audience == ONE else MARKETING


DELIVERY_CHECK_DAYS = 7  # a gift or mailing should have arrived within a week
COMMENT_WINDOW_DAYS = 7  # blog comments come in during the week after publishing
NEW_LEAD_DAYS = 30  # a lead older than this is not "new": no first-contact task
RECENT_WIN_DAYS = 30  # a deal won longer ago gets no new thank-you task
RECURRENCE_STEPS = 2000  # cap on expanding an RRULE (a series with no end must not run away)


@dataclass(frozen=True)
class Want:
    due: str | None  # None: keep the existing due date; a new task gets today
    done: bool = False  # the work is visible elsewhere (invoiced, paid, next step set)
    create: bool = True  # False: keep an existing task, but do not make a new one


Wants = dict[tuple[str, str], Want]


# -- the sync points -----------------------------------------------------------------------

def sync_touch(step: Step, touch_id: int, today: date | None = None) -> None:
    """After a touch was created, edited, moved or deleted."""
    day = today or local_today()
    touch = step.store.get("touches", touch_id)
    wants: Wants = {}
    keep_past: set[str] = set()
    if touch is not None:
        if touch["rrule"]:
            key, start, keep_past = _next_occurrence(step.store, touch, day)
            if key is not None and start is not None:
                wants = _touch_wants(step.store, touch["kind"], start, key)
        elif touch["status"] != "skipped":
            wants = _touch_wants(step.store, touch["kind"],
                                 date.fromisoformat(touch["start_local"][:10]), "")
    _reconcile(step, "touch", touch_id, wants, day, keep_keys=keep_past)


def sync_deal(step: Step, deal_id: int, today: date | None = None) -> None:
    """After a deal was created, edited, moved to another stage or deleted."""
    day = today or local_today()
    deal = step.store.get("deals", deal_id)
    wants: Wants = {}
    if deal is not None:
        hours = load_agreement(step.store).follow_up_hours
        outcome = queries.stage_outcome(step.store, deal["stage_id"])
        closed = _date_of(deal["closed_at"]) or day
        if outcome == "won":
            wants[("deal.invoice", "")] = Want(closed.isoformat(), done=bool(deal["invoiced_at"]))
            # a thank-you is only worth sending soon after the win; an invoice never expires
            recent = closed >= day - timedelta(days=RECENT_WIN_DAYS)
            wants[("deal.thank_you", "")] = Want(_after_hours(closed, hours), create=recent)
            due = deal["invoice_due"]
            if due and (deal["paid_at"] or due < day.isoformat()):
                # late and unpaid: collect; paid after a reminder existed: done
                first_late = (date.fromisoformat(due) + timedelta(days=1)).isoformat()
                wants[("deal.collect_payment", "")] = Want(first_late, done=bool(deal["paid_at"]))
        elif outcome == "lost" and deal["nurture"]:
            wants[("deal.add_to_nurture", "")] = Want(_after_hours(closed, hours))
        elif outcome == "open":
            wants[("deal.next_step", "")] = Want(None, done=bool(deal["next_step"].strip()))
    _reconcile(step, "deal", deal_id, wants, day)


def sync_contact(step: Step, contact_id: int, today: date | None = None) -> None:
    """After a contact was created, edited (lifecycle, source campaign) or deleted."""
    day = today or local_today()
    contact = step.store.get("contacts", contact_id)
    wants: Wants = {}
    if contact is not None and contact["source_campaign_id"] is not None:
        created = _date_of(contact["created_at"]) or day
        if contact["lifecycle"] == "lead":
            hours = load_agreement(step.store).follow_up_hours
            new = created >= day - timedelta(days=NEW_LEAD_DAYS)
            wants[("lead.first_contact", "")] = Want(_after_hours(created, hours), create=new)
        elif contact["lifecycle"] in ("prospect", "customer"):
            # moved on from lead: someone made contact; an open task is now done
            wants[("lead.first_contact", "")] = Want(None, done=True)
    if contact is not None:
        from sm_desk.core.handoffs.tasks import overdue_wants

        wants.update(overdue_wants(step.store, contact_id, day))
    _reconcile(step, "contact", contact_id, wants, day)


def sync_all(store: Store, today: date | None = None, *, undoable: bool = True) -> Changes:
    """The time-based rules, for the app's start and `sm-desk tasks --sync`: payments that
    fell overdue since the last run, and recurring touches rolling on to their next
    occurrence. Cheap when nothing changed (two indexed queries); one step, undoable
    unless the app runs it on its own at start-up (`undoable=False`: the owner's first
    Edit > Undo is never the app's own bookkeeping)."""
    day = today or local_today()
    if store.readonly:
        return Changes()
    from sm_desk.core.handoffs.tasks import overdue_contact_ids

    late = queries.unpaid_overdue_deal_ids(store, day.isoformat())
    recurring = queries.recurring_touch_ids(store)
    handoffs = overdue_contact_ids(store, day)  # hand-offs past the follow-up time

    def run(step: Step) -> None:
        for deal_id in late:
            sync_deal(step, deal_id, day)
        for touch_id in recurring:
            sync_touch(step, touch_id, day)
        for contact_id in handoffs:
            sync_contact(step, contact_id, day)

    if not late and not recurring and not handoffs:
        return Changes()
    # A file with recurring touches has something to check at every start, and usually
    # nothing to write: a dry run first, so no write step (its first one loads
    # sqlite-utils, ~0.2 s, right after the window painted) is opened for nothing.
    dry = _DryRun(store)
    run(cast(Step, dry))
    if not dry.writes:
        return Changes()
    with store.step("Update boundary tasks", undoable=undoable) as step:
        run(step)
    return step.summary


class _DryRun:
    """Stands in for a Step: the syncs read through it as usual and it counts the writes
    they would make instead of making them."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.writes = 0

    def insert(self, table: str, values: dict[str, object]) -> int:
        self.writes += 1
        return 0

    def update(self, table: str, row_id: int, values: dict[str, object]) -> bool:
        self.writes += 1
        return True


# -- wants ---------------------------------------------------------------------------------

def _touch_wants(store: Store, kind: str, day: date, key: str) -> Wants:
    hours = load_agreement(store).follow_up_hours
    if kind == "event":
        return {("event.staff_booth", key): Want(day.isoformat()),
                ("event.follow_up_leads", key): Want(_after_hours(day, hours))}
    if kind == "blog_post":
        return {("blog.answer_comments", key):
                Want((day + timedelta(days=COMMENT_WINDOW_DAYS)).isoformat())}
    if kind in ("gift", "mailing"):
        return {("send.confirm_delivery", key):
                Want((day + timedelta(days=DELIVERY_CHECK_DAYS)).isoformat())}
    if kind == "newsletter":
        return {("newsletter.reply", key): Want(_after_hours(day, hours))}
    return {}


def _next_occurrence(store: Store, touch: dict[str, object],
                     day: date) -> tuple[str | None, date | None, set[str]]:
    """(origin_key, effective day) of the first occurrence on or after `day` that is not
    skipped, and the keys of the occurrences before it (their tasks are kept). Days are
    the touch's own wall-clock dates, as the calendar expands them."""
    overrides = {row["original_start"]: row
                 for row in queries.occurrence_overrides(store, int(str(touch["id"])))}
    past: set[str] = set()
    all_day = bool(touch["all_day"])
    for local in walk(str(touch["rrule"]), parse_local(str(touch["start_local"])),
                      str(touch["tz"]), all_day, RECURRENCE_STEPS):
        original = occurrence_key(local, all_day)
        override = overrides.get(original)
        start = override["new_start"] if override and override["new_start"] else original
        key = original[:10]
        effective = date.fromisoformat(start[:10])
        if effective < day:
            past.add(key)
            continue
        if override and (override["status"] == "skipped" or override["removed"]):
            continue
        return key, effective, past
    return None, None, past


# -- reconcile -----------------------------------------------------------------------------

def _reconcile(step: Step, origin_type: str, origin_id: int, wants: Wants, day: date,
               keep_keys: set[str] | None = None) -> None:
    store = step.store
    existing = {(row["rule"], row["origin_key"]): row
                for row in queries.generated_for_origin(store, origin_type, origin_id)}
    stamp = to_iso(now_utc())
    for (rule, key), want in wants.items():
        row = existing.get((rule, key))
        if row is None:
            if want.done or not want.create:
                continue  # nothing to do (a paid deal needs no payment reminder to close)
            _insert(step, rule, origin_type, origin_id, key, want, day, stamp)
        elif row["status"] != "done" and not row["dismissed"]:
            _refresh(step, row, want, stamp)
    for (rule, key), row in existing.items():
        if (rule, key) in wants or row["status"] != "open":
            continue
        if keep_keys and key in keep_keys:
            continue  # a past occurrence of a recurring touch: its task stands
        step.update("tasks", row["id"], {"status": "cancelled"})


def _insert(step: Step, rule: str, origin_type: str, origin_id: int, key: str, want: Want,
            day: date, stamp: str) -> None:
    assignee = load_agreement(step.store).default_assignees.get(rule)
    if assignee is not None and not queries.person_exists(step.store, int(assignee)):
        assignee = None  # the default person was removed: better unassigned than lost
    if assignee is None and origin_type == "deal":
        assignee = _solo_owner_of_deal(step, origin_id)
    step.insert("tasks", {
        "title": RULES[rule].title, "function": function_of(rule),
        "assignee_id": None if assignee is None else int(assignee),
        "due": want.due or day.isoformat(), "status": "open",
        "origin_type": origin_type, "origin_id": origin_id, "origin_key": key, "rule": rule,
        "created_at": stamp, "updated_at": stamp})


def _solo_owner_of_deal(step: Step, deal_id: int) -> int | None:
    """A one-person business: the deal's tasks are its owner's (the owner's own deals
    do not open cracks). With helpers, they wait for the agreement's default person."""
    from sm_desk.core.profile import load_profile

    if not load_profile(step.store).works_alone:
        return None
    deal = step.store.get("deals", deal_id)
    owner = deal.get("owner_id") if deal else None
    return int(owner) if owner is not None else None


def _refresh(step: Step, row: dict[str, object], want: Want, stamp: str) -> None:
    values: dict[str, object] = {}
    if want.due is not None and row["due"] != want.due:
        values["due"] = want.due
    if want.done:
        values.update(status="done", done_at=stamp)
    elif row["status"] == "cancelled":
        values["status"] = "open"  # the trigger is back (an undone skip, a re-won deal)
    if values:
        step.update("tasks", int(str(row["id"])), values)


# -- dates ---------------------------------------------------------------------------------

def _date_of(instant: object) -> date | None:
    if not instant:
        return None
    text = str(instant)
    return date.fromisoformat(text) if len(text) == 10 else from_iso(text).astimezone().date()


def _after_hours(day: date, hours: int) -> str:
    """The day by which something is due `hours` after `day` began (48 h: two days on)."""
    moment = datetime(day.year, day.month, day.day) + timedelta(hours=int(hours))
    return moment.date().isoformat()
