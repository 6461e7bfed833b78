"""Every tie a scenario report names is a real tie, and every real tie is named.

A report lists "X would be as good as Y" for a player who could switch to X without losing.
This is checked against values derived independently of the report's own computation:

* matrix: the player's equilibrium payoff (from the solver's result) against the payoff of
  playing X alone, contracted directly from the payoff tensor;
* tree: the equilibrium's node values (:func:`berlinsim.model.behavior.node_values`) with and
  without the switch to X at the information set, compared at the deepest common ancestor of
  the set's nodes (the smallest part of the tree where the switch shows), relative to the
  probability of reaching the set from there.

Every scenario of ``scenarios/``, ``docs/exercises/`` and the CLI tests' miniature is run at
its defaults, at each variant and at hypothesis-drawn parameter points on a grid of simple
values (range ends, defaults, small integers: exact payoffs then give ties).
"""

from __future__ import annotations

from fractions import Fraction
from itertools import product
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from berlinsim.io.scenario_yaml import load_scenario
from berlinsim.model import behavior as bh
from berlinsim.model.normal_form import NormalFormGame
from berlinsim.reports import _scenario_story as story
from berlinsim.scenarios.run import run_scenario

ROOT = Path(__file__).resolve().parents[2]
FILES = (sorted((ROOT / "scenarios").glob("*.yaml")) + sorted((ROOT / "docs" / "exercises").glob("*.yaml"))
         + [ROOT / "tests" / "cli" / "data" / "mini_plan.yaml"])
IDS = [f.stem for f in FILES]


def _zero(p: Any) -> bool:
    return p == 0 if isinstance(p, (Fraction, int)) else p <= 1e-9


def _close(a: Any, b: Any, exact: bool, scale: float) -> bool:
    return a == b if exact else abs(float(a) - float(b)) <= 1e-9 * max(1.0, scale)


# ----------------------------------------------------------------------------- matrices
def _product(factors: Any) -> Any:
    result = 1
    for f in factors:
        result *= f
    return result


def _matrix_ties(game: NormalFormGame, eq: Any) -> set[tuple[int, int]]:
    """(player, action) of every unplayed action worth the equilibrium payoff to its player."""
    exact = eq.exact_strategies is not None and game.exact_payoffs is not None
    strategies = eq.exact_strategies if exact else eq.strategies
    payoffs = eq.exact_payoffs if exact else eq.payoffs
    table = game.exact_payoffs if exact else game.payoffs
    zero = Fraction(0) if exact else 0.0
    found = set()
    for i in range(len(game.players)):
        for a in range(len(game.actions[i])):
            if not _zero(strategies[i][a]):
                continue
            worth = sum((table[i][cell] * _product(strategies[j][cell[j]] for j in range(len(cell)) if j != i)
                         for cell in product(*(range(k) for k in table.shape[1:])) if cell[i] == a), zero)
            if _close(worth, payoffs[i], exact, game.max_abs_payoff):
                found.add((i, a))
    return found


# ----------------------------------------------------------------------------- trees
def _switched(behavior: Any, game: Any, h: int, a: int) -> Any:
    p = game.infosets[h].player
    j = game.player_infosets[p].index(h)
    one, zero = (Fraction(1), Fraction(0)) if isinstance(behavior[p][j][0], Fraction) else (1.0, 0.0)
    pure = tuple(one if k == a else zero for k in range(game.infosets[h].num_actions))
    mine = tuple(pure if k == j else s for k, s in enumerate(behavior[p]))
    return tuple(mine if q == p else b for q, b in enumerate(behavior))


