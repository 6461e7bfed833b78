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
from collections.abc import Iterator
from typing import Any

import numpy as np

from berlinsim.errors import BerlinsimError, GameError, LocatedError
from berlinsim.model.expression import Expr, FormulaError, evaluate_exact
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
)
from berlinsim.scenarios.values import ParameterValues, resolve_values

MAX_OUTCOMES = 1_000_000
"""Largest number of matrix cells or tree nodes built."""

__all__ = ["MAX_OUTCOMES", "BuiltGame", "build_game", "walk"]


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


def walk(tree: ScenarioTree) -> Iterator[tuple[TreeNode, tuple[str, ...]]]:
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
    for node, order in walk(scenario.game):
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
