"""The parameter explorer of the HTML report: sliders over a precomputed sweep grid.

:class:`Explorer` holds a :class:`~berlinsim.model.sweep_result.SweepResult` (solved beforehand at every
grid point) and the words the page needs; :func:`explorer_data` turns it into the JSON embedded in
the page and :func:`render_explorer` into the HTML the page's script brings to life (one labelled
range input per swept parameter, moving over grid *indices*, so values snap to grid points and
the arrow keys step one grid point). At each point the page lists every equilibrium, in the
canonical order ``berlinsim run`` lists them in, by its label and with its payoffs; the tables of
strategies, outcomes and attributes show the equilibrium chosen in a menu (the first one listed
unless another is chosen), and say which.

Examples
--------
>>> import numpy as np
>>> from berlinsim.model.sweep_result import PointEquilibria, SweepAxis, SweepResult
>>> def point(label, strategy, outcome):
...     return PointEquilibria(labels=(label,), supports=(label,), payoffs=[[1.0, 2.0]], strategies=[strategy],
...                            outcomes=[outcome], attributes=np.zeros((1, 0)))
>>> r = SweepResult.from_points(scenario_id="toy", title="A toy", axes=(SweepAxis(name="p", values=[0, 0.5, 1]),),
...     players=("A", "B"), strategy_columns=(("A", "", "x"), ("A", "", "z"), ("B", "", "y")),
...     outcome_labels=("x", "z"), points=[point("A: x; B: y", [1, 0, 1], [1, 0]),
...     point("A: x; B: y", [1, 0, 1], [1, 0]), point("A: z; B: y", [0, 1, 1], [0, 1])])
>>> x = Explorer(sweep=r, region_names=("A: x", "A: z"), start=(1,))
>>> data = explorer_data(x)
>>> data["regionIndex"], data["regionGroup"], data["regionNames"], data["equilibria"]
([0, 0, 1], [0, 1], ['A: x', 'A: z'], [[0], [0], [1]])
>>> data["labels"], data["payoffs"][2]
(['A: x; B: y', 'A: z; B: y'], [[1, 2]])
>>> 'value="1"' in render_explorer(x, "toy")
True
"""

from __future__ import annotations

import html
import json
import math
from dataclasses import dataclass
from typing import Any

from berlinsim.model.sweep_result import SweepResult

__all__ = ["Explorer", "explorer_data", "render_explorer", "script_json"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Explorer:
    """A sweep to explore with sliders, and what the page says about it.

    Attributes
    ----------
    sweep : SweepResult
        The scenario solved at every grid point (one or two axes).
    region_names : tuple of str
        A display name for each of ``sweep.regions`` (regions with the same name share a colour
        and a letter; e.g. named by the first player's choices).
    start : tuple of int
        The grid index each slider starts at (the grid point nearest the scenario's values).
    axis_labels : tuple of str
        The label of each slider (default: the parameter names).
    held : str
        What is held fixed while the sliders move, in words.
    """

    sweep: SweepResult
    region_names: tuple[str, ...]
    start: tuple[int, ...]
    axis_labels: tuple[str, ...] = ()
    held: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "region_names", tuple(self.region_names))
        object.__setattr__(self, "start", tuple(int(i) for i in self.start))
        object.__setattr__(self, "axis_labels", tuple(self.axis_labels) or self.sweep.axis_names)
        if len(self.region_names) != len(self.sweep.regions):
            raise ValueError(f"{len(self.region_names)} region names for {len(self.sweep.regions)} regions")
        if len(self.start) != len(self.sweep.axes) or len(self.axis_labels) != len(self.sweep.axes):
            raise ValueError("one start index and one label per axis")
        for i, axis in zip(self.start, self.sweep.axes):
            if not 0 <= i < len(axis):
                raise ValueError(f"start index {i} outside axis {axis.name!r} ({len(axis)} points)")


def _round(x: Any) -> float | int | None:
    """A number for the embedded JSON: 4 significant decimals, integers without a point, NaN as null."""
    value = float(x)
    if not math.isfinite(value):
        return None
    value = round(value, 4)
    return int(value) if value == int(value) and abs(value) < 1e15 else value


def _per_equilibrium(result: SweepResult, array: Any) -> list[list[list[Any]]]:
    """A per-equilibrium array (grid..., width, k) as, per point (row-major), one rounded list per equilibrium
    found there (in canonical order)."""
    counts = result.num_equilibria.ravel().tolist()
    flat = array.reshape(len(counts), result.width, -1)
    return [[[_round(v) for v in flat[g, e]] for e in range(count)] for g, count in enumerate(counts)]


