"""Affine invariance of the methods that came after the first round: enumpoly (3 players),
correlated and coarse correlated equilibria, the components of a two-player equilibrium set, and
perfect Bayesian equilibria (signalling trees: Bayesian chicken as in scenario 08d, literature
games and random ones).

A positive affine change of one player's payoffs (``u -> scale * u + shift``, shifts up to
``10**18``, scales ``10**-12`` to ``10**12``) changes no equilibrium, so each method's answer must
be the same, with the changed player's payoffs moved. One exception, by definition: the
welfare-maximising correlated equilibrium maximises the *sum* of payoffs, and scaling one
player's payoffs reweighs that sum; under scalings the welfare optimum is only required to stay
an equilibrium, everything else (each player's best and worst, the vertices) to stay the same.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from _signalling_games import beer_quiche, game_from_tables, hidden_entry, khrushchev, random_signalling_tables, spence
from berlinsim.model.extensive import ExtensiveGame, chance, decision, terminal
from berlinsim.solvers import solve
from berlinsim.solvers.pbe import pbe_solve
from test_affine_invariance import SCALES, SHIFTS, changes, check_payoffs, games, key, moved, moved_tree

FEW = settings(max_examples=15, deadline=None)
SETTINGS = settings(max_examples=30, deadline=None)


# ----------------------------------------------------------------- enumpoly, 3 players
@FEW
@given(games(players=3, max_actions=2), changes(players=3))
def test_enumpoly_three_players(game, change):
    before, after = solve(game, "enumpoly"), solve(moved(game, *change), "enumpoly")
    # the same equations: the same equilibria in the same order (floats too, for irrational ones)
    assert [key(eq) for eq in after.equilibria] == [key(eq) for eq in before.equilibria]
    assert (after.exact, after.complete, after.degenerate, after.notes) == \
        (before.exact, before.complete, before.degenerate, before.notes)
    assert after.details.certificates == before.details.certificates
    assert [(r.support, r.status) for r in after.details.infinite] == \
        [(r.support, r.status) for r in before.details.infinite]
    check_payoffs(before, after, *change)


def test_enumpoly_irrational_equilibrium_far_out():
    # 3-player coordination on A (2) or B (1): the mixed equilibrium plays A with sqrt(2) - 1
    u = np.zeros((3, 2, 2, 2), dtype=object)
    for i in range(3):
        u[i, 0, 0, 0], u[i, 1, 1, 1] = 2, 1
    from berlinsim.model.normal_form import NormalFormGame

    game = NormalFormGame.from_payoffs(u)
    before = solve(game, "enumpoly")
    for player, scale, shift in ((0, 1, 10**18), (1, Fraction(1, 10**12), -(10**16) - 3), (2, 10**12, 7)):
        after = solve(moved(game, player, scale, shift), "enumpoly")
        assert [eq.strategies for eq in after.equilibria] == [eq.strategies for eq in before.equilibria]
        assert all(eq.relative_regret <= 1e-9 for eq in after.equilibria)


# ----------------------------------------------------------------- correlated equilibria
def best_and_worst(result) -> dict:
    return {r: eq.distribution for eq in result.equilibria for r in eq.roles if r.startswith(("best", "worst"))}


def moved_value(value, scale, shift):
    return value * scale + shift


@SETTINGS
@given(games(max_actions=3), changes(), st.booleans())
def test_correlated_under_shifts(game, change, coarse):
    player, _, shift = change
    before, after = (solve(g, "correlated", coarse=coarse) for g in (game, moved(game, player, 1, shift)))
    assert [(eq.distribution, eq.roles) for eq in after.equilibria] == \
        [(eq.distribution, eq.roles) for eq in before.equilibria]
    assert (after.exact, after.complete, after.notes) == (before.exact, before.complete, before.notes)
    b, a = before.details, after.details
    assert a.max_welfare == b.max_welfare + shift and a.vertices == b.vertices
    assert a.best[player] == b.best[player] + shift and a.worst[player] == b.worst[player] + shift
    for eq_b, eq_a in zip(before.equilibria, after.equilibria):
        assert eq_a.exact_regret == 0 and eq_a.exact_payoffs[player] == eq_b.exact_payoffs[player] + shift


@SETTINGS
@given(games(max_actions=3), changes(), st.booleans())
def test_correlated_under_scalings(game, change, coarse):
    player, scale, shift = change
    before, after = (solve(g, "correlated", coarse=coarse) for g in (game, moved(game, *change)))
    # each player's best and worst (the same linear programs on normalised payoffs) and the vertices
    assert best_and_worst(after) == best_and_worst(before)
    if before.complete:
        assert {eq.distribution for eq in after.equilibria} == {eq.distribution for eq in before.equilibria}
        assert after.details.vertices == before.details.vertices
    assert after.details.best[player] == moved_value(before.details.best[player], scale, shift)
    assert after.details.worst[player] == moved_value(before.details.worst[player], scale, shift)
    others = [i for i in range(game.num_players) if i != player]
    assert [after.details.best[i] for i in others] == [before.details.best[i] for i in others]
    assert all(eq.exact_regret == 0 for eq in after.equilibria)  # the welfare optimum too


def test_correlated_float_game_shifted():
    # chicken in floats, one player shifted by 2**20 (solved in floats) or 2**40 (too narrow for
    # floats: taken exactly), both exact in floats: the same distributions
    from berlinsim.model.normal_form import NormalFormGame

    a, b = np.array([[6.0, 2.0], [7.0, 0.0]]) * 1.5, np.array([[6.0, 7.0], [2.0, 0.0]])
    before = solve(NormalFormGame.from_bimatrix(a, b), "correlated")
    assert not before.exact
    for shift in (2.0**20, 2.0**40):
        after = solve(NormalFormGame.from_bimatrix(a + shift, b), "correlated")
        assert [np.round(eq.probabilities, 9).tolist() for eq in after.equilibria] == \
            [np.round(eq.probabilities, 9).tolist() for eq in before.equilibria]
        assert [eq.roles for eq in after.equilibria] == [eq.roles for eq in before.equilibria]
        assert all(eq.relative_regret <= after.tolerance for eq in after.equilibria)
        assert float(after.details.best[0]) == before.details.best[0] + shift


# ----------------------------------------------------------------- components (two players)
def component_sets(result) -> tuple[set, set]:
    c = result.components
    cliques = {(frozenset(c.row_vertices[r] for r in k.rows), frozenset(c.column_vertices[j] for j in k.columns))
               for k in c.cliques}
    parts = {frozenset(key(result.equilibria[e]) for e in members) for members in c.component_equilibria}
    return cliques, parts


@SETTINGS
@given(games(max_actions=4), changes())
def test_components(game, change):
    before, after = solve(game, "enummixed"), solve(moved(game, *change), "enummixed")
    assert (before.components is None) == (after.components is None)
    if before.components is not None:
        assert component_sets(after) == component_sets(before)
        assert after.components.truncated == before.components.truncated


# ----------------------------------------------------------------- perfect Bayesian equilibria
def pbe_answer(result) -> list:
    """Each equilibrium's behaviour, beliefs and signalling verdict (payoffs left out: they move)."""
    out = []
    for eq in result.equilibria:
        beliefs = tuple((b.infoset, b.source, b.exact_belief, b.exact_range) for p in eq.beliefs for b in p)
        verdict = None
        if eq.signalling is not None:
            verdict = (eq.signalling.intuitive_criterion, eq.signalling.d1,
                       tuple((t.message, t.dominated, t.breaking, t.pruned, t.d1_deterred) for t in eq.signalling.tests))
        out.append((eq.exact_behavior, beliefs, verdict))
    return out


