"""Shared by the hostile tests: a small business on disk, the CLI as a function, and a
snapshot of every file in a folder (to prove nothing the user had was changed)."""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from sm_desk.cli import main
from sm_desk.core.demo import generate_demo
from sm_desk.core.store import Store

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
# chmod does not stop root: these run in CI's second pass, as the user `smdesk`.
needs_normal_user = pytest.mark.skipif(IS_ROOT, reason="root ignores file permissions")

Cli = Callable[..., tuple[int, str, str]]


@pytest.fixture(scope="session")
def _template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "business.db"
    store = Store.open(path)
    generate_demo(store, "small", seed=1)
    store.close()
    return path


@pytest.fixture
def business(_template: Path, tmp_path: Path) -> Path:
    """A closed, cleanly shut small demo database of its own for each test."""
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "business.db"
    shutil.copyfile(_template, path)
    shutil.copyfile(_template.with_name("business.db.lock"), path.with_name("business.db.lock"))
    return path


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Cli:
    def run(*args: str | Path) -> tuple[int, str, str]:
        capsys.readouterr()
        code = main([str(a) for a in args])
        out, err = capsys.readouterr()
        assert "Traceback" not in err, err
        return code, out, err

    return run


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under `folder` (lock files aside) and a digest of its bytes."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.name.endswith(".lock")}
