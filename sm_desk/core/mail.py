"""Mail templates: named texts with placeholders, for a pipeline stage or a campaign (or
any). "Write email" fills one in for a deal or a contact, makes a mailto: link for the
user's own mail client, and logs an email activity. The app sends nothing itself.

Placeholders: {first_name} {last_name} {full_name} {email} {company} {job_title}
{deal} {stage} {value} {next_step} {next_step_due} {campaign} {my_name}. An unknown
one is left as written (and named, so the dialog can say so); {{ and }} are braces.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import quote

from sm_desk.core.clock import now_utc, to_iso
from sm_desk.core.money import numbers_for
from sm_desk.core.sales.activities import log_activity
from sm_desk.core.store import Changes, Store
from sm_desk.core.store import mail as q
from sm_desk.core.store.undo import Row

PLACEHOLDERS = {
    "first_name": "the contact's first name", "last_name": "the contact's last name",
    "full_name": "first and last name", "email": "the contact's email",
    "company": "the company", "job_title": "the contact's job title", "deal": "the deal's title",
    "stage": "the deal's stage", "value": "the deal's value", "next_step": "the next step",
    "next_step_due": "when the next step is due", "campaign": "the source campaign",
    "my_name": "your name (People: Me)",
}
MAX_NAME = 100


class MailError(ValueError):
    pass


@dataclass
class Email:
    to: str
    subject: str
    body: str
    unknown: list[str]  # placeholders nothing filled

    @property
    def url(self) -> str:
        return mailto(self.to, self.subject, self.body)


def mailto(to: str, subject: str, body: str) -> str:
    """RFC 6068: every reserved character percent-encoded (a space is %20, not +), line
    breaks as %0D%0A."""
    body = re.sub(r"\r\n|\r|\n", "\r\n", body)
    return (f"mailto:{quote(to, safe='@')}?subject={quote(subject, safe='')}"
            f"&body={quote(body, safe='')}")


class _Values(dict[str, str]):
    def __init__(self, values: dict[str, str]) -> None:
        super().__init__(values)
        self.unknown: list[str] = []

    def __missing__(self, key: str) -> str:
        if key not in self.unknown:
            self.unknown.append(key)
        return "{" + key + "}"


def fill(text: str, values: dict[str, str]) -> tuple[str, list[str]]:
    """The text with its placeholders filled; and the unknown placeholder names."""
    mapping = _Values(values)
    out = []
    for literal, name, spec, conversion in string.Formatter().parse(text):
        out.append(literal)
        if name is not None:
            if name and (spec or conversion or not name.isidentifier()):
                out.append("{" + name + (f"!{conversion}" if conversion else "")
                           + (f":{spec}" if spec else "") + "}")  # left as written
            else:
                out.append(mapping[name] if name else "{}")
    return "".join(out), mapping.unknown


def values_for(store: Store, deal_id: int | None = None,
               contact_id: int | None = None) -> dict[str, str]:
    values = dict.fromkeys(PLACEHOLDERS, "")
    values["my_name"] = q.my_name(store)
    deal = q.deal_facts(store, deal_id) if deal_id is not None else None
    if deal_id is not None and deal is None:
        raise MailError("that deal no longer exists")
    if deal is not None:
        contact_id = contact_id or deal["contact_id"]
        values.update(deal=deal["title"], stage=deal["stage"], company=deal["company"],
                      value=numbers_for(store).money(deal["value_minor"], deal["currency"]),
                      next_step=deal["next_step"], next_step_due=deal["next_step_due"] or "",
                      campaign=deal["campaign"])
    contact = q.contact_facts(store, contact_id) if contact_id is not None else None
    if contact is not None:
        values.update(first_name=contact["first_name"], last_name=contact["last_name"],
                      full_name=f"{contact['first_name']} {contact['last_name']}".strip(),
                      email=contact["email"], job_title=contact["job_title"])
        values["company"] = values["company"] or contact["company"]
        values["campaign"] = values["campaign"] or contact["campaign"]
    return values


def best_template(store: Store, deal_id: int | None = None,
                  contact_id: int | None = None) -> Row | None:
    """The deal's stage template, else the source campaign's, else a general one."""
    rows = q.templates(store)
    deal = q.deal_facts(store, deal_id) if deal_id is not None else None
    contact = q.contact_facts(store, contact_id) if contact_id is not None else None
    stage = deal["stage_id"] if deal else None
    campaign = (deal["source_campaign_id"] if deal else None) or (
        contact["source_campaign_id"] if contact else None)
    for test in (lambda r: stage is not None and r["stage_id"] == stage,
                 lambda r: campaign is not None and r["campaign_id"] == campaign,
                 lambda r: r["stage_id"] is None and r["campaign_id"] is None):
        found = next((r for r in rows if test(r)), None)
        if found is not None:
            return found
    return rows[0] if rows else None


def compose(store: Store, template_id: int, deal_id: int | None = None,
            contact_id: int | None = None) -> Email:
    template = store.get("mail_templates", template_id)
    if template is None:
        raise MailError("that template no longer exists")
    values = values_for(store, deal_id, contact_id)
    subject, unknown = fill(template["subject"], values)
    body, more = fill(template["body"], values)
    return Email(values["email"], subject, body, unknown + [u for u in more if u not in unknown])


def log_email(store: Store, email: Email, now: datetime, deal_id: int | None = None,
              contact_id: int | None = None) -> Changes:
    """The email activity on the deal (and its contact) or the contact."""
    summary = f"Email: {email.subject}" if email.subject else "Email written"
    return log_activity(store, "email", summary, now, now, deal_id=deal_id,
                        contact_id=contact_id)


# -- the templates themselves --------------------------------------------------------------

def _check(values: dict[str, Any]) -> dict[str, Any]:
    name = str(values.get("name", "")).strip()
    if not name:
        raise MailError("a template needs a name")
    if len(name) > MAX_NAME:
        raise MailError(f"a name is at most {MAX_NAME} characters")
    return {"name": name, "subject": str(values.get("subject", "")),
            "body": str(values.get("body", "")), "stage_id": values.get("stage_id"),
            "campaign_id": values.get("campaign_id")}


def save_template(store: Store, values: dict[str, Any],
                  template_id: int | None = None) -> Changes:
    clean = _check(values)
    clash = q.template_named(store, clean["name"], other_than=template_id)
    if clash is not None:
        raise MailError(f"there is already a template named {clean['name']!r}")
    stamp = to_iso(now_utc())
    with store.step("Save mail template") as step:
        if template_id is None:
            step.insert("mail_templates", {**clean, "created_at": stamp, "updated_at": stamp})
        else:
            step.update("mail_templates", template_id, clean)
    return step.summary


def delete_template(store: Store, template_id: int) -> Changes:
    with store.step("Delete mail template") as step:
        step.delete("mail_templates", template_id)
    return step.summary
