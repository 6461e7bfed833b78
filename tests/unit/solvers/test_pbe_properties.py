"""Property tests of perfect Bayesian equilibria (every seed must pass).

* every perfect Bayesian equilibrium is a Nash equilibrium (regret 0 in exact arithmetic);
* beliefs on the path are Bayes' rule on the reach probabilities, computed here independently;
* the pure equilibria listed are exactly those found by a search over all pure profiles of the
  whole tree (which ignores subgames, so it checks the backward induction over subgames);
* on perfect-information trees the pure perfect Bayesian equilibria (a search over pure profiles
  that knows nothing of subgames) are exactly the pure subgame-perfect ones (backward induction);
* on random signalling games (2 types) the pure equilibria listed equal a brute force over pure
  profiles that tests receiver rationality off the path on a grid of beliefs; the grid holds every
  fraction with denominator up to 12, which contains every threshold belief of integer payoffs in
  [-3, 3] (a threshold is d / (d - d') for payoff differences |d|, |d'| <= 6), so it is exact;
  every listed mixed equilibrium is checked against the payoff tables directly.
"""

import itertools
from fractions import Fraction as F

import numpy as np
from hypothesis import assume, given, settings, strategies as st

from berlinsim.model import behavior as bh
from berlinsim.model.extensive import ExtensiveGame, chance, decision, terminal
from berlinsim.solvers._pbe_pure import pure_pbe
from berlinsim.solvers.pbe import pbe_solve
from berlinsim.solvers.spe import spe_solve

from _extensive_trees import random_games
from _signalling_games import game_from_tables, random_signalling_tables

GRID = sorted({F(p, q) for q in range(1, 13) for p in range(q + 1)})


def flat_of(game, eq):
    return tuple(bh.flatten_behavior(game, eq.exact_behavior, exact=True))


@settings(max_examples=40, deadline=None)
@given(random_games(num_players=2, max_depth=3))
def test_every_pbe_is_nash_with_bayes_beliefs_on_the_path(game):
    result = pbe_solve(game)
    assert result.exact and result.equilibria  # a perfect Bayesian equilibrium always exists
    # the pure ones listed are exactly those of a search over the whole tree (no subgame decomposition)
    listed = {flat_of(game, eq) for eq in result.equilibria}
    assert {f for f in listed if all(v in (0, 1) for v in f)} == {flat for flat, _, _ in pure_pbe(game)}
    for eq in result.equilibria:
        assert bh.exact_regret(game, eq.exact_behavior) == 0
        reach = bh.exact_realization_probabilities(game, eq.exact_behavior)
        for player in eq.beliefs:
            for b in player:
                total = sum(reach[x] for x in b.nodes)
                assert b.exact_reach == total
                if total > 0:
                    assert b.source == "path"
                    assert b.exact_belief == tuple(reach[x] / total for x in b.nodes)
                else:
                    assert b.source in ("plan", "free")
                assert b.exact_belief in b.exact_range or b.is_range


@settings(max_examples=25, deadline=None)
@given(random_games(num_players=3, max_depth=3))
def test_three_player_pbe_are_nash(game):
    for eq in pbe_solve(game).equilibria:
        assert bh.exact_regret(game, eq.exact_behavior) == 0


@st.composite
def perfect_information_trees(draw):
    def node(depth):
        if depth == 0 or draw(st.integers(0, 3)) == 0:
            return terminal(*[draw(st.integers(0, 2)) for _ in range(2)])
        if draw(st.integers(0, 4)) == 0:
            return chance([("u", F(1, 2), node(depth - 1)), ("v", F(1, 2), node(depth - 1))])
        who = draw(st.sampled_from(["A", "B"]))
        return decision(who, {f"{who}{i}": node(depth - 1) for i in range(draw(st.integers(1, 3)))})

    return ExtensiveGame.from_tree(node(4), players=("A", "B"))


@settings(max_examples=60, deadline=None)
@given(perfect_information_trees())
def test_perfect_information_pure_pbe_are_the_pure_spe(game):
    # the pure search refuses more than 2,000,000 pure behaviour profiles: such trees are not its subject
    assume(np.prod([len(s.actions) for s in game.infosets], dtype=float) <= 2_000_000)
    spe = spe_solve(game, cap=10_000)
    spe_flats = {flat_of(game, eq) for eq in spe.equilibria}
    searched = {flat for flat, _, _ in pure_pbe(game)}
    assert searched == spe_flats
    pbe = pbe_solve(game, cap=10_000)
    assert {flat_of(game, eq) for eq in pbe.equilibria} == spe_flats
    outcomes = {tuple(eq.exact_terminal_distribution) for eq in spe.equilibria}
    assert {tuple(eq.exact_terminal_distribution) for eq in pbe.equilibria} == outcomes


