"""Marketing's Insights view: what customers said, grouped by kind and tag with counts
over the last 30 and 90 days (frequent and unanswered groups in red, first); the
quotes of the picked group newest first with the deals they came from; "Answered
by…" links them to the campaign or touch that answers them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from sm_desk.core import clock
from sm_desk.core.clock import from_iso
from sm_desk.core.domain import TOUCH_KIND_LABELS
from sm_desk.core.handoffs.insights import (
    FREQUENT_AT,
    INSIGHT_KIND_LABELS,
    INSIGHT_KINDS,
    InsightGroup,
    insight_groups,
    insights_of,
    set_answer,
)
from sm_desk.core.store import Changes, Store
from sm_desk.core.store import handoffs as q
from sm_desk.core.words import counted
from sm_desk.ui.widgets.labels import plain_label
from sm_desk.ui.widgets.rows_model import Column, RowsModel, selected_rows, table_view
from sm_desk.ui.widgets.when_shown import ReloadWhenShown

WATCHED = ("insights", "insight_tags", "touches", "campaigns", "deals")


GROUP_COLUMNS = [
    Column("Kind", lambda r: INSIGHT_KIND_LABELS[r["group"].kind],
           lambda r: INSIGHT_KINDS.index(r["group"].kind)),
    Column("Tag", lambda r: r["group"].tag or "(no tag)"),
    Column("30 days", lambda r: str(r["group"].last_30), lambda r: r["group"].last_30, True),
    Column("90 days", lambda r: str(r["group"].last_90), lambda r: r["group"].last_90, True),
    Column("Unanswered", lambda r: str(r["group"].unanswered_90) if r["group"].unanswered_90
           else "answered" if r["group"].last_90 else "", lambda r: r["group"].unanswered_90,
           True),
]
QUOTE_COLUMNS = [
    Column("Heard", lambda r: from_iso(r["heard_at"]).astimezone().strftime("%Y-%m-%d"),
           lambda r: r["heard_at"]),
    Column("Kind", lambda r: INSIGHT_KIND_LABELS[r["kind"]]),
    Column("Quote", lambda r: f"“{r['quote']}”"),
    Column("Tags", lambda r: r["tags"] or ""),
    Column("From deal", lambda r: r["deal"] or r["contact"] or ""),
    Column("Answered by", lambda r: r["answered_by"] or "— unanswered —"),
]


class AnswerDialog(QDialog):
    """Pick the touch or campaign that answers the insights (type to search)."""

    def __init__(self, store: Store, count: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Answered by")
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(f"Which touch or campaign answers {counted(count, 'insight')}?"))
        self.choice = QComboBox()
        self.choice.setEditable(True)
        self.choice.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.choice.setMinimumWidth(420)
        for row in q.answer_choices(store):
            if row["type"] == "touch":
                when = from_iso(row["starts_at"]).astimezone().strftime("%d %b %Y")
                text = (f"{TOUCH_KIND_LABELS.get(row['kind'], 'Touch')}: {row['name']} — {when}"
                        + (f" ({row['campaign']})" if row["campaign"] else ""))
            else:
                text = f"Campaign: {row['name']}"
            self.choice.addItem(text, (row["type"], row["id"]))
        completer = self.choice.completer()
        assert completer is not None  # an editable combo box always has one
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        layout.addWidget(self.choice)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def picked(self) -> tuple[str, int] | None:
        data = self.choice.currentData()
        return None if data is None else (str(data[0]), int(data[1]))

    def pick_text(self, text: str) -> bool:
        """Select the first choice containing `text` (tests and keyboard users)."""
        for i in range(self.choice.count()):
            if text.casefold() in self.choice.itemText(i).casefold():
                self.choice.setCurrentIndex(i)
                return True
        return False


class InsightsView(QWidget):
    def __init__(self, store: Store, say: Callable[[str], None] = lambda _: None,
                 today: Callable[[], date] = clock.today,
                 now: Callable[[], datetime] = clock.now_utc) -> None:
        super().__init__()
        self.store, self.say, self.today, self.now = store, say, today, now
        self.dialog: AnswerDialog | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        bar = QHBoxLayout()
        title = plain_label("What customers said", "font-weight: bold; font-size: 14px")
        title.setWordWrap(False)
        self.kind = QComboBox()
        self.kind.addItem("All kinds", None)
        for key in INSIGHT_KINDS:
            self.kind.addItem(INSIGHT_KIND_LABELS[key], key)
        self.summary = plain_label("", "color: #52606d;")
        bar.addWidget(title)
        bar.addWidget(self.kind)
        bar.addWidget(self.summary, 1)
        layout.addLayout(bar)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.groups = RowsModel(GROUP_COLUMNS, alert=lambda r: r["group"].stands_out)
        self.group_view = table_view(self.groups, "insight_groups", widths=(140, 120, 58, 58))
        self.quotes = RowsModel(QUOTE_COLUMNS, alert=lambda r: False)
        self.quote_view = table_view(self.quotes, "insight_quotes", multi=True,
                                     widths=(80, 90, 300, 95, 170))
        right = QWidget()
        right_box = QVBoxLayout(right)
        right_box.setContentsMargins(0, 0, 0, 0)
        self.quote_title = plain_label("", "font-weight: bold;")
        right_box.addWidget(self.quote_title)
        right_box.addWidget(self.quote_view, 1)
        buttons = QHBoxLayout()
        self.answer_button = QPushButton("Answered by…")
        self.answer_button.setToolTip("Link the selected quotes (or the whole group's "
                                      "unanswered ones) to the touch or campaign that answers "
                                      "them")
        self.clear_button = QPushButton("Clear answer")
        self.answer_button.clicked.connect(lambda: self.answer())
        self.clear_button.clicked.connect(self.clear_answer)
        buttons.addWidget(self.answer_button)
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        right_box.addLayout(buttons)
        splitter.addWidget(self.group_view)
        splitter.addWidget(right)
        splitter.setSizes([480, 800])
        layout.addWidget(splitter, 1)
        layout.addWidget(plain_label(
            f"Red: heard {FREQUENT_AT}+ times in 90 days and not answered by any campaign or "
            "touch yet. Sales logs insights with Ctrl+I on a deal or contact.",
            "color: #7b8794;"))
        self.kind.currentIndexChanged.connect(lambda _: self.reload())
        self.group_view.selectionModel().selectionChanged.connect(lambda *_: self.show_quotes())
        self.loader = ReloadWhenShown(self, self.reload)  # read when first shown

    def on_changed(self, changes: Changes) -> None:
        if changes.touches(*WATCHED):
            self.loader.request()

    def current_group(self) -> InsightGroup | None:
        rows = selected_rows(self.group_view)
        index = rows[0] if rows else self.group_view.currentIndex().row()
        return self.groups.row(index)["group"] if 0 <= index < len(self.groups.rows) else None

    def reload(self) -> None:
        keep = self.current_group()
        groups = insight_groups(self.store, self.today(), self.kind.currentData())
        self.groups.set_rows([{"group": g} for g in groups])
        standing = sum(g.stands_out for g in groups)
        heard = sum(g.last_90 for g in groups)
        self.summary.setText(f"{len(groups)} groups · {standing} frequent and unanswered"
                             if groups else "Nothing logged yet.")
        self.summary.setToolTip(f"{heard} tag mentions in the last 90 days")
        row = 0
        if keep is not None:
            row = next((i for i, r in enumerate(self.groups.rows)
                        if (r["group"].kind, r["group"].tag) == (keep.kind, keep.tag)), 0)
        if self.groups.rows:
            self.group_view.selectRow(row)
        self.show_quotes()

    def select_group(self, kind: str, tag: str) -> bool:
        for i, r in enumerate(self.groups.rows):
            if (r["group"].kind, r["group"].tag) == (kind, tag):
                self.group_view.selectRow(i)
                self.show_quotes()
                return True
        return False

    def show_quotes(self) -> None:
        group = self.current_group()
        if group is None:
            self.quotes.set_rows([])
            self.quote_title.setText("")
            return
        self.quotes.set_rows(insights_of(self.store, group.kind, group.tag))
        self.quote_title.setText(f"{group.label}: newest first")

    def target_ids(self) -> list[int]:
        picked = [self.quotes.row(i)["id"] for i in selected_rows(self.quote_view)]
        return picked or [r["id"] for r in self.quotes.rows if not r["answered_by"]]

    def answer(self, run: bool = True) -> AnswerDialog | None:
        ids = self.target_ids()
        if not ids:
            self.say("Every quote here is answered already")
            return None
        dialog = AnswerDialog(self.store, len(ids), self)
        self.dialog = dialog

        def save() -> None:
            picked = dialog.picked()
            if picked is None:
                return
            kind, target = picked
            set_answer(self.store, ids, self.now(), touch_id=target if kind == "touch" else None,
                       campaign_id=target if kind == "campaign" else None)
            self.say(f"Linked {counted(len(ids), 'insight')} (Ctrl+Z undoes)")
        dialog.accepted.connect(save)
        if run:
            dialog.open()
        return dialog

    def clear_answer(self) -> None:
        ids = [self.quotes.row(i)["id"] for i in selected_rows(self.quote_view)]
        if ids:
            set_answer(self.store, ids, self.now())

