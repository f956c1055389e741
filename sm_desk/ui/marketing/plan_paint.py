"""Painting and tooltips of the plan timeline (see plan_timeline for the widget)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPainter, QPalette, QPen

from sm_desk.core.marketing.plan import MonthMoney, PlanRow
from sm_desk.core.money import Numbers

if TYPE_CHECKING:
    from sm_desk.ui.marketing.plan_timeline import PlanTimeline

LABEL_W, HEADER_H, ROW_H, GROUP_H, MONEY_H = 210, 40, 26, 24, 64
BAR_H, MARK_R = 16, 3.5
WEEK_BAND = QColor(255, 190, 0, 45)
TODAY = QColor("#d62728")
WITHIN, OVER = QColor("#4e9a4e"), QColor("#d62728")
NO_PEN = QPen(Qt.PenStyle.NoPen)


@dataclass(slots=True)
class Line:
    top: int  # in content coordinates (0 = the first line under the header)
    height: int
    row: PlanRow | None  # None: a group heading
    label: str


def text_on(colour: QColor) -> QColor:
    """Black or white, whichever contrasts more with `colour` (WCAG relative luminance)."""
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    lum = 0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + \
        0.0722 * channel(colour.blueF())
    return QColor("#000000") if (lum + 0.05) / 0.05 >= 1.05 / (lum + 0.05) else QColor("#ffffff")


def _next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def paint_timeline(w: PlanTimeline, p: QPainter) -> None:
    pal = w.palette()
    p.fillRect(w.rect(), pal.color(QPalette.ColorRole.Base))
    if w.plan is None:
        return
    small = QFont(w.font())
    small.setPointSizeF(max(7.0, w.font().pointSizeF() - 1))
    p.setFont(small)
    _months(w, p, pal)
    area = w.rows_rect()
    p.save()
    p.setClipRect(area)
    _week(w, p, area)
    for line in w.lines:
        y = w.line_y(line)
        if y + line.height < area.top() or y > area.bottom():
            continue
        if line.row is None:
            _group(w, p, pal, line, y)
        else:
            _row(w, p, pal, line, y)
    _drag(w, p, pal)
    p.restore()
    p.setPen(pal.color(QPalette.ColorRole.Mid))
    p.drawLine(LABEL_W, 0, LABEL_W, w.height())
    p.drawLine(0, area.bottom() + 1, area.right(), area.bottom() + 1)
    if not w.lines:
        p.setPen(pal.color(QPalette.ColorRole.PlaceholderText))
        p.drawText(area, Qt.AlignmentFlag.AlignCenter,
                   "No campaign runs in this range. Give a campaign dates to plan it here.")
    _money(w, p, pal)


def _months(w: PlanTimeline, p: QPainter, pal: QPalette) -> None:
    """Month columns (alternate shading), names, week starts and the week band's label."""
    assert w.plan is not None
    muted = pal.color(QPalette.ColorRole.PlaceholderText)
    text = pal.color(QPalette.ColorRole.Text)
    right = w.rows_rect().right()
    metrics = QFontMetrics(p.font())
    for i, month in enumerate(w.plan.range.month_starts()):
        x0, x1 = w.x_of(month), min(w.x_of(_next_month(month)), right)
        if i % 2:
            p.fillRect(QRectF(x0, 0, x1 - x0, w.height()),
                       pal.color(QPalette.ColorRole.AlternateBase))
        p.setPen(pal.color(QPalette.ColorRole.Mid))
        p.drawLine(QPointF(x0, 0), QPointF(x0, w.height()))
        name = f"{month:%B %Y}"
        if metrics.horizontalAdvance(name) > x1 - x0 - 6:
            name = f"{month:%b}" if month.month != 1 else f"{month:%b %y}"
        p.setPen(text)
        p.drawText(QRectF(x0, 2, x1 - x0, 18), Qt.AlignmentFlag.AlignCenter, name)
    _legend(p, muted)
    label = "This week"
    x0, x1 = w.x_of(w.week[0]), w.x_of(w.week[1] + timedelta(days=1))
    wide = max(x1 - x0, metrics.horizontalAdvance(label) + 8)
    left = min(max((x0 + x1 - wide) / 2, LABEL_W), right - wide)
    box = QRectF(left, 21, wide, 17) if x1 > LABEL_W and x0 < right else QRectF()
    week_w = w.day_width() * 7
    p.setPen(muted)
    first = w.plan.range.first
    day = first + timedelta(days=(w.week[0].weekday() - first.weekday()) % 7)
    while day < w.plan.range.end:  # week starts (the owner's first weekday)
        x = w.x_of(day)
        number = QRectF(x + 2, 20, metrics.horizontalAdvance(str(day.day)) + 2, 18)
        if not box.contains(QPointF(x, 30)):
            p.drawLine(QPointF(x, 22), QPointF(x, HEADER_H - 2))
        if week_w >= 22 and not number.intersects(box):
            p.drawText(number, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                       str(day.day))
        day += timedelta(days=7)
    if not box.isEmpty():
        p.fillRect(box, QColor(255, 190, 0, 150))
        p.setPen(QColor("#000000"))
        p.drawText(box, Qt.AlignmentFlag.AlignCenter, label)


