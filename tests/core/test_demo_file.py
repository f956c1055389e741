"""The demo's own file (issue 21): made on first use, made again when more than a week
old, and `sm-desk demo` without --db writes it, never the owner's own database."""

from __future__ import annotations

from datetime import date, timedelta

from sm_desk.cli import main
from sm_desk.core.demo_file import demo_file_path, fresh_demo, made_on
from sm_desk.core.paths import default_db_path
from sm_desk.core.store import Store

DAY = date(2026, 11, 23)


def _deals(path: object) -> int:
    store = Store.open(path)  # type: ignore[arg-type]
    try:
        return int(store.scalar("SELECT count(*) FROM deals"))
    finally:
        store.close()


def test_made_once_then_kept_for_a_week_then_made_again() -> None:
    path = fresh_demo(DAY)
    assert path == demo_file_path() and made_on(path) == DAY
    assert _deals(path) > 0
    assert made_on(fresh_demo(DAY + timedelta(days=7))) == DAY  # a week: still fresh
    later = DAY + timedelta(days=8)
    assert made_on(fresh_demo(later)) == later  # older than a week: dated again
    assert not path.with_name(path.name + ".new").exists()
    assert not path.with_name(path.name + ".new.lock").exists()  # no stray lock beside it


def test_a_demo_made_before_demos_were_dated_is_made_again() -> None:
    from sm_desk.core.demo import generate_demo

    path = demo_file_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    store = Store.open(path)
    generate_demo(store, "small", today=DAY - timedelta(days=90))
    store.close()
    assert made_on(fresh_demo(DAY)) == DAY


def test_cli_demo_without_db_writes_the_demo_file_not_the_owners(capsys: object) -> None:
    assert main(["demo"]) == 0
    assert demo_file_path().exists() and _deals(demo_file_path()) > 0
    assert not default_db_path().exists() or _deals(default_db_path()) == 0
    assert main(["demo"]) == 0  # only a sample: made again, no refusal
