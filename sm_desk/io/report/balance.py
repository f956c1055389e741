"""The report's hat balance (hours per hat) and weekly targets sections."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sm_desk.core.report.hats import EXPLAINED
from sm_desk.core.report.model import WeeklyReport
from sm_desk.io.report import charts as draw
from sm_desk.io.report.content import (
    NUMBERS,
    Chart,
    Paragraph,
    Section,
    Table,
    count_text,
    date_text,
    money_text,
    share_text,
)


def hours_text(hours: float) -> str:
    """'2.5 h' in the owner's way of writing numbers."""
    return f"{NUMBERS.get().number(Decimal(str(round(hours, 2))).normalize())} h"


def hat_section(r: WeeklyReport, charts: bool) -> Section:
    h = r.hat
    section = Section("hats", "Hat balance: sales vs marketing")
    section.add(Paragraph(
        f"Hours this week: sales {hours_text(h.sales)}, marketing {hours_text(h.marketing)}; "
        f"sales share {share_text(h.sales_share)} (last week {share_text(h.previous_sales_share)}); "
        f"the agreement's target is {share_text(h.target_sales_share)}."))
    section.add(Paragraph(EXPLAINED, "note"))
    if charts and any(w.total for w in h.weeks):
        section.add(Chart.of("hat_hours", "Hours per hat, last 8 weeks", draw.hat_hours_chart(
            [(f"W{w.week.number:02d}", w.sales, w.marketing) for w in h.weeks],
            h.target_sales_share)))
    if h.this.lines:
        section.add(Table("hat_hours", ["Hat", "Work done", "Count", "Hours"],
                          [[line.hat.capitalize(), line.label, count_text(line.count),
                            hours_text(line.hours)] for line in h.this.lines],
                          frozenset({2, 3}),
                          total=["All", "", "", hours_text(h.sales + h.marketing)]))
    else:
        section.add(Paragraph("No completed work to balance this week.", "note"))
    if h.assessment is not None:
        a = h.assessment
        section.add(Paragraph(
            f"Latest self-assessment ({date_text(date.fromisoformat(a.taken_at[:10]))}): "
            f"{a.verdict or 'no verdict'}; sales {a.sales_score:g}, marketing "
            f"{a.marketing_score:g}."))
    else:
        section.add(Paragraph("No self-assessment yet: take it in the app to compare.", "note"))
    return section


def targets_section(r: WeeklyReport, charts: bool) -> Section:
    section = Section("targets", "Weekly targets")
    t = r.targets
    if t is None:
        return section.add(Paragraph("No targets tracked.", "note"))

    def shown(value: int, money: bool) -> str:
        return money_text(value, "") if money else count_text(value)

    rows = []
    for line in t.lines:
        target = shown(line.target, line.money) if line.target > 0 else "not set"
        label = f"{line.label} ({r.currency})" if line.money else line.label
        rows.append([label, target, shown(line.actual, line.money),
                     share_text(line.progress) if line.progress is not None else "",
                     f"{line.weeks_met} of {len(line.weeks)}" if line.target > 0 else ""])
    section.add(Table("targets", ["Target", "Per week", "This week", "Progress", "Weeks met"],
                      rows, frozenset({1, 2, 3, 4})))
    if charts and any(any(line.weeks) for line in t.lines):
        section.add(Chart.of("targets_trend", "Targets, last 8 weeks (dashed: the target)",
                             draw.targets_chart(
                                 [f"W{w.number:02d}" for w in t.weeks],
                                 [(line.label, list(line.weeks), line.target, line.money)
                                  for line in t.lines], r.currency)))
    section.add(Table(
        "targets_trend", ["Week", *[f"{line.label} ({r.currency})" if line.money else line.label
                                    for line in t.lines]],
        [[week.label, *[shown(line.weeks[i], line.money) for line in t.lines]]
         for i, week in enumerate(t.weeks)], frozenset(range(1, len(t.lines) + 1))))
    return section
