"""What every command shares: the --db option, opening the store, exit codes."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sm_desk.core.store import Store, StoreError
from sm_desk.core.store import errors as e

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2
EXIT_REFUSED = 3  # not an SM Desk database (or refused for another reason)
EXIT_INPUT = 4
EXIT_DAMAGED = 5
EXIT_TOO_NEW = 6
EXIT_IN_USE = 7
EXIT_READ_ONLY = 8
EXIT_DISK_FULL = 9
EXIT_MISSING = 10
EXIT_INTERRUPTED = 130
# Each fault its own code, so a script can tell a full disk from a damaged file.
FAULT_CODES: dict[type[StoreError], int] = {
    e.CorruptDatabase: EXIT_DAMAGED, e.DatabaseTooNew: EXIT_TOO_NEW,
    e.DatabaseLocked: EXIT_IN_USE, e.DatabaseReadOnly: EXIT_READ_ONLY,
    e.DiskFull: EXIT_DISK_FULL, e.MissingFolder: EXIT_MISSING,
    e.MissingDatabase: EXIT_MISSING, e.NotSmDeskDatabase: EXIT_REFUSED,
}


class CliError(Exception):
    """A user mistake or a refusal, reported as one line with an exit code."""

    def __init__(self, message: str, code: int = EXIT_INPUT) -> None:
        super().__init__(message)
        self.code = code


def add_db_option(parser: argparse.ArgumentParser) -> None:
    # SUPPRESS keeps a `--db` given before the command from being reset here.
    parser.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS,
                        help="the database file (default: your data folder)")


def refused(problem: StoreError) -> CliError:
    return CliError(str(problem), FAULT_CODES.get(type(problem), EXIT_REFUSED))


def write_failed(exc: OSError, path: object) -> CliError:
    """A file SM Desk was writing: named as its fault (full, read-only, missing folder)."""
    return refused(e.fault(exc, path))


def db_path(args: argparse.Namespace) -> Path:
    given = getattr(args, "db", None)
    if given is not None:
        if not given.strip():
            raise CliError("--db: the path is empty; give a file name", EXIT_USAGE)
        return Path(given).expanduser().absolute()
    from sm_desk.core.paths import default_db_path

    return default_db_path()


@contextmanager
def open_store(args: argparse.Namespace, create: bool = True) -> Iterator[Store]:
    """The command's database; with create=False a missing file is refused, not made."""
    try:
        store = Store.open(db_path(args), create=create)
    except StoreError as exc:
        raise refused(exc) from exc
    try:
        yield store
    finally:
        store.close()
