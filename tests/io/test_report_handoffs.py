"""The weekly report's hand-off and insight sections: the figures a hand-built week sets
up show in the data, the HTML and the PDF."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader

from sm_desk.core.handoffs.handoff import accept_handoff, hand_over, return_handoff
from sm_desk.core.handoffs.insights import log_insight, set_answer
from sm_desk.core.report import Week, build_report
from sm_desk.core.sales.activities import log_activity
from sm_desk.core.store import Store
from sm_desk.io.report import build_document, render_html, render_pdf
from tests.core.test_handoffs import add_contact, add_deal, add_touch

W47 = Week(2026, 47)  # Monday 16 to Sunday 22 November 2026


def at(day: int, hour: int = 9) -> datetime:
    return datetime(2026, 11, day, hour, tzinfo=UTC)


def handed(store: Store, name: str, when: datetime) -> tuple[int, int]:
    contact = add_contact(store, name)
    with store.step("Qualify") as step:
        step.insert("lead_qualifications", {"contact_id": contact, "need": 1, "budget": 1,
                                            "updated_at": "2026-11-01T09:00:00Z"})
    hand_over(store, contact, when)
    return contact, int(store.scalar("SELECT max(id) FROM handoffs"))


@pytest.fixture
def week(store: Store) -> Store:
    ada, ada_h = handed(store, "Ada", at(16))
    log_activity(store, "call", "First call", at(16, 13), at(16, 13), contact_id=ada)  # 4 h
    accept_handoff(store, ada_h, at(16, 15))
    ben, _ = handed(store, "Ben", at(17))
    log_activity(store, "email", "Intro", at(18, 21), at(18, 21), contact_id=ben)  # 36 h
    _, cleo_h = handed(store, "Cleo", at(19))
    return_handoff(store, cleo_h, "not_now", at(20), note="Budget in March")
    handed(store, "Eve", at(20))  # still waiting at the week's end, past 48 h on Sunday
    _, dan_h = handed(store, "Dan", at(11))  # last week
    return_handoff(store, dan_h, "bad_data", at(18), note="Phone number is a fax")

    deal = add_deal(store, "Bakery website")
    for day in (16, 18, 21):
        log_insight(store, "objection", f"Too expensive for a bakery ({day})", at(day),
                    deal_id=deal, tags="price", heard_at=at(day))
    question = log_insight(store, "question", "How long does setup take?", at(17),
                           deal_id=deal, tags="setup-time", heard_at=at(17))
    set_answer(store, list(question.rows["insights"] or []), at(20),
               touch_id=add_touch(store, "Setup FAQ", "2026-11-19T10:00:00Z"))
    log_insight(store, "praise", "Nice people", at(10), deal_id=deal, heard_at=at(10))
    return store


def test_the_figures(week: Store) -> None:
    report = build_report(week, W47)
    h = report.handoffs
    assert h is not None
    assert (h.handed_over.value, h.handed_over.previous) == (4, 1)
    assert (h.accepted.value, h.returned.value) == (1, 2)
    assert [(n.name, n.figure.value) for n in h.return_reasons] == [("Bad data", 1),
                                                                    ("Not now", 1)]
    assert (h.contacted, h.within_agreement, h.median_hours) == (2, 2, 20.0)
    assert (h.waiting, h.overdue, h.follow_up_hours) == (2, 2, 48)  # Ben and Eve
    part = report.insights
    assert part is not None
    assert (part.logged.value, part.logged.previous) == (4, 1)
    assert [(x.kind, x.tag, x.this_week, x.unanswered) for x in part.top] == [
        ("Objection", "price", 3, True), ("Question", "setup-time", 1, False)]
    assert part.top[0].quote == "Too expensive for a bakery (21)"
    assert part.top[1].answered_by.startswith("Blog post “Setup FAQ”")


EXPECTED = ("Lead hand-offs: marketing to sales", "Handed over", "Returned because",
            "Median time to first contact: 20 h", "within the agreement's 48 h",
            "2 of 2 contacted leads", "Budget in March", "Phone number is a fax",
            "2 past the follow-up time", "What customers said", "Too expensive for a bakery (21)",
            "still unanswered", "Unanswered", "Setup FAQ", "Bakery website")


def test_html_shows_the_sections(week: Store) -> None:
    html = render_html(build_document(build_report(week, W47), charts=False))
    for text in EXPECTED:
        assert text.replace("'", "&#39;") in html, text


def test_pdf_shows_the_sections(week: Store) -> None:
    data = render_pdf(build_document(build_report(week, W47), charts=False), "a4")
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
                    .split())
    for expected in EXPECTED:
        assert expected in text, expected


def test_a_quiet_week_says_so(store: Store) -> None:
    html = render_html(build_document(build_report(store, W47), charts=False))
    assert "No lead was handed over this week." in html
    assert "No customer insight was logged this week" in html
