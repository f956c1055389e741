"""Import speed against two references on the same 100k-row file, side by side:

- bare: `csv.reader` + one `executemany` into a plain table, one transaction, no checks;
- sm-desk: `import_contacts` into a real database (all checks, dedupe, companies, tags);
- sqlite-utils: `sqlite-utils insert --csv` (a new process, as a user would run it).

    python -m sm_desk.io.bench_import [--rows 100000] [--runs 5] [--large-rows 1000000]

The large import (1,000,000 rows by default) runs once in a fresh process and reports
its time and peak memory.
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HEADER = ("First Name", "Last Name", "Email", "Phone Number", "Company Name",
          "Lifecycle Stage", "Job Title", "Tags")
_FIRST = ("Ana", "Ben", "Chloé", "Dmitri", "Eve", "Farah", "Goran", "Hana", "Ivo", "Jia")
_LAST = ("Smith", "Ng", "García", "Okafor", "Müller", "Rossi", "Kowalski", "Tanaka")
_STAGES = ("Lead", "Subscriber", "Customer", "Marketing Qualified Lead", "Opportunity", "")
_TAGS = ("", "", "vip", "trade show", "newsletter; vip", "partner")


def write_sample_csv(path: Path, rows: int = 100_000, seed: int = 7) -> Path:
    """A HubSpot-style export: 1% duplicate emails, 0.5% bad emails, 2,000 companies."""
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for i in range(rows):
            first, last = rng.choice(_FIRST), rng.choice(_LAST)
            n = rng.randrange(i) if i and rng.random() < 0.01 else i
            email = f"{first}.{last}.{n}@example.com".lower()
            if rng.random() < 0.005:
                email = email.replace("@", " at ")
            writer.writerow((first, last, email, f"+1 555 {rng.randrange(10**7):07d}",
                             f"Company {rng.randrange(2000)}", rng.choice(_STAGES),
                             "Buyer" if i % 3 else "Owner", rng.choice(_TAGS)))
    return path


def bare_load(csv_path: Path, db_path: Path) -> None:
    """The floor: no decoding checks, no validation, no dedupe, no indexes."""
    conn = sqlite3.connect(db_path)
    with open(csv_path, encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        columns = ", ".join(f"c{i}" for i in range(len(header)))
        conn.execute(f"CREATE TABLE t ({columns})")
        marks = ", ".join("?" for _ in header)
        with conn:
            conn.executemany(f"INSERT INTO t VALUES ({marks})", reader)
    conn.close()


def sm_desk_load(csv_path: Path, db_path: Path) -> Any:
    from sm_desk.core.store import Store
    from sm_desk.io.csv_import import import_contacts

    store = Store.open(db_path)
    try:
        return import_contacts(store, csv_path)
    finally:
        store.close()


def new_store(db_path: Path) -> None:
    """A new file with SM Desk's schema: set-up before an import is timed, not import."""
    from sm_desk.core.store import Store

    Store.open(db_path).close()


def sqlite_utils_load(csv_path: Path, db_path: Path) -> None:
    tool = shutil.which("sqlite-utils") or str(Path(sys.executable).parent / "sqlite-utils")
    subprocess.run([tool, "insert", str(db_path), "contacts", str(csv_path), "--csv"],
                   check=True, capture_output=True)


def _time(load: Callable[[Path, Path], Any], csv_path: Path, db_path: Path,
          setup: Callable[[Path], None] | None = None) -> float:
    """Seconds of one load into a new file (`setup` runs first, untimed)."""
    if setup is not None:
        setup(db_path)
    started = time.perf_counter()
    load(csv_path, db_path)
    return time.perf_counter() - started


