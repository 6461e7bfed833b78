"""stackelberg and lp at the ends of the numbers the readers accept (``berlinsim.limits``: magnitudes
up to 10^300, or 10^307 with the limit raised, and down to 10^-300): an answer that is the scaled
answer of the game at magnitude 1, or a clear BerlinsimError; never another exception. A payoff
beyond the float range is refused when the game is built."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from berlinsim.errors import BerlinsimError, GameError
from berlinsim.model.normal_form import NormalFormGame
from berlinsim.solvers import solve

#: (row player's, column player's) magnitudes: each end, and the two ends together
MAGNITUDES = [(9 * 10**299, Fraction(1, 10**300)), (Fraction(1, 10**300), 9 * 10**299), (9 * 10**306, 1),
              (Fraction(1, 10**307), 9 * 10**306)]
FLOATS = [(9e299, 1e-300), (1e-300, 9e299), (9e306, 1.0), (1e-307, 9e306)]


def tables(seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    n, m = (int(k) for k in rng.integers(1, 4, size=2))
    return rng.integers(-5, 6, size=(n, m)).astype(object), rng.integers(-5, 6, size=(n, m)).astype(object)


def strategies(result) -> list:
    return [eq.exact_strategies if eq.exact_strategies is not None else eq.strategies for eq in result.equilibria]


@pytest.mark.parametrize("seed", range(6))
def test_exact_games_at_extreme_magnitudes(seed):
    a, b = tables(seed)
    unit = {"lp": solve(NormalFormGame.from_bimatrix(a, -a), "lp"),
            **{f"stackelberg{k}": solve(NormalFormGame.from_bimatrix(a, b), "stackelberg", leader=k) for k in (0, 1)}}
    for ma, mb in MAGNITUDES:
        lp = solve(NormalFormGame.from_bimatrix(a * ma, -a * ma), "lp")
        assert strategies(lp) == strategies(unit["lp"])
        for k in (0, 1):
            r = solve(NormalFormGame.from_bimatrix(a * ma, b * mb), "stackelberg", leader=k)
            for found, expected in ((r.details.pure, unit[f"stackelberg{k}"].details.pure),
                                    (r.details.mixed, unit[f"stackelberg{k}"].details.mixed)):
                assert (found.strategy, found.response, found.is_nash) == \
                    (expected.strategy, expected.response, expected.is_nash)
                assert found.leader_payoff == expected.leader_payoff * (ma if k == 0 else mb)


@pytest.mark.parametrize("seed", range(6))
def test_float_games_at_extreme_magnitudes(seed):
    a, b = (t.astype(float) for t in tables(seed))
    for ma, mb in FLOATS:
        for method, game, options in (("lp", NormalFormGame.from_bimatrix(a * ma, -a * ma), {}),
                                      ("stackelberg", NormalFormGame.from_bimatrix(a * ma, b * mb), {"leader": 0}),
                                      ("stackelberg", NormalFormGame.from_bimatrix(a * ma, b * mb), {"leader": 1})):
            try:
                result = solve(game, method, **options)
            except BerlinsimError:
                continue
            assert all(eq.relative_regret <= result.tolerance for eq in result.equilibria)


def test_a_payoff_beyond_the_float_range_is_refused_when_built():
    with pytest.raises(GameError, match="finite as a float"):
        NormalFormGame.from_bimatrix([[2 * 10**308, 0]], [[0, 0]])
