"""Entry point of the packaged app (PyInstaller freezes this file)."""

import sys

from sm_desk.cli import main

if __name__ == "__main__":
    sys.exit(main())
