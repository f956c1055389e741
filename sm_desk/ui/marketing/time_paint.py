"""Painting helpers of the time grid: sizes, chips and what they say."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QRect, QRectF
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QWidget

from sm_desk.core.domain import TOUCH_KIND_LABELS
from sm_desk.core.marketing.calendar import Occurrence
from sm_desk.ui.marketing.grid import ELIDE, LEFT_MIDDLE, chip_fill, text_on, time_label

GUTTER = 56  # the hour labels
HOUR_H = 44
HEAD_H = 30  # day names
STRIP_LINE = 20  # one row of all-day touches
STRIP_ROWS = 3  # rows shown before "+k"
EDGE = 6  # the bottom edge of a chip that resizes it
OPEN_HOUR, WORK_START, WORK_END = 8, 8, 18
NOW_RED = QColor("#d62728")
MIN_TEXT_W = 30  # a chip narrower than this shows its colour only (its hover says all)


def small_font(widget: QWidget) -> QFont:
    font = QFont(widget.font())
    font.setPointSizeF(max(7.0, widget.font().pointSizeF() - 1))
    return font


@lru_cache(maxsize=1024)
def chip_colours(colour: str, strength: float, base: int) -> tuple[QColor, QColor, QColor]:
    """Fill, border and text colour of a chip (cached: a busy week paints hundreds)."""
    tint = QColor(colour)
    fill = chip_fill(tint, QColor.fromRgb(base), strength)
    return fill, tint.darker(120), text_on(fill)


def paint_chip(painter: QPainter, rect: QRect, o: Occurrence, base: QColor, selected: bool,
               lines: list[str], ghost: bool = False) -> None:
    """A touch: its campaign colour laid over the page (strong when planned, faint when
    done or skipped) with black or white text, whichever reads better on that colour.
    Without `lines` (a chip too narrow to read) only the coloured box."""
    strength = 0.45 if ghost else 0.85 if o.status == "planned" else 0.4
    fill, border, ink = chip_colours(o.colour, strength, base.rgb())
    painter.setPen(QPen(border.darker(140), 2) if selected or ghost else border)
    painter.setBrush(fill)
    if not lines:  # a narrow box in a busy week: plain and quick
        painter.drawRect(rect.adjusted(0, 0, -1, -1))
        return
    painter.drawRoundedRect(QRectF(rect).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4)
    painter.setPen(ink)
    original = painter.font()
    plain, bold_font, plain_metrics, bold_metrics = chip_fonts(original, o.status == "skipped")
    line_h = plain_metrics.height()
    inner = rect.adjusted(4, 1, -3, -1)
    rows_free = max(1, (inner.height() + 2) // line_h)
    if inner.width() < 50 or rows_free == 1:  # no room to wrap: one row per line
        title = [lines[0]]
        title_rows, rest = 1, lines[1:rows_free]
    else:
        title = wrap(lines[0], bold_metrics, inner.width(), 3)
        title_rows, rest = _share(rows_free, lines[1:], len(title))
        if title_rows < len(title):
            title = wrap(lines[0], bold_metrics, inner.width(), title_rows)
    y = inner.y()
    painter.setFont(bold_font)
    for index, line in enumerate(title + rest):
        metrics = bold_metrics
        if index == len(title):
            painter.setFont(plain)
        if index >= len(title):
            metrics = plain_metrics
        painter.drawText(QRect(inner.x(), y, inner.width(), line_h), LEFT_MIDDLE,
                         metrics.elidedText(line, ELIDE, inner.width()))
        y += line_h
    painter.setFont(original)


_FONTS: dict[tuple[str, bool], tuple[QFont, QFont, QFontMetrics, QFontMetrics]] = {}


def chip_fonts(base: QFont, struck: bool) -> tuple[QFont, QFont, QFontMetrics, QFontMetrics]:
    """A chip's plain and bold fonts (struck through for a skipped touch) and their
    metrics, made once per font: a week paints hundreds of chips."""
    key = (base.key(), struck)
    found = _FONTS.get(key)
    if found is None:
        plain, bold = QFont(base), QFont(base)
        plain.setStrikeOut(struck)
        bold.setStrikeOut(struck)
        bold.setBold(True)
        found = _FONTS[key] = (plain, bold, QFontMetrics(plain), QFontMetrics(bold))
    return found


def _share(rows: int, rest: list[str], needed: int) -> tuple[int, list[str]]:
    """How many of `rows` the title gets (it needs `needed`), and which other lines fit:
    title, then the time, a second title row, the campaign, a third title row."""
    title, shown = 1, list[str]()
    for want in ("time", "title", "campaign", "title"):
        if title + len(shown) >= rows:
            break
        if want == "title":
            title = min(needed, title + 1)
        elif len(shown) < len(rest):
            shown.append(rest[len(shown)])
    return title, shown


def wrap(text: str, metrics: QFontMetrics, width: int, rows: int) -> list[str]:
    """`text` broken at spaces into at most `rows` lines of `width`, the last cut with
    an ellipsis when the rest does not fit."""
    lines: list[str] = []
    words = text.split()
    while words and len(lines) < rows - 1:
        line = words.pop(0)
        while words and metrics.horizontalAdvance(f"{line} {words[0]}") <= width:
            line += " " + words.pop(0)
        if metrics.horizontalAdvance(line) > width:  # one long word: cut it here
            words.insert(0, line)
            break
        lines.append(line)
    if words:
        lines.append(metrics.elidedText(" ".join(words), ELIDE, width))
    return lines or [text]


def chip_lines(o: Occurrence, height: int, line_h: int) -> list[str]:
    """What a chip says, longest first cut: title, time and kind, campaign."""
    mark = ("✓ " if o.status == "done" else "") + ("↻ " if o.recurring else "")
    kind = TOUCH_KIND_LABELS.get(o.kind, o.kind)
    if o.all_day:
        return [f"{mark}{o.title}"]
    if height < 2 * line_h + 2:  # one line: the time before the title
        return [f"{mark}{o.start.astimezone():%H:%M} {o.title}"]
    lines = [o.title, f"{mark}{time_label(o)} · {kind}"]
    if o.campaign_name:
        lines.append(o.campaign_name)
    return lines

