"""`sm-desk report --week YYYY-Www --format pdf|html|csv --out PATH`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from sm_desk.cli.common import (
    EXIT_OK,
    EXIT_USAGE,
    CliError,
    add_db_option,
    open_store,
    write_failed,
)

FIRST_YEAR, LAST_YEAR = 1900, 9998


def register(sub: Any, groups: dict[str, Any]) -> None:
    report = sub.add_parser(
        "report", help="write the weekly report (PDF, HTML or CSV tables)",
        description="Write the report for one ISO week (Monday 00:00 to Monday 00:00, local "
                    "time): leads, deals, pipeline, forecast, touches, tasks, payments and "
                    "hat balance, each against the week before.")
    add_db_option(report)
    report.add_argument("--week", metavar="YYYY-Www",
                        help="the ISO week, e.g. 2026-W47 (default: the last complete week)")
    report.add_argument("--format", choices=("pdf", "html", "csv"), required=True,
                        help="pdf or html: one file; csv: a folder of tables")
    report.add_argument("--out", metavar="PATH", required=True,
                        help="the file to write (for csv: the folder)")
    report.add_argument("--paper", choices=("a4", "letter"),
                        help="PDF paper size (default: from your locale)")
    report.set_defaults(handler=run_report)


def run_report(args: argparse.Namespace) -> int:
    from sm_desk.core.report import Week, WeekError

    try:
        week = Week.parse(args.week) if args.week else Week.last_complete()
    except WeekError as exc:
        raise CliError(f"--week: {exc}", EXIT_USAGE) from exc
    if not FIRST_YEAR <= week.year <= LAST_YEAR:  # the week before and after must exist too
        raise CliError(f"--week: reports cover the years {FIRST_YEAR} to {LAST_YEAR}", EXIT_USAGE)
    out = Path(args.out).expanduser()
    if args.format == "csv":
        if out.exists() and not out.is_dir():
            raise CliError(f"{out} is a file; --format csv writes a folder of tables", EXIT_USAGE)
    elif out.is_dir():
        raise CliError(f"{out} is a folder; give the {args.format.upper()} file's name",
                       EXIT_USAGE)
    elif not out.parent.is_dir():
        raise CliError(f"the folder {out.parent} does not exist", EXIT_USAGE)
    from sm_desk.io.report import export_report

    with open_store(args, create=False) as store:
        try:
            export_report(store, week, args.format, out, args.paper)
        except OSError as exc:
            raise write_failed(exc, out) from exc
    print(f"Wrote the {week.label} report ({week.span_text}) to {out}")
    return EXIT_OK
