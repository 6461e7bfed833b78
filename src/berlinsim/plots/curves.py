"""Curves against one parameter: e.g. a payoff difference under two belief sets, or a metric of several scenarios.

Examples
--------
>>> ax = plot_curves([0, 1], [("a", [-1, 1]), ("b", [2, 1])], title="t")
>>> [round(float(v), 3) for v in crossings([0, 1], [-1, 1])]
[0.5]
>>> [t.get_text() for t in ax.get_legend().get_texts()]
['a', 'b']
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from berlinsim.plots._regions import wrap
from berlinsim.plots._style import GREY, SERIES, SLIDE_POINTS, new_axes, style

__all__ = ["crossings", "plot_curves"]

#: Colours of the lines: blue, vermillion, bluish green, reddish purple (Okabe-Ito).
_CURVES = (SERIES[3], SERIES[4], SERIES[2], SERIES[5])


def plot_curves(x: Any, curves: Sequence[tuple[str, Any]], *, ax: Any = None, title: str = "", xlabel: str = "",
                ylabel: str = "", zero_line: bool = True, mark_crossings: bool = True, logx: bool = False,
                size: tuple[float, float] = (12.0, 6.75)) -> Any:
    """Several curves against one parameter; returns the Axes.

    With ``zero_line`` a horizontal line marks 0, and with ``mark_crossings`` each curve's sign
    changes are marked and labelled (linear interpolation between grid points). ``logx`` draws
    x on a log scale with plain numbers as tick labels. Type is slide-sized (``size`` inches).
    """
    xs = np.asarray(x, dtype=float)
    with style(slide=True):
        ax = new_axes(ax, size=size, slide=True)
        if zero_line:
            ax.axhline(0.0, color=GREY, linewidth=1.2, zorder=1)
        for k, (name, y) in enumerate(curves):
            ys = np.asarray(y, dtype=float)
            ax.plot(xs, ys, color=_CURVES[k % len(_CURVES)], linestyle=("-", "--", "-.", ":")[k % 4], linewidth=2.6,
                    label=name, zorder=2)
            if mark_crossings:
                for c in crossings(xs, ys):
                    ax.plot([c], [0.0], marker="o", markersize=9, color=_CURVES[k % len(_CURVES)],
                            markeredgecolor="black", zorder=3)
                    ax.annotate(f"{c:.3g}", (c, 0.0), xytext=(6, 8), textcoords="offset points",
                                fontsize=SLIDE_POINTS)
        if logx:
            from matplotlib.ticker import FormatStrFormatter, NullFormatter

            ax.set_xscale("log")
            decades = range(int(np.floor(np.log10(xs[0]))), int(np.ceil(np.log10(xs[-1]))) + 1)
            ticks = [m * 10.0**d for d in decades for m in (1, 2, 5) if xs[0] <= m * 10.0**d <= xs[-1]]
            ax.set_xticks(ticks)
            ax.xaxis.set_major_formatter(FormatStrFormatter("%g"))
            ax.xaxis.set_minor_formatter(NullFormatter())
        ax.set_xlim(float(xs[0]), float(xs[-1]))
        ax.set_title(title, loc="left")
        ax.set_xlabel(wrap(xlabel, 100))
        ax.set_ylabel(ylabel)
        ax.tick_params(labelsize=SLIDE_POINTS)
        ax.grid(True, color="#E6E6E6", linewidth=0.8, zorder=0)
        ax.legend(loc="best", frameon=True, framealpha=0.9, edgecolor="none")
    return ax


def crossings(x: Any, y: Any) -> tuple[float, ...]:
    """Where ``y`` changes sign along ``x`` (linear interpolation between neighbouring points)."""
    xs, ys = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    out = []
    for k in range(len(xs) - 1):
        a, b = ys[k], ys[k + 1]
        if a == 0.0 and (k == 0 or ys[k - 1] != 0.0):
            out.append(float(xs[k]))
        elif a * b < 0:
            out.append(float(xs[k] + (xs[k + 1] - xs[k]) * a / (a - b)))
    return tuple(out)