def brute_force_pure(prior, sender, receiver):
    """Pure (sender map, receiver map) profiles that are perfect Bayesian, beliefs off the path on GRID."""
    types, messages, replies = len(sender), len(sender[0]), len(sender[0][0])
    found = set()
    for send in itertools.product(range(messages), repeat=types):
        for reply in itertools.product(range(replies), repeat=messages):
            if any(sender[t][send[t]][reply[send[t]]] < max(sender[t][m][reply[m]] for m in range(messages))
                   for t in range(types)):
                continue

            def best(weights, m):
                value = [sum(w * receiver[t][m][a] for t, w in enumerate(weights)) for a in range(replies)]
                return value[reply[m]] == max(value)

            ok = True
            for m in range(messages):
                senders = [t for t in range(types) if send[t] == m]
                if senders:
                    ok &= best([prior[t] if t in senders else 0 for t in range(types)], m)
                else:
                    ok &= any(best((q, 1 - q), m) for q in GRID)
            if ok:
                flat = [0] * (types * messages + messages * replies)
                for t, m in enumerate(send):
                    flat[t * messages + m] = 1
                for m, a in enumerate(reply):
                    flat[types * messages + m * replies + a] = 1
                found.add(tuple(flat))
    return found


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(2, 3), st.integers(2, 3))
def test_random_signalling_games_agree_with_brute_force(seed, messages, replies):
    prior, sender, receiver = random_signalling_tables(np.random.default_rng(seed), messages=messages, replies=replies)
    game = game_from_tables(prior, sender, receiver)
    result = pbe_solve(game)
    assert result.complete and result.details.regions[0].method == "sender-receiver vertex enumeration"
    listed = [flat_of(game, eq) for eq in result.equilibria]
    pure = {f for f in listed if all(v in (0, 1) for v in f)}
    expected = brute_force_pure(prior, sender, receiver)
    assert pure == expected
    assert {flat for flat, _, _ in pure_pbe(game)} == expected
    for eq, flat in zip(result.equilibria, listed):
        check_against_tables(prior, sender, receiver, eq, flat)


def check_against_tables(prior, sender, receiver, eq, flat):
    """Sender and receiver best replies, and Bayes' rule on the path, straight from the payoff tables."""
    types, messages, replies = len(sender), len(sender[0]), len(sender[0][0])
    x = [flat[t * messages:(t + 1) * messages] for t in range(types)]
    y = [flat[types * messages + m * replies: types * messages + (m + 1) * replies] for m in range(messages)]
    for t in range(types):
        values = [sum(y[m][a] * sender[t][m][a] for a in range(replies)) for m in range(messages)]
        assert all(values[m] == max(values) for m in range(messages) if x[t][m] > 0)
    for m in range(messages):
        belief = eq.beliefs[1][m]
        weights = [prior[t] * x[t][m] for t in range(types)]
        if sum(weights):
            assert belief.exact_belief == tuple(w / sum(weights) for w in weights)
        for mu in belief.exact_range + (belief.exact_belief,):
            assert sum(mu) == 1 and min(mu) >= 0
            values = [sum(mu[t] * receiver[t][m][a] for t in range(types)) for a in range(replies)]
            assert all(values[a] == max(values) for a in range(replies) if y[m][a] > 0)


@settings(max_examples=30, deadline=None)
@given(random_games(num_players=2, max_depth=3))
def test_other_methods_equilibria_are_marked_exactly_when_they_are_not_pure_pbe(game):
    """What `run` marks (no belief justifies the play) agrees with the search over pure perfect Bayesian profiles."""
    from berlinsim.solvers.pbe import supporting_assessment, unjustified_sets

    pure = {flat for flat, _, _ in pure_pbe(game)}
    for eq in spe_solve(game, cap=200).equilibria:
        if not eq.is_pure:
            continue
        marked = bool(unjustified_sets(game, eq.exact_behavior))
        assert marked == (supporting_assessment(game, eq.exact_behavior) is None)
        assert marked == (flat_of(game, eq) not in pure)
