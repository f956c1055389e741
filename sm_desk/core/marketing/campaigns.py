"""Campaigns: create, edit, archive. Validation names the field and the reason."""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

from sm_desk.core.clock import now_utc, to_iso
from sm_desk.core.domain import CAMPAIGN_STATUSES, Campaign
from sm_desk.core.store import Changes, Store
from sm_desk.core.store.trash import delete_to_trash, removed_ids

NURTURE_SEGMENT = "nurture"
SEGMENTS = (NURTURE_SEGMENT,)
COLOUR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
FIELDS = ("name", "objective", "audience_tag_id", "audience_segment", "channels",
          "budget_minor", "currency", "start_date", "end_date", "status", "colour", "archived")


class CampaignError(ValueError):
    """A campaign that cannot be saved; the message says which field and why."""


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise CampaignError(f"unknown campaign field(s): {', '.join(sorted(unknown))}")
    row = dict(values)
    if "name" in row:
        row["name"] = str(row["name"]).strip()
        if not row["name"]:
            raise CampaignError("a campaign needs a name")
    if "status" in row and row["status"] not in CAMPAIGN_STATUSES:
        raise CampaignError(f"status must be one of {', '.join(CAMPAIGN_STATUSES)}")
    budget = row.get("budget_minor", 0)
    if not isinstance(budget, int) or budget < 0:
        raise CampaignError("the budget must be a whole, non-negative number of cents")
    if "colour" in row and not COLOUR_RE.match(str(row["colour"])):
        raise CampaignError("the colour must look like #4e79a7")
    if row.get("audience_segment") not in (None, *SEGMENTS):
        raise CampaignError(f"unknown audience segment {row['audience_segment']!r}")
    if row.get("audience_segment"):
        row["audience_tag_id"] = None  # one audience: the segment or a tag
    if "channels" in row and not isinstance(row["channels"], str):
        row["channels"] = json.dumps([str(c).strip() for c in row["channels"] if str(c).strip()])
    for key in ("start_date", "end_date"):
        if row.get(key):
            try:
                row[key] = date.fromisoformat(str(row[key])).isoformat()
            except ValueError as exc:
                raise CampaignError(f"{key.replace('_', ' ')} is not a date (YYYY-MM-DD)") from exc
        elif key in row:
            row[key] = None
    if row.get("start_date") and row.get("end_date") and row["end_date"] < row["start_date"]:
        raise CampaignError("the campaign ends before it starts")
    return row


def create_campaign(store: Store, values: dict[str, Any]) -> Changes:
    row = _clean(values)
    if not row.get("name"):
        raise CampaignError("a campaign needs a name")
    stamp = to_iso(now_utc())
    with store.step(f"New campaign {row['name']}") as step:
        step.insert("campaigns", {**row, "created_at": stamp, "updated_at": stamp})
    return step.summary


def update_campaign(store: Store, campaign_id: int, values: dict[str, Any]) -> Changes:
    before = store.get("campaigns", campaign_id)
    if before is None:
        raise CampaignError(f"campaign {campaign_id} does not exist")
    row = _clean(values)
    merged = {**before, **row}
    if merged.get("start_date") and merged.get("end_date") and \
            merged["end_date"] < merged["start_date"]:
        raise CampaignError("the campaign ends before it starts")
    with store.step(f"Edit campaign {merged['name']}") as step:
        step.update("campaigns", campaign_id, row)
    return step.summary


def archive_campaign(store: Store, campaign_id: int, archived: bool = True) -> Changes:
    """Archive (or bring back) a campaign: its touches stay, it leaves the lists."""
    row = store.get("campaigns", campaign_id)
    if row is None:
        raise CampaignError(f"campaign {campaign_id} does not exist")
    label = "Archive" if archived else "Restore"
    with store.step(f"{label} campaign {row['name']}") as step:
        step.update("campaigns", campaign_id, {"archived": int(archived)})
    return step.summary


def delete_campaign(store: Store, campaign_id: int) -> Changes:
    """Delete a campaign with its touches (to the trash); its leads and deals stay."""
    from sm_desk.core.tasks.rules import sync_touch

    row = store.get("campaigns", campaign_id)
    if row is None:
        raise CampaignError(f"campaign {campaign_id} does not exist")
    with store.step(f"Delete campaign {row['name']}") as step:
        trash_id = delete_to_trash(step, "campaigns", campaign_id)
        for touch_id in removed_ids(store, trash_id, "touches"):
            sync_touch(step, touch_id)
    return step.summary


def get_campaign(store: Store, campaign_id: int) -> Campaign | None:
    row = store.get("campaigns", campaign_id)
    return None if row is None else Campaign.from_row(row)


def new_id(changes: Changes, table: str) -> int:
    """The id a create step wrote into `table` (the lowest when it wrote several)."""
    ids = changes.rows.get(table)
    if not ids:
        raise LookupError(f"the step wrote no {table}")
    return min(ids)
