"""The nurture segment: contacts sales marked "interested, not now" (lifecycle
'nurture'). Marketing owns them; a campaign targets them with
audience_segment='nurture'. Seed 001: leads nobody keeps attending to drop out,
so the campaign list counts those with no touch in the last 60 days.

Touched means: the contact was in the audience of a done touch of a campaign
targeting them (the nurture segment, or a tag they carry), had an activity
logged, or carries a `last_touched_at`, within the window.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sm_desk.core.clock import now_utc, to_iso
from sm_desk.core.marketing.calendar import expand_touches, reaching
from sm_desk.core.marketing.campaigns import NURTURE_SEGMENT
from sm_desk.core.store import Store
from sm_desk.core.store import marketing as q

STALE_AFTER_DAYS = 60


@dataclass
class NurtureStatus:
    stale_total: int  # nurture contacts with no touch in the window
    by_campaign: dict[int, int] = field(default_factory=dict)  # stale ones in each audience


def nurture_status(store: Store, now: datetime | None = None,
                   days: int = STALE_AFTER_DAYS) -> NurtureStatus:
    now = now or now_utc()
    since = now - timedelta(days=days)
    targeting = q.targeting_campaigns(store)
    touched_campaigns = _campaigns_with_done_touch(store, [c["id"] for c in targeting], since, now)
    segment_touched = any(c["audience_segment"] == NURTURE_SEGMENT and c["id"] in touched_campaigns
                          for c in targeting)
    touched_tags = sorted({c["audience_tag_id"] for c in targeting
                           if c["audience_tag_id"] is not None and c["id"] in touched_campaigns})
    total, by_tag = q.stale_nurture(store, to_iso(since), touched_tags, segment_touched)
    by_campaign = {}
    for c in targeting:
        if c["audience_segment"] == NURTURE_SEGMENT:
            by_campaign[c["id"]] = total
        elif c["audience_tag_id"] is not None:
            by_campaign[c["id"]] = by_tag.get(c["audience_tag_id"], 0)
    return NurtureStatus(total, by_campaign)


def _campaigns_with_done_touch(store: Store, campaign_ids: list[int], since: datetime,
                               now: datetime) -> set[int]:
    done = q.campaigns_with_done_touch(store, campaign_ids, to_iso(since), to_iso(now))
    left = [c for c in campaign_ids if c not in done]
    if left:  # only the series that can reach the window are expanded
        for o in expand_touches(store, reaching(store, since, now, left), since, now):
            # a past occurrence of a series counts when done (the series or the occurrence)
            if o.status == "done" and o.start <= now:
                done.add(o.campaign_id or 0)
    return done
