"""Scenarios: a policy choice from the memo stated as a game, as immutable value objects.

A :class:`Scenario` is what a scenario file (``scenarios/*.yaml``, see
``docs/scenario-format.md``) says once it has been read and checked by
:func:`berlinsim.io.scenario_yaml.load_scenario`: metadata, named *parameters* (every number
a seminar may move), outcome *attributes* (what an outcome is: settled, war, framing, ...),
*definitions* (derived quantities), the *players* with their payoff formulas, the *game*
(a :class:`MatrixSpec` of simultaneous moves or a :class:`ScenarioTree` of sequential
moves), named *variants* (parameter presets over the same game) and the *key sweeps* it
declares (:class:`KeySweep`: what the figure gallery draws and the report's sliders move).
Formulas are expression
trees of :mod:`berlinsim.model.expression`; nothing here parses text. The numbers are
turned into a game by :func:`berlinsim.scenarios.build.build_game`.

Labels are kept as written; players, actions and cells refer to each other by 0-based
index (the conversion happens once, in the loader). Numbers are exact
(:class:`~fractions.Fraction`) when written exactly, which the loader always does for
decimals; a range bound may be infinite (a float).

Examples
--------
>>> from berlinsim.model.expression import Name
>>> p = Parameter(name="p", default=Fraction(1, 5), low=Fraction(0), high=Fraction(1))
>>> p.contains(Fraction(1, 2)), p.contains(2)
(True, False)
>>> game = MatrixSpec(actions=((Action(label="C"), Action(label="D")),),
...                   cells=(Cell(actions=(0,)), Cell(actions=(1,))))
>>> s = Scenario(path="s.yaml", id="solo", title="One player", parameters=(p,),
...              players=(PlayerSpec(name="A", payoff=Name(name="p")),), game=game, method="auto")
>>> s.kind, s.player_names, s.shape, s.defaults()
('matrix', ('A',), (2,), {'p': Fraction(1, 5)})
"""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Union

from berlinsim.errors import BerlinsimError
from berlinsim.model.expression import Expr
from berlinsim.model.claim import ClaimSet

Value = Union[Fraction, float]
"""A number of a scenario: exact when written exactly, a float otherwise (e.g. an infinite bound)."""

INF = math.inf

__all__ = [
    "Action", "Attribute", "Cell", "ChanceNode", "DecisionNode", "KeySweep", "MatrixSpec", "OutcomeNode",
    "Parameter", "PlayerSpec", "SWEEP_USES", "Scenario", "ScenarioTree", "SweepRange", "TreeNode", "Value",
    "Variant", "suggest",
]


def suggest(name: str, known: tuple[str, ...] | list[str]) -> str:
    """A did-you-mean hint for ``name`` among ``known`` ('' when nothing is close).

    >>> suggest("p_reasonabel", ["p_reasonable", "v_settle"])
    "; did you mean 'p_reasonable'?"
    >>> suggest("zzz", ["p_reasonable"])
    ''
    """
    folded = [k for k in known if k.lower() == name.lower()]
    close = folded or difflib.get_close_matches(name, list(known), n=1)
    return f"; did you mean '{close[0]}'?" if close else ""


def _unknown(kind: str, name: str, known: tuple[str, ...]) -> BerlinsimError:
    hint = suggest(name, known)
    if not hint:
        hint = f" (known: {', '.join(known)})" if known else f" (this scenario has no {kind}s)"
    return BerlinsimError(f"unknown {kind} '{name}'{hint}")


@dataclass(frozen=True, slots=True, kw_only=True)
class Parameter:
    """A named number of the scenario, with its default and inclusive range ``[low, high]``."""

    name: str
    default: Value
    low: Value = -INF
    high: Value = INF
    description: str = ""
    unit: str = ""

    def __post_init__(self) -> None:
        if not self.low <= self.default <= self.high:
            raise ValueError(f"parameter {self.name!r}: default {self.default} outside [{self.low}, {self.high}]")

    def contains(self, value: Value) -> bool:
        """Whether ``value`` lies in the parameter's range."""
        return bool(self.low <= value <= self.high)


@dataclass(frozen=True, slots=True, kw_only=True)
class Attribute:
    """A number describing an outcome (``settled``, ``war``, ``framing``, ...); ``default`` where not given."""

    name: str
    description: str = ""
    default: Value = Fraction(0)
    low: Value = -INF
    high: Value = INF


