"""The report's hand-off and insight sections (core/report/handoffs.py has the figures).

Plain paragraphs and tables in the neutral content model, so HTML, PDF and CSV all
show them the same way.
"""

from __future__ import annotations

from sm_desk.core.report.model import WeeklyReport
from sm_desk.io.report.content import (
    Paragraph,
    Section,
    Table,
    change_text,
    count_text,
    figure_cells,
)

THIS_LAST_CHANGE = ["This week", "Last week", "Change"]


def hours_text(hours: float | None) -> str:
    if hours is None:
        return "-"
    return f"{hours:.1f} h" if hours < 10 else f"{hours:.0f} h"


def handoff_section(r: WeeklyReport) -> Section:
    section = Section("handoffs", "Lead hand-offs: marketing to sales")
    h = r.handoffs
    if h is None:
        return section.add(Paragraph("No hand-off figures.", "note"))
    section.add(Table("handoffs", ["Hand-offs", *THIS_LAST_CHANGE], [
        ["Handed over", *figure_cells(h.handed_over)],
        ["Accepted", *figure_cells(h.accepted)],
        ["Returned", *figure_cells(h.returned)],
    ], frozenset({1, 2, 3})))
    if h.contacted:
        verdict = ("within" if h.median_hours is not None
                   and h.median_hours <= h.follow_up_hours else "outside")
        section.add(Paragraph(
            f"Median time to first contact: {hours_text(h.median_hours)} (last week "
            f"{hours_text(h.previous_median_hours)}), {verdict} the agreement's "
            f"{h.follow_up_hours} h. {count_text(h.within_agreement)} of "
            f"{count_text(h.contacted)} contacted leads were reached within "
            f"{h.follow_up_hours} h."))
    elif h.handed_over.value:
        section.add(Paragraph(
            f"None of this week's {count_text(h.handed_over.value)} hand-offs had a call, "
            f"email or meeting by the week's end (the agreement asks for first contact "
            f"within {h.follow_up_hours} h)."))
    else:
        section.add(Paragraph("No lead was handed over this week.", "note"))
    waiting = (f"At the week's end {count_text(h.waiting)} hand-offs were waiting for sales"
               f"{f', {count_text(h.overdue)} past the follow-up time' if h.overdue else ''}.")
    section.add(Paragraph(waiting, "body" if h.overdue else "note"))
    if h.return_reasons:
        section.add(Table("handoff_return_reasons", ["Returned because", *THIS_LAST_CHANGE],
                          [[n.name, *figure_cells(n.figure)] for n in h.return_reasons],
                          frozenset({1, 2, 3})))
        section.add(Table("handoffs_returned", ["Lead", "Reason", "Note"],
                          [[x.contact, x.reason, x.note] for x in h.returned_leads], limit=12))
    return section


def insights_section(r: WeeklyReport) -> Section:
    section = Section("insights", "What customers said: insights for marketing")
    part = r.insights
    if part is None or not part.top:
        return section.add(Paragraph(
            "No customer insight was logged this week"
            + (f" ({count_text(part.logged.previous)} last week)." if part else "."), "note"))
    open_lines = part.unanswered
    section.add(Paragraph(
        f"{count_text(part.logged.value)} insights logged ({change_text(part.logged)} vs last "
        f"week). {count_text(len(open_lines))} of the top {count_text(len(part.top))} are "
        "still unanswered by any campaign or touch."
        + (" Unanswered: " + "; ".join(f"{x.kind.lower()} '{x.tag or 'no tag'}'"
                                      for x in open_lines[:5]) + "." if open_lines else "")))
    section.add(Table(
        "insights_top", ["Kind", "Tag", "This week", "Last 90 days", "Answered by",
                         "Newest quote", "Deal"],
        [[x.kind, x.tag or "(no tag)", count_text(x.this_week), count_text(x.last_90),
          "Unanswered" if x.unanswered else x.answered_by or "-", f"“{x.quote}”", x.deal]
         for x in part.top], frozenset({2, 3})))
    return section