def check_pbe(game: ExtensiveGame, player: int, scale, shift) -> None:
    after_game = moved_tree(game, player, scale, shift)
    before, after = pbe_solve(game), pbe_solve(after_game)
    assert pbe_answer(after) == pbe_answer(before)
    assert (after.exact, after.complete, after.notes) == (before.exact, before.complete, before.notes)
    for eq_b, eq_a in zip(before.equilibria, after.equilibria):
        expected = list(eq_b.exact_payoffs)
        expected[player] = expected[player] * scale + shift
        assert eq_a.exact_payoffs == tuple(expected) and eq_a.exact_regret == 0
        if eq_b.signalling is not None and player == 0:  # the sender's payoffs in the tests moved too
            for t_b, t_a in zip(eq_b.signalling.tests, eq_a.signalling.tests):
                assert t_a.equilibrium_payoffs == tuple(v * scale + shift for v in t_b.equilibrium_payoffs)


def bayesian_chicken(mu) -> ExtensiveGame:
    """Like scenario 08d: Nature makes the US resolute (``mu``) or not; the US, knowing its type, stands
    firm or yields; the USSR, seeing the move but not the type, presses or backs off; war is worse
    for an irresolute US than yielding."""
    def us(war, infoset):
        return decision("US", {
            "firm": decision("USSR", {"press": terminal(war, -10), "back": terminal(1, -1)}, infoset="after firm"),
            "yield": decision("USSR", {"press": terminal(-1, 1), "back": terminal(0, 0)}, infoset="after yield")},
            infoset=infoset)

    return ExtensiveGame.from_tree(chance({"resolute": (mu, us(2, "resolute")),
                                           "irresolute": (1 - mu, us(-10, "irresolute"))}), players=("US", "USSR"))


@SETTINGS
@given(st.sampled_from([Fraction(1, 10), Fraction(1, 5), Fraction(1, 2)]), changes())
def test_pbe_bayesian_chicken(mu, change):
    check_pbe(bayesian_chicken(mu), *change)


@FEW
@given(st.sampled_from([beer_quiche, spence, khrushchev, hidden_entry]), changes())
def test_pbe_literature_trees(build, change):
    check_pbe(build(), *change)


@SETTINGS
@given(st.integers(0, 2**32 - 1), st.sampled_from([(2, 2, 2), (2, 3, 2), (3, 2, 2), (2, 2, 3)]), changes())
def test_pbe_random_signalling_games(seed, sizes, change):
    types, messages, replies = sizes
    tables = random_signalling_tables(np.random.default_rng(seed), types=types, messages=messages, replies=replies)
    check_pbe(game_from_tables(*tables), *change)


def test_pbe_shipped_bayesian_chicken_far_out():
    import pathlib

    from berlinsim.io.scenario_yaml import load_scenario
    from berlinsim.scenarios.build import build_game
    from berlinsim.scenarios.values import resolve_values

    scenario = load_scenario(pathlib.Path(__file__).resolve().parents[3] / "scenarios" / "08d_berlin_chicken_bayesian.yaml")
    game = build_game(scenario, resolve_values(scenario, None, {})).game
    for change in ((0, 1, 10**18), (1, Fraction(1, 10**12), -(10**15)), (0, 10**12, 3), (1, 7, 10**16 + 1)):
        check_pbe(game, *change)
