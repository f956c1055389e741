"""Tools > Mail templates… (name, stage or campaign, subject, body with placeholders) and
Write email (a template filled in for a deal or contact, opened in the user's own mail
client as a mailto: link, and logged as an email activity)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sm_desk.core.clock import now_utc
from sm_desk.core.mail import (
    PLACEHOLDERS,
    Email,
    MailError,
    best_template,
    compose,
    delete_template,
    fill,
    log_email,
    save_template,
    values_for,
)
from sm_desk.core.store import Store
from sm_desk.core.store import mail as q
from sm_desk.ui.widgets.labels import plain_label

HELP = "Placeholders: " + "  ".join("{" + k + "}" for k in PLACEHOLDERS)


class TemplatesDialog(QDialog):
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setWindowTitle("Mail templates")
        self.current_id: int | None = None
        self.list = QListWidget()
        self.list.setObjectName("templates_list")
        self.list.currentItemChanged.connect(lambda item, _p: self._show(item))
        self.name = QLineEdit()
        self.name.setObjectName("template_name")
        self.stage = QComboBox()
        self.stage.setObjectName("template_stage")
        self.campaign = QComboBox()
        self.campaign.setObjectName("template_campaign")
        for combo, rows, none in ((self.stage, q.stage_choices(store), "(any stage)"),
                                  (self.campaign, q.campaign_choices(store), "(any campaign)")):
            combo.addItem(none, None)
            for row in rows:
                combo.addItem(row["name"], row["id"])
        self.subject = QLineEdit()
        self.subject.setObjectName("template_subject")
        self.body = QPlainTextEdit()
        self.body.setObjectName("template_body")
        self.problem = plain_label("")
        self.problem.setStyleSheet("color: #b00020;")
        form = QFormLayout()
        form.addRow("Name", self.name)
        form.addRow("For the stage", self.stage)
        form.addRow("For the campaign", self.campaign)
        form.addRow("Subject", self.subject)
        form.addRow("Body", self.body)
        hint = plain_label(HELP)
        hint.setStyleSheet("color: #52606d;")
        form.addRow(hint)
        form.addRow(self.problem)
        new, save, remove = QPushButton("New"), QPushButton("Save"), QPushButton("Delete")
        save.setObjectName("template_save")
        new.clicked.connect(self.new)
        save.clicked.connect(self.save)
        remove.clicked.connect(self.delete)
        buttons = QHBoxLayout()
        for button in (new, save, remove):
            buttons.addWidget(button)
        buttons.addStretch(1)
        close = QPushButton("Close")
        close.clicked.connect(self.accept)
        buttons.addWidget(close)
        right = QVBoxLayout()
        right.addLayout(form, 1)
        right.addLayout(buttons)
        layout = QHBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addLayout(right, 3)
        self.resize(820, 480)
        self.reload()
        if not self.list.count():
            self.new()

    def reload(self, select: int | None = None) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for row in q.templates(self.store):
            where = row["stage_name"] or row["campaign_name"]
            item = QListWidgetItem(row["name"] + (f"  ({where})" if where else ""))
            item.setData(Qt.ItemDataRole.UserRole, row["id"])
            self.list.addItem(item)
            if row["id"] == select:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        if select is None and self.list.count():
            self.list.setCurrentRow(0)
            self._show(self.list.currentItem())

    def _show(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        row = self.store.get("mail_templates", item.data(Qt.ItemDataRole.UserRole))
        if row is None:
            return
        self.current_id = row["id"]
        self.name.setText(row["name"])
        self.stage.setCurrentIndex(max(0, self.stage.findData(row["stage_id"])))
        self.campaign.setCurrentIndex(max(0, self.campaign.findData(row["campaign_id"])))
        self.subject.setText(row["subject"])
        self.body.setPlainText(row["body"])
        self.problem.clear()

    def new(self) -> None:
        self.current_id = None
        self.list.clearSelection()
        self.name.setText("")
        self.stage.setCurrentIndex(0)
        self.campaign.setCurrentIndex(0)
        self.subject.setText("Next step: {deal}")
        self.body.setPlainText("Hi {first_name},\n\n{next_step}\n\nBest,\n{my_name}")
        self.name.setFocus()

    def save(self) -> None:
        values = {"name": self.name.text(), "subject": self.subject.text(),
                  "body": self.body.toPlainText(), "stage_id": self.stage.currentData(),
                  "campaign_id": self.campaign.currentData()}
        try:
            changes = save_template(self.store, values, self.current_id)
        except MailError as exc:
            self.problem.setText(f"Not saved: {exc}")
            return
        ids = changes.rows.get("mail_templates") or set()
        self.current_id = self.current_id or (min(ids) if ids else None)
        self.problem.clear()
        self.reload(self.current_id)

    def delete(self) -> None:
        if self.current_id is not None:
            delete_template(self.store, self.current_id)
            self.current_id = None
            self.reload()


class WriteEmailDialog(QDialog):
    """Pick a template, see it filled in, open it in the mail client."""

    def __init__(self, store: Store, deal_id: int | None = None,
                 contact_id: int | None = None, parent: QWidget | None = None,
                 say: Any = None) -> None:
        super().__init__(parent)
        self.store, self.deal_id, self.contact_id = store, deal_id, contact_id
        self.say = say or (lambda _t: None)
        self.setWindowTitle("Write email")
        self.values = values_for(store, deal_id, contact_id)
        self.template = QComboBox()
        self.template.setObjectName("email_template")
        self.template.addItem("(no template)", None)
        for row in q.templates(store):
            self.template.addItem(row["name"], row["id"])
        best = best_template(store, deal_id, contact_id)
        if best is not None:
            self.template.setCurrentIndex(self.template.findData(best["id"]))
        self.to = QLineEdit(self.values["email"])
        self.to.setObjectName("email_to")
        self.subject = QLineEdit()
        self.subject.setObjectName("email_subject")
        self.body = QPlainTextEdit()
        self.body.setObjectName("email_body")
        self.note = plain_label("")
        self.note.setStyleSheet("color: #8a5300;")
        form = QFormLayout()
        form.addRow("Template", self.template)
        form.addRow("To", self.to)
        form.addRow("Subject", self.subject)
        form.addRow("Body", self.body)
        form.addRow(self.note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.send = buttons.addButton("Open in my mail app",
                                      QDialogButtonBox.ButtonRole.AcceptRole)
        self.send.setObjectName("email_open")
        buttons.accepted.connect(self.open_mail)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form, 1)
        layout.addWidget(plain_label("SM Desk sends nothing: your mail app opens with this text, "
                                "and the email is logged as an activity."))
        layout.addWidget(buttons)
        self.template.currentIndexChanged.connect(lambda _i: self._fill())
        self.resize(640, 480)
        self._fill()

    def _fill(self) -> None:
        template_id = self.template.currentData()
        if template_id is None:
            self.subject.setText(fill("{deal}", self.values)[0] if self.deal_id else "")
            self.body.setPlainText(fill("Hi {first_name},\n\n", self.values)[0])
            self.note.clear()
            return
        email = compose(self.store, template_id, self.deal_id, self.contact_id)
        self.subject.setText(email.subject)
        self.body.setPlainText(email.body)
        self.note.setText("Nothing fills " + ", ".join("{" + u + "}" for u in email.unknown)
                          if email.unknown else "")

    def email(self) -> Email:
        return Email(self.to.text().strip(), self.subject.text(), self.body.toPlainText(), [])

    def open_mail(self) -> None:
        email = self.email()
        if not QDesktopServices.openUrl(QUrl(email.url, QUrl.ParsingMode.StrictMode)):
            self.note.setText("No mail app opened the link; nothing was logged.")
            return
        log_email(self.store, email, now_utc(), deal_id=self.deal_id,
                  contact_id=None if self.deal_id else self.contact_id)
        self.say(f"Email to {email.to or 'the contact'} opened in your mail app and logged")
        self.accept()


def templates_command(window: Any) -> TemplatesDialog:
    """Tools > Mail templates…"""
    dialog = TemplatesDialog(window.ctx.store, window)
    window.templates_dialog = dialog
    dialog.open()
    return dialog


def write_email(parent: Any, store: Store, deal_id: int | None = None,
                contact_id: int | None = None, say: Any = None) -> WriteEmailDialog:
    dialog = WriteEmailDialog(store, deal_id, contact_id, parent, say)
    parent.email_dialog = dialog
    dialog.open()
    return dialog


def write_email_command(window: Any) -> WriteEmailDialog | None:
    """Tools > Write email…: to the contact selected in Contacts, or the deal open in Sales."""
    key = window.current_key()
    page = window.show_workspace(key)
    contact_id = page.current_id() if key == "contacts" else None
    deal_id = None
    if key == "sales" and page.tabs.currentIndex() == 1:
        index = page.table.view.currentIndex()
        deal_id = page.table.model.deal_id(index.row()) if index.isValid() else None
    if deal_id is None and contact_id is None:
        window.ctx.say("Select a contact in Contacts or a deal in the Sales table first "
                       "(or right-click a deal: Write email…)")
        return None
    return write_email(window, window.ctx.store, deal_id, contact_id, window.ctx.say)
