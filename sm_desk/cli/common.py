"""What every command shares: the --db option, opening the store, exit codes."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sm_desk.core.store import Store, StoreError

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2
EXIT_REFUSED = 3
EXIT_INPUT = 4


class CliError(Exception):
    """A user mistake or a refusal, reported as one line with an exit code."""

    def __init__(self, message: str, code: int = EXIT_INPUT) -> None:
        super().__init__(message)
        self.code = code


def add_db_option(parser: argparse.ArgumentParser) -> None:
    # SUPPRESS keeps a `--db` given before the command from being reset here.
    parser.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS,
                        help="the database file (default: your data folder)")


def db_path(args: argparse.Namespace) -> Path:
    if getattr(args, "db", None):
        return Path(args.db).expanduser()
    from sm_desk.core.paths import default_db_path

    return default_db_path()


@contextmanager
def open_store(args: argparse.Namespace) -> Iterator[Store]:
    try:
        store = Store.open(db_path(args))
    except StoreError as exc:
        raise CliError(str(exc), EXIT_REFUSED) from exc
    try:
        yield store
    finally:
        store.close()
