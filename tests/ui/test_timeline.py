"""A contact's timeline: one list newest first, filtered by kind, read a page at a time,
and a note logged from it."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from sm_desk.core.sales.activities import log_activity
from sm_desk.core.store import Store
from sm_desk.ui.timeline.model import TimelineModel
from sm_desk.ui.timeline.view import TimelineView


def _texts(view: TimelineView, column: int) -> list[str]:
    model = view.model
    return [model.index(r, column).data() for r in range(model.rowCount())]


def test_open_a_contacts_timeline_filter_to_calls_and_log_a_note(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    store = window.ctx.store
    contact = store.query_one(
        "SELECT c.id, c.first_name, c.last_name FROM contacts c JOIN deals d "
        "ON d.contact_id = c.id JOIN activities a ON a.deal_id = d.id "
        "GROUP BY c.id HAVING count(DISTINCT a.kind) >= 3 ORDER BY c.id LIMIT 1")
    page = window.show_workspace("contacts")
    page.select_contact(contact["id"])
    timeline = page.detail.show_timeline()
    qtbot.waitUntil(lambda: timeline.model.rowCount() > 0)
    kinds = _texts(timeline, 1)
    assert len(set(kinds)) >= 3  # calls, emails, notes... in one list
    at = [row["at"] for row in timeline.model.rows]
    assert at == sorted(at, reverse=True)  # newest first

    timeline.set_filter("Calls")
    calls = store.scalar(
        "SELECT count(*) FROM activities WHERE kind = 'call' AND (contact_id = ? OR deal_id "
        "IN (SELECT id FROM deals WHERE contact_id = ?))", [contact["id"], contact["id"]])
    assert _texts(timeline, 1) == ["Call"] * calls

    timeline.log_kind.setCurrentIndex(timeline.log_kind.findData("note"))
    QTest.keyClicks(timeline.log_text, "Prefers a call after lunch on Fridays")
    QTest.keyClick(timeline.log_text, Qt.Key.Key_Return)
    note = store.query_one("SELECT kind, summary, contact_id, deal_id FROM activities "
                           "ORDER BY id DESC LIMIT 1")
    assert note == {"kind": "note", "summary": "Prefers a call after lunch on Fridays",
                    "contact_id": contact["id"], "deal_id": None}
    assert timeline.log_text.text() == "" and "Note logged" in timeline.message.text()
    assert _texts(timeline, 1) == ["Call"] * calls  # still filtered to calls
    timeline.set_filter("Everything")
    assert (_texts(timeline, 1)[0], _texts(timeline, 2)[0]) == (
        "Note", "Prefers a call after lunch on Fridays")  # a note on the contact: no deal
    window.ctx.store.undo()  # Ctrl+Z takes it back, and the timeline follows
    assert "Prefers a call after lunch on Fridays" not in _texts(timeline, 2)


def test_the_model_reads_a_page_at_a_time(store: Store) -> None:
    from sm_desk.core.contacts.service import create_contact

    create_contact(store, {"first_name": "Ada", "last_name": "Long"})
    for day in range(1, 26):
        moment = datetime(2026, 10, day, 9, tzinfo=UTC)
        log_activity(store, "call" if day % 2 else "email", f"Talk {day}", moment, moment,
                     contact_id=1)
    model = TimelineModel(store, lambda: datetime(2026, 11, 1, tzinfo=UTC), page=10)
    model.set_subject("contact", 1)
    assert model.rowCount() == 10 and model.canFetchMore()
    model.fetchMore()
    model.fetchMore()
    assert model.rowCount() == 25 and not model.canFetchMore()
    assert [r["title"] for r in model.rows] == [f"Talk {d}" for d in range(25, 0, -1)]
    model.set_kinds(["email"])
    assert model.rowCount() == 10  # the first page again
    model.fetchMore()
    assert [r["title"] for r in model.rows] == [f"Talk {d}" for d in range(24, 0, -2)]
