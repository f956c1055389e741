"""The question Google Calendar asks about one occurrence of a series: this touch, this
and the following ones, or the whole series."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from sm_desk.core.marketing.series import SCOPE_LABELS, SCOPES


class ScopeChoice(QWidget):
    """Three radio buttons, "This touch" chosen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        for scope in SCOPES:
            button = QRadioButton(SCOPE_LABELS[scope])
            button.setObjectName(f"scope_{scope}")
            self.group.addButton(button)
            self.buttons[scope] = button
            box.addWidget(button)
        self.buttons["this"].setChecked(True)

    def scope(self) -> str:
        return next(s for s, b in self.buttons.items() if b.isChecked())


class ScopeQuestion(QDialog):
    """'Move recurring touch' / 'Delete recurring touch': which occurrences?"""

    def __init__(self, verb: str, title: str, detail: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{verb} recurring touch")
        layout = QVBoxLayout(self)
        heading = QLabel(f"{verb} “{title}”:")
        heading.setTextFormat(heading.textFormat().PlainText)
        layout.addWidget(heading)
        self.choice = ScopeChoice(self)
        layout.addWidget(self.choice)
        if detail:
            note = QLabel(detail)
            note.setTextFormat(note.textFormat().PlainText)
            note.setWordWrap(True)
            layout.addWidget(note)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(verb)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def ask(self) -> str | None:
        """The chosen scope, None when cancelled."""
        return self.choice.scope() if self.exec() == QDialog.DialogCode.Accepted else None
