from __future__ import annotations

from pathlib import Path

import pytest

from sm_desk.core.paths import cloud_service, data_dir


@pytest.mark.parametrize(("path", "service"), [
    ("/home/ana/Dropbox/shop/sm-desk.db", "Dropbox"),
    ("C:/Users/ana/OneDrive - Acme Ltd/sm-desk.db", "OneDrive"),
    ("/Users/ana/Library/Mobile Documents/com~apple~CloudDocs/sm.db", "iCloud"),
    ("/Users/ana/Google Drive/My Drive/sm.db", "Google Drive"),
    ("/home/ana/Documents/sm-desk.db", None),
    ("/home/ana/dropbox-notes/sm.db", None),
])
def test_cloud_synced_folders_are_recognised(path: str, service: str | None) -> None:
    assert cloud_service(Path(path)) == service


def test_data_dir_is_private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SM_DESK_DATA_DIR", str(tmp_path / "fresh"))
    folder = data_dir()
    assert folder.is_dir() and (folder.stat().st_mode & 0o077) == 0


@pytest.mark.parametrize(("text", "minor"), [  # en_US by default; tests/core/test_money.py
    ("1,234.50", 123450), ("€ 99", 9900), ("1,000,000.00", 100000000),  # has the locales
    ("0.5", 50), ("10", 1000), ("2,999", 299900),
])
def test_money_is_read_the_way_people_write_it(text: str, minor: int) -> None:
    from sm_desk.core.money import parse_money

    assert parse_money(text) == minor


@pytest.mark.parametrize("text", ["", "abc", "-5", "1" * 30, "1234,5", "2.999", "1e3"])
def test_money_refuses_with_a_reason(text: str) -> None:
    from sm_desk.core.money import MoneyError, parse_money

    with pytest.raises(MoneyError):
        parse_money(text)
