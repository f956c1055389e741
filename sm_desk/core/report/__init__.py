"""The weekly report's data: one ISO week, computed from the database alone."""

from sm_desk.core.report.compute import build_report
from sm_desk.core.report.model import Figure, WeeklyReport
from sm_desk.core.report.weeks import Week, WeekError

__all__ = ["Figure", "Week", "WeekError", "WeeklyReport", "build_report"]
