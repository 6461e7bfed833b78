"""Tests of the linear-programming solver for constant-sum games and of security levels."""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from berlinsim.errors import SolverError
from berlinsim.model.normal_form import NormalFormGame
from berlinsim.model.profile import exact_action_values
from berlinsim.solvers import solve
from berlinsim.solvers.lp import lp_solve, security_levels


def test_matching_pennies_value_zero_exact() -> None:
    r = lp_solve(NormalFormGame.zero_sum([[1, -1], [-1, 1]]))
    assert r.method == "lp" and r.exact and not r.complete
    assert r.details.value == 0 and r.details.values == (0, 0)
    eq = r.equilibria[0]
    assert eq.exact_strategies == ((F(1, 2), F(1, 2)), (F(1, 2), F(1, 2)))
    assert eq.exact_regret == 0


def test_rock_paper_scissors_value_zero_uniform() -> None:
    rps = NormalFormGame.zero_sum([[0, -1, 1], [1, 0, -1], [-1, 1, 0]])
    r = solve(rps, "lp")
    third = (F(1, 3),) * 3
    assert r.details.value == 0
    assert r.equilibria[0].exact_strategies == (third, third)


def test_two_by_two_formula() -> None:
    # value (ad - bc) / (a + d - b - c) = 1/5; row (d - c)/(...) = 2/5; column (d - b)/(...) = 2/5
    r = lp_solve(NormalFormGame.zero_sum([[2, -1], [-1, 1]]))
    assert r.details.value == F(1, 5)
    assert r.equilibria[0].exact_strategies == ((F(2, 5), F(3, 5)), (F(2, 5), F(3, 5)))


def test_saddle_point_is_pure() -> None:
    r = lp_solve(NormalFormGame.zero_sum([[3, 1], [4, 2]]))
    assert r.details.value == 2
    assert r.equilibria[0].exact_strategies == ((0, 1), (0, 1))


def test_constant_sum_values_add_to_the_total() -> None:
    a = np.array([[7, 2], [3, 6]])
    g = NormalFormGame.from_bimatrix(a, 10 - a)
    r = lp_solve(g)
    v1, v2 = r.details.values
    assert v1 + v2 == 10
    assert r.equilibria[0].exact_payoffs == (v1, v2)
    levels = r.details.security_levels
    assert (levels[0].value, levels[1].value) == (v1, v2)
    assert levels[1].strategy == r.equilibria[0].exact_strategies[1]


def test_refuses_non_constant_sum_and_points_to_enummixed() -> None:
    pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    with pytest.raises(SolverError, match="enummixed"):
        lp_solve(pd)


def test_refuses_three_players() -> None:
    g = NormalFormGame.from_payoffs(np.zeros((3, 2, 2, 2), dtype=int))
    with pytest.raises(SolverError, match="2-player"):
        lp_solve(g)


def test_float_game_gives_verified_float_result() -> None:
    g = NormalFormGame.zero_sum(np.array([[0.3, -1.7], [-0.9, 0.4]]))
    r = lp_solve(g)
    assert not r.exact and r.tolerance > 0
    eq = r.equilibria[0]
    assert eq.relative_regret <= r.tolerance
    assert eq.payoffs[0] == pytest.approx(r.details.value, abs=1e-12)


def test_security_levels_battle_of_the_sexes() -> None:
    # each player guarantees 2/3 by mixing 1/3 on her favourite outcome's action
    bos = NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    s1, s2 = security_levels(bos)
    assert (s1.value, s1.strategy) == (F(2, 3), (F(1, 3), F(2, 3)))
    assert (s2.value, s2.strategy) == (F(2, 3), (F(2, 3), F(1, 3)))
    assert s1.exact and s2.exact


def test_security_levels_prisoners_dilemma() -> None:
    pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]], players=("Row", "Col"))
    levels = security_levels(pd)
    assert [(s.player, s.value, s.strategy) for s in levels] == [("Row", 1, (0, 1)), ("Col", 1, (0, 1))]


def test_security_levels_need_two_players() -> None:
    with pytest.raises(SolverError):
        security_levels(NormalFormGame.from_payoffs([[1, 2]]))


matrices = st.integers(1, 4).flatmap(
    lambda m: st.integers(1, 4).flatmap(
        lambda n: st.lists(st.lists(st.integers(-3, 3), min_size=n, max_size=n), min_size=m, max_size=m)
    )
)