def explorer_data(explorer: Explorer) -> dict[str, Any]:
    """Everything the page's script needs, as plain JSON values; grid points flattened row-major.

    ``equilibria[g]`` are the indices into ``labels`` of the equilibria at point ``g`` in canonical
    order, and ``payoffs[g][e]``, ``strategies[g][e]``, ``outcomeProbs[g][e]`` and ``attrs[g][e]``
    are those of its ``e``-th one: every number belongs to the equilibrium it is listed with.
    """
    r = explorer.sweep
    order = list(dict.fromkeys(explorer.region_names))
    size = r.region_index.size
    return {
        "axes": [{"name": a.name, "label": label, "values": [_round(v) for v in a.values]}
                 for a, label in zip(r.axes, explorer.axis_labels)],
        "start": list(explorer.start),
        "players": list(r.players),
        "labels": list(r.labels),
        "equilibria": [[int(k) for k in row if k >= 0] for row in r.label_index.reshape(size, r.width).tolist()],
        "regions": [r.region_name(k) for k in range(len(r.regions))],
        "regionNames": order,
        "regionGroup": [order.index(n) for n in explorer.region_names],
        "regionIndex": [int(k) for k in r.region_index.ravel()],
        "count": [int(k) for k in r.num_equilibria.ravel()],
        "degenerate": [int(bool(k)) for k in r.degenerate.ravel()],
        "payoffs": _per_equilibrium(r, r.equilibrium_payoffs),
        "columns": [list(c) for c in r.strategy_columns],
        "strategies": _per_equilibrium(r, r.equilibrium_strategies),
        "outcomes": list(r.outcome_labels),
        "outcomeProbs": _per_equilibrium(r, r.equilibrium_outcomes),
        "attributes": list(r.attribute_names),
        "attrs": _per_equilibrium(r, r.equilibrium_attributes),
    }


def script_json(value: Any) -> str:
    """JSON safe inside ``<script type="application/json">``: no ``<`` (so no ``</script>``), compact.

    >>> script_json({"a": "</script>"})
    '{"a":"\\\\u003c/script>"}'
    """
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=False).replace("<", "\\u003c")


def _number(x: float) -> str:
    text = f"{x:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def render_explorer(explorer: Explorer, key: str) -> str:
    """The explorer's HTML: sliders, the live equilibrium (``aria-live``), region view, tables, data.

    ``key`` makes the element ids unique on the page (e.g. the scenario's position and id).
    """
    r = explorer.sweep
    base = f"x-{key}"
    esc = html.escape
    out = [f'<section class="explorer" id="{base}" aria-labelledby="{base}-h">',
           f'<h3 id="{base}-h">Explore: move the parameters</h3>',
           '<p>Each slider steps through a precomputed grid; the equilibria below are those solved at that '
           'grid point (nothing is solved in the browser).</p>']
    if explorer.held:
        out.append(f'<p class="held"><strong>Held fixed:</strong> {esc(explorer.held)}</p>')
    out.append('<div class="controls">')
    for k, (axis, label) in enumerate(zip(r.axes, explorer.axis_labels)):
        i = explorer.start[k]
        value = _number(float(axis.values[i]))
        lo, hi = _number(float(axis.values[0])), _number(float(axis.values[-1]))
        ident = f"{base}-{k}"
        out.append(
            f'<div class="control"><label for="{ident}">{esc(label)}</label>'
            f'<input type="range" id="{ident}" min="0" max="{len(axis) - 1}" step="1" value="{i}" '
            f'data-axis="{k}" aria-valuetext="{esc(axis.name)} = {value}" aria-describedby="{ident}-range">'
            f'<span id="{ident}-range" class="muted">{esc(axis.name)} = <output id="{ident}-value" for="{ident}">'
            f'{value}</output> (grid of {len(axis)} points from {lo} to {hi})</span></div>')
    out.append("</div>")
    index = tuple(explorer.start)
    labels = r.labels_at(index if len(index) > 1 else index[0])
    items = "".join(f"<li>{esc(label)}</li>" for label in labels)
    out.append(f'<div class="live" id="{base}-live" role="status" aria-live="polite" aria-atomic="true">'
               f'<ol class="equilibria">{items}</ol></div>')
    out.append('<div class="region"><h4>Equilibrium region (the marker is the sliders\' position)</h4>'
               '<div class="regionview"></div><ul class="legend"></ul></div>')
    first = esc(labels[0]) if labels else "none"
    out.append(f'<div class="choose"><label for="{base}-eq">Equilibrium shown in the tables below</label> '
               f'<select id="{base}-eq" class="which"><option value="0">1: {first}</option></select></div>')
    out.append('<div class="panels">'
               '<div><h4>Strategies of <span class="shown">equilibrium 1</span></h4>'
               '<table class="strategies"><thead><tr><th scope="col">who, where</th><th scope="col">plays</th>'
               '</tr></thead><tbody></tbody></table>'
               '<h4>Expected attributes of <span class="shown">equilibrium 1</span></h4><table class="attrs"><thead>'
               '<tr><th scope="col">attribute</th><th scope="col">expected value</th></tr></thead><tbody></tbody>'
               '</table></div>'
               '<div><h4>Outcome distribution of <span class="shown">equilibrium 1</span> '
               '<span class="muted">(outcomes of probability 0 hidden)</span></h4>'
               '<table class="bars"><thead><tr><th scope="col">outcome</th>'
               '<th scope="col">bar</th><th scope="col">probability</th></tr></thead><tbody></tbody></table></div>'
               '</div>')
    out.append(f'<script type="application/json" class="explorer-data">{script_json(explorer_data(explorer))}'
               '</script>')
    out.append("</section>")
    return "\n".join(out)
