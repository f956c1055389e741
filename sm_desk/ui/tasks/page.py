"""The Tasks workspace: "who owns it?" The cracks on the left (unassigned, unclassified,
overdue, due this week, against your strengths), the tasks of one crack grouped by
origin in the middle, and the people to hand them to. Fixing a task is one keystroke,
a drag onto a name, or a context-menu choice; each fix is one undoable step."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, Qt
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QStackedWidget,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from sm_desk.core.store import Changes
from sm_desk.core.store import tasks as queries
from sm_desk.core.tasks import service
from sm_desk.core.tasks.rules import RULES
from sm_desk.core.tasks.view import (
    SECTION_LABELS,
    SECTIONS,
    Person,
    Window,
    people,
    section_counts,
    section_rows,
)
from sm_desk.ui.context import AppContext
from sm_desk.ui.tasks.model import TaskTreeModel
from sm_desk.ui.tasks.people import PeopleDialog, PeopleList
from sm_desk.ui.widgets.saved_views import SavedViewsBar

WATCHED = ("tasks", "people", "settings", "assessments", "touches", "deals", "contacts")
SECTION_HINTS = {
    "unassigned": "Open tasks nobody owns. Press 1-9 or drop them on a name.",
    "unclassified": "Open tasks nobody has said are sales (one-to-one) or marketing "
                    "(one-to-many). Press S or M.",
    "overdue": "Open tasks past their due date.",
    "week": "Open tasks due from today to Sunday.",
    "against": "Tasks given to someone whose strengths are the other function "
               "(for you: your latest self-assessment).",
    "open": "Every open task.",
}
KEY_HELP = ("Keys: 1-9 assign to that person · 0 unassign · S sales · M marketing · "
            "U unclassify · D done · Enter edit · Del delete · N new")


class TaskTree(QTreeView):
    """The tree; single keystrokes go to the page before the view's type-ahead search."""

    def __init__(self, on_key: Callable[[QKeyEvent], bool]) -> None:
        super().__init__()
        self._on_key = on_key

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if not self._on_key(event):
            super().keyPressEvent(event)


