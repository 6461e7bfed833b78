"""Profiles: the one-pass payoff-and-regret functions agree with the separate ones."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from berlinsim.errors import GameError
from berlinsim.model.normal_form import NormalFormGame
from berlinsim.model.profile import (
    check_profile,
    exact_expected_payoffs,
    exact_payoffs_and_regret,
    exact_regret,
    expected_payoffs,
    payoffs_and_regret,
    regret,
    relative_regret,
)


def _random_strategy(rng: np.random.Generator, k: int) -> np.ndarray:
    w = rng.random(k) * (rng.random(k) < 0.6)
    if w.sum() == 0:
        w[rng.integers(k)] = 1.0
    return w / w.sum()


def _random_exact_strategy(rng: np.random.Generator, k: int) -> tuple[Fraction, ...]:
    w = [int(v) for v in rng.integers(0, 5, k) * (rng.random(k) < 0.6)]
    if sum(w) == 0:
        w[0] = 1
    return tuple(Fraction(v, sum(w)) for v in w)


@pytest.mark.parametrize("shape", [(1, 1), (2, 3), (7, 5), (12, 12), (2, 3, 2)])
def test_float_one_pass_equals_the_separate_functions_bit_for_bit(shape):
    rng = np.random.default_rng(sum(shape))
    for trial in range(40):
        payoffs = rng.normal(size=(len(shape), *shape)) * (10.0 ** rng.integers(-3, 4))
        game = NormalFormGame.from_payoffs(payoffs)
        profile = tuple(_random_strategy(rng, k) for k in shape)
        if trial % 2:
            profile = tuple(s.tolist() for s in profile)  # plain lists take the generic conversion
        arrays, payoffs_once, gain, relative = payoffs_and_regret(game, profile)
        assert [a.tolist() for a in arrays] == [a.tolist() for a in check_profile(game, profile)]
        assert payoffs_once == tuple(float(x) for x in expected_payoffs(game, profile))
        assert gain == regret(game, profile)
        assert relative == relative_regret(game, profile)


@pytest.mark.parametrize("shape", [(1, 1), (3, 2), (6, 6), (2, 2, 3)])
def test_exact_one_pass_equals_the_separate_functions(shape):
    rng = np.random.default_rng(len(shape) * 100 + shape[0])
    for _ in range(30):
        nums = rng.integers(-9, 9, (len(shape), *shape))
        dens = rng.integers(1, 7, (len(shape), *shape))
        exact = np.array([Fraction(int(a), int(b)) for a, b in zip(nums.flat, dens.flat)], dtype=object)
        game = NormalFormGame.from_payoffs(exact.reshape(nums.shape))
        profile = tuple(_random_exact_strategy(rng, k) for k in shape)
        strategies, payoffs, gain, relative = exact_payoffs_and_regret(game, profile)
        assert strategies == profile
        assert payoffs == exact_expected_payoffs(game, profile)
        assert gain == exact_regret(game, profile)
        assert all(type(v) is Fraction for v in (*payoffs, gain, relative))
        # the float relative regret is the exact one, rounded (up to a few units in the last place)
        floats = tuple(tuple(float(p) for p in s) for s in profile)
        assert relative_regret(game, floats) == pytest.approx(float(relative), abs=1e-14)


def test_one_pass_functions_check_the_profile():
    game = NormalFormGame.from_bimatrix([[1, 2], [3, 4]], [[4, 3], [2, 1]])
    with pytest.raises(GameError, match="not a probability vector"):
        payoffs_and_regret(game, (np.array([0.7, 0.7]), np.array([0.5, 0.5])))
    with pytest.raises(GameError, match="has 3 entries"):
        payoffs_and_regret(game, (np.array([0.2, 0.3, 0.5]), [0.5, 0.5]))
    with pytest.raises(GameError, match="not a probability vector"):
        exact_payoffs_and_regret(game, ((Fraction(1, 2), Fraction(1, 3)), (1, 0)))
    with pytest.raises(GameError, match="not a probability vector"):
        exact_payoffs_and_regret(game, ((Fraction(3, 2), Fraction(-1, 2)), (1, 0)))
    with pytest.raises(GameError, match="exact"):
        exact_payoffs_and_regret(NormalFormGame.from_bimatrix([[0.5]], [[0.5]]), ((1,), (1,)))


def test_short_strategies_are_judged_as_numpy_judges_them():
    # check_profile sums short strategies in Python; its verdict must be numpy's, also
    # for sums within a few roundings of the bound and for non-finite entries.
    rng = np.random.default_rng(3)
    for trial in range(3000):
        n = int(rng.integers(1, 17))
        s = rng.random(n) * 10.0 ** rng.integers(-3, 3, n)
        s /= s.sum()
        bound = 1e-9 * n
        s[rng.integers(n)] += rng.choice([-1.0, 1.0]) * bound * (1.0 + rng.normal() * 1e-15 * (trial % 3))
        if trial % 97 == 0:
            s[0] = rng.choice([np.nan, np.inf, -np.inf, -2e-9])
        game = NormalFormGame.from_bimatrix(np.zeros((n, 1)), np.zeros((n, 1)))
        numpy_says_bad = bool(np.any(s < -1e-9)) or abs(s.sum() - 1.0) > bound
        try:
            check_profile(game, (s, [1.0]))
        except GameError:
            assert numpy_says_bad
        else:
            assert not numpy_says_bad


@pytest.mark.parametrize("shift, scale", [(0, 1), (10**16, 1), (-(10**18), Fraction(1, 10**12)), (3, 10**12)])
def test_regret_is_accurate_relative_to_the_payoff_range_at_any_magnitude(shift, scale):
    # against column 0 the row player gains 2 (2/3 of her range 3) by switching to row 1
    a = np.array([[0, 3], [2, 2]], dtype=object) * scale + shift
    game = NormalFormGame.from_bimatrix(a, [[1, 0], [0, 1]])
    assert relative_regret(game, ((1.0, 0.0), (1.0, 0.0))) == pytest.approx(2 / 3, rel=1e-14)
    assert regret(game, ((1.0, 0.0), (1.0, 0.0))) == pytest.approx(float(2 * scale), rel=1e-14)
    exact = exact_payoffs_and_regret(game, ((1, 0), (1, 0)))
    assert exact[2] == 2 * scale and exact[3] == Fraction(2, 3)
