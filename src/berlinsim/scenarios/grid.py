"""A scenario's formulas over a whole grid of parameter values, in one vectorised pass (floats).

:func:`evaluate_outcome_grid` gives what a batched solver needs at every grid point at once:
the payoffs of every outcome, the outcomes' attribute values and, for a tree, each chance
node's probabilities; :func:`evaluate_payoff_grid` the payoffs alone. The outcomes come in the
order of :func:`berlinsim.scenarios.build.build_game` (cells row-major, terminals in preorder),
so row ``g`` of the grid is the game built at point ``g``. Used by the sweeps
(:mod:`berlinsim.analysis.sweep`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from berlinsim.errors import BerlinsimError, LocatedError
from berlinsim.model.expression import Expr, FormulaError, evaluate
from berlinsim.model.scenario import ChanceNode, MatrixSpec, OutcomeNode, Scenario, suggest
from berlinsim.scenarios.build import walk
from berlinsim.scenarios.values import ParameterValues, resolve_values

__all__ = ["evaluate_outcome_grid", "evaluate_payoff_grid"]


def _outcomes(scenario: Scenario) -> list[tuple[str, tuple[tuple[str, Expr], ...], tuple[tuple[int, Expr], ...]]]:
    """(key, attribute formulas, direct payoffs) per cell (row-major) or terminal (preorder)."""
    if isinstance(scenario.game, MatrixSpec):
        return [(f"game.cells[{k}]", c.attributes, c.payoffs) for k, c in enumerate(scenario.game.cells)]
    return [(f"game.nodes.{n.id}.outcome", n.attributes, n.payoffs)
            for n, _ in walk(scenario.game) if isinstance(n, OutcomeNode)]


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
        for node, order in walk(scenario.game):
            if isinstance(node, ChanceNode):
                by_label = {label: p for label, p, _ in node.outcomes}
                chance.append(np.stack([value(by_label[label], env, f"game.nodes.{node.id}.chance.{label}.p")
                                        for label in order], axis=-1))
    return payoffs, attributes, tuple(chance)
