"""Menu commands that workspaces contribute to the main window.

Each entry names its menu, label, shortcut and a `module:function` that takes
the MainWindow; the module is imported only when the command runs, so the
menus cost nothing at start-up. Add one line per command.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Command:
    menu: str  # "File", "Edit", "Tools", "Help"
    label: str
    target: str  # "package.module:function", called with the MainWindow
    shortcut: str | None = None

    def run(self, window: Any) -> None:
        module, function = self.target.split(":")
        getattr(importlib.import_module(module), function)(window)


COMMANDS: tuple[Command, ...] = (
    Command("File", "Import contacts…", "sm_desk.ui.contacts.page:import_contacts_command"),
    Command("File", "Export contacts…", "sm_desk.ui.contacts.page:export_contacts_command"),
    Command("File", "Import calendar…", "sm_desk.ui.marketing.commands:import_calendar"),
    Command("File", "Export calendar…", "sm_desk.ui.marketing.commands:export_calendar"),
    Command("File", "Export weekly report…", "sm_desk.ui.reports.page:open_reports"),
    Command("Help", "Are you sales or marketing?…", "sm_desk.ui.assessment.wizard:show_wizard"),
    Command("Tools", "Sales–marketing agreement…", "sm_desk.ui.agreement.dialog:show_agreement"),
    Command("Edit", "New task…", "sm_desk.ui.tasks.dialogs:new_task_command", "Ctrl+T"),
    Command("Tools", "People who take tasks…", "sm_desk.ui.tasks.people:people_command"),
    Command("Edit", "Trash…", "sm_desk.ui.trash_dialog:show_trash"),
    Command("Tools", "Find duplicate contacts…",
            "sm_desk.ui.contacts.duplicates_dialog:find_duplicates_command"),
    Command("Tools", "Custom fields…", "sm_desk.ui.custom_fields_dialog:custom_fields_command"),
)
