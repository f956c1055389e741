"""A time-zone picker: every IANA zone, typed to filter ('berl' finds Europe/Berlin)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

from sm_desk.core.profile import valid_zone, zone_names


class ZonePicker(QComboBox):
    def __init__(self, current: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.addItems(zone_names())
        completer = QCompleter(self.model(), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setCompleter(completer)
        self.setCurrentText(current)
        self.setToolTip("The time zone this time is in: its clock time stays the same when "
                        "daylight saving starts or ends")

    def zone(self) -> str | None:
        """The chosen zone, or None when the text names none."""
        text = self.currentText().strip()
        return text if valid_zone(text) else None
