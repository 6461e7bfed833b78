"""What a sweep returns: value objects of the axes and of every equilibrium solved at every grid point.

This module holds the values only; the computation that fills them is
:func:`berlinsim.analysis.sweep.sweep`.

A *sweep* solves a scenario at every point of a grid of one or two parameters (or of the
position ``t`` between two variants). :class:`SweepResult` keeps, per grid point, *every*
equilibrium found there, in the canonical order (:mod:`berlinsim.model.identity`; the order
``berlinsim run`` lists them in at the same parameters), each with its label, its support, its
payoffs, its strategies, its outcome distribution and its expected attributes. Equilibrium ``e``
(0-based) of point ``g`` is entry ``[g, e]`` of every per-equilibrium array; entries past
``num_equilibria[g]`` are padding (NaN, or -1 for indices).

A *region* is a set of supports (what the equilibria play where play goes, without their
probabilities): the points whose equilibria have the same supports form one region, however
the mixed probabilities move. ``regions[region_index[g]]`` are the supports at ``g``, in the
order the equilibria at the region's first point (row-major) list them. A region's extent is
what it is: the runs of grid points along the axis (:meth:`SweepResult.region_intervals`, 1-D)
or its cells (:meth:`SweepResult.region_cells`, 2-D).

Arrays are indexed grid-first: ``result.region_index[i]`` (1-D) or ``[i, j]`` (2-D, ``i`` along
the first axis), ``result.equilibrium_payoffs[i, e, p]``. Every array is a read-only numpy array.

Examples
--------
>>> import numpy as np
>>> axis = SweepAxis(name="p", values=[0.0, 0.5, 1.0])
>>> cols = (("A", "", "x"), ("A", "", "z"), ("B", "", "y"))
>>> r = SweepResult(scenario_id="toy", title="A toy", axes=(axis,), players=("A", "B"), strategy_columns=cols,
...     outcome_labels=("x / y", "z / y"), attribute_names=(), num_equilibria=[1, 2, 1],
...     labels=("A: x; B: y", "A: z; B: y"), label_index=[[0, -1], [0, 1], [0, -1]],
...     supports=("A: x; B: y", "A: z; B: y"), support_index=[[0, -1], [0, 1], [0, -1]],
...     regions=(("A: x; B: y",), ("A: x; B: y", "A: z; B: y")), region_index=[0, 1, 0],
...     equilibrium_payoffs=np.zeros((3, 2, 2)),
...     equilibrium_strategies=[[[1, 0, 1], [np.nan] * 3], [[1, 0, 1], [0, 1, 1]], [[1, 0, 1], [np.nan] * 3]],
...     equilibrium_outcomes=[[[1, 0], [np.nan] * 2], [[1, 0], [0, 1]], [[1, 0], [np.nan] * 2]],
...     equilibrium_attributes=np.zeros((3, 2, 0)), degenerate=[False, True, False])
>>> r.shape, r.labels_at(1), r.region_name(1)
((3,), ('A: x; B: y', 'A: z; B: y'), 'A: x; B: y | A: z; B: y')
>>> r.runs(), r.region_intervals(0)
(((0, 0, 0), (1, 1, 1), (0, 2, 2)), ((0.0, 0.0), (1.0, 1.0)))
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

__all__ = ["NO_EQUILIBRIUM", "PointEquilibria", "SweepAxis", "SweepResult"]

#: The name of the region of points where the method found no equilibrium.
NO_EQUILIBRIUM = "no equilibrium found"


def _frozen(values: Any, dtype: Any, ndim: int | None = None, what: str = "array") -> np.ndarray:
    array = np.array(values, dtype=dtype)
    if ndim is not None and array.ndim != ndim:
        raise ValueError(f"{what}: expected {ndim} dimension(s), got shape {array.shape}")
    array.setflags(write=False)
    return array


@dataclass(frozen=True, slots=True, kw_only=True)
class SweepAxis:
    """One swept parameter and its grid values.

    Attributes
    ----------
    name : str
        A scenario parameter, or ``"t"`` for the position between two variants.
    values : numpy.ndarray
        The grid values, 1-D float, read-only.

    >>> SweepAxis(name="t", values=np.linspace(0, 1, 3)).values.tolist()
    [0.0, 0.5, 1.0]
    """

    name: str
    values: np.ndarray

    def __post_init__(self) -> None:
        values = _frozen(self.values, float, 1, f"axis {self.name!r}")
        if values.size == 0:
            raise ValueError(f"axis {self.name!r}: no values")
        object.__setattr__(self, "values", values)

    def __len__(self) -> int:
        return int(self.values.size)


@dataclass(frozen=True, slots=True, kw_only=True)
class PointEquilibria:
    """Every equilibrium found at one parameter point, in canonical order (a Monte Carlo draw's answer).

    Attributes
    ----------
    labels, supports : tuple of str
        Each equilibrium's label and support (:mod:`berlinsim.model.identity`).
    payoffs : numpy.ndarray
        Shape ``(equilibria, players)``.
    strategies : numpy.ndarray
        Shape ``(equilibria, strategy columns)``: the strategy vectors.
    outcomes : numpy.ndarray
        Shape ``(equilibria, outcome labels)``: each equilibrium's outcome distribution.
    attributes : numpy.ndarray
        Shape ``(equilibria, attributes)``: each equilibrium's expected attributes.
    degenerate : bool
        The game at the point is degenerate (or has ties in backward induction).

    >>> p = PointEquilibria(labels=("A: x",), supports=("A: x",), payoffs=[[1.0]], strategies=[[1.0, 0.0]],
    ...                     outcomes=[[1.0]], attributes=np.zeros((1, 0)))
    >>> p.count, p.payoffs.shape
    (1, (1, 1))
    """

    labels: tuple[str, ...]
    supports: tuple[str, ...]
    payoffs: np.ndarray
    strategies: np.ndarray
    outcomes: np.ndarray
    attributes: np.ndarray
    degenerate: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "labels", tuple(self.labels))
        object.__setattr__(self, "supports", tuple(self.supports))
        count = len(self.labels)
        if len(self.supports) != count:
            raise ValueError("one support per label")
        for name in ("payoffs", "strategies", "outcomes", "attributes"):
            array = _frozen(getattr(self, name), float, None, name)
            if count == 0 and array.size == 0:
                array = _frozen(np.zeros((0, array.shape[-1] if array.ndim == 2 else 0)), float)
            if array.ndim != 2 or array.shape[0] != count:
                raise ValueError(f"{name}: one row per equilibrium ({count}), got shape {array.shape}")
            object.__setattr__(self, name, array)
        object.__setattr__(self, "degenerate", bool(self.degenerate))

    @property
    def count(self) -> int:
        return len(self.labels)


@dataclass(frozen=True, slots=True, kw_only=True)
class SweepResult:
    """A scenario solved at every point of a 1-D or 2-D parameter grid: every equilibrium at every point.

    Attributes
    ----------
    scenario_id, title : str
        The scenario's id and title.
    axes : tuple of SweepAxis
        One or two axes; the grid's shape is ``tuple(len(a) for a in axes)``.
    players : tuple of str
    strategy_columns : tuple of (player, information set, action)
        What each entry of a strategy vector is (:func:`berlinsim.model.identity.strategy_columns`);
        the information set is ``""`` in a matrix game.
    outcome_labels : tuple of str
        Outcome labels (outcomes sharing a label are added up).
    attribute_names : tuple of str
    num_equilibria : numpy.ndarray of int
        Grid-shaped: the number of equilibria found at each point.
    labels : tuple of str
        Every equilibrium label met on the grid (:mod:`berlinsim.model.identity`), sorted.
    label_index : numpy.ndarray of int
        Shape ``(*grid, width)``: ``labels[label_index[g, e]]`` is the label of equilibrium ``e`` at
        ``g``; -1 past ``num_equilibria[g]``. Labels at one point are distinct.
    supports : tuple of str
        Every support met on the grid, sorted.
    support_index : numpy.ndarray of int
        Shape ``(*grid, width)``, as :attr:`label_index`, into :attr:`supports`.
    regions : tuple of tuple of str
        The distinct sets of supports met on the grid, in order of first appearance (row-major);
        each lists its supports as the equilibria at its first point do (an empty tuple: no
        equilibrium found).
    region_index : numpy.ndarray of int
        Grid-shaped; ``regions[region_index[g]]`` are the supports of the equilibria at ``g``.
    equilibrium_payoffs : numpy.ndarray of float
        Shape ``(*grid, width, len(players))``: each equilibrium's expected payoffs.
    equilibrium_strategies : numpy.ndarray of float
        Shape ``(*grid, width, len(strategy_columns))``: each equilibrium's probability of every
        action (a matrix game: mixed strategies; a tree: behaviour at every information set,
        reached or not).
    equilibrium_outcomes : numpy.ndarray of float
        Shape ``(*grid, width, len(outcome_labels))``: each equilibrium's outcome distribution.
    equilibrium_attributes : numpy.ndarray of float
        Shape ``(*grid, width, len(attribute_names))``: each equilibrium's expected attributes.
    degenerate : numpy.ndarray of bool
        Grid-shaped: the game at that point is degenerate (ties; possibly a continuum of equilibria,
        of which the extreme ones are listed) for matrix games, or has ties in backward induction.
    batched : numpy.ndarray of bool, optional
        Grid-shaped: solved by a batched fast path (``False``: by the general solver at that point).
    variant : str or None
        The variant the fixed values come from.
    between : tuple of (str, str) or None
        The two variants interpolated when an axis is ``t``.
    fixed : tuple of (name, float)
        Every parameter not swept, with its value.
    method : str
        The solve method.
    notes : tuple of str
    """

    scenario_id: str
    title: str
    axes: tuple[SweepAxis, ...]
    players: tuple[str, ...]
    strategy_columns: tuple[tuple[str, str, str], ...]
    outcome_labels: tuple[str, ...]
    attribute_names: tuple[str, ...]
    num_equilibria: np.ndarray
    labels: tuple[str, ...]
    label_index: np.ndarray
    supports: tuple[str, ...]
    support_index: np.ndarray
    regions: tuple[tuple[str, ...], ...]
    region_index: np.ndarray
    equilibrium_payoffs: np.ndarray
    equilibrium_strategies: np.ndarray
    equilibrium_outcomes: np.ndarray
    equilibrium_attributes: np.ndarray
    degenerate: np.ndarray
    batched: np.ndarray | None = None
    variant: str | None = None
    between: tuple[str, str] | None = None
    fixed: tuple[tuple[str, float], ...] = ()
    method: str = ""
    notes: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        axes = tuple(self.axes)
        if not 1 <= len(axes) <= 2:
            raise ValueError(f"a sweep has 1 or 2 axes, got {len(axes)}")
        object.__setattr__(self, "axes", axes)
        shape = tuple(len(a) for a in axes)
        n = len(shape)
        object.__setattr__(self, "regions", tuple(tuple(r) for r in self.regions))
        for name in ("players", "outcome_labels", "attribute_names", "labels", "supports", "notes"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        object.__setattr__(self, "strategy_columns", tuple(tuple(c) for c in self.strategy_columns))
        object.__setattr__(self, "fixed", tuple((str(k), float(v)) for k, v in self.fixed))
        label_index = _frozen(self.label_index, int, n + 1, "label_index")
        width = label_index.shape[-1] if label_index.ndim == n + 1 else 0
        checks = {
            "region_index": (int, n, shape),
            "num_equilibria": (int, n, shape),
            "degenerate": (bool, n, shape),
            "label_index": (int, n + 1, shape + (width,)),
            "support_index": (int, n + 1, shape + (width,)),
            "equilibrium_payoffs": (float, n + 2, shape + (width, len(self.players))),
            "equilibrium_strategies": (float, n + 2, shape + (width, len(self.strategy_columns))),
            "equilibrium_outcomes": (float, n + 2, shape + (width, len(self.outcome_labels))),
            "equilibrium_attributes": (float, n + 2, shape + (width, len(self.attribute_names))),
        }
        if self.batched is not None:
            checks["batched"] = (bool, n, shape)
        for name, (dtype, ndim, expected) in checks.items():
            array = _frozen(getattr(self, name), dtype, ndim, name)
            if array.shape != expected:
                raise ValueError(f"{name}: shape {array.shape}, expected {expected}")
            object.__setattr__(self, name, array)
        present = np.arange(width) < self.num_equilibria[..., None]
        for name, names in (("label_index", self.labels), ("support_index", self.supports)):
            index = getattr(self, name)
            if ((index >= 0) != present).any() or (index.size and index.max() >= len(names)):
                raise ValueError(f"{name}: an index for every equilibrium found (and only for those), into {name[:-6]}s")
        if self.region_index.size and (self.region_index.min() < 0 or self.region_index.max() >= len(self.regions)):
            raise ValueError("region_index: an index outside regions")

    @classmethod
    def from_points(cls, *, axes: Any, players: Any, strategy_columns: Any, points: Any, outcome_labels: Any = (),
                    attribute_names: Any = (), **fields: Any) -> SweepResult:
        """A sweep from the :class:`PointEquilibria` of every grid point (row-major): the indices, the
        regions and the padded arrays made from them. ``fields``: the other attributes (``scenario_id``,
        ``title``, ``method``, ...).

        >>> p = lambda label: PointEquilibria(labels=(label,), supports=(label,), payoffs=[[0.0]],
        ...                                   strategies=[[1.0]], outcomes=np.zeros((1, 0)), attributes=np.zeros((1, 0)))
        >>> r = SweepResult.from_points(scenario_id="s", title="S", axes=(SweepAxis(name="p", values=[0, 1, 2]),),
        ...     players=("A",), strategy_columns=(("A", "", "x"),), points=[p("A: x"), p("A: x"), p("B")])
        >>> r.region_index.tolist(), r.regions
        ([0, 0, 1], (('A: x',), ('B',)))
        """
        axes = tuple(axes)
        shape = tuple(len(a) for a in axes)
        points = list(points)
        if len(points) != int(np.prod(shape)):
            raise ValueError(f"{len(points)} points for a grid of shape {shape}")
        width = max([1] + [p.count for p in points])
        labels = sorted({t for p in points for t in p.labels})
        supports = sorted({t for p in points for t in p.supports})
        label_of, support_of = {t: k for k, t in enumerate(labels)}, {t: k for k, t in enumerate(supports)}
        label_index = np.full((len(points), width), -1)
        support_index = np.full((len(points), width), -1)
        arrays = {name: np.full((len(points), width, n), np.nan) for name, n in (
            ("payoffs", len(players)), ("strategies", len(strategy_columns)), ("outcomes", len(outcome_labels)),
            ("attributes", len(attribute_names)))}
        region_of: dict[frozenset[str], int] = {}
        regions, region_index = [], []
        for g, p in enumerate(points):
            label_index[g, : p.count] = [label_of[t] for t in p.labels]
            support_index[g, : p.count] = [support_of[t] for t in p.supports]
            for name, array in arrays.items():
                array[g, : p.count] = getattr(p, name)
            key = frozenset(p.supports)
            if key not in region_of:
                region_of[key] = len(regions)
                regions.append(tuple(dict.fromkeys(p.supports)))
            region_index.append(region_of[key])

        def grid(array: np.ndarray) -> np.ndarray:
            return array.reshape(*shape, *array.shape[1:])

        return cls(axes=axes, players=players, strategy_columns=strategy_columns, outcome_labels=outcome_labels,
                   attribute_names=attribute_names, num_equilibria=grid(np.array([p.count for p in points])),
                   labels=tuple(labels), label_index=grid(label_index), supports=tuple(supports),
                   support_index=grid(support_index), regions=tuple(regions), region_index=grid(np.array(region_index)),
                   equilibrium_payoffs=grid(arrays["payoffs"]), equilibrium_strategies=grid(arrays["strategies"]),
                   equilibrium_outcomes=grid(arrays["outcomes"]), equilibrium_attributes=grid(arrays["attributes"]),
                   degenerate=grid(np.array([p.degenerate for p in points], dtype=bool)), **fields)

    @property
    def shape(self) -> tuple[int, ...]:
        """The grid's shape."""
        return tuple(len(a) for a in self.axes)

    @property
    def axis_names(self) -> tuple[str, ...]:
        return tuple(a.name for a in self.axes)

    @property
    def width(self) -> int:
        """The length of the equilibrium dimension (the most equilibria at one point, at least 1)."""
        return int(self.label_index.shape[-1])

    @property
    def is_tree(self) -> bool:
        """Whether the game is a tree (its strategy columns name information sets)."""
        return any(infoset for _, infoset, _ in self.strategy_columns)

    def labels_at(self, index: int | tuple[int, ...]) -> tuple[str, ...]:
        """The labels of the equilibria at a grid index, in canonical order."""
        return tuple(self.labels[int(k)] for k in self.label_index[index] if k >= 0)

    def supports_at(self, index: int | tuple[int, ...]) -> tuple[str, ...]:
        """The supports of the equilibria at a grid index, in canonical order (one per equilibrium)."""
        return tuple(self.supports[int(k)] for k in self.support_index[index] if k >= 0)

    def point_at(self, index: int | tuple[int, ...]) -> PointEquilibria:
        """Every equilibrium at a grid index, in canonical order (the inverse of :meth:`from_points`)."""
        count = int(self.num_equilibria[index])
        return PointEquilibria(labels=self.labels_at(index), supports=self.supports_at(index),
                               payoffs=self.equilibrium_payoffs[index][:count],
                               strategies=self.equilibrium_strategies[index][:count],
                               outcomes=self.equilibrium_outcomes[index][:count],
                               attributes=self.equilibrium_attributes[index][:count],
                               degenerate=bool(self.degenerate[index]))

    def region_at(self, index: int | tuple[int, ...]) -> tuple[str, ...]:
        """The region (its supports) at a grid index."""
        return self.regions[int(self.region_index[index])]

    def region_name(self, region: int) -> str:
        """A region in words: its supports joined by ``" | "`` (:data:`NO_EQUILIBRIUM` when empty)."""
        return " | ".join(self.regions[region]) or NO_EQUILIBRIUM

    def runs(self) -> tuple[tuple[int, int, int], ...]:
        """For a 1-D sweep: the runs of one region along the axis, ``(region, first index, last index)``."""
        if len(self.axes) != 1:
            raise ValueError("runs() is for 1-D sweeps; a 2-D sweep has region cells")
        index = self.region_index.tolist()
        out: list[tuple[int, int, int]] = []
        start = 0
        for k in range(1, len(index) + 1):
            if k == len(index) or index[k] != index[start]:
                out.append((int(index[start]), start, k - 1))
                start = k
        return tuple(out)

    def region_intervals(self, region: int) -> tuple[tuple[float, float], ...]:
        """For a 1-D sweep: where ``region`` holds, as ``(first, last)`` grid values of each run of it.

        The region changes between the ``last`` of one run and the ``first`` of the next grid point.
        """
        values = self.axes[0].values
        return tuple((float(values[a]), float(values[b])) for r, a, b in self.runs() if r == region)

    def region_cells(self, region: int) -> np.ndarray:
        """The grid indices where ``region`` holds, row-major: shape ``(points, number of axes)``."""
        return np.argwhere(self.region_index == region)
