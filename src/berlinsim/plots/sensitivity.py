"""Tornado bars of sensitivity indices: one panel per output, parameters sorted by their total index.

Each panel shows, per parameter, the total Sobol' index ``ST`` (wide bar, with its confidence
interval), the first-order index ``S1`` (narrow bar inside it: what the parameter does alone)
and the moment-independent PAWN index (a diamond). The parameter that matters most is on top.
Type is slide-sized (at least 14 pt); colours are Okabe-Ito.

Examples
--------
>>> from berlinsim.model.sensitivity_result import IndexRecord
>>> records = [IndexRecord(output="equilibrium: go", parameter=p, index=i, value=v, conf=None if i == "PAWN" else 0.02)
...            for p, values in (("x", (0.9, 1.0, 0.5)), ("y", (0.0, 0.0, 0.01))) for i, v in zip(("S1", "ST", "PAWN"), values)]
>>> figure = plot_sensitivity(records)
>>> [t.get_text() for t in figure.axes[0].get_yticklabels()]
['y', 'x']
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from berlinsim.plots._regions import wrap
from berlinsim.plots._style import OKABE_ITO, SLIDE_POINTS, style

__all__ = ["MAX_PANELS", "plot_sensitivity"]

#: Outputs drawn at most in one figure.
MAX_PANELS = 6
_TOTAL, _FIRST, _PAWN = OKABE_ITO[5], OKABE_ITO[1], OKABE_ITO[0]  # blue, orange, black


def plot_sensitivity(records: Sequence[Any], *, outputs: Sequence[str] | None = None, title: str | None = None) -> Any:
    """A figure of the records' indices (``IndexRecord``-like: output, parameter, index, value, conf).

    ``outputs``: the outputs drawn, in order (default: every output of the records, at most
    :data:`MAX_PANELS`).
    """
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    names = list(dict.fromkeys(r.output for r in records))
    chosen = list(outputs) if outputs is not None else names[:MAX_PANELS]
    unknown = [o for o in chosen if o not in names]
    if unknown:
        raise ValueError(f"no indices of {unknown[0]!r} (outputs: {', '.join(names)})")
    if not chosen:
        raise ValueError("no output to draw")
    table = {(r.output, r.parameter, r.index): r for r in records}
    parameters = list(dict.fromkeys(r.parameter for r in records))
    height = 1.3 + 0.55 * len(parameters)
    with style(slide=True):
        figure = Figure(figsize=(11.0, 1.2 + height * len(chosen)), layout="constrained")
        axes = figure.subplots(len(chosen), 1, squeeze=False)[:, 0]
        for ax, output in zip(axes, chosen):
            def value(p: str, index: str) -> float:
                record = table.get((output, p, index))
                return float("nan") if record is None else float(record.value)

            order = sorted(parameters, key=lambda p: (np.nan_to_num(value(p, "ST")), p))  # largest at the top
            ys = np.arange(len(order))
            total = np.array([value(p, "ST") for p in order])
            first = np.array([value(p, "S1") for p in order])
            pawn = np.array([value(p, "PAWN") for p in order])
            conf = np.array([np.nan if table.get((output, p, "ST")) is None or table[(output, p, "ST")].conf is None
                             else table[(output, p, "ST")].conf for p in order])
            ax.barh(ys, np.clip(np.nan_to_num(total), 0, None), height=0.7, color=_TOTAL, edgecolor="black",
                    linewidth=0.6)
            ax.errorbar(np.nan_to_num(total), ys, xerr=np.nan_to_num(conf), fmt="none", ecolor="black",
                        elinewidth=1.4, capsize=5)
            ax.barh(ys, np.clip(np.nan_to_num(first), 0, None), height=0.32, color=_FIRST, edgecolor="black",
                    linewidth=0.6)
            ax.plot(pawn, ys, linestyle="none", marker="D", markersize=10, color=_PAWN, markeredgecolor="white")
            ax.set_yticks(ys, order)
            ax.set_xlim(0, max(1.05, float(np.nanmax(np.append(np.nan_to_num(total) + np.nan_to_num(conf), 0))) + 0.03))
            ax.set_title(wrap(output, 70), fontsize=SLIDE_POINTS + 2, loc="left")
            ax.grid(axis="x", color="#dddddd", linewidth=0.8)
            ax.set_axisbelow(True)
        axes[-1].set_xlabel("index (share of the output explained; PAWN: KS distance)")
        handles = [Patch(facecolor=_TOTAL, edgecolor="black", label="total (ST, 95% CI)"),
                   Patch(facecolor=_FIRST, edgecolor="black", label="first-order (S1)"),
                   Line2D([], [], linestyle="none", marker="D", markersize=10, color=_PAWN, label="PAWN")]
        figure.legend(handles=handles, loc="outside lower center", ncols=3, frameon=False)
        if title:
            figure.suptitle(title)
    return figure
