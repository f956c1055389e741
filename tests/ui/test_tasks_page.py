"""The Tasks view in the main window: booth tasks of a new event land unassigned (and in
the badge), one keystroke assigns, one menu choice makes it the default, and the next
event's booth task arrives already assigned."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QMimeData, QPointF, Qt
from PySide6.QtGui import QDropEvent

from sm_desk.core.agreement import load_agreement
from sm_desk.core.store import Store
from sm_desk.core.tasks import service
from sm_desk.ui.tasks.model import MIME_TASK_IDS
from sm_desk.ui.tasks.page import TasksPage


def add_event(store: Store, title: str, starts_at: str) -> int:
    """Through the marketing service, as the calendar does (it runs sync_touch)."""
    from sm_desk.core.marketing.touches import create_touch

    changes = create_touch(store, {"kind": "event", "title": title, "starts_at": starts_at})
    return max(changes.rows["touches"] or [])


def booth_task(store: Store, touch_id: int, rule: str = "event.staff_booth") -> dict[str, Any]:
    row = store.query_one("SELECT * FROM tasks WHERE origin_type = 'touch' AND origin_id = ? "
                          "AND rule = ?", [touch_id, rule])
    assert row is not None
    return row


def shown_ids(page: TasksPage) -> set[int]:
    return {int(row["id"]) for group in page.model.groups for row in group.rows}


def badge(window: Any) -> str:
    return str(window.nav.item(4).text())


def person_id(store: Store, name_start: str) -> int:
    return int(store.scalar("SELECT id FROM people WHERE name LIKE ?", [f"{name_start}%"]))


def test_event_to_booth_tasks_keystroke_default_and_next_event(window: Any, qtbot: Any) -> None:
    store = window.ctx.store
    page = window.show_workspace("tasks")
    assert isinstance(page, TasksPage) and page.section == "unassigned"
    before = page.counts["unassigned"]
    badge_before = badge(window)

    fair = add_event(store, "Booth at the Spring Fair", "2026-12-03T09:00:00Z")
    booth, follow_up = booth_task(store, fair), booth_task(store, fair, "event.follow_up_leads")
    assert booth["assignee_id"] is None and follow_up["assignee_id"] is None
    assert {booth["id"], follow_up["id"]} <= shown_ids(page)  # the view repainted itself
    assert page.counts["unassigned"] == before + 2
    count_before = int(badge_before.split("(")[1].rstrip(")"))
    assert badge(window) == f"Tasks  ({count_before + 2})"

    sam = person_id(store, "Sam")
    assert page.people_list.person_at(2).id == sam  # type: ignore[union-attr]
    page.select_tasks([booth["id"]])
    page.tree.setFocus()
    qtbot.keyClick(page.tree, Qt.Key.Key_2)
    assert store.get("tasks", booth["id"])["assignee_id"] == sam
    assert booth["id"] not in shown_ids(page)  # fixed: it left the Unassigned crack
    assert badge(window) == f"Tasks  ({count_before + 1})"

    page.show_section(f"person:{sam}")
    page.select_tasks([booth["id"]])
    menu = page.build_menu(page.selected_ids())
    action = next(a for a in menu.actions() if a.text().startswith("Make Sam"))
    action.trigger()
    assert load_agreement(store).default_assignees == {"event.staff_booth": sam}

    expo = add_event(store, "Booth at the Expo", "2027-01-14T09:00:00Z")
    assert booth_task(store, expo)["assignee_id"] == sam  # arrives already assigned
    assert booth_task(store, expo, "event.follow_up_leads")["assignee_id"] is None
    page.show_section("unassigned")
    assert booth_task(store, expo)["id"] not in shown_ids(page)
    assert booth_task(store, expo, "event.follow_up_leads")["id"] in shown_ids(page)


def test_classify_done_bulk_keys_and_undo(window: Any, qtbot: Any) -> None:
    store = window.ctx.store
    page = window.show_workspace("tasks")
    page.show_section("unclassified")
    ids = sorted(shown_ids(page))[:3]
    assert len(ids) == 3
    page.select_tasks(ids)
    qtbot.keyClick(page.tree, Qt.Key.Key_M)
    assert {store.get("tasks", i)["function"] for i in ids} == {"marketing"}
    assert not set(ids) & shown_ids(page)
    window.undo()  # Edit > Undo: the three come back as one step
    assert {store.get("tasks", i)["function"] for i in ids} == {None}
    assert set(ids) <= shown_ids(page)

    page.select_tasks(ids[:1])
    qtbot.keyClick(page.tree, Qt.Key.Key_D)
    assert store.get("tasks", ids[0])["status"] == "done"
    assert ids[0] not in shown_ids(page)
    assert page.selected_ids(), "the next task is selected, ready for the next key"


def test_drop_tasks_on_a_person_assigns_them(window: Any, qtbot: Any) -> None:
    store = window.ctx.store
    page = window.show_workspace("tasks")
    ids = sorted(shown_ids(page))[:2]
    agency = person_id(store, "Brightline")
    page.tree.clearSelection()
    page.select_tasks(ids)
    mime = page.model.mimeData(page.tree.selectionModel().selectedRows(0))
    assert bytes(mime.data(MIME_TASK_IDS).data()).decode() == ",".join(map(str, ids))
    target = page.people_list.item(2)  # "3  Brightline Agency"
    point = QPointF(page.people_list.visualItemRect(target).center())
    event = QDropEvent(point, Qt.DropAction.MoveAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    page.people_list.dropEvent(event)
    assert {store.get("tasks", i)["assignee_id"] for i in ids} == {agency}
    empty = QMimeData()
    page.people_list.dropEvent(QDropEvent(point, Qt.DropAction.MoveAction, empty,
                                          Qt.MouseButton.LeftButton,
                                          Qt.KeyboardModifier.NoModifier))
    assert store.undo_label == "Assign 2 tasks to Brightline Agency"


def test_against_strengths_and_new_task_dialog(window: Any, qtbot: Any) -> None:
    from sm_desk.ui.tasks.dialogs import TaskDialog

    store = window.ctx.store
    page = window.show_workspace("tasks")
    sam = person_id(store, "Sam")  # good at marketing
    dialog = TaskDialog(store, page)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.title, "Call the florist back")
    dialog.function.setCurrentIndex(dialog.function.findData("sales"))
    dialog.assignee.setCurrentIndex(dialog.assignee.findData(sam))
    dialog.save()
    row = store.query_one("SELECT * FROM tasks WHERE title = 'Call the florist back'")
    assert row is not None and (row["function"], row["assignee_id"], row["rule"]) == (
        "sales", sam, None)
    page.show_section("against")
    assert row["id"] in shown_ids(page)
    assert page.sections.item(4).text().startswith("Against your strengths")


def test_people_service_shows_in_the_list(window: Any) -> None:
    store = window.ctx.store
    page = window.show_workspace("tasks")
    service.add_person(store, "Kim (bookkeeper)", "helper", ["sales"])
    texts = [page.people_list.item(i).text() for i in range(page.people_list.count())]
    assert any(t.startswith("4  Kim (bookkeeper)") for t in texts)
    assert texts[-1].startswith("0  Nobody")


def test_new_task_for_a_selected_deal_lands_in_its_origin_group(window: Any, qtbot: Any) -> None:
    from sm_desk.ui.tasks.dialogs import TaskDialog

    store = window.ctx.store
    page = window.show_workspace("tasks")
    deal = int(store.scalar("SELECT min(id) FROM deals"))
    dialog = TaskDialog(store, page, origin=("deal", deal), origin_label="Website package")
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.title, "Send the case study")
    dialog.save()
    row = store.query_one("SELECT * FROM tasks WHERE title = 'Send the case study'")
    assert row is not None and (row["origin_type"], row["origin_id"]) == ("deal", deal)
    group = next(g for g in page.model.groups if g.key == ("deal", deal))
    assert row["id"] in {r["id"] for r in group.rows}  # unassigned: shown under its deal
