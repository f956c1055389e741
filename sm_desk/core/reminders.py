"""Reminders: what is due now (a task, a deal's next step, a touch about to start), and
snoozing one. Nothing leaves the computer: the app shows them, that is all.

    for reminder in due_reminders(store, now): ...
    snooze(store, reminder, snooze_until("hour", now))
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sm_desk.core.clock import to_iso
from sm_desk.core.marketing.calendar import occurrences
from sm_desk.core.store import Changes, Store
from sm_desk.core.store import reminders as q

TOUCH_LEAD = timedelta(minutes=15)  # a touch reminds this long before it starts
TOUCH_LATE = timedelta(hours=2)  # ... and is still worth a reminder this long after
TOMORROW_AT = time(9, 0)
SNOOZE_CHOICES = {"hour": "1 hour", "tomorrow": "Tomorrow 9:00"}


@dataclass(frozen=True)
class Reminder:
    kind: str  # 'task', 'deal' (its next step) or 'touch'
    item_id: int
    due: str  # the due date or start instant it is for (a new due reminds afresh)
    title: str
    detail: str

    @property
    def key(self) -> tuple[str, int, str]:
        return (self.kind, self.item_id, self.due)


def due_reminders(store: Store, now: datetime) -> list[Reminder]:
    """Everything due at `now` (aware) and not snoozed: touches first, then next steps
    and tasks, the latest due first."""
    local = now.astimezone()
    today = local.date().isoformat()
    found: list[Reminder] = []
    for o in occurrences(store, now - TOUCH_LATE, now + TOUCH_LEAD, include_skipped=False):
        if o.status != "planned":
            continue
        if o.all_day:
            due, when = o.start.date().isoformat(), "today"
        else:
            due, when = to_iso(o.start), f"at {o.start.astimezone(local.tzinfo):%H:%M}"
        found.append(Reminder("touch", o.touch_id, due, o.title,
                              f"{o.campaign_name or 'Touch'} {when}"))
    for deal in q.due_next_steps(store, today):
        found.append(Reminder("deal", deal["id"], deal["due"], deal["title"],
                              f"Next step: {deal['next_step'] or 'decide one'} "
                              f"({_when(deal['due'], today)})"))
    for task in q.due_tasks(store, today):
        found.append(Reminder("task", task["id"], task["due"], task["title"],
                              f"Task {_when(task['due'], today)}"))
    snoozed = q.snoozed(store, to_iso(now))
    return [r for r in found if r.key not in snoozed]


def _when(due: str, today: str) -> str:
    return "due today" if due[:10] == today else f"due since {due[:10]}"


def snooze_until(choice: str, now: datetime) -> datetime:
    """'hour' -> now + 1 h; 'tomorrow' -> 9:00 local time tomorrow."""
    if choice == "hour":
        return now + timedelta(hours=1)
    if choice == "tomorrow":
        day = now.astimezone().date() + timedelta(days=1)
        return datetime.combine(day, TOMORROW_AT).astimezone()
    raise ValueError(f"unknown snooze {choice!r}")


def snooze(store: Store, reminder: Reminder, until: datetime) -> Changes:
    with store.step("Snooze reminder") as step:
        q.put_snooze(step, reminder.kind, reminder.item_id, reminder.due, to_iso(until))
    return step.summary
