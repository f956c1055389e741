"""Tasks by hand, the view's fixes, people and strengths, and the view's sections."""

from __future__ import annotations

from datetime import date

import pytest

from sm_desk.core.agreement import load_agreement
from sm_desk.core.store import Store
from sm_desk.core.tasks import service, view
from tests.touch_rows import timed

TODAY = date(2026, 11, 23)
WINDOW = view.Window.of(TODAY)


def new_task(store: Store, title: str, **extra: object) -> int:
    changes = service.create_task(store, title, **extra)  # type: ignore[arg-type]
    return max(changes.rows["tasks"] or [])


def person(store: Store, name: str, strengths: list[str], kind: str = "helper") -> int:
    service.add_person(store, name, kind, strengths)
    return int(store.scalar("SELECT max(id) FROM people"))


def test_create_edit_assign_classify_complete_delete_with_undo(store: Store) -> None:
    task = new_task(store, "  Update the price sheet ", due="2026-11-25")
    row = store.get("tasks", task)
    assert row is not None and (row["title"], row["function"], row["assignee_id"]) == (
        "Update the price sheet", None, None)
    sam = person(store, "Sam", ["marketing"])
    service.assign(store, [task], sam)
    service.classify(store, [task], "marketing")
    service.update_task(store, task, title="Update prices", due="2026-11-30")
    row = store.get("tasks", task)
    assert row is not None and (row["assignee_id"], row["function"], row["title"], row["due"]) == (
        sam, "marketing", "Update prices", "2026-11-30")
    service.complete(store, [task])
    assert store.get("tasks", task)["status"] == "done"  # type: ignore[index]
    assert store.get("tasks", task)["done_at"]  # type: ignore[index]
    store.undo()
    assert store.get("tasks", task)["status"] == "open"  # type: ignore[index]
    service.delete_tasks(store, [task])
    assert store.get("tasks", task) is None
    store.undo()
    assert store.get("tasks", task) is not None


def test_bad_input_is_refused_and_nothing_written(store: Store) -> None:
    with pytest.raises(service.TaskError):
        service.create_task(store, "   ")
    with pytest.raises(service.TaskError):
        service.create_task(store, "x", function="finance")
    with pytest.raises(service.TaskError):
        service.create_task(store, "x", due="next week")
    with pytest.raises(service.TaskError):
        service.assign(store, [1], 999)
    assert store.scalar("SELECT count(*) FROM tasks") == 0


def test_bulk_assign_is_one_undo_step(store: Store) -> None:
    ids = [new_task(store, f"Task {i}") for i in range(5)]
    sam = person(store, "Sam", ["sales"])
    service.assign(store, ids, sam)
    assert store.scalar("SELECT count(*) FROM tasks WHERE assignee_id = ?", [sam]) == 5
    assert store.undo_label == "Assign 5 tasks to Sam"
    store.undo()
    assert store.scalar("SELECT count(*) FROM tasks WHERE assignee_id IS NULL") == 5


def test_deleting_a_rule_task_cancels_it_so_the_rule_does_not_remake_it(store: Store) -> None:
    from sm_desk.core.tasks.rules import sync_touch

    with store.step("Event") as step:
        touch = step.insert("touches", {"kind": "event", "title": "Fair", "uid": "u1",
                                        **timed("2026-12-01T09:00:00Z"),
                                        "created_at": "x", "updated_at": "x"})
        sync_touch(step, touch, TODAY)
    booth = int(store.scalar("SELECT id FROM tasks WHERE rule = 'event.staff_booth'"))
    service.delete_tasks(store, [booth])
    with store.step("Again") as step:
        sync_touch(step, touch, TODAY)
    assert store.scalar("SELECT count(*) FROM tasks WHERE rule = 'event.staff_booth'") == 1
    assert store.get("tasks", booth)["status"] == "cancelled"  # type: ignore[index]
    with store.step("Move") as step:  # moving the event does not bring it back either
        step.update("touches", touch, {"starts_at": "2026-12-05T09:00:00Z"})
        sync_touch(step, touch, TODAY)
    assert store.get("tasks", booth)["status"] == "cancelled"  # type: ignore[index]


def test_set_default_writes_agreement_and_assigns_open_ones(store: Store) -> None:
    from sm_desk.core.tasks.rules import sync_deal

    won = int(store.scalar("SELECT id FROM stages WHERE outcome = 'won'"))
    with store.step("Deals") as step:
        for i in range(3):
            deal = step.insert("deals", {"title": f"D{i}", "stage_id": won,
                                         "closed_at": "2026-11-20T10:00:00Z",
                                         "created_at": "x", "updated_at": "x"})
            sync_deal(step, deal, TODAY)
    sam = person(store, "Sam", ["sales"])
    _, assigned = service.set_default_assignee(store, "deal.invoice", sam)
    assert assigned == 3
    assert load_agreement(store).default_assignees == {"deal.invoice": sam}
    store.undo()
    assert load_agreement(store).default_assignees == {}
    assert store.scalar("SELECT count(*) FROM tasks WHERE assignee_id IS NOT NULL") == 0


def test_removing_a_helper_unassigns_and_forgets_default(store: Store) -> None:
    sam = person(store, "Sam", ["marketing"])
    task = new_task(store, "Post photos", assignee_id=sam)
    service.set_default_assignee(store, "blog.answer_comments", sam)
    service.remove_person(store, sam)
    assert store.get("tasks", task)["assignee_id"] is None  # type: ignore[index]
    assert load_agreement(store).default_assignees == {}
    with pytest.raises(service.TaskError):
        service.remove_person(store, service.me_id(store))


def test_sections_counts_and_against_strengths(store: Store) -> None:
    me = service.me_id(store)
    sam = person(store, "Sam", ["marketing"])
    new_task(store, "Nobody's", function="sales", due="2026-11-20")  # unassigned, overdue
    new_task(store, "Whose hat?", assignee_id=me, due="2026-11-26")  # unclassified, this week
    new_task(store, "Call the buyer", function="sales", assignee_id=sam, due="2026-12-20")
    new_task(store, "Write the post", function="marketing", assignee_id=sam)
    counts = view.section_counts(store, WINDOW)
    assert counts == {"unassigned": 1, "unclassified": 1, "overdue": 1, "week": 1,
                      "against": 1, "open": 4}
    rows = view.section_rows(store, "against", WINDOW)
    assert [r["title"] for r in rows] == ["Call the buyer"]
    assert view.badge_count(store) == 2


def test_me_against_strengths_uses_latest_assessment(store: Store) -> None:
    me = service.me_id(store)
    new_task(store, "Newsletter", function="marketing", assignee_id=me)
    # no strengths and no assessment: not judged
    assert view.section_counts(store, WINDOW)["against"] == 0
    with store.step("Assess") as step:
        step.insert("assessments", {"taken_at": "2026-10-01T09:00:00Z", "verdict": "marketing-leaning"})
        step.insert("assessments", {"taken_at": "2026-11-01T09:00:00Z", "verdict": "sales-leaning"})
    assert view.section_counts(store, WINDOW)["against"] == 1
    me_person = next(p for p in view.people(store) if p.id == me)
    assert me_person.strengths == {"sales"} and me_person.strengths_from == "self-assessment"
