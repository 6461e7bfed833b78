"""Tests of the leader's optimal commitment (strong Stackelberg equilibrium)."""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from berlinsim.errors import SolverError
from berlinsim.model.normal_form import NormalFormGame
from berlinsim.solvers import solve
from berlinsim.solvers.pure import pure_cells
from berlinsim.solvers.stackelberg import stackelberg_solve

# Conitzer & Sandholm (2006), "Computing the optimal strategy to commit to", the motivating
# example: U strictly dominates D for the leader, so the only Nash equilibrium is (U, L) worth 2,
# committing to D earns 3, and committing to 1/2 U + 1/2 D (follower indifferent, breaks the tie
# for the leader by playing R) earns 3.5.
CS_LEADER = [[2, 4], [1, 3]]
CS_FOLLOWER = [[1, 0], [0, 1]]


def cs_game() -> NormalFormGame:
    return NormalFormGame.from_bimatrix(CS_LEADER, CS_FOLLOWER, players=("Leader", "Follower"),
                                        actions=(("U", "D"), ("L", "R")))


def test_conitzer_sandholm_example() -> None:
    r = stackelberg_solve(cs_game())
    d = r.details
    assert r.method == "stackelberg" and r.exact and r.equilibria == ()
    assert (d.leader, d.follower) == ("Leader", "Follower")
    assert d.pure.strategy == (0, 1) and d.pure.support == ("D",) and d.pure.response == "R"
    assert (d.pure.leader_payoff, d.pure.follower_payoff) == (3, 1)
    assert d.mixed.strategy == (F(1, 2), F(1, 2)) and d.mixed.response == "R"
    assert (d.mixed.leader_payoff, d.mixed.follower_payoff) == (F(7, 2), F(1, 2))
    assert d.best_nash_payoff == 2 and d.value_of_commitment == F(3, 2)
    assert not d.pure.is_nash and not d.mixed.is_nash
    assert d.inducible == (("L", 2), ("R", F(7, 2)))
    assert any("not in general a Nash equilibrium" in n for n in r.notes)


def test_leader_can_be_the_second_player() -> None:
    g = NormalFormGame.from_bimatrix(np.array(CS_FOLLOWER).T, np.array(CS_LEADER).T,
                                     actions=(("L", "R"), ("U", "D")))
    d = stackelberg_solve(g, leader=1).details
    assert d.leader == "2" and d.mixed.strategy == (F(1, 2), F(1, 2))
    assert d.mixed.response == "R" and d.mixed.leader_payoff == F(7, 2)
    assert stackelberg_solve(g, leader="2").details == d


def test_commitment_that_is_a_nash_equilibrium_is_flagged() -> None:
    pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]], actions=(("C", "D"), ("C", "D")))
    d = solve(pd, "stackelberg").details
    assert d.mixed.support == ("D",) and d.mixed.response == "D" and d.mixed.is_nash
    assert d.value_of_commitment == 0


def test_follower_ties_broken_for_the_leader() -> None:
    # the follower is indifferent everywhere; the leader gets her best cell
    g = NormalFormGame.from_bimatrix([[1, 5], [2, 0]], [[0, 0], [0, 0]])
    d = stackelberg_solve(g).details
    assert d.pure.leader_payoff == 5 and d.mixed.leader_payoff == 5 and d.mixed.response == "2"


def test_float_game() -> None:
    g = NormalFormGame.from_bimatrix(np.array(CS_LEADER, dtype=float), np.array(CS_FOLLOWER, dtype=float))
    r = stackelberg_solve(g)
    assert not r.exact
    assert r.details.mixed.leader_payoff == pytest.approx(3.5, abs=1e-9)
    assert r.details.mixed.strategy == pytest.approx((0.5, 0.5), abs=1e-9)


def test_needs_two_players() -> None:
    with pytest.raises(SolverError, match="2-player"):
        stackelberg_solve(NormalFormGame.from_payoffs(np.zeros((3, 2, 2, 2), dtype=int)))


def _strong_value(lead: np.ndarray, follow: np.ndarray, x: tuple) -> F:
    """Leader's payoff when committing to x, follower best-responding in the leader's favour."""
    fv = [sum(xi * follow[i, j] for i, xi in enumerate(x)) for j in range(follow.shape[1])]
    best = max(fv)
    return max(sum(xi * lead[i, j] for i, xi in enumerate(x)) for j in range(len(fv)) if fv[j] == best)