class TasksPage(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.store = ctx.store
        self.section = "unassigned"
        self.window_ = Window.of()
        self.persons: list[Person] = []
        self.counts: dict[str, int] = {}
        self._dirty = False
        self._build()
        ctx.changed.connect(self._on_changed)
        self.refresh()

    # -- layout ----------------------------------------------------------------------------

    def _build(self) -> None:
        outer = QHBoxLayout(self)
        side = QVBoxLayout()
        cracks = QLabel("The cracks")
        cracks.setObjectName("sectionTitle")
        self.sections = QListWidget()
        self.sections.setObjectName("taskSections")
        for key, label in (*SECTIONS, ("open", SECTION_LABELS["open"])):
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.sections.addItem(item)
        self.sections.setFixedHeight(self.sections.sizeHintForRow(0) * 6 + 8)
        self.sections.currentItemChanged.connect(self._on_section_item)
        hand = QLabel("Hand to (press the number or drop tasks here)")
        hand.setWordWrap(True)
        self.people_list = PeopleList()
        self.people_list.assign_requested.connect(self.assign)
        self.people_list.itemClicked.connect(self._on_person_clicked)
        people_button = QPushButton("People…")
        people_button.clicked.connect(self.edit_people)
        side.addWidget(cracks)
        side.addWidget(self.sections)
        side.addWidget(hand)
        side.addWidget(self.people_list, 1)
        side.addWidget(people_button)
        side_widget = QWidget()
        side_widget.setLayout(side)
        side_widget.setFixedWidth(250)
        side.setContentsMargins(0, 0, 0, 0)

        main = QVBoxLayout()
        head = QHBoxLayout()
        self.heading = QLabel()
        self.heading.setObjectName("pageTitle")
        self.heading.setStyleSheet("font-size: 16px; font-weight: 600;")
        new_button = QPushButton("New task…")
        new_button.clicked.connect(self.new_task)
        self.assign_button = QToolButton()
        self.assign_button.setText("Assign selected to")
        self.assign_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.assign_menu = QMenu(self.assign_button)
        self.assign_menu.aboutToShow.connect(self._fill_assign_menu)
        self.assign_button.setMenu(self.assign_menu)
        done_button = QPushButton("Done")
        done_button.clicked.connect(lambda: self.complete(self.selected_ids()))
        head.addWidget(self.heading, 1)
        self.views = SavedViewsBar(self.store, "tasks", self.view_state, self.apply_view_state)
        head.addWidget(self.views)
        head.addWidget(new_button)
        head.addWidget(self.assign_button)
        head.addWidget(done_button)
        self.hint = QLabel()
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        self.hint.setStyleSheet("color: #555;")

        self.model = TaskTreeModel()
        self.tree = TaskTree(self._handle_key)
        self.tree.setObjectName("taskTree")
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setDragEnabled(True)
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        self.tree.doubleClicked.connect(lambda index: self.edit_task(index))
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, width in ((1, 100), (2, 170), (3, 150)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(column, width)
        self.empty = QLabel("Nothing has fallen through this crack.")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet("color: #4b7b3b; font-size: 14px;")
        self.body = QStackedWidget()
        self.body.addWidget(self.tree)
        self.body.addWidget(self.empty)
        self.footer = QLabel()
        self.footer.setTextFormat(Qt.TextFormat.PlainText)
        self.footer.setStyleSheet("color: #555;")
        keys = QLabel(KEY_HELP)
        keys.setStyleSheet("color: #777;")
        keys.setWordWrap(True)
        main.addLayout(head)
        main.addWidget(self.hint)
        main.addWidget(self.body, 1)
        main.addWidget(self.footer)
        main.addWidget(keys)
        outer.addWidget(side_widget)
        outer.addLayout(main, 1)
        self.sections.setCurrentRow(0)

    # -- data ------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Counts for every crack, rows for the shown one (bounded queries)."""
        self._dirty = False
        keep = self.selected_ids()
        position = self._first_selected_position()
        self.window_ = Window.of()
        self.persons = people(self.store)
        self.counts = section_counts(self.store, self.window_, self.persons)
        for row in range(self.sections.count()):
            item = self.sections.item(row)
            key = item.data(Qt.ItemDataRole.UserRole)
            item.setText(f"{SECTION_LABELS[key]}  ({self.counts[key]:,})")
        self.people_list.set_people(self.persons, queries.open_count_by_assignee(self.store))
        rows = section_rows(self.store, self.section, self.window_, self.persons)
        self.model.reset(rows, self.persons, self.window_)
        for group in range(len(self.model.groups)):
            self.tree.setFirstColumnSpanned(group, QModelIndex(), True)
        self.tree.expandAll()
        self.body.setCurrentWidget(self.tree if rows else self.empty)
        self.heading.setText(self._section_label())
        self.hint.setText(SECTION_HINTS.get(self.section, "Open tasks given to this person."))
        total = self._section_total(len(rows))
        self.footer.setText(f"{len(rows):,} tasks" if len(rows) == total else
                            f"Showing the {len(rows):,} most urgent of {total:,} tasks")
        self._restore_selection(keep, position)

    def _section_label(self) -> str:
        if self.section.startswith("person:"):
            person_id = int(self.section.split(":")[1])
            name = next((p.name for p in self.persons if p.id == person_id), "someone")
            return f"Given to {name}"
        return SECTION_LABELS[self.section]

    def _section_total(self, shown: int) -> int:
        if self.section in self.counts:
            return self.counts[self.section]
        return shown if shown < 500 else queries.section_count(
            self.store, self.section, self.window_.today, self.window_.week_end, {})

    def _on_changed(self, changes: Changes) -> None:
        if not changes.touches(*WATCHED):
            return
        if self.isVisible():
            self.refresh()
        else:
            self._dirty = True

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        if self._dirty:
            self.refresh()
        super().showEvent(event)

    def view_state(self) -> dict[str, Any]:
        """The crack (or person) shown and the hidden columns, for a saved view."""
        header = self.tree.header()
        return {"section": self.section,
                "hidden": [i for i in range(header.count()) if header.isSectionHidden(i)]}

    def apply_view_state(self, state: dict[str, Any]) -> None:
        header = self.tree.header()
        hidden = set(state.get("hidden") or ())
        for column in range(header.count()):
            header.setSectionHidden(column, column in hidden)
        key = str(state.get("section", "unassigned"))
        people = {f"person:{p.id}" for p in self.persons}
        self.show_section(key if key in SECTION_LABELS or key in people else "unassigned")

    def show_section(self, key: str) -> None:
        self.section = key
        self.sections.blockSignals(True)  # keep the list's highlight on the crack shown
        rows = [self.sections.item(r).data(Qt.ItemDataRole.UserRole)
                for r in range(self.sections.count())]
        self.sections.setCurrentRow(rows.index(key) if key in rows else -1)
        if key not in rows:
            self.sections.clearSelection()
        self.sections.blockSignals(False)
        self.refresh()

    def _on_section_item(self, item: QListWidgetItem | None, _previous: Any = None) -> None:
        if item is not None and item.data(Qt.ItemDataRole.UserRole) != self.section:
            self.people_list.clearSelection()
            self.show_section(item.data(Qt.ItemDataRole.UserRole))

    def _on_person_clicked(self, item: QListWidgetItem) -> None:
        person_id = item.data(Qt.ItemDataRole.UserRole)
        if person_id and person_id > 0:
            self.show_section(f"person:{person_id}")

    # -- selection -------------------------------------------------------------------------

    def selected_ids(self) -> list[int]:
        indexes = self.tree.selectionModel().selectedRows(0) if self.tree.selectionModel() else []
        return self.model.task_ids(sorted(indexes, key=lambda i: (i.parent().row(), i.row())))

    def _flat(self) -> list[QModelIndex]:
        flat = []
        for g in range(self.model.rowCount()):
            group = self.model.index(g, 0)
            flat += [self.model.index(r, 0, group) for r in range(self.model.rowCount(group))]
        return flat

    def _first_selected_position(self) -> int:
        ids = set(self.selected_ids())
        if not ids:
            return -1
        for position, index in enumerate(self._flat()):
            if self.model.task(index)["id"] in ids:  # type: ignore[index]
                return position
        return -1

    def _restore_selection(self, keep: list[int], position: int) -> None:
        """Keep the tasks that are still shown selected; else select the one now in the
        place of the first (so pressing 1 again hands on the next task)."""
        targets = [i for i in (self.model.index_of(t) for t in keep) if i.isValid()]
        if not targets and position >= 0:
            flat = self._flat()
            targets = [flat[min(position, len(flat) - 1)]] if flat else []
        selection = self.tree.selectionModel()
        flags = (QItemSelectionModel.SelectionFlag.Select
                 | QItemSelectionModel.SelectionFlag.Rows)
        for n, index in enumerate(targets):
            if n == 0:
                self.tree.setCurrentIndex(index)
            selection.select(index, flags)

    def select_tasks(self, ids: list[int]) -> None:
        self.tree.clearSelection()
        self._restore_selection(ids, -1)

    # -- actions (each one undoable step) --------------------------------------------------

    def _handle_key(self, event: QKeyEvent) -> bool:
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if mods not in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier):
            return False
        key, ids = event.key(), self.selected_ids()
        if key == Qt.Key.Key_N:
            self.new_task()
            return True
        if Qt.Key.Key_1 <= key <= Qt.Key.Key_9:
            person = self.people_list.person_at(key - Qt.Key.Key_0)
            if person is not None and ids:
                self.assign(ids, person.id)
            return True
        actions: dict[int, Callable[[], None]] = {
            Qt.Key.Key_0: lambda: self.assign(ids, None),
            Qt.Key.Key_S: lambda: self.classify(ids, "sales"),
            Qt.Key.Key_M: lambda: self.classify(ids, "marketing"),
            Qt.Key.Key_U: lambda: self.classify(ids, None),
            Qt.Key.Key_D: lambda: self.complete(ids),
            Qt.Key.Key_Delete: lambda: self.delete(ids),
            Qt.Key.Key_Return: lambda: self.edit_task(self.tree.currentIndex()),
            Qt.Key.Key_Enter: lambda: self.edit_task(self.tree.currentIndex()),
        }
        action = actions.get(key)
        if action is None:
            return False
        if ids:
            action()
        return True

    def _do(self, write: Callable[[], Any], message: str) -> None:
        try:
            write()
        except service.TaskError as exc:
            self.ctx.say(f"Not done: {exc}")
            return
        self.ctx.say(message)

    def assign(self, ids: list[int], person_id: int | None) -> None:
        if not ids:
            return
        name = next((p.name for p in self.persons if p.id == person_id), "nobody")
        noun = "1 task" if len(ids) == 1 else f"{len(ids)} tasks"
        self._do(lambda: service.assign(self.store, ids, person_id), f"Gave {noun} to {name}")

    def classify(self, ids: list[int], function: str | None) -> None:
        self._do(lambda: service.classify(self.store, ids, function),
                 f"Marked as {function or 'unclassified'}")

    def complete(self, ids: list[int]) -> None:
        if ids:
            self._do(lambda: service.complete(self.store, ids), "Done. Ctrl+Z brings it back")

    def delete(self, ids: list[int]) -> None:
        self._do(lambda: service.delete_tasks(self.store, ids), "Deleted. Ctrl+Z brings it back")

    def make_default(self, rule: str, person_id: int) -> None:
        """"Set as the default for tasks like this": an agreement rule from one decision."""
        name = next((p.name for p in self.persons if p.id == person_id), "them")
        try:
            _, assigned = service.set_default_assignee(self.store, rule, person_id)
        except service.TaskError as exc:
            self.ctx.say(f"Not done: {exc}")
            return
        more = f"; {assigned} open ones given to them now" if assigned else ""
        self.ctx.say(f"From now on “{RULES[rule].title}” tasks go to {name}{more}")

    def new_task(self) -> None:
        from sm_desk.ui.tasks.dialogs import open_new_task

        open_new_task(self, self.store)

    def edit_task(self, index: QModelIndex) -> None:
        row = self.model.task(index)
        if row is None:
            return
        from sm_desk.ui.tasks.dialogs import TaskDialog

        task = self.store.get("tasks", int(row["id"]))
        if task is not None:
            TaskDialog(self.store, self, task=task).exec()

    def edit_people(self) -> None:
        PeopleDialog(self.store, self).exec()

    # -- menus -----------------------------------------------------------------------------

    def _fill_assign_menu(self) -> None:
        self.assign_menu.clear()
        self._add_people(self.assign_menu, self.selected_ids())

    def _add_people(self, menu: QMenu, ids: list[int]) -> None:
        for number, person in enumerate(self.persons[:9], start=1):
            action = menu.addAction(f"{person.name}\t{number}")
            action.triggered.connect(lambda _=False, p=person.id: self.assign(ids, p))
        menu.addAction("Nobody\t0").triggered.connect(lambda: self.assign(ids, None))
        menu.setEnabled(bool(ids))

    def build_menu(self, ids: list[int]) -> QMenu:
        menu = QMenu(self)
        self._add_people(menu.addMenu("Assign to"), ids)
        classify = menu.addMenu("Classify")
        for text, value in (("Sales (one-to-one)\tS", "sales"),
                            ("Marketing (one-to-many)\tM", "marketing"),
                            ("Unclassified\tU", None)):
            classify.addAction(text).triggered.connect(
                lambda _=False, v=value: self.classify(ids, v))
        menu.addAction("Mark done\tD").triggered.connect(lambda: self.complete(ids))
        first = self.model.task(self.model.index_of(ids[0])) if ids else None
        if first is not None and first["rule"] in RULES:
            rule = str(first["rule"])
            title = RULES[rule].title
            menu.addSeparator()
            if first["assignee_id"]:
                menu.addAction(
                    f"Make {first['assignee']} the default for “{title}” tasks"
                ).triggered.connect(lambda: self.make_default(rule, int(first["assignee_id"])))
            defaults = menu.addMenu(f"Always give “{title}” tasks to")
            for person in self.persons:
                defaults.addAction(person.name).triggered.connect(
                    lambda _=False, p=person.id: self.make_default(rule, p))
        menu.addSeparator()
        menu.addAction("Edit…\tEnter").triggered.connect(
            lambda: self.edit_task(self.model.index_of(ids[0])))
        menu.addAction("Delete\tDel").triggered.connect(lambda: self.delete(ids))
        return menu

    def _context_menu(self, pos: QPoint) -> None:
        ids = self.selected_ids()
        if ids:
            self.build_menu(ids).exec(self.tree.viewport().mapToGlobal(pos))


def create_page(ctx: AppContext) -> QWidget:
    return TasksPage(ctx)
