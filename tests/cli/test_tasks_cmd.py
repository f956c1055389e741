"""`sm-desk tasks`: lists a crack as text or JSON; --sync runs the time-based rules."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sm_desk.cli import main
from sm_desk.core.store import Store
from sm_desk.core.tasks import service


def test_tasks_unassigned_json_and_sync(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = Store.open(db_path)
    service.create_task(store, "Order business cards", due="2026-01-05")
    service.create_task(store, "Mine", assignee_id=service.me_id(store), function="sales")
    won = int(store.scalar("SELECT id FROM stages WHERE outcome = 'won'"))
    with store.step("Late payer") as step:
        step.insert("deals", {"title": "Late payer", "stage_id": won, "invoiced_at": "2026-01-01",
                              "invoice_due": "2026-01-31", "closed_at": "2026-01-01",
                              "created_at": "2026-01-01", "updated_at": "2026-01-01"})
    store.close()

    assert main(["tasks", "--db", str(db_path), "--unassigned", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["section"], data["total"]) == ("unassigned", 1)
    assert data["tasks"][0]["title"] == "Order business cards"

    assert main(["tasks", "--db", str(db_path), "--overdue", "--sync"]) == 0
    out = capsys.readouterr().out
    assert "Collect payment  [Late payer]" in out  # the rule ran, then the list showed it
    assert "Order business cards" in out

    assert main(["tasks", "--db", str(db_path), "--overdue", "--unassigned"]) == 2
