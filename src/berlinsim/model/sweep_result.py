"""What a sweep returns: value objects of the axes and of everything solved at every grid point.

This module holds the values only; the computation that fills them is
:func:`berlinsim.analysis.sweep.sweep`.

A *sweep* solves a scenario at every point of a grid of one or two parameters (or of the
position ``t`` between two variants). :class:`SweepResult` keeps, per grid point, the
*equilibrium set* (as an index into :attr:`SweepResult.regions`; a region is the sorted tuple
of the equilibria's labels, so points with the same set share a region), how many equilibria
there are, the payoffs of each, and -- for one *representative* equilibrium (the first one the
solver lists) -- its strategies, outcome distribution and expected outcome attributes. That is
all a 1-D sweep plot (probabilities and attributes against the parameter, regions shaded) or a
2-D region map needs: nothing is solved again to draw it.

Arrays are indexed grid-first: ``result.region_index[i]`` (1-D) or ``[i, j]`` (2-D, ``i`` along
the first axis). Every array is a read-only numpy array.

Examples
--------
>>> import numpy as np
>>> axis = SweepAxis(name="p", values=[0.0, 0.5, 1.0])
>>> r = SweepResult(scenario_id="toy", title="A toy", axes=(axis,), players=("A", "B"),
...     regions=(("A: x; B: y",), ("A: x; B: y", "A: z; B: w")),
...     region_index=[0, 1, 0], num_equilibria=[1, 2, 1],
...     equilibrium_payoffs=np.zeros((3, 2, 2)),
...     strategy_columns=(("A", "", "x"), ("A", "", "z"), ("B", "", "y"), ("B", "", "w")),
...     strategies=np.tile([1.0, 0.0, 1.0, 0.0], (3, 1)),
...     outcome_labels=("x / y",), outcome_probabilities=np.ones((3, 1)),
...     attribute_names=(), expected_attributes=np.zeros((3, 0)), degenerate=[False, True, False])
>>> r.shape, r.region_at(1)
((3,), ('A: x; B: y', 'A: z; B: w'))
>>> [(labels, lo, hi) for labels, lo, hi in r.intervals()]
[(('A: x; B: y',), 0.0, 0.0), (('A: x; B: y', 'A: z; B: w'), 0.5, 0.5), (('A: x; B: y',), 1.0, 1.0)]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

__all__ = ["SweepAxis", "SweepResult", "equilibrium_label"]


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
class SweepResult:
    """A scenario solved at every point of a 1-D or 2-D parameter grid.

    Attributes
    ----------
    scenario_id, title : str
        The scenario's id and title.
    axes : tuple of SweepAxis
        One or two axes; the grid's shape is ``tuple(len(a) for a in axes)``.
    players : tuple of str
    regions : tuple of tuple of str
        The distinct equilibrium sets met on the grid, in order of first appearance (row-major);
        each a sorted tuple of equilibrium labels (:func:`equilibrium_label`).
    region_index : numpy.ndarray of int
        Grid-shaped; ``regions[region_index[g]]`` is the equilibrium set at ``g``.
    num_equilibria : numpy.ndarray of int
        Grid-shaped number of equilibria found at each point.
    equilibrium_payoffs : numpy.ndarray of float
        Shape ``(*grid, max_equilibria, num_players)``; entries past ``num_equilibria[g]`` are NaN.
    strategy_columns : tuple of (player, information set, action)
        What each column of :attr:`strategies` is; the information set is ``""`` for a matrix game.
    strategies : numpy.ndarray of float
        Shape ``(*grid, len(strategy_columns))``: the representative equilibrium's probability
        of each action (a matrix game: mixed strategies; a tree: behaviour at each information set).
    outcome_labels : tuple of str
        Outcome labels (outcomes sharing a label are added up).
    outcome_probabilities : numpy.ndarray of float
        Shape ``(*grid, len(outcome_labels))``, for the representative equilibrium.
    attribute_names : tuple of str
    expected_attributes : numpy.ndarray of float
        Shape ``(*grid, len(attribute_names))``, for the representative equilibrium.
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
    regions: tuple[tuple[str, ...], ...]
    region_index: np.ndarray
    num_equilibria: np.ndarray
    equilibrium_payoffs: np.ndarray
    strategy_columns: tuple[tuple[str, str, str], ...]
    strategies: np.ndarray
    outcome_labels: tuple[str, ...]
    outcome_probabilities: np.ndarray
    attribute_names: tuple[str, ...]
    expected_attributes: np.ndarray
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
        regions = tuple(tuple(r) for r in self.regions)
        object.__setattr__(self, "regions", regions)
        for name in ("players", "outcome_labels", "attribute_names", "notes"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        object.__setattr__(self, "strategy_columns", tuple(tuple(c) for c in self.strategy_columns))
        object.__setattr__(self, "fixed", tuple((str(k), float(v)) for k, v in self.fixed))
        checks = {
            "region_index": (int, n, shape),
            "num_equilibria": (int, n, shape),
            "degenerate": (bool, n, shape),
            "equilibrium_payoffs": (float, n + 2, shape),
            "strategies": (float, n + 1, shape + (len(self.strategy_columns),)),
            "outcome_probabilities": (float, n + 1, shape + (len(self.outcome_labels),)),
            "expected_attributes": (float, n + 1, shape + (len(self.attribute_names),)),
        }
        if self.batched is not None:
            checks["batched"] = (bool, n, shape)
        for name, (dtype, ndim, prefix) in checks.items():
            array = _frozen(getattr(self, name), dtype, ndim, name)
            if array.shape[: len(prefix)] != prefix:
                raise ValueError(f"{name}: shape {array.shape} does not start with {prefix}")
            object.__setattr__(self, name, array)
        if self.equilibrium_payoffs.shape[-1] != len(self.players):
            raise ValueError("equilibrium_payoffs: last dimension must be the number of players")
        if self.region_index.size and (self.region_index.min() < 0 or self.region_index.max() >= len(regions)):
            raise ValueError("region_index: an index outside regions")

    @property
    def shape(self) -> tuple[int, ...]:
        """The grid's shape."""
        return tuple(len(a) for a in self.axes)

    @property
    def axis_names(self) -> tuple[str, ...]:
        return tuple(a.name for a in self.axes)

    def region_at(self, index: int | tuple[int, ...]) -> tuple[str, ...]:
        """The equilibrium set (labels) at a grid index."""
        return self.regions[int(self.region_index[index])]

    def intervals(self) -> tuple[tuple[tuple[str, ...], float, float], ...]:
        """For a 1-D sweep: the runs of equal equilibrium sets along the axis, ``(labels, first, last)``.

        ``first`` and ``last`` are the first and last grid values of the run; the switch lies
        between the ``last`` of one run and the ``first`` of the next.
        """
        if len(self.axes) != 1:
            raise ValueError("intervals() is for 1-D sweeps; a 2-D sweep has a region map")
        values, index = self.axes[0].values, self.region_index
        runs: list[tuple[tuple[str, ...], float, float]] = []
        start = 0
        for k in range(1, len(index) + 1):
            if k == len(index) or index[k] != index[start]:
                runs.append((self.regions[int(index[start])], float(values[start]), float(values[k - 1])))
                start = k
        return tuple(runs)


def _number(p: float, digits: int) -> str:
    text = f"{p:.{digits}f}".rstrip("0").rstrip(".")
    return text if text not in ("-0", "") else "0"


def equilibrium_label(players: tuple[str, ...], columns: tuple[tuple[str, str, str], ...],
                      probabilities: Any, *, digits: int = 3, tol: float = 1e-9) -> str:
    """A short label of a strategy profile in the scenario's words.

    Pure choices are named (``"US: K; UK: S"``); a mixed choice lists the actions it uses with
    rounded probabilities (``"US: S 0.333, P 0.667"``). For a tree, a player's choices at their
    information sets (those in ``columns``, in order) are joined by ``" / "``, or named once when
    they are all the same (``"USSR: accept / reject"``: one type accepts, the other rejects).

    >>> cols = (("US", "", "K"), ("US", "", "S"), ("UK", "", "F"), ("UK", "", "S"))
    >>> equilibrium_label(("US", "UK"), cols, [1, 0, 0, 1])
    'US: K; UK: S'
    >>> equilibrium_label(("US", "UK"), cols, [1/3, 2/3, 0, 1])
    'US: K 0.333, S 0.667; UK: S'
    """
    probs = np.asarray(probabilities, dtype=float)
    groups: dict[tuple[str, str], list[tuple[str, float]]] = {}
    for (player, infoset, action), p in zip(columns, probs):
        groups.setdefault((player, infoset), []).append((action, float(p)))
    texts: dict[str, list[str]] = {}
    for (player, _), actions in groups.items():
        used = [(a, p) for a, p in actions if p > tol]
        text = used[0][0] if len(used) == 1 else " ".join(f"{a} {_number(p, digits)}," for a, p in used)[:-1]
        texts.setdefault(player, []).append(text)
    return join_choices(players, texts)


def join_choices(players: tuple[str, ...], texts: dict[str, list[str]]) -> str:
    """``"A: x; B: y / z"``: each player's choices at their information sets, in player order.

    Choices that are all the same are named once; a player without choices is left out.

    >>> join_choices(("A", "B", "C"), {"B": ["y", "z"], "A": ["x", "x"]})
    'A: x; B: y / z'
    """
    parts = []
    for player in players:
        if player in texts:
            shown = texts[player] if len(set(texts[player])) > 1 else texts[player][:1]
            parts.append(f"{player}: {' / '.join(shown)}")
    return "; ".join(parts)
