"""The weekly report's data: one ISO week, computed from the database alone.

The names below load on first use (PEP 562): the dashboard imports a constant of one
module here before the window's first paint, and the whole report (compute and its
parts, ~50 ms of imports) is not needed until a report is built.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sm_desk.core.report.compute import build_report
    from sm_desk.core.report.model import Figure, WeeklyReport
    from sm_desk.core.report.weeks import Week, WeekError

__all__ = ["Figure", "Week", "WeekError", "WeeklyReport", "build_report"]
_HOMES = {"build_report": "compute", "Figure": "model", "WeeklyReport": "model",
          "Week": "weeks", "WeekError": "weeks"}


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{_HOMES[name]}"), name)