def run_benchmark(rows: int = 100_000, runs: int = 5, with_sqlite_utils: bool = True,
                  folder: Path | None = None) -> dict[str, Any]:
    """Seconds (medians) for the three loads of the same file, and the two ratios. The
    bare and SM Desk loads take turns, so that both see the same state of the machine
    (disk cache, writeback, CPU clock); a first discarded pair warms the file cache."""
    with tempfile.TemporaryDirectory() as tmp:
        work = folder or Path(tmp)
        csv_path = write_sample_csv(work / "contacts.csv", rows)
        bare_runs, our_runs = [], []
        for run in range(runs + 1):
            bare_runs.append(_time(bare_load, csv_path, work / f"bare-{run}.db"))
            our_runs.append(_time(sm_desk_load, csv_path, work / f"sm-desk-{run}.db",
                                  setup=new_store))
        bare, ours = statistics.median(bare_runs[1:]), statistics.median(our_runs[1:])
        result = sm_desk_load(csv_path, work / "check.db")
        figures: dict[str, Any] = {
            "rows": rows, "bare_s": round(bare, 3), "sm_desk_s": round(ours, 3),
            "ratio_to_bare": round(ours / bare, 2),
            "created": result.created, "rejected": len(result.rejects),
            "duplicates": len(result.notes),
        }
        if with_sqlite_utils:
            other = statistics.median(
                _time(sqlite_utils_load, csv_path, work / f"su-{run}.db")
                for run in range(max(1, runs // 2)))
            figures["sqlite_utils_s"] = round(other, 3)
            figures["ratio_to_sqlite_utils"] = round(ours / other, 2)
        figures["ok"] = figures["ratio_to_bare"] <= 4 and figures.get(
            "ratio_to_sqlite_utils", 0) < 0.5
    return figures


_LARGE_SCRIPT = """
import json, resource, sys, time
from pathlib import Path
from sm_desk.core.store import Store
from sm_desk.io.csv_import import import_contacts
Store.open(sys.argv[2]).close()
started = time.perf_counter()
store = Store.open(sys.argv[2])
result = import_contacts(store, Path(sys.argv[1]))
store.close()
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * (1 if sys.platform == "darwin" else 1024)
print(json.dumps({"seconds": seconds, "peak_mb": peak / 2**20, "created": result.created}))
"""


def large_import(rows: int = 1_000_000, folder: Path | None = None) -> dict[str, Any]:
    """One import of a `rows`-row sample in a fresh process: its seconds and its peak
    memory (the process's maximum resident size, interpreter included)."""
    import json

    with tempfile.TemporaryDirectory() as tmp:
        work = folder or Path(tmp)
        csv_path = write_sample_csv(work / "large.csv", rows)
        done = subprocess.run([sys.executable, "-c", _LARGE_SCRIPT, str(csv_path),
                               str(work / "large.db")], check=True, capture_output=True,
                              text=True)
    figures: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    figures["rows"] = rows
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--large-rows", type=int, default=1_000_000,
                        help="also import a file this big once, in a fresh process, and "
                             "print its time and peak memory (0: skip)")
    args = parser.parse_args()
    figures = run_benchmark(args.rows, args.runs)
    print(f"| load of {figures['rows']:,} rows | seconds |\n|---|---:|")
    print(f"| bare csv.reader + executemany | {figures['bare_s']} |")
    print(f"| sm-desk import (checks, dedupe) | {figures['sm_desk_s']} |")
    if "sqlite_utils_s" in figures:
        print(f"| sqlite-utils insert --csv | {figures['sqlite_utils_s']} |")
    print(f"\nsm-desk / bare = {figures['ratio_to_bare']} (target <= 4); "
          f"sm-desk / sqlite-utils = {figures.get('ratio_to_sqlite_utils')} (target < 0.5); "
          f"{figures['created']:,} created, {figures['duplicates']:,} duplicates merged, "
          f"{figures['rejected']:,} rejected")
    if args.large_rows:
        large = large_import(args.large_rows)
        print(f"\nimport of {large['rows']:,} rows in a fresh process: "
              f"{large['seconds']:.1f} s, peak memory {large['peak_mb']:.0f} MB "
              f"(target < 400 MB); {large['created']:,} created")
    return 0 if figures["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
