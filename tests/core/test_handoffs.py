"""Insights, collateral and hunting grounds with fixed dates: counts over 30/90 days and
the unanswered marks, collateral suggested by stage and by objection, sending it logs
the activity, and the segment ranking orders the leads."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from sm_desk.core.handoffs import collateral as ammo
from sm_desk.core.handoffs import hunting
from sm_desk.core.handoffs.insights import (
    FREQUENT_AT,
    InsightError,
    insight_groups,
    insights_of,
    log_insight,
    normalise_tags,
    set_answer,
)
from sm_desk.core.sales.deals import create_deal, move_deal, new_id
from sm_desk.core.store import Store
from tests.touch_rows import timed

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
STAMP = "2026-11-01T09:00:00Z"


def add_contact(store: Store, name: str, tags: tuple[str, ...] = (), lifecycle: str = "lead",
                created_at: str = STAMP, **extra: Any) -> int:
    with store.step("Add contact") as step:
        contact_id = step.insert("contacts", {
            "first_name": name, "last_name": "Test", "email": f"{name.lower()}@example.com",
            "lifecycle": lifecycle, "created_at": created_at, "updated_at": created_at, **extra})
        for tag in tags:
            tag_id = store.scalar("SELECT id FROM tags WHERE name = ?", [tag])
            if tag_id is None:
                tag_id = step.insert("tags", {"name": tag})
            step.insert("contact_tags", {"contact_id": contact_id, "tag_id": tag_id})
    return contact_id


def tag_id(store: Store, name: str) -> int:
    return int(store.scalar("SELECT id FROM tags WHERE name = ?", [name]))


def stage_id(store: Store, name: str) -> int:
    return int(store.scalar("SELECT id FROM stages WHERE name = ?", [name]))


def add_deal(store: Store, title: str, contact_id: int | None = None,
             stage: str = "Interested") -> int:
    return new_id(create_deal(store, {"title": title, "contact_id": contact_id}, NOW,
                              stage_id=stage_id(store, stage)))


def add_touch(store: Store, title: str, starts_at: str = "2026-03-12T10:00:00Z") -> int:
    with store.step("Add touch") as step:
        return step.insert("touches", {"kind": "blog_post", "title": title,
                                       **timed(starts_at), "uid": title,
                                       "created_at": STAMP, "updated_at": STAMP})


def heard(days_ago: int) -> datetime:
    return NOW - timedelta(days=days_ago)


# -- insights ------------------------------------------------------------------------------

def test_tags_are_normalised() -> None:
    assert normalise_tags(" Price, setup  time,price,, ") == ["price", "setup-time"]


def test_insight_needs_a_source_and_words(store: Store) -> None:
    deal = add_deal(store, "Website")
    with pytest.raises(InsightError, match="what the customer said"):
        log_insight(store, "objection", "  ", NOW, deal_id=deal)
    with pytest.raises(InsightError, match="deal, a contact or an activity"):
        log_insight(store, "objection", "Too dear", NOW)
    with pytest.raises(InsightError, match="not a kind"):
        log_insight(store, "rant", "Too dear", NOW, deal_id=deal)


def test_insight_from_an_activity_takes_its_deal_and_contact(store: Store) -> None:
    from sm_desk.core.sales.activities import log_activity

    contact = add_contact(store, "Ada")
    deal = add_deal(store, "Website", contact)
    activity = min(log_activity(store, "call", "Discovery", NOW, NOW,
                                deal_id=deal).rows["activities"] or [])
    log_insight(store, "question", "Do you integrate with Shopify?", NOW,
                activity_id=activity, tags="integration")
    row = store.query_one("SELECT * FROM insights")
    assert row is not None
    assert (row["deal_id"], row["contact_id"], row["activity_id"]) == (deal, contact, activity)


def test_counts_over_30_and_90_days_and_the_unanswered_mark(store: Store) -> None:
    deal = add_deal(store, "Website")
    for days in (1, 10, 45):  # two in 30 days, three in 90: a pattern
        log_insight(store, "objection", f"Too expensive ({days})", NOW, deal_id=deal,
                    tags="price", heard_at=heard(days))
    log_insight(store, "objection", "Too expensive (old)", NOW, deal_id=deal, tags="price",
                heard_at=heard(120))  # outside 90 days
    log_insight(store, "praise", "Lovely support", NOW, deal_id=deal, tags="support",
                heard_at=heard(2))
    log_insight(store, "question", "Untagged question", NOW, deal_id=deal, heard_at=heard(3))

    groups = {(g.kind, g.tag): g for g in insight_groups(store, TODAY)}
    price = groups[("objection", "price")]
    assert (price.last_30, price.last_90, price.total, price.unanswered) == (2, 3, 4, 4)
    assert FREQUENT_AT == 3 and price.stands_out
    assert not groups[("praise", "support")].stands_out  # heard once
    for days in (4, 5):
        log_insight(store, "praise", "Lovely support", NOW, deal_id=deal, tags="support",
                    heard_at=heard(days))
    assert not {(g.kind, g.tag): g for g in insight_groups(store, TODAY)}[
        ("praise", "support")].stands_out  # frequent, but praise needs no answer
    assert groups[("question", "")].last_30 == 1  # untagged insights have their own group
    assert insight_groups(store, TODAY)[0].tag == "price"  # standing out comes first

    touch = add_touch(store, "Pricing FAQ")
    price_ids = [r["id"] for r in insights_of(store, "objection", "price")]
    set_answer(store, price_ids, NOW, touch_id=touch)
    price = {(g.kind, g.tag): g for g in insight_groups(store, TODAY)}[("objection", "price")]
    assert price.unanswered == 0 and not price.stands_out
    assert insights_of(store, "objection", "price")[0]["answered_by"] == \
        "Blog post “Pricing FAQ” of 12 Mar 2026"

    log_insight(store, "objection", "Still too expensive", NOW, deal_id=deal, tags="price")
    assert {(g.kind, g.tag): g for g in insight_groups(store, TODAY)}[
        ("objection", "price")].stands_out  # a new unanswered one after the answer


def test_quotes_come_newest_first_with_their_deal(store: Store) -> None:
    first = add_deal(store, "Bakery website")
    second = add_deal(store, "Dental signage")
    log_insight(store, "need", "We need online booking", NOW, deal_id=first, tags="booking",
                heard_at=heard(5))
    log_insight(store, "need", "Booking must work on phones", NOW, deal_id=second,
                tags="booking", heard_at=heard(1))
    rows = insights_of(store, "need", "booking")
    assert [(r["quote"], r["deal"]) for r in rows] == [
        ("Booking must work on phones", "Dental signage"),
        ("We need online booking", "Bakery website")]


def test_answer_is_undoable_and_can_be_a_campaign(store: Store) -> None:
    deal = add_deal(store, "Website")
    insight = min(log_insight(store, "competitor", "Wix is cheaper", NOW, deal_id=deal,
                              tags="wix").rows["insights"] or [])
    with store.step("Campaign") as step:
        campaign = step.insert("campaigns", {"name": "Why not DIY", "created_at": STAMP,
                                             "updated_at": STAMP})
    set_answer(store, [insight], NOW, campaign_id=campaign)
    assert insights_of(store)[0]["answered_by"] == "Campaign “Why not DIY”"
    store.undo()
    assert insights_of(store)[0]["answered_by"] == ""


# -- collateral ----------------------------------------------------------------------------

def make_library(store: Store) -> dict[str, int]:
    ids = {}
    for title, kind, stages, tags in (
            ("Price sheet 2026", "price_sheet", ["Negotiating"], "price"),
            ("Bakery case study", "case_study", ["Evaluating"], ""),
            ("Setup FAQ", "faq", [], "setup-time, price"),
            ("Team brochure", "brochure", ["Interested"], "")):
        changes = ammo.save_collateral(store, {"title": title, "kind": kind,
                                               "location": f"https://example.com/{kind}"}, NOW,
                                       stage_ids=[stage_id(store, s) for s in stages], tags=tags)
        ids[title] = min(changes.rows["collateral"] or [])
    return ids


def test_suggestions_follow_the_stage_and_the_logged_objections(store: Store) -> None:
    library = make_library(store)
    deal = add_deal(store, "Website", stage="Evaluating")
    assert [s.title for s in ammo.suggestions(store, deal)] == ["Bakery case study"]

    log_insight(store, "objection", "The setup takes too long", NOW, deal_id=deal,
                tags="setup-time")
    log_insight(store, "praise", "Love the price", NOW, deal_id=deal, tags="price")  # praise
    found = ammo.suggestions(store, deal)
    assert [s.title for s in found] == ["Setup FAQ", "Bakery case study"]
    assert found[0].answers == ["setup-time"] and found[0].why == "answers setup-time"

    move_deal(store, deal, stage_id(store, "Negotiating"), NOW)
    log_insight(store, "objection", "Too dear", NOW, deal_id=deal, tags="price")
    titles = [s.title for s in ammo.suggestions(store, deal)]
    # the FAQ answers two objections, the price sheet one and suits the stage
    assert titles == ["Setup FAQ", "Price sheet 2026"]
    assert library["Team brochure"] not in [s.id for s in ammo.suggestions(store, deal)]


def test_sending_logs_an_email_activity_and_counts_as_used(store: Store) -> None:
    library = make_library(store)
    contact = add_contact(store, "Bea")
    deal = add_deal(store, "Website", contact, stage="Negotiating")
    url = ammo.mailto_url(store, library["Price sheet 2026"], deal)
    assert url.startswith("mailto:bea@example.com?subject=Price%20sheet%202026&body=")
    assert "https%3A//example.com/price_sheet" in url

    unused_before = {r["title"] for r in ammo.unused_collateral(store, TODAY)}
    assert "Price sheet 2026" in unused_before
    ammo.send_collateral(store, library["Price sheet 2026"], deal, NOW)
    activity = store.query_one("SELECT * FROM activities WHERE deal_id = ?", [deal])
    assert activity is not None and activity["kind"] == "email"
    assert activity["summary"] == ("Sent price sheet “Price sheet 2026”: "
                                   "https://example.com/price_sheet")
    assert activity["contact_id"] == contact
    assert "Price sheet 2026" not in {r["title"] for r in ammo.unused_collateral(store, TODAY)}
    assert ammo.suggestions(store, deal)[0].last_sent == "2026-11-23T09:00:00Z"
    store.undo()  # one step: the activity and the send go together
    assert store.scalar("SELECT count(*) FROM activities") == 0
    assert store.scalar("SELECT count(*) FROM collateral_sends") == 0


def test_objections_with_no_collateral(store: Store) -> None:
    make_library(store)
    deal = add_deal(store, "Website")
    log_insight(store, "objection", "Too dear", NOW, deal_id=deal, tags="price")
    log_insight(store, "objection", "No Spanish version", NOW, deal_id=deal, tags="language")
    log_insight(store, "objection", "Only in English", NOW, deal_id=deal, tags="language")
    log_insight(store, "need", "Needs invoices", NOW, deal_id=deal, tags="invoicing")  # a need
    log_insight(store, "objection", "Old", NOW, deal_id=deal, tags="contract",
                heard_at=heard(200))
    gaps = ammo.objections_without_collateral(store, TODAY)
    assert [(g["tag"], g["n"]) for g in gaps] == [("language", 2)]


def test_collateral_edit_replaces_stages_and_tags(store: Store) -> None:
    library = make_library(store)
    faq = library["Setup FAQ"]
    ammo.save_collateral(store, {"title": "Setup FAQ v2", "kind": "faq", "location": "/faq.pdf"},
                         NOW, stage_ids=[stage_id(store, "Engaged")], tags="onboarding",
                         collateral_id=faq)
    row = ammo.collateral_list(store)
    faq_row = next(r for r in row if r["id"] == faq)
    assert (faq_row["title"], faq_row["stages"], faq_row["tags"]) == (
        "Setup FAQ v2", "Engaged", "onboarding")
    with pytest.raises(ammo.CollateralError, match="title"):
        ammo.save_collateral(store, {"title": " ", "kind": "faq"}, NOW)


# -- hunting grounds -----------------------------------------------------------------------

def test_ranking_orders_segments_and_moves(store: Store) -> None:
    for name in ("retail", "health", "hotels"):
        add_contact(store, name.title(), (name,))
    hunting.rank_segments(store, [(tag_id(store, "health"), "Dentists buy fast"),
                                  (tag_id(store, "retail"), "Big season ahead")], NOW)
    names = [(s["name"], s["rank"]) for s in hunting.segments(store)]
    assert names == [("health", 1), ("retail", 2), ("hotels", None)]
    hunting.move_segment(store, tag_id(store, "retail"), -1, NOW)
    hunting.set_ranked(store, tag_id(store, "hotels"), True, NOW, "Summer bookings")
    ranked = [(s["name"], s["rank"], s["reason"]) for s in hunting.segments(store)]
    assert ranked == [("retail", 1, "Big season ahead"), ("health", 2, "Dentists buy fast"),
                      ("hotels", 3, "Summer bookings")]
    hunting.set_ranked(store, tag_id(store, "retail"), False, NOW)
    assert [(s["name"], s["rank"]) for s in hunting.segments(store)] == [
        ("health", 1), ("hotels", 2), ("retail", None)]
    store.undo()
    assert hunting.segments(store)[0]["name"] == "retail"


def test_best_leads_follow_the_segment_ranking(store: Store) -> None:
    from sm_desk.core.handoffs.handoff import set_lead_qualification
    from sm_desk.core.sales.activities import log_activity

    hotel = add_contact(store, "Hotelier", ("hotels",))
    dentist = add_contact(store, "Dentist", ("health",))
    shop = add_contact(store, "Shopkeeper", ("retail", "health"))  # best of its tags counts
    called = add_contact(store, "Called", ("health",))
    add_contact(store, "Unranked", ("misc",))
    add_contact(store, "Customer", ("health",), lifecycle="customer")
    log_activity(store, "call", "Spoke yesterday", NOW - timedelta(days=1), NOW,
                 contact_id=called)
    hunting.rank_segments(store, [(tag_id(store, "health"), ""), (tag_id(store, "retail"), ""),
                                  (tag_id(store, "hotels"), "")], NOW)
    set_lead_qualification(store, shop, {"need": True}, NOW)  # more qualified: first
    best = hunting.best_leads(store, TODAY)
    assert [r["id"] for r in best] == [shop, dentist, hotel]
    assert best[0]["segment"] == "health" and best[0]["segment_rank"] == 1
    # the call is 8 days old when a week has passed: the lead is worth a call again
    later = [r["id"] for r in hunting.best_leads(store, TODAY + timedelta(days=7))]
    assert called in later