bimatrices = st.tuples(st.integers(1, 3), st.integers(1, 4)).flatmap(
    lambda s: st.tuples(
        st.lists(st.lists(st.integers(-3, 3), min_size=s[1], max_size=s[1]), min_size=s[0], max_size=s[0]),
        st.lists(st.lists(st.integers(-3, 3), min_size=s[1], max_size=s[1]), min_size=s[0], max_size=s[0]),
    )
)


@settings(max_examples=60, deadline=None)
@given(bimatrices)
def test_commitment_properties(ab: tuple) -> None:
    a, b = (np.array(m, dtype=object) for m in ab)
    g = NormalFormGame.from_bimatrix(a, b)
    r = stackelberg_solve(g)
    d = r.details
    assert r.exact and r.equilibria == ()
    x = d.mixed.strategy
    assert all(p >= 0 for p in x) and sum(x) == 1
    # the reported response is a leader-favoured best response, and the payoff is what x earns
    assert d.mixed.leader_payoff == _strong_value(a, b, x)
    # mixed commitment is at least as good as pure commitment and as every pure Nash equilibrium
    assert d.mixed.leader_payoff >= d.pure.leader_payoff
    assert all(d.mixed.leader_payoff >= a[c] for c in pure_cells(g))
    if d.value_of_commitment is not None:
        assert d.value_of_commitment >= 0
    # no committed strategy on a grid beats the LP optimum
    if a.shape[0] == 2:
        for k in range(0, 25):
            assert _strong_value(a, b, (F(k, 24), 1 - F(k, 24))) <= d.mixed.leader_payoff
    # pure commitment by brute force
    assert d.pure.leader_payoff == max(_strong_value(a, b, tuple(int(i == k) for i in range(a.shape[0])))
                                       for k in range(a.shape[0]))


# ----------------------------------------------------------------- issue 17: at any magnitude
@pytest.mark.parametrize("shift, scale", [(10**16, 1), (-(10**18), F(1, 10**12)), (7, 10**12)])
def test_shifted_or_scaled_leader_changes_no_commitment(shift, scale) -> None:
    # with the leader's payoffs + 10**16 the mixed commitment (1/2 U + 1/2 D, R) was reported
    # is_nash: True under the old tolerance 1e-9 * max|u| (1e7), though the leader gains 1 by
    # switching to U; every verdict is now relative to each player's own payoff range
    plain = stackelberg_solve(cs_game()).details
    game = NormalFormGame.from_bimatrix(np.array(CS_LEADER, dtype=object) * scale + shift, CS_FOLLOWER,
                                        players=("Leader", "Follower"), actions=(("U", "D"), ("L", "R")))
    d = stackelberg_solve(game).details
    assert not d.mixed.is_nash and not d.pure.is_nash
    for mine, theirs in ((d.pure, plain.pure), (d.mixed, plain.mixed)):
        assert (mine.strategy, mine.response, mine.follower_payoff) == (theirs.strategy, theirs.response,
                                                                       theirs.follower_payoff)
        assert mine.leader_payoff == theirs.leader_payoff * scale + shift
    assert d.inducible == tuple((a, v * scale + shift) for a, v in plain.inducible)
    assert d.value_of_commitment == plain.value_of_commitment * scale


def test_float_commitment_is_checked_against_the_relative_tolerance() -> None:
    # the same game in floats with the leader's payoffs near 1e9: not a Nash equilibrium (taken
    # exactly: the payoffs span 3 at magnitude 1e9) -- and scaled down, in floats
    for leader in ([[2e9 + 2, 2e9 + 4], [2e9 + 1, 2e9 + 3]], [[2e-9, 4e-9], [1e-9, 3e-9]]):
        d = stackelberg_solve(NormalFormGame.from_bimatrix(leader, [[1.0, 0.0], [0.0, 1.0]])).details
        assert not d.mixed.is_nash and d.mixed.response == "2"
        assert [float(p) for p in d.mixed.strategy] == pytest.approx([0.5, 0.5])
