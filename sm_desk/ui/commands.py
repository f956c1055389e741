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
    Command("File", "Import contacts…", "sm_desk.ui.contacts.page:import_contacts_command",
            "Ctrl+Shift+O"),
    Command("File", "Import deals, companies or activities…",
            "sm_desk.ui.imports.crm_wizard:import_crm_command"),
    Command("File", "Export contacts…", "sm_desk.ui.contacts.page:export_contacts_command",
            "Ctrl+E"),
    Command("File", "Import calendar…", "sm_desk.ui.marketing.commands:import_calendar",
            "Ctrl+Shift+I"),
    Command("File", "Export calendar…", "sm_desk.ui.marketing.commands:export_calendar",
            "Ctrl+Shift+E"),
    Command("File", "Export weekly report…", "sm_desk.ui.reports.page:open_reports", "Ctrl+R"),
    Command("File", "Import history…", "sm_desk.ui.imports.dialogs:import_history_command",
            "Ctrl+Shift+H"),
    Command("File", "Export everything…", "sm_desk.ui.imports.dialogs:export_everything_command",
            "Ctrl+Shift+X"),
    Command("Edit", "Find anything…", "sm_desk.ui.palette.dialog:open_palette", "Ctrl+K"),
    Command("Edit", "Search everything…", "sm_desk.ui.palette.search_dialog:open_search", "Ctrl+F"),
    Command("Tools", "Reminders…", "sm_desk.ui.reminders.dialog:show_reminders", "Ctrl+Shift+R"),
    Command("Tools", "Mail templates…", "sm_desk.ui.mail.dialogs:templates_command",
            "Ctrl+Shift+M"),
    Command("Tools", "Write email…", "sm_desk.ui.mail.dialogs:write_email_command",
            "Ctrl+Shift+W"),
    Command("Help", "Keyboard shortcuts…", "sm_desk.ui.palette.shortcuts:show_shortcuts", "F1"),
    Command("Help", "Are you sales or marketing?…", "sm_desk.ui.assessment.wizard:show_wizard",
            "Ctrl+Shift+Y"),
    Command("Tools", "Sales–marketing agreement…", "sm_desk.ui.agreement.dialog:show_agreement",
            "Ctrl+Shift+G"),
    Command("Tools", "People who take tasks…", "sm_desk.ui.tasks.people:people_command",
            "Ctrl+Shift+P"),
    Command("Edit", "Trash…", "sm_desk.ui.trash_dialog:show_trash"),
    Command("Tools", "Find duplicate contacts…",
            "sm_desk.ui.contacts.duplicates_dialog:find_duplicates_command"),
    Command("Tools", "Custom fields…", "sm_desk.ui.custom_fields_dialog:custom_fields_command"),
    Command("Tools", "Business settings…",
            "sm_desk.ui.business_settings_dialog:business_settings_command"),
    Command("Tools", "Exchange rates…", "sm_desk.ui.exchange_rates_dialog:exchange_rates_command"),
)
