"""The import benchmark's sample is a real HubSpot-style file and every row is accounted for."""

from __future__ import annotations

from sm_desk.io.bench_import import run_benchmark


def test_benchmark_imports_every_row_of_its_sample_once() -> None:
    figures = run_benchmark(rows=2000, runs=1, with_sqlite_utils=False)
    assert figures["created"] + figures["duplicates"] + figures["rejected"] == 2000
    assert figures["duplicates"] > 0 and figures["rejected"] > 0  # both paths are exercised
    assert figures["bare_s"] > 0 and figures["sm_desk_s"] > 0


def test_large_import_reports_time_and_peak_memory_of_a_fresh_process() -> None:
    from sm_desk.io.bench_import import large_import

    figures = large_import(rows=3000)
    assert figures["rows"] == 3000 and figures["created"] > 2900
    assert figures["seconds"] > 0 and 20 < figures["peak_mb"] < 400
