"""Take everything with you: one folder with every record, in files other tools import.

contacts.csv, companies.csv and deals.csv use the column names HubSpot's importer maps
by itself (and Pipedrive's offers in its mapping step); the calendar is an .ics file any
calendar reads; campaigns, tasks and activities are plain CSV; README.txt says which
file goes where. Our own importers read contacts.csv and calendar.ics back with nothing
lost. Every cell a spreadsheet would run as a formula is neutralised.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sm_desk.core.atomic_write import replacing, write_bytes, write_text
from sm_desk.core.money import plain_amount
from sm_desk.core.store import Store
from sm_desk.core.store import export_all as q
from sm_desk.core.store.undo import Row
from sm_desk.io.csv_export import export_contacts, neutralise

# Our contact export's headers -> the names HubSpot maps on its own (Pipedrive: see README).
CONTACT_HEADERS = {"First name": "First Name", "Last name": "Last Name", "Email": "Email",
                   "Phone": "Phone Number", "Company": "Company Name",
                   "Job title": "Job Title", "Lifecycle": "Lifecycle Stage", "Tags": "Labels",
                   "Notes": "Notes", "Source campaign": "Source Campaign"}


class ExportError(ValueError):
    """The folder cannot take the export (not empty, not a folder)."""


@dataclass
class ExportReport:
    folder: Path
    files: dict[str, int] = field(default_factory=dict)  # file name -> records
    copied: dict[str, int] = field(default_factory=dict)  # data/: table -> rows

    def lines(self) -> list[str]:
        return [f"{name}: {count:,} records" for name, count in self.files.items()]


Column = tuple[str, Callable[[Row], Any]]


def _amount(minor: int | None, currency: str = "") -> str:
    """'1234.50', '1235' (JPY): plain, so any spreadsheet and our own import read it."""
    return "" if minor is None else plain_amount(int(minor), currency)


def _yes(value: Any) -> str:
    return "yes" if value else "no"


COMPANY_COLUMNS: Sequence[Column] = (
    ("Company Name", lambda r: r["name"]), ("Website URL", lambda r: r["website"]),
    ("Industry", lambda r: r["industry"]), ("Description", lambda r: r["notes"]))

DEAL_COLUMNS: Sequence[Column] = (
    ("Deal Name", lambda r: r["title"]), ("Deal Stage", lambda r: r["stage"]),
    ("Pipeline", lambda r: "SM Desk"), ("Amount", lambda r: _amount(r["value_minor"], r["currency"])),
    ("Currency", lambda r: r["currency"]),
    ("Deal Probability", lambda r: "" if r["probability"] is None else r["probability"]),
    ("Close Date", lambda r: r["expected_close"] or ""),
    ("Next Step", lambda r: r["next_step"]), ("Next Step Due", lambda r: r["next_step_due"] or ""),
    ("Contact Name", lambda r: r["contact_name"]), ("Email", lambda r: r["contact_email"]),
    ("Company Name", lambda r: r["company_name"]),
    ("Source Campaign", lambda r: r["campaign_name"]), ("Deal Owner", lambda r: r["owner_name"]),
    ("Status", lambda r: {"won": "won", "lost": "lost"}.get(r["outcome"], "open")),
    ("Lost Reason", lambda r: r["lost_reason"] or ""), ("Nurture", lambda r: _yes(r["nurture"])),
    ("Closed At", lambda r: r["closed_at"] or ""), ("Invoiced At", lambda r: r["invoiced_at"] or ""),
    ("Invoice Due", lambda r: r["invoice_due"] or ""), ("Paid At", lambda r: r["paid_at"] or ""),
    ("Vision", lambda r: _yes(r["vision"])), ("Budget", lambda r: _yes(r["budget"])),
    ("Need", lambda r: _yes(r["need"])), ("Authority", lambda r: _yes(r["authority"])),
    ("Timeframe", lambda r: _yes(r["timeframe"])), ("Notes", lambda r: r["notes"]),
    ("Create Date", lambda r: r["created_at"]),
    ("Last Activity Date", lambda r: r["last_activity_at"] or ""))

CAMPAIGN_COLUMNS: Sequence[Column] = (
    ("Campaign Name", lambda r: r["name"]), ("Objective", lambda r: r["objective"]),
    ("Audience", lambda r: r["audience_tag"] or r.get("audience_segment") or ""),
    ("Channels", lambda r: "; ".join(json.loads(r["channels"] or "[]"))),
    ("Budget", lambda r: _amount(r["budget_minor"], r["currency"])), ("Currency", lambda r: r["currency"]),
    ("Start Date", lambda r: r["start_date"] or ""), ("End Date", lambda r: r["end_date"] or ""),
    ("Status", lambda r: r["status"]), ("Colour", lambda r: r["colour"]),
    ("Archived", lambda r: _yes(r["archived"])))

TASK_COLUMNS: Sequence[Column] = (
    ("Subject", lambda r: r["title"]), ("Due Date", lambda r: r["due"] or ""),
    ("Status", lambda r: r["status"]), ("Done", lambda r: _yes(r["status"] == "done")),
    ("Function", lambda r: r["function"] or ""), ("Assigned To", lambda r: r["assignee"]),
    ("Related To", lambda r: f"{r['origin_type']}: {r['origin_name'] or ''}"
     if r["origin_type"] else ""),
    ("Rule", lambda r: r["rule"] or ""), ("Note", lambda r: r["notes"]),
    ("Created At", lambda r: r["created_at"]), ("Done At", lambda r: r["done_at"] or ""))

ACTIVITY_COLUMNS: Sequence[Column] = (
    ("Type", lambda r: r["kind"]), ("Date", lambda r: r["at"]),
    ("Note", lambda r: r["summary"]), ("Deal Title", lambda r: r["deal_title"]),
    ("Person Name", lambda r: r["contact_name"]), ("Email", lambda r: r["contact_email"]))


def _write(path: Path, columns: Sequence[Column], rows: Sequence[Row]) -> int:
    with replacing(path) as tmp, open(tmp, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([name for name, _ in columns])
        for row in rows:
            writer.writerow([neutralise(str(get(row))) for _, get in columns])
    return len(rows)


def _contacts(store: Store, path: Path) -> int:
    """Our own contact export (so every field it writes comes along), headers renamed."""
    count = export_contacts(store, path)
    text = path.read_bytes().decode("utf-8")
    header, newline, body = text.partition("\r\n")
    names = next(csv.reader([header]))
    out = [CONTACT_HEADERS.get(n, n) for n in names]
    line = ",".join(f'"{n}"' if any(c in n for c in ',"\n') else n for n in out)
    write_text(path, line + newline + body)
    return count


def check_folder(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise ExportError(f"{folder} is a file, not a folder")
    if folder.is_dir() and any(folder.iterdir()):
        raise ExportError(f"{folder} is not empty: choose a new or empty folder, so "
                          "nothing already there is overwritten")
    if not folder.parent.is_dir():
        raise ExportError(f"the folder {folder.parent} does not exist")


def export_all(store: Store, folder: str | Path) -> ExportReport:
    """Write everything into `folder` (created if missing; refused if not empty)."""
    from sm_desk.io.ics import export_ics

    target = Path(folder).expanduser()
    check_folder(target)
    target.mkdir(exist_ok=True)
    report = ExportReport(target)
    report.files["contacts.csv"] = _contacts(store, target / "contacts.csv")
    report.files["companies.csv"] = _write(target / "companies.csv", COMPANY_COLUMNS,
                                           q.companies(store))
    report.files["deals.csv"] = _write(target / "deals.csv", DEAL_COLUMNS, q.deals(store))
    data, touches = export_ics(store)
    write_bytes(target / "calendar.ics", data)
    report.files["calendar.ics"] = touches
    report.files["campaigns.csv"] = _write(target / "campaigns.csv", CAMPAIGN_COLUMNS,
                                           q.campaigns(store))
    report.files["tasks.csv"] = _write(target / "tasks.csv", TASK_COLUMNS, q.tasks(store))
    report.files["activities.csv"] = _write(target / "activities.csv", ACTIVITY_COLUMNS,
                                            q.activities(store))
    from sm_desk.io.full_copy import write_copy

    report.copied = write_copy(store, target)
    write_text(target / "README.txt", readme(report))
    return report


def readme(report: ExportReport) -> str:
    counts = "\n".join(f"  {name:<16} {count:>8,} records" for name, count in report.files.items())
    return f"""Everything from SM Desk, exported so you can take it anywhere.

