"""`sm-desk import companies|deals|activities FILE`: another CRM's export (HubSpot,
Pipedrive, Zoho Bigin, found by its columns) or any spreadsheet."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from sm_desk.cli.common import (
    EXIT_INPUT,
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    CliError,
    add_db_option,
    open_store,
)

MAX_LISTED = 20
WHAT = {"companies": "companies (organisations)",
        "deals": "deals, linked to their contact and company by email, then by name",
        "activities": "calls, meetings, notes and emails, attached to their contact and deal"}


def register(sub: Any, groups: dict[str, Any]) -> None:
    for entity, what in WHAT.items():
        cmd = groups["import"].add_parser(
            entity, help=f"import {entity} from HubSpot, Pipedrive, Zoho Bigin or a spreadsheet",
            description=f"Import {what} from a CSV export of HubSpot, Pipedrive or Zoho Bigin "
                        "(found by its columns) or any spreadsheet whose column names we know. "
                        "Importing the same export again updates the records it brought in "
                        "(by their record ID). One step: `sm-desk imports --undo ID` takes it "
                        "all back. Exit 1 when rows were rejected or not linked, 4 when the "
                        "file cannot be read.")
        add_db_option(cmd)
        cmd.add_argument("file", metavar="FILE.csv")
        cmd.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
        cmd.add_argument("--source", choices=("hubspot", "pipedrive", "zoho_bigin", "spreadsheet"),
                         help="the layout of the file (default: found from its columns)")
        cmd.add_argument("--tz", metavar="ZONE", default="",
                         help="the time zone the export's times are in (default: this "
                              "computer's), e.g. Europe/Berlin")
        if entity == "deals":
            cmd.add_argument("--stage", action="append", default=[], metavar="THEIRS=OURS",
                             help="put deals at their stage THEIRS in our stage OURS "
                                  "(repeatable; remembered for the next import)")
        cmd.set_defaults(handler=run_import, entity=entity)
    every = groups["import"].add_parser(
        "all", help="rebuild a whole business from an `export all` folder",
        description="Rebuild everything `sm-desk export all` wrote in FOLDER/data (every "
                    "record, link and value) into an empty database, in one step. Refused "
                    "when the database already holds records: use --db NEW.db.")
    add_db_option(every)
    every.add_argument("folder", metavar="FOLDER")
    every.set_defaults(handler=run_import_all)
    linked = groups["import"].add_parser(
        "linkedin", help="import LinkedIn's Connections.csv as contacts",
        description="Import LinkedIn's Connections.csv (Settings > Data privacy > Get a copy "
                    "of your data > Connections): contacts with their company and position, "
                    "tagged LinkedIn, the day you connected kept in the 'Connected On' field. "
                    "Exit 1 when rows were rejected.")
    add_db_option(linked)
    linked.add_argument("file", metavar="Connections.csv")
    linked.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
    linked.set_defaults(handler=run_linkedin)


def _stages(store: Any, pairs: list[str]) -> dict[str, int]:
    from sm_desk.core.store.crm_import import stages

    ours = {s["name"].casefold(): int(s["id"]) for s in stages(store)}
    out = {}
    for pair in pairs:
        theirs, sep, mine = pair.rpartition("=")
        if not sep or not theirs.strip() or mine.strip().casefold() not in ours:
            raise CliError(f"--stage {pair}: give THEIRS=OURS with one of our stages "
                           f"({', '.join(s['name'] for s in stages(store))})", EXIT_USAGE)
        out[theirs.strip()] = ours[mine.strip().casefold()]
    return out


def run_import(args: argparse.Namespace) -> int:
    from sm_desk.io.crm_import import import_file
    from sm_desk.io.csv_sniff import NotCsvError

    if args.tz:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(args.tz)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise CliError(f"--tz: '{args.tz}' is not a time zone", EXIT_USAGE) from exc
    path = Path(args.file).expanduser()
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CliError(f"cannot read {args.file}: {exc.strerror or exc}", EXIT_INPUT) from exc
    with open_store(args) as store:
        stages = _stages(store, getattr(args, "stage", []))
        try:
            result = import_file(store, data, args.entity, layout=args.source, stages=stages,
                                 dry_run=args.dry_run, zone=args.tz, name=path.name)
        except (NotCsvError, ValueError) as exc:
            raise CliError(f"{args.file} was not imported: {exc}", EXIT_INPUT) from exc
    print(f"{result.summary()}.")
    if result.import_id is not None:
        print(f"Undo with: sm-desk imports --undo {result.import_id}")
    for note in result.notes:
        print(f"Note: {note}")
    for line, what in result.unlinked[:MAX_LISTED]:
        print(f"  line {line}: not linked: {what}", file=sys.stderr)
    for reject in result.rejects[:MAX_LISTED]:
        print(f"  line {reject.line}: {reject.reason}", file=sys.stderr)
    more = max(0, len(result.rejects) - MAX_LISTED) + max(0, len(result.unlinked) - MAX_LISTED)
    if more:
        print(f"  ... and {more:,} more", file=sys.stderr)
    return EXIT_PROBLEMS if result.rejects or result.unlinked else EXIT_OK


def run_linkedin(args: argparse.Namespace) -> int:
    from sm_desk.io.csv_sniff import NotCsvError
    from sm_desk.io.linkedin import import_connections

    path = Path(args.file).expanduser()
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CliError(f"cannot read {args.file}: {exc.strerror or exc}", EXIT_INPUT) from exc
    with open_store(args) as store:
        try:
            result = import_connections(store, data, path.name, dry_run=args.dry_run)
        except (NotCsvError, ValueError) as exc:
            raise CliError(f"{args.file} was not imported: {exc}", EXIT_INPUT) from exc
    print(f"{result.summary()}.")
    for warning in result.warnings:
        print(f"Note: {warning}")
    for reject in result.rejects[:MAX_LISTED]:
        print(f"  line {reject.line}: {reject.reason}", file=sys.stderr)
    return EXIT_PROBLEMS if result.rejects else EXIT_OK


def run_import_all(args: argparse.Namespace) -> int:
    from sm_desk.io.full_copy import ImportAllError, import_all

    with open_store(args) as store:
        try:
            report = import_all(store, args.folder)
        except ImportAllError as exc:
            raise CliError(f"nothing imported: {exc}", EXIT_INPUT) from exc
        except (OSError, ValueError) as exc:
            raise CliError(f"nothing imported: {args.folder}: {exc}", EXIT_INPUT) from exc
    print(f"Imported everything from {args.folder}:")
    print("\n".join(f"  {line}" for line in report.lines()))
    return EXIT_OK
