"""The command line: `sm-desk` opens the GUI; subcommands script the same core.

Exit codes: 0 done; 1 done but problems were found (a failed check, rejected
rows); 2 wrong usage; 3 not an SM Desk database; 4 an input file could not be
read; 5 damaged; 6 from a newer version; 7 in use; 8 cannot be written; 9 disk
full; 10 no such file or folder; 130/143 interrupted. Errors go to stderr as one
sentence, never as a traceback; a closed pipe (`| head`) ends the command quietly.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import signal
import sqlite3
import sys
from collections.abc import Iterator, Sequence
from types import FrameType
from typing import NoReturn

import sm_desk
from sm_desk.cli.common import EXIT_INTERRUPTED, EXIT_USAGE, CliError, refused

# Each module has register(subparsers, groups); the list is the order of `--help`.
COMMAND_MODULES = (
    "sm_desk.cli.core_cmds",
    "sm_desk.cli.contacts_cmd",
    "sm_desk.cli.report_cmd",
    "sm_desk.cli.ics_cmd",
    "sm_desk.cli.assess_cmd",
    "sm_desk.cli.tasks_cmd",
    "sm_desk.cli.imports_cmd",
    "sm_desk.cli.settings_cmd",
    "sm_desk.cli.search_cmd",
    "sm_desk.cli.crm_cmd",
)
GROUPS = {
    "import": "bring records in from a file",
    "export": "write records out to a file",
}


class _VersionAction(argparse.Action):
    def __call__(self, parser: argparse.ArgumentParser, *args: object, **kwargs: object) -> None:
        print(f"sm-desk {sm_desk.__version__}")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sm-desk",
        description="SM Desk: the marketing calendar, the sales pipeline and the work "
                    "between them. With no command, opens the app.",
    )
    parser.add_argument("--version", action=_VersionAction, nargs=0, help="show the version")
    parser.add_argument("--db", metavar="PATH", help="the database file (default: your data folder)")
    parser.add_argument("--demo", action="store_true",
                        help="open a sample business (kept apart from your own data)")
    parser.add_argument("--quit-after-start", action="store_true", help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    groups = {}
    for name, text in GROUPS.items():
        group = sub.add_parser(name, help=text, description=text)
        groups[name] = group.add_subparsers(dest="kind", metavar="KIND", required=True)
    for module in COMMAND_MODULES:
        importlib.import_module(module).register(sub, groups)
    return parser


class _GuiOptions(argparse.ArgumentParser):
    """Only the options that open the app: parsed without importing every command's
    module, which start-up would pay for on each launch."""

    def __init__(self) -> None:
        super().__init__(add_help=False, allow_abbrev=False)
        self.add_argument("--db")
        self.add_argument("--demo", action="store_true")
        self.add_argument("--quit-after-start", action="store_true")

    def error(self, message: str) -> NoReturn:
        raise ValueError(message)  # the full parser will say it properly


def _gui_args(argv: Sequence[str] | None) -> argparse.Namespace | None:
    """The GUI's options when that is all the command line holds, else None."""
    try:
        args, rest = _GuiOptions().parse_known_args(argv)
    except ValueError:
        return None
    if rest:
        return None
    args.command = None
    return args


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the command is, so its transaction rolls back and the
    database closes as it does on Ctrl+C."""


@contextlib.contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    def stop(signum: int, frame: FrameType | None) -> None:
        raise Terminated

    try:
        previous = signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _quiet_stdout() -> None:
    """The reader went away (`sm-desk check | head -1`): drop what is still buffered."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def _fault_of(exc: BaseException, args: argparse.Namespace) -> CliError:
    """An sqlite3 or OS error that reached the top, as the fault it is."""
    from sm_desk.core.store.backup import BackupError
    from sm_desk.core.store.errors import StoreError, fault

    if isinstance(exc, BackupError):
        return refused(exc.fault) if exc.fault else CliError(str(exc))
    if isinstance(exc, StoreError):
        return refused(exc)
    where = getattr(exc, "filename", None)
    if where is None:
        from sm_desk.cli.common import db_path

        where = db_path(args)
    return refused(fault(exc, where))


FILE_OPTIONS = ("file", "to", "rejects")  # every command's file arguments, by dest


def _path_problem(args: argparse.Namespace) -> str | None:
    """An empty path, or a folder where a file is meant: said before any work starts."""
    for dest in ("db", "folder", "out", *FILE_OPTIONS):
        value = getattr(args, dest, None)
        if isinstance(value, str) and not value.strip():
            return f"{'--' if dest != 'file' and dest != 'folder' else ''}{dest}: " \
                   "the path is empty; give a file name"
    for dest in ("db", *FILE_OPTIONS):
        value = getattr(args, dest, None)
        if isinstance(value, str) and value != "-" and "\0" not in value and (
                os.path.basename(value) in ("", ".", "..") or os.path.isdir(
                    os.path.expanduser(value))):
            return f"{value} is a folder; give a file name"
    return None


def main(argv: Sequence[str] | None = None) -> int:
    args = _gui_args(argv)
    if args is None:
        try:
            args = build_parser().parse_args(argv)
        except SystemExit as exc:  # argparse: --help, --version or a usage error
            return int(exc.code or 0)
    problem = _path_problem(args)
    if problem:
        print(f"sm-desk: {problem}", file=sys.stderr)
        return EXIT_USAGE
    if args.command is None:
        from sm_desk.ui.app import run_gui

        return run_gui(args.db, demo=args.demo, quit_after_start=args.quit_after_start)
    from sm_desk.core.store.backup import BackupError
    from sm_desk.core.store.errors import StoreError

    try:
        with _terminate_as_interrupt():
            code = int(args.handler(args))
            sys.stdout.flush()  # a closed pipe shows here, not at exit
            return code
    except BrokenPipeError:
        _quiet_stdout()
        return 128 + 13  # as a command killed by SIGPIPE, without a word
    except CliError as exc:
        error = exc
    except (StoreError, BackupError, sqlite3.Error, OSError) as exc:
        error = _fault_of(exc, args)
    except ValueError as exc:
        if "null byte" not in str(exc):
            raise
        error = CliError("a path holds a NUL character, which no file name can", EXIT_USAGE)
    except Terminated:
        print("sm-desk: stopped (SIGTERM); nothing was half-written", file=sys.stderr)
        return 128 + signal.SIGTERM
    except KeyboardInterrupt:
        print("sm-desk: interrupted; nothing was half-written", file=sys.stderr)
        return EXIT_INTERRUPTED
    print(f"sm-desk: {error}", file=sys.stderr)
    return error.code


__all__ = ["EXIT_USAGE", "build_parser", "main"]
