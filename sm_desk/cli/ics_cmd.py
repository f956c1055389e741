"""`sm-desk export ics FILE [--from DATE --to DATE]` and `sm-desk import ics FILE`."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from sm_desk.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    CliError,
    add_db_option,
    open_store,
    write_failed,
)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date (YYYY-MM-DD)") from exc


def register(sub: Any, groups: dict[str, Any]) -> None:
    export = groups["export"].add_parser(
        "ics", help="the marketing calendar as an .ics file",
        description="Write the touches as RFC 5545 events in their own time zones "
                    "(DTSTART;TZID with VTIMEZONE; all-day ones as dates; recurring ones as "
                    "RRULE with EXDATE/RDATE/RECURRENCE-ID). UIDs are stable: re-exporting "
                    "updates a client.")
    add_db_option(export)
    export.add_argument("file", metavar="FILE", help="the .ics file to write")
    export.add_argument("--from", dest="start", type=_day, metavar="DATE",
                        help="first day (one-off touches from this day; series that run into it)")
    export.add_argument("--to", dest="end", type=_day, metavar="DATE",
                        help="day after the last (exclusive)")
    export.set_defaults(handler=run_export)

    imp = groups["import"].add_parser(
        "ics", help="events from another calendar, as touches",
        description="Bring events in as touches, keeping their time zones (IANA or Windows "
                    "names, the file's own VTIMEZONEs), and to-dos as tasks; a UID already "
                    "present updates its touch. Prints what was skipped and why. Exits 1 only "
                    "when events were skipped; journal entries and free/busy blocks left out "
                    "are notes.")
    add_db_option(imp)
    imp.add_argument("file", metavar="FILE", help="the .ics file to read")
    imp.set_defaults(handler=run_import)


def run_export(args: argparse.Namespace) -> int:
    from sm_desk.core.atomic_write import write_bytes
    from sm_desk.io.ics import export_ics

    if args.start and args.end and args.end <= args.start:
        raise CliError("--to must be after --from", EXIT_USAGE)
    target = Path(args.file).expanduser()
    if not target.parent.is_dir():
        raise CliError(f"the folder {target.parent} does not exist")
    with open_store(args) as store:
        data, count = export_ics(store, args.start, args.end)
    try:
        write_bytes(target, data)  # a failure leaves the previous file as it was
    except OSError as exc:
        raise write_failed(exc, target) from exc
    print(f"Wrote {count} touches to {target}")
    return EXIT_OK


def run_import(args: argparse.Namespace) -> int:
    from sm_desk.io.ics_import import IcsError, import_ics

    source = Path(args.file).expanduser()
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise CliError(f"cannot read {source}: {exc.strerror or exc}") from exc
    with open_store(args) as store:
        try:
            report = import_ics(store, data, source.name)
        except IcsError as exc:
            raise CliError(f"{source}: {exc}") from exc
    print("\n".join(report.lines()))
    return EXIT_PROBLEMS if report.skipped else EXIT_OK
