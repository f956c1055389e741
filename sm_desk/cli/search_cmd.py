"""`sm-desk search TEXT [--json]`: the app's search over everything, on a terminal.

Every word must occur, each as the start of a word ("glu" finds gluten-free); accents
are folded (muller finds Müller). Results come grouped by kind, best first, with the
matched words [in brackets]. Exit 0 when something was found, 1 when nothing was.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from sm_desk.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    CliError,
    add_db_option,
    open_store,
)
from sm_desk.core.domain import RECORD_KIND_NAMES

KIND_TITLES = {kind: many for kind, (_, many) in RECORD_KIND_NAMES.items()}


def register(sub: Any, groups: dict[str, Any]) -> None:
    parser = sub.add_parser(
        "search", help="find any record by the words in it",
        description="Search contacts, companies, deals, campaigns, touches, tasks, "
                    "activities, notes, insights and collateral. Every word must occur, "
                    "as the start of a word; accents do not matter.")
    add_db_option(parser)
    parser.add_argument("text", nargs="+", help="the words to find")
    parser.add_argument("--limit", type=int, default=10, metavar="N",
                        help="at most N records of each kind (default 10)")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(handler=run_search)


def run_search(args: argparse.Namespace) -> int:
    from sm_desk.core.store.search import search_all

    if not 1 <= args.limit <= 10_000:
        raise CliError("--limit must be between 1 and 10000", EXIT_USAGE)
    text = " ".join(args.text)
    with open_store(args, create=False) as store:
        hits = search_all(store, text, per_kind=args.limit)
    if args.json:
        print(json.dumps([{"kind": h.kind, "id": h.id, "label": h.label, "detail": h.detail,
                           "snippet": h.marked(), "score": round(h.score, 4)}
                          for h in hits], ensure_ascii=False, indent=1))
        return EXIT_OK if hits else EXIT_PROBLEMS
    if not hits:
        print(f"Nothing found for {text!r}.")
        return EXIT_PROBLEMS
    kind = ""
    for hit in hits:
        if hit.kind != kind:
            kind = hit.kind
            count = sum(1 for h in hits if h.kind == kind)
            print(f"{'' if hit is hits[0] else chr(10)}{KIND_TITLES[kind]} ({count})")
        detail = f"  ({hit.detail})" if hit.detail else ""
        print(f"  #{hit.id}  {hit.label or '(no name)'}{detail}")
        snippet = " ".join(hit.marked().split())
        if snippet and snippet != hit.label:
            print(f"      {snippet}")
    return EXIT_OK
