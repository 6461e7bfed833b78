"""Lemke's algorithm on small LCPs: known answers, bimatrix games, degeneracy, rays, exactness."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from berlinsim.errors import SolverError
from berlinsim.model.normal_form import NormalFormGame
from berlinsim.model.profile import exact_regret, regret
from berlinsim.solvers.lemke import RayTermination, basic_solution, is_lcp_solution, lemke

F = Fraction


def bimatrix_lcp(a, b):
    """Nash equilibria of (A, B) as the LCP of the sequence form of a one-move game.

    z = (x, y, u, v): w_x = -A' y - u 1 >= 0, w_y = -B'^T x - v 1 >= 0, w_u = 1.x - 1 >= 0,
    w_v = 1.y - 1 >= 0, with A', B' the payoffs shifted to be negative (Koller, Megiddo and
    von Stengel 1996; a normal-form game is a tree with one information set per player).
    """
    a = np.asarray(a, dtype=object)
    b = np.asarray(b, dtype=object)
    m, n = a.shape
    shift = max(max(a.flat), max(b.flat)) + 1
    size = m + n + 2
    M = np.zeros((size, size), dtype=object)
    M[:, :] = 0
    M[:m, m:m + n] = -(a - shift)
    M[m:m + n, :m] = -(b - shift).T
    M[:m, m + n] = -1
    M[m:m + n, m + n + 1] = -1
    M[m + n, :m] = 1
    M[m + n + 1, m:m + n] = 1
    return M, [0] * (m + n) + [-1, -1]


def normalised(z, m):
    x, y = z[:m], z[m:-2]
    return [v / sum(x) for v in x], [v / sum(y) for v in y]


def test_trivial_solution_when_q_is_nonnegative():
    sol = lemke([[1, 2], [3, 4]], [0, 5], exact=True)
    assert sol.pivots == 0 and list(sol.z) == [0, 0] and list(sol.w) == [0, 5]


def test_known_positive_definite_lcp_exact_and_float():
    M, q = [[2, 1], [1, 2]], [-5, -6]
    ex = lemke(M, q, exact=True)
    assert list(ex.z) == [F(4, 3), F(7, 3)] and list(ex.w) == [0, 0]
    fl = lemke(M, q)
    np.testing.assert_allclose(fl.z, [4 / 3, 7 / 3], atol=1e-12)
    assert fl.basis == ex.basis


def test_solution_with_mixed_complementarity():
    # z1 > 0, w2 > 0: w = M z + q
    M, q = [[1, 0], [-1, 1]], [-2, 5]
    sol = lemke(M, q, exact=True)
    assert list(sol.z) == [2, 0] and list(sol.w) == [0, 3]
    assert is_lcp_solution(M, q, sol.z)


def test_fractions_and_strings_accepted_exactly():
    sol = lemke([["1/2", 0], [0, "1/3"]], ["-1/4", F(-1, 3)], exact=True)
    assert list(sol.z) == [F(1, 2), F(1)]


def test_secondary_ray_is_reported():
    # w = -z - 1 can never be nonnegative
    with pytest.raises(RayTermination, match="secondary ray"):
        lemke([[-1]], [-1], exact=True)
    with pytest.raises(RayTermination):
        lemke([[-1.0]], [-1.0])


def test_bad_shapes_and_covering_vector():
    with pytest.raises(SolverError, match="square matrix"):
        lemke([[1, 2]], [1, 2])
    with pytest.raises(SolverError, match="positive"):
        lemke([[1]], [-1], d=[0])
    with pytest.raises(SolverError, match="covering vector has shape"):
        lemke([[1]], [-1], d=[1, 1])


def test_pivot_limit():
    M, q = bimatrix_lcp([[3, 1], [1, 3]], [[1, 3], [3, 1]])
    with pytest.raises(SolverError, match="more than 1 pivots"):
        lemke(M, q, exact=True, max_pivots=1)


def test_covering_vector_changes_path_not_validity():
    M, q = bimatrix_lcp([[3, 1], [1, 3]], [[1, 3], [3, 1]])
    for d in ([1, 1, 1, 1, 1, 1], [1, 2, 3, 4, 5, 6], [5, 1, 1, 2, 1, 7]):
        sol = lemke(M, q, d=d, exact=True)
        assert is_lcp_solution(M, q, sol.z)


def test_matching_pennies_equilibrium():
    # shifted matching pennies: unique equilibrium (1/2, 1/2) for both
    a = [[2, 1], [1, 2]]
    b = [[1, 2], [2, 1]]
    sol = lemke(*bimatrix_lcp(a, b), exact=True)
    x, y = normalised(sol.z, 2)
    assert x == [F(1, 2), F(1, 2)] and y == [F(1, 2), F(1, 2)]


def test_degenerate_game_does_not_cycle():
    # a degenerate bimatrix game: the pure action 0 has two best responses
    a = [[1, 1], [1, 1], [1, 2]]
    b = [[1, 1], [2, 1], [1, 1]]
    M, q = bimatrix_lcp(a, b)
    sol = lemke(M, q, exact=True)
    assert is_lcp_solution(M, q, sol.z)
    fl = lemke(M.astype(float), q)
    assert is_lcp_solution(M.astype(float), q, fl.z, tol=1e-9)


def test_basic_solution_confirms_float_basis():
    M, q = bimatrix_lcp([[3, 1, 2], [1, 3, 2]], [[1, 3, 2], [3, 1, 1]])
    fl = lemke(np.asarray(M, dtype=float), q)
    ex = basic_solution(M, q, fl.basis)
    assert ex is not None and is_lcp_solution(M, q, ex.z)
    np.testing.assert_allclose(np.asarray(ex.z, dtype=float), fl.z, atol=1e-12)


def test_basic_solution_rejects_bad_bases():
    M, q = [[2, 1], [1, 2]], [-5, -6]
    assert basic_solution(M, q, (0, 2)) is None  # not complementary (w0 and z0 both basic)
    assert basic_solution(M, q, (0, 1)) is None  # infeasible: w = q < 0
    assert basic_solution([[0, 0], [0, 1]], [-1, -1], (2, 3)) is None  # singular


def test_is_lcp_solution_float_tolerance():
    assert is_lcp_solution([[1.0]], [-1.0], [1.0 + 1e-12], tol=1e-9)
    assert not is_lcp_solution([[1.0]], [-1.0], [0.5], tol=1e-9)


payoff = st.integers(min_value=1, max_value=4)


@st.composite
def bimatrices(draw):
    m = draw(st.integers(1, 4))
    n = draw(st.integers(1, 4))
    a = draw(st.lists(st.lists(payoff, min_size=n, max_size=n), min_size=m, max_size=m))
    b = draw(st.lists(st.lists(payoff, min_size=n, max_size=n), min_size=m, max_size=m))
    return a, b


@settings(max_examples=60, deadline=None)
@given(bimatrices())
def test_lemke_finds_nash_equilibria_of_random_bimatrix_games(ab):
    a, b = ab
    m = len(a)
    M, q = bimatrix_lcp(a, b)
    game = NormalFormGame.from_bimatrix(a, b)
    ex = lemke(M, q, exact=True)
    assert is_lcp_solution(M, q, ex.z)
    assert exact_regret(game, normalised(list(ex.z), m)) == 0
    fl = lemke(np.asarray(M, dtype=float), q)
    assert is_lcp_solution(np.asarray(M, dtype=float), q, fl.z, tol=1e-9)
    assert regret(game, normalised(list(fl.z), m)) <= 1e-9


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 6), st.integers(0, 2**32 - 1))
def test_positive_definite_lcps_have_their_unique_solution(n, seed):
    rng = np.random.default_rng(seed)
    g = rng.integers(-3, 4, size=(n, n))
    M = g @ g.T + np.eye(n, dtype=int)  # positive definite: unique solution
    q = rng.integers(-5, 6, size=n)
    ex = lemke(M.tolist(), q.tolist(), exact=True)
    assert is_lcp_solution(M.tolist(), q.tolist(), list(ex.z))
    fl = lemke(M, q)
    np.testing.assert_allclose(fl.z, np.asarray(ex.z, dtype=float), atol=1e-9)
