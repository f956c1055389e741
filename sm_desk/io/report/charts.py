"""The report's charts as PNG bytes: matplotlib's object API on the Agg canvas.

No pyplot (no global state, safe in a worker thread), no display. matplotlib is
imported inside the functions: it costs ~0.3 s, paid only when a report renders.
Amounts arrive in minor units and are scaled to whole units for the axes only.
"""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure as MplFigure

from sm_desk.core.domain import HAT_COLOURS
from sm_desk.io.report.content import NUMBERS

DPI = 150
INK, MUTED, GRID = "#1f2933", "#616e7c", "#e4e7eb"
BLUE, LIGHT_BLUE, GREEN, RED, ORANGE = "#2f6fb0", "#9cc3e6", "#3a9a5b", "#c8453b", "#e08a2e"
SALES, MARKETING = HAT_COLOURS["sales"], HAT_COLOURS["marketing"]  # the app's hat colours
WIDTH = 7.0


def _setup() -> None:
    import matplotlib

    matplotlib.use("Agg")


def _figure(height: float, width: float = WIDTH) -> tuple[MplFigure, Axes]:
    _setup()
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=DPI)
    ax = fig.add_subplot()
    ax.spines[["top", "right"]].set_visible(False)
    ax.spines[["left", "bottom"]].set_color(MUTED)
    ax.tick_params(colors=INK, labelsize=8)
    ax.set_axisbelow(True)
    return fig, ax


def _png(fig: MplFigure, tight: bool = True) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    if tight:  # measures every label: costly on many panels, which set their margins
        fig.tight_layout(pad=0.6)
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=DPI, facecolor="white",
                pil_kwargs={"compress_level": 3})
    return out.getvalue()


def _short(text: str, width: int = 28) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


def _money_axis(ax: Axes, axis: str = "x") -> None:
    from matplotlib.ticker import FuncFormatter

    from sm_desk.core.money import compact_number

    locale = NUMBERS.get().locale

    def label(value: float, _pos: Any) -> str:
        return compact_number(value, locale)

    (ax.xaxis if axis == "x" else ax.yaxis).set_major_formatter(FuncFormatter(label))


def _integer_ticks(axis: Any) -> None:
    from matplotlib.ticker import MaxNLocator

    axis.set_major_locator(MaxNLocator(integer=True))


def _legend(ax: Axes, **kwargs: Any) -> None:
    ax.legend(fontsize=8, frameon=False, **kwargs)


def pipeline_chart(stages: list[tuple[str, int, int]], currency: str) -> bytes:
    """Open pipeline by stage: value and weighted value (minor units)."""
    fig, ax = _figure(0.5 + 0.42 * len(stages))
    names = [_short(name) for name, _, _ in stages][::-1]
    major = NUMBERS.get().major
    values = [major(v) for _, v, _ in stages][::-1]
    weighted = [major(w) for _, _, w in stages][::-1]
    rows = range(len(names))
    ax.barh([r + 0.2 for r in rows], values, height=0.38, color=LIGHT_BLUE, label="Value")
    ax.barh([r - 0.2 for r in rows], weighted, height=0.38, color=BLUE, label="Weighted value")
    ax.set_yticks(list(rows), names)
    ax.grid(axis="x", color=GRID)
    _money_axis(ax)
    ax.set_xlabel(currency, fontsize=8, color=MUTED)
    _legend(ax, loc="lower left", bbox_to_anchor=(0, 1.0), ncols=2)  # outside: covers no bar
    return _png(fig)


def trend_chart(weeks: list[tuple[str, int, int, int]], currency: str) -> bytes:
    """Deals won and lost per week (bars) and revenue won (line), oldest first."""
    fig, ax = _figure(2.5)
    labels = [label for label, _, _, _ in weeks]
    x = range(len(labels))
    ax.bar([i - 0.2 for i in x], [w for _, w, _, _ in weeks], width=0.38, color=GREEN,
           label="Won")
    ax.bar([i + 0.2 for i in x], [lo for _, _, lo, _ in weeks], width=0.38, color=RED,
           label="Lost")
    ax.set_xticks(list(x), labels)
    ax.set_ylabel("Deals", fontsize=8, color=MUTED)
    _integer_ticks(ax.yaxis)
    ax.grid(axis="y", color=GRID)
    revenue = ax.twinx()
    major = NUMBERS.get().major
    revenue.plot(list(x), [major(v) for _, _, _, v in weeks], color=INK, marker="o",
                 markersize=4, linewidth=1.5, label=f"Revenue won ({currency})")
    revenue.set_ylim(bottom=0)
    revenue.spines[["top"]].set_visible(False)
    revenue.tick_params(colors=INK, labelsize=8)
    _money_axis(revenue, "y")
    handles = ax.get_legend_handles_labels()
    extra = revenue.get_legend_handles_labels()
    ax.legend(handles[0] + extra[0], handles[1] + extra[1], fontsize=8, frameon=False,
              loc="lower left", bbox_to_anchor=(0, 1.0), ncols=3)
    ax.set_ylim(top=max(1, *(max(w, lo) for _, w, lo, _ in weeks)) * 1.1)
    return _png(fig)


def bar_chart(items: list[tuple[str, int]], colour: str = BLUE, xlabel: str = "") -> bytes:
    """Horizontal bars, largest at the top (leads by campaign)."""
    fig, ax = _figure(0.5 + 0.3 * len(items))
    names = [_short(name) for name, _ in items][::-1]
    ax.barh(range(len(names)), [n for _, n in items][::-1], color=colour, height=0.6)
    ax.set_yticks(list(range(len(names))), names)
    _integer_ticks(ax.xaxis)
    ax.grid(axis="x", color=GRID)
    if xlabel:
        ax.set_xlabel(xlabel, fontsize=8, color=MUTED)
    return _png(fig)


