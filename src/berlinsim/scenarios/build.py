"""The game a scenario describes, at given parameter values.

:func:`build_game` evaluates the scenario's formulas in order -- definitions (file order),
then each outcome's attributes (declared defaults where an outcome gives none), then each
player's payoff (the outcome's direct payoff where given, else the player's formula over
parameters, definitions and the outcome's attributes) -- and assembles a
:class:`~berlinsim.model.normal_form.NormalFormGame` (a matrix; player and action labels
from the file) or an :class:`~berlinsim.model.extensive.ExtensiveGame` (a tree; information
sets by (player, infoset label), node labels = node ids, terminal outcomes labelled and
carrying their attributes). Arithmetic is exact (:class:`~fractions.Fraction`) while every
number involved is; a formula that loses exactness (``exp``, ``log``, an irrational
``sqrt``) makes that value a float, and the game is then built in floats.

Examples
--------
>>> from berlinsim.io.scenario_yaml import parse_scenario
>>> s = parse_scenario('''
... berlinsim: 1
... id: entry
... title: Entry deterrence
... source: {document: memo, paragraphs: [4]}
... parameters:
...   p_tough: {default: 1/4, range: [0, 1]}
... attributes:
...   war: {range: [0, 1]}
... players:
...   Entrant: {payoff: -5 * war}
...   Incumbent: {payoff: 2 - 4 * war}
... game:
...   type: tree
...   root: type
...   nodes:
...     type:
...       chance:
...         tough: {p: p_tough, next: fight}
...         weak: {p: 1 - p_tough, next: enter}
...     fight: {outcome: {label: war, attributes: {war: 1}}}
...     enter:
...       player: Entrant
...       actions: {in: peace, out: stay_out}
...     peace: {outcome: {payoffs: {Entrant: 1}}}
...     stay_out: {outcome: {label: nothing happens}}
... ''', path="entry.yaml")
>>> built = build_game(s)
>>> built.outcome_labels, built.exact, built.game.exact_move_prob[1]
(('war', 'peace', 'nothing happens'), True, Fraction(1, 4))
>>> built.game.exact_payoffs.tolist()
[[Fraction(-5, 1), Fraction(-2, 1)], [Fraction(1, 1), Fraction(2, 1)], [Fraction(0, 1), Fraction(2, 1)]]
>>> built.outcome_attributes[:, 0].tolist()
[1.0, 0.0, 0.0]
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np

from berlinsim.errors import BerlinsimError, GameError, LocatedError
from berlinsim.model.expression import Expr, FormulaError, evaluate, evaluate_exact
from berlinsim.model.extensive import CHANCE, DECISION, TERMINAL, ExtensiveGame, NodeRecord
from berlinsim.model.normal_form import NormalFormGame
from berlinsim.model.scenario import (
    ChanceNode,
    MatrixSpec,
    OutcomeNode,
    Scenario,
    ScenarioTree,
    TreeNode,
    Value,
    suggest,
)
from berlinsim.scenarios.values import ParameterValues, resolve_values

MAX_OUTCOMES = 1_000_000
"""Largest number of matrix cells or tree nodes built."""

__all__ = ["MAX_OUTCOMES", "BuiltGame", "build_game", "evaluate_outcome_grid", "evaluate_payoff_grid"]


@dataclass(frozen=True, slots=True, kw_only=True)
class BuiltGame:
    """A scenario's game at given parameter values, with what each outcome *is*.

    Attributes
    ----------
    game : NormalFormGame or ExtensiveGame
    attribute_names : tuple of str
        The scenario's attributes, in declaration order.
    outcome_attributes : numpy.ndarray
        Float attribute values, shape ``(*game.shape, k)`` for a matrix and
        ``(game.num_terminals, k)`` for a tree (terminals in preorder), read-only.
    exact_attributes : numpy.ndarray or None
        The same as Fractions (object array) when every value is exact.
    outcome_labels : tuple of str
        Per terminal (trees: the outcome's label, else its node id) or per cell in row-major
        order (matrices: the action labels joined by ``" / "``).
    exact : bool
        Whether every payoff and chance probability is exact.
    values : ParameterValues
        The parameter values the game was built at.
    """

    game: NormalFormGame | ExtensiveGame
    attribute_names: tuple[str, ...]
    outcome_attributes: np.ndarray
    exact_attributes: np.ndarray | None
    outcome_labels: tuple[str, ...]
    exact: bool
    values: ParameterValues

    def __post_init__(self) -> None:
        for name in ("outcome_attributes", "exact_attributes"):
            array = getattr(self, name)
            if array is not None:
                array = np.array(array, dtype=float if name == "outcome_attributes" else object)
                array.setflags(write=False)
                object.__setattr__(self, name, array)


class _Evaluator:
    """Exact evaluation of a scenario's formulas at one set of parameter values."""

    def __init__(self, scenario: Scenario, values: ParameterValues) -> None:
        self.scenario = scenario
        missing = [p for p in scenario.parameter_names if p not in values.values]
        if missing:
            raise BerlinsimError(f"{scenario.path}: no value for the parameter(s) {', '.join(missing)}")
        self.env: dict[str, Value] = dict(values.values)
        for name, expr in scenario.definitions:
            self.env[name] = self.value(expr, self.env, f"definitions.{name}")
        self.defaults = {a.name: a.default for a in scenario.attributes}

    def value(self, expr: Expr, env: dict[str, Any], key: str) -> Value:
        try:
            result = evaluate_exact(expr, env)
        except FormulaError as error:
            shown = ", ".join(f"{n} = {v}" for n, v in self.env.items() if n in self.scenario.parameter_names)
            raise LocatedError(self.scenario.path, key, f"{error.message} (parameters: {shown})") from None
        if isinstance(result, bool):  # pragma: no cover - the loader refuses conditions as values
            raise LocatedError(self.scenario.path, key, "a condition where a number is needed")
        return result

    def outcome(self, attributes: tuple[tuple[str, Expr], ...], payoffs: tuple[tuple[int, Expr], ...],
                key: str) -> tuple[dict[str, Value], list[Value]]:
        """Attribute values (every declared attribute) and one payoff per player."""
        values = dict(self.defaults)
        for name, expr in attributes:
            values[name] = self.value(expr, self.env, f"{key}.attributes.{name}")
        env = {**self.env, **values}
        direct = dict(payoffs)
        result = []
        for index, player in enumerate(self.scenario.players):
            expr = direct.get(index, player.payoff)
            if expr is None:  # pragma: no cover - the loader requires a payoff for every player
                raise LocatedError(self.scenario.path, key, f"no payoff for player '{player.name}'")
            where = f"{key}.payoffs.{player.name}" if index in direct else f"players.{player.name}.payoff"
            result.append(self.value(expr, env, where))
        return values, result


def _attribute_arrays(rows: list[dict[str, Value]], names: tuple[str, ...],
                      shape: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray | None]:
    flat = [[row[n] for n in names] for row in rows]
    floats = np.array([[float(v) for v in row] for row in flat], dtype=float).reshape(*shape, len(names))
    if not all(isinstance(v, Fraction) for row in flat for v in row):
        return floats, None
    exact = np.empty((len(rows), len(names)), dtype=object)
    for i, row in enumerate(flat):
        exact[i, :] = row
    return floats, exact.reshape(*shape, len(names))


def _build_matrix(scenario: Scenario, spec: MatrixSpec, ev: _Evaluator) -> tuple[NormalFormGame, list, list]:
    shape = spec.shape
    payoffs = np.empty((len(scenario.players), len(spec.cells)), dtype=object)
    rows, labels = [], []
    for k, cell in enumerate(spec.cells):
        values, pay = ev.outcome(cell.attributes, cell.payoffs, f"game.cells[{k}]")
        rows.append(values)
        payoffs[:, k] = pay
        labels.append(" / ".join(spec.actions[i][a].label for i, a in enumerate(cell.actions)))
    game = NormalFormGame.from_payoffs(payoffs.reshape(len(scenario.players), *shape),
                                       players=scenario.player_names, actions=spec.action_labels,
                                       title=scenario.title)
    return game, rows, labels


def _walk(tree: ScenarioTree) -> Iterator[tuple[TreeNode, tuple[str, ...]]]:
    """The nodes in preorder, each with its action (outcome) labels in the order of the game.

    A decision node's actions follow the order of the first node of its information set met
    in preorder, so every member of an information set lists its actions alike.
    """
    orders: dict[str, tuple[str, ...]] = {}
    stack = [tree.root]
    while stack:
        node = tree.node(stack.pop())
        if isinstance(node, OutcomeNode):
            yield node, ()
        elif isinstance(node, ChanceNode):
            yield node, tuple(label for label, _, _ in node.outcomes)
            stack.extend(reversed([nxt for _, _, nxt in node.outcomes]))
        else:
            targets = {action.label: nxt for action, nxt in node.actions}
            order = orders.setdefault(node.infoset, tuple(targets)) if node.infoset is not None else tuple(targets)
            yield node, order
            stack.extend(reversed([targets[a] for a in order]))


def _build_tree(scenario: Scenario, ev: _Evaluator) -> tuple[ExtensiveGame, list, list]:
    numbers: dict[str, int] = {}  # infoset label -> number (per player: labels are not shared by players)
    count = [0] * len(scenario.players)
    records: list[NodeRecord] = []
    rows, labels = [], []
    chance_count = 0
    for node, order in _walk(scenario.game):
        key = f"game.nodes.{node.id}"
        if isinstance(node, OutcomeNode):
            values, pay = ev.outcome(node.attributes, node.payoffs, key + ".outcome")
            rows.append(values)
            labels.append(node.label or node.id)
            records.append(NodeRecord(kind=TERMINAL, label=node.id, payoffs=tuple(pay), outcome=node.label or node.id,
                                      attributes=tuple(values.items())))
        elif isinstance(node, ChanceNode):
            chance_count += 1
            probabilities = tuple(ev.value(p, ev.env, f"{key}.chance.{label}.p") for label, p, _ in node.outcomes)
            records.append(NodeRecord(kind=CHANCE, label=node.id, infoset=chance_count, infoset_label=node.label,
                                      actions=order, probabilities=probabilities))
        else:
            if node.infoset is None or node.infoset not in numbers:
                count[node.player] += 1
                if node.infoset is not None:
                    numbers[node.infoset] = count[node.player]
            number = numbers[node.infoset] if node.infoset is not None else count[node.player]
            records.append(NodeRecord(kind=DECISION, label=node.id, player=node.player, infoset=number,
                                      infoset_label=node.infoset or node.label or node.id, actions=order))
    game = ExtensiveGame.from_records(players=scenario.player_names, records=records, title=scenario.title)
    return game, rows, labels


def build_game(scenario: Scenario, values: ParameterValues | None = None) -> BuiltGame:
    """The game of ``scenario`` at ``values`` (default: the parameters' defaults).

    Raises
    ------
    BerlinsimError
        A formula cannot be evaluated at these values (division by zero, ...), the game is
        too large (more than :data:`MAX_OUTCOMES` cells or nodes) or malformed (e.g.
        probabilities that do not sum to 1 at these values).

    Examples
    --------
    Prisoner's dilemma with the temptation as a parameter:

    >>> from berlinsim.io.scenario_yaml import parse_scenario
    >>> from berlinsim.scenarios.values import resolve_values
    >>> s = parse_scenario('''
    ... berlinsim: 1
    ... id: pd
    ... title: Prisoner's dilemma
    ... source: {document: memo, paragraphs: [8]}
    ... parameters: {t: {default: 5, range: [3, 10]}}
    ... players: {A: {}, B: {}}
    ... game:
    ...   type: matrix
    ...   actions: {A: [C, D], B: [C, D]}
    ...   cells:
    ...     - {actions: [C, C], payoffs: {A: 3, B: 3}}
    ...     - {actions: [C, D], payoffs: {A: 0, B: t}}
    ...     - {actions: [D, C], payoffs: {A: t, B: 0}}
    ...     - {actions: [D, D], payoffs: {A: 1, B: 1}}
    ... ''')
    >>> built = build_game(s, resolve_values(s, overrides={"t": "7/2"}))
    >>> built.game.payoff_of(("D", "C")), built.outcome_labels[1], built.exact
    ((Fraction(7, 2), Fraction(0, 1)), 'C / D', True)
    """
    if values is None:
        values = resolve_values(scenario)
    size = math.prod(scenario.shape) if isinstance(scenario.game, MatrixSpec) else len(scenario.game.nodes)
    if size > MAX_OUTCOMES:
        raise BerlinsimError(f"{scenario.path}: the game is too large to build ({size} "
                             f"{'cells' if scenario.kind == 'matrix' else 'nodes'}, at most {MAX_OUTCOMES})")
    ev = _Evaluator(scenario, values)
    try:
        if isinstance(scenario.game, MatrixSpec):
            game, rows, labels = _build_matrix(scenario, scenario.game, ev)
            shape = game.shape
        else:
            game, rows, labels = _build_tree(scenario, ev)
            shape = (len(rows),)
    except GameError as error:
        raise BerlinsimError(f"{scenario.path}: the game cannot be built at these parameter values: {error}") from None
    floats, exact = _attribute_arrays(rows, scenario.attribute_names, shape)
    return BuiltGame(game=game, attribute_names=scenario.attribute_names, outcome_attributes=floats,
                     exact_attributes=exact, outcome_labels=tuple(labels), exact=bool(game.is_exact), values=values)


def _outcomes(scenario: Scenario) -> list[tuple[str, tuple[tuple[str, Expr], ...], tuple[tuple[int, Expr], ...]]]:
    """(key, attribute formulas, direct payoffs) per cell (row-major) or terminal (preorder)."""
    if isinstance(scenario.game, MatrixSpec):
        return [(f"game.cells[{k}]", c.attributes, c.payoffs) for k, c in enumerate(scenario.game.cells)]
    return [(f"game.nodes.{n.id}.outcome", n.attributes, n.payoffs)
            for n, _ in _walk(scenario.game) if isinstance(n, OutcomeNode)]


def evaluate_payoff_grid(scenario: Scenario, grid: Mapping[str, Any],
                         values: ParameterValues | None = None) -> np.ndarray:
    """Payoffs of every outcome over a whole grid of parameter values, in one vectorised pass (floats).

    Parameters
    ----------
    scenario : Scenario
    grid : mapping of str to array_like
        Values of some parameters; the arrays broadcast against each other to the grid's shape.
        Parameters not in ``grid`` keep their value in ``values``.
    values : ParameterValues, optional
        The other parameters' values (default: the defaults).

    Returns
    -------
    numpy.ndarray
        For a matrix, shape ``(*grid_shape, num_players, *game_shape)``: ``out[g]`` is the
        payoff tensor of the game at grid point ``g`` (the layout of
        :attr:`NormalFormGame.payoffs`). For a tree, shape ``(*grid_shape, num_terminals,
        num_players)`` with terminals in the preorder of :func:`build_game` (the layout of
        :attr:`ExtensiveGame.payoffs`). Chance probabilities are not included.

    Raises
    ------
    BerlinsimError
        An unknown parameter (with a did-you-mean hint), arrays that do not broadcast, or a
        formula that fails somewhere on the grid (division by zero, ...), naming the grid element.

    Examples
    --------
    >>> from berlinsim.io.scenario_yaml import parse_scenario
    >>> s = parse_scenario('''
    ... berlinsim: 1
    ... id: chicken
    ... title: Chicken
    ... source: {document: memo, paragraphs: [2]}
    ... parameters: {c_war: {default: 100, range: [1, 1000]}}
    ... attributes: {war: {range: [0, 1]}}
    ... players: {US: {payoff: -c_war * war}, USSR: {payoff: -c_war * war}}
    ... game:
    ...   type: matrix
    ...   actions: {US: [Yield, Firm], USSR: [Back, Press]}
    ...   cells:
    ...     - {actions: [Yield, Back], payoffs: {US: 0, USSR: 0}}
    ...     - {actions: [Yield, Press], payoffs: {US: -10, USSR: 10}}
    ...     - {actions: [Firm, Back], payoffs: {US: 10, USSR: -10}}
    ...     - {actions: [Firm, Press], attributes: {war: 1}}
    ... ''', path="chicken.yaml")
    >>> payoffs = evaluate_payoff_grid(s, {"c_war": [20, 50, 100]})
    >>> payoffs.shape, payoffs[:, 0, 1, 1].tolist()
    ((3, 2, 2, 2), [-20.0, -50.0, -100.0])
    """
    return evaluate_outcome_grid(scenario, grid, values)[0]


def evaluate_outcome_grid(scenario: Scenario, grid: Mapping[str, Any],
                          values: ParameterValues | None = None) -> tuple[np.ndarray, np.ndarray, tuple[np.ndarray, ...]]:
    """Payoffs, attributes and chance probabilities over a whole grid, in one vectorised pass (floats).

    The payoffs of :func:`evaluate_payoff_grid`, and in the same pass the outcomes' attribute values
    and, for a tree, each chance node's probabilities (what a batched solver needs besides the payoffs).

    Returns
    -------
    payoffs : numpy.ndarray
        As :func:`evaluate_payoff_grid`.
    attributes : numpy.ndarray
        Shape ``(*grid_shape, num_outcomes, num_attributes)``: cells in row-major order or
        terminals in preorder (the rows of :attr:`BuiltGame.outcome_attributes`).
    chance : tuple of numpy.ndarray
        For a tree, one array per chance node in preorder, shape ``(*grid_shape, num_outcomes)``
        (the node's outcome probabilities in the game's order); empty for a matrix.

    Examples
    --------
    >>> from berlinsim.io.scenario_yaml import parse_scenario
    >>> s = parse_scenario('''
    ... berlinsim: 1
    ... id: lottery
    ... title: Lottery
    ... source: {document: memo, paragraphs: [1]}
    ... parameters: {p: {default: 0.5, range: [0, 1]}}
    ... attributes: {war: {range: [0, 1]}}
    ... players: {A: {payoff: 1 - 2 * war}}
    ... game:
    ...   type: tree
    ...   root: n
    ...   nodes:
    ...     n: {chance: {bad: {p: p, next: w}, good: {p: 1 - p, next: c}}}
    ...     w: {outcome: {label: war, attributes: {war: 1}}}
    ...     c: {outcome: {label: calm}}
    ... ''', path="lottery.yaml")
    >>> payoffs, attributes, chance = evaluate_outcome_grid(s, {"p": [0.25, 1.0]})
    >>> payoffs[:, :, 0].tolist(), attributes[:, :, 0].tolist(), chance[0].tolist()
    ([[-1.0, 1.0], [-1.0, 1.0]], [[1.0, 0.0], [1.0, 0.0]], [[0.25, 0.75], [1.0, 0.0]])
    """
    base = values if values is not None else resolve_values(scenario)
    known = scenario.parameter_names
    for name in grid:
        if name not in known:
            hint = suggest(name, known) or f" (known: {', '.join(known)})"
            raise BerlinsimError(f"unknown parameter '{name}'{hint}")
    arrays = {name: np.asarray(value, dtype=float) for name, value in grid.items()}
    try:
        shape = np.broadcast_shapes(*(a.shape for a in arrays.values()))
    except ValueError:
        shown = ", ".join(f"{n} {a.shape}" for n, a in arrays.items())
        raise BerlinsimError(f"the grid's arrays do not broadcast to one shape: {shown}") from None
    # values keep their own (broadcastable) shapes while formulas are evaluated: a formula that does
    # not involve the swept parameters is computed once, not at every grid point
    env: dict[str, Any] = {n: np.asarray(np.float64(base[n])) for n in known}
    env.update({n: a.reshape((1,) * (len(shape) - a.ndim) + a.shape) for n, a in arrays.items()})

    def value(expr: Expr, at: dict[str, Any], key: str) -> np.ndarray:
        try:
            return np.broadcast_to(np.asarray(evaluate(expr, at), dtype=float), shape)
        except FormulaError as error:
            raise LocatedError(scenario.path, key, error.message) from None

    def evaluate_or_raise(expr: Expr, at: dict[str, Any], key: str) -> Any:
        try:
            return evaluate(expr, at)
        except FormulaError as error:
            raise LocatedError(scenario.path, key, error.message) from None

    for name, expr in scenario.definitions:
        env[name] = np.asarray(evaluate_or_raise(expr, env, f"definitions.{name}"))
    outcomes = _outcomes(scenario)
    names = scenario.attribute_names
    players = scenario.players
    # filled outcome by outcome with the grid last (contiguous writes), returned with the grid first
    attributes = np.empty((len(outcomes), len(names), *shape))
    out = np.empty((len(players), len(outcomes), *shape))
    defaults = {a.name: np.asarray(np.float64(a.default)) for a in scenario.attributes}
    for j, (key, formulas, direct_payoffs) in enumerate(outcomes):
        at = {**env, **defaults}
        for name, expr in formulas:
            at[name] = np.asarray(evaluate_or_raise(expr, env, f"{key}.attributes.{name}"))
        for k, name in enumerate(names):
            attributes[j, k] = at[name]
        direct = dict(direct_payoffs)
        for i, player in enumerate(players):
            expr = direct.get(i, player.payoff)
            where = f"{key}.payoffs.{player.name}" if i in direct else f"players.{player.name}.payoff"
            out[i, j] = value(expr, at, where)
    attributes = np.moveaxis(attributes, (0, 1), (-2, -1))
    out = np.moveaxis(out, (0, 1), (-2, -1))
    if isinstance(scenario.game, MatrixSpec):
        payoffs = out.reshape(*shape, len(players), *scenario.game.shape)
    else:
        payoffs = np.swapaxes(out, -1, -2)
    chance: list[np.ndarray] = []
    if not isinstance(scenario.game, MatrixSpec):
        for node, order in _walk(scenario.game):
            if isinstance(node, ChanceNode):
                by_label = {label: p for label, p, _ in node.outcomes}
                chance.append(np.stack([value(by_label[label], env, f"game.nodes.{node.id}.chance.{label}.p")
                                        for label in order], axis=-1))
    return payoffs, attributes, tuple(chance)