@settings(max_examples=60, deadline=None)
@given(matrices)
def test_value_is_certified_and_equals_equilibrium_payoff(a: list[list[int]]) -> None:
    g = NormalFormGame.zero_sum(a)
    r = lp_solve(g)
    assert r.exact
    eq = r.equilibria[0]
    assert eq.exact_regret == 0
    assert eq.exact_payoffs == (r.details.value, -r.details.value)
    # optimality from both sides: the row strategy guarantees the value, the column holds it there
    row_values, col_values = exact_action_values(g, eq.exact_strategies)
    assert max(row_values) == r.details.value == -max(col_values)
    # brute force over pure strategies: maxmin <= value <= minmax
    arr = np.array(a, dtype=object)
    assert max(min(row) for row in arr) <= r.details.value <= min(max(col) for col in arr.T)


@settings(max_examples=30, deadline=None)
@given(matrices, st.integers(1, 5), st.integers(-4, 4))
def test_value_is_affine_equivariant(a: list[list[int]], scale: int, shift: int) -> None:
    v = lp_solve(NormalFormGame.zero_sum(a)).details.value
    b = np.array(a, dtype=object) * scale + shift
    g = NormalFormGame.from_bimatrix(b, -np.array(a, dtype=object) * scale)
    assert lp_solve(g).details.value == scale * v + shift


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(2, 6), st.integers(2, 6))
def test_float_games_regret_within_tolerance(seed: int, m: int, n: int) -> None:
    rng = np.random.default_rng(seed)
    g = NormalFormGame.zero_sum(rng.normal(size=(m, n)))
    r = lp_solve(g)
    assert r.equilibria[0].relative_regret <= r.tolerance


# ----------------------------------------------------------------- issue 17: at any magnitude
ROW = np.array([[3, -1], [-2, 2], [0, 1]], dtype=object)  # value 3/5: (1/5, 0, 4/5) against (2/5, 3/5)


@pytest.mark.parametrize("shift", [10**12, 10**15, 10**18])
def test_constant_sum_game_with_the_row_players_payoffs_shifted(shift) -> None:
    # P1 + 10**12 raised 'linear program failed (HiGHS Status 4)', from 10**15 'maxmin program infeasible'
    r = lp_solve(NormalFormGame.from_bimatrix(ROW + shift, -ROW))
    assert r.exact and r.details.value == F(3, 5) + shift and r.details.values == (F(3, 5) + shift, F(-3, 5))
    assert r.equilibria[0].exact_strategies == ((F(1, 5), F(0), F(4, 5)), (F(2, 5), F(3, 5)))
    assert [s.value for s in r.details.security_levels] == [F(3, 5) + shift, F(-3, 5)]


@pytest.mark.parametrize("scale, shift", [(F(1, 10**12), 0), (10**12, -7), (3, 10**16)])
def test_zero_sum_game_with_one_player_scaled_is_solved(scale, shift) -> None:
    # not constant-sum any more, but a positive affine change of one player's payoffs makes it so
    r = lp_solve(NormalFormGame.from_bimatrix(ROW, -ROW * scale + shift))
    assert r.exact and r.details.values == (F(3, 5), F(-3, 5) * scale + shift)
    assert r.equilibria[0].exact_strategies == ((F(1, 5), F(0), F(4, 5)), (F(2, 5), F(3, 5)))
    assert r.equilibria[0].exact_payoffs == r.details.values


def test_float_zero_sum_game_far_from_the_origin() -> None:
    r = lp_solve(NormalFormGame.from_bimatrix((ROW * 2.0**-10).astype(float) + 2.0**4, (-ROW).astype(float)))
    assert not r.exact and r.details.value == pytest.approx(0.6 * 2.0**-10 + 2.0**4, rel=1e-15)
    assert r.equilibria[0].strategies[0] == pytest.approx((0.2, 0.0, 0.8), abs=1e-9)
    # farther out floats cannot resolve the differences against the tolerance: the game is taken exactly
    narrow = lp_solve(NormalFormGame.from_bimatrix((ROW * 2.0**-30).astype(float) + 2.0**10, (-ROW).astype(float)))
    assert narrow.exact and narrow.details.value == F(3, 5) * F(1, 2**30) + 2**10


def test_a_game_no_affine_change_makes_constant_sum_is_refused() -> None:
    with pytest.raises(SolverError, match="constant-sum"):
        lp_solve(NormalFormGame.from_bimatrix(ROW, [[1, 0], [0, 1], [1, 1]]))
