"""`sm-desk assess` reads numbered answers from stdin, stores the result, stops cleanly."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from sm_desk.cli import main
from sm_desk.core.assessment import load_bank
from sm_desk.core.store import Store


def _numbers_for_sales_extreme() -> list[str]:
    lines = []
    for q in load_bank().questions:
        best = max(range(len(q.answers)),
                   key=lambda i: (q.answers[i].sales - q.answers[i].marketing, -q.answers[i].need))
        lines.append(str(best + 1))
    return lines


def _run(monkeypatch: pytest.MonkeyPatch, db: Path, text: str, *extra: str) -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(text))
    return main(["assess", "--db", str(db), *extra])


def test_piped_answers_store_a_result(monkeypatch: pytest.MonkeyPatch, db_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    lines = _numbers_for_sales_extreme()
    # a typo and an out-of-range number are asked again, not taken as answers
    text = "x\n9\n" + "\n".join(lines) + "\n"
    assert _run(monkeypatch, db_path, text) == 0
    out = capsys.readouterr().out
    assert "Please type a number from 1 to 3." in out
    assert "Verdict: Sales-leaning" in out and "little one-to-one selling" in out
    store = Store.open(db_path)
    try:
        rows = store.query("SELECT * FROM assessments")
        assert len(rows) == 1
        assert rows[0]["verdict"] == "sales-leaning" and rows[0]["sales_score"] == 100.0
        assert '"free_morning": "a"' in rows[0]["answers"]
    finally:
        store.close()


def test_end_of_input_stores_nothing_and_exits_1(monkeypatch: pytest.MonkeyPatch,
                                                 db_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    lines = _numbers_for_sales_extreme()[:5]
    assert _run(monkeypatch, db_path, "\n".join(lines) + "\n") == 1
    err = capsys.readouterr().err
    assert "question 6 of 22" in err and "nothing was stored" in err
    assert _run(monkeypatch, db_path, "") == 1
    store = Store.open(db_path)
    try:
        assert store.scalar("SELECT count(*) FROM assessments") == 0
    finally:
        store.close()


def test_apply_flag_changes_the_agreement(monkeypatch: pytest.MonkeyPatch,
                                          db_path: Path) -> None:
    text = "\n".join(_numbers_for_sales_extreme()) + "\n"
    assert _run(monkeypatch, db_path, text, "--apply") == 0
    from sm_desk.core.agreement import load_agreement

    store = Store.open(db_path)
    try:
        assert load_agreement(store).hat_target_sales_share == 0.35
    finally:
        store.close()
