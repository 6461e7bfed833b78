"""Helpers for the memo-scenario tests: load -> resolve values -> build -> solve, and read the answer.

Every reference answer of the domain notes (../shared/domain/memo-and-scenarios.md, section
5) is checked through the product's own path: :func:`load_scenario`, :func:`resolve_values`
with ``--set``-style text overrides, :func:`build_game`, and the scenario's solve method.
Tree equilibria are read by *node id* of the scenario file (a decision node's information set
gives the behaviour there); outcome attributes by name.

Examples
--------
>>> run = solve_scenario("08_berlin_chicken", c_war="20", c_war_su="20")
>>> sorted(str(eq.exact_strategies[0][1]) for eq in run.result.equilibria)
['0', '1', '1/2']
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

from berlinsim.io.scenario_yaml import load_scenario
from berlinsim.model import behavior as bh
from berlinsim.model.result import SolveResult
from berlinsim.scenarios.build import BuiltGame, build_game
from berlinsim.scenarios.values import resolve_values
from berlinsim.solvers import solve

#: The repository's scenario directory.
SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


@functools.lru_cache(maxsize=None)
def scenario(name: str) -> Any:
    """The loaded scenario ``scenarios/<name>.yaml`` (cached: scenarios are immutable)."""
    return load_scenario(SCENARIOS / f"{name}.yaml")


@dataclass(frozen=True)
class Solved:
    """A built scenario game and its solution."""

    built: BuiltGame
    result: SolveResult

    @property
    def game(self) -> Any:
        return self.built.game

    @property
    def equilibria(self) -> tuple[Any, ...]:
        return self.result.equilibria


def build_scenario(name: str, variant: str | None = None, **overrides: str) -> BuiltGame:
    """Build ``name`` at its defaults, then ``variant``, then the ``--set`` overrides (text values)."""
    s = scenario(name)
    return build_game(s, resolve_values(s, variant, overrides))


def solve_scenario(name: str, variant: str | None = None, *, method: str | None = None, **overrides: str) -> Solved:
    """Build and solve ``name`` with its own method (or ``method``)."""
    built = build_scenario(name, variant, **overrides)
    return Solved(built=built, result=solve(built.game, method or scenario(name).method))


# ------------------------------------------------------------------------------------ trees
def infoset_of(game: Any, node_id: str) -> tuple[int, int, Any]:
    """(player, index among the player's information sets, InfoSet) of the decision node ``node_id``."""
    node = game.node_labels.index(node_id)
    h = int(game.infoset[node])
    player = game.infosets[h].player
    return player, game.player_infosets[player].index(h), game.infosets[h]


def choice(game: Any, eq: Any, node_id: str) -> dict[str, Fraction]:
    """Action -> exact probability at the information set of decision node ``node_id``."""
    player, j, infoset = infoset_of(game, node_id)
    return dict(zip(infoset.actions, eq.exact_behavior[player][j]))


def chosen(game: Any, eq: Any, node_id: str) -> str:
    """The action taken for sure at ``node_id`` (fails when the behaviour there is mixed)."""
    probs = choice(game, eq, node_id)
    (action,) = [a for a, p in probs.items() if p == 1]
    return action


def with_choice(game: Any, eq: Any, changes: dict[str, str]) -> tuple[tuple[tuple[Fraction, ...], ...], ...]:
    """The equilibrium's exact behaviour with a pure ``action`` at each ``node_id`` of ``changes``."""
    behavior = [[list(probs) for probs in player] for player in eq.exact_behavior]
    for node_id, action in changes.items():
        player, j, infoset = infoset_of(game, node_id)
        behavior[player][j] = [Fraction(int(a == action)) for a in infoset.actions]
    return bh.nest_behavior(game, bh.flatten_behavior(game, behavior, exact=True))


def payoffs_with(game: Any, eq: Any, changes: dict[str, str]) -> tuple[Fraction, ...]:
    """Exact expected payoffs when the moves of ``changes`` replace the equilibrium's there."""
    return tuple(bh.exact_expected_payoffs(game, with_choice(game, eq, changes)))


def tree_attributes(built: BuiltGame, behavior: Any) -> dict[str, Fraction]:
    """Exact expected outcome attributes of a tree under a behaviour profile."""
    dist = bh.exact_terminal_distribution(built.game, behavior)
    table = built.exact_attributes
    return {name: sum((p * table[t, k] for t, p in enumerate(dist)), Fraction(0))
            for k, name in enumerate(built.attribute_names)}


def attributes_of(built: BuiltGame, eq: Any) -> dict[str, Fraction]:
    """Exact expected outcome attributes of one equilibrium (tree or matrix)."""
    if hasattr(eq, "exact_behavior"):
        return tree_attributes(built, eq.exact_behavior)
    table = built.exact_attributes
    total = {name: Fraction(0) for name in built.attribute_names}
    s0, s1 = eq.exact_strategies
    for i, p in enumerate(s0):
        for j, q in enumerate(s1):
            for k, name in enumerate(built.attribute_names):
                total[name] += p * q * table[i, j, k]
    return total


def reach(game: Any, behavior: Any, node_id: str) -> Fraction:
    """Exact probability that the node ``node_id`` is reached."""
    return bh.exact_realization_probabilities(game, behavior)[game.node_labels.index(node_id)]


# ------------------------------------------------------------------------------------ matrices
def profiles(result: SolveResult) -> set[tuple[tuple[Fraction, ...], ...]]:
    """The exact strategy profiles of a matrix result, as a set."""
    return {tuple(tuple(s) for s in eq.exact_strategies) for eq in result.equilibria}


def pure(game: Any, *labels: str) -> tuple[tuple[Fraction, ...], ...]:
    """The exact profile playing ``labels`` (one action label per player)."""
    return tuple(tuple(Fraction(int(a == label)) for a in actions) for actions, label in zip(game.actions, labels))
