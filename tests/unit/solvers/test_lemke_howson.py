"""lh: Lemke-Howson from every starting label, exact and float, degenerate games included."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from berlinsim.errors import SolverError
from berlinsim.model.normal_form import NormalFormGame
from berlinsim.solvers import solve
from berlinsim.solvers.enummixed import enummixed_solve
from berlinsim.solvers import _polytope
from berlinsim.solvers._lh_lists import path_float_small
from berlinsim.solvers.lemke_howson import SMALL_GAME, LHPaths, _path_float, lh_solve

F = Fraction
BOS = NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
# von Stengel (2007), Algorithmic Game Theory ch. 3: nondegenerate 3x2 example and its
# degenerate variant (B[0][1] = 3: the top row has two best responses).
VS = NormalFormGame.from_bimatrix([[3, 3], [2, 5], [0, 6]], [[3, 2], [2, 6], [3, 1]])
VS_DEGENERATE = NormalFormGame.from_bimatrix([[3, 3], [2, 5], [0, 6]], [[3, 3], [2, 6], [3, 1]])


def test_matching_pennies_from_one_label():
    mp = NormalFormGame.zero_sum([[1, -1], [-1, 1]])
    result = lh_solve(mp, label=0)
    assert [eq.exact_strategies for eq in result.equilibria] == [((F(1, 2), F(1, 2)), (F(1, 2), F(1, 2)))]
    assert result.details == LHPaths(labels=(0,), equilibrium=(0,), pivots=result.details.pivots)
    assert result.parameters == (("label", 0), ("exact", True))


def test_battle_of_the_sexes_reaches_only_the_pure_equilibria():
    # Lemke-Howson paths end at equilibria of index +1; the mixed one of a 2x2
    # coordination game has index -1 and is never reached from the artificial equilibrium.
    result = lh_solve(BOS)
    assert [eq.exact_strategies for eq in result.equilibria] == [
        ((0, 1), (0, 1)),
        ((1, 0), (1, 0)),
    ]
    assert result.method == "lh" and result.complete is False and result.exact
    assert len(result.details.labels) == 4
    assert sorted(set(result.details.equilibrium)) == [0, 1]


@pytest.mark.parametrize("game", [VS, VS_DEGENERATE], ids=["nondegenerate", "degenerate"])
def test_every_path_ends_at_an_extreme_equilibrium(game):
    extreme = {eq.exact_strategies for eq in enummixed_solve(game).equilibria}
    result = lh_solve(game)
    assert result.equilibria
    assert all(eq.exact_strategies in extreme and eq.exact_regret == 0 for eq in result.equilibria)
    assert -1 not in result.details.equilibrium


def test_each_label_is_reported_with_its_equilibrium():
    result = lh_solve(VS)
    for label, index in zip(result.details.labels, result.details.equilibrium):
        single = lh_solve(VS, label=label)
        assert single.equilibria == (result.equilibria[index],)


def test_ties_in_the_ratio_test_mark_the_game_degenerate():
    constant = NormalFormGame.from_bimatrix([[1, 1], [1, 1]], [[1, 1], [1, 1]])
    result = lh_solve(constant)
    assert result.degenerate is True
    assert any("degenerate" in note for note in result.notes)
    assert all(eq.is_pure for eq in result.equilibria)
    assert lh_solve(VS).degenerate is None  # not determined: LH sees only its paths


def test_float_pivoting_agrees_with_exact():
    exact = lh_solve(VS_DEGENERATE)
    floats = lh_solve(VS_DEGENERATE, exact=False)
    assert not floats.exact and floats.tolerance > 0
    assert len(exact.equilibria) == len(floats.equilibria)
    for e, f in zip(exact.equilibria, floats.equilibria):
        assert np.allclose(np.concatenate(e.strategies), np.concatenate(f.strategies), atol=1e-12)
    assert exact.details.equilibrium == floats.details.equilibrium


def test_float_game_with_large_payoffs():
    a = np.array([[1.7e6, 0.0, 3.0], [0.0, 1.0e6, 2.5e5]])
    result = lh_solve(NormalFormGame.from_bimatrix(a, -a))
    assert len(result.equilibria) == 1
    assert result.equilibria[0].relative_regret <= result.tolerance


def test_one_player_with_one_action():
    result = lh_solve(NormalFormGame.from_bimatrix([[1, 2, 3]], [[3, 1, 3]]))
    assert {eq.exact_strategies for eq in result.equilibria} <= {((1,), (1, 0, 0)), ((1,), (0, 0, 1))}
    assert result.equilibria


def test_registered_in_the_method_table():
    assert solve(BOS, "lh", label=2).equilibria == lh_solve(BOS, label=2).equilibria


@pytest.mark.parametrize("label", [-1, 4, 1.0, "0", True])
def test_bad_labels_are_refused(label):
    with pytest.raises(SolverError, match="label must be an integer from 0 to 3"):
        lh_solve(BOS, label=label)


def test_refuses_three_players_and_exact_floats():
    with pytest.raises(SolverError, match="2-player"):
        lh_solve(NormalFormGame.from_payoffs(np.zeros((3, 1, 1, 1), dtype=int)))
    with pytest.raises(SolverError, match="rational"):
        lh_solve(NormalFormGame.from_bimatrix([[0.5]], [[0.5]]), exact=True)


@pytest.mark.parametrize("high", [3, 100], ids=["many ties", "generic"])
def test_list_kernel_gives_the_numpy_kernels_floats(high):
    # Small float games pivot on lists, computing only the columns the path reads; the
    # numbers (ends, pivot counts, ties) must be those of the full numpy tableau.
    rng = np.random.default_rng(high)
    for _ in range(40):
        m, n = (int(v) for v in rng.integers(1, 8, 2))
        a, b = rng.integers(0, high, (m, n)) / 7.0, rng.integers(0, high, (m, n)) * 0.3
        scaled = (_polytope.scale_positive(a), _polytope.scale_positive(b))
        for k in range(m + n):
            (x, y), steps, tie = _path_float(*scaled, k)
            (x2, y2), steps2, tie2 = path_float_small(a.tolist(), b.tolist(), k)
            assert (x.tobytes(), y.tobytes(), steps, tie) == (x2.tobytes(), y2.tobytes(), steps2, tie2)


def test_large_float_games_take_the_numpy_kernel():
    rng = np.random.default_rng(11)
    a, b = rng.integers(0, 100, (17, 16)), rng.integers(0, 100, (17, 16))
    assert 17 * 16 > SMALL_GAME
    floats = lh_solve(NormalFormGame.from_bimatrix(a / 3.0, b / 3.0), label=5)
    exact = lh_solve(NormalFormGame.from_bimatrix(a, b), label=5)
    assert floats.details.pivots == exact.details.pivots
    float_profile, exact_profile = (np.concatenate(r.equilibria[0].strategies) for r in (floats, exact))
    assert np.allclose(float_profile, exact_profile)
    assert floats.equilibria[0].relative_regret <= floats.tolerance
