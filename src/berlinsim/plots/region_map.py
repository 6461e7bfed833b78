"""A 2-D sweep drawn as a map of its equilibrium regions.

Each region (a distinct name; by default its equilibria's supports) has its own fill
(:func:`~berlinsim.plots._regions.region_styles`: Okabe-Ito tints, hatched once they are used
up), its name (or, when long, a letter spelt out in the key under the map) written where the
region is deepest, and boundaries drawn between cells of different regions: between grid
points, so they are as exact as the grid. Given ``boundaries`` (exact points of the curves between
regions, :func:`berlinsim.analysis.figure_data.exact_boundaries`), those are drawn over the cells as
thick black lines with a white edge, keyed "exact boundary", and the cell edges thin and grey
("between grid cells"). Type is slide-sized.

Examples
--------
>>> import numpy as np
>>> from berlinsim.model.sweep_result import PointEquilibria, SweepAxis, SweepResult
>>> def point(label, strategy):
...     return PointEquilibria(labels=(label,), supports=(label,), payoffs=[[0.0]], strategies=[strategy],
...                            outcomes=np.zeros((1, 0)), attributes=np.zeros((1, 0)))
>>> x, z = point("A: x", [1.0, 0.0]), point("A: z", [0.0, 1.0])
>>> r = SweepResult.from_points(scenario_id="toy", title="A toy map",
...     axes=(SweepAxis(name="w", values=[0, 1, 2]), SweepAxis(name="p", values=[0, 1])), players=("A",),
...     strategy_columns=(("A", "", "x"), ("A", "", "z")), points=[x, x, x, z, z, z])
>>> ax = plot_region_map(r, region_names=("x everywhere", "z"))
>>> [t.get_text() for t in ax.get_legend().get_texts()]
['x everywhere', 'z', 'region boundary']
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from berlinsim.model.sweep_result import SweepResult
from berlinsim.plots._regions import legend_texts, region_name, region_styles, wrap
from berlinsim.plots._style import GREY, OKABE_ITO, SLIDE_POINTS, new_axes, style

__all__ = ["plot_region_map"]


def plot_region_map(result: SweepResult, *, ax: Any = None, region_names: Sequence[str] | None = None,
                    title: str | None = None, xlabel: str | None = None, ylabel: str | None = None,
                    key: Sequence[str] = (), size: tuple[float, float] = (13.33, 7.5),
                    boundaries: Sequence[Sequence[tuple[float, float]]] = ()) -> Any:
    """A 2-D sweep: each equilibrium region filled and named, boundaries drawn; returns the Axes.

    The first axis is drawn along x, the second along y. ``region_names`` names each of
    ``result.regions`` (default: the supports of its equilibria); ``key`` lines are printed under
    the map (e.g. what abbreviations mean). ``boundaries`` are polylines of ``(x, y)`` points on the
    curves between regions, drawn as they are (a curve of one point as a dot).
    """
    if len(result.axes) != 2:
        raise ValueError("plot_region_map draws a 2-D sweep; use plot_sweep for one axis")
    from matplotlib.collections import LineCollection
    from matplotlib.colors import ListedColormap
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    from matplotlib.patheffects import Normal, Stroke

    xs, ys = result.axes[0].values, result.axes[1].values
    names = list(region_names) if region_names is not None else [region_name(r, None) for r in result.regions]
    if len(names) != len(result.regions):
        raise ValueError(f"{len(names)} region names for {len(result.regions)} regions")
    order = list(dict.fromkeys(names[int(k)] for k in result.region_index.ravel()))
    code = np.vectorize(lambda k: order.index(names[int(k)]))(result.region_index).T  # (y, x)
    styles = region_styles(order)
    texts, long_names = legend_texts(order, width=26)
    with style(slide=True):
        ax = new_axes(ax, size=size, slide=True)
        cmap = ListedColormap([styles[n][0] for n in order])
        ax.pcolormesh(xs, ys, code, cmap=cmap, vmin=-0.5, vmax=len(order) - 0.5, shading="nearest", zorder=0)
        for k, name in enumerate(order):
            if styles[name][1] and (code == k).any():
                ax.contourf(xs, ys, (code == k).astype(float), levels=[0.5, 1.5], colors="none",
                            hatches=[styles[name][1]], zorder=1)
        cells = {"color": GREY, "linewidth": 1.0} if boundaries else {"color": OKABE_ITO[0], "linewidth": 1.6}
        ax.add_collection(LineCollection(_boundaries(xs, ys, code), colors=cells["color"],
                                         linewidths=cells["linewidth"], zorder=2))
        exact = {"color": OKABE_ITO[0], "linewidth": 3.0, "markersize": 7,
                 "path_effects": [Stroke(linewidth=5.5, foreground="white"), Normal()]}
        for curve in boundaries:
            px, py = zip(*curve)
            ax.plot(px, py, marker="o" if len(curve) == 1 else "", zorder=2.5, **exact)
        width, height = ax.figure.get_size_inches()
        cell = (0.6 * width / code.shape[1], 0.7 * height / code.shape[0])  # inches per grid cell, about
        for k, (name, text) in enumerate(zip(order, texts)):
            cx, cy, depth = _deepest(xs, ys, code == k)
            if _fits(text, depth, cell):  # only where the name fits inside its region
                ax.text(cx, cy, text, ha="center", va="center", fontsize=SLIDE_POINTS, zorder=3,
                        bbox={"boxstyle": "round,pad=0.25", "facecolor": "white", "edgecolor": GREY, "alpha": 0.9})
        ax.set_xlabel(wrap(xlabel or result.axes[0].name, 100))
        ax.set_ylabel(wrap(ylabel or result.axes[1].name, 50))
        ax.set_title(title if title is not None else result.title, loc="left")
        ax.tick_params(labelsize=SLIDE_POINTS)
        handles = [Patch(facecolor=styles[n][0], hatch=styles[n][1] or None, edgecolor="#555555", linewidth=0.6,
                         label=text) for n, text in zip(order, texts)]
        if boundaries:
            handles.append(Line2D([], [], label="exact boundary", **exact))
            handles.append(Line2D([], [], label="between grid cells", **cells))
        else:
            handles.append(Line2D([], [], label="region boundary", **cells))
        ax.legend(handles=handles, title="equilibrium regions", loc="upper left", bbox_to_anchor=(1.01, 1.0),
                  frameon=False, borderaxespad=0, alignment="left")
        notes = long_names + list(key)
        if notes:
            width = ax.figure.get_figwidth()
            lines = [wrap(line, int(width * 72 / (0.6 * SLIDE_POINTS))) for line in notes]
            ax.figure.supxlabel("\n".join(lines), x=0.0, ha="left", fontsize=SLIDE_POINTS, linespacing=1.3)
    return ax


def _edges(values: np.ndarray) -> np.ndarray:
    """Cell edges around grid values: midpoints, and half a step beyond the ends."""
    mid = (values[1:] + values[:-1]) / 2
    first = values[0] - (mid[0] - values[0]) if len(values) > 1 else values[0] - 0.5
    last = values[-1] + (values[-1] - mid[-1]) if len(values) > 1 else values[0] + 0.5
    return np.concatenate(([first], mid, [last]))


def _boundaries(xs: np.ndarray, ys: np.ndarray, code: np.ndarray) -> list[list[tuple[float, float]]]:
    """Segments between neighbouring cells of different regions (``code`` indexed ``[y, x]``)."""
    ex, ey = _edges(xs), _edges(ys)
    segments = []
    for iy, ix in zip(*np.nonzero(code[:, 1:] != code[:, :-1])):
        segments.append([(ex[ix + 1], ey[iy]), (ex[ix + 1], ey[iy + 1])])
    for iy, ix in zip(*np.nonzero(code[1:, :] != code[:-1, :])):
        segments.append([(ex[ix], ey[iy + 1]), (ex[ix + 1], ey[iy + 1])])
    return segments


def _fits(text: str, depth: int, cell: tuple[float, float]) -> bool:
    """Whether ``text`` (slide type, in a box) fits in the square of ``2 depth - 1`` cells around a region's deepest cell."""
    lines = text.split("\n")
    wide = (0.6 * SLIDE_POINTS * max(len(line) for line in lines) + 12) / 72
    high = (1.3 * SLIDE_POINTS * len(lines) + 10) / 72
    side = 2 * depth - 1
    return depth > 0 and wide <= side * cell[0] and high <= side * cell[1]


def _deepest(xs: np.ndarray, ys: np.ndarray, mask: np.ndarray) -> tuple[float, float, int]:
    """A point well inside a region: the cell farthest (in grid steps) from its edge or the map's edge,
    and that distance (1: a cell on the edge; 0: an empty region)."""
    depth = np.zeros(mask.shape, dtype=int)
    current = np.pad(mask, 1, constant_values=False)
    while current.any():  # peel the region one grid step at a time
        depth += current[1:-1, 1:-1]
        shrunk = current.copy()
        shrunk[1:, :] &= current[:-1, :]
        shrunk[:-1, :] &= current[1:, :]
        shrunk[:, 1:] &= current[:, :-1]
        shrunk[:, :-1] &= current[:, 1:]
        current = shrunk
    if not mask.any():
        return float(xs[0]), float(ys[0]), 0
    best = np.argwhere(depth == depth.max())
    iy, ix = best[len(best) // 2]
    return float(xs[ix]), float(ys[iy]), int(depth.max())