def _legend(p: QPainter, muted: QColor) -> None:
    p.setPen(QPen(QColor("#ffffff"), 1))
    p.setBrush(QColor("#202020"))
    p.drawEllipse(QPointF(14, 14), MARK_R, MARK_R)
    p.setPen(QPen(muted, 1.5))
    p.setBrush(QBrush(Qt.BrushStyle.NoBrush))
    p.drawEllipse(QPointF(14, 30), MARK_R, MARK_R)
    p.setPen(muted)
    p.drawText(QRectF(24, 4, LABEL_W - 28, 18), Qt.AlignmentFlag.AlignVCenter, "a touch that day")
    p.drawText(QRectF(24, 21, LABEL_W - 28, 18), Qt.AlignmentFlag.AlignVCenter,
               "a touch outside its dates")


def _week(w: PlanTimeline, p: QPainter, area: QRect) -> None:
    x0, x1 = w.x_of(w.week[0]), w.x_of(w.week[1] + timedelta(days=1))
    p.fillRect(QRectF(x0, area.top(), x1 - x0, area.height()), WEEK_BAND)
    x = w.x_of(w.today) + w.day_width() / 2
    if x >= LABEL_W:
        p.setPen(QPen(TODAY, 1.5))
        p.drawLine(QPointF(x, area.top()), QPointF(x, area.bottom()))


