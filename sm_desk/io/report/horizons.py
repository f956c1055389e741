"""The report's two horizons: marketing's next 13 weeks, sales' this week and next."""

from __future__ import annotations

from datetime import date, timedelta

from sm_desk.core.report.horizons import MARKETING_WEEKS, DueItem
from sm_desk.core.report.model import WeeklyReport
from sm_desk.io.report import charts as draw
from sm_desk.io.report.content import (
    Chart,
    Paragraph,
    Section,
    Table,
    count_text,
    date_text,
    money_text,
)

MAX_CAMPAIGN_ROWS = 12


def marketing_section(r: WeeklyReport, charts: bool) -> Section:
    m, cur = r.marketing_ahead, r.currency
    section = Section("marketing_ahead", f"Marketing: the next {MARKETING_WEEKS} weeks")
    if m is None:
        return section.add(Paragraph("No plan to show.", "note"))
    last = m.end_day - timedelta(days=1)
    section.add(Paragraph(
        f"From {date_text(m.first_day)} to {date_text(last)}: "
        f"{count_text(m.touches)} touches planned, costing {money_text(m.spend, cur)}, in "
        f"{count_text(len(m.campaigns))} running campaigns. Marketing works months ahead: "
        "what is not planned here will not reach anyone this quarter."))
    section.add(Table(
        "plan_by_month", ["Month", "Touches planned", f"Spend ({cur})"],
        [[date_text(mo.month, "month"), count_text(mo.touches), money_text(mo.spend, "")]
         for mo in m.months], frozenset({1, 2}),
        total=["All", count_text(m.touches), money_text(m.spend, "")]))
    if not m.campaigns:
        section.add(Paragraph("No campaign runs in these weeks.", "note"))
        return _planned(section, r)
    shown = [c for c in m.campaigns][:MAX_CAMPAIGN_ROWS]
    if charts:
        rows = [(c.name, c.start or m.first_day, c.end or last, c.colour, c.touches)
                for c in shown]
        section.add(Chart.of("campaigns_ahead", f"Campaigns, next {MARKETING_WEEKS} weeks "
                             "(number: touches planned)",
                             draw.campaigns_ahead_chart(rows, m.first_day, m.end_day)))
    section.add(Table(
        "campaigns_ahead", ["Campaign", "Status", "Runs", "Touches", "Budget"],
        [[c.name, c.status, _span(c.start, c.end), count_text(c.touches),
          money_text(c.budget, c.currency)] for c in m.campaigns],
        frozenset({3, 4}), limit=MAX_CAMPAIGN_ROWS))
    return _planned(section, r)


def _planned(section: Section, r: WeeklyReport) -> Section:
    """The first planned touches (the CSV has every one of the 13 weeks)."""
    if r.touches.calendar:
        section.add(Table("planned_touches", ["Day", "Campaign", "Kind", "Touch"],
                          [[date_text(c.day, "short"), c.campaign, c.kind, c.title]
                           for c in r.touches.calendar], limit=12))
    return section


def _span(start: date | None, end: date | None) -> str:
    return f"{date_text(start, 'short') if start else '…'} – {date_text(end, 'short') if end else '…'}"


def sales_section(r: WeeklyReport) -> Section:
    s, cur = r.sales_now, r.currency
    section = Section("sales_now", "Sales: this week and next")
    if s is None:
        return section.add(Paragraph("Nothing to show.", "note"))
    last = s.end_day - timedelta(days=1)
    section.add(Paragraph(
        f"From {date_text(s.first_day)} to {date_text(last)}, as the deals stand now: "
        f"{count_text(len(s.closing))} deals expected to close "
        f"({money_text(s.closing_value, cur)}, weighted {money_text(s.closing_weighted, cur)}), "
        f"{count_text(len(s.next_steps))} next steps due and {count_text(len(s.payments))} "
        f"invoices falling due ({money_text(s.payments_value, cur)})."))

    def rows(items: list[DueItem], detail: bool = True) -> list[list[str]]:
        return [[date_text(i.day, "short"), i.title, i.contact,
                 *([i.detail] if detail else []), money_text(i.value, i.currency)]
                for i in items]

    if s.closing:
        section.add(Table("deals_to_close", ["Expected close", "Deal", "Contact", "Probability",
                                             f"Value ({cur})"], rows(s.closing),
                          frozenset({3, 4}), limit=15))
    if s.next_steps:
        section.add(Table("next_steps_due", ["Due", "Deal", "Contact", "Next step",
                                             f"Value ({cur})"], rows(s.next_steps),
                          frozenset({4}), limit=15))
    if s.payments:
        section.add(Table("payments_due", ["Due", "Deal", "Contact", f"Amount ({cur})"],
                          rows(s.payments, detail=False), frozenset({3}), limit=15))
    if not (s.closing or s.next_steps or s.payments):
        section.add(Paragraph("Nothing falls due in these two weeks.", "note"))
    return section
