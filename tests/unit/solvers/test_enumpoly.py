"""enumpoly: all isolated equilibria of n-player games, exact where rational, certified otherwise."""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from berlinsim.errors import SolverError
from berlinsim.model.normal_form import NormalFormGame
from berlinsim.model.profile import exact_regret
from berlinsim.solvers import solve
from berlinsim.solvers.enummixed import enummixed_solve
from berlinsim.solvers.enumpoly import enumpoly_solve
from berlinsim.solvers.pure import pure_solve


def jordan_pennies() -> NormalFormGame:
    """Jordan (1993), 'Three problems in learning mixed-strategy Nash equilibria', GEB 5:
    player 1 wants to match 2, 2 wants to match 3, 3 wants to mismatch 1. Unique equilibrium:
    everyone mixes 1/2, 1/2."""
    u = np.zeros((3, 2, 2, 2), dtype=int)
    for a, b, c in np.ndindex(2, 2, 2):
        u[0, a, b, c] = 1 if a == b else -1
        u[1, a, b, c] = 1 if b == c else -1
        u[2, a, b, c] = 1 if c != a else -1
    return NormalFormGame.from_payoffs(u)


def coordination(values=(2, 1)) -> NormalFormGame:
    u = np.zeros((3, 2, 2, 2), dtype=int)
    u[:, 0, 0, 0], u[:, 1, 1, 1] = values
    return NormalFormGame.from_payoffs(u)


def test_jordan_unique_mixed_equilibrium() -> None:
    r = enumpoly_solve(jordan_pennies())
    assert r.complete and r.exact and not r.degenerate
    half = (F(1, 2), F(1, 2))
    assert [eq.exact_strategies for eq in r.equilibria] == [(half, half, half)]
    assert r.equilibria[0].exact_regret == 0


def test_irrational_equilibrium_is_certified() -> None:
    # all get 2 on (A, A, A), 1 on (B, B, B): the mixed equilibrium solves 2 p**2 = (1 - p)**2
    r = enumpoly_solve(coordination())
    assert r.complete and not r.exact and len(r.equilibria) == 3
    mixed = [(eq, c) for eq, c in zip(r.equilibria, r.details.certificates) if c is not None]
    assert len(mixed) == 1
    eq, cert = mixed[0]
    p = 2 ** 0.5 - 1
    assert all(abs(s[0] - p) < 1e-12 for s in eq.strategies)
    assert all(abs(s[0] - p) < 1e-15 for s in cert.approximate())
    assert eq.relative_regret <= r.tolerance
    lo, hi = cert.interval
    root = cert.root()
    assert lo < root < hi and abs(sum(c * root**k for k, c in enumerate(cert.eliminant))) < 1e-9
    # the pure ones are exact
    assert sum(e.exact_strategies is not None and e.exact_regret == 0 for e in r.equilibria) == 2


def test_two_player_games_agree_with_enummixed() -> None:
    bos = NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    r = enumpoly_solve(bos)
    assert r.complete and r.exact
    assert [eq.exact_strategies for eq in r.equilibria] == [eq.exact_strategies for eq in enummixed_solve(bos).equilibria]


def test_a_continuum_is_reported_not_hidden() -> None:
    # players 1 and 2 coordinate; player 3's payoff is constant, so whenever 1 and 2 are pure
    # player 3 may mix freely: a continuum on those supports
    u = np.zeros((3, 2, 2, 2), dtype=int)
    u[0, 0, 0, :], u[0, 1, 1, :] = 1, 1
    u[1, 0, 0, :], u[1, 1, 1, :] = 1, 1
    r = enumpoly_solve(NormalFormGame.from_payoffs(u))
    assert r.degenerate and not r.complete
    statuses = {rep.support: rep.status for rep in r.details.infinite}
    assert statuses[((0,), (0,), (0, 1))] in ("unresolved", "equilibria")
    assert any("not listed" in n for n in r.notes)
    # everything listed is still an equilibrium, exactly
    assert all(eq.exact_regret == 0 for eq in r.equilibria)


def test_excluded_supports_do_not_make_the_result_incomplete() -> None:
    # two identical actions for player 1 in a 2-player game where player 2 strictly prefers
    # column 0: the support {0, 1} x {0, 1} has infinitely many solutions but no equilibrium
    g = NormalFormGame.from_bimatrix([[1, 0], [1, 0]], [[1, 0], [1, 0]])
    r = enumpoly_solve(g)
    assert [rep.status for rep in r.details.infinite if rep.support == ((0, 1), (0, 1))] in ([], ["excluded"])


def test_size_limit_is_a_clear_error() -> None:
    g = NormalFormGame.from_payoffs(np.arange(3 * 64).reshape(3, 4, 4, 4) % 7)
    with pytest.raises(SolverError, match="too large for method 'enumpoly'"):
        enumpoly_solve(g)
    with pytest.raises(SolverError, match="support profiles"):
        enumpoly_solve(coordination(), max_supports=5)


def test_float_payoffs_are_solved_for_their_binary_values() -> None:
    g = NormalFormGame.from_payoffs(jordan_pennies().payoffs * 0.5)
    r = enumpoly_solve(g)
    assert not r.exact and r.tolerance > 0 and r.complete
    assert [tuple(np.round(s, 12)) for s in r.equilibria[0].strategies] == [(0.5, 0.5)] * 3
    assert any("binary values" in n for n in r.notes)


def test_registered_and_through_solve() -> None:
    assert solve(jordan_pennies(), "enumpoly").method == "enumpoly"


small_ints = st.integers(min_value=-4, max_value=4)


def _game(draw, shape) -> NormalFormGame:
    values = draw(st.lists(small_ints, min_size=len(shape) * int(np.prod(shape)),
                           max_size=len(shape) * int(np.prod(shape))))
    return NormalFormGame.from_payoffs(np.array(values, dtype=int).reshape((len(shape), *shape)))


@st.composite
def three_player_games(draw) -> NormalFormGame:
    return _game(draw, draw(st.sampled_from([(2, 2, 2), (2, 2, 3), (3, 2, 2)])))


@st.composite
def two_player_games(draw) -> NormalFormGame:
    return _game(draw, draw(st.sampled_from([(2, 2), (2, 3), (3, 3)])))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(three_player_games())
def test_every_equilibrium_has_zero_regret_and_pure_ones_are_all_there(game) -> None:
    r = enumpoly_solve(game)
    for eq, cert in zip(r.equilibria, r.details.certificates):
        if cert is None:
            assert eq.exact_regret == 0 and exact_regret(game, eq.exact_strategies) == 0
        else:
            assert eq.relative_regret <= r.tolerance
    listed = {eq.support for eq in r.equilibria if eq.is_pure}
    assert listed == {eq.support for eq in pure_solve(game).equilibria}
    assert r.complete == all(rep.status == "excluded" for rep in r.details.infinite)


@settings(max_examples=40, deadline=None)
@given(two_player_games())
def test_two_players_isolated_equilibria_are_extreme_and_all_when_nondegenerate(game) -> None:
    """Isolated solutions of a support's equations are extreme equilibria; when no support has
    infinitely many solutions that could hold an equilibrium, enumpoly finds them all."""
    r = enumpoly_solve(game)
    ours = {eq.exact_strategies for eq in r.equilibria}
    extreme = {eq.exact_strategies for eq in enummixed_solve(game).equilibria}
    assert ours <= extreme
    if r.complete:
        assert ours == extreme