def _group(w: PlanTimeline, p: QPainter, pal: QPalette, line: Line, y: int) -> None:
    band = QRect(0, y, w.rows_rect().width(), line.height)
    p.fillRect(band, pal.color(QPalette.ColorRole.Button))
    bold = QFont(p.font())
    bold.setBold(True)
    p.save()
    p.setFont(bold)
    p.setPen(pal.color(QPalette.ColorRole.ButtonText))
    p.drawText(band.adjusted(8, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter, line.label)
    p.restore()


def _row(w: PlanTimeline, p: QPainter, pal: QPalette, line: Line, y: int) -> None:
    row = line.row
    assert row is not None and w.plan is not None
    colour = QColor(row.colour)
    if row.campaign_id == w.selected_id:
        chosen = QColor(pal.color(QPalette.ColorRole.Highlight))
        chosen.setAlpha(50)
        p.fillRect(QRect(0, y, w.rows_rect().width(), line.height), chosen)
    p.setPen(pal.color(QPalette.ColorRole.Midlight))
    p.drawLine(0, y + line.height - 1, w.rows_rect().width(), y + line.height - 1)
    p.fillRect(QRect(8, y + 8, 10, 10), colour)
    p.setPen(pal.color(QPalette.ColorRole.Text))
    metrics = QFontMetrics(p.font())
    name = metrics.elidedText(row.name, Qt.TextElideMode.ElideRight, LABEL_W - 30)
    p.drawText(QRect(24, y, LABEL_W - 28, line.height), Qt.AlignmentFlag.AlignVCenter, name)
    rng = w.plan.range
    dragged = w.drag is not None and w.drag.row.campaign_id == row.campaign_id and w.drag.days
    if row.end >= rng.first and row.start < rng.end:
        bar = w._bar(line, row.start, row.end)
        fill = QColor(colour)
        if dragged:
            fill.setAlpha(70)
        p.setPen(QPen(colour.darker(130), 1, Qt.PenStyle.SolidLine if row.dated
                      else Qt.PenStyle.DashLine))
        p.setBrush(fill)
        p.drawRoundedRect(QRectF(bar), 4, 4)
        if bar.width() > 40 and not dragged:
            p.setPen(text_on(colour))
            label = metrics.elidedText(row.name, Qt.TextElideMode.ElideRight, bar.width() - 10)
            p.drawText(bar.adjusted(6, -1, -4, -3), Qt.AlignmentFlag.AlignVCenter, label)
    moving = w.drag.days if dragged and w.drag is not None and w.drag.mode == "move" else 0
    _marks(w, p, row, y + (line.height + BAR_H) / 2 - 1, colour, moving)


def _marks(w: PlanTimeline, p: QPainter, row: PlanRow, cy: float, colour: QColor,
           moving: int = 0) -> None:
    """The touches as marks; while the bar is dragged they travel with it."""
    half = w.day_width() / 2 + moving * w.day_width()
    on_bar = QPen(QColor("#ffffff"), 1)
    off_bar = QPen(colour.darker(140), 1.5)
    for mark in row.marks:
        x = w.x_of(mark.day) + half
        radius = MARK_R + (0.8 if mark.count > 1 else 0)
        if row.start <= mark.day <= row.end:
            p.setPen(on_bar)
            p.setBrush(QColor("#202020"))
        else:
            p.setPen(off_bar)
            p.setBrush(QBrush(Qt.BrushStyle.NoBrush))
        p.drawEllipse(QPointF(x, cy), radius, radius)


def _drag(w: PlanTimeline, p: QPainter, pal: QPalette) -> None:
    drag = w.drag
    if drag is None or not drag.days:
        return
    line = w.line_of(drag.row.campaign_id)
    if line is None:
        return
    start, end = drag.dates()
    bar = w._bar(line, start, end)
    colour = QColor(drag.row.colour)
    p.setPen(QPen(colour.darker(150), 2, Qt.PenStyle.DashLine))
    p.setBrush(colour)
    p.drawRoundedRect(QRectF(bar), 4, 4)
    sign = "+" if drag.days > 0 else "−"
    what = "with its touches" if drag.mode == "move" else (
        "start" if drag.mode == "start" else "end")
    label = f"{start:%a %d %b} – {end:%a %d %b}  ({sign}{abs(drag.days)} d, {what}; Esc cancels)"
    metrics = QFontMetrics(p.font())
    box = QRectF(max(LABEL_W + 2, bar.left()), bar.top() - 20,
                 metrics.horizontalAdvance(label) + 12, 18)
    if box.top() < w.rows_rect().top():
        box.moveTop(bar.bottom() + 3)
    p.setPen(NO_PEN)
    p.setBrush(pal.color(QPalette.ColorRole.ToolTipBase))
    p.drawRoundedRect(box, 3, 3)
    p.setPen(pal.color(QPalette.ColorRole.ToolTipText))
    p.drawText(box, Qt.AlignmentFlag.AlignCenter, label)


def _money(w: PlanTimeline, p: QPainter, pal: QPalette) -> None:
    assert w.plan is not None
    top = w.height() - MONEY_H
    p.fillRect(QRect(0, top, w.width(), MONEY_H), pal.color(QPalette.ColorRole.Window))
    p.setPen(pal.color(QPalette.ColorRole.Mid))
    p.drawLine(0, top, w.width(), top)
    text, muted = pal.color(QPalette.ColorRole.Text), pal.color(QPalette.ColorRole.PlaceholderText)
    p.setPen(text)
    p.drawText(QRect(8, top + 6, LABEL_W - 12, 20), Qt.AlignmentFlag.AlignVCenter,
               "Spend vs budget")
    p.setPen(muted)
    p.drawText(QRect(8, top + 26, LABEL_W - 12, 32), Qt.TextFlag.TextWordWrap,
               f"per month, {w.plan.currency}; each budget spread over its days")
    metrics = QFontMetrics(p.font())
    for m in w.plan.months:
        x0 = w.x_of(m.month) + 6
        x1 = min(w.x_of(_next_month(m.month)), w.rows_rect().right()) - 6
        width = x1 - x0
        if width < 20:
            continue
        spent, budget = w.numbers.compact(m.spend_minor, m.currency), \
            w.numbers.compact(m.budget_minor, m.currency)
        p.setPen(text)
        head = f"{spent} of {budget}" if m.budget_minor else \
            f"{spent}, no budget" if m.spend_minor else "nothing planned"
        if metrics.horizontalAdvance(head) > width:
            head = spent
        p.drawText(QRectF(x0, top + 6, width, 18), Qt.AlignmentFlag.AlignLeft |
                   Qt.AlignmentFlag.AlignVCenter, head)
        track = QRectF(x0, top + 28, width, 10)
        p.setPen(QPen(pal.color(QPalette.ColorRole.Mid), 1))
        p.setBrush(pal.color(QPalette.ColorRole.Base))
        p.drawRoundedRect(track, 3, 3)
        share = 1.0 if not m.budget_minor else min(1.0, m.spend_minor / m.budget_minor)
        if m.spend_minor:
            p.setPen(NO_PEN)
            p.setBrush(OVER if m.over else WITHIN)
            p.drawRoundedRect(QRectF(x0, top + 28, max(3.0, width * share), 10), 3, 3)
        p.setPen(OVER if m.over else muted)
        tail = (f"over by {w.numbers.compact(m.spend_minor - m.budget_minor, m.currency)}"
                if m.over else f"{round(100 * m.spend_minor / m.budget_minor)}% used"
                if m.budget_minor else "")
        if m.notes:
            tail = (tail + " · " if tail else "") + "some left out"
        if metrics.horizontalAdvance(tail) <= width:
            p.drawText(QRectF(x0, top + 40, width, 18), Qt.AlignmentFlag.AlignLeft |
                       Qt.AlignmentFlag.AlignVCenter, tail)


# -- tooltips ---------------------------------------------------------------------------

def money_tip(m: MonthMoney, numbers: Numbers) -> str:
    lines = [f"{m.month:%B %Y}: spent {numbers.money(m.spend_minor, m.currency)} of "
             f"{numbers.money(m.budget_minor, m.currency)} budgeted"]
    if m.over:
        lines.append(f"Over by {numbers.money(m.spend_minor - m.budget_minor, m.currency)}")
    lines.extend(m.notes)
    lines.append("Spend: each touch's cost once (not skipped ones), in the month it starts. "
                 "Budget: each campaign's budget spread evenly over its days.")
    return "\n".join(lines)


def row_tip(row: PlanRow, day: date, part: str, numbers: Numbers, day_width: float) -> str:
    days = (row.end - row.start).days + 1
    lines = [row.name, f"{row.status.capitalize()} · audience: {row.audience}",
             f"{row.start:%a %d %b %Y} – {row.end:%a %d %b %Y} ({days} days)"
             + ("" if row.dated else ", dates taken from its touches"),
             f"Budget {numbers.money(row.budget_minor, row.currency)} · spent in this range "
             f"{numbers.money(row.spend_minor, row.currency)}"]
    slack = max(0, round(4 / day_width))
    near = [m for m in row.marks if abs((m.day - day).days) <= slack]
    for mark in near[:5]:
        lines.append(f"{mark.count} touch{'es' if mark.count > 1 else ''} on {mark.day:%a %d %b}")
    if part == "bar":
        lines.append("Drag to move it with all its touches; drag an end to change a date")
    elif part in ("start", "end"):
        lines.append(f"Drag to change the {part} date (its touches stay)")
    return "\n".join(lines)
