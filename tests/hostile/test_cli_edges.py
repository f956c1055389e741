"""The edges of the command line: pipes, FIFOs, signals, out-of-range numbers, big cards,
and the one atomic writer every export goes through."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from sm_desk.cli.common import EXIT_USAGE
from sm_desk.core.atomic_write import write_bytes
from sm_desk.core.store.lock import CLEAN
from tests.hostile.conftest import Cli

ROOT = Path(__file__).resolve().parents[2]
CARD = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nEMAIL:ada@example.org\r\nEND:VCARD\r\n"


def sm_desk(*args: str | Path, **kwargs: Any) -> subprocess.Popen[bytes]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc: subprocess.Popen[bytes] = subprocess.Popen(
        [sys.executable, "-m", "sm_desk", *map(str, args)], cwd=ROOT, env=env, **kwargs)
    return proc


def test_a_vcard_piped_on_stdin_is_read_once(business: Path) -> None:
    proc = sm_desk("import", "contacts", "-", "--db", business,
                   stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = proc.communicate(CARD, timeout=60)
    assert proc.returncode == 0, err
    assert b"1 new" in out


def test_a_fifo_is_read_once(business: Path, tmp_path: Path, cli: Cli) -> None:
    fifo = tmp_path / "cards.vcf"
    os.mkfifo(fifo)

    def feed() -> None:
        with open(fifo, "wb") as handle:
            handle.write(CARD)

    writer = threading.Thread(target=feed)
    writer.start()
    code, out, err = cli("import", "contacts", fifo, "--db", business)
    writer.join(timeout=10)
    assert code == 0 and "1 new" in out, err


def test_a_closed_pipe_ends_the_command_quietly(business: Path) -> None:
    proc = sm_desk("check", "--db", business, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # `| head -0`: the reader is gone before the first line
    err = proc.stderr.read()
    proc.wait(timeout=60)
    assert err == b""
    assert proc.returncode == 128 + signal.SIGPIPE


def test_sigterm_in_a_command_rolls_back_and_closes_cleanly(
        business: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    from sm_desk.core.store import Store

    def killed_mid_check(self: Store, quick: bool = False) -> list[str]:
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(5)  # the handler interrupts this
        return []

    monkeypatch.setattr(Store, "integrity_problems", killed_mid_check)
    code, _, err = cli("check", "--db", business)
    assert code == 128 + signal.SIGTERM
    assert "nothing was half-written" in err
    assert business.with_name("business.db.lock").read_text() == CLEAN
    assert not business.with_name("business.db-wal").exists()
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL  # put back afterwards


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_signals_close_the_app_like_quit(business: Path, sig: signal.Signals) -> None:
    lock = business.with_name("business.db.lock")
    app = sm_desk("--db", business, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while lock.read_text() != str(app.pid):  # the window has the file
            assert time.monotonic() < deadline and app.poll() is None
            time.sleep(0.1)
        time.sleep(1.0)
        app.send_signal(sig)
        assert app.wait(timeout=60) == 0
    finally:
        if app.poll() is None:
            app.kill()
    assert lock.read_text() == CLEAN  # released as Quit releases it
    assert not business.with_name("business.db-wal").exists()  # folded back
    assert list((business.parent / "backups").glob("business-*.db"))  # backup on close


@pytest.mark.parametrize("args", [
    ["report", "--week", "0001-W01", "--format", "csv", "--out", "r"],
    ["report", "--week", "9999-W52", "--format", "csv", "--out", "r"],
    ["imports", "--undo", "99999999999999999999999"],
    ["imports", "--undo", "-1"],
    ["tasks", "--limit", "99999999999999999999999"],
])
def test_out_of_range_numbers_are_usage_errors(business: Path, cli: Cli,
                                               args: list[str]) -> None:
    code, _, err = cli(*args, "--db", business)
    assert code == EXIT_USAGE and err.strip()


def test_a_card_with_a_4_mb_photo_imports_in_well_under_a_second_per_mb(
        business: Path, tmp_path: Path, cli: Cli) -> None:
    photo = os.urandom(3_000_000).hex()[:4_000_000]
    folded = "\r\n ".join(photo[i:i + 74] for i in range(0, len(photo), 74))
    card = tmp_path / "big.vcf"
    card.write_bytes(CARD.replace(b"END:VCARD", b"PHOTO;ENCODING=b;TYPE=JPEG:"
                                  + folded.encode() + b"\r\nEND:VCARD"))
    started = time.perf_counter()
    code, out, _ = cli("import", "contacts", card, "--db", business)
    assert code == 0 and "1 new" in out
    assert time.perf_counter() - started < 4.0  # 29 s before (quadratic folding)


def test_atomic_write_replaces_whole_or_not_at_all(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "report.html"
    target.write_bytes(b"old")
    target.chmod(0o640)
    write_bytes(target, b"new")
    assert target.read_bytes() == b"new"
    assert target.stat().st_mode & 0o777 == 0o640  # the user's permissions stay

    def crash(fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", crash)
    with pytest.raises(OSError):
        write_bytes(target, b"newer")
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


def test_relative_and_home_paths(tmp_path: Path, cli: Cli,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("SM_DESK_DATA_DIR", "data")  # relative to where the command runs
    assert cli("demo")[0] == 0  # the demo's own file, never the owner's (issue 21)
    assert (tmp_path / "data" / "demo.db").exists()
    assert not (tmp_path / "data" / "sm-desk.db").exists()
    code, out, _ = cli("backup", "--db", "~/data/demo.db", "--to", "~/copy.db")
    assert code == 0 and str(tmp_path / "copy.db") in out
    code, out, _ = cli("check", "--db", "copy.db")
    assert code == 0 and "Integrity: ok" in out
