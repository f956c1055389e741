"""WeeklyReport -> Document: every heading, sentence, table and chart, once.

`charts=False` skips drawing (CSV needs only the tables). A section with nothing
to show says so in a sentence instead of drawing an empty chart frame.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sm_desk.core.datefmt import date_span
from sm_desk.core.money import Numbers
from sm_desk.core.profile import WEEKDAYS
from sm_desk.core.report.model import Figure, Named, WeeklyReport
from sm_desk.core.words import counted
from sm_desk.io.report import charts as draw
from sm_desk.io.report.balance import hat_section, hours_text, targets_section
from sm_desk.io.report.content import (
    NUMBERS,
    Chart,
    Document,
    KeyFigure,
    Paragraph,
    Section,
    Table,
    change_text,
    count_text,
    date_text,
    figure_cells,
    money_text,
    share_text,
    tone,
    use_numbers,
)
from sm_desk.io.report.handoffs import handoff_section, insights_section
from sm_desk.io.report.horizons import marketing_section, sales_section

THIS_LAST_CHANGE = ["This week", "Last week", "Change"]
LIMIT = 12  # rows shown in HTML and PDF for long lists (CSV has them all)


def _named_table(name: str, first: str, items: list[Named], currency: str | None = None,
                 limit: int | None = LIMIT) -> Table:
    return Table(name, [first, *THIS_LAST_CHANGE],
                 [[n.name, *figure_cells(n.figure, currency)] for n in items],
                 frozenset({1, 2, 3}), limit)


def _said(figure: Figure, currency: str | None = None) -> str:
    """'5 (+2 vs last week)'."""
    value = count_text(figure.value) if currency is None else money_text(figure.value, currency)
    return f"{value} ({change_text(figure, currency)} vs last week)"


def build_document(report: WeeklyReport, charts: bool = True) -> Document:
    r, cur = report, report.currency
    use_numbers(Numbers(report.locale, report.currency))
    pipeline = r.pipeline
    key = [
        KeyFigure("New leads", count_text(r.contacts.new_leads.value),
                  change_text(r.contacts.new_leads), tone(r.contacts.new_leads)),
        KeyFigure("Deals won", count_text(r.deals.won.value), change_text(r.deals.won),
                  tone(r.deals.won)),
        KeyFigure(f"Revenue won ({cur})", money_text(r.deals.won_value.value, ""),
                  change_text(r.deals.won_value, ""), tone(r.deals.won_value)),
        KeyFigure(f"Weighted pipeline ({cur})", money_text(pipeline.weighted.value, ""),
                  change_text(pipeline.weighted, ""), tone(pipeline.weighted)),
        KeyFigure("Touches done", count_text(r.touches.done.value), change_text(r.touches.done),
                  tone(r.touches.done)),
        KeyFigure("Tasks done", count_text(r.tasks.total("done").value),
                  change_text(r.tasks.total("done")), tone(r.tasks.total("done"))),
        KeyFigure(f"Overdue payments ({cur})", money_text(r.payments.value.value, ""),
                  change_text(r.payments.value, ""), tone(r.payments.value, up_is_good=False)),
        KeyFigure("Sales share of hours", share_text(r.hat.sales_share),
                  f"target {share_text(r.hat.target_sales_share)}", "flat"),
    ]
    overview = Section("overview", "This week")
    for line in r.left_out:  # currencies never add up silently
        overview.add(Paragraph(f"Not in the totals: {line}.", "note"))
    if r.is_quiet:
        overview.add(Paragraph(
            "No activity was recorded this week: no new contacts, deals, touches, completed "
            "tasks or sales activities. The pipeline, payments and plans below still stand."))
    else:
        overview.add(Paragraph(
            f"{counted(r.contacts.new_contacts.value, 'new contact', number=count_text)}, "
            f"{counted(r.deals.won.value, 'deal', number=count_text)} won for "
            f"{money_text(r.deals.won_value.value, cur)}, "
            f"{counted(r.touches.done.value, 'marketing touch', number=count_text)} done and "
            f"{counted(r.activities.value, 'sales activity', number=count_text)} logged: "
            f"{hours_text(r.hat.marketing)} of marketing work and {hours_text(r.hat.sales)} "
            "of sales work."))
    sections = [overview, hat_section(r, charts), targets_section(r, charts), sales_section(r),
                marketing_section(r, charts), _contacts(r, charts), _deals(r, charts),
                _pipeline(r, charts), _touches(r, charts), handoff_section(r),
                insights_section(r), _tasks(r, charts), _payments(r)]
    first, last = r.week.start, r.week.end - timedelta(days=1)
    day = WEEKDAYS[first.weekday()]  # the owner's first day of the week
    return Document(
        title=f"Weekly report {r.week.label}",
        subtitle=date_span(first, last, NUMBERS.get().locale), key_figures=key,
        sections=sections,
        footer=f"SM Desk · {r.week.label}, {day} 00:00 to {day} 00:00 local time · "
               f"changes vs the week before · generated {_now_text()}")


def _contacts(r: WeeklyReport, charts: bool) -> Section:
    part = r.contacts
    section = Section("leads", "Leads and contacts").add(Paragraph(
        f"New contacts: {_said(part.new_contacts)}. New leads (not just subscribers): "
        f"{_said(part.new_leads)}."))
    if not part.leads_by_campaign:
        return section.add(Paragraph("No new leads this week or last.", "note"))
    top = [(n.name, n.figure.value) for n in part.leads_by_campaign if n.figure.value][:10]
    if charts and top:  # every source, "No campaign" too (ranked by leads, largest first)
        section.add(Chart.of("leads_by_campaign", "Leads by source (this week)",
                             draw.bar_chart(top, xlabel="Leads")))
    return section.add(_named_table("leads_by_campaign", "Source campaign",
                                    part.leads_by_campaign))


def _deals(r: WeeklyReport, charts: bool) -> Section:
    d, cur = r.deals, r.currency
    rows = [["Created", *figure_cells(d.created)], ["Advanced", *figure_cells(d.advanced)],
            ["Won", *figure_cells(d.won)], [f"Won value ({cur})", *figure_cells(d.won_value, "")],
            ["Lost", *figure_cells(d.lost)]]
    section = Section("deals", "Deals").add(
        Table("deals", ["Deals", *THIS_LAST_CHANGE], rows, frozenset({1, 2, 3})),
        Paragraph("Advanced: the deal's stage moved forward during the week, or it was won.",
                  "note"))
    if d.lost_reasons:
        section.add(_named_table("lost_reasons", "Lost reason", d.lost_reasons, limit=None))
    trend = [(f"W{w.week.number:02d}", w.won, w.lost, w.won_value) for w in r.trend]
    if not any(w.won or w.lost for w in r.trend):
        section.add(Paragraph("No deals were won or lost in the last 8 weeks.", "note"))
    elif charts:
        section.add(Chart.of("won_lost_trend", "Won, lost and revenue won, last 8 weeks",
                          draw.trend_chart(trend, cur)))
    section.add(Table("won_lost_trend", ["Week", "Won", "Lost", f"Revenue won ({cur})"],
                      [[w.week.label, count_text(w.won), count_text(w.lost),
                        money_text(w.won_value, "")] for w in r.trend], frozenset({1, 2, 3})))
    return section


def _pipeline(r: WeeklyReport, charts: bool) -> Section:
    p, f, cur = r.pipeline, r.forecast, r.currency
    section = Section("pipeline", "Open pipeline and forecast")
    if not p.count.value:
        section.add(Paragraph("No deals were open at the end of the week.", "note"))
    else:
        section.add(Paragraph(
            f"{counted(p.count.value, 'open deal', number=count_text)} worth "
            f"{money_text(p.value.value, cur)}; "
            f"weighted {_said(p.weighted, cur)}. Weighted value uses each deal's probability, "
            "or its stage's default."))
        if charts:
            section.add(Chart.of("pipeline_by_stage", "Open pipeline by stage", draw.pipeline_chart(
                [(s.stage, s.value.value, s.weighted.value) for s in p.stages], cur)))
    section.add(Table(
        "pipeline_by_stage", ["Stage", "Probability", "Deals", f"Value ({cur})", "Weighted",
                              "Weighted last week", "Change"],
        [[s.stage, f"{s.probability}%", count_text(s.count.value), money_text(s.value.value, ""),
          *figure_cells(s.weighted, "")] for s in p.stages],
        frozenset(range(1, 7)),
        total=["Total", "", count_text(p.count.value), money_text(p.value.value, ""),
               *figure_cells(p.weighted, "")]))
    section.add(Table(
        "forecast", ["Expected close", "Deals", f"Value ({cur})", f"Weighted ({cur})"],
        [[date_text(m.month, "month"), count_text(m.count), money_text(m.value, ""),
          money_text(m.weighted, "")] for m in f.months], frozenset({1, 2, 3}),
        total=["Next 3 months", count_text(sum(m.count for m in f.months)),
               money_text(sum(m.value for m in f.months), ""),
               money_text(f.weighted.value, "")]))
    note = f"Forecast (weighted): {_said(f.weighted, cur)}."
    if f.past_expected_close:
        note += (f" {counted(f.past_expected_close, 'open deal', number=count_text)} "
                 f"{'is past its' if f.past_expected_close == 1 else 'are past their'} expected "
                 "close date: update them.")
    return section.add(Paragraph(note, "note"))


def _touches(r: WeeklyReport, charts: bool) -> Section:
    t, s, cur = r.touches, r.spend, r.currency
    section = Section("touches", "Marketing touches this week").add(Paragraph(
        f"Touches done: {_said(t.done)}; scheduled (not skipped): {count_text(t.scheduled.value)}. "
        f"Campaign spend: {_said(s.total, cur)}."))
    if t.done_by_kind:
        section.add(_named_table("touches_by_kind", "Kind (done)", t.done_by_kind, limit=None),
                    _named_table("touches_by_campaign", "Campaign (done)", t.done_by_campaign))
    if s.by_campaign:
        section.add(_named_table("spend_by_campaign", f"Campaign spend ({cur})",
                                 s.by_campaign, ""))
    return section


def _tasks(r: WeeklyReport, charts: bool) -> Section:
    lines = r.tasks.lines
    section = Section("tasks", "Tasks: who did what")
    columns = ["Function", "Done", "Change", "Open", "Unassigned", "Change", "Overdue", "Change"]
    rows = [[line.function, count_text(line.done.value), change_text(line.done),
             count_text(line.open.value), count_text(line.unassigned.value),
             change_text(line.unassigned), count_text(line.overdue.value),
             change_text(line.overdue)] for line in lines]
    total = r.tasks.total
    section.add(Table("tasks_by_function", columns, rows, frozenset(range(1, 8)), total=[
        "All", count_text(total("done").value), change_text(total("done")),
        count_text(total("open").value), count_text(total("unassigned").value),
        change_text(total("unassigned")), count_text(total("overdue").value),
        change_text(total("overdue"))]))
    section.add(Paragraph("Done: completed this week. Open, unassigned and overdue: as they "
                          "stood at the end of the week.", "note"))
    data = [(line.function, line.done.value, line.open.value, line.unassigned.value,
             line.overdue.value) for line in lines]
    if charts and any(any(row[1:]) for row in data):
        section.add(Chart.of("tasks_by_function", "Tasks by function and status",
                          draw.tasks_chart(data)))
    return section


def _payments(r: WeeklyReport) -> Section:
    p, cur = r.payments, r.currency
    section = Section("payments", "Overdue payments")
    if not p.items:
        return section.add(Paragraph("No invoice was overdue at the end of the week.", "note"))
    section.add(Paragraph(f"{_said(p.count)} invoices overdue, worth {_said(p.value, cur)}."))
    return section.add(Table(
        "overdue_payments", ["Deal", "Contact", "Due", "Days overdue", f"Amount ({cur})"],
        [[i.title, i.contact, date_text(i.due), count_text(i.days_overdue),
          money_text(i.value, i.currency)] for i in p.items], frozenset({3, 4}), limit=15))


def _now_text() -> str:
    from sm_desk.core.datefmt import time_text

    now = datetime.now()
    return f"{date_text(now.date())} {time_text(now.time(), NUMBERS.get().locale)}"
