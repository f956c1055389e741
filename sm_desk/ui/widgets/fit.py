"""Keep a window's minimum size to what is on screen now.

A QStackedWidget is as wide as its widest page, shown or not, so one wide page opened
once would keep the window from ever shrinking back. Hidden pages get the Ignored
policy (no minimum); the page shown gets its own back.
"""

from __future__ import annotations

from PySide6.QtWidgets import QSizePolicy, QStackedWidget, QWidget

IGNORED = QSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
PREFERRED = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)


def fit_stack_to_current(stack: QStackedWidget, current: QWidget) -> None:
    """`current` (about to be shown) sets the stack's minimum; the other pages do not."""
    for index in range(stack.count()):
        page = stack.widget(index)
        if page is not None:
            page.setSizePolicy(PREFERRED if page is current else IGNORED)
    current.setSizePolicy(PREFERRED)
    stack.updateGeometry()


def relax_buttons(page: QWidget) -> None:
    """Let the page's push buttons shrink to their text (the style's 80 px floor made a
    row of five short buttons 400 px at least); their preferred size is unchanged."""
    from PySide6.QtWidgets import QPushButton

    for button in page.findChildren(QPushButton):
        if button.minimumWidth() == 0 and button.text():
            text = button.text().replace("&", "")
            snug = button.fontMetrics().horizontalAdvance(text) + 20
            if snug < button.minimumSizeHint().width():
                button.setMinimumWidth(snug)