{counts}

All CSV files are UTF-8 with a header row. A cell that starts with = + - or @ got an
apostrophe in front, so a spreadsheet shows it instead of running it as a formula.
Amounts are plain numbers with a dot for decimals (1234.50); dates are YYYY-MM-DD and
times ISO 8601 in UTC (2026-11-23T09:00:00Z).

WHICH FILE GOES WHERE

contacts.csv    People. HubSpot: Contacts > Import; First Name, Last Name, Email, Phone
                Number, Company Name, Job Title and Lifecycle Stage map by themselves
                (HubSpot knows the lifecycle values subscriber, lead and customer; map
                prospect, nurture and lost by hand or leave the column out). Pipedrive:
                Import data > From a spreadsheet > People: map First Name, Last Name,
                Email, Phone Number, Company Name (Organization - Name) and Labels
                (Person - Labels). Zoho Bigin, Twenty, EspoCRM: import as contacts.
                SM Desk: File > Import contacts (or `sm-desk import contacts`).
companies.csv   Organisations. HubSpot: Companies > Import (Company Name, Website URL,
                Industry, Description). Pipedrive: Organizations (Name, Website).
deals.csv       Deals, one per row, with the contact's Email and the Company Name to link
                them. HubSpot: Deals > Import (Deal Name, Deal Stage, Pipeline, Amount,
                Close Date, Deal Owner). Pipedrive: Deals (Title = Deal Name, Value =
                Amount, Currency, Stage = Deal Stage, Expected close date = Close Date,
                Person - Name = Contact Name, Organization - Name = Company Name).
                Create the stages first with the names in the Deal Stage column.
calendar.ics    The marketing calendar (touches, repeats, moved and skipped dates):
                Google Calendar, Outlook, Apple Calendar, Thunderbird: import the file.
                SM Desk: File > Import calendar (or `sm-desk import ics`).
campaigns.csv   Campaigns with objective, audience, channels, budget and dates.
tasks.csv       Tasks (Subject, Due Date, Done, Assigned To, Related To). Pipedrive:
                Activities; HubSpot: Tasks.
activities.csv  The activity log: calls, emails, meetings and notes, with the deal and
                the person. Pipedrive: Activities or Notes; HubSpot: Notes/Calls.

data/           THE WHOLE BUSINESS, one CSV per table ({len(report.copied)} tables, every
                column, ids included so links come back as they were): custom fields and
                their values on every record, insights, collateral, hand-offs,
                assessments, the agreement and settings, people, stages, saved views,
                mail templates, touches with their wall-clock start and zone, and the
                rest. An empty cell is empty text; \\N is no value. data/manifest.json
                lists the tables in the order they go back in.

To move into another SM Desk: `sm-desk --db NEW.db import all THIS-FOLDER` rebuilds
everything in data/ into a new, empty file. Without data/, import calendar.ics first
(it brings the campaigns its touches belong to), then contacts.csv (their source
campaigns then match).
"""
