"""Marketing core: campaigns, touches, recurrence caps, moved/skipped occurrences, undo, nurture."""

from __future__ import annotations

import time as _time
from datetime import UTC, date, datetime, timedelta

import pytest

from sm_desk.core.clock import to_iso
from sm_desk.core.marketing.calendar import occurrences
from sm_desk.core.marketing.campaigns import (
    CampaignError,
    archive_campaign,
    create_campaign,
    new_id,
    update_campaign,
)
from sm_desk.core.marketing.nurture import nurture_status
from sm_desk.core.marketing.recurrence import RecurrenceError, expand, normalise_rule
from sm_desk.core.marketing.touches import (
    TouchError,
    create_touch,
    delete_touch,
    move_to_day,
    set_occurrence_status,
    update_touch,
)
from sm_desk.core.store import Store

NOV = (datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 12, 1, tzinfo=UTC))


def _campaign(store: Store, **extra: object) -> int:
    return new_id(create_campaign(store, {"name": "Spring push", "budget_minor": 150000,
                                          "colour": "#e15759", **extra}), "campaigns")


def _weekly(store: Store, campaign_id: int | None = None, rule: str = "FREQ=WEEKLY;COUNT=6") -> int:
    return new_id(create_touch(store, {
        "title": "Newsletter", "kind": "newsletter", "campaign_id": campaign_id,
        "starts_at": "2026-11-03T09:00:00Z", "rrule": rule}), "touches")


def test_campaign_create_edit_archive_and_refusals(store: Store) -> None:
    cid = _campaign(store, channels=["email", " ", "linkedin"])
    row = store.get("campaigns", cid)
    assert row is not None and row["budget_minor"] == 150000 and row["channels"] == '["email", "linkedin"]'
    update_campaign(store, cid, {"status": "active", "audience_segment": "nurture"})
    assert store.get("campaigns", cid)["audience_segment"] == "nurture"  # type: ignore[index]
    archive_campaign(store, cid)
    assert store.get("campaigns", cid)["archived"] == 1  # type: ignore[index]
    with pytest.raises(CampaignError, match="ends before it starts"):
        update_campaign(store, cid, {"start_date": "2026-12-01", "end_date": "2026-11-01"})
    with pytest.raises(CampaignError, match="colour"):
        create_campaign(store, {"name": "x", "colour": "red"})
    with pytest.raises(CampaignError, match="name"):
        create_campaign(store, {"name": "  "})


def test_weekly_series_expands_only_within_range(store: Store) -> None:
    tid = _weekly(store)
    found = occurrences(store, *NOV)
    assert [o.start.day for o in found] == [3, 10, 17, 24]
    assert all(o.touch_id == tid and o.recurring for o in found)
    dec = occurrences(store, datetime(2026, 12, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC))
    assert [o.start.day for o in dec] == [1, 8]  # COUNT=6 ends the series


def test_absurd_rules_are_refused_and_endless_ones_capped(store: Store) -> None:
    with pytest.raises(TouchError, match="COUNT=1000000000"):
        _weekly(store, rule="FREQ=DAILY;COUNT=1000000000")
    with pytest.raises(RecurrenceError, match="more often than hourly"):
        normalise_rule("FREQ=SECONDLY")
    with pytest.raises(RecurrenceError):
        normalise_rule("FREQ=WEEKLY;BYDAY=XX")
    started = _time.perf_counter()
    many = expand("FREQ=DAILY", datetime(2000, 1, 1), "UTC", False,
                  datetime(2000, 1, 1), datetime(2100, 1, 1))
    assert len(many) == 5000 and _time.perf_counter() - started < 2
    with pytest.raises(RecurrenceError, match="never gives a date"):
        normalise_rule("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30")


def test_move_and_skip_one_occurrence_then_undo(store: Store) -> None:
    tid = _weekly(store)
    second = occurrences(store, *NOV)[1]
    move_to_day(store, second, date(2026, 11, 12))
    days = [(o.start.day, o.moved) for o in occurrences(store, *NOV)]
    assert days == [(3, False), (12, True), (17, False), (24, False)]
    assert store.get("touches", tid)["starts_at"] == "2026-11-03T09:00:00Z"  # type: ignore[index]
    set_occurrence_status(store, tid, to_iso(datetime(2026, 11, 17, 9, tzinfo=UTC)), "skipped")
    assert [o.start.day for o in occurrences(store, *NOV, include_skipped=False)] == [3, 12, 24]
    assert store.undo_label == "Skip Newsletter"
    store.undo()
    store.undo()
    assert [o.start.day for o in occurrences(store, *NOV)] == [3, 10, 17, 24]
    assert store.scalar("SELECT count(*) FROM touch_occurrences") == 0


