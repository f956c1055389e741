"""Faults are named, never mistaken for damage: a full disk, a read-only place, a lock,
a missing folder, another program's file, a newer version and real damage each get their
own message and exit code, and every file the user had keeps its bytes."""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import stat
from pathlib import Path
from types import SimpleNamespace

import pytest

from sm_desk.cli.common import (
    EXIT_DAMAGED,
    EXIT_DISK_FULL,
    EXIT_IN_USE,
    EXIT_MISSING,
    EXIT_READ_ONLY,
    EXIT_REFUSED,
    EXIT_TOO_NEW,
    EXIT_USAGE,
)
from sm_desk.core.store import Store
from tests.hostile.conftest import Cli, needs_normal_user, snapshot

CARD = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nEMAIL:ada@example.org\r\nEND:VCARD\r\n"


@pytest.fixture
def card(tmp_path: Path) -> Path:
    path = tmp_path / "ada.vcf"
    path.write_bytes(CARD)
    return path


def no_space(*args: object, **kwargs: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def contacts_in(path: Path) -> int:
    store = Store.open(path)
    try:
        return int(store.scalar("SELECT count(*) FROM contacts"))
    finally:
        store.close()


# -- disk full -------------------------------------------------------------------------------

@pytest.mark.parametrize("command", [
    ["export", "contacts", "{out}"],
    ["report", "--week", "2026-W47", "--format", "html", "--out", "{out}"],
])
def test_full_disk_while_writing_a_file_keeps_the_previous_one(
        business: Path, tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch,
        command: list[str]) -> None:
    out = tmp_path / "mine.out"
    out.write_bytes(b"the user's previous file")
    monkeypatch.setattr(os, "fsync", no_space)  # the data never reaches the disk
    code, _, err = cli(*[c.format(out=out) for c in command], "--db", business)
    assert code == EXIT_DISK_FULL
    assert "full" in err
    assert out.read_bytes() == b"the user's previous file"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "mine.out"]  # no temp file


