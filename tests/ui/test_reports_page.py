"""The Reports page: week picker, preview in the window, save through a dialog."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from sm_desk.core.report import Week
from sm_desk.core.store import Store
from sm_desk.ui.context import AppContext
from sm_desk.ui.reports.page import ReportsPage


def make_page(qtbot, store: Store) -> ReportsPage:  # type: ignore[no-untyped-def]
    page = ReportsPage(AppContext(store))
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.document is not None and not page.busy, timeout=15000)
    return page


def test_default_is_last_complete_week_and_arrows_move_the_preview(qtbot, demo_store) -> None:  # type: ignore[no-untyped-def]
    page = make_page(qtbot, demo_store)
    assert page.week == Week.last_complete()
    page.set_week(Week(2026, 47))
    qtbot.waitUntil(lambda: "Weekly report 2026-W47" in page.browser.toPlainText()
                    and not page.busy, timeout=15000)
    assert "Open pipeline and forecast" in page.browser.toPlainText()
    assert len(page.browser.images) == len(page.document.charts()) > 0
    qtbot.mouseClick(page.previous_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Weekly report 2026-W46" in page.browser.toPlainText(),
                    timeout=15000)
    assert "2026-W46" in page.week_label.text()


def test_save_as_pdf_through_the_dialog(qtbot, demo_store, tmp_path: Path,  # type: ignore[no-untyped-def]
                                        monkeypatch) -> None:
    page = make_page(qtbot, demo_store)
    page.set_week(Week(2026, 47))
    target = tmp_path / "week.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "")))
    qtbot.waitUntil(lambda: page.save_buttons["pdf"].isEnabled(), timeout=15000)
    qtbot.mouseClick(page.save_buttons["pdf"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: target.exists() and not page.busy, timeout=15000)
    text = PdfReader(str(target)).pages[0].extract_text()
    assert "Weekly report 2026-W47" in text
    assert "Saved" in page.status.text()


def test_empty_database_preview_says_so(qtbot, store) -> None:  # type: ignore[no-untyped-def]
    page = make_page(qtbot, store)
    assert "No activity was recorded this week" in page.browser.toPlainText()
    assert page.browser.images == {}


def test_csv_save_writes_a_folder(qtbot, demo_store, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    page = make_page(qtbot, demo_store)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory",
                        staticmethod(lambda *a, **k: str(tmp_path)))
    qtbot.mouseClick(page.save_buttons["csv"], Qt.MouseButton.LeftButton)
    folder = tmp_path / f"sm-desk-report-{page.week.label}"
    qtbot.waitUntil(lambda: (folder / "summary.csv").exists() and not page.busy, timeout=15000)
    assert (folder / "pipeline_by_stage.csv").exists()


def test_file_menu_command_opens_the_reports_page(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    action = next(a for m in window.menuBar().actions() if m.text() == "&File"
                  for a in m.menu().actions() if a.text() == "Export weekly report…")
    action.trigger()
    assert window.stack.currentWidget().objectName() == "page_reports"
    page = window.stack.currentWidget()
    qtbot.waitUntil(lambda: page.document is not None and not page.busy, timeout=15000)


def test_a_file_is_read_in_the_background_while_the_window_writes(  # type: ignore[no-untyped-def]
        qtbot, db_path: Path, monkeypatch) -> None:
    """On a database file the figures are read by the pool thread over its own
    connection: the page is there at once, a write on the window's connection goes
    through meanwhile, and the preview that arrives holds the week's figures."""
    from sm_desk.core.demo import generate_demo
    from sm_desk.core.report import compute

    store = Store.open(db_path)
    generate_demo(store, today=Week(2026, 47).end)
    reading = {"threads": set()}
    real_build = compute.build_report

    def build_report(reader: Store, week: Week):  # type: ignore[no-untyped-def]
        import threading

        reading["threads"].add(threading.current_thread().name)
        assert reader is not store and reader.path == store.path
        return real_build(reader, week)

    monkeypatch.setattr("sm_desk.ui.reports.page.build_report", build_report)
    page = ReportsPage(AppContext(store))
    qtbot.addWidget(page)
    page.show()
    page.set_week(Week(2026, 47))
    assert page.busy and page.progress.isVisible()  # building, and the page says so
    with store.step("Rename while the report reads") as step:
        step.update("companies", 1, {"name": "Renamed meanwhile"})
    qtbot.waitUntil(lambda: page.document is not None and not page.busy, timeout=30000)
    assert "Weekly report 2026-W47" in page.browser.toPlainText()
    assert "Open pipeline and forecast" in page.browser.toPlainText()
    import threading

    assert reading["threads"] and threading.current_thread().name not in reading["threads"]
    assert store.get("companies", 1)["name"] == "Renamed meanwhile"
    page.close()
    store.close()
