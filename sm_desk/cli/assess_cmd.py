"""`sm-desk assess`: the self-assessment on a terminal (numbered choices, read from stdin)."""

from __future__ import annotations

import argparse
import sys
from typing import Any, TextIO

from sm_desk.cli.common import EXIT_OK, EXIT_PROBLEMS, add_db_option, open_store
from sm_desk.core.words import counted


def register(sub: Any, groups: dict[str, Any]) -> None:
    assess = sub.add_parser(
        "assess", help="are you sales or marketing? answer the self-assessment",
        description="Ask the self-assessment's questions (type the number of an answer; "
                    "answers may be piped in, one per line) and store the result. "
                    "Nothing is stored unless every question is answered.")
    add_db_option(assess)
    assess.add_argument("--apply", action="store_true",
                        help="also apply every suggested change (one undoable step)")
    assess.set_defaults(handler=run_assess)


class EndOfInput(Exception):
    pass


def _ask(number: int, total: int, text: str, choices: list[str], stdin: TextIO,
         out: TextIO) -> int:
    print(f"\n[{number}/{total}] {text}", file=out)
    for i, choice in enumerate(choices, 1):
        print(f"  {i}. {choice}", file=out)
    while True:
        print(f"Your answer (1-{len(choices)}, q to stop): ", end="", file=out, flush=True)
        line = stdin.readline()
        if not line:
            raise EndOfInput
        reply = line.strip().lower()
        if reply in ("q", "quit"):
            raise EndOfInput
        if reply.isdigit() and 1 <= int(reply) <= len(choices):
            return int(reply) - 1
        print(f"Please type a number from 1 to {len(choices)}.", file=out)


def run_assess(args: argparse.Namespace) -> int:
    from sm_desk.core.assessment import load_bank, score
    from sm_desk.core.assessment.advice import RULE_LABELS
    from sm_desk.core.assessment.scoring import BALANCED_MARGIN, NEEDS_PHRASES, VERDICT_LABELS
    from sm_desk.core.assessment.service import advice_for, apply_suggestions, save_result

    bank = load_bank()
    out, stdin = sys.stdout, sys.stdin
    with open_store(args) as store:
        answers: dict[str, str] = {}
        total = len(bank.questions)
        number = 0
        try:
            for part in bank.parts:
                print(f"\n== {part.title} ==\n{part.intro}", file=out)
                for question in bank.in_part(part.key):
                    number += 1
                    index = _ask(number, total, question.text,
                                 [a.text for a in question.answers], stdin, out)
                    answers[question.id] = question.answers[index].key
        except EndOfInput:
            print(f"\nStopped before question {number} of {total} was answered; "
                  "nothing was stored.",
                  file=sys.stderr)
            return EXIT_PROBLEMS
        result = score(answers, bank)
        row_id, _ = save_result(store, result)
        advice = advice_for(store, result)
        print(f"\nSales {result.sales_score:g} / 100   Marketing {result.marketing_score:g} / 100"
              f"   (balanced when within {BALANCED_MARGIN:g} points)", file=out)
        print(f"Verdict: {VERDICT_LABELS[result.verdict]}. Your business needs "
              f"{NEEDS_PHRASES[result.needs_level]} one-to-one selling "
              f"({result.needs_level}, {result.needs_score:g} / 100).", file=out)
        print(f"\n{advice.headline}", file=out)
        for point in advice.points:
            print(f"- {point}", file=out)
        print("Hand these boundary tasks to a helper: "
              + ", ".join(RULE_LABELS[r] for r in advice.handoff_rules), file=out)
        if advice.suggestions:
            print("\nSuggested changes" + ("" if args.apply else " (apply with --apply, or from "
                                            "Help > Are you sales or marketing? in the app)")
                  + ":", file=out)
            for suggestion in advice.suggestions:
                print(f"  * {suggestion.label}", file=out)
            if args.apply:
                apply_suggestions(store, advice.suggestions)
                print(f"Applied {counted(len(advice.suggestions), 'change')}.", file=out)
        print(f"\nStored as assessment #{row_id}.", file=out)
    return EXIT_OK
