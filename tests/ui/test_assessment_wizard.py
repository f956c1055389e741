"""Walk the whole self-assessment wizard with the keyboard, apply its advice, check the db."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWizard

from sm_desk.core.agreement import load_agreement
from sm_desk.core.store import Store
from sm_desk.ui.assessment.wizard import AssessmentWizard, QuestionPage, ResultPage
from sm_desk.ui.context import AppContext


def _sales_number(page: QuestionPage) -> int:
    """1-based number of the most sales-leaning answer (business: the lowest need)."""
    answers = page.question.answers
    best = max(range(len(answers)),
               key=lambda i: (answers[i].sales - answers[i].marketing, -answers[i].need))
    return best + 1


def _open(qtbot, store: Store) -> AssessmentWizard:  # type: ignore[no-untyped-def]
    wizard = AssessmentWizard(AppContext(store))
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    wizard.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is wizard, timeout=2000)
    return wizard


def _alt(qtbot, wizard: AssessmentWizard, key: Qt.Key) -> None:  # type: ignore[no-untyped-def]
    """A mnemonic (Alt+letter) animates a click: wait for the page to change."""
    before = wizard.currentId()
    QTest.keyClick(wizard.focusWidget() or wizard, key, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: wizard.currentId() != before, timeout=2000)


def _answer_all(qtbot, wizard: AssessmentWizard) -> None:  # type: ignore[no-untyped-def]
    QTest.keyClick(wizard.currentPage(), Qt.Key.Key_Return)  # intro -> first question
    for index, page in enumerate(wizard.question_pages):
        assert wizard.currentPage() is page
        assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
        QTest.keyClick(page, Qt.Key.Key_0 + _sales_number(page))
        if index % 5 == 1:
            _alt(qtbot, wizard, Qt.Key.Key_N)  # Alt+N for Next
        else:
            QTest.keyClick(wizard.currentPage(), Qt.Key.Key_Return)


def test_keyboard_walk_stores_result_and_applies_chosen_suggestions(
        qtbot, demo_store: Store) -> None:  # type: ignore[no-untyped-def]
    wizard = _open(qtbot, demo_store)
    _answer_all(qtbot, wizard)
    result = wizard.currentPage()
    assert isinstance(result, ResultPage)
    assert result.verdict.text() == "Sales-leaning"
    assert "within 10 points" in result.scores.text()
    assert not result.chart.pixmap().isNull()
    row = demo_store.query_one("SELECT * FROM assessments")
    assert row is not None and row["verdict"] == "sales-leaning"
    assert row["sales_score"] == 100.0 and row["needs_level"] == "low"
    assert len(json.loads(row["answers"])) == len(wizard.question_pages)

    labels = [box.text() for box, _ in result.checks]
    assert any("Answer blog comments" in t and "Sam" in t for t in labels)
    # untick the blog-comments suggestion with the keyboard (focus it, press space)
    blog_box = next(box for box, s in result.checks if s.name == "blog.answer_comments")
    blog_box.setFocus()
    QTest.keyClick(blog_box, Qt.Key.Key_Space)
    assert not blog_box.isChecked()
    open_unassigned = demo_store.scalar(
        "SELECT count(*) FROM tasks WHERE rule = 'newsletter.reply' AND status = 'open' "
        "AND assignee_id IS NULL")
    assert open_unassigned > 0
    QTest.keyClick(blog_box, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)  # &Apply
    qtbot.waitUntil(lambda: not result.apply_button.isEnabled(), timeout=2000)

    agreement = load_agreement(demo_store)
    sam = demo_store.scalar("SELECT id FROM people WHERE name LIKE 'Sam%'")
    assert agreement.default_assignees.get("newsletter.reply") == sam
    assert "blog.answer_comments" not in agreement.default_assignees
    assert agreement.targets["touches_sent"] == 4 and agreement.hat_target_sales_share == 0.35
    assert demo_store.scalar(
        "SELECT count(*) FROM tasks WHERE rule = 'newsletter.reply' AND status = 'open' "
        "AND assignee_id IS NULL") == 0
    assert "Applied" in result.applied.text() and not result.apply_button.isEnabled()

    QTest.keyClick(wizard.currentPage(), Qt.Key.Key_Return)  # -> history
    assert wizard.history_page.model.rowCount() == 1
    QTest.keyClick(wizard.currentPage(), Qt.Key.Key_Return)  # Finish
    assert not wizard.isVisible()
    # one undo takes the whole application back
    assert demo_store.undo_label == "Apply assessment advice"
    demo_store.undo()
    assert load_agreement(demo_store).default_assignees == {}


def test_going_back_to_change_an_answer_keeps_one_result(
        qtbot, store: Store) -> None:  # type: ignore[no-untyped-def]
    wizard = _open(qtbot, store)
    _answer_all(qtbot, wizard)
    assert wizard.currentPage().verdict.text() == "Sales-leaning"  # type: ignore[attr-defined]
    # back through the business part and all person questions, flipping each to marketing
    for page in reversed(wizard.question_pages):
        wizard.back()
        if page.question.part == "person":
            answers = page.question.answers
            flip = max(range(len(answers)), key=lambda i: answers[i].marketing - answers[i].sales)
            QTest.keyClick(page, Qt.Key.Key_0 + flip + 1)
    while wizard.currentPage() is not wizard.result_page:
        QTest.keyClick(wizard.currentPage(), Qt.Key.Key_Return)
    assert wizard.result_page.verdict.text() == "Marketing-leaning"
    rows = store.query("SELECT verdict FROM assessments")
    assert rows == [{"verdict": "marketing-leaning"}]
    # no helpers in an empty database: the advice says to add one, nothing to assign
    assert "Add a helper" in wizard.result_page.points.text()
    assert all(s.kind != "assignee" for _, s in wizard.result_page.checks)


def test_menu_commands_open_the_wizard_and_the_agreement(window) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QAction

    from sm_desk.ui.agreement.dialog import AgreementDialog

    actions = {a.text(): a for a in window.findChildren(QAction)}
    actions["Are you sales or marketing?…"].trigger()
    assert any(isinstance(w, AssessmentWizard) and w.isVisible()
               for w in QApplication.topLevelWidgets())
    actions["Sales–marketing agreement…"].trigger()
    assert any(isinstance(w, AgreementDialog) and w.isVisible()
               for w in QApplication.topLevelWidgets())
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, AssessmentWizard | AgreementDialog):
            widget.close()
