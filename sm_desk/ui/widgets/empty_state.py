"""An empty view says what goes there and offers the action that fills it.

`EmptyState` lies over a view's viewport (or any widget) while `is_empty()` holds: a
sentence or two and one or two buttons. It follows the data through ctx.changed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sm_desk.core.store import Changes

STYLE = """
QFrame#emptyState { background: #ffffff; border: 1px dashed #b8c4d2; border-radius: 8px; }
QLabel#emptyTitle { font-weight: bold; font-size: 14px; color: #33404d; }
QLabel#emptyText { color: #52606d; }
"""
Action = tuple[str, Callable[[], object]]


class EmptyState(QFrame):
    def __init__(self, host: QWidget, title: str, text: str, actions: Sequence[Action],
                 is_empty: Callable[[], bool]) -> None:
        area = host.viewport() if isinstance(host, QAbstractScrollArea) else host
        super().__init__(area)
        self.setObjectName("emptyState")
        self.setStyleSheet(STYLE)
        self.is_empty = is_empty
        self._area = area
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        heading = QLabel(title)
        heading.setObjectName("emptyTitle")
        body = QLabel(text)
        body.setObjectName("emptyText")
        body.setWordWrap(True)
        for label in (heading, body):
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            layout.addWidget(label)
        row = QHBoxLayout()
        row.addStretch(1)
        self.buttons: list[QPushButton] = []
        for text_, slot in actions:
            button = QPushButton(text_)
            button.clicked.connect(lambda _=False, s=slot: s())
            row.addWidget(button)
            self.buttons.append(button)
        row.addStretch(1)
        layout.addLayout(row)
        area.installEventFilter(self)
        self.refresh()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self._area and event.type() == QEvent.Type.Resize:
            self._place()
        return False

    def _place(self) -> None:
        width = min(480, max(self._area.width() - 40, 200))
        self.setFixedWidth(width)
        self.adjustSize()
        self.move((self._area.width() - width) // 2, max((self._area.height() - self.height()) // 2, 8))

    def refresh(self) -> None:
        empty = self.is_empty()
        self.setVisible(empty)
        if empty:
            self._place()
            self.raise_()

    def follow(self, changed: object, tables: Sequence[str]) -> None:
        """Re-check after each change to `tables` (ctx.changed)."""
        def on_changed(changes: Changes) -> None:
            if changes.touches(*tables):
                self.refresh()
        changed.connect(on_changed)  # type: ignore[attr-defined]
