"""Comparison bars: payoffs or outcome attributes of several scenarios or variants side by side.

The data are plain: the names of what is compared (scenarios, variants, the memo's positions),
the metric names, and a table of values, one row per compared item. Bars are grouped by
metric, one colour per item, each bar labelled with its value; type is slide-sized. Metrics
on different scales (payoffs, probabilities) belong on different axes: draw each group with its
own call, ``ax=`` one panel of :func:`~berlinsim.plots._style.new_figure` each.

Examples
--------
>>> ax = plot_comparison(("Acheson", "Kissinger"), ("US payoff", "USSR payoff"), [[0.196, -0.116], [4.536, -2.4]])
>>> [t.get_text() for t in ax.get_legend().get_texts()]
['Acheson', 'Kissinger']
"""

from __future__ import annotations

import textwrap
from typing import Any, Sequence

import numpy as np

from berlinsim.plots._regions import wrap
from berlinsim.plots._style import SLIDE_POINTS, color, new_axes, style

__all__ = ["plot_comparison"]


def _number(x: float) -> str:
    if np.isnan(x):
        return "n/a"
    text = f"{x:.3g}"
    return "0" if text == "-0" else text


def plot_comparison(labels: Sequence[str], metrics: Sequence[str], values: Any, *, ax: Any = None,
                    title: str = "Comparison", ylabel: str = "value", legend: bool = True) -> Any:
    """Grouped bars: ``values[i][k]`` is item ``labels[i]``'s value of ``metrics[k]``; returns the Axes.

    NaN values (a metric an item does not have) leave a gap labelled ``n/a``. ``legend=False``
    leaves the items' legend out (another panel of the figure has it).
    """
    data = np.asarray(values, dtype=float)
    if data.shape != (len(labels), len(metrics)):
        raise ValueError(f"values must have shape ({len(labels)}, {len(metrics)}), got {data.shape}")
    n, m = data.shape
    with style(slide=True):
        ax = new_axes(ax, size=(max(10.0, 4.0 + m * (0.9 + 0.5 * n)), 6.0), slide=True)
        width = 0.8 / n
        centers = np.arange(m)
        span = float(np.nanmax(np.abs(data))) if np.isfinite(data).any() else 1.0
        for i, label in enumerate(labels):
            xs = centers - 0.4 + width * (i + 0.5)
            heights = np.nan_to_num(data[i], nan=0.0)
            bars = ax.bar(xs, heights, width * 0.92, color=color(i), edgecolor="black", linewidth=0.5, label=label)
            for bar, v in zip(bars, data[i]):
                top = 0.0 if np.isnan(v) else float(v)
                ax.text(bar.get_x() + bar.get_width() / 2, top + (0.015 * span if top >= 0 else -0.015 * span),
                        _number(float(v)), ha="center", va="bottom" if top >= 0 else "top", fontsize=SLIDE_POINTS,
                        rotation=90 if n > 2 else 0)
        ax.axhline(0.0, color="black", linewidth=0.8)
        ax.set_xticks(centers, ["\n".join(textwrap.wrap(str(m), 16)) or str(m) for m in metrics])
        ax.tick_params(labelsize=SLIDE_POINTS)
        ax.set_ylabel(ylabel)
        ax.set_title(title, loc="left")
        low, high = np.nanmin(np.append(data, 0.0)), np.nanmax(np.append(data, 0.0))
        pad = (0.35 if n > 2 else 0.18) * max(high - low, 1e-9)
        ax.set_ylim(low - (pad if low < 0 else 0), high + pad)
        if legend:
            ax.legend(handles=ax.containers, labels=[wrap(str(label), 40) for label in labels], loc="upper left",
                      bbox_to_anchor=(1.0, 1.0), frameon=False)
    return ax
