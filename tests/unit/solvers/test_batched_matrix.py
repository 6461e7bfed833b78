"""Batched pure detection and support enumeration agree with the general solvers, game by game."""

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from berlinsim.model.normal_form import NormalFormGame
from berlinsim.solvers.batched_matrix import batched_equilibria, batched_pure_equilibria, batched_support_enumeration
from berlinsim.solvers.enummixed import enummixed_solve
from berlinsim.solvers.pure import pure_cells


def _profiles(x, y, count):
    return sorted(tuple(np.round(np.concatenate([x[e], y[e]]), 9)) for e in range(count))


def _general(a, b):
    if np.all(a == np.round(a)) and np.all(b == np.round(b)):  # integers: the exact solver, as a sweep point
        a, b = a.astype(int), b.astype(int)
    result = enummixed_solve(NormalFormGame.from_bimatrix(a.tolist(), b.tolist()))
    return sorted(tuple(np.round(np.concatenate([np.array(s, float) for s in eq.strategies]), 9))
                  for eq in result.equilibria), bool(result.degenerate)


@settings(max_examples=25, deadline=None)
@given(st.integers(2, 4), st.integers(2, 4), st.integers(0, 2**32 - 1), st.integers(2, 20))
def test_support_enumeration_matches_enummixed(m, n, seed, spread):
    rng = np.random.default_rng(seed)
    # small integer payoffs: many games are degenerate (ties), which must be flagged
    a = rng.integers(-spread // 2, spread, size=(6, m, n)).astype(float)
    b = rng.integers(-spread // 2, spread, size=(6, m, n)).astype(float)
    found = batched_support_enumeration(a, b)
    for g in range(6):
        expected, degenerate = _general(a[g], b[g])
        if degenerate:
            assert found.uncertain[g], (a[g], b[g])
        if not found.uncertain[g]:
            assert _profiles(found.x[g], found.y[g], found.count[g]) == expected


def test_continuous_random_games_are_mostly_certain():
    rng = np.random.default_rng(1)
    a, b = rng.normal(size=(2, 200, 3, 3))
    found = batched_support_enumeration(a, b)
    assert found.uncertain.mean() < 0.05
    for g in range(0, 200, 17):
        assert _profiles(found.x[g], found.y[g], found.count[g]) == _general(a[g], b[g])[0]


def test_degenerate_games_are_flagged():
    # a tie in the column player's payoffs against the first row (continuum of equilibria)
    a = np.array([[[1.0, 1.0], [0.0, 0.0]]])
    b = np.array([[[1.0, 1.0], [0.0, 2.0]]])
    assert batched_support_enumeration(a, b).uncertain[0]
    # a 2x3 game where only a mixed column strategy against a pure row is an equilibrium
    a = np.array([[[2.0, 0.0, 0.0], [0.0, 2.0, 1.0]]])
    b = np.array([[[1.0, 1.0, 0.0], [0.0, 0.0, 1.0]]])
    assert batched_support_enumeration(a, b).uncertain[0]


def test_too_large_is_refused():
    with pytest.raises(ValueError, match="up to 4 x 4"):
        batched_support_enumeration(np.zeros((1, 5, 2)), np.zeros((1, 5, 2)))


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2**32 - 1), st.sampled_from([(2, 2), (3, 2), (2, 2, 2), (3, 3)]))
def test_pure_detection_matches_pure_solver(seed, shape):
    rng = np.random.default_rng(seed)
    payoffs = rng.integers(0, 4, size=(5, len(shape), *shape)).astype(float)
    equilibrium, tied = batched_pure_equilibria(payoffs)
    assert not tied.any()
    for g in range(5):
        game = NormalFormGame.from_payoffs(payoffs[g])
        assert [tuple(c) for c in np.argwhere(equilibrium[g]).tolist()] == pure_cells(game)


@settings(max_examples=25, deadline=None)
@given(st.integers(2, 4), st.integers(2, 4), st.integers(0, 2**32 - 1), st.integers(2, 6))
def test_batched_equilibria_equal_enummixed_on_degenerate_games(m, n, seed, spread):
    rng = np.random.default_rng(seed)
    a = rng.integers(-spread // 2, spread, size=(8, m, n)).astype(float)
    b = rng.integers(-spread // 2, spread, size=(8, m, n)).astype(float)
    a[0] = 0.0  # a player indifferent everywhere
    b[1, 0] = b[1, 0, 0]  # a row along which the column player is indifferent
    found = batched_equilibria(a, b)
    assert not found.uncertain.any()  # integer ties are exact: floats decide every game
    for g in range(8):
        expected, degenerate = _general(a[g], b[g])
        assert _profiles(found.x[g], found.y[g], found.count[g]) == expected
        assert bool(found.degenerate[g]) == degenerate
        for e in range(found.count[g]):
            x, y = found.x[g, e], found.y[g, e]
            np.testing.assert_allclose(found.payoffs[g, e], [x @ a[g] @ y, x @ b[g] @ y], atol=1e-9)


def test_batched_equilibria_leave_near_ties_undecided():
    # a tie broken by 1e-9 of the payoff range: too close to call in floats
    a = np.array([[[1.0, 0.0], [1.0 + 1e-9, 0.0]], [[1.0, 0.0], [0.0, 1.0]]])
    b = np.array([[[1.0, 0.0], [0.0, 1.0]], [[1.0, 0.0], [0.0, 1.0]]])
    found = batched_equilibria(a, b)
    assert found.uncertain.tolist() == [True, False]
    assert found.count[1] == 3 and not found.degenerate[1]


@pytest.mark.parametrize("kind", ["normal", "integer", "offset"])
def test_two_by_two_closed_form_equals_the_general_enumeration(kind):
    rng = np.random.default_rng(4)
    if kind == "normal":
        a, b = rng.normal(size=(2, 3000, 2, 2))
    elif kind == "integer":
        a, b = rng.integers(-2, 3, size=(2, 3000, 2, 2)).astype(float)
    else:
        a, b = rng.normal(size=(2, 3000, 2, 2)) * 1e4 + 3e4
    closed, general = batched_support_enumeration(a, b), batched_support_enumeration(a, b, closed_form=False)
    assert not (closed.uncertain & ~general.uncertain).any()  # never less careful
    assert (closed.uncertain == general.uncertain).mean() > 0.99
    for g in np.flatnonzero(~general.uncertain):
        scale = max(1.0, np.abs(a[g]).max(), np.abs(b[g]).max())

        def rows(found):
            return sorted(tuple(np.concatenate([found.x[g, e], found.y[g, e], found.payoffs[g, e] / scale]))
                          for e in range(found.count[g]))

        assert closed.count[g] == general.count[g]
        np.testing.assert_allclose(rows(closed), rows(general), atol=1e-9)
