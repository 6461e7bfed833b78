"""A 1-D sweep drawn: chosen quantities of every equilibrium against the parameter, over its regions.

:func:`plot_sweep` reads the regions from a :class:`~berlinsim.model.sweep_result.SweepResult`
and the curves from plain data: per grid point one ``(label, values)`` per equilibrium, the
values aligned with ``quantities`` (``(name, kind)`` pairs; ``kind`` is ``probability``,
``payoff`` or ``attribute`` and each kind gets its own panel, so probabilities and payoffs never
share an axis). ``equilibria="band"`` shades, per quantity, the range from the lowest to the highest
equilibrium value at each point (one equilibrium: a line); ``"lines"`` draws one line per
equilibrium (its place in the canonical order at that point: solid, dashed, dotted, ...).
Curves are drawn within a region only: a jump between regions is left as a gap, nothing is
drawn between grid points that was not computed. Exact thresholds, given as ``(value, text)``,
are the region edges, drawn in every panel and labelled once above the top one (in rows, so
that no two labels overlap). Each region (a distinct name) has its own fill
(:func:`~berlinsim.plots._regions.region_styles`); the legend under the panels names it in a
few words, and long names and the caller's ``key`` (what abbreviations mean) are printed under
the legend. Type is slide-sized: at least 14 points at the default size.

Examples
--------
>>> import numpy as np
>>> from berlinsim.model.sweep_result import SweepAxis, SweepResult
>>> from berlinsim.model.sweep_result import PointEquilibria
>>> def point(label, strategy, outcome):
...     return PointEquilibria(labels=(label,), supports=(label,), payoffs=np.zeros((1, 2)), strategies=[strategy],
...                            outcomes=[outcome], attributes=np.zeros((1, 0)))
>>> r = SweepResult.from_points(scenario_id="toy", title="A toy", axes=(SweepAxis(name="p", values=[0, 0.5, 1]),),
...     players=("A", "B"), strategy_columns=(("A", "", "x"), ("A", "", "z"), ("B", "", "y")),
...     outcome_labels=("x", "z"), points=[point("A: x; B: y", [1, 0, 1], [1, 0]),
...     point("A: x; B: y", [1, 0, 1], [1, 0]), point("A: z; B: y", [0, 1, 1], [0, 1])])
>>> values = [(("A: x; B: y", (1.0,)),), (("A: x; B: y", (1.0,)),), (("A: z; B: y", (0.0,)),)]
>>> ax = plot_sweep(r, values, quantities=[("A: x", "probability")], thresholds=[(0.75, "3/4")])
>>> ax.get_ylabel(), [t.get_text() for t in ax.texts]
('probability', ['3/4'])
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from berlinsim.model.sweep_result import SweepResult
from berlinsim.plots._regions import legend_texts, region_name, region_styles, wrap
from berlinsim.plots._style import OKABE_ITO, SLIDE_POINTS, style

__all__ = ["EQUILIBRIA", "PANELS", "SLIDE_SIZE", "plot_sweep", "region_name", "region_runs"]

#: How the equilibria at a point are drawn.
EQUILIBRIA = ("band", "lines")
#: Each kind of quantity's panel, top to bottom, with its axis label.
PANELS = {"probability": "probability", "payoff": "payoff", "attribute": "expected value"}
#: Width of a slide figure (inches; a 16:9 slide), and the height of one panel.
SLIDE_SIZE = (13.33, 3.4)
#: Curve colours over the pale regions: black, blue, vermillion, bluish green, reddish purple, orange, sky blue.
LINES = ("#000000", "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
#: Dashes of the curves (band) or of the equilibria (lines), cycled.
DASHES = ((0, ()), (0, (6, 2.5)), (0, (1.5, 1.8)), (0, (7, 2, 1.5, 2)), (0, (3, 3)))
#: Markers of the equilibria at a lone grid point (lines).
MARKERS = ("o", "s", "^", "D", "v")


def region_runs(result: SweepResult, names: Sequence[str], thresholds: Sequence[float] = ()
                ) -> list[tuple[str, int, int, float, float]]:
    """Runs of grid points with the same region name: ``(name, first, last, low edge, high edge)``.

    Between two runs the edge is the threshold that lies between their grid points; with none,
    the midpoint (unlabelled: a change the threshold finder did not report); with several (a
    region no grid point falls in, e.g. two thresholds on neighbouring grid points), the first
    run ends at the first and the next begins at the last, and nothing is shaded between them.

    >>> import numpy as np
    >>> from types import SimpleNamespace as NS
    >>> r = NS(axes=(NS(values=np.array([0.0, 0.5, 1.0])),), region_index=np.array([0, 0, 1]))
    >>> region_runs(r, ["a", "b"], [0.6])
    [('a', 0, 1, 0.0, 0.6), ('b', 2, 2, 0.6, 1.0)]
    >>> r = NS(axes=(NS(values=np.array([0.0, 0.5, 1.0])),), region_index=np.array([0, 1, 2]))
    >>> region_runs(r, ["a", "a | b", "b"], [0.5])  # the middle point is the threshold
    [('a', 0, 0, 0.0, 0.5), ('a | b', 1, 1, 0.5, 0.5), ('b', 2, 2, 0.5, 1.0)]
    """
    x = result.axes[0].values
    labels = [names[int(k)] for k in result.region_index]
    runs: list[list[Any]] = []
    for g, name in enumerate(labels):
        if runs and runs[-1][0] == name:
            runs[-1][2] = g
        else:
            runs.append([name, g, g])
    edges = []  # (high edge of run i, low edge of run i + 1)
    for (_, _, b), (_, a, _) in zip(runs, runs[1:]):
        inside = sorted(float(t) for t in thresholds if x[b] <= t <= x[a])
        edges.append((inside[0], inside[-1]) if inside else ((x[b] + x[a]) / 2,) * 2)
    out = []
    for i, (name, a, b) in enumerate(runs):
        lo = float(x[0]) if i == 0 else float(edges[i - 1][1])
        hi = float(x[-1]) if i == len(runs) - 1 else float(edges[i][0])
        out.append((name, a, b, lo, hi))
    return out


def _label_rows(values: Sequence[float], texts: Sequence[str], span: tuple[float, float], width: float) -> list[int]:
    """A row for each threshold label so that labels of one row do not overlap (``width``: axes inches)."""
    lo, hi = span
    scale = (hi - lo) / max(width, 1e-9)  # data units per inch
    ends: list[float] = []  # the right end of the last label of each row
    rows = []
    for v, text in sorted(zip(values, texts)):
        half = (0.62 * SLIDE_POINTS / 72 * len(text) + 0.2) / 2 * scale
        row = next((k for k, end in enumerate(ends) if v - half > end), len(ends))
        if row == len(ends):
            ends.append(v + half)
        ends[row] = v + half
        rows.append(row)
    order = sorted(range(len(values)), key=lambda k: values[k])
    out = [0] * len(values)
    for k, row in zip(order, rows):
        out[k] = row
    return out


def _check(result: SweepResult, values: Sequence[Any], quantities: Sequence[tuple[str, str]], equilibria: str) -> None:
    if len(result.axes) != 1:
        raise ValueError("plot_sweep draws a 1-D sweep; use plot_region_map for two axes")
    if equilibria not in EQUILIBRIA:
        raise ValueError(f"equilibria must be band or lines, got {equilibria!r}")
    if len(values) != len(result.axes[0]):
        raise ValueError(f"{len(values)} points of values for a sweep of {len(result.axes[0])} points")
    for name, kind in quantities:
        if kind not in PANELS:
            raise ValueError(f"{name!r}: kind must be one of {', '.join(PANELS)}, got {kind!r}")
    for point in values:
        for _, vals in point:
            if len(vals) != len(quantities):
                raise ValueError(f"{len(vals)} values for {len(quantities)} quantities")


def plot_sweep(result: SweepResult, values: Sequence[Sequence[tuple[str, Sequence[float]]]], *,
               quantities: Sequence[tuple[str, str]], region_names: Sequence[str] | None = None,
               thresholds: Sequence[tuple[float, str]] = (), equilibria: str = "band", title: str | None = None,
               xlabel: str | None = None, key: Sequence[str] = (), size: tuple[float, float] | None = None) -> Any:
    """Draw a 1-D sweep (see the module docstring); returns the top panel's Axes (``.figure`` to save).

    Parameters
    ----------
    result : SweepResult
        One axis; its regions are shaded.
    values : sequence
        Per grid point, ``(label, values)`` for each equilibrium there; ``values`` aligned with ``quantities``.
    quantities : sequence of (name, kind)
        What is drawn; ``kind`` in :data:`PANELS` chooses the panel.
    region_names : sequence of str, optional
        A name for each of ``result.regions`` (regions with one name share a fill); default: the
        equilibrium labels joined by ``" | "``.
    thresholds : sequence of (float, str)
        Exact switch points and their labels: the region edges, drawn and labelled.
    equilibria : {"band", "lines"}
    title, xlabel : str, optional
        Default: the scenario's title and the parameter's name.
    key : sequence of str
        Lines printed under the legend (e.g. what abbreviations mean).
    size : (float, float), optional
        Inches; default :data:`SLIDE_SIZE` wide and one panel high per kind.
    """
    _check(result, values, quantities, equilibria)
    kinds = [k for k in PANELS if any(kind == k for _, kind in quantities)] or ["probability"]
    names = list(region_names) if region_names is not None else [region_name(r, None) for r in result.regions]
    edges = [t for t, _ in thresholds]
    runs = region_runs(result, names, edges)
    wide = [(name, lo, hi) for name, _, _, lo, hi in runs if hi > lo]
    styles = region_styles([name for name, _, _ in wide])
    width, height = size or (SLIDE_SIZE[0], SLIDE_SIZE[1] * len(kinds) + 2.4)
    x = result.axes[0].values
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    with style(slide=True):
        figure = Figure(figsize=(width, height), layout="constrained")
        grid = figure.add_gridspec(len(kinds) + 1, 2, height_ratios=[1.0] * len(kinds) + [0.001],
                                   width_ratios=[0.7, 0.3])
        panels = [figure.add_subplot(grid[k, :]) for k in range(len(kinds))]
        bottom, aside = (figure.add_subplot(grid[len(kinds), k], label=label)
                         for k, label in enumerate(("regions", "equilibria")))
        for ax in panels[1:]:
            ax.sharex(panels[0])
        for ax, kind in zip(panels, kinds):
            for name, lo, hi in wide:
                fill, hatch = styles[name]
                ax.axvspan(lo, hi, facecolor=fill, hatch=hatch or None, edgecolor="#8C8C8C" if hatch else "none",
                           linewidth=0, zorder=0, gid=f"region {name}")
            for t in edges:
                ax.axvline(t, color=OKABE_ITO[0], linestyle=(0, (5, 3)), linewidth=1.3, zorder=1, gid="threshold")
            chosen = [(k, name) for k, (name, q) in enumerate(quantities) if q == kind]
            _draw_curves(ax, x, values, chosen, runs, equilibria)
            ax.set_ylabel(PANELS[kind])
            if kind == "probability":
                ax.set_ylim(-0.04, 1.04)
            ax.set_xlim(float(x[0]), float(x[-1]))
            ax.tick_params(labelsize=SLIDE_POINTS)
            ax.grid(axis="y", color="#FFFFFF", linewidth=0.8, alpha=0.7, zorder=1)
            if chosen:
                ax.legend(handles=[_curve_handle(c, name, equilibria) for c, (_, name) in enumerate(chosen)],
                          loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, borderaxespad=0)
        for ax in panels[:-1]:
            ax.tick_params(labelbottom=False)
        top = panels[0]
        rows = _threshold_labels(top, thresholds, (float(x[0]), float(x[-1])), width * 0.72)
        top.set_title(title if title is not None else result.title, pad=8 + rows * 1.35 * SLIDE_POINTS, loc="left")
        panels[-1].set_xlabel(wrap(xlabel if xlabel is not None else result.axes[0].name, int(width * 5.6)))
        bottom.axis("off")
        aside.axis("off")
        texts, long_names = legend_texts([name for name in styles])
        handles = [Patch(facecolor=styles[n][0], hatch=styles[n][1] or None, edgecolor="#8C8C8C", linewidth=0.6,
                         label=text) for n, text in zip(styles, texts)]
        if handles:  # under the panels: the regions, and beside them how several equilibria are drawn
            bottom.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.0, 1.0), borderaxespad=0,
                          ncol=_columns(handles, 0.65 * width), frameon=False, alignment="left",
                          title="equilibrium regions (by the actions used)")
        kinds_drawn = _equilibrium_handles(values, equilibria)
        if kinds_drawn:
            aside.legend(handles=kinds_drawn, loc="upper left", bbox_to_anchor=(0.0, 1.0), borderaxespad=0,
                         frameon=False, alignment="left", title="several equilibria")
        notes = long_names + list(key)
        if notes:
            lines = [wrap(line, int(width * 72 / (0.6 * SLIDE_POINTS))) for line in notes]
            figure.supxlabel("\n".join(lines), x=0.0, ha="left", fontsize=SLIDE_POINTS, linespacing=1.3)
    return top


def _columns(handles: Sequence[Any], width: float) -> int:
    """Legend columns that fit in ``width`` inches (slide type)."""
    longest = max(max(len(line) for line in h.get_label().split("\n")) for h in handles)
    entry = (0.56 * SLIDE_POINTS * longest) / 72 + 1.0  # text, handle and spacing
    return max(1, min(len(handles), int(width // entry)))


def _threshold_labels(ax: Any, thresholds: Sequence[tuple[float, str]], span: tuple[float, float],
                      width: float) -> int:
    """Each threshold's text above the axes, in rows; returns the number of rows."""
    if not thresholds:
        return 0
    rows = _label_rows([t for t, _ in thresholds], [text for _, text in thresholds], span, width)
    for (t, text), row in zip(thresholds, rows):
        ax.annotate(text, (t, 1.0), xycoords=("data", "axes fraction"), xytext=(0, 4 + row * 1.35 * SLIDE_POINTS),
                    textcoords="offset points", ha="center", va="bottom", fontsize=SLIDE_POINTS, annotation_clip=False)
    return max(rows) + 1


