"""The command line: `sm-desk` opens the GUI; subcommands script the same core.

Exit codes: 0 done; 1 done but problems were found (a failed check, rejected
rows); 2 wrong usage; 3 the database was refused; 4 an input file could not be
read. Errors go to stderr as one sentence, never as a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import NoReturn

import sm_desk
from sm_desk.cli.common import EXIT_USAGE, CliError

# Each module has register(subparsers, groups); the list is the order of `--help`.
COMMAND_MODULES = (
    "sm_desk.cli.core_cmds",
    "sm_desk.cli.contacts_cmd",
    "sm_desk.cli.report_cmd",
    "sm_desk.cli.ics_cmd",
    "sm_desk.cli.assess_cmd",
    "sm_desk.cli.tasks_cmd",
    "sm_desk.cli.imports_cmd",
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


def main(argv: Sequence[str] | None = None) -> int:
    args = _gui_args(argv)
    if args is None:
        try:
            args = build_parser().parse_args(argv)
        except SystemExit as exc:  # argparse: --help, --version or a usage error
            return int(exc.code or 0)
    if args.command is None:
        from sm_desk.ui.app import run_gui

        return run_gui(args.db, demo=args.demo, quit_after_start=args.quit_after_start)
    try:
        return int(args.handler(args))
    except CliError as exc:
        print(f"sm-desk: {exc}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        print("sm-desk: interrupted; nothing was half-written", file=sys.stderr)
        return 130


__all__ = ["EXIT_USAGE", "build_parser", "main"]
