"""Moving in from Pipedrive, timed: 10,000 deals, then 100,000 activities on them, each
file read, checked, linked and written in its own step into a fresh database file that
holds the contacts and companies they name.

    python -m sm_desk.io.crm_import.bench [--deals 10000] [--activities 100000]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from sm_desk.core.store import Store

STAGES = ("Qualified", "Contact Made", "Demo Scheduled", "Proposal Made", "Negotiations Started")
KINDS = ("Call", "Meeting", "Email", "Task", "Lunch")


def write_files(folder: Path, deals: int, activities: int, seed: int = 11
                ) -> tuple[Path, Path, int]:
    rng = random.Random(seed)
    people = max(1, deals // 5)
    lines = ["Deal - ID,Deal - Title,Deal - Owner,Deal - Value,Deal - Currency,"
             "Deal - Probability,Deal - Organization,Deal - Contact person,Deal - Stage,"
             "Deal - Status,Deal - Deal created,Deal - Won time,Deal - Lost time,"
             "Deal - Lost reason,Deal - Expected close date"]
    for n in range(deals):
        status = rng.choice(("open", "open", "open", "won", "lost"))
        lines.append(
            f"{n + 1},Deal {n:05d},Me,{rng.randint(1, 900_000) / 100:.2f},EUR,"
            f"{rng.choice(('', '20', '50', '80'))},Org {n % 500},Person {n % people},"
            f"{rng.choice(STAGES)},{status},2025-{1 + n % 12:02d}-{1 + n % 28:02d} 10:00:00,"
            f"{'2026-01-15 12:00:00' if status == 'won' else ''},"
            f"{'2026-01-16 12:00:00' if status == 'lost' else ''},"
            f"{'Price' if status == 'lost' else ''},2026-{1 + n % 12:02d}-{1 + n % 28:02d}")
    deals_file = folder / "deals.csv"
    deals_file.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    lines = ["Activity - ID,Activity - Type,Activity - Subject,Activity - Due date,"
             "Activity - Due time,Activity - Done,Activity - Deal,Activity - Person,"
             "Activity - Note"]
    for n in range(activities):
        deal = rng.randrange(deals)
        lines.append(f"{n + 1},{rng.choice(KINDS)},Follow-up {n},2026-{1 + n % 12:02d}-"
                     f"{1 + n % 28:02d},{n % 24:02d}:{n % 60:02d},Done,Deal {deal:05d},"
                     f"Person {deal % people},\"Talked about the offer, step {n % 7}\"")
    activities_file = folder / "activities.csv"
    activities_file.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return deals_file, activities_file, people


def _seed(store: Store, people: int) -> None:
    stamp = "2025-01-01T00:00:00Z"
    with store.step("seed", undoable=False) as step:
        step.insert_many("companies", ("name", "created_at", "updated_at"),
                         ((f"Org {n}", stamp, stamp) for n in range(500)))
        step.insert_many("contacts", ("first_name", "last_name", "email", "created_at",
                                      "updated_at"),
                         (("Person", str(n), f"p{n}@example.com", stamp, stamp)
                          for n in range(people)))


def run(deals: int = 10_000, activities: int = 100_000) -> dict[str, float]:
    from sm_desk.io.crm_import import import_file

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        deals_file, activities_file, people = write_files(folder, deals, activities)
        store = Store.open(folder / "bench.db")
        try:
            _seed(store, people)
            started = time.perf_counter()
            got = import_file(store, deals_file, "deals", zone="UTC")
            middle = time.perf_counter()
            acts = import_file(store, activities_file, "activities", zone="UTC")
            ended = time.perf_counter()
            assert got.created == deals and not got.rejects, got.summary()
            assert acts.created == activities and not acts.rejects, acts.summary()
        finally:
            store.close()
    return {"deals_s": round(middle - started, 3), "activities_s": round(ended - middle, 3),
            "total_s": round(ended - started, 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--deals", type=int, default=10_000)
    parser.add_argument("--activities", type=int, default=100_000)
    args = parser.parse_args()
    print(run(args.deals, args.activities))


if __name__ == "__main__":
    main()