def test_full_disk_while_writing_rejects_keeps_the_previous_file(
        business: Path, tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    rejects = tmp_path / "rejects.csv"
    rejects.write_bytes(b"last week's rejects")
    data = tmp_path / "in.csv"
    data.write_text("First Name,Email\nBad,not-an-email\n")
    monkeypatch.setattr(os, "fsync", no_space)
    code, _, err = cli("import", "contacts", data, "--rejects", rejects, "--db", business)
    assert code == EXIT_DISK_FULL and "full" in err
    assert rejects.read_bytes() == b"last week's rejects"


def test_full_disk_at_commit_is_not_damage(business: Path, cli: Cli,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    configure = Store._configure

    def full_after_open(self: Store) -> None:
        configure(self)
        pages = self.scalar("PRAGMA page_count")
        self.conn.execute(f"PRAGMA max_page_count = {pages}")  # not one page more fits

    before = snapshot(business.parent)
    source = business.parent.parent / "many.csv"
    source.write_text("First Name,Email\n" + "".join(
        f"P{i},p{i}@example.org\n" for i in range(3000)))
    monkeypatch.setattr(Store, "_configure", full_after_open)
    code, _, err = cli("import", "contacts", source, "--db", business)
    assert code == EXIT_DISK_FULL
    assert "full" in err and "damaged" not in err
    monkeypatch.undo()
    assert snapshot(business.parent) == before
    assert cli("check", "--db", business)[0] == 0


def test_restore_on_a_nearly_full_disk_touches_nothing(
        business: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    assert cli("backup", "--db", business)[0] == 0
    backup = next((business.parent / "backups").iterdir())
    before = snapshot(business.parent)
    monkeypatch.setattr(shutil, "disk_usage", lambda path: SimpleNamespace(
        total=10**9, used=10**9 - 4096, free=4096))  # one page left
    code, _, err = cli("restore", "--db", business, backup)
    assert code == EXIT_DISK_FULL
    assert "nothing was changed" in err
    assert snapshot(business.parent) == before  # no .damaged, no half-copied file


def test_restore_when_the_safety_copy_hits_a_full_disk_keeps_the_database(
        business: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """The reported loss: a healthy file renamed .damaged because the disk was full."""
    assert cli("backup", "--db", business)[0] == 0
    backup = next((business.parent / "backups").iterdir())
    before = snapshot(business.parent)
    monkeypatch.setattr(os, "fsync", no_space)
    code, _, err = cli("restore", "--db", business, backup)
    assert code == EXIT_DISK_FULL and "damaged" not in err
    monkeypatch.undo()
    assert snapshot(business.parent) == before
    assert cli("check", "--db", business)[0] == 0  # still there, still whole


# -- restore ---------------------------------------------------------------------------------

def test_two_restores_in_one_second_keep_both_safety_copies_and_list_them(
        business: Path, cli: Cli) -> None:
    assert cli("backup", "--db", business)[0] == 0
    backup = next((business.parent / "backups").iterdir())
    assert cli("restore", "--db", business, backup)[0] == 0
    assert cli("restore", "--db", business, backup)[0] == 0
    kept = sorted((business.parent / "backups").glob("*before-restore.db"))
    assert len(kept) == 2
    listing = cli("restore", "--db", business)[1]
    assert all(str(k) in listing for k in kept)
    assert listing.count("kept before a restore") == 2


def test_restore_refuses_a_backup_from_a_newer_version(business: Path, tmp_path: Path,
                                                       cli: Cli) -> None:
    newer = tmp_path / "newer.db"
    assert cli("backup", "--db", business, "--to", newer)[0] == 0
    conn = sqlite3.connect(newer)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                 "VALUES ('sm_desk', '9999_from_the_future', '2030-01-01')")
    conn.commit()
    conn.close()
    before = snapshot(business.parent)
    code, _, err = cli("restore", "--db", business, newer)
    assert code == EXIT_TOO_NEW and "newer version" in err
    assert snapshot(business.parent) == before


def test_restore_with_relative_paths(business: Path, cli: Cli,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(business.parent)
    assert cli("backup", "--db", "business.db", "--to", "copy.db")[0] == 0
    code, out, _ = cli("restore", "--db", "business.db", "copy.db")
    assert code == 0 and "Restored" in out
    assert contacts_in(business) == 200


# -- damage ----------------------------------------------------------------------------------

def _scribble(path: Path, page: int) -> None:
    """Overwrite one page with garbage, as a bad disk sector would."""
    size = 4096
    with open(path, "r+b") as handle:
        handle.seek((page - 1) * size)
        handle.write(b"\xa5" * size)


def _leaf_pages(path: Path, table: str) -> list[int]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute(
            "SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY pageno",
            [table])]
    finally:
        conn.close()


def test_damage_after_a_clean_close_is_found_at_open(business: Path, cli: Cli, card: Path) -> None:
    _scribble(business, _leaf_pages(business, "contacts")[-1])  # the newest rows' page
    before = snapshot(business.parent)
    code, _, err = cli("import", "contacts", card, "--db", business)
    assert code == EXIT_DAMAGED
    assert "damaged" in err and "sm-desk restore" in err
    assert snapshot(business.parent) == before


def test_a_cut_short_file_is_damaged(business: Path, cli: Cli) -> None:
    with open(business, "r+b") as handle:
        handle.truncate(business.stat().st_size // 2)
    code, _, err = cli("check", "--db", business)
    assert code == EXIT_DAMAGED and "cut short" in err


def test_malformed_in_the_middle_of_work_stops_and_keeps_the_file(business: Path,
                                                                   tmp_path: Path,
                                                                   cli: Cli) -> None:
    _scribble(business, _leaf_pages(business, "contacts")[0])  # an old page, read later
    before = snapshot(business.parent)
    code, _, err = cli("export", "contacts", tmp_path / "out.csv", "--db", business)
    assert code == EXIT_DAMAGED and "damaged" in err and "restore" in err
    assert not (tmp_path / "out.csv").exists()
    code, _, err = cli("backup", "--db", business)
    assert code == EXIT_DAMAGED
    assert snapshot(business.parent) == before  # no .partial, no half backup
    assert not list((business.parent / "backups").iterdir())


# -- locked, not ours, too new, missing ------------------------------------------------------

def test_in_use_is_not_damage(business: Path, cli: Cli, card: Path) -> None:
    store = Store.open(business)
    try:
        code, _, err = cli("import", "contacts", card, "--db", business)
    finally:
        store.close()
    assert code == EXIT_IN_USE and "already open" in err


def test_two_names_of_one_file_share_its_lock(business: Path) -> None:
    alias = business.with_name("alias.db")
    alias.symlink_to(business)
    store = Store.open(business)
    try:
        from sm_desk.core.store import DatabaseLocked

        with pytest.raises(DatabaseLocked):
            Store.open(alias)
    finally:
        store.close()


def test_not_ours_and_too_new_have_their_own_codes(business: Path, tmp_path: Path,
                                                   cli: Cli) -> None:
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    assert cli("check", "--db", other)[0] == EXIT_REFUSED
    conn = sqlite3.connect(business)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                 "VALUES ('sm_desk', '9999_from_the_future', '2030-01-01')")
    conn.commit()
    conn.close()
    before = snapshot(business.parent)
    code, _, err = cli("check", "--db", business)
    assert code == EXIT_TOO_NEW and "newer version" in err
    assert snapshot(business.parent) == before


def test_missing_folder_and_missing_file(tmp_path: Path, business: Path, cli: Cli, card: Path) -> None:
    code, _, err = cli("import", "contacts", card, "--db", tmp_path / "nope" / "a.db")
    assert code == EXIT_MISSING and "does not exist" in err
    code, _, err = cli("backup", "--db", business, "--to", tmp_path / "nope" / "b.db")
    assert code == EXIT_MISSING
    code, _, err = cli("check", "--db", tmp_path / "typo.db")
    assert code == EXIT_MISSING and "nothing was created" in err
    assert not (tmp_path / "typo.db").exists()


def test_dry_run_never_creates_a_database(tmp_path: Path, cli: Cli) -> None:
    source = tmp_path / "in.csv"
    source.write_text("First Name,Email\nAda,ada@example.org\n")
    code, out, _ = cli("import", "contacts", source, "--dry-run", "--db", tmp_path / "new.db")
    assert code == 0 and "1 new" in out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv"]


def test_empty_db_path_is_refused_not_the_owners_database(cli: Cli) -> None:
    data_dir = Path(os.environ["SM_DESK_DATA_DIR"])
    for args in (["--db", ""], ["check", "--db", ""], ["--db", " ", "tasks"]):
        code, _, err = cli(*args)
        assert code == EXIT_USAGE and "empty" in err
    assert not (data_dir / "sm-desk.db").exists()


# -- read-only -------------------------------------------------------------------------------

def test_a_file_that_cannot_be_written_refuses_writes(business: Path, cli: Cli,
                                                      monkeypatch: pytest.MonkeyPatch, card: Path) -> None:
    """The same refusal as a chmod'ed file, for a run as root (which chmod does not stop)."""
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode, **kw: False if mode == os.W_OK
                        and Path(p) == business else real_access(p, mode, **kw))
    before = snapshot(business.parent)
    code, _, err = cli("import", "contacts", card, "--db", business)
    assert code == EXIT_READ_ONLY and "cannot be written" in err
    assert snapshot(business.parent) == before


@needs_normal_user
def test_read_only_file(business: Path, cli: Cli, card: Path) -> None:
    business.chmod(stat.S_IRUSR)
    before = snapshot(business.parent)
    code, _, err = cli("import", "contacts", card, "--db", business)
    assert code == EXIT_READ_ONLY and "cannot be written" in err
    assert cli("check", "--db", business)[0] == 0  # reading still works
    assert snapshot(business.parent) == before


@needs_normal_user
def test_read_only_folder(business: Path, tmp_path: Path, cli: Cli, card: Path) -> None:
    folder = business.parent
    before = snapshot(folder)
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        code, out, err = cli("check", "--db", business)  # a WAL file it cannot add -shm to
        assert code == 0 and "Integrity: ok" in out, err
        code, _, err = cli("import", "contacts", card, "--db", folder / "new.db")
        assert code == EXIT_READ_ONLY and "cannot be written" in err
        code, _, err = cli("backup", "--db", tmp_path / "elsewhere.db")
        assert code == EXIT_MISSING
        target = folder / "copy.db"
        code, _, err = cli("export", "contacts", target, "--db", business)
        assert code == EXIT_READ_ONLY, err
    finally:
        folder.chmod(stat.S_IRWXU)
    assert snapshot(folder) == before


@needs_normal_user
def test_backup_into_a_read_only_folder(business: Path, tmp_path: Path, cli: Cli) -> None:
    shelf = tmp_path / "shelf"
    shelf.mkdir(mode=stat.S_IRUSR | stat.S_IXUSR)
    try:
        code, _, err = cli("backup", "--db", business, "--to", shelf / "b.db")
    finally:
        shelf.chmod(stat.S_IRWXU)
    assert code == EXIT_READ_ONLY and "unchanged" in err
    assert list(shelf.iterdir()) == []


def test_full_disk_while_creating_a_database_is_not_damage(tmp_path: Path, cli: Cli, card: Path,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    configure = Store._configure

    def tiny_disk(self: Store) -> None:
        configure(self)
        self.conn.execute("PRAGMA max_page_count = 3")  # the schema does not fit

    monkeypatch.setattr(Store, "_configure", tiny_disk)
    code, _, err = cli("import", "contacts", card, "--db", tmp_path / "new.db")
    assert code == EXIT_DISK_FULL and "full" in err and "damaged" not in err


def test_each_restore_over_damage_keeps_its_own_damaged_copy(business: Path, tmp_path: Path,
                                                             cli: Cli) -> None:
    good = tmp_path / "good.db"
    assert cli("backup", "--db", business, "--to", good)[0] == 0
    for n, garbage in enumerate((b"\xa5", b"\x5a"), 1):
        business.write_bytes(b"SQLite format 3\x00" + garbage * 8000)
        code, out, _ = cli("restore", "--db", business, good)
        assert code == 0 and ".damaged" in out
        kept = business.with_name("business.db.damaged" if n == 1 else f"business.db-{n}.damaged")
        assert kept.read_bytes() == b"SQLite format 3\x00" + garbage * 8000
    assert contacts_in(business) == 200