def _equilibrium_handles(values: Sequence[Any], equilibria: str) -> list[Any]:
    """Legend entries of the line styles that tell equilibria apart (lines), or of the band."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    most = max((len(point) for point in values), default=0)
    if most < 2:
        return []
    if equilibria == "band":
        return [Patch(facecolor="#777777", alpha=0.35, edgecolor="none",
                      label="a band (at a lone point, a bar)\nfrom the lowest to the highest")]
    shown = min(most, len(DASHES))
    handles = [Line2D([], [], color="#333333", linestyle=DASHES[j], marker=MARKERS[j], markersize=7,
                      label=f"equilibrium {j + 1}") for j in range(shown)]
    if most > shown:
        handles.append(Patch(visible=False, label=f"equilibria {shown + 1} to {most}:\nthe styles again"))
    return handles


def _curve_handle(c: int, name: str, equilibria: str) -> Any:
    from matplotlib.lines import Line2D

    return Line2D([], [], color=LINES[c % len(LINES)], linestyle=DASHES[c % len(DASHES)] if equilibria == "band"
                  else "-", linewidth=2.4, label=wrap(name, 24))


def _draw_curves(ax: Any, x: np.ndarray, values: Sequence[Any], chosen: list[tuple[int, str]],
                 runs: list[tuple[str, int, int, float, float]], equilibria: str) -> None:
    """Each chosen quantity's curves, run by run (nothing is drawn between two regions)."""
    for c, (k, name) in enumerate(chosen):
        colour, dash = LINES[c % len(LINES)], DASHES[c % len(DASHES)]
        gid = f"curve {name}"
        for _, a, b, _, _ in runs:
            xs = x[a:b + 1]
            per = [[vals[k] for _, vals in values[g]] for g in range(a, b + 1)]
            most = max((len(v) for v in per), default=0)
            if most == 0:
                continue
            if equilibria == "band":
                low = np.array([min(v) if v else np.nan for v in per])
                high = np.array([max(v) if v else np.nan for v in per])
                if len(xs) == 1:  # a lone grid point: its equilibria as dots on a bar
                    ax.plot([xs[0], xs[0]], [low[0], high[0]], color=colour, linewidth=2.4, zorder=3, gid=gid)
                    ax.plot(xs.repeat(len(per[0])), per[0], color=colour, marker="o", linestyle="none",
                            markersize=7, zorder=3, gid=gid)
                    continue
                if np.nanmax(high - low) > 1e-9:
                    ax.fill_between(xs, low, high, color=colour, alpha=0.2, linewidth=0, zorder=2, gid=f"band {name}")
                    ax.plot(xs, high, color=colour, linestyle=dash, zorder=3, gid=gid)
                ax.plot(xs, low, color=colour, linestyle=dash, zorder=3, gid=gid)
                continue
            for j in range(most):
                ys = np.array([v[j] if j < len(v) else np.nan for v in per])
                ax.plot(xs, ys, color=colour, linestyle=DASHES[j % len(DASHES)],
                        marker=MARKERS[j % len(MARKERS)] if len(xs) == 1 else None, markersize=7, zorder=3,
                        gid=f"{gid} {j + 1}")
