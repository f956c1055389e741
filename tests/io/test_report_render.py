"""The weekly report rendered: PDF text, self-contained HTML, CSV tables, the CLI."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from sm_desk.cli import main
from sm_desk.core.report import Week, build_report
from sm_desk.core.store import Store
from sm_desk.io.report import build_document, paper_for_locale, render_html, render_pdf
from sm_desk.io.report.csv_out import safe_cell, write_csv_folder
from tests.core.report_sample import build_sample, local_time_zone

W47 = Week(2026, 47)
# The sample's figures as the reader sees them (see tests/core/report_sample.py).
FIGURES = ("Weekly report 2026-W47", "Nov 16", "22, 2026", "3,000.00",  # revenue won
           "1,300.00",  # weighted pipeline
           "2,725.00",  # weighted pipeline last week
           "D3 won, unpaid", "Price too high", "160.00",  # campaign spend
           "75%", "target 60%", "Marketing first", "Trade fair")


@pytest.fixture
def berlin() -> Iterator[None]:
    with local_time_zone("Europe/Berlin"):
        yield


@pytest.fixture
def sample(berlin: None, store: Store) -> Store:
    build_sample(store)
    return store


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_pdf_holds_the_figures(sample: Store) -> None:
    text = pdf_text(render_pdf(build_document(build_report(sample, W47)), "a4"))
    for figure in FIGURES:
        assert figure in text, figure
    assert "Spring <launch> & co" in text  # markup-like names print as written


def test_html_holds_the_figures_escaped_and_all_six_charts(sample: Store) -> None:
    html = render_html(build_document(build_report(sample, W47)))
    for figure in FIGURES:
        assert figure in html, figure
    assert "Spring &lt;launch&gt; &amp; co" in html and "<launch>" not in html
    for title in ("Open pipeline by stage", "Won, lost and revenue won, last 8 weeks",
                  "Leads by source", "Campaigns, next 13 weeks",
                  "Tasks by function and status", "Hours per hat, last 8 weeks",
                  "Targets, last 8 weeks"):
        assert f'alt="{title}' in html
    assert html.count("<img ") == 7


def test_html_makes_no_external_request(sample: Store) -> None:
    html = render_html(build_document(build_report(sample, W47)))
    assert not re.search(r"""(src|href|action)\s*=\s*["']?\s*(https?:)?//""", html, re.I)
    assert not re.search(r"url\(|@import|<script|<link", html, re.I)
    sources = re.findall(r'<img [^>]*src="([^"]+)"', html)
    assert sources and all(s.startswith("data:image/png;base64,") for s in sources)
    assert "default-src 'none'" in html


def test_empty_week_says_so_without_empty_charts(berlin: None, store: Store) -> None:
    document = build_document(build_report(store, W47))
    assert document.charts() == []
    html = render_html(document)
    assert "No activity was recorded this week" in html and "<img" not in html
    text = pdf_text(render_pdf(document, "a4"))
    assert "No activity was recorded this week" in text
    assert "No deals were open at the end of the week." in text


@pytest.mark.parametrize(("locale_name", "paper", "size"), [
    ("en_US.UTF-8", "letter", (612, 792)), ("fr_CA.UTF-8", "letter", (612, 792)),
    ("de_DE.UTF-8", "a4", (595, 842)), ("en_GB", "a4", (595, 842)), ("C", "a4", (595, 842)),
])
def test_paper_from_locale(locale_name: str, paper: str, size: tuple[int, int],
                           monkeypatch: pytest.MonkeyPatch) -> None:
    assert paper_for_locale(locale_name) == paper
    monkeypatch.setenv("LC_ALL", locale_name)
    data = render_pdf(build_document(build_report(Store.memory(), W47), charts=False))
    box = PdfReader(io.BytesIO(data)).pages[0].mediabox
    assert (round(box.width), round(box.height)) == size


def test_paper_argument_overrides_the_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")
    data = render_pdf(build_document(build_report(Store.memory(), W47), charts=False), "a4")
    assert round(PdfReader(io.BytesIO(data)).pages[0].mediabox.height) == 842


def test_csv_folder_has_every_table_and_neutralises_formulas(sample: Store,
                                                              tmp_path: Path) -> None:
    with sample.step("Evil") as step:
        step.update("campaigns", 2, {"name": "=HYPERLINK(\"x\")"})
    written = write_csv_folder(build_document(build_report(sample, W47), charts=False),
                               tmp_path / "out")
    names = {p.name for p in written}
    assert {"summary.csv", "leads_by_campaign.csv", "deals.csv", "pipeline_by_stage.csv",
            "forecast.csv", "tasks_by_function.csv", "overdue_payments.csv",
            "spend_by_campaign.csv", "plan_by_month.csv", "campaigns_ahead.csv",
            "targets.csv", "targets_trend.csv", "hat_hours.csv"} <= names
    with open(tmp_path / "out" / "deals.csv", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["Deals", "This week", "Last week", "Change"]
    assert ["Lost", "1", "1", "no change"] in rows and ["Created", "1", "0", "+1"] in rows
    spend = (tmp_path / "out" / "spend_by_campaign.csv").read_text(encoding="utf-8")
    assert "'=HYPERLINK" in spend and "-50.00" in spend  # a change stays a number
    assert safe_cell("@SUM(A1)") == "'@SUM(A1)" and safe_cell("-3") == "-3"


def test_cli_writes_each_format(berlin: None, db_path: Path, tmp_path: Path) -> None:
    store = Store.open(db_path)
    build_sample(store)
    store.close()
    base = ["report", "--db", str(db_path), "--week", "2026-W47"]
    assert main([*base, "--format", "pdf", "--out", str(tmp_path / "r.pdf")]) == 0
    assert "3,000.00" in pdf_text((tmp_path / "r.pdf").read_bytes())
    assert main([*base, "--format", "html", "--out", str(tmp_path / "r.html")]) == 0
    assert "D3 won, unpaid" in (tmp_path / "r.html").read_text(encoding="utf-8")
    assert main([*base, "--format", "csv", "--out", str(tmp_path / "tables")]) == 0
    assert (tmp_path / "tables" / "pipeline_by_stage.csv").exists()
    # No --week: the last complete week, whatever today is.
    assert main(["report", "--db", str(db_path), "--format", "csv",
                 "--out", str(tmp_path / "latest")]) == 0


@pytest.mark.parametrize("week", ["2026-47", "2025-W53", "last week"])
def test_cli_bad_week_is_a_usage_error(week: str, db_path: Path, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["report", "--db", str(db_path), "--week", week, "--format", "pdf",
                 "--out", str(tmp_path / "r.pdf")])
    assert code == 2
    err = capsys.readouterr().err
    assert "--week" in err and ("2026-W47" in err or "weeks 1 to 52" in err)
    assert not (tmp_path / "r.pdf").exists()


def test_cli_refuses_a_missing_folder_and_a_missing_format(db_path: Path,
                                                           tmp_path: Path) -> None:
    assert main(["report", "--db", str(db_path), "--format", "pdf",
                 "--out", str(tmp_path / "nowhere" / "r.pdf")]) == 2
    assert main(["report", "--db", str(db_path), "--out", str(tmp_path / "r.pdf")]) == 2


def test_csv_keeps_changes_in_every_locale_as_numbers_but_not_formulas() -> None:
    for kept in ("-1.234,50", "+1\u202f234,5", "-€12.00", "+USD 12.00", "-3", "-2%"):
        assert safe_cell(kept) == kept
    for risky in ("=1+2", "-1e3", "@SUM(A1)", "- 3", "+cmd|' /C calc'!A0"):
        assert safe_cell(risky) == "'" + risky