@dataclass(frozen=True, slots=True, kw_only=True)
class PlayerSpec:
    """A player: name, description and payoff formula (None when every outcome gives it directly)."""

    name: str
    description: str = ""
    payoff: Expr | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Action:
    """An action (or chance outcome) label with the scenario's own words for it."""

    label: str
    description: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Cell:
    """One profile of a matrix: action indices (one per player), attribute formulas, direct payoffs.

    ``payoffs`` pairs a 0-based player index with a formula that replaces that player's
    payoff formula in this cell.
    """

    actions: tuple[int, ...]
    attributes: tuple[tuple[str, Expr], ...] = ()
    payoffs: tuple[tuple[int, Expr], ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class MatrixSpec:
    """Simultaneous moves: each player's actions and one :class:`Cell` per profile, in row-major order."""

    actions: tuple[tuple[Action, ...], ...]
    cells: tuple[Cell, ...]

    def __post_init__(self) -> None:
        expected = math.prod(len(a) for a in self.actions)
        if len(self.cells) != expected:
            raise ValueError(f"a matrix of shape {self.shape} needs {expected} cells, got {len(self.cells)}")
        for k, cell in enumerate(self.cells):
            if cell.actions != _unravel(k, self.shape):
                raise ValueError(f"cell {k} is {cell.actions}, expected {_unravel(k, self.shape)} (row-major order)")

    @property
    def shape(self) -> tuple[int, ...]:
        """Number of actions of each player."""
        return tuple(len(a) for a in self.actions)

    @property
    def action_labels(self) -> tuple[tuple[str, ...], ...]:
        return tuple(tuple(a.label for a in acts) for acts in self.actions)


def _unravel(k: int, shape: tuple[int, ...]) -> tuple[int, ...]:
    out = []
    for n in reversed(shape):
        k, r = divmod(k, n)
        out.append(r)
    return tuple(reversed(out))


@dataclass(frozen=True, slots=True, kw_only=True)
class DecisionNode:
    """A player moves: ``actions`` pairs each :class:`Action` with the id of the next node.

    Nodes of one player with the same ``infoset`` label form an information set;
    ``infoset=None`` is a singleton.
    """

    id: str
    player: int
    actions: tuple[tuple[Action, str], ...]
    infoset: str | None = None
    label: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class ChanceNode:
    """Nature draws: ``outcomes`` are ``(label, probability formula, next node id)``."""

    id: str
    outcomes: tuple[tuple[str, Expr, str], ...]
    label: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class OutcomeNode:
    """A terminal node: attribute formulas and direct payoffs (``(player index, formula)``)."""

    id: str
    label: str = ""
    attributes: tuple[tuple[str, Expr], ...] = ()
    payoffs: tuple[tuple[int, Expr], ...] = ()


TreeNode = Union[DecisionNode, ChanceNode, OutcomeNode]


@dataclass(frozen=True, slots=True, kw_only=True)
class ScenarioTree:
    """Sequential moves: the nodes (in file order) and the id of the root."""

    root: str
    nodes: tuple[TreeNode, ...]
    _index: dict[str, int] = field(init=False, repr=False, compare=False, default_factory=dict)

    def __post_init__(self) -> None:
        index = {node.id: k for k, node in enumerate(self.nodes)}
        if len(index) != len(self.nodes):
            raise ValueError("node ids must be unique")
        if self.root not in index:
            raise ValueError(f"the root {self.root!r} is not a node")
        object.__setattr__(self, "_index", index)

    def node(self, node_id: str) -> TreeNode:
        """The node with id ``node_id``.

        >>> t = ScenarioTree(root="end", nodes=(OutcomeNode(id="end"),))
        >>> t.node("end").id
        'end'
        """
        try:
            return self.nodes[self._index[node_id]]
        except KeyError:
            raise _unknown("node", node_id, tuple(self._index)) from None

    def successors(self, node_id: str) -> tuple[str, ...]:
        """The ids of the nodes that ``node_id`` leads to, in order."""
        node = self.node(node_id)
        if isinstance(node, DecisionNode):
            return tuple(nxt for _, nxt in node.actions)
        if isinstance(node, ChanceNode):
            return tuple(nxt for _, _, nxt in node.outcomes)
        return ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Variant:
    """A named preset: parameter ``values``, or ``between=(from, to, t)``: the point t of the way from one to another."""

    name: str
    description: str = ""
    values: tuple[tuple[str, Value], ...] = ()
    between: tuple[str, str, Value] | None = None

    def __post_init__(self) -> None:
        if self.between is not None and self.values:
            raise ValueError(f"variant {self.name!r} gives both values and 'between'")


#: What a declared sweep is for: ``figures`` (the gallery, ``berlinsim figures``) and ``report``
#: (the sliders of ``berlinsim report``).
SWEEP_USES = ("figures", "report")


@dataclass(frozen=True, slots=True, kw_only=True)
class SweepRange:
    """One axis of a declared sweep: ``parameter`` (or ``t``) from ``start`` to ``stop`` in ``points`` values.

    >>> SweepRange(parameter="p", start=Fraction(0), stop=Fraction(1), points=5).values()[1]
    Fraction(1, 4)
    """

    parameter: str
    start: Fraction
    stop: Fraction
    points: int

    def __post_init__(self) -> None:
        if not self.start < self.stop or self.points < 2:
            raise ValueError(f"sweep of {self.parameter!r}: expected start < stop and at least 2 points")

    def values(self, points: int | None = None) -> tuple[Fraction, ...]:
        """The exact grid, of ``points`` values (default: the declared number)."""
        n = points or self.points
        return tuple(self.start + (self.stop - self.start) * Fraction(k, n - 1) for k in range(n))


@dataclass(frozen=True, slots=True, kw_only=True)
class KeySweep:
    """A sweep the scenario declares (``sweeps:`` in the file, see docs/scenario-format.md).

    Attributes
    ----------
    name : str
        Its figure's name after the file stem (``sweep_c_commit``: ``06_two_dangers_sweep_c_commit.png``).
    axes : tuple of SweepRange
        One axis (a curve figure) or two (a region map).
    between : (str, str) or None
        The two variants an axis ``t`` moves between.
    caption : str
        What the figure shows (the gallery's index).
    paragraphs : tuple of int
        The memo paragraphs it illustrates (empty: the scenario's).
    y : tuple of str
        The quantities drawn (as ``sweep --y``; empty: the default ones).
    equilibria : str
        ``band`` or ``lines`` (as ``sweep --equilibria``).
    regions : tuple of (str, str)
        Region label (the actions used, as ``sweep`` prints them) -> a short name.
    uses : tuple of str
        Some of :data:`SWEEP_USES`.
    """

    name: str
    axes: tuple[SweepRange, ...]
    between: tuple[str, str] | None = None
    caption: str = ""
    paragraphs: tuple[int, ...] = ()
    y: tuple[str, ...] = ()
    equilibria: str = "band"
    regions: tuple[tuple[str, str], ...] = ()
    uses: tuple[str, ...] = SWEEP_USES

    def __post_init__(self) -> None:
        if not 1 <= len(self.axes) <= 2:
            raise ValueError(f"sweep {self.name!r}: one or two axes, got {len(self.axes)}")
        if set(self.uses) - set(SWEEP_USES):
            raise ValueError(f"sweep {self.name!r}: uses must be among {', '.join(SWEEP_USES)}")

    @property
    def parameters(self) -> tuple[str, ...]:
        return tuple(a.parameter for a in self.axes)


@dataclass(frozen=True, slots=True, kw_only=True)
class Scenario:
    """A scenario file, read and checked (see the module docstring and docs/scenario-format.md)."""

    path: str
    id: str
    title: str
    summary: str = ""
    document: str = ""
    paragraphs: tuple[int, ...] = ()
    references: tuple[str, ...] = ()
    teaching_note: str = ""
    parameters: tuple[Parameter, ...] = ()
    attributes: tuple[Attribute, ...] = ()
    definitions: tuple[tuple[str, Expr], ...] = ()
    players: tuple[PlayerSpec, ...]
    game: MatrixSpec | ScenarioTree
    variants: tuple[Variant, ...] = ()
    method: str = "auto"
    sweeps: tuple[KeySweep, ...] = ()
    claims: ClaimSet = ClaimSet()

    @property
    def kind(self) -> str:
        """``"matrix"`` or ``"tree"``."""
        return "matrix" if isinstance(self.game, MatrixSpec) else "tree"

    @property
    def player_names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.players)

    @property
    def parameter_names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.parameters)

    @property
    def attribute_names(self) -> tuple[str, ...]:
        return tuple(a.name for a in self.attributes)

    @property
    def variant_names(self) -> tuple[str, ...]:
        return tuple(v.name for v in self.variants)

    @property
    def shape(self) -> tuple[int, ...] | None:
        """The matrix shape (None for a tree)."""
        return self.game.shape if isinstance(self.game, MatrixSpec) else None

    def parameter(self, name: str) -> Parameter:
        """The parameter ``name``; :class:`BerlinsimError` with a did-you-mean hint if unknown."""
        for p in self.parameters:
            if p.name == name:
                return p
        raise _unknown("parameter", name, self.parameter_names)

    def attribute(self, name: str) -> Attribute:
        """The attribute ``name``; :class:`BerlinsimError` with a did-you-mean hint if unknown."""
        for a in self.attributes:
            if a.name == name:
                return a
        raise _unknown("attribute", name, self.attribute_names)

    def variant(self, name: str) -> Variant:
        """The variant ``name``; :class:`BerlinsimError` with a did-you-mean hint if unknown."""
        for v in self.variants:
            if v.name == name:
                return v
        raise _unknown("variant", name, self.variant_names)

    def key_sweeps(self, use: str) -> tuple[KeySweep, ...]:
        """The declared sweeps for ``use`` (one of :data:`SWEEP_USES`), in file order."""
        return tuple(s for s in self.sweeps if use in s.uses)

    def defaults(self) -> dict[str, Value]:
        """Parameter name -> default value, in declaration order."""
        return {p.name: p.default for p in self.parameters}
