"""Shared fixtures. GUI tests run offscreen; settings and data never touch the real home."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from sm_desk.core.store import Store  # noqa: E402

# A fixed day for everything that depends on the date: a Monday, mid-quarter.
FIXED_TODAY = date(2026, 11, 23)


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path_factory: pytest.TempPathFactory,
                      monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path_factory.mktemp("data")
    monkeypatch.setenv("SM_DESK_DATA_DIR", str(data))


# Zones a calendar bug can hide in: none, east with DST, west with DST, far east (+13).
ZONES = ["UTC", "Europe/Berlin", "America/Los_Angeles", "Pacific/Auckland"]


@pytest.fixture(params=ZONES)
def computer_zone(request: pytest.FixtureRequest) -> Iterator[str]:
    """Run the test once with the computer set to each of ZONES (TZ and tzset)."""
    from tests.touch_rows import computer_in

    with computer_in(str(request.param)):
        yield str(request.param)


@pytest.fixture
def store() -> Iterator[Store]:
    """A fresh, empty in-memory database with the full schema."""
    fresh = Store.memory()
    yield fresh
    fresh.close()


@pytest.fixture
def demo_store() -> Iterator[Store]:
    """The small demo business, generated for FIXED_TODAY."""
    from sm_desk.core.demo import generate_demo

    fresh = Store.memory()
    generate_demo(fresh, "small", seed=1, today=FIXED_TODAY)
    yield fresh
    fresh.close()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "business.db"


@pytest.fixture
def qsettings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """QSettings in a temporary folder (window geometry, recent files)."""
    from PySide6.QtCore import QCoreApplication, QSettings

    folder = tmp_path_factory.mktemp("settings")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    QCoreApplication.setOrganizationName("SM Desk Tests")
    QCoreApplication.setApplicationName("SM Desk Tests")
    yield


@pytest.fixture
def window(qtbot, qsettings, demo_store: Store):  # type: ignore[no-untyped-def]
    """The main window over the small demo business, shown offscreen."""
    from sm_desk.ui.context import AppContext
    from sm_desk.ui.main_window import MainWindow

    win = MainWindow(AppContext(demo_store))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    qtbot.waitUntil(lambda: win.ctx.painted)
    qtbot.wait(20)  # the work queued for after the first paint (badge, dashboard) runs
    return win
