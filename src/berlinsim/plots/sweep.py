"""Sweeps drawn: a 1-D sweep with its equilibrium regions, and the 2-D equilibrium-region map.

Both read a :class:`~berlinsim.model.sweep_result.SweepResult` (nothing is solved here). A *region*
is a set of grid points with the same equilibrium set. Region names default to the part of
each equilibrium label that concerns the ``focus`` players (the first player: what the US
does), so regions that differ only off the path or in the other side's answers share a name
and a colour; a region with several equilibria is hatched and named with all of them.

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
>>> region_name(r.regions[1], ("A",))
'A: z'
>>> switch_points(r)
(0.75,)
>>> ax = plot_sweep(r)
>>> ax.get_xlabel()
'p'
"""

from __future__ import annotations

import textwrap
from typing import Any, Callable, Sequence

import numpy as np

from berlinsim.model.sweep_result import SweepResult
from berlinsim.plots._style import GREY, OKABE_ITO, SERIES, new_axes, style

__all__ = ["crossings", "plot_curves", "plot_region_map", "plot_sweep", "region_name", "switch_points"]

#: Colours of plot_curves' lines: blue, vermillion, bluish green, reddish purple (Okabe-Ito).
_CURVES = (SERIES[3], SERIES[4], SERIES[2], SERIES[5])
#: Line styles, cycled with the colours so that lines lying on top of each other stay visible.
_DASH = ((0, ()), (0, (5, 2)), (0, (1, 1.5)), (0, (6, 2, 1, 2)))
#: Pale region fills (tints of Okabe-Ito colours), in order of first appearance: pale enough that the
#: saturated lines drawn over them stay distinct.
_FILLS = ("#FBE3B3", "#CFE8F7", "#C8EBDD", "#F9F4C2", "#E4E4E4", "#F3D9E6", "#F6D2BD", "#C7DCEE")
#: Line colours over regions: black, blue, vermillion, bluish green, reddish purple, orange, sky blue.
_LINES = ("#000000", "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _support(part: str) -> str:
    """'US: F 0.617, K 0.383' -> 'US: F+K mixed' (a region is named by supports, not by probabilities).

    Information sets of one player (joined by ' / ') are treated one by one.
    """
    who, sep, text = part.partition(": ")
    if not sep:
        return part
    segments = []
    for segment in text.split(" / "):
        items = [item.strip().rsplit(" ", 1) for item in segment.split(", ")]
        if len(items) > 1 and all(len(item) == 2 and _is_number(item[1]) for item in items):
            segment = "+".join(item[0] for item in items) + " mixed"
        segments.append(segment)
    return f"{who}: {' / '.join(segments)}"


def region_name(region: tuple[str, ...], focus: Sequence[str] | None) -> str:
    """A region's name: each equilibrium's parts about the ``focus`` players (all when None), joined with ' | '.

    Mixed strategies are named by their support, so a region does not split as probabilities move.

    >>> region_name(("US: F; UK: F", "US: F 0.617, K 0.383; UK: F 0.962, S 0.038"), None)
    'US: F; UK: F | US: F+K mixed; UK: F+S mixed'
    """
    names = []
    for label in region:
        parts = [_support(part) for part in label.split("; ")]
        if focus:
            kept = [part for part in parts if part.split(":")[0].split(" at ")[0] in focus]
            parts = kept or parts
        name = "; ".join(parts)
        if name not in names:
            names.append(name)
    return " | ".join(names)


def _names(result: SweepResult, focus: Sequence[str] | None, names: Callable[[tuple[str, ...]], str] | None) -> list[str]:
    if focus is None:  # a matrix: whole profiles; a tree: what the first player does
        tree = any(infoset for _, infoset, _ in result.strategy_columns)
        focus = (result.players[0],) if tree else tuple(result.players)
    return [names(r) if names else region_name(r, focus) for r in result.regions]


def switch_points(result: SweepResult, focus: Sequence[str] | None = None) -> tuple[float, ...]:
    """1-D: midpoints between grid points where the (named) region changes."""
    names = _names(result, focus, None)
    values = result.axes[0].values
    labels = [names[int(k)] for k in result.region_index]
    return tuple(float((values[k] + values[k + 1]) / 2) for k in range(len(labels) - 1) if labels[k] != labels[k + 1])


def _runs(result: SweepResult, names: list[str], thresholds: Sequence[float] | None) -> list[tuple[str, float, float, bool]]:
    """(name, start, end, several equilibria) runs along a 1-D axis; edges at thresholds when given."""
    values = result.axes[0].values
    runs: list[tuple[str, float, float, bool]] = []
    start = 0
    for k in range(1, len(values) + 1):
        same = k < len(values) and names[int(result.region_index[k])] == names[int(result.region_index[start])]
        if not same:
            several = bool((result.num_equilibria[start:k] > 1).all())
            runs.append((names[int(result.region_index[start])], start, k - 1, several))
            start = k
    out = []
    for i, (name, a, b, several) in enumerate(runs):
        lo = values[0] if i == 0 else _edge(values[runs[i - 1][2]], values[a], thresholds)
        hi = values[-1] if i == len(runs) - 1 else _edge(values[b], values[runs[i + 1][1]], thresholds)
        out.append((name, float(lo), float(hi), several))
    return out


def _edge(left: float, right: float, thresholds: Sequence[float] | None) -> float:
    for t in thresholds or ():
        if left <= t <= right:
            return float(t)
    return (left + right) / 2


def _label(name: str, width: int = 38) -> str:
    return "\n".join(textwrap.wrap(name, width)) or name


def _fills(names: list[str]) -> dict[str, str]:
    order = list(dict.fromkeys(names))
    return {name: _FILLS[k % len(_FILLS)] for k, name in enumerate(order)}


def plot_sweep(result: SweepResult, *, ax: Any = None, show: str = "strategies", columns: Sequence[str] | None = None,
               focus: Sequence[str] | None = None, thresholds: Sequence[float] | None = None,
               names: Callable[[tuple[str, ...]], str] | None = None, title: str | None = None,
               xlabel: str | None = None, legend: str = "all") -> Any:
    """A 1-D sweep: lines against the parameter over shaded, named equilibrium regions; returns the Axes.

    Parameters
    ----------
    result : SweepResult
        One axis.
    show : {"strategies", "attributes", "outcomes", "payoffs"}
        What the lines are: the representative equilibrium's action probabilities, expected
        outcome attributes, outcome probabilities, or every player's equilibrium payoff.
    columns : sequence of str, optional
        Only these lines (attribute or outcome names; ``"player: action"`` for strategies).
    focus : sequence of str, optional
        Players whose choices name the regions (default: the first player).
    thresholds : sequence of float, optional
        Exact switch points: drawn and used as region edges (default: grid midpoints).
    names : callable, optional
        Region (tuple of equilibrium labels) -> name; overrides ``focus``.
    legend : {"all", "lines", "regions", "figure", "none"}
        Which legends to draw right of the axes: the regions', the lines', both or none;
        ``"figure"``: the lines' right of the axes and the regions' under the whole figure
        (for a figure of several panels made with constrained layout).
    """
    if legend not in ("all", "lines", "regions", "figure", "none"):
        raise ValueError(f"legend must be all, lines, regions, figure or none, got {legend!r}")
    if len(result.axes) != 1:
        raise ValueError("plot_sweep draws a 1-D sweep; use plot_region_map for two axes")
    x = result.axes[0].values
    region_names = _names(result, focus, names)
    lines = _lines(result, show, (result.players[0],) if focus is None else focus)
    if columns is not None:
        lines = [(n, y) for n, y in lines if n in columns]
    runs = _runs(result, region_names, thresholds)
    fills = _fills([name for name, *_ in runs])
    with style():
        ax = new_axes(ax, size=(7.2, 4.2))
        from matplotlib.patches import Patch

        letters = {name: chr(ord("A") + k) for k, name in enumerate(fills)}
        width = float(x[-1] - x[0]) or 1.0
        narrow = {name for name in fills if all(hi - lo < 0.04 * width for n, lo, hi, _ in runs if n == name)}
        for name, lo, hi, several in runs:
            ax.axvspan(lo, hi, facecolor=fills[name], edgecolor="#A0A0A0" if several else "none",
                       hatch="/" if several else None, linewidth=0, zorder=0)
            if name not in narrow and hi - lo >= 0.04 * width:
                ax.annotate(letters[name], ((lo + hi) / 2, 0.0), xycoords=("data", "axes fraction"), xytext=(0, 3),
                            textcoords="offset points", ha="center", va="bottom", fontsize=8, fontweight="bold",
                            color="#444444", zorder=3,
                            bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none",
                                  "alpha": 0.8})
        marks = list(thresholds) if thresholds is not None else [lo for _, lo, _, _ in runs[1:]]
        for t in marks:
            ax.axvline(t, color=OKABE_ITO[0], linestyle=(0, (5, 3)), linewidth=1.0, zorder=1)
            ax.annotate(f"{t:.4g}", (t, 1.0), xycoords=("data", "axes fraction"), xytext=(0, 2),
                        textcoords="offset points", ha="center", va="bottom", fontsize=7.5,
                        bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none"})
        for k, (name, y) in enumerate(lines):
            pure = bool(np.all((np.abs(y) < 1e-9) | (np.abs(y - 1) < 1e-9)))  # 0/1 switches drawn as steps
            ax.plot(x, y, color=_LINES[k % len(_LINES)], linestyle=_DASH[k % len(_DASH)], linewidth=1.8,
                    label=_label(name, 44),
                    zorder=2, drawstyle="steps-mid" if show == "strategies" and pure else "default")
        ax.set_xlim(float(x[0]), float(x[-1]))
        if show in ("strategies", "outcomes"):
            ax.set_ylim(-0.04, 1.04)
        ax.set_xlabel(result.axes[0].name if xlabel is None else xlabel)
        ax.set_ylabel({"strategies": "probability (first equilibrium)", "attributes": "expected value in equilibrium",
                       "outcomes": "probability of the outcome", "payoffs": "equilibrium payoff"}[show])
        ax.set_title(title if title is not None else result.title, pad=12 if marks else 6)
        if legend in ("all", "regions", "figure"):
            region_handles = [Patch(facecolor=fills[n], edgecolor="#999999", linewidth=0.5,
                                    label=_label(f"{letters[n]}: {n}" + (" (at a threshold only)" if n in narrow else ""),
                                                 38 if legend != "figure" else 60)) for n in fills]
            if any(several for *_, several in runs):
                region_handles.append(Patch(facecolor="white", edgecolor="#808080", hatch="///",
                                            label="several equilibria"))
            if legend == "figure":  # under the whole figure (constrained layout makes room)
                ax.figure.legend(handles=region_handles, title="equilibrium region", loc="outside lower center",
                                 ncol=2, frameon=False, title_fontsize=8)
            else:
                first = ax.legend(handles=region_handles, title="equilibrium region", loc="upper left",
                                  bbox_to_anchor=(1.01, 1.0), frameon=False, title_fontsize=8)
                ax.add_artist(first)
                first.set_clip_on(False)  # add_artist clips to the axes; this legend lies outside them
        if lines and legend in ("all", "lines", "figure"):
            ax.legend(loc="lower left" if legend == "all" else "upper left",
                      bbox_to_anchor=(1.01, 0.0 if legend == "all" else 1.0), frameon=False, fontsize=7.5)
    return ax


def _lines(result: SweepResult, show: str, focus: Sequence[str]) -> list[tuple[str, np.ndarray]]:
    first = np.nan_to_num(result.equilibrium_strategies[:, 0])  # the first equilibrium listed at each point
    if show == "strategies":
        groups: dict[tuple[str, str], list[int]] = {}
        for k, (player, infoset, _) in enumerate(result.strategy_columns):
            groups.setdefault((player, infoset), []).append(k)
        lines = []
        for (player, infoset), cols in groups.items():
            used = [k for k in cols if first[:, k].max() > 1e-9]
            moving = any(np.ptp(first[:, k]) > 1e-9 for k in used)
            if not moving and player not in focus:
                continue  # an answer that never changes: left out to keep the plot readable
            if len(cols) == 2 and len(used) == 2:
                used = used[:1]  # the other is 1 minus this one
            where = f" at {infoset}" if infoset else ""
            lines.extend((f"{player}{where}: {result.strategy_columns[k][2]}", first[:, k]) for k in used)
        return lines
    if show == "attributes":
        return [(n, result.equilibrium_attributes[:, 0, k]) for k, n in enumerate(result.attribute_names)]
    if show == "outcomes":
        return [(n, result.equilibrium_outcomes[:, 0, k]) for k, n in enumerate(result.outcome_labels)]
    if show == "payoffs":
        return [(f"{p} (first equilibrium)", result.equilibrium_payoffs[:, 0, k]) for k, p in enumerate(result.players)]
    raise ValueError(f"show must be strategies, attributes, outcomes or payoffs, got {show!r}")


def plot_region_map(result: SweepResult, *, ax: Any = None, focus: Sequence[str] | None = None,
                    names: Callable[[tuple[str, ...]], str] | None = None, title: str | None = None,
                    xlabel: str | None = None, ylabel: str | None = None) -> Any:
    """A 2-D sweep: each equilibrium region coloured and named, several equilibria hatched, boundaries drawn.

    The first axis is drawn along x, the second along y. Returns the Axes.
    """
    if len(result.axes) != 2:
        raise ValueError("plot_region_map draws a 2-D sweep; use plot_sweep for one axis")
    from matplotlib.collections import LineCollection
    from matplotlib.colors import ListedColormap
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    xs, ys = result.axes[0].values, result.axes[1].values
    region_names = _names(result, focus, names)
    order = list(dict.fromkeys(region_names[int(k)] for k in result.region_index.ravel()))
    code = np.vectorize(lambda k: order.index(region_names[int(k)]))(result.region_index).T  # (y, x)
    fills = _fills(order)
    with style():
        ax = new_axes(ax, size=(7.4, 4.8))
        cmap = ListedColormap([fills[n] for n in order])
        ax.pcolormesh(xs, ys, code, cmap=cmap, vmin=-0.5, vmax=len(order) - 0.5, shading="nearest", zorder=0)
        several = (result.num_equilibria > 1).T.astype(float)
        if several.any():
            ax.contourf(xs, ys, several, levels=[0.5, 1.5], colors="none", hatches=["///"], zorder=1)
        ax.add_collection(LineCollection(_boundaries(xs, ys, code), colors=OKABE_ITO[0], linewidths=1.3, zorder=2))
        for k, name in enumerate(order):
            if (code == k).sum() >= max(3, 0.02 * code.size):
                cx, cy = _deepest(xs, ys, code == k)
                ax.text(cx, cy, _label(name, 24), ha="center", va="center", fontsize=7.5, zorder=3,
                        bbox={"boxstyle": "round,pad=0.25", "facecolor": "white", "edgecolor": GREY, "alpha": 0.9})
        ax.set_xlabel(xlabel or result.axes[0].name)
        ax.set_ylabel(ylabel or result.axes[1].name)
        ax.set_title(title if title is not None else result.title)
        handles = [Patch(facecolor=fills[n], edgecolor="#555555", linewidth=0.5, label=_label(n)) for n in order]
        if several.any():
            handles.append(Patch(facecolor="white", edgecolor="#555555", hatch="///", label="several equilibria"))
        handles.append(Line2D([], [], color=OKABE_ITO[0], linewidth=1.2, label="threshold (region boundary)"))
        ax.legend(handles=handles, title="equilibrium region", loc="upper left", bbox_to_anchor=(1.01, 1.0),
                  frameon=False, title_fontsize=8)
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


def _deepest(xs: np.ndarray, ys: np.ndarray, mask: np.ndarray) -> tuple[float, float]:
    """A point well inside a region: the cell farthest (in grid steps) from its edge or the map's edge."""
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
    best = np.argwhere(depth == depth.max())
    iy, ix = best[len(best) // 2]
    return float(xs[ix]), float(ys[iy])


def plot_curves(x: Any, curves: Sequence[tuple[str, Any]], *, ax: Any = None, title: str = "", xlabel: str = "",
                ylabel: str = "", zero_line: bool = True, mark_crossings: bool = True, logx: bool = False) -> Any:
    """Several curves against one parameter (e.g. a payoff difference under two belief sets); returns the Axes.

    With ``zero_line`` a horizontal line marks 0, and with ``mark_crossings`` each curve's sign
    changes are marked and labelled (linear interpolation between grid points). ``logx`` draws
    x on a log scale with plain numbers as tick labels.

    >>> ax = plot_curves([0, 1], [("a", [-1, 1]), ("b", [2, 1])], title="t")
    >>> [round(float(v), 3) for v in crossings([0, 1], [-1, 1])]
    [0.5]
    """
    xs = np.asarray(x, dtype=float)
    with style():
        ax = new_axes(ax, size=(6.8, 4.2))
        if zero_line:
            ax.axhline(0.0, color=GREY, linewidth=1.0, zorder=1)
        for k, (name, y) in enumerate(curves):
            ys = np.asarray(y, dtype=float)
            ax.plot(xs, ys, color=_CURVES[k % len(_CURVES)], linestyle=("-", "--", "-.", ":")[k % 4], linewidth=2.0,
                    label=name, zorder=2)
            if mark_crossings:
                for c in crossings(xs, ys):
                    ax.plot([c], [0.0], marker="o", markersize=6, color=_CURVES[k % len(_CURVES)],
                            markeredgecolor="black", zorder=3)
                    ax.annotate(f"{c:.3g}", (c, 0.0), xytext=(4, 6), textcoords="offset points", fontsize=8)
        if logx:
            from matplotlib.ticker import FormatStrFormatter, NullFormatter

            ax.set_xscale("log")
            decades = range(int(np.floor(np.log10(xs[0]))), int(np.ceil(np.log10(xs[-1]))) + 1)
            ticks = [m * 10.0**d for d in decades for m in (1, 2, 5) if xs[0] <= m * 10.0**d <= xs[-1]]
            ax.set_xticks(ticks)
            ax.xaxis.set_major_formatter(FormatStrFormatter("%g"))
            ax.xaxis.set_minor_formatter(NullFormatter())
        ax.set_xlim(float(xs[0]), float(xs[-1]))
        ax.set_title(title)
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        ax.grid(True, color="#EEEEEE", linewidth=0.6, zorder=0)
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
