"""The Contacts workspace: a fast list with incremental search, a detail pane, companies,
and the import/export entry points."""

from __future__ import annotations

from functools import partial
from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sm_desk.core.contacts.fields import LIFECYCLE_LABELS
from sm_desk.core.store import Changes
from sm_desk.core.store import contacts as q
from sm_desk.core.words import counted
from sm_desk.ui.contacts.detail import ContactDetail
from sm_desk.ui.contacts.model import CompaniesModel, ContactsModel
from sm_desk.ui.context import AppContext
from sm_desk.ui.insights.mount import install_contact_shortcut
from sm_desk.ui.numbers import money
from sm_desk.ui.widgets.saved_views import (
    SavedViewsBar,
    apply_columns_state,
    columns_state,
    install_column_menu,
)

TABLES = ("contacts", "companies", "contact_tags", "tags", "deals", "activities", "tasks",
          "campaigns", "touches", "custom_fields", "custom_values")


class ContactsPage(QWidget):
    company_view: QTableView
    _companies_page: QWidget

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.store = ctx.store
        self._companies: CompaniesModel | None = None  # read when first wanted
        self._companies_stale = False  # changed since read: read again when next wanted
        self.tabs = QTabWidget()
        self.tabs.addTab(self._contacts_tab(), "Contacts")
        self.tabs.addTab(self._companies_tab(), "Companies")
        self.tabs.currentChanged.connect(self._tab_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.tabs)
        ctx.changed.connect(self._on_changed)
        install_contact_shortcut(self)  # Ctrl+I: log what this contact said
        self._update_count()

    # -- contacts tab ----------------------------------------------------------------------

    def _contacts_tab(self) -> QWidget:
        self.model = ContactsModel(self.store)
        self.search = QLineEdit()
        self.search.setObjectName("contact_search")
        self.search.setPlaceholderText("Search name, email, company or tag…")
        self.search.setClearButtonEnabled(True)
        self._search_timer = QTimer(self, singleShot=True, interval=120)
        self._search_timer.timeout.connect(self._apply_search)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.lifecycle = QComboBox()
        self.lifecycle.setObjectName("lifecycle_filter")
        self.lifecycle.addItem("Every lifecycle", "")
        for key, label in LIFECYCLE_LABELS.items():
            self.lifecycle.addItem(label, key)
        self.lifecycle.currentIndexChanged.connect(lambda _i: self._apply_lifecycle())
        self.count = QLabel()
        self.count.setObjectName("contact_count")
        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        bar.addWidget(self.lifecycle)
        self.views = SavedViewsBar(self.store, "contacts", self.view_state, self.apply_view_state)
        bar.addWidget(self.views)
        bar.addWidget(self.count)
        buttons = QHBoxLayout()
        for name, text, slot in (("new", "New", self.new_contact), ("edit", "Edit", self.edit),
                                 ("delete", "Delete", self.delete),
                                 ("merge", "Merge…", self.merge),
                                 ("import", "Import CSV…", self.open_import),
                                 ("export", "Export CSV…", self.export)):
            button = QPushButton(text)
            button.setObjectName(f"contacts_{name}")
            button.clicked.connect(slot)
            buttons.addWidget(button)
            setattr(self, f"{name}_button", button)
        self.stage_button = QPushButton("Lifecycle")  # the menu button draws its own arrow
        menu = QMenu(self.stage_button)
        for key, label in LIFECYCLE_LABELS.items():
            menu.addAction(label, partial(self.set_stage, key))
        self.stage_button.setMenu(menu)
        buttons.insertWidget(3, self.stage_button)
        buttons.addStretch(1)
        self.view = QTableView()
        self.view.setObjectName("contacts_table")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(24)
        self.view.setAlternatingRowColors(True)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((180, 230, 160, 135)):
            self.view.setColumnWidth(column, width)
        header.setStretchLastSection(True)
        # The indicator first: switching sorting on sorts by it (Qt's default is Name
        # descending, a second query over every contact for nothing).
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.view.setSortingEnabled(True)
        install_column_menu(self.view)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._show_current())
        self.view.doubleClicked.connect(lambda _i: self.edit())
        self.detail = ContactDetail(self.store)
        split = QSplitter()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(bar)
        left_layout.addLayout(buttons)
        left_layout.addWidget(self.view, 1)
        split.addWidget(left)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        QShortcut(QKeySequence.StandardKey.Delete, self.view, self.delete)
        return split

    def _apply_search(self) -> None:
        self._search_timer.stop()  # applied now: no second run when the pause ends
        self.model.set_filter(text=self.search.text())
        self._update_count()
        if self.model.rowCount():
            self.view.selectRow(0)

    def _apply_lifecycle(self) -> None:
        self.model.set_filter(lifecycle=self.lifecycle.currentData())
        self._update_count()  # the label said the count before the lifecycle changed

    def view_state(self) -> dict[str, Any]:
        """The filter, sort and columns, for a saved view."""
        return {"text": self.search.text(), "lifecycle": self.lifecycle.currentData() or "",
                **columns_state(self.view)}

    def apply_view_state(self, state: dict[str, Any]) -> None:
        self.lifecycle.setCurrentIndex(max(self.lifecycle.findData(state.get("lifecycle", "")),
                                           0))
        self.search.setText(str(state.get("text", "")))
        self._search_timer.stop()
        self._apply_search()
        apply_columns_state(self.view, state)

    def _update_count(self) -> None:
        shown, total = self.model.rowCount(), self.model.total
        self.count.setText(f"{shown:,} of {total:,}" if shown != total else f"{total:,} contacts")

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        return [self.model.contact_id(r) for r in rows]

    def current_id(self) -> int | None:
        index = self.view.currentIndex()
        return self.model.contact_id(index.row()) if index.isValid() else None

    def _show_current(self) -> None:
        self.detail.show_contact(self.current_id())

    def select_contact(self, contact_id: int) -> None:
        row = self.model.row_of(contact_id)
        if row is not None:
            self.view.selectionModel().setCurrentIndex(
                self.model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)
            self.view.scrollTo(self.model.index(row, 0))

    # -- actions ---------------------------------------------------------------------------

    # The dialogs and the service load when first used: opening Contacts need not pay
    # for them (~25 ms of imports).

    def new_contact(self) -> None:
        from sm_desk.core.contacts.service import created_id
        from sm_desk.ui.contacts.dialogs import ContactDialog

        dialog = ContactDialog(self.store, parent=self)
        if dialog.exec() and dialog.changes is not None:
            self.select_contact(created_id(dialog.changes))
            self.ctx.say("Contact added")

    def edit(self) -> None:
        contact_id = self.current_id()
        if contact_id is not None:
            from sm_desk.ui.contacts.dialogs import ContactDialog

            dialog = ContactDialog(self.store, contact_id, parent=self)
            if dialog.exec():
                self.ctx.say("Contact saved")

    def delete(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        from sm_desk.core.contacts.service import delete_contacts

        delete_contacts(self.store, ids)
        self.ctx.say(f"Deleted {counted(len(ids), 'contact')}. Edit > Undo (Ctrl+Z) brings them back.")

    def merge(self) -> None:
        ids = self.selected_ids()
        if len(ids) < 2:
            self.ctx.say("Select two or more contacts to merge (Ctrl+click).")
            return
        from sm_desk.core.contacts.service import merge_contacts
        from sm_desk.ui.contacts.dialogs import MergeDialog

        dialog = MergeDialog(self.store, ids, self)
        if dialog.exec():
            keep = dialog.keep_id()
            merge_contacts(self.store, keep, ids)
            self.select_contact(keep)
            self.ctx.say(f"Merged {len(ids)} contacts. Edit > Undo reverses it.")

    def set_stage(self, lifecycle: str) -> None:
        ids = self.selected_ids()
        if ids:
            from sm_desk.core.contacts.service import set_lifecycle

            set_lifecycle(self.store, ids, lifecycle)

    def open_import(self) -> None:
        from sm_desk.ui.contacts.wizard import ImportWizard

        wizard = ImportWizard(self.store, self, say=self.ctx.say)
        wizard.exec()

    def export(self) -> None:
        from sm_desk.io.csv_export import export_contacts

        filtered = self.model.rowCount() != self.model.total
        path, _ = QFileDialog.getSaveFileName(self, "Export contacts", "contacts.csv",
                                              "CSV files (*.csv)")
        if not path:
            return
        try:
            count = export_contacts(self.store, path,
                                    self.model.visible_ids() if filtered else None)
        except OSError as exc:
            QMessageBox.warning(self, "Export failed", f"Could not write {path}: {exc}")
            return
        self.ctx.say(f"Exported {count:,} contacts to {path}"
                     + (" (the current filter)" if filtered else ""))

    # -- companies tab ---------------------------------------------------------------------

    @property
    def companies(self) -> CompaniesModel:
        return self._load_companies()

    def _load_companies(self) -> CompaniesModel:
        """The companies list, read when first wanted (the tab shown, or a caller asking):
        opening Contacts need not read 50,000 company ids."""
        if self._companies is None:
            self._companies = CompaniesModel(self.store)
            self.company_view.setModel(self._companies)
            self.company_view.setColumnWidth(0, 220)
            self.company_view.selectionModel().currentRowChanged.connect(
                lambda *_: self._show_company())
        elif self._companies_stale:
            self._companies.reload()
        self._companies_stale = False
        return self._companies

    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self._companies_page:
            self._load_companies()

    def _companies_tab(self) -> QWidget:
        self.company_view = QTableView()
        self.company_view.setObjectName("companies_table")
        self.company_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.company_view.verticalHeader().setVisible(False)
        self.company_view.horizontalHeader().setStretchLastSection(True)
        self.company_view.doubleClicked.connect(lambda *_: self.edit_company())
        self.company_view.activated.connect(lambda *_: self.edit_company())  # Enter
        self.company_people = QListWidget()
        self.company_deals = QListWidget()
        buttons = QHBoxLayout()
        for text, name, slot in (("New company…", "new_company", self.new_company),
                                 ("Edit…", "edit_company", self.edit_company),
                                 ("Delete company", "delete_company", self._delete_company)):
            button = QPushButton(text)
            button.setObjectName(name)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.addWidget(QLabel("Contacts"))
        side_layout.addWidget(self.company_people)
        side_layout.addWidget(QLabel("Deals"))
        side_layout.addWidget(self.company_deals)
        side_layout.addLayout(buttons)
        split = QSplitter()
        split.addWidget(self.company_view)
        split.addWidget(side)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        self._companies_page = split
        return split

    def _company_id(self) -> int | None:
        index = self.company_view.currentIndex()
        return self.companies.company_id(index.row()) if index.isValid() else None

    def _show_company(self) -> None:
        self.company_people.clear()
        self.company_deals.clear()
        company = self._company_id()
        if company is None:
            return
        self.company_people.addItems([
            f"{r['first_name']} {r['last_name']}".strip() + f"  <{r['email'] or '-'}>  "
            f"{r['lifecycle']}" for r in q.company_contacts(self.store, company)] or ["(none)"])
        self.company_deals.addItems([
            f"{d['title']} - {d['stage']} - {money(d['value_minor'], d['currency'])}"
            for d in q.company_deals(self.store, company)] or ["(none)"])

    def new_company(self) -> None:
        self._company_dialog(None)

    def edit_company(self) -> None:
        company = self._company_id()
        if company is not None:
            self._company_dialog(company)

    def _company_dialog(self, company: int | None) -> None:
        from sm_desk.core.contacts.service import created_id
        from sm_desk.ui.contacts.company_dialog import CompanyDialog

        dialog = CompanyDialog(self.store, company, self)
        if dialog.exec() and dialog.changes is not None:
            saved = company if company is not None else created_id(dialog.changes, "companies")
            row = self.companies.row_of_company(saved)
            if row is not None:
                self.company_view.selectRow(row)
            self.ctx.say("Company saved. Ctrl+Z undoes it.")

    def _delete_company(self) -> None:
        company = self._company_id()
        if company is not None:
            from sm_desk.core.contacts.service import delete_company

            delete_company(self.store, company)
            self.ctx.say("Company deleted; its contacts and deals stay. Ctrl+Z undoes it.")

    # -- repaint ---------------------------------------------------------------------------

    def _on_changed(self, changes: Changes) -> None:
        if not changes.touches(*TABLES):
            return
        current = self.current_id()
        self.model.apply_changes(changes)
        if changes.touches("companies", "contacts", "deals") and self._companies is not None:
            # Re-read now if they are on screen, else when next shown.
            self._companies_stale = True
            if self.tabs.currentWidget() is self._companies_page:
                self._load_companies()
        self._update_count()
        if current is not None and self.model.row_of(current) is not None:
            self.select_contact(current)
        else:
            self._show_current()


def create_page(ctx: AppContext) -> QWidget:
    return ContactsPage(ctx)


def _page(window: object) -> ContactsPage:
    page = window.show_workspace("contacts")  # type: ignore[attr-defined]
    assert isinstance(page, ContactsPage)
    return page


def import_contacts_command(window: object) -> None:
    """File > Import contacts…"""
    _page(window).open_import()


def export_contacts_command(window: object) -> None:
    """File > Export contacts…"""
    _page(window).export()
