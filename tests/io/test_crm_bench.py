"""The Pipedrive import benchmark runs (small numbers): it checks itself that every deal
and activity landed."""

from __future__ import annotations

from sm_desk.io.crm_import.bench import run


def test_benchmark_imports_every_row() -> None:
    figures = run(deals=60, activities=300)
    assert set(figures) == {"deals_s", "activities_s", "total_s"}