def tasks_chart(lines: list[tuple[str, int, int, int, int]]) -> bytes:
    """Per function: done this week, open, unassigned and overdue at the week's end."""
    fig, ax = _figure(2.3)
    series = (("Done", 1, GREEN), ("Open", 2, LIGHT_BLUE), ("Unassigned", 3, ORANGE),
              ("Overdue", 4, RED))
    x = range(len(lines))
    for i, (label, column, colour) in enumerate(series):
        ax.bar([j + (i - 1.5) * 0.2 for j in x], [line[column] for line in lines], width=0.19,
               color=colour, label=label)
    ax.set_xticks(list(x), [line[0] for line in lines])
    _integer_ticks(ax.yaxis)
    ax.grid(axis="y", color=GRID)
    _legend(ax, loc="lower left", bbox_to_anchor=(0, 1.0), ncols=4)
    top = max(max(line[1:]) for line in lines)
    ax.set_ylim(top=max(1, top) * 1.1)
    return _png(fig)


def hat_hours_chart(weeks: list[tuple[str, float, float]], target: float) -> bytes:
    """Hours per week on each hat (stacked: sales orange, marketing blue), oldest first,
    with the agreed sales share as a tick on each bar."""
    fig, ax = _figure(2.4)
    labels = [label for label, _, _ in weeks]
    sales = [s for _, s, _ in weeks]
    marketing = [m for _, _, m in weeks]
    x = list(range(len(labels)))
    ax.bar(x, sales, width=0.6, color=SALES, label="Sales hours")
    ax.bar(x, marketing, width=0.6, bottom=sales, color=MARKETING, label="Marketing hours")
    totals = [s + m for s, m in zip(sales, marketing, strict=True)]
    ax.scatter([i for i, t in zip(x, totals, strict=True) if t],
               [t * target for t in totals if t], marker="_", s=260, color=INK, zorder=3,
               label=f"Target: {target * 100:.0f}% sales")
    ax.set_xticks(x, labels)
    ax.set_ylabel("Hours", fontsize=8, color=MUTED)
    ax.set_ylim(bottom=0, top=max(1.0, *totals) * 1.05)
    ax.grid(axis="y", color=GRID)
    _legend(ax, loc="lower left", bbox_to_anchor=(0, 1.0), ncols=3)
    return _png(fig)


def targets_chart(labels: list[str], lines: list[tuple[str, list[int], int, bool]],
                  currency: str) -> bytes:
    """One small panel per target: the weekly figure as bars, the target dashed."""
    _setup()
    from matplotlib.figure import Figure

    fig = Figure(figsize=(WIDTH, 2.3), dpi=DPI)
    axes = fig.subplots(1, len(lines))
    major = NUMBERS.get().major
    x = list(range(len(labels)))
    for ax, (name, values, target, money) in zip(axes, lines, strict=True):
        shown = [major(v) for v in values] if money else values
        ax.bar(x, shown, width=0.65, color=[MUTED] * (len(x) - 1) + [BLUE])
        if target > 0:
            ax.axhline(major(target) if money else target, color=INK, linewidth=1,
                       linestyle="--")
        ax.set_title(f"{name} ({currency})" if money else name, fontsize=8, color=INK)
        ax.set_xticks(x, [label if i % 2 else "" for i, label in enumerate(labels)])
        ax.spines[["top", "right"]].set_visible(False)
        ax.tick_params(colors=INK, labelsize=7)
        ax.grid(axis="y", color=GRID)
        ax.set_axisbelow(True)
        top = max([*shown, major(target) if money else target, 1])
        ax.set_ylim(0, top * 1.1)
        if money:
            _money_axis(ax, "y")
        else:
            _integer_ticks(ax.yaxis)
    fig.subplots_adjust(left=0.05, right=0.99, top=0.88, bottom=0.12, wspace=0.32)
    return _png(fig, tight=False)


def campaigns_ahead_chart(rows: list[tuple[str, date, date, str, int]], first_day: date,
                          end_day: date) -> bytes:
    """The campaigns running in the next weeks as bars from start to end (clipped to the
    horizon), in each campaign's colour, with its planned touches at the bar's end."""
    fig, ax = _figure(0.8 + 0.32 * len(rows))
    span = (end_day - first_day).days
    for i, (_name, start, end, colour, touches) in enumerate(rows):
        y = len(rows) - 1 - i
        left = max(0, (start - first_day).days)
        right = min(span, (end - first_day).days + 1)
        ax.barh([y], [max(0.5, right - left)], left=[left], color=colour, height=0.6)
        if touches:
            ax.annotate(f"{touches}", (right, y), xytext=(3, 0), textcoords="offset points",
                        va="center", fontsize=7, color=INK)
    ax.set_yticks(list(range(len(rows))), [_short(name) for name, *_ in rows][::-1])
    ticks = list(range(0, span, 14))
    ax.set_xticks(ticks, [f"{(first_day + timedelta(days=d)):%b} {(first_day + timedelta(days=d)).day}"
                          for d in ticks])
    ax.set_xlim(0, span + 6)
    ax.set_ylim(-0.6, len(rows) - 0.4)
    ax.grid(axis="x", color=GRID)
    return _png(fig)
