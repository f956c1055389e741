"""`sm-desk search TEXT [--json]`: grouped, matched words in brackets, exit 1 when none."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from sm_desk.cli import main
from sm_desk.core.contacts.service import create_contact
from sm_desk.core.sales.activities import log_activity
from sm_desk.core.store import Store


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "b.db"
    store = Store.open(path)
    create_contact(store, {"first_name": "Chloé", "last_name": "Müller",
                           "notes": "asked about the gluten-free menu"})
    now = datetime(2026, 11, 23, 10, tzinfo=UTC)
    log_activity(store, "call", "Gluten-free samples next week", now, now, contact_id=1)
    store.close()
    return path


def test_search_prints_each_kind_with_the_words_in_context(
        db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "--db", str(db), "GLUTEN"]) == 0
    out = capsys.readouterr().out
    assert "Contacts (1)" in out and "Activities (1)" in out
    assert "#1  Chloé Müller" in out and "asked about the [gluten]-free menu" in out
    assert "[Gluten]-free samples next week" in out


def test_search_json_and_nothing_found(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "--db", str(db), "muller", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["kind"], r["id"], r["label"]) for r in rows] == [("contact", 1, "Chloé Müller")]
    assert main(["search", "--db", str(db), "sourdough"]) == 1
    assert "Nothing found" in capsys.readouterr().out


def test_search_never_creates_a_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "none.db"
    assert main(["search", "--db", str(missing), "x"]) == 10
    assert not missing.exists()
