"""Build the one-folder app: `python packaging/build.py [--dist DIR]`.

Needs PyInstaller (`pip install pyinstaller`). The result is DIR/sm-desk/sm-desk
(sm-desk.exe on Windows); run it with --version to check it.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def build(dist: Path, work: Path) -> Path:
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean",
                    "--log-level", "WARN", "--distpath", str(dist), "--workpath", str(work),
                    str(ROOT / "packaging" / "sm-desk.spec")], check=True, cwd=ROOT)
    binary = dist / "sm-desk" / ("sm-desk.exe" if sys.platform == "win32" else "sm-desk")
    if not binary.exists():
        raise SystemExit(f"build finished but {binary} is missing")
    return binary


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--work", type=Path, default=ROOT / "build")
    args = parser.parse_args()
    print(f"Built {build(args.dist, args.work)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
