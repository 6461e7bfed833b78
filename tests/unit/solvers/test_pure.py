"""Tests of the pure-equilibrium solver: every pure equilibrium, at any magnitude of the payoffs."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest

from berlinsim.model.normal_form import NormalFormGame
from berlinsim.solvers.pure import pure_cells, pure_solve

PD = [[3, 0], [5, 1]]  # the row player's prisoner's dilemma payoffs; the column player's are the transpose


def test_prisoners_dilemma_has_one_pure_equilibrium():
    r = pure_solve(NormalFormGame.from_bimatrix(PD, np.array(PD).T))
    assert [eq.support for eq in r.equilibria] == [((1,), (1,))] and r.exact and r.complete


def test_float_payoffs_near_1e9_are_not_all_ties():
    # issue 17: a float scenario computed exp(0) * (1e9 + v); under the old tolerance 1e-9 * max|u|
    # (1.0000000025) every cell was an equilibrium. The payoffs span 5 at magnitude 1e9, less than
    # floats resolve against a tolerance of 1e-9 of the span, so the game is taken exactly.
    row = [[math.exp(0) * (1e9 + v) for v in line] for line in PD]
    game = NormalFormGame.from_bimatrix(row, np.array(row).T)
    r = pure_solve(game)
    assert [eq.support for eq in r.equilibria] == [((1,), (1,))]
    assert r.exact and r.equilibria[0].exact_payoffs == (Fraction(10**9 + 1), Fraction(10**9 + 1))
    assert pure_cells(game) == [(1, 1)]


def test_float_tolerance_is_relative_to_each_players_range():
    # the column player's payoffs are 1e-12 apart; the row player's 1e12: both preferences count
    a = [[1e12, 0.0], [0.0, 2e12]]
    b = [[1e-12, 0.0], [0.0, 1e-12]]
    r = pure_solve(NormalFormGame.from_bimatrix(a, b))
    assert [eq.support for eq in r.equilibria] == [((0,), (0,)), ((1,), (1,))] and not r.exact
    assert r.tolerance == 1e-9 and r.tolerances == pytest.approx((2e3, 1e-21))
    # a gain of half the tolerance is a tie, of twice the tolerance a preference
    for gain, equilibria in ((0.5e-9, 2), (2e-9, 1)):
        game = NormalFormGame.from_bimatrix([[1.0, 0.0], [1.0 - gain, 0.5]], [[1.0, 0.0], [1.0, 0.0]])
        assert len(pure_solve(game).equilibria) == equilibria