def _weights(game: Any, flat: Any, h: int) -> tuple[int, tuple[Any, ...], bool]:
    """The deepest common ancestor of ``h``'s nodes, each node's weight from there, and whether any is reachable.

    A weight is the product of the move probabilities from the ancestor to the node. When
    none of the nodes can be reached from the ancestor, the report's stated convention: the
    nodes with the fewest moves of probability 0 count, by the product of the other moves.
    """
    exact = flat.dtype == object
    chains = [[n] + [parent for parent, _ in reversed(game.path(n))] for n in game.infosets[h].nodes]
    common = next(n for n in chains[0] if all(n in chain for chain in chains[1:]))
    moves = []
    for chain in chains:
        probs = [(game.exact_move_prob[c] if exact else game.move_prob[c]) if int(game.player[int(game.parent[c])]) < 0
                 else flat[int(game.edge_action[c])] for c in chain[:chain.index(common)]]
        moves.append(probs)
    zeros = [sum(1 for p in probs if _zero(p)) for probs in moves]
    weights = tuple(_product(p for p in probs if not _zero(p)) if z == min(zeros) else 0
                    for probs, z in zip(moves, zeros))
    return common, weights, min(zeros) == 0


def _tree_ties(game: Any, eq: Any) -> set[tuple[int, int]]:
    """(information set, action) of every untaken action that leaves its mover's value unchanged."""
    exact = eq.exact_behavior is not None
    behavior = eq.exact_behavior if exact else eq.behavior
    flat = bh.flatten_behavior(game, behavior, exact=exact)
    values = bh.node_values(game, behavior, exact=exact)
    found = set()
    for h, info in enumerate(game.infosets):
        common, weights, reachable = _weights(game, flat, h)
        p, total = info.player, sum(weights)
        for a in range(info.num_actions):
            if not _zero(flat[int(game.action_offset[h]) + a]):
                continue
            switched = bh.node_values(game, _switched(behavior, game, h, a), exact=exact)
            if reachable:  # the switch shows in the value of the common ancestor
                change = (switched[common][p] - values[common][p]) / total
            else:
                change = sum(w * (switched[n][p] - values[n][p]) for n, w in zip(info.nodes, weights)) / total
            if _close(change, 0, exact, game.max_abs_payoff):
                found.add((h, a))
    return found


# ----------------------------------------------------------------------------- the check
def _check(scenario: Any, variant: str | None = None, overrides: dict[str, str] | None = None) -> int:
    run = run_scenario(scenario, variant=variant, overrides=overrides)
    count = 0
    for eq in run.result.equilibria:
        words = story.describe(scenario, run.game, eq)
        assert len(words.ties) == len(words.tie_moves)
        reported = {(where, a) for where, actions in words.tie_moves for a in actions}
        real = _matrix_ties(run.game, eq) if isinstance(run.game, NormalFormGame) else _tree_ties(run.game, eq)
        assert reported == real, (variant, overrides, words.ties)
        count += len(reported)
    return count


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_ties_at_defaults_and_variants_are_real(path):
    scenario = load_scenario(path)
    for variant in (None, *(v.name for v in scenario.variants)):
        _check(scenario, variant)


def _grid(parameter: Any) -> list[Fraction]:
    low, high = parameter.low, parameter.high
    points = {Fraction(parameter.default)} | {Fraction(v) for v in (low, high) if abs(v) != float("inf")}
    points |= {Fraction(k) for k in range(-3, 4) if low <= k <= high}
    return sorted(points)


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_ties_at_simple_parameter_values_are_real(path):
    scenario = load_scenario(path)
    draw = st.fixed_dictionaries({p.name: st.sampled_from(_grid(p)) for p in scenario.parameters})

    @settings(max_examples=8, deadline=None, database=None)
    @given(draw)
    def check(values):
        _check(scenario, overrides={name: str(v) for name, v in values.items()})

    check()


def test_the_un_forum_exercise_has_no_tie_after_skip():
    """Regression: off the path, after skip, U gives the USSR -1/2 and B -2 (was reported as a tie)."""
    scenario = load_scenario(ROOT / "docs" / "exercises" / "un_forum_prepare.yaml")
    run = run_scenario(scenario)
    words = story.describe(scenario, run.game, run.result.equilibria[0])
    assert words.ties == ()
    assert "USSR, after US chose skip: U" in words.off_path


def test_the_check_finds_ties_somewhere():
    """The grid reaches tied parameter points (else the tests above would check nothing)."""
    scenario = load_scenario(ROOT / "tests" / "cli" / "data" / "mini_plan.yaml")
    assert _check(scenario, overrides={"u_settle_R": "-2"}) > 0
