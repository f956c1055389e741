"""A report worth printing: every week of the demo and a week with 2,000-character texts in
every field render; no line ends inside a word from the data; no page holds only a chart.

The full run over every week of the *large* demo's range takes minutes: it is
`python -m tests.io.print_run` (results in the README); the suite renders a sample of the
small demo's weeks.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from sm_desk.core.report.compute import build_report
from sm_desk.core.report.weeks import Week
from sm_desk.core.store import Store
from sm_desk.io.report.pdf import render_pdf
from sm_desk.io.report.sections import build_document
from tests.conftest import FIXED_TODAY
from tests.core.report_sample import build_sample, local_time_zone
from tests.io.print_checks import chart_only_pages, long_text, split_words, words_of

W47 = Week(2026, 47)
# table -> its free-text columns
TEXT_COLUMNS = {
    "contacts": ("first_name", "last_name"), "companies": ("name",),
    "deals": ("title", "next_step", "lost_reason"), "campaigns": ("name",),
    "touches": ("title",), "stages": ("name",), "insights": ("quote",),
    "collateral": ("title",), "people": ("name",), "segment_priorities": ("reason",),
    "handoffs": ("note",), "insight_tags": ("tag",), "tags": ("name",),
}


def stretch(store: Store, length: int) -> list[str]:
    """Every free-text field of every row `length` characters long; returns the texts."""
    texts = []
    with store.step("Long texts") as step:
        for table, columns in TEXT_COLUMNS.items():
            known = set(store.columns(table))
            for n, row in enumerate(store.query(f"SELECT id FROM {table}")):  # noqa: S608
                values: dict[str, Any] = {}
                for c, column in enumerate(columns):
                    if column in known:
                        values[column] = long_text(length, hash((table, n, c)) % 10_000)
                if values:
                    step.update(table, int(row["id"]), values)
                    texts.extend(values.values())
    return texts


def check(pdf: bytes, store_texts: list[str], document: Any) -> None:
    assert pdf.startswith(b"%PDF")
    assert split_words(pdf, words_of(store_texts)) == []
    assert chart_only_pages(pdf, [c.title for c in document.charts()]) == []


def render(store: Store, week: Week) -> tuple[bytes, Any]:
    document = build_document(build_report(store, week))
    return render_pdf(document, "a4"), document


@pytest.mark.parametrize("length", [1, 90, 2000])
def test_a_week_with_long_texts_in_every_field_prints(store: Store, length: int) -> None:
    with local_time_zone("Europe/Berlin"):
        build_sample(store)
        texts = stretch(store, length)
        pdf, document = render(store, W47)
    check(pdf, texts, document)


@pytest.mark.parametrize("length", [300, 2000])
def test_the_demo_with_long_texts_everywhere_prints(demo_store: Store, length: int) -> None:
    """The demo has what the sample lacks: customer quotes, hand-offs, collateral."""
    texts = stretch(demo_store, length)
    for week in (Week.containing(FIXED_TODAY).shift(-1), Week.containing(FIXED_TODAY)):
        pdf, document = render(demo_store, week)
        check(pdf, texts, document)


def demo_texts(store: Store) -> list[str]:
    return [str(r["t"]) for r in store.query(
        "SELECT title AS t FROM deals UNION ALL SELECT name FROM campaigns "
        "UNION ALL SELECT title FROM touches UNION ALL SELECT name FROM stages "
        "UNION ALL SELECT first_name || ' ' || last_name FROM contacts")]


def demo_weeks(store: Store) -> list[Week]:
    """Every week from the first deal made to the last touch planned."""
    first = date.fromisoformat(str(store.scalar("SELECT min(created_at) FROM deals"))[:10])
    last = date.fromisoformat(str(store.scalar("SELECT max(starts_at) FROM touches"))[:10])
    week, weeks = Week.containing(first), []
    while week.start <= last:
        weeks.append(week)
        week = week.shift(1)
    return weeks


def test_a_sample_of_the_demo_weeks_prints(demo_store: Store) -> None:
    """Every fourth week of the demo's range, and the weeks around its today (the full
    run over every week is tests/io/print_run.py: about 1 s a week)."""
    texts = demo_texts(demo_store)
    weeks = demo_weeks(demo_store)
    assert len(weeks) > 20
    around = {Week.containing(FIXED_TODAY).shift(n) for n in (-1, 0, 1)}
    for week in [w for i, w in enumerate(weeks) if i % 4 == 0 or w in around]:
        pdf, document = render(demo_store, week)
        check(pdf, texts, document)


def test_the_checks_catch_a_split_word_and_a_lonely_chart() -> None:
    """The checks are not vacuous: a word split by a too-narrow cell, and a page with
    nothing but a chart, are both found."""
    import io

    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Image, PageBreak, SimpleDocTemplate
    from reportlab.platypus import Paragraph as RLParagraph
    from reportlab.platypus import Table as RLTable

    from sm_desk.io.report import charts as draw

    out = io.BytesIO()
    style = ParagraphStyle("s", fontSize=8, leading=10)
    png = draw.bar_chart([("A", 1)])
    SimpleDocTemplate(out).build([
        RLTable([[RLParagraph("Question because", style)]], colWidths=[22]),
        PageBreak(), RLParagraph("Lonely chart", style), Image(io.BytesIO(png), 200, 60)])
    pdf = out.getvalue()
    assert split_words(pdf, {"Question", "because"})
    assert chart_only_pages(pdf, ["Lonely chart"]) == [2]
