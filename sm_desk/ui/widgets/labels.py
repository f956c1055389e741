"""Labels for user text: shown as plain text (never rich text), wrapped."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel


def plain_label(text: str = "", style: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    if style:
        label.setStyleSheet(style)
    return label


def problem_label() -> QLabel:
    """Where a form says why it was not saved (dark red, empty until then)."""
    return plain_label("", "color: #b00020;")
