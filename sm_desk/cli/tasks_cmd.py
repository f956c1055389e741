"""`sm-desk tasks`: the open tasks, or one crack of them, as text or JSON; `--sync` runs
the time-based boundary-task rules first (overdue payments, recurring touches)."""

from __future__ import annotations

import argparse
import json
from typing import Any

from sm_desk.cli.common import EXIT_OK, add_db_option, open_store
from sm_desk.core.words import counted

CRACKS = ("unassigned", "unclassified", "overdue", "week", "against")


def register(sub: Any, groups: dict[str, Any]) -> None:
    tasks = sub.add_parser("tasks", help="list open tasks (who owns what)",
                           description="List open tasks, most urgent first, or only one "
                                       "crack: unassigned, unclassified, overdue, due this "
                                       "week, or against the assignee's strengths.")
    add_db_option(tasks)
    which = tasks.add_mutually_exclusive_group()
    for crack in CRACKS:
        label = "due this week" if crack == "week" else crack.replace("against", "against "
                                                                        "the assignee's strengths")
        which.add_argument(f"--{crack}", dest="section", action="store_const", const=crack,
                           help=f"only tasks {label}")
    tasks.add_argument("--json", action="store_true", help="print JSON instead of a table")
    tasks.add_argument("--sync", action="store_true",
                       help="run the time-based rules first (overdue payments, recurring touches)")
    tasks.add_argument("--limit", type=_limit, default=500, help="at most this many (default 500)")
    tasks.set_defaults(handler=run_tasks, section="open")


def _limit(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= 10_000_000:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number from 0 to 10000000")
    return value


def run_tasks(args: argparse.Namespace) -> int:
    from sm_desk.core.tasks.view import SECTION_LABELS, Window, section_counts, section_rows

    with open_store(args, create=False) as store:
        synced = 0
        if args.sync:
            from sm_desk.core.tasks.rules import sync_all

            synced = len(sync_all(store).rows.get("tasks") or ())
        window = Window.of()
        total = section_counts(store, window)[args.section]
        rows = section_rows(store, args.section, window, limit=args.limit)
    fields = ("id", "title", "function", "assignee", "due", "origin_type", "origin_id",
              "origin_title", "rule")
    if args.json:
        print(json.dumps({"section": args.section, "total": total,
                          "tasks": [{k: r[k] for k in fields} for r in rows]}, indent=1))
        return EXIT_OK
    if args.sync:
        print(f"Rules run: {counted(synced, 'task')} made or updated.")
    print(f"{SECTION_LABELS[args.section]}: {total:,} (showing {len(rows):,})")
    for r in rows:
        origin = f"  [{r['origin_title']}]" if r["origin_title"] else ""
        print(f"{r['due'] or 'no date':<10}  {(r['function'] or '?'):<9}  "
              f"{str(r['assignee'] or 'nobody')[:18]:<18}  {r['title']}{origin}")
    return EXIT_OK
