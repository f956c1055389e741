"""The dashboard's targets card text: each of the agreement's weekly targets, this week's
progress and an eight-week trend (core/report/targets.py, the report's figures)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the figures arrive after the first paint; their module with them
    from sm_desk.core.report.targets import TargetLine, TargetsPart

BARS = "▁▂▃▄▅▆▇█"


def sparkline(values: tuple[int, ...]) -> str:
    """Eight weeks as eight block characters (empty weeks as the lowest)."""
    top = max(values, default=0)
    if top <= 0:
        return BARS[0] * len(values)
    return "".join(BARS[min(len(BARS) - 1, round(v / top * (len(BARS) - 1)))] for v in values)


def line_text(line: TargetLine, money: Callable[[int], str]) -> str:
    def shown(value: int) -> str:
        return money(value) if line.money else str(value)

    if line.target <= 0:
        return f"{line.label}: {shown(line.actual)} (no target set)  {sparkline(line.weeks)}"
    progress = line.progress or 0.0
    return (f"{line.label}: {shown(line.actual)} of {shown(line.target)} ({progress:.0%})  "
            f"{sparkline(line.weeks)}")


def card_text(targets: TargetsPart, money: Callable[[int], str]) -> tuple[str, list[str], str]:
    """(headline, one line per target, note)."""
    set_lines = [line for line in targets.lines if line.target > 0]
    met = sum(line.actual >= line.target for line in set_lines)
    headline = (f"{met} of {len(set_lines)} met" if set_lines else "No targets set")
    note = ("This week so far against the agreement's weekly targets; the bars are the last "
            "8 weeks, oldest first.")
    return headline, [line_text(line, money) for line in targets.lines], note
