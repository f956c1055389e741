"""The command line: exit codes mean something, errors are one line, never a traceback."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from sm_desk.cli import main
from sm_desk.core.store import Store


def test_help_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for command in ("demo", "check", "backup", "import", "export"):
        assert command in out


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.startswith("sm-desk ")


def test_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["frobnicate"]) == 2
    assert "invalid choice" in capsys.readouterr().err


def test_opening_the_app_skips_loading_every_command(monkeypatch: pytest.MonkeyPatch,
                                                    tmp_path: Path) -> None:
    import sm_desk.cli as cli
    import sm_desk.ui.app as app

    opened: list[tuple[str | None, bool, bool]] = []
    monkeypatch.setattr(app, "run_gui", lambda db, demo=False, quit_after_start=False:
                        opened.append((db, demo, quit_after_start)) or 0)
    monkeypatch.setattr(cli, "build_parser", lambda: pytest.fail("full parser built"))
    assert main(["--db", str(tmp_path / "a.db"), "--quit-after-start"]) == 0
    assert main(["--demo"]) == 0
    assert opened == [(str(tmp_path / "a.db"), False, True), (None, True, False)]


def test_gui_option_missing_its_value_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db"]) == 2
    assert "expected one argument" in capsys.readouterr().err


def test_demo_then_check(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--db", str(db_path), "--seed", "3"]) == 0
    assert "200 contacts" in capsys.readouterr().out
    assert main(["check", "--db", str(db_path)]) == 0
    out = capsys.readouterr().out
    assert "Integrity: ok" in out
    assert "contacts" in out and "200" in out


def test_db_option_before_the_command_also_works(db_path: Path) -> None:
    assert main(["--db", str(db_path), "demo"]) == 0
    store = Store.open(db_path)
    try:
        assert store.scalar("SELECT count(*) FROM contacts") == 200
    finally:
        store.close()


def test_demo_never_writes_into_a_database_with_data(db_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--db", str(db_path)]) == 0
    assert main(["demo", "--db", str(db_path), "--seed", "2"]) == 1
    assert "already holds data" in capsys.readouterr().err


def test_refused_database_exits_3_without_traceback(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    not_ours = tmp_path / "notes.db"
    not_ours.write_text("shopping list")
    assert main(["check", "--db", str(not_ours)]) == 3
    err = capsys.readouterr().err
    assert "not an SM Desk database" in err and "Traceback" not in err


def test_check_reports_broken_links_and_exits_1(db_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    main(["demo", "--db", str(db_path)])
    conn = sqlite3.connect(db_path)  # another tool wrote a dangling reference
    conn.execute("UPDATE deals SET contact_id = 999999 WHERE id = 1")
    conn.commit()
    conn.close()
    capsys.readouterr()
    assert main(["check", "--db", str(db_path)]) == 1
    assert "PROBLEMS" in capsys.readouterr().out


def test_backup_writes_a_verified_copy(db_path: Path, tmp_path: Path) -> None:
    main(["demo", "--db", str(db_path)])
    target = tmp_path / "copy.db"
    assert main(["backup", "--db", str(db_path), "--to", str(target)]) == 0
    copy = Store.open(target)
    try:
        assert copy.scalar("SELECT count(*) FROM deals") == 60
    finally:
        copy.close()
    assert main(["backup", "--db", str(db_path), "--to", str(target)]) == 4  # never overwrites


def test_restore_lists_then_restores(db_path: Path, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    main(["demo", "--db", str(db_path)])
    assert main(["backup", "--db", str(db_path)]) == 0
    capsys.readouterr()
    assert main(["restore", "--db", str(db_path)]) == 0
    listing = capsys.readouterr().out
    assert "200 contacts" in listing
    backup = listing.split()[2]
    store = Store.open(db_path)
    with store.step("Delete deal") as step:
        step.delete("deals", 1)
    store.close()
    assert main(["restore", backup, "--db", str(db_path)]) == 0
    assert "previous database was kept" in capsys.readouterr().out
    store = Store.open(db_path)
    try:
        assert store.scalar("SELECT count(*) FROM deals") == 60
    finally:
        store.close()


def test_restore_of_a_non_backup_exits_4_and_changes_nothing(
        db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["demo", "--db", str(db_path)])
    before = db_path.read_bytes()
    junk = tmp_path / "junk.db"
    junk.write_text("not a backup")
    assert main(["restore", str(junk), "--db", str(db_path)]) == 4
    assert "was not changed" in capsys.readouterr().err
    assert db_path.read_bytes() == before
