"""The one-folder app builds with PyInstaller and its binary starts (offscreen)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytest.importorskip("PyInstaller")


@pytest.fixture(scope="module")
def binary(tmp_path_factory: pytest.TempPathFactory) -> Path:
    sys.path.insert(0, str(ROOT / "packaging"))
    try:
        from build import build  # packaging/build.py
    finally:
        sys.path.pop(0)
    out = tmp_path_factory.mktemp("pyinstaller")
    return Path(build(out / "dist", out / "work"))


def test_built_binary_reports_the_package_version(binary: Path) -> None:
    from importlib.metadata import version

    result = subprocess.run([str(binary), "--version"], capture_output=True, text=True,
                            timeout=60, check=True)
    assert result.stdout.strip() == f"sm-desk {version('sm-desk')}"


def test_built_binary_makes_a_demo_and_opens_its_window(binary: Path, tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    subprocess.run([str(binary), "demo", "--db", str(db)], check=True, timeout=60, env=env,
                   capture_output=True)
    started = subprocess.run([str(binary), "--db", str(db), "--quit-after-start"], env=env,
                             timeout=60, capture_output=True)
    assert started.returncode == 0, started.stderr
    check = subprocess.run([str(binary), "check", "--db", str(db)], capture_output=True,
                           text=True, timeout=60, env=env)
    assert check.returncode == 0 and "Integrity: ok" in check.stdout
