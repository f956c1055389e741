"""Charts of the self-assessment, rendered with matplotlib (imported lazily) to a pixmap."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from PySide6.QtGui import QPixmap

from sm_desk.core.assessment.scoring import BALANCED_MARGIN, NEEDS_HIGH_FROM, NEEDS_MEDIUM_FROM
from sm_desk.core.domain import Assessment

SALES = "#e07b39"
MARKETING = "#3f7cbf"
NEED = "#6a4c93"


def _figure(width: float, height: float) -> Any:
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=100)
    figure.patch.set_facecolor("white")
    return figure


def _pixmap(figure: Any) -> QPixmap:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100)
    pixmap = QPixmap()
    pixmap.loadFromData(buffer.getvalue(), "PNG")
    return pixmap


def result_chart(sales: float, marketing: float, needs: float) -> QPixmap:
    """Left: the two person scores, with the 'balanced' band. Right: the business's need
    for one-to-one selling on its low/medium/high scale."""
    figure = _figure(7.2, 2.5)
    grid = figure.add_gridspec(1, 2, width_ratios=(1.3, 1), wspace=0.25)
    scores = figure.add_subplot(grid[0])
    bars = scores.barh(["Marketing", "Sales"], [marketing, sales], color=[MARKETING, SALES],
                       height=0.55)
    for bar, value in zip(bars, (marketing, sales), strict=True):
        scores.text(min(value + 2, 88), bar.get_y() + bar.get_height() / 2, f"{value:g}",
                    va="center", fontsize=9)
    scores.set_xlim(0, 100)
    gap = abs(sales - marketing)
    scores.set_title(f"You: {gap:g} points apart (balanced: {BALANCED_MARGIN:g} or less)",
                     fontsize=10, loc="left")
    scores.spines[["top", "right"]].set_visible(False)
    scores.tick_params(labelsize=9)

    need = figure.add_subplot(grid[1])
    for start, end, label, shade in ((0, NEEDS_MEDIUM_FROM, "low", "#efe9f5"),
                                     (NEEDS_MEDIUM_FROM, NEEDS_HIGH_FROM, "medium", "#ddd1ea"),
                                     (NEEDS_HIGH_FROM, 100, "high", "#c9b6df")):
        need.axvspan(start, end, color=shade, lw=0)
        need.text((start + end) / 2, 0.82, label, ha="center", fontsize=8, color="#4a3a66")
    need.barh([0.35], [needs], color=NEED, height=0.3)
    need.text(min(needs + 2, 86), 0.35, f"{needs:g}", va="center", fontsize=9)
    need.set_xlim(0, 100)
    need.set_ylim(0, 1)
    need.set_yticks([])
    need.set_title("Business: need for 1:1 selling", fontsize=10, loc="left")
    need.spines[["top", "right", "left"]].set_visible(False)
    need.tick_params(labelsize=9)
    figure.subplots_adjust(left=0.12, right=0.98, top=0.84, bottom=0.14)
    return _pixmap(figure)


def history_chart(rows: Sequence[Assessment]) -> QPixmap:
    """Sales and marketing scores (and the business need) over the stored results."""
    from sm_desk.core.clock import from_iso

    figure = _figure(7.2, 2.4)
    axes = figure.add_subplot()
    when = [from_iso(r.taken_at) for r in rows]
    axes.plot(when, [r.sales_score for r in rows], "o-", color=SALES, label="Sales")
    axes.plot(when, [r.marketing_score for r in rows], "o-", color=MARKETING, label="Marketing")
    axes.plot(when, [r.needs_score for r in rows], "s--", color=NEED, label="Business need",
              alpha=0.7)
    axes.set_ylim(0, 100)
    axes.legend(fontsize=8, loc="upper left", ncols=3, frameon=False)
    axes.spines[["top", "right"]].set_visible(False)
    axes.tick_params(labelsize=8)
    figure.autofmt_xdate()
    figure.subplots_adjust(left=0.07, right=0.98, top=0.92, bottom=0.25)
    return _pixmap(figure)
