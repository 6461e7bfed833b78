"""Comparison bars: payoffs or outcome attributes of several scenarios or variants side by side.

The data are plain: the names of what is compared (scenarios, variants, the memo's positions),
the metric names, and a table of values, one row per compared item. Bars are grouped by
metric, one colour per item, each bar labelled with its value.

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

from berlinsim.plots._style import color, new_axes, style

__all__ = ["plot_comparison"]


def _number(x: float) -> str:
    if np.isnan(x):
        return "n/a"
    text = f"{x:.3g}"
    return "0" if text == "-0" else text


def plot_comparison(labels: Sequence[str], metrics: Sequence[str], values: Any, *, ax: Any = None,
                    title: str = "Comparison", ylabel: str = "value") -> Any:
    """Grouped bars: ``values[i][k]`` is item ``labels[i]``'s value of ``metrics[k]``; returns the Axes.

    NaN values (a metric an item does not have) leave a gap labelled ``n/a``.
    """
    data = np.asarray(values, dtype=float)
    if data.shape != (len(labels), len(metrics)):
        raise ValueError(f"values must have shape ({len(labels)}, {len(metrics)}), got {data.shape}")
    n, m = data.shape
    with style():
        ax = new_axes(ax, size=(max(5.5, 1.6 + m * (0.55 + 0.32 * n)), 3.8))
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
                        _number(float(v)), ha="center", va="bottom" if top >= 0 else "top", fontsize=6.5,
                        rotation=90 if n > 3 else 0)
        ax.axhline(0.0, color="black", linewidth=0.8)
        ax.set_xticks(centers, ["\n".join(textwrap.wrap(str(m), 16)) or str(m) for m in metrics])
        ax.set_ylabel(ylabel)
        ax.set_title(title)
        low, high = np.nanmin(np.append(data, 0.0)), np.nanmax(np.append(data, 0.0))
        pad = 0.18 * max(high - low, 1e-9)
        ax.set_ylim(low - (pad if low < 0 else 0), high + pad)
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    return ax