def test_moved_occurrence_shows_in_the_range_it_moved_into(store: Store) -> None:
    _weekly(store)
    last_nov = occurrences(store, *NOV)[-1]
    move_to_day(store, last_nov, date(2026, 12, 30))
    dec = occurrences(store, datetime(2026, 12, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC))
    assert [o.start.day for o in dec] == [1, 8, 30]
    # moving it back to where the rule puts it removes the override
    move_to_day(store, dec[-1], date(2026, 11, 24))
    assert store.scalar("SELECT count(*) FROM touch_occurrences") == 0


def test_one_off_touch_drag_keeps_time_and_edit_drops_orphan_overrides(store: Store) -> None:
    tid = new_id(create_touch(store, {"title": "Booth at Expo", "kind": "event",
                                      "starts_at": "2026-11-05T14:30:00Z"}), "touches")
    move_to_day(store, occurrences(store, *NOV)[0], date(2026, 11, 19))
    moved = datetime.fromisoformat(store.get("touches", tid)["starts_at"])  # type: ignore[index]
    assert moved.astimezone().date() == date(2026, 11, 19)  # the day it was dropped on, here
    sid = _weekly(store)
    set_occurrence_status(store, sid, "2026-11-10T09:00:00Z", "done")
    update_touch(store, sid, {"rrule": "FREQ=MONTHLY;COUNT=3"})
    assert store.scalar("SELECT count(*) FROM touch_occurrences") == 0
    delete_touch(store, sid)
    assert store.get("touches", sid) is None
    store.undo()
    assert store.get("touches", sid) is not None


def test_filters_by_campaign_and_kind(store: Store) -> None:
    a, b = _campaign(store), _campaign(store, name="Autumn")
    _weekly(store, a)
    create_touch(store, {"title": "Gift box", "kind": "gift", "campaign_id": b,
                         "starts_at": "2026-11-06T00:00:00Z", "all_day": True})
    assert {o.kind for o in occurrences(store, *NOV, campaign_ids=[b])} == {"gift"}
    assert len(occurrences(store, *NOV, kinds=["newsletter"])) == 4
    gift = occurrences(store, *NOV, kinds=["gift"])[0]
    assert gift.all_day and gift.day() == date(2026, 11, 6) and gift.colour == "#e15759"


def test_nurture_stale_count_follows_done_touches_and_activities(store: Store) -> None:
    now = datetime(2026, 11, 23, 12, tzinfo=UTC)
    stamp = to_iso(now - timedelta(days=200))
    with store.step("contacts") as step:
        ids = [step.insert("contacts", {"first_name": f"N{i}", "lifecycle": "nurture",
                                        "created_at": stamp, "updated_at": stamp})
               for i in range(3)]
        step.insert("contacts", {"first_name": "Lead", "lifecycle": "lead",
                                 "created_at": stamp, "updated_at": stamp})
        tag = step.insert("tags", {"name": "Dentists"})
        step.insert("contact_tags", {"contact_id": ids[0], "tag_id": tag})
        step.insert("activities", {"kind": "call", "at": to_iso(now - timedelta(days=5)),
                                   "contact_id": ids[1], "created_at": stamp})
    seg = _campaign(store, name="Nurture letter", audience_segment="nurture")
    tagged = _campaign(store, name="Dentists", audience_tag_id=tag)
    status = nurture_status(store, now)
    assert status.stale_total == 2 and status.by_campaign == {seg: 2, tagged: 1}
    create_touch(store, {"title": "Dentist mailing", "kind": "mailing", "campaign_id": tagged,
                         "starts_at": to_iso(now - timedelta(days=10)), "status": "done"})
    assert nurture_status(store, now).stale_total == 1
    # a done occurrence of the segment's weekly newsletter touches every nurture contact
    create_touch(store, {"title": "Letter", "kind": "newsletter", "campaign_id": seg,
                         "starts_at": to_iso(now - timedelta(days=90)),
                         "rrule": "FREQ=WEEKLY", "status": "done"})
    assert nurture_status(store, now).stale_total == 0
