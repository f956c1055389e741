"""On a deal: what the customer said (Ctrl+I logs more) and the collateral marketing
suggests for its stage and those objections. "Send by email" opens the mail client
with a mailto: link, "Copy link" puts the link on the clipboard; either logs an
email activity on the deal saying what was sent."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QBoxLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sm_desk.core.clock import from_iso
from sm_desk.core.handoffs import collateral as ammo
from sm_desk.core.handoffs.insights import INSIGHT_KIND_LABELS, deal_insights
from sm_desk.core.store import Store
from sm_desk.core.store import sales as sales_queries
from sm_desk.ui.insights.insight_dialog import SHORTCUT, InsightDialog

ID_ROLE = Qt.ItemDataRole.UserRole


class DealHandoffPanel(QWidget):
    def __init__(self, store: Store, deal_id: int, now: Callable[[], datetime],
                 on_activity: Callable[[], None] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.deal_id, self.now = store, deal_id, now
        self.on_activity = on_activity
        self.insight_dialog: InsightDialog | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        said = QGroupBox(f"What they said ({SHORTCUT} logs an insight)")
        said_box = QVBoxLayout(said)
        self.insights = QListWidget()
        self.insights.setObjectName("deal_insights")
        self.insights.setWordWrap(True)
        self.insights.setMaximumHeight(110)
        self.log_button = QPushButton("Log insight…")
        self.log_button.clicked.connect(lambda: self.log_insight())
        said_box.addWidget(self.insights)
        said_box.addWidget(self.log_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(said)
        ammo_box = QGroupBox("Suggested collateral")
        box = QVBoxLayout(ammo_box)
        self.suggested = QListWidget()
        self.suggested.setObjectName("suggested_collateral")
        self.suggested.setWordWrap(True)
        self.suggested.setMaximumHeight(130)
        self.empty = QLabel()
        self.empty.setTextFormat(Qt.TextFormat.PlainText)
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: #7b8794;")
        buttons = QHBoxLayout()
        self.send_button = QPushButton("Send by email")
        self.copy_button = QPushButton("Copy link")
        self.send_button.clicked.connect(lambda: self.send(copy=False))
        self.copy_button.clicked.connect(lambda: self.send(copy=True))
        buttons.addWidget(self.send_button)
        buttons.addWidget(self.copy_button)
        buttons.addStretch(1)
        box.addWidget(self.suggested)
        box.addWidget(self.empty)
        box.addLayout(buttons)
        layout.addWidget(ammo_box)
        self.suggested.currentRowChanged.connect(self._enable)
        self.refresh()

    def refresh(self) -> None:
        self.insights.clear()
        for row in deal_insights(self.store, self.deal_id):
            when = from_iso(row["heard_at"]).astimezone().strftime("%d %b")
            tags = f"  [{row['tags']}]" if row["tags"] else ""
            item = QListWidgetItem(f"{when}  {INSIGHT_KIND_LABELS[row['kind']]}: "
                                   f"“{row['quote']}”{tags}")
            item.setData(ID_ROLE, row["id"])
            self.insights.addItem(item)
        if not self.insights.count():
            self.insights.addItem("Nothing logged yet: objections, questions, competitors…")
        self.suggested.clear()
        for s in ammo.suggestions(self.store, self.deal_id):
            item = QListWidgetItem(f"{s.title} · {ammo.COLLATERAL_KIND_LABELS[s.kind]} — {s.why}")
            item.setData(ID_ROLE, s.id)
            item.setToolTip(s.location)
            self.suggested.addItem(item)
        self.empty.setText("" if self.suggested.count() else
                           "No collateral suits this stage or answers its objections yet: "
                           "marketing's gap list shows it.")
        self.empty.setVisible(not self.suggested.count())
        if self.suggested.count():
            self.suggested.setCurrentRow(0)
        self._enable()

    def _enable(self, *_: object) -> None:
        picked = self.suggested.currentItem() is not None
        self.send_button.setEnabled(picked)
        self.copy_button.setEnabled(picked)

    def selected_collateral(self) -> int | None:
        item = self.suggested.currentItem()
        return None if item is None else int(item.data(ID_ROLE))

    def log_insight(self, activity_id: int | None = None) -> InsightDialog:
        dialog = InsightDialog(self.store, deal_id=self.deal_id, activity_id=activity_id,
                               now=self.now, parent=self.window())
        dialog.accepted.connect(self.refresh)
        self.insight_dialog = dialog
        dialog.open()
        return dialog

    def send(self, copy: bool) -> None:
        collateral_id = self.selected_collateral()
        if collateral_id is None:
            return
        row: dict[str, Any] = self.store.get("collateral", collateral_id) or {}
        if copy:
            QGuiApplication.clipboard().setText(str(row.get("location") or row.get("title")))
        else:
            QDesktopServices.openUrl(QUrl(ammo.mailto_url(self.store, collateral_id,
                                                          self.deal_id)))
        ammo.send_collateral(self.store, collateral_id, self.deal_id, self.now())
        self.refresh()
        if self.on_activity is not None:
            self.on_activity()


def attach_handoff_panel(dialog: Any, outer: QBoxLayout) -> DealHandoffPanel:
    """Put the panel under the deal dialog's activity log, and Ctrl+I on the dialog (an
    activity selected in the log becomes the insight's source)."""
    last = outer.itemAt(outer.count() - 1)
    activities = last.widget() if last is not None else None
    assert activities is not None  # the activity log is the layout's last item
    column = QWidget()
    stack = QVBoxLayout(column)
    stack.setContentsMargins(0, 0, 0, 0)
    outer.removeWidget(activities)
    stack.addWidget(activities, 1)
    panel = DealHandoffPanel(dialog.store, dialog.deal_id, dialog.now,
                             on_activity=dialog._fill_activities, parent=column)
    stack.addWidget(panel)
    outer.addWidget(column, 2)

    def selected_activity() -> int | None:
        row = dialog.activity_list.currentRow()
        if row < 0 or not dialog.activity_list.selectedItems():
            return None
        rows = sales_queries.activities_for(dialog.store, deal_id=dialog.deal_id)
        return int(rows[row]["id"]) if row < len(rows) else None

    QShortcut(QKeySequence(SHORTCUT), dialog, lambda: panel.log_insight(selected_activity()))
    dialog.handoff_panel = panel
    return panel
