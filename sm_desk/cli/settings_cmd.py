"""`sm-desk settings`: show the business profile, change it with `--set key=value`, and
keep exchange rates with `--rate EUR=1.08[@YYYY-MM-DD]` or `--rates-csv FILE` (no network:
the owner types or imports them). Exit 1 when some CSV lines were refused (each is named)."""

from __future__ import annotations

import argparse
import json
import sys
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
)
from sm_desk.core.words import counted


def register(sub: Any, groups: dict[str, Any]) -> None:
    parser = sub.add_parser(
        "settings", help="show or change the business profile (currency, locale, zone...)",
        description="Show the business profile; --set changes one value (business_name, "
                    "currency, country, timezone, locale, week_start, works_alone). "
                    "--rate keeps an exchange rate into the home currency.")
    add_db_option(parser)
    parser.add_argument("--set", dest="values", action="append", default=[],
                        metavar="KEY=VALUE", help="e.g. currency=EUR, locale=de_DE, "
                        "timezone=Europe/Berlin, week_start=sunday, works_alone=no")
    parser.add_argument("--rate", dest="rates", action="append", default=[],
                        metavar="CUR=RATE[@DATE]",
                        help="1 CUR is worth RATE of the home currency from DATE (default today)")
    parser.add_argument("--rates-csv", metavar="FILE",
                        help="read rates from a CSV: currency,rate,date (YYYY-MM-DD) per line")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(handler=run_settings)


def _pairs(items: list[str], what: str) -> list[tuple[str, str]]:
    pairs = []
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise CliError(f"{what} '{item}': write it as KEY=VALUE", EXIT_USAGE)
        pairs.append((key.strip(), value))
    return pairs


def run_settings(args: argparse.Namespace) -> int:
    from sm_desk.core.fx import RateError, import_rates_csv, set_rate
    from sm_desk.core.profile import (
        PROFILE_KEYS,
        ProfileError,
        describe,
        load_profile,
        parse_setting,
        update_profile,
    )
    from sm_desk.core.store import rates as rate_queries

    values = _pairs(args.values, "--set")
    rates = _pairs(args.rates, "--rate")
    csv_text = None
    if args.rates_csv:
        try:
            csv_text = Path(args.rates_csv).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise CliError(f"{args.rates_csv}: cannot be read ({exc})") from exc
    problems: list[str] = []
    with open_store(args, create=bool(values or rates or csv_text is not None)) as store:
        if values:
            unknown = [k for k, _ in values if k not in PROFILE_KEYS]
            if unknown:
                raise CliError(f"unknown setting '{unknown[0]}' (one of "
                               f"{', '.join(PROFILE_KEYS)})", EXIT_USAGE)
            try:
                update_profile(store, {k: parse_setting(k, v) for k, v in values})
            except ProfileError as exc:
                raise CliError(str(exc), EXIT_USAGE) from exc
        for currency, text in rates:
            rate, _, day = text.partition("@")
            try:
                on = date.fromisoformat(day.strip()) if day.strip() else date.today()
            except ValueError as exc:
                raise CliError(f"--rate: '{day}' is not a date (YYYY-MM-DD)", EXIT_USAGE) from exc
            try:
                set_rate(store, currency, rate, on)
            except RateError as exc:
                raise CliError(f"--rate: {exc}", EXIT_USAGE) from exc
        if csv_text is not None:
            imported, problems = import_rates_csv(store, csv_text)
            print(f"{counted(imported, 'rate')} imported from "
                  f"{args.rates_csv}", file=sys.stderr)
            for problem in problems:
                print(f"sm-desk: {args.rates_csv} {problem}", file=sys.stderr)
        profile = load_profile(store)
        kept = rate_queries.rates_for_base(store, profile.currency)
    if args.json:
        print(json.dumps({**{f: getattr(profile, f) for f in PROFILE_KEYS},
                          "rates": kept}, indent=1))
        return EXIT_PROBLEMS if problems else EXIT_OK
    for key, shown in describe(profile):
        print(f"{key:<14} {shown}")
    if kept:
        print(f"rates into {profile.currency}:")
        for r in kept:
            print(f"  1 {r['currency']} = {r['rate']} {profile.currency} from {r['on_date']}")
    return EXIT_PROBLEMS if problems else EXIT_OK
