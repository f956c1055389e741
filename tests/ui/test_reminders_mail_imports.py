"""Reminders (mocked tray), Write email (mocked mail client), import history with Undo,
Export everything, and the import wizard reading a vCard: as a user would, then the db."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from PySide6.QtCore import QObject, QPoint, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QPushButton

from sm_desk.core.clock import to_iso
from sm_desk.core.mail import save_template
from sm_desk.io.csv_import import import_contacts
from sm_desk.ui.contacts.wizard import ImportWizard
from sm_desk.ui.reminders.service import ReminderService

NOW = datetime(2026, 11, 23, 12, 0).astimezone()  # noon where the computer is


class FakeTray(QObject):
    clicked = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[tuple[str, str]] = []

    def notify(self, title: str, text: str) -> None:
        self.calls.append((title, text))


def test_due_task_notifies_click_opens_it_and_snooze_holds(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    store = window.ctx.store
    clock = {"now": NOW}
    tray = FakeTray()
    window.reminders = service = ReminderService(window, tray, now=lambda: clock["now"],
                                                 interval_ms=20, first_check_ms=-1)
    qtbot.waitUntil(lambda: bool(tray.calls))  # the timer ran: what the demo has due
    assert tray.calls[0][0].endswith("reminders")
    with store.step("New task") as step:
        task = step.insert("tasks", {"title": "Call the printer", "due": "2026-11-23",
                                     "created_at": to_iso(NOW), "updated_at": to_iso(NOW)})
    qtbot.waitUntil(lambda: len(tray.calls) == 2)
    assert tray.calls[1] == ("Task: Call the printer", "Task due today")
    service.timer.stop()
    tray.clicked.emit()  # the user clicks the notification
    assert window.current_key() == "tasks"
    assert window.item_dialog.isVisible()
    window.item_dialog.reject()

    from sm_desk.ui.reminders.dialog import show_reminders

    dialog = show_reminders(window)
    row = next(n for n, r in enumerate(dialog.model.rows) if r.item_id == task)
    dialog.view.selectRow(row)
    qtbot.mouseClick(_button(dialog, "snooze_hour"), _left())
    assert store.query("SELECT kind, item_id, until FROM reminder_snoozes") == [
        {"kind": "task", "item_id": task, "until": to_iso(NOW + timedelta(hours=1))}]
    assert task not in [r.item_id for r in dialog.model.rows]
    dialog.reject()
    clock["now"] = NOW + timedelta(minutes=30)
    assert service.check() == []
    clock["now"] = NOW + timedelta(minutes=61)
    assert [r.item_id for r in service.check()] == [task]


def _button(dialog, name):  # type: ignore[no-untyped-def]
    return dialog.findChild(QPushButton, name)


def _left() -> Qt.MouseButton:
    return Qt.MouseButton.LeftButton


def test_write_email_on_a_deal_opens_mailto_and_logs(qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    store = window.ctx.store
    deal = store.query_one(
        "SELECT d.id, d.title, d.stage_id, c.email, c.first_name FROM deals d "
        "JOIN contacts c ON c.id = d.contact_id JOIN stages s ON s.id = d.stage_id "
        "WHERE s.outcome = 'open' AND c.email IS NOT NULL LIMIT 1")
    save_template(store, {"name": "Stage mail", "stage_id": deal["stage_id"],
                          "subject": "About {deal}", "body": "Hi {first_name},\nsee you."})
    opened: list[str] = []
    from PySide6.QtGui import QDesktopServices

    monkeypatch.setattr(QDesktopServices, "openUrl",
                        staticmethod(lambda url: opened.append(url.toString()) or True))
    sales = window.show_workspace("sales")
    menu = sales.deal_menu(deal["id"], QPoint(0, 0), run=False)
    next(a for a in menu.actions() if a.text() == "Write email…").trigger()
    dialog = sales.email_dialog
    assert dialog.template.currentText() == "Stage mail"
    assert dialog.subject.text() == f"About {deal['title']}"
    before = store.scalar("SELECT count(*) FROM activities WHERE deal_id = ?", [deal["id"]])
    qtbot.mouseClick(dialog.send, _left())
    (url,) = opened
    parts = urlsplit(url)
    assert parts.scheme == "mailto" and parts.path == deal["email"]
    assert parse_qs(parts.query)["body"] == [f"Hi {deal['first_name']},\r\nsee you."]
    assert store.scalar("SELECT count(*) FROM activities WHERE deal_id = ? AND kind = 'email'",
                        [deal["id"]]) >= 1
    assert store.scalar("SELECT count(*) FROM activities WHERE deal_id = ?",
                        [deal["id"]]) == before + 1
    assert store.scalar("SELECT summary FROM activities ORDER BY id DESC LIMIT 1") == (
        f"Email: About {deal['title']}")


def test_templates_dialog_saves_a_template(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    from sm_desk.ui.mail.dialogs import templates_command

    dialog = templates_command(window)
    dialog.name.clear()
    qtbot.keyClicks(dialog.name, "Booth follow-up")
    dialog.campaign.setCurrentIndex(1)
    qtbot.mouseClick(_button(dialog, "template_save"), _left())
    row = window.ctx.store.query_one("SELECT name, campaign_id, subject FROM mail_templates")
    assert row["name"] == "Booth follow-up" and row["campaign_id"] == dialog.campaign.itemData(1)
    assert row["subject"] == "Next step: {deal}"
    dialog.accept()


def test_import_history_undo_button(qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    store = window.ctx.store
    known = store.query_one("SELECT id, email, job_title FROM contacts WHERE email IS NOT NULL "
                            "LIMIT 1")
    before = store.scalar("SELECT count(*) FROM contacts")
    import_contacts(store, (f"Name,Email,Job Title\nNew One,new1@example.com,X\n"
                            f"New Two,new2@example.com,Y\n"
                            f"Known,{known['email']},Changed title\n").encode())
    from sm_desk.ui.imports.dialogs import import_history_command

    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    dialog = import_history_command(window)
    assert dialog.model.rows[0]["created"] == 2 and dialog.model.rows[0]["updated"] == 1
    qtbot.mouseClick(dialog.undo_button, _left())
    assert store.scalar("SELECT count(*) FROM contacts") == before
    assert store.scalar("SELECT job_title FROM contacts WHERE id = ?", [known["id"]]) == (
        known["job_title"])
    assert "Removed 2 records" in dialog.report.toPlainText()
    assert not dialog.undo_button.isEnabled()
    dialog.accept()


def test_export_everything_goes_into_a_new_folder(window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from sm_desk.ui.imports.dialogs import export_everything_command

    (tmp_path / "taxes.pdf").write_text("mine")
    folder = export_everything_command(window, str(tmp_path))
    assert folder is not None and folder.parent == tmp_path
    assert (folder / "README.txt").exists() and (folder / "contacts.csv").exists()
    assert (tmp_path / "taxes.pdf").read_text() == "mine"


def test_import_wizard_reads_a_vcard(qtbot, store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "phone.vcf"
    path.write_bytes("BEGIN:VCARD\r\nVERSION:3.0\r\nN:Ångström;Zoë;;;\r\n"
                     "EMAIL;TYPE=home:zoe@home.se\r\nEMAIL;TYPE=work,pref:zoe@firma.se\r\n"
                     "END:VCARD\r\n".encode())
    wizard = ImportWizard(store)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.keyClicks(wizard.file_page.path, str(path))
    wizard.next()
    assert "1 vCards" in wizard.mapping_page.info.text()
    wizard.next()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.result_page.finished, timeout=5000)
    row = store.query_one("SELECT first_name, last_name, email, notes FROM contacts")
    assert (row["first_name"], row["last_name"], row["email"]) == ("Zoë", "Ångström",
                                                                   "zoe@firma.se")
    assert "zoe@home.se" in row["notes"]
    assert store.query_one("SELECT kind, file_name FROM imports") == {
        "kind": "vcard", "file_name": "phone.vcf"}
