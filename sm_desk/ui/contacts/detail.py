"""The detail pane: who the contact is and, in two tabs, their story (the timeline:
everything that happened with them, newest first, where a call or a note is logged) and
the separate lists of their deals, activities, tasks, campaigns and touches."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QScrollArea, QTabWidget, QVBoxLayout, QWidget

from sm_desk.core.contacts.fields import LIFECYCLE_LABELS
from sm_desk.core.store import Store
from sm_desk.core.store import contacts as q
from sm_desk.ui.numbers import money
from sm_desk.ui.timeline.view import TimelineView


class ContactDetail(QWidget):
    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.contact_id: int | None = None
        self.setMinimumWidth(320)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.title = self._label("font-size: 16px; font-weight: 600; margin: 4px 6px 0 6px;")
        outer.addWidget(self.title)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("contact_tabs")
        outer.addWidget(self.tabs, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        body = QWidget()
        self.layout_ = QVBoxLayout(body)
        self.facts = self._label("color: #333;")
        self.layout_.addWidget(self.facts)
        self.lists: dict[str, QListWidget] = {}
        for key, label in (("deals", "Deals"), ("activities", "Activities"),
                           ("tasks", "Tasks"), ("campaigns", "Campaigns targeting them"),
                           ("touches", "Touches they were in the audience of")):
            self.layout_.addWidget(self._label("font-weight: 600; margin-top: 8px;", label))
            widget = QListWidget()
            widget.setObjectName(f"detail_{key}")
            widget.setMaximumHeight(110)
            self.lists[key] = widget
            self.layout_.addWidget(widget)
        self.layout_.addStretch(1)
        scroll.setWidget(body)
        self.tabs.addTab(scroll, "Details")
        # Read only while its tab is showing (a page at a time), so moving through the
        # list stays as fast as before.
        self.timeline = TimelineView(store)
        self.tabs.addTab(self.timeline, "Timeline")
        self.show_contact(None)

    def _label(self, style: str, text: str = "") -> QLabel:
        label = QLabel(text)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        label.setStyleSheet(style)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def show_timeline(self) -> TimelineView:
        self.tabs.setCurrentWidget(self.timeline)
        return self.timeline

    def show_contact(self, contact_id: int | None) -> None:
        self.contact_id = contact_id
        row = q.contact(self.store, contact_id) if contact_id is not None else None
        self.timeline.show_subject("contact" if row is not None else None, contact_id)
        for widget in self.lists.values():
            widget.clear()
        if row is None:
            self.title.setText("No contact selected")
            self.facts.setText("Pick a contact in the list, or add one with New.")
            return
        name = f"{row['first_name']} {row['last_name']}".strip() or row["email"] or "(no name)"
        self.title.setText(name)
        tags = q.contact_tags(self.store, row["id"])
        facts = [
            f"Email: {row['email'] or '-'}", f"Phone: {row['phone'] or '-'}",
            f"Company: {row['company_name'] or '-'}" + (
                f" ({row['job_title']})" if row["job_title"] else ""),
            f"Lifecycle: {LIFECYCLE_LABELS.get(row['lifecycle'], row['lifecycle'])}",
            f"Tags: {', '.join(tags) or '-'}",
            f"Source campaign: {row['source_campaign_name'] or '-'}",
        ]
        if row["notes"]:
            facts.append(f"Notes: {row['notes']}")
        self.facts.setText("\n".join(facts))
        contact = row["id"]
        self._fill("deals", [
            f"{d['title']} - {d['stage']} - {money(d['value_minor'], d['currency'])}"
            for d in q.deals_of(self.store, contact)])
        self._fill("activities", [f"{a['at'][:10]} {a['kind']}: {a['summary']}"
                                  for a in q.activities_of(self.store, contact)])
        self._fill("tasks", [f"[{t['status']}] {t['title']}" + (f" (due {t['due']})"
                                                                 if t["due"] else "")
                             for t in q.tasks_of(self.store, contact)])
        self._fill("campaigns", [
            f"{c['name']} ({c['status']}, {c['touches']} touches)"
            + (" - brought them in" if c["is_source"] else "")
            for c in q.campaigns_of(self.store, contact)])
        self._fill("touches", [f"{t['starts_at'][:10]} {t['title']} ({t['campaign']})"
                               for t in q.touches_of(self.store, contact)])

    def _fill(self, key: str, lines: list[str]) -> None:
        widget = self.lists[key]
        widget.addItems(lines or ["(none)"])
        widget.setFixedHeight(min(110, 8 + 20 * widget.count()))
