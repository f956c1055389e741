"""`sm-desk import contacts FILE.csv` and `sm-desk export contacts FILE.csv`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sm_desk.cli.common import (
    EXIT_INPUT,
    EXIT_OK,
    EXIT_PROBLEMS,
    CliError,
    add_db_option,
    db_path,
    open_store,
    write_failed,
)
from sm_desk.core.atomic_write import replacing
from sm_desk.core.store import Store

MAX_LISTED = 20


def register(sub: Any, groups: dict[str, Any]) -> None:
    imp = groups["import"].add_parser(
        "contacts", help="import contacts from a CSV or vCard (.vcf) file",
        description="Import contacts from CSV (UTF-8, UTF-16 or the legacy encoding found: "
                    "Shift_JIS, GB18030, Windows-1251...; comma, semicolon, tab or pipe), with "
                    "headers from Outlook and Google in many languages, LinkedIn, Mailchimp, "
                    "HubSpot, Pipedrive, Zoho, Thunderbird or ours. "
                    "Everything that passes goes in as one step; every rejected row is listed "
                    "with its line number. vCard files (.vcf 2.1/3.0/4.0, as phones and mail "
                    "clients export them) go through the same checks. Exit 1 when rows were "
                    "rejected, 4 when the file cannot be read.")
    add_db_option(imp)
    imp.add_argument("file", metavar="FILE.csv|FILE.vcf", help="the file ('-': standard input)")
    imp.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
    imp.add_argument("--on-duplicate", choices=("update", "skip", "keep"), default="update",
                     help="a row whose email is already a contact: update it (default), "
                          "skip the row, or keep both")
    imp.add_argument("--tag", action="append", default=[], metavar="T",
                     help="tag every imported contact (repeatable)")
    imp.add_argument("--rejects", metavar="FILE", help="write the rejected rows to this CSV")
    imp.add_argument("--encoding", metavar="NAME",
                     help="read the CSV in this encoding (e.g. Shift_JIS, windows-1251, "
                          "GB18030) instead of the one detected")
    imp.set_defaults(handler=run_import)

    exp = groups["export"].add_parser(
        "contacts", help="export contacts to a CSV file",
        description="Write every contact to a UTF-8 CSV with a header row; cells a "
                    "spreadsheet would run as formulas are neutralised.")
    add_db_option(exp)
    exp.add_argument("file", metavar="FILE.csv")
    exp.add_argument("--tag", metavar="T", help="only contacts with this tag")
    exp.set_defaults(handler=run_export)


def _read_once(name: str) -> bytes:
    """The whole input, read once: a pipe, a FIFO or stdin cannot be read again."""
    try:
        if name == "-":
            return sys.stdin.buffer.read()
        return Path(name).expanduser().read_bytes()
    except OSError as exc:
        raise CliError(f"cannot read {name}: {exc.strerror or exc}", EXIT_INPUT) from exc


@contextmanager
def _target(args: argparse.Namespace) -> Iterator[Store]:
    """The database to import into; a dry run of a file that does not exist yet checks
    against an empty one in memory instead of creating it."""
    if args.dry_run and not db_path(args).exists():
        yield Store.memory()
        return
    with open_store(args) as store:
        yield store


def run_import(args: argparse.Namespace) -> int:
    from sm_desk.io.csv_import import NotCsvError, import_contacts, write_rejects
    from sm_desk.io.csv_sniff import DELIMITER_NAMES
    from sm_desk.io.vcard import VcardSource, open_contacts_file, open_vcard

    data = _read_once(args.file)
    name = "stdin" if args.file == "-" else Path(args.file).name
    try:
        if args.encoding and not name.lower().endswith((".vcf", ".vcard")):
            from sm_desk.io.csv_rows import open_csv

            source = open_csv(data, name, encoding=args.encoding)
        else:
            source = open_contacts_file(data, name)
    except NotCsvError as exc:
        raise CliError(f"{args.file} was not imported: {exc}", EXIT_INPUT) from exc
    with _target(args) as store:
        if isinstance(source, VcardSource):  # an email already stored picks the main one
            from sm_desk.core.store.contacts import email_index

            source = open_vcard(data, name, known_emails=email_index(store))
        try:
            result = import_contacts(store, source,
                                     on_duplicate=args.on_duplicate, tags=args.tag,
                                     dry_run=args.dry_run)
        except NotCsvError as exc:
            raise CliError(f"{args.file} was not imported: {exc}", EXIT_INPUT) from exc
    if isinstance(source, VcardSource):
        print(f"{result.summary()} ({source.cards:,} vCards, "
              f"version {', '.join(source.versions)}).")
    else:
        print(f"{result.summary()} ({source.encoding_label}"
              f"{'' if args.encoding else ' (detected)'}, "
              f"{DELIMITER_NAMES.get(source.delimiter, repr(source.delimiter))}-separated).")
    if result.companies_created or result.tags_created:
        print(f"New: {result.companies_created:,} companies, {result.tags_created:,} tags.")
    for warning in result.warnings:
        print(f"Note: {warning}")
    for reject in result.rejects[:MAX_LISTED]:
        print(f"  line {reject.line}: {reject.reason}", file=sys.stderr)
    if len(result.rejects) > MAX_LISTED:
        print(f"  ... and {len(result.rejects) - MAX_LISTED:,} more rejected rows"
              + ("" if args.rejects else " (use --rejects FILE to get them all)"),
              file=sys.stderr)
    if args.rejects and result.rejects:
        try:
            with replacing(args.rejects) as tmp:
                write_rejects(tmp, source.header, result.rejects)
        except OSError as exc:
            raise write_failed(exc, args.rejects) from exc
        print(f"Rejected rows written to {args.rejects}")
    return EXIT_PROBLEMS if result.rejects else EXIT_OK


def run_export(args: argparse.Namespace) -> int:
    from sm_desk.core.store.contacts import ids_with_tag
    from sm_desk.io.csv_export import export_contacts

    with open_store(args, create=False) as store:
        ids = ids_with_tag(store, args.tag) if args.tag else None
        try:
            count = export_contacts(store, args.file, ids)
        except OSError as exc:
            raise write_failed(exc, args.file) from exc
    print(f"Exported {count:,} contacts to {args.file}")
    return EXIT_OK
