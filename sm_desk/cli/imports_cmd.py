"""`sm-desk imports [--undo ID]` (the import history) and `sm-desk export all FOLDER`."""

from __future__ import annotations

import argparse
from typing import Any

from sm_desk.cli.common import (
    EXIT_INPUT,
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    CliError,
    add_db_option,
    open_store,
    write_failed,
)


def register(sub: Any, groups: dict[str, Any]) -> None:
    history = sub.add_parser(
        "imports", help="list past imports, or undo one",
        description="List every CSV, vCard and ICS import (newest first) with what it "
                    "created, updated and rejected. --undo ID removes what that import "
                    "created and restores what it updated, except records edited since, "
                    "which it names. Exit 1 when some could not be undone.")
    add_db_option(history)
    history.add_argument("--undo", type=_row_id, metavar="ID", help="undo this import")
    history.set_defaults(handler=run_imports)

    every = groups["export"].add_parser(
        "all", help="everything, into a folder, as files other tools import",
        description="Write contacts, companies and deals (CSV with HubSpot's column names), "
                    "the calendar (ICS), campaigns, tasks and activities (CSV) and a "
                    "README.txt saying which file goes where. The folder must be new or "
                    "empty.")
    add_db_option(every)
    every.add_argument("folder", metavar="FOLDER")
    every.set_defaults(handler=run_export_all)


def _row_id(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value < 2**63:
        raise argparse.ArgumentTypeError(f"'{text}' is not an import number (see `sm-desk imports`)")
    return value


def run_imports(args: argparse.Namespace) -> int:
    from sm_desk.core.clock import now_utc, to_iso
    from sm_desk.core.imports import KIND_LABELS, ImportHistoryError, undo_import
    from sm_desk.core.store.imports import history

    with open_store(args, create=False) as store:
        if args.undo is not None:
            try:
                report = undo_import(store, args.undo, to_iso(now_utc()))
            except ImportHistoryError as exc:
                raise CliError(str(exc), EXIT_USAGE) from exc
            print("\n".join(report.lines()))
            return EXIT_PROBLEMS if report.kept else EXIT_OK
        rows = history(store)
    if not rows:
        print("No imports yet.")
    for r in rows:
        state = f"  undone {r['undone_at'][:16].replace('T', ' ')}" if r["undone_at"] else ""
        print(f"{r['id']:>5}  {r['at'][:16].replace('T', ' ')}  "
              f"{KIND_LABELS.get(r['kind'], r['kind']):<17} {r['file_name'] or '-'}: "
              f"{r['created']:,} created, {r['updated']:,} updated, "
              f"{r['rejected']:,} rejected{state}")
    return EXIT_OK


def run_export_all(args: argparse.Namespace) -> int:
    from sm_desk.io.export_all import ExportError, export_all

    with open_store(args, create=False) as store:
        try:
            report = export_all(store, args.folder)
        except ExportError as exc:
            raise CliError(f"nothing exported: {exc}", EXIT_INPUT) from exc
        except OSError as exc:
            raise write_failed(exc, args.folder) from exc
    print(f"Exported to {report.folder}:")
    print("\n".join(f"  {line}" for line in report.lines()))
    print("README.txt says which file goes where.")
    return EXIT_OK
