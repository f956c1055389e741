"""`sm-desk demo` and `sm-desk check`."""

from __future__ import annotations

import argparse
import time
from typing import Any

from sm_desk.cli.common import (
    EXIT_INPUT,
    EXIT_OK,
    EXIT_PROBLEMS,
    CliError,
    add_db_option,
    open_store,
    refused,
)
from sm_desk.core.store import BUSINESS_TABLES


def register(sub: Any, groups: dict[str, Any]) -> None:
    demo = sub.add_parser("demo", help="write a sample business into a new database",
                          description="Write a realistic sample business, dated around today. "
                                      "Without --db it writes the demo's own file (the one "
                                      "sm-desk --demo opens), never your own database.")
    add_db_option(demo)
    demo.add_argument("--seed", type=int, default=1, help="same seed and day, same data")
    demo.add_argument("--size", choices=("small", "large", "xlarge"), default="small",
                      help="small: ~200 contacts; large: 50,000 contacts, 10,000 deals; "
                           "xlarge: 500,000 contacts, 100,000 deals, 1,000,000 activities")
    demo.set_defaults(handler=run_demo)

    check = sub.add_parser("check", help="check the database and count its records",
                           description="Run SQLite's integrity check and count every table.")
    add_db_option(check)
    check.set_defaults(handler=run_check)

    backup = sub.add_parser("backup", help="write a verified snapshot of the database",
                            description="Snapshot the database with SQLite's backup API and "
                                        "verify it (default: the backups folder beside it).")
    add_db_option(backup)
    backup.add_argument("--to", metavar="FILE", help="where to write the backup")
    backup.set_defaults(handler=run_backup)

    restore = sub.add_parser("restore", help="list backups, or replace the database with one",
                             description="With no FILE, list this database's backups. With "
                                         "FILE, back up the current database, then replace it "
                                         "with FILE (checked first).")
    add_db_option(restore)
    restore.add_argument("file", nargs="?", metavar="FILE", help="the backup to restore")
    restore.set_defaults(handler=run_restore)


def run_demo(args: argparse.Namespace) -> int:
    from sm_desk.core.demo import generate_demo

    if getattr(args, "db", None) is None:  # the demo's own file, never the owner's database
        from sm_desk.core.demo_file import demo_file_path, write_demo

        started = time.perf_counter()
        path = write_demo(demo_file_path(), size=args.size, seed=args.seed)
        print(f"Wrote a {args.size} demo business to {path} in "
              f"{time.perf_counter() - started:.1f} s (open it with sm-desk --demo)")
        return EXIT_OK
    with open_store(args) as store:
        if store.has_business_data():
            raise CliError(f"{store.path} already holds data; give a new file with --db "
                           "so the sample never mixes with real records", EXIT_PROBLEMS)
        started = time.perf_counter()
        generate_demo(store, size=args.size, seed=args.seed)
        elapsed = time.perf_counter() - started
        counts = store.counts()
    summary = ", ".join(f"{counts[t]:,} {t}" for t in BUSINESS_TABLES)
    print(f"Wrote a {args.size} demo business to {store.path} in {elapsed:.1f} s: {summary}")
    return EXIT_OK


def run_backup(args: argparse.Namespace) -> int:
    from pathlib import Path

    from sm_desk.core.store.backup import BackupError, backup_to, default_backup_path, rotate

    with open_store(args, create=False) as store:
        try:
            target = Path(args.to).expanduser() if args.to else default_backup_path(store)
            if target.exists():
                raise CliError(f"{target} already exists; SM Desk never overwrites a file",
                               EXIT_INPUT)
            backup_to(store, target)
        except BackupError as exc:
            code = refused(exc.fault).code if exc.fault else EXIT_PROBLEMS
            raise CliError(f"backup failed, the database is unchanged: {exc}", code) from exc
        if not args.to and store.path is not None:
            rotate(store.path)
    print(f"Backed up to {target} (verified)")
    return EXIT_OK


def run_restore(args: argparse.Namespace) -> int:
    from pathlib import Path

    from sm_desk.cli.common import db_path
    from sm_desk.core.store import StoreError
    from sm_desk.core.store.backup import BackupError, list_backups, restore

    target = db_path(args)
    if args.file is None:
        backups = list_backups(target)
        if not backups:
            print(f"No backups of {target} yet (`sm-desk backup` makes one).")
        for backup in backups:
            counts = ", ".join(f"{n:,} {t}" for t, n in backup.counts.items())
            kind = "  (kept before a restore)" if backup.before_restore else ""
            print(f"{backup.taken:%Y-%m-%d %H:%M}  {backup.path}  ({counts}){kind}")
        return EXIT_OK
    try:
        kept = restore(Path(args.file).expanduser(), target)
    except StoreError as exc:
        raise refused(exc) from exc
    except BackupError as exc:
        if exc.fault:
            raise refused(exc.fault) from exc
        raise CliError(f"{exc}; the database was not changed", EXIT_INPUT) from exc
    if kept is not None:
        print(f"The previous database was kept as {kept}")
    print(f"Restored {target} from {args.file}")
    return EXIT_OK


def run_check(args: argparse.Namespace) -> int:
    with open_store(args, create=False) as store:
        problems = store.integrity_problems()
        counts = store.counts()
        migrations = store.applied_migrations()
    print(f"Database: {store.path}")
    print(f"Schema: {len(migrations)} migrations, latest {migrations[-1]}")
    width = max(len(t) for t in counts)
    for table, count in counts.items():
        print(f"  {table:<{width}}  {count:>9,}")
    if problems:
        print(f"PROBLEMS ({len(problems)}):")
        for problem in problems[:20]:
            print(f"  {problem}")
        print("Restore a backup (`sm-desk restore`) before writing more to this file.")
        return EXIT_PROBLEMS
    print("Integrity: ok")
    return EXIT_OK
