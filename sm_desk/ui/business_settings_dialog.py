"""Tools > Business settings…: the business profile (name, home currency, country, time
zone, locale, first day of the week, alone or with helpers). Also shown on first launch.

Each picker is a searchable list: type "eur", "germ" or "berlin" and pick. A preview
shows an amount and a date the way the chosen locale writes them. Saving is one
undoable step; every page re-reads the profile when the settings change.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from sm_desk.core.datefmt import full_date
from sm_desk.core.money import format_money, valid_locale
from sm_desk.core.profile import (
    WEEKDAYS,
    BusinessProfile,
    ProfileError,
    country_names,
    currency_names,
    load_profile,
    locale_names,
    update_profile,
    zone_names,
)
from sm_desk.ui.context import AppContext
from sm_desk.ui.widgets.dialog_buttons import save_cancel
from sm_desk.ui.widgets.labels import plain_label, problem_label

if TYPE_CHECKING:
    from sm_desk.ui.main_window import MainWindow

SEP = " — "


def picker(items: dict[str, str] | list[str], current: str) -> QComboBox:
    """An editable combo: 'CODE — Name' entries, filtered as the owner types."""
    box = QComboBox()
    box.setEditable(True)
    box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    box.setMaxVisibleItems(15)
    entries = ([f"{code}{SEP}{name}" for code, name in items.items()]
               if isinstance(items, dict) else list(items))
    box.addItems(entries)
    completer = QCompleter(entries, box)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    box.setCompleter(completer)
    set_code(box, current)
    return box


def set_code(box: QComboBox, code: str) -> None:
    for i in range(box.count()):
        if box.itemText(i).split(SEP)[0] == code:
            box.setCurrentIndex(i)
            return
    box.setEditText(code)


def code_of(box: QComboBox) -> str:
    """What the owner picked or typed: the code before ' — ', or the text itself."""
    return box.currentText().split(SEP)[0].strip()


class BusinessSettingsDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None,
                 first_launch: bool = False) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Business settings")
        self.setMinimumWidth(560)
        profile = load_profile(ctx.store)
        layout = QVBoxLayout(self)
        intro = ("Welcome. Tell SM Desk where your business lives: it writes amounts, dates "
                 "and weeks your way from now on. You can change this later under Tools > "
                 "Business settings." if first_launch else
                 "How amounts, dates and weeks are written everywhere: pages, reports, "
                 "exports. Deals in another currency are converted with your exchange rates "
                 "(Tools > Exchange rates).")
        layout.addWidget(plain_label(intro, "color: #52606d;"))
        form = QFormLayout()
        layout.addLayout(form)
        self.name = QLineEdit(profile.business_name)
        self.name.setPlaceholderText("Your business")
        form.addRow("Business &name:", self.name)
        self.currency = picker(currency_names(), profile.currency)
        form.addRow("Home &currency:", self.currency)
        self.country = picker(country_names(), profile.country)
        self.country.setToolTip("The default region for phone numbers")
        form.addRow("C&ountry (phone numbers):", self.country)
        self.zone = picker(zone_names(), profile.timezone)
        form.addRow("&Time zone:", self.zone)
        self.locale_box = picker(locale_names(), profile.locale)
        form.addRow("&Locale (numbers, dates):", self.locale_box)
        self.week_start = QComboBox()
        self.week_start.addItems(list(WEEKDAYS))
        self.week_start.setCurrentIndex(int(profile.week_start) % 7)
        form.addRow("&Weeks start on:", self.week_start)
        row = QHBoxLayout()
        self.alone = QRadioButton("I work &alone")
        self.helpers = QRadioButton("With &helpers (a part-timer, an agency)")
        group = QButtonGroup(self)
        group.addButton(self.alone)
        group.addButton(self.helpers)
        (self.alone if profile.works_alone else self.helpers).setChecked(True)
        row.addWidget(self.alone)
        row.addWidget(self.helpers)
        row.addStretch(1)
        form.addRow("Who does the work:", row)
        self.preview = plain_label("", "color: #1f2933; padding: 6px; background: #f3f5f8;")
        layout.addWidget(self.preview)
        self.problem = problem_label()
        layout.addWidget(self.problem)
        buttons = save_cancel(self, self.save)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        layout.addWidget(buttons)
        for box in (self.currency, self.locale_box):
            box.currentTextChanged.connect(self._update_preview)
        self._update_preview()

    def values(self) -> dict[str, object]:
        return {"business_name": self.name.text(), "currency": code_of(self.currency),
                "country": code_of(self.country), "timezone": code_of(self.zone),
                "locale": code_of(self.locale_box), "week_start": self.week_start.currentIndex(),
                "works_alone": self.alone.isChecked()}

    def _update_preview(self, *_: object) -> None:
        locale, currency = code_of(self.locale_box), code_of(self.currency).upper()
        if not valid_locale(locale) or currency not in currency_names():
            self.preview.setText("Pick a locale and a currency to see how amounts look.")
            return
        self.preview.setText(f"Amounts: {format_money(123456789, currency, locale)}    "
                             f"Dates: {full_date(date.today(), locale)}")

    def save(self) -> None:
        try:
            self.profile: BusinessProfile = update_profile(self.ctx.store, self.values())
        except ProfileError as exc:
            self.problem.setText(str(exc))
            return
        from sm_desk.ui import numbers as ui_numbers

        ui_numbers.refresh(self.ctx.store)
        self.ctx.say(f"Business settings saved: {self.profile.currency}, "
                     f"{self.profile.locale}, {self.profile.timezone}")
        self.accept()


def open_business_settings(ctx: AppContext, parent: QWidget | None = None,
                           first_launch: bool = False) -> BusinessSettingsDialog:
    dialog = BusinessSettingsDialog(ctx, parent, first_launch)
    dialog.open()
    return dialog


def business_settings_command(window: MainWindow) -> None:
    """Tools > Business settings… (commands.py)."""
    open_business_settings(window.ctx, window)
