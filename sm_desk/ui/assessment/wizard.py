"""The wizard: intro, one page per question (digits choose an answer, Enter goes on),
the result with its chart, verdict, advice and suggested changes, and the history."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from sm_desk.core.assessment import load_bank, score
from sm_desk.core.assessment.advice import RULE_LABELS, Advice, Suggestion
from sm_desk.core.assessment.bank import Question
from sm_desk.core.assessment.scoring import (
    BALANCED_MARGIN,
    NEEDS_PHRASES,
    VERDICT_LABELS,
    Result,
)
from sm_desk.core.assessment.service import advice_for, apply_advice, save_result
from sm_desk.core.words import counted
from sm_desk.ui.assessment.history import HistoryPage
from sm_desk.ui.context import AppContext
from sm_desk.ui.widgets.labels import plain_label

if TYPE_CHECKING:
    from sm_desk.ui.main_window import MainWindow


class IntroPage(QWizardPage):
    def __init__(self, total: int) -> None:
        super().__init__()
        self.setTitle("Are you sales or marketing?")
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(
            "Marketing speaks to many: it looks ahead, tells the story of the business and "
            "brings people in. Sales speaks to one: it listens, handles objections, closes "
            "and collects the money. Very few people are good at both, and when one person "
            "wears both hats, the weaker half quietly gets too little."))
        layout.addWidget(plain_label(
            f"{total} short questions in two parts: first about you, then about your "
            "business (how much one-to-one selling it needs). There are no right answers. "
            "At the end you get a verdict, what it means for your business, and changes the "
            "app can make for you, each shown before it is applied."))
        layout.addWidget(plain_label("Keyboard: type the number of an answer, Enter for the next "
                               "question.", "color: #6b7785;"))
        layout.addStretch(1)


class QuestionPage(QWizardPage):
    def __init__(self, wizard: AssessmentWizard, question: Question, number: int, total: int,
                 part_title: str, part_intro: str) -> None:
        super().__init__()
        self._wizard = wizard
        self.question = question
        self.setTitle(f"{part_title} · question {number} of {total}")
        layout = QVBoxLayout(self)
        progress = QProgressBar()
        progress.setRange(0, total)
        progress.setValue(number - 1)
        progress.setFormat(f"{number - 1} of {total} answered")
        layout.addWidget(progress)
        layout.addWidget(plain_label(part_intro, "color: #6b7785;"))
        layout.addSpacing(10)
        layout.addWidget(plain_label(question.text, "font-size: 15px; font-weight: bold;"))
        layout.addSpacing(4)
        layout.setSpacing(10)
        self.group = QButtonGroup(self)
        for index, answer in enumerate(question.answers):
            button = QRadioButton(f"{index + 1}   {answer.text}")
            self.group.addButton(button, index)
            layout.addWidget(button)
        self.group.idClicked.connect(self._chosen)
        layout.addStretch(1)

    def _chosen(self, index: int) -> None:
        self._wizard.answers[self.question.id] = self.question.answers[index].key
        self.completeChanged.emit()

    def choose(self, index: int) -> None:
        button = self.group.button(index)
        if button is not None:
            button.setChecked(True)
            self._chosen(index)

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        return self.question.id in self._wizard.answers

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        chosen = self._wizard.answers.get(self.question.id)
        keys = [a.key for a in self.question.answers]
        if chosen in keys:
            self.group.button(keys.index(chosen)).setChecked(True)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        text = event.text()
        if text.isdigit() and 1 <= int(text) <= len(self.question.answers):
            self.choose(int(text) - 1)
            next_button = self._wizard.button(QWizard.WizardButton.NextButton)
            next_button.setFocus()
            return
        super().keyPressEvent(event)


class ResultPage(QWizardPage):
    def __init__(self, wizard: AssessmentWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle("Your result")
        self.result: Result | None = None
        self.advice: Advice | None = None
        self.checks: list[tuple[QCheckBox, Suggestion]] = []
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        outer.addWidget(scroll)
        body = QWidget()
        scroll.setWidget(body)
        self.body = QVBoxLayout(body)
        self.chart = QLabel()
        self.chart.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.verdict = plain_label("", "font-size: 17px; font-weight: bold;")
        self.scores = plain_label("", "color: #4a5563;")
        self.headline = plain_label("")
        self.points = plain_label("")
        self.handoff = plain_label("")
        self.body.addWidget(self.verdict)
        self.body.addWidget(self.scores)
        self.body.addWidget(self.chart)
        self.body.addWidget(self.headline)
        self.body.addWidget(self.points)
        self.body.addWidget(self.handoff)
        self.suggest_title = plain_label("Suggested changes (tick the ones you want):",
                                   "font-weight: bold; margin-top: 6px;")
        self.body.addWidget(self.suggest_title)
        self.suggest_box = QVBoxLayout()
        self.body.addLayout(self.suggest_box)
        row = QHBoxLayout()
        self.apply_button = QPushButton("&Apply the ticked changes")
        self.apply_button.setAutoDefault(False)  # Enter still means Next
        self.apply_button.clicked.connect(self.apply)
        self.applied = plain_label("", "color: #2e7d32;")
        row.addWidget(self.apply_button)
        row.addWidget(self.applied, 1)
        self.body.addLayout(row)
        self.body.addStretch(1)

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        wizard = self._wizard
        store = wizard.ctx.store
        result = self.result = score(wizard.answers, wizard.bank)
        wizard.result_id, _ = save_result(store, result, replace_id=wizard.result_id)
        advice = self.advice = advice_for(store, result)
        self.verdict.setText(f"{VERDICT_LABELS[result.verdict]}")
        self.scores.setText(
            f"Sales {result.sales_score:g} / 100, marketing {result.marketing_score:g} / 100 "
            f"(balanced when within {BALANCED_MARGIN:g} points). Your business needs "
            f"{NEEDS_PHRASES[result.needs_level]} one-to-one selling "
            f"({result.needs_level}, {result.needs_score:g} / 100).")
        from sm_desk.ui.assessment.chart import result_chart

        self.chart.setPixmap(result_chart(result.sales_score, result.marketing_score,
                                          result.needs_score))
        self.headline.setText(advice.headline)
        self.points.setText("\n".join(f"• {p}" for p in advice.points))
        self.handoff.setText("Boundary tasks to hand to a helper: "
                             + ", ".join(RULE_LABELS[r] for r in advice.handoff_rules) + ".")
        for box, _ in self.checks:
            self.suggest_box.removeWidget(box)
            box.deleteLater()
        self.checks = []
        for suggestion in advice.suggestions:
            box = QCheckBox(suggestion.label)
            box.setChecked(True)
            self.suggest_box.addWidget(box)
            self.checks.append((box, suggestion))
        has = bool(advice.suggestions)
        self.suggest_title.setText("Suggested changes (tick the ones you want):" if has else
                                   "Nothing to change: your settings already follow this advice.")
        self.apply_button.setVisible(has)
        self.apply_button.setEnabled(has)
        self.applied.setText("")

    def chosen(self) -> list[Suggestion]:
        return [s for box, s in self.checks if box.isChecked()]

    def apply(self) -> None:
        chosen = self.chosen()
        if not chosen:
            self.applied.setText("Tick at least one change first.")
            return
        outcome = apply_advice(self._wizard.ctx.store, chosen)
        for box, _ in self.checks:
            box.setEnabled(False)
        self.apply_button.setEnabled(False)
        self.applied.setText(f"Applied {counted(len(chosen), 'change')}: "
                             f"{counted(outcome.assigned, 'open task')} handed over, "
                             f"{counted(outcome.redated, 'task')} re-dated, none cancelled or "
                             "completed. Edit > Undo takes them back.")
        self._wizard.button(QWizard.WizardButton.NextButton).setFocus()
        self._wizard.ctx.say(f"Applied {counted(len(chosen), 'change')} from the self-assessment")


class AssessmentWizard(QWizard):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.bank = load_bank()
        self.answers: dict[str, str] = {}
        self.result_id: int | None = None
        self.setWindowTitle("Are you sales or marketing?")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, False)
        self.resize(820, 720)
        total = len(self.bank.questions)
        self.addPage(IntroPage(total))
        self.question_pages: list[QuestionPage] = []
        number = 0
        for part in self.bank.parts:
            for question in self.bank.in_part(part.key):
                number += 1
                page = QuestionPage(self, question, number, total, part.title, part.intro)
                self.question_pages.append(page)
                self.addPage(page)
        self.result_page = ResultPage(self)
        self.result_page_id = self.addPage(self.result_page)
        self.history_page = HistoryPage(ctx)
        self.addPage(self.history_page)


def open_wizard(ctx: AppContext, parent: QWidget | None = None) -> AssessmentWizard:
    wizard = AssessmentWizard(ctx, parent)
    wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    wizard.open()
    return wizard


def show_wizard(window: MainWindow) -> None:
    """Help > Are you sales or marketing?… (called with the MainWindow)."""
    open_wizard(window.ctx, window)
