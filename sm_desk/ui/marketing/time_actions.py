"""What the page does when the time grid asks: move, resize, file a touch at a slot,
delete after asking. Each edit is one core service call, so one Ctrl+Z undoes it."""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QTime
from PySide6.QtWidgets import QMessageBox

from sm_desk.core.marketing.calendar import Occurrence
from sm_desk.core.marketing.series import delete_occurrence, edit_occurrence
from sm_desk.core.marketing.timing import to_local
from sm_desk.core.marketing.touches import (
    TouchError,
    delete_touch,
    move_occurrence,
    update_touch,
)
from sm_desk.ui.marketing.dialogs import TouchDialog
from sm_desk.ui.marketing.scope_question import ScopeQuestion
from sm_desk.ui.marketing.time_grid import TimeGrid

if TYPE_CHECKING:
    from sm_desk.ui.marketing.page import MarketingPage


def attach_time_grid(page: MarketingPage) -> TimeGrid:
    """A time grid following the page's month grid (its range and selected day), with
    its requests wired to the page and the touch services."""
    grid = TimeGrid(page.grid)
    grid.occurrence_activated.connect(page.edit_occurrence)
    grid.occurrence_dropped.connect(page.drop)  # all-day: the month grid's day move
    grid.more_requested.connect(page.show_agenda_from)
    grid.view_requested.connect(page.set_view)
    grid.occurrence_moved.connect(partial(move, page))
    grid.occurrence_resized.connect(partial(resize, page))
    grid.slot_requested.connect(partial(new_touch_at, page))
    grid.delete_requested.connect(partial(ask_delete, page))
    return grid


def _scope(page: MarketingPage, verb: str, o: Occurrence) -> str | None:
    """"this" for a one-off touch; for one of a series, what the owner answers."""
    if o.original_start is None:
        return "this"
    return ScopeQuestion(verb, o.title, parent=page).ask()


def move(page: MarketingPage, o: Occurrence, new_start: datetime) -> None:
    """Put `o` at the instant dropped on; its own zone keeps the wall-clock time."""
    scope = _scope(page, "Move", o)
    if scope is None:
        return
    try:
        if scope == "this" or o.original_start is None:
            move_occurrence(page.store, o.touch_id, o.original_start, new_start)
        else:
            tz = page.store.get("touches", o.touch_id)["tz"]  # type: ignore[index]
            edit_occurrence(page.store, o.touch_id, o.original_start,
                            {"start_local": to_local(new_start, tz)}, scope)
    except TouchError as exc:
        page.ctx.say(str(exc))
        return
    page.ctx.say(f"Moved “{o.title}” to {new_start:%a %d %b %H:%M} (Ctrl+Z to undo)")


def resize(page: MarketingPage, o: Occurrence, minutes: int) -> None:
    scope = _scope(page, "Change", o)
    if scope is None:
        return
    try:
        if o.original_start is None:
            update_touch(page.store, o.touch_id, {"duration_minutes": minutes})
        else:
            edit_occurrence(page.store, o.touch_id, o.original_start,
                            {"duration_minutes": minutes}, scope)
    except TouchError as exc:
        page.ctx.say(str(exc))
        return
    hours, rest = divmod(minutes, 60)
    length = f"{hours} h {rest:02d} min" if hours else f"{rest} min"
    page.ctx.say(f"“{o.title}” now lasts {length} (Ctrl+Z to undo)")


def new_touch_at(page: MarketingPage, start: datetime, all_day: bool) -> None:
    """The touch dialog, filled with the slot's day and time (shown in the zone the
    dialog files the touch in, so it lands where it was double-clicked)."""
    dialog = TouchDialog(page.store, day=start.date(),
                         campaign_id=page.campaign_filter.currentData(), parent=page)
    dialog.all_day.setChecked(all_day)
    zone = dialog.zone.zone()
    if not all_day and zone is not None:
        local = to_local(start, zone)
        dialog.date.setDate(QDate(local.year, local.month, local.day))
        dialog.time.setTime(QTime(local.hour, local.minute))
    dialog.exec()


def ask_delete(page: MarketingPage, o: Occurrence) -> None:
    if o.original_start is not None:  # one of a series: which ones?
        scope = ScopeQuestion("Delete", o.title, "Ctrl+Z brings it back.", page).ask()
        if scope is None:
            return
        try:
            delete_occurrence(page.store, o.touch_id, o.original_start, scope)
        except TouchError as exc:
            page.ctx.say(str(exc))
            return
        page.ctx.say(f"Deleted “{o.title}” (Ctrl+Z brings it back)")
        return
    answer = QMessageBox.question(
        page, "Delete touch", f"Delete “{o.title}”?\nCtrl+Z brings it back.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No)
    if answer != QMessageBox.StandardButton.Yes:
        return
    try:
        delete_touch(page.store, o.touch_id)
    except TouchError as exc:
        page.ctx.say(str(exc))
        return
    page.ctx.say(f"Deleted “{o.title}” (Ctrl+Z brings it back)")
