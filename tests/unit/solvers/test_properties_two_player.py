"""Properties of the two-player mixed-equilibrium solvers (enummixed, lh) on random games.

Small payoff ranges (0..2) make ties, duplicate actions and continua of equilibria
common, so degenerate games are well represented.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from berlinsim.model.normal_form import NormalFormGame
from berlinsim.solvers.enummixed import enummixed_solve
from berlinsim.solvers.lemke_howson import lh_solve

SETTINGS = settings(max_examples=60, deadline=None)


@st.composite
def bimatrix(draw, max_actions: int = 4):
    """Integer payoff matrices ``(a, b)`` as numpy object arrays of ints."""
    m = draw(st.integers(1, max_actions))
    n = draw(st.integers(1, max_actions))
    low, high = draw(st.sampled_from([(0, 1), (0, 2), (0, 2), (-5, 5)]))
    cells = st.lists(st.integers(low, high), min_size=m * n, max_size=m * n)
    a = np.array(draw(cells), dtype=object).reshape(m, n)
    b = np.array(draw(cells), dtype=object).reshape(m, n)
    return a, b


def exact_set(result) -> set:
    return {eq.exact_strategies for eq in result.equilibria}


@SETTINGS
@given(bimatrix())
def test_every_equilibrium_has_zero_regret(ab):
    game = NormalFormGame.from_bimatrix(*ab)
    for result in (enummixed_solve(game), lh_solve(game)):
        assert result.exact and result.equilibria
        assert all(eq.exact_regret == 0 and eq.regret == 0.0 for eq in result.equilibria)
    for result in (enummixed_solve(game, exact=False), lh_solve(game, exact=False)):
        assert result.equilibria
        assert all(eq.regret <= 1e-9 for eq in result.equilibria)


@SETTINGS
@given(bimatrix(), st.sampled_from([0, 1]), st.sampled_from([Fraction(1, 3), Fraction(2), Fraction(7)]),
       st.integers(-20, 20))
def test_invariant_under_positive_affine_change_of_one_players_payoffs(ab, player, scale, shift):
    a, b = ab
    before = enummixed_solve(NormalFormGame.from_bimatrix(a, b))
    if player == 0:
        a = a * scale + shift
    else:
        b = b * scale + shift
    after = enummixed_solve(NormalFormGame.from_bimatrix(a, b))
    assert exact_set(after) == exact_set(before)
    assert after.degenerate == before.degenerate


@SETTINGS
@given(bimatrix(), st.randoms(use_true_random=False))
def test_equivariant_under_permuting_actions(ab, rnd):
    a, b = ab
    m, n = a.shape
    rows, cols = list(range(m)), list(range(n))
    rnd.shuffle(rows)
    rnd.shuffle(cols)
    before = enummixed_solve(NormalFormGame.from_bimatrix(a, b))
    after = enummixed_solve(NormalFormGame.from_bimatrix(a[np.ix_(rows, cols)], b[np.ix_(rows, cols)]))
    moved = {(tuple(x[r] for r in rows), tuple(y[c] for c in cols)) for x, y in exact_set(before)}
    assert exact_set(after) == moved


@SETTINGS
@given(bimatrix())
def test_equivariant_under_swapping_players(ab):
    a, b = ab
    before = enummixed_solve(NormalFormGame.from_bimatrix(a, b))
    swapped = enummixed_solve(NormalFormGame.from_bimatrix(b.T, a.T))
    assert exact_set(swapped) == {(y, x) for x, y in exact_set(before)}
    lh_before = lh_solve(NormalFormGame.from_bimatrix(a, b))
    lh_swapped = lh_solve(NormalFormGame.from_bimatrix(b.T, a.T))
    assert exact_set(lh_swapped) <= exact_set(swapped)
    assert exact_set(lh_before) <= exact_set(before)


@SETTINGS
@given(st.integers(1, 6), st.integers(1, 6), st.integers(0, 2**32 - 1))
def test_generic_games_have_an_odd_number_of_equilibria(m, n, seed):
    rng = np.random.default_rng(seed)
    game = NormalFormGame.from_bimatrix(rng.standard_normal((m, n)), rng.standard_normal((m, n)))
    result = enummixed_solve(game)
    assert not result.exact and result.degenerate is False
    assert len(result.equilibria) % 2 == 1
    lh = lh_solve(game)
    for eq in lh.equilibria:
        assert any(
            np.allclose(np.concatenate(eq.strategies), np.concatenate(other.strategies), atol=1e-9)
            for other in result.equilibria
        )


@SETTINGS
@given(bimatrix(max_actions=5))
def test_lh_equilibria_are_among_the_extreme_equilibria(ab):
    game = NormalFormGame.from_bimatrix(*ab)
    extreme = enummixed_solve(game)
    lh = lh_solve(game)
    assert exact_set(lh) <= exact_set(extreme)
    assert -1 not in lh.details.equilibrium
    floats = lh_solve(game, exact=False)
    assert len(floats.equilibria) == len(lh.equilibria)
    for e, f in zip(lh.equilibria, floats.equilibria):
        assert np.allclose(np.concatenate(e.strategies), np.concatenate(f.strategies), atol=1e-9)
