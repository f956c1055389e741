"""The agreement dialog edits the hours each kind of work counts for in the hat balance."""

from __future__ import annotations

from typing import Any

from sm_desk.core.agreement import load_agreement
from sm_desk.core.store import Store
from sm_desk.ui.agreement.dialog import AgreementDialog
from sm_desk.ui.agreement.effort import EffortDialog
from sm_desk.ui.context import AppContext


def test_effort_hours_are_edited_and_saved(qtbot: Any, store: Store) -> None:
    ctx = AppContext(store)
    effort = EffortDialog({}, None)
    qtbot.addWidget(effort)
    effort.boxes["touch:newsletter"].setValue(3.5)
    assert effort.edited() == {"touch:newsletter": 3.5}  # only what differs from defaults
    dialog = AgreementDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.effort_hours = effort.edited()
    dialog.save()
    assert load_agreement(ctx.store).effort("touch:newsletter") == 3.5
    assert load_agreement(ctx.store).effort("activity:call") == 0.5
