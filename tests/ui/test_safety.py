"""Data safety as the user meets it: restore from the menu, refusals that offer a way
out, the synced-folder warning, and errors that say what happened to the change."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from sm_desk.core.demo import generate_demo
from sm_desk.core.store import Store
from sm_desk.core.store.backup import backup_to, backups_dir
from sm_desk.ui import app as app_module
from sm_desk.ui.safety import RestoreDialog, explain, warn_if_cloud_synced


@pytest.fixture
def business(db_path: Path) -> Path:
    store = Store.open(db_path)
    generate_demo(store, "small")
    backup_to(store, backups_dir(db_path) / f"{db_path.stem}-2026-11-20_090000.db")
    store.close()
    return db_path


def test_restore_dialog_lists_backups_with_counts(qtbot: QtBot, business: Path) -> None:
    dialog = RestoreDialog(business)
    qtbot.addWidget(dialog)
    assert dialog.list.count() == 1
    assert "20 Nov 2026" in dialog.list.item(0).text()
    assert "200 contacts" in dialog.list.item(0).text()
    assert dialog.chosen() is not None and dialog.chosen().name.endswith("090000.db")


def test_restore_from_the_file_menu(qtbot: QtBot, qsettings: None, business: Path,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    controller = app_module.Controller()
    window = controller.open(business)
    assert window is not None
    with window.ctx.store.step("Delete deal") as step:
        step.delete("deals", 1)
    monkeypatch.setattr(RestoreDialog, "exec", lambda self: 1)
    window.restore_requested.emit()
    assert controller.window is not None and controller.window is not window
    store = controller.window.ctx.store
    assert store.scalar("SELECT count(*) FROM deals") == 60
    kept = list(backups_dir(business).glob("*before-restore.db"))
    assert len(kept) == 1  # the file that was replaced is itself kept
    controller.window.close()


def test_damaged_file_offers_the_newest_backup(qtbot: QtBot, qsettings: None, business: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    data = bytearray(business.read_bytes())
    data[100:4096] = b"\xa5" * (4096 - 100)
    business.write_bytes(bytes(data))
    offered: list[str] = []

    def click_restore(box: QMessageBox) -> int:
        button = next(b for b in box.buttons() if b.text().startswith("Restore the backup"))
        offered.append(button.text())
        button.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", click_restore)
    window = app_module.Controller().open(business)
    assert offered == ["Restore the backup of 20 Nov 2026 09:00"]
    assert window is not None and window.ctx.store.scalar("SELECT count(*) FROM deals") == 60
    assert business.with_name(business.name + ".damaged").exists()
    window.close()


def test_synced_folder_warns_once(qtbot: QtBot, qsettings: None, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    synced = tmp_path / "Dropbox" / "shop.db"
    box = warn_if_cloud_synced(window, synced)
    assert box is not None and "Dropbox" in box.text()
    box.close()
    assert warn_if_cloud_synced(window, synced) is None
    assert warn_if_cloud_synced(window, tmp_path / "Documents" / "shop.db") is None


def test_failed_writes_are_explained() -> None:
    assert "disk is full" in explain(sqlite3.OperationalError("database or disk is full"))
    assert "intact" in explain(sqlite3.OperationalError("database or disk is full"))
    assert "read-only" in explain(sqlite3.OperationalError("attempt to write a readonly database"))
