"""Reminders (fixed dates) and mail templates (placeholders, mailto, the logged email)."""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from sm_desk.core.clock import to_iso
from sm_desk.core.mail import (
    MailError,
    best_template,
    compose,
    fill,
    log_email,
    mailto,
    save_template,
)
from sm_desk.core.reminders import due_reminders, snooze, snooze_until
from sm_desk.core.store import Store
from tests.touch_rows import timed

NOW = datetime(2026, 11, 23, 12, 0).astimezone()  # noon where the computer is


def _task(store: Store, title: str, due: str | None, status: str = "open") -> int:
    with store.step("t") as step:
        return step.insert("tasks", {"title": title, "due": due, "status": status,
                                     "created_at": to_iso(NOW), "updated_at": to_iso(NOW)})


def _deal(store: Store, title: str, next_step: str, due: str | None,
          contact_id: int | None = None, stage: str = "Engaged") -> int:
    stage_id = store.scalar("SELECT id FROM stages WHERE name = ?", [stage])
    with store.step("d") as step:
        return step.insert("deals", {"title": title, "stage_id": stage_id, "next_step": next_step,
                                     "next_step_due": due, "contact_id": contact_id,
                                     "value_minor": 1234500, "currency": "EUR",
                                     "created_at": to_iso(NOW), "updated_at": to_iso(NOW)})


def _touch(store: Store, title: str, start: datetime) -> int:
    with store.step("x") as step:
        return step.insert("touches", {"kind": "webinar", "title": title,
                                       **timed(to_iso(start)), "uid": title,
                                       "created_at": to_iso(NOW), "updated_at": to_iso(NOW)})


def test_due_tasks_next_steps_and_touches(store: Store) -> None:
    overdue = _task(store, "Send quote", "2026-11-20")
    _task(store, "Later", "2026-11-30")
    _task(store, "Finished", "2026-11-01", status="done")
    _task(store, "No date", None)
    deal = _deal(store, "Acme renewal", "Call Jane", "2026-11-23")
    _deal(store, "Won one", "Invoice", "2026-11-01", stage="Won")
    soon = _touch(store, "Webinar", NOW + timedelta(minutes=10))
    _touch(store, "Next week", NOW + timedelta(days=7))
    found = due_reminders(store, NOW)
    assert [(r.kind, r.item_id) for r in found] == [("touch", soon), ("deal", deal),
                                                   ("task", overdue)]
    assert found[1].detail == "Next step: Call Jane (due today)"
    assert found[2].detail == "Task due since 2026-11-20"


def test_snooze_hides_a_reminder_until_it_runs_out(store: Store) -> None:
    task = _task(store, "Send quote", "2026-11-23")
    (reminder,) = due_reminders(store, NOW)
    snooze(store, reminder, snooze_until("hour", NOW))
    assert due_reminders(store, NOW + timedelta(minutes=59)) == []
    assert [r.item_id for r in due_reminders(store, NOW + timedelta(minutes=61))] == [task]
    snooze(store, reminder, snooze_until("tomorrow", NOW))
    assert store.scalar("SELECT count(*) FROM reminder_snoozes") == 1  # one row, moved on
    assert due_reminders(store, NOW + timedelta(hours=3)) == []
    # A new due date reminds afresh, whatever was snoozed before.
    with store.step("move") as step:
        step.update("tasks", task, {"due": "2026-11-22"})
    assert len(due_reminders(store, NOW + timedelta(hours=3))) == 1


def test_template_fills_placeholders_and_logs_the_email(store: Store) -> None:
    with store.step("c") as step:
        company = step.insert("companies", {"name": "Müller & Söhne", "created_at": "x",
                                            "updated_at": "x"})
        contact = step.insert("contacts", {"first_name": "Zoë", "last_name": "Brandt",
                                           "email": "zoe+crm@example.com",
                                           "company_id": company, "created_at": "x",
                                           "updated_at": "x"})
    deal = _deal(store, "Bakery POS", "Send the offer", "2026-11-25", contact_id=contact)
    engaged = store.scalar("SELECT id FROM stages WHERE name = 'Engaged'")
    save_template(store, {"name": "General", "subject": "Hello", "body": "Hi"})
    save_template(store, {"name": "Engaged follow-up", "stage_id": engaged,
                          "subject": "{deal}: next step for {company}",
                          "body": "Hi {first_name},\n\nas agreed: {next_step} by "
                                  "{next_step_due} ({value}).\n{signature}\n{my_name}"})
    with pytest.raises(MailError, match="already a template"):
        save_template(store, {"name": "general", "subject": "dup"})
    template = best_template(store, deal_id=deal)
    assert template is not None and template["name"] == "Engaged follow-up"
    email = compose(store, template["id"], deal_id=deal)
    assert email.to == "zoe+crm@example.com"
    assert email.subject == "Bakery POS: next step for Müller & Söhne"
    assert email.body == ("Hi Zoë,\n\nas agreed: Send the offer by 2026-11-25 "
                          "(€12,345.00).\n{signature}\nMe")  # the locale's money
    assert email.unknown == ["signature"]
    url = email.url
    assert url.startswith("mailto:zoe%2Bcrm@example.com?subject=Bakery%20POS%3A")
    assert " " not in url and "\n" not in url and "&body=Hi%20Zo%C3%AB%2C%0D%0A%0D%0A" in url
    query = parse_qs(urlsplit(url).query)
    assert query["subject"] == [email.subject]
    assert query["body"] == [email.body.replace("\n", "\r\n")]
    log_email(store, email, NOW, deal_id=deal)
    activity = store.query_one("SELECT kind, summary, deal_id, contact_id FROM activities")
    assert activity == {"kind": "email", "summary": f"Email: {email.subject}",
                        "deal_id": deal, "contact_id": contact}
    assert store.scalar("SELECT last_activity_at FROM deals WHERE id = ?", [deal]) == to_iso(NOW)


def test_fill_and_mailto_edges() -> None:
    assert fill("{{literal}} {first_name} {0} {x:>5}", {"first_name": "A"}) == (
        "{literal} A {0} {x:>5}", [])
    assert unquote(mailto("a@b.c", "R&D = 100%?", "x")) == "mailto:a@b.c?subject=R&D = 100%?&body=x"
    assert "R%26D%20%3D%20100%25%3F" in mailto("a@b.c", "R&D = 100%?", "x")
