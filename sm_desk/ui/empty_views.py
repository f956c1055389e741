"""What each workspace's main list says while it is empty, and the button that fills it.

Installed by the main window when a page is first built, so the workspaces need no
change: the text lies over the list (contacts, deals on the board and in the table,
campaigns, tasks) until the database holds one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

from sm_desk.core.store.first_hour import holds

if TYPE_CHECKING:  # imported with the first empty view: the dashboard, built before the
    # window's first paint, has none, and the module's Qt flags cost ~12 ms to load
    from sm_desk.ui.widgets.empty_state import EmptyState


def _new(window: Any, kind: str) -> Any:
    return lambda: window.new_actions[kind].trigger()


def _import_contacts(window: Any) -> Any:
    def run() -> None:
        from sm_desk.ui.contacts.page import import_contacts_command

        import_contacts_command(window)
    return run


def install_empty_views(window: Any, key: str, page: QWidget) -> list[EmptyState]:
    store, changed = window.ctx.store, window.ctx.changed
    made: list[EmptyState] = []

    def empty_over(host: Any, what: str, tables: tuple[str, ...], title: str, text: str,
                   actions: list[tuple[str, Any]]) -> None:
        if host is None:
            return
        from sm_desk.ui.widgets.empty_state import EmptyState

        state = EmptyState(host, title, text, actions,
                           lambda: not store.closed and not holds(store, what))
        taken = sum(m.objectName().startswith(f"empty_{key}_{what}") for m in made)
        state.setObjectName(f"empty_{key}_{what}" + (f"_{taken + 1}" if taken else ""))
        state.follow(changed, tables)
        made.append(state)

    deal_text = ("A deal is one person or company about to buy: what it is worth, its stage, "
                 "and the next step with a date. Sales looks at now: this week, this month.")
    if key == "contacts":
        empty_over(getattr(page, "view", None), "contacts", ("contacts",), "No contacts yet",
                   "The people both hats work with: campaigns target them, deals are made "
                   "with them. Bring them in from a CSV, vCard or LinkedIn export, or add one.",
                   [("Import contacts…", _import_contacts(window)),
                    ("New contact…", _new(window, "Contact"))])
    elif key == "sales":
        board = getattr(page, "board", None)
        table = getattr(getattr(page, "table", None), "view", None)
        for host in (board, table):
            empty_over(host, "deal", ("deals",), "No deals yet", deal_text,
                       [("New deal…", _new(window, "Deal"))])
    elif key == "marketing":
        empty_over(getattr(page, "campaign_table", None), "campaign", ("campaigns",),
                   "No campaigns yet",
                   "A campaign speaks to many at once (a newsletter series, an event, a "
                   "season of posts); its touches go on the calendar months ahead.",
                   [("New campaign…", _new(window, "Campaign"))])
    elif key == "tasks":
        empty_over(getattr(page, "body", None), "task", ("tasks",), "No open tasks",
                   "Tasks appear here by themselves when a touch, deal or contact needs work "
                   "nobody planned: staffing the booth, answering blog comments, sending the "
                   "invoice. Add your own too.",
                   [("New task…", _new(window, "Task"))])
    return made
