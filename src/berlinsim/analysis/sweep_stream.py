"""A sweep in chunks: the grid solved a slice at a time, in bounded memory, for any grid size.

:func:`stream_sweep` cuts the row-major grid of :func:`berlinsim.analysis.sweep.sweep` into
chunks of ``chunk_points`` points. Each chunk is evaluated and solved in batch (the same batched
solvers, the same general-solver fallback per point), labelled, and handed out as a
:class:`SweepChunk` before the next one is started; the caller writes it
(:class:`berlinsim.io.table_writer.TableWriter`) and drops it. What has to be known about the
whole grid is merged as the chunks go by into a :class:`StreamSummary`: the regions, numbered in
order of first appearance over the grid exactly as an unchunked sweep numbers them, how many
points each holds and where it lies (along one axis its runs, kept as they close; over two
axes one region number per point, one byte each while there are fewer than 256 regions), and
the counts of the summary's last line. A :class:`StreamSummary` answers what
:func:`berlinsim.reports.sweep_text.format_summary` and
:func:`berlinsim.io.tables.sweep_metadata` ask of a sweep.

Every point's answer is the one :func:`~berlinsim.analysis.sweep.sweep` gives it: the batched
kernels work point by point, so a point's numbers do not depend on the chunk it falls in (the
tests compare exports byte for byte).

Examples
--------
>>> from berlinsim.io.scenario_yaml import parse_scenario
>>> s = parse_scenario('''
... berlinsim: 1
... id: pd
... title: Prisoner's dilemma
... source: {document: memo, paragraphs: [8]}
... parameters: {t: {default: 5, range: [0, 10]}}
... players: {A: {}, B: {}}
... game:
...   type: matrix
...   actions: {A: [C, D], B: [C, D]}
...   cells:
...     - {actions: [C, C], payoffs: {A: 3, B: 3}}
...     - {actions: [C, D], payoffs: {A: 0, B: t}}
...     - {actions: [D, C], payoffs: {A: t, B: 0}}
...     - {actions: [D, D], payoffs: {A: 1, B: 1}}
... solve: {method: enummixed}
... ''')
>>> summary, chunks = stream_sweep(s, "t=2:6:5", chunk_points=2)
>>> [(c.start, c.size, c.region.tolist()) for c in chunks]
[(0, 2, [0, 1]), (2, 2, [2, 2]), (4, 1, [2])]
>>> summary.runs(), summary.points
(((0, 0, 0), (1, 1, 1), (2, 2, 4)), (1, 1, 3))
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from berlinsim.analysis import _sweep_points as points
from berlinsim.analysis._sweep_labels import label_ids
from berlinsim.analysis.sweep import MAX_POINTS, _grid_arrays, _normalise_axes, _point_values
from berlinsim.model.scenario import Scenario
from berlinsim.model.sweep_result import NO_EQUILIBRIUM, SweepAxis

__all__ = ["CHUNK_POINTS", "StreamSummary", "SweepChunk", "grid_size", "stream_sweep"]

#: Grid points solved per chunk by default (a 2 x 2 chunk takes ~0.1 s and a few tens of MB).
CHUNK_POINTS = 65_536


@dataclass(frozen=True, slots=True, kw_only=True)
class SweepChunk:
    """The points ``start .. start + size - 1`` (row-major) of a sweep, solved and labelled.

    ``values`` (size, axes): each point's parameter values; ``count``, ``degenerate``, ``batched``
    per point; ``label_of`` / ``support_of`` (size, width): each equilibrium's index into
    ``labels`` / ``supports`` (-1 padded); ``region``: each point's region, 0-based, numbered over
    the whole grid; ``pay``, ``vec``, ``outcome``, ``attrs`` (size, width, columns) as in a
    :class:`~berlinsim.model.sweep_result.SweepResult`, every point's equilibria in canonical order.
    """

    start: int
    values: np.ndarray
    count: np.ndarray
    labels: tuple[str, ...]
    label_of: np.ndarray
    supports: tuple[str, ...]
    support_of: np.ndarray
    region: np.ndarray
    pay: np.ndarray
    vec: np.ndarray
    outcome: np.ndarray
    attrs: np.ndarray
    degenerate: np.ndarray
    batched: np.ndarray

    @property
    def size(self) -> int:
        return int(self.count.size)


@dataclass(slots=True, kw_only=True)
class StreamSummary:
    """What a streamed sweep knows of its whole grid; complete once its chunks have all been read.

    It has the attributes of a :class:`~berlinsim.model.sweep_result.SweepResult` that its text
    summary and its export metadata read (axes, players, columns, regions, ``runs()`` and, at the
    first point of each run, its equilibria; ``region_index`` over two axes), plus ``points`` (each
    region's number of points) and ``size``. Mutable: :func:`stream_sweep` fills it.
    """

    scenario_id: str
    title: str
    axes: tuple[SweepAxis, ...]
    players: tuple[str, ...]
    strategy_columns: tuple[tuple[str, str, str], ...]
    outcome_labels: tuple[str, ...]
    attribute_names: tuple[str, ...]
    method: str
    variant: str | None
    between: tuple[str, str] | None
    fixed: tuple[tuple[str, float], ...]
    regions: tuple[tuple[str, ...], ...] = ()
    points: tuple[int, ...] = ()
    region_index: np.ndarray | None = None
    num_equilibria: dict[int, int] = field(default_factory=dict)
    equilibrium_strategies: dict[int, np.ndarray] = field(default_factory=dict)
    first_labels: dict[int, tuple[str, ...]] = field(default_factory=dict)
    degenerate: np.int64 = np.int64(0)
    batched: np.int64 = np.int64(0)
    done: int = 0
    _runs: list[list[int]] = field(default_factory=list)
    _keys: dict[frozenset[str], int] = field(default_factory=dict)

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(len(a) for a in self.axes)

    @property
    def size(self) -> int:
        return int(np.prod(self.shape))

    def region_name(self, region: int) -> str:
        return " | ".join(self.regions[region]) or NO_EQUILIBRIUM

    def labels_at(self, index: int) -> tuple[str, ...]:
        """The labels at the first point of a run (1-D; the points the text summary shows)."""
        return self.first_labels[int(index)]

    def runs(self) -> tuple[tuple[int, int, int], ...]:
        """1-D: ``(region, first, last)`` of every run of one region along the axis."""
        if len(self.axes) != 1:
            raise ValueError("runs() is for 1-D sweeps; a 2-D sweep has region cells")
        return tuple((r, a, b) for r, a, b in self._runs)

    def region_intervals(self, region: int) -> tuple[tuple[float, float], ...]:
        values = self.axes[0].values
        return tuple((float(values[a]), float(values[b])) for r, a, b in self._runs if r == region)

    def region_cells(self, region: int) -> np.ndarray | None:
        """2-D: the region's grid cells, row-major; None above the in-memory grid cap (not listed)."""
        if self.region_index is None or self.size > MAX_POINTS:
            return None
        return np.argwhere(self.region_index == region)

    def _add(self, start: int, region_keys: list[frozenset[str]], region_supports: list[tuple[str, ...]],
             local: np.ndarray, chunk: dict[str, Any]) -> np.ndarray:
        """Merge one chunk: its local regions to global numbers (first appearance over the grid)."""
        mapping = np.empty(len(region_keys), dtype=np.int64)
        for k, (key, supports) in enumerate(zip(region_keys, region_supports)):
            if key not in self._keys:
                self._keys[key] = len(self.regions)
                self.regions = (*self.regions, supports)
                self.points = (*self.points, 0)
            mapping[k] = self._keys[key]
        region = mapping[local]
        counts = np.bincount(region, minlength=len(self.regions))
        self.points = tuple(int(a) + int(b) for a, b in zip(self.points, counts))
        n = len(region)
        if len(self.axes) == 1:
            change = np.flatnonzero(np.diff(region)) + 1
            starts = np.concatenate([[0], change]).tolist()
            ends = np.concatenate([change - 1, [n - 1]]).tolist()
            for a, b in zip(starts, ends):
                r = int(region[a])
                if self._runs and self._runs[-1][0] == r and self._runs[-1][2] == start + a - 1:
                    self._runs[-1][2] = start + b
                    continue
                self._runs.append([r, start + a, start + b])
                count = int(chunk["count"][a])
                self.num_equilibria[start + a] = count
                self.equilibrium_strategies[start + a] = chunk["vec"][a, :count].copy()
                self.first_labels[start + a] = chunk["labels"][a]
        else:
            dtype = np.uint8 if len(self.regions) <= 255 else np.int32
            if self.region_index is None:
                self.region_index = np.zeros(self.shape, dtype=dtype)
            elif self.region_index.dtype != dtype:
                self.region_index = self.region_index.astype(dtype)
            self.region_index.reshape(-1)[start:start + n] = region
        self.degenerate += int(chunk["degenerate"].sum())
        self.batched += int(chunk["batched"].sum())
        self.done = start + n
        return region


def grid_size(axes: Any) -> int:
    """The number of points of a grid given as :func:`stream_sweep` takes it.

    >>> grid_size(["p=0:1:1000", "q=0:1:100000"])
    100000000
    """
    return int(np.prod([len(values) for _, values in _normalise_axes(axes)]))


def _chunk_grid(full: dict[str, np.ndarray], index: tuple[np.ndarray, ...], n: int) -> dict[str, np.ndarray]:
    """The grid arrays (broadcastable to the whole grid) at the chunk's points, one value per point."""
    out = {}
    for name, array in full.items():
        at = array[tuple(i if s > 1 else 0 for i, s in zip(index, array.shape))]
        out[name] = np.broadcast_to(np.asarray(at, dtype=float), (n,)).copy()
    return out


def _solve(scenario: Scenario, lay: points.Layout, method: str, full: dict[str, np.ndarray] | None, base: Any,
           at: Callable, shape: tuple[int, ...], first: int, n: int) -> dict[str, np.ndarray]:
    """The filled arrays of the points ``first .. first + n - 1``, as :func:`sweep` fills them."""
    index = np.unravel_index(np.arange(first, first + n), shape)
    solved = None
    todo = np.ones(n, dtype=bool)
    if full is not None:
        done = points.solve_batched(scenario, lay, method, _chunk_grid(full, index, n), base, (n,))
        if done is not None:
            mask, batch = done
            if mask.all():
                solved = {**batch, "batched": np.ones(n, dtype=bool)}
            else:
                solved = points.empty(lay, n)
                points.fill(solved, batch, np.flatnonzero(mask))
            todo = ~mask
    if solved is None:
        solved = points.empty(lay, n)
    rest = np.flatnonzero(todo)
    if rest.size:
        values = [dict(at(tuple(int(i[k]) for i in index)).values) for k in rest.tolist()]
        points.fill(solved, points.solve_chunk(scenario, lay, method, values), rest, batched=False)
    return solved


def stream_sweep(scenario: Scenario, axes: Any, *, variant: str | None = None,
                 overrides: Mapping[str, Any] | None = None, method: str | None = None,
                 between: tuple[str, str] | None = None, chunk_points: int = CHUNK_POINTS,
                 progress: Callable[[int, int], None] | None = None,
                 batched: bool = True) -> tuple[StreamSummary, Iterator[SweepChunk]]:
    """The sweep of :func:`berlinsim.analysis.sweep.sweep` (same arguments), chunk by chunk, with no grid cap.

    Returns ``(summary, chunks)``: ``chunks`` solves one chunk per step; ``summary`` is complete once
    they have all been read. Bad axes, values or ranges are refused here, before any work.
    """
    if not isinstance(chunk_points, int) or chunk_points < 1:
        raise ValueError(f"chunk_points must be a whole number >= 1, got {chunk_points!r}")
    items = _normalise_axes(axes)
    method = method or scenario.method
    shape = tuple(len(v) for _, v in items)
    size = int(np.prod(shape))
    base, at = _point_values(scenario, items, variant, dict(overrides or {}), between)
    lay = points.layout(scenario, base)
    full = _grid_arrays(scenario, items, variant, dict(overrides or {}), between) if batched else None
    names = [n for n, _ in items]
    axis_values = [np.array([float(v) for v in vals]) for _, vals in items]
    fixed = tuple((n, float(base[n])) for n in scenario.parameter_names if n not in names and between is None)
    summary = StreamSummary(
        scenario_id=scenario.id, title=scenario.title,
        axes=tuple(SweepAxis(name=n, values=v) for n, v in zip(names, axis_values)),
        players=lay.players, strategy_columns=lay.columns, outcome_labels=lay.outcome_labels,
        attribute_names=lay.attribute_names, method=method, variant=variant if between is None else None,
        between=between, fixed=fixed)

    def chunks() -> Iterator[SweepChunk]:
        for first in range(0, size, chunk_points):
            n = min(chunk_points, size - first)
            solved = _solve(scenario, lay, method, full, base, at, shape, first, n)
            chunk = _label(summary, lay, solved, first, n, shape, axis_values)
            if progress is not None:
                progress(first + n, size)
            yield chunk

    return summary, chunks()


def _label(summary: StreamSummary, lay: points.Layout, solved: dict[str, np.ndarray], first: int, n: int,
           shape: tuple[int, ...], axis_values: list[np.ndarray]) -> SweepChunk:
    """Labels, supports and regions of a solved chunk (as :func:`points.assemble` makes them), merged into ``summary``."""
    width = solved["vec"].shape[1]
    valid = np.arange(width)[None, :] < solved["count"][:, None]
    labels, ids, supports, support_ids = label_ids(lay.columns, lay.players, solved["vec"][valid],
                                                   solved["reach"][valid])
    label_of = np.full((n, width), -1, dtype=np.int64)
    label_of[valid] = ids
    labels, label_of = points.numbered(labels, label_of)
    support_of = np.full((n, width), -1, dtype=np.int64)
    support_of[valid] = support_ids
    local_regions, local = points.regions_of(supports, support_of)
    keys = [frozenset(r) for r in local_regions]
    per_point = {"count": solved["count"], "vec": solved["vec"], "degenerate": solved["degenerate"],
                 "batched": solved["batched"],
                 "labels": _LabelsAt(labels, label_of)}
    region = summary._add(first, keys, list(local_regions), local, per_point)
    index = np.unravel_index(np.arange(first, first + n), shape)
    values = np.stack([v[i] for v, i in zip(axis_values, index)], axis=1)
    return SweepChunk(start=first, values=values, count=solved["count"], labels=tuple(labels), label_of=label_of,
                      supports=tuple(supports), support_of=support_of, region=region, pay=solved["pay"],
                      vec=solved["vec"], outcome=solved["outcome"], attrs=solved["attrs"],
                      degenerate=solved["degenerate"], batched=solved["batched"])


@dataclass(frozen=True, slots=True)
class _LabelsAt:
    """``labels_at[k]``: the labels of the chunk's point ``k``."""

    labels: list[str]
    label_of: np.ndarray

    def __getitem__(self, k: int) -> tuple[str, ...]:
        return tuple(self.labels[int(i)] for i in self.label_of[k] if i >= 0)
