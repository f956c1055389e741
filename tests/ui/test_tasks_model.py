"""The task tree answers a painted cell's roles in one call (multiData) with what `data`
gives role by role, for group rows and task rows alike."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QModelRoleData, Qt

from sm_desk.core.tasks.view import Person, Window
from sm_desk.ui.tasks.model import TaskTreeModel

ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.FontRole,
         Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.UserRole,
         Qt.ItemDataRole.DecorationRole)


def row(task_id: int, **values: Any) -> dict[str, Any]:
    return {"id": task_id, "title": f"Task {task_id}", "function": None, "assignee_id": None,
            "assignee": None, "due": None, "status": "open", "origin_type": "deal",
            "origin_id": 7, "rule": None, "origin_title": "Website", **values}


def test_multi_data_answers_as_data_does(qtbot: Any) -> None:
    model = TaskTreeModel()
    me = Person(1, "Me", "me", {"marketing"})
    model.reset([row(1, due="2026-11-20", function="sales", assignee_id=1, assignee="Me"),
                 row(2), row(3, origin_type=None, origin_id=None, due="2026-11-24")],
                [me], Window("2026-11-23", "2026-11-30"))
    indexes = []
    for g in range(model.rowCount()):
        group = model.index(g, 0)
        indexes += [model.index(g, c) for c in range(model.columnCount())]
        indexes += [model.index(r, c, group) for r in range(model.rowCount(group))
                    for c in range(model.columnCount())]
    assert len(indexes) == 4 * (2 + 3)
    for index in indexes:
        for role in ROLES:
            item = QModelRoleData(role)
            model.multiData(index, item)
            assert item.data() == model.data(index, role), (index.row(), index.column(), role)
    assert model.index(5, 0) == QModelIndex() and model.index(0, 4) == QModelIndex()
    assert model.index(9, 0, model.index(0, 0)) == QModelIndex()
