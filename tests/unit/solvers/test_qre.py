"""Tests of the logit QRE path tracer, its Nash limit, and the generic path follower."""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from berlinsim.model.normal_form import NormalFormGame
from berlinsim.model.result import payoff_tolerances
from berlinsim.solvers import solve
from berlinsim.solvers._homotopy import trace_path
from berlinsim.solvers.qre import QrePath, qre_solve


def weighted_jordan_game() -> NormalFormGame:
    """Three players in a cycle (Jordan 1993 style): 1 matches 2, 2 matches 3, 3 mismatches 1.

    Unequal rewards make the unique equilibrium non-uniform: player 1 is indifferent when
    2 q2 = 1 - q2, player 2 when 3 q3 = 1 - q3, player 3 when 2 (1 - q1) = q1, so
    q = (2/3, 1/3, 1/4) (probability of the first action). Any pure action starts a chain of
    strict best responses that contradicts itself, so the equilibrium is unique and the
    logit path must converge to it.
    """
    u = np.zeros((3, 2, 2, 2), dtype=int)
    for a, b, c in np.ndindex(2, 2, 2):
        u[0, a, b, c] = {(0, 0): 2, (1, 1): 1}.get((a, b), 0)
        u[1, a, b, c] = {(0, 0): 3, (1, 1): 1}.get((b, c), 0)
        u[2, a, b, c] = {(0, 1): 2, (1, 0): 1}.get((c, a), 0)
    return NormalFormGame.from_payoffs(u)


def test_matching_pennies_path_stays_at_one_half() -> None:
    mp = NormalFormGame.zero_sum([[1, -1], [-1, 1]])
    r = qre_solve(mp, early_stop=False)
    path = r.details.path
    assert path.lambdas[0] == 0 and path.lambdas[-1] >= 1e5
    np.testing.assert_allclose(path.profiles, 0.5, atol=1e-12)
    assert r.equilibria[0].exact_strategies == ((F(1, 2), F(1, 2)), (F(1, 2), F(1, 2)))
    assert r.exact and not r.complete and r.details.status == "max_lambda"


def test_prisoners_dilemma_limit_is_defect() -> None:
    pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    r = solve(pd, "qre")
    assert r.method == "qre" and r.equilibria[0].exact_strategies == ((0, 1), (0, 1))
    assert r.details.status == "regret" and r.details.end_regret <= r.details.path.lambdas[-1]
    # along the path cooperation only becomes less likely
    assert np.all(np.diff(r.details.path.strategies(0)[:, 0]) <= 1e-12)


def test_three_player_known_mixed_equilibrium() -> None:
    r = qre_solve(weighted_jordan_game())
    eq = r.equilibria[0]
    assert eq.exact_strategies == ((F(2, 3), F(1, 3)), (F(1, 3), F(2, 3)), (F(1, 4), F(3, 4)))
    assert eq.exact_regret == 0 and r.exact
    assert r.details.status == "max_lambda" and r.details.end_regret < 1e-5


def test_two_by_two_by_two_with_pure_limit() -> None:
    # unanimity game: everyone gets 2 if all choose A, 1 if all choose B, else 0
    u = np.zeros((3, 2, 2, 2), dtype=int)
    u[:, 0, 0, 0], u[:, 1, 1, 1] = 2, 1
    r = qre_solve(NormalFormGame.from_payoffs(u))
    # the centroid favours A (a player's A pays 2/4 against uniform others, B 1/4): the path selects (A, A, A)
    assert r.equilibria[0].exact_strategies == ((1, 0), (1, 0), (1, 0))


def test_rock_paper_scissors_and_a_three_by_three() -> None:
    rps = NormalFormGame.zero_sum([[0, -1, 1], [1, 0, -1], [-1, 1, 0]])
    assert qre_solve(rps).equilibria[0].exact_strategies == ((F(1, 3),) * 3,) * 2
    g = NormalFormGame.from_bimatrix([[3, 0, 1], [0, 2, 0], [1, 1, 1]], [[2, 1, 0], [0, 3, 1], [1, 0, 2]])
    r = qre_solve(g)
    assert r.equilibria[0].relative_regret <= r.tolerance or r.equilibria[0].exact_regret == 0


def test_path_is_well_formed_and_read_only() -> None:
    r = qre_solve(weighted_jordan_game())
    path = r.details.path
    assert isinstance(path, QrePath) and path.shape == (2, 2, 2)
    assert path.profiles.shape == (len(path.lambdas), 6)
    np.testing.assert_allclose(path.profiles[0], 0.5)
    for i in range(3):
        np.testing.assert_allclose(path.strategies(i).sum(axis=1), 1.0, atol=1e-12)
    assert len(path.profile_at(-1)) == 3
    with pytest.raises(ValueError):
        path.lambdas[0] = 1.0
    with pytest.raises(ValueError):
        path.profiles[0, 0] = 1.0


def test_scale_invariance_and_lambda_units() -> None:
    g = weighted_jordan_game()
    big = NormalFormGame.from_payoffs(g.exact_payoffs * 1000)
    r, rb = qre_solve(g), qre_solve(big)
    assert r.equilibria[0].exact_strategies == rb.equilibria[0].exact_strategies
    # lambda is reported in the game's units: the same path point needs 1000x less lambda
    assert rb.details.path.lambdas[-1] == pytest.approx(r.details.path.lambdas[-1] / 1000, rel=1e-9)


def test_max_lambda_limits_the_path() -> None:
    r = qre_solve(weighted_jordan_game(), max_lambda=5.0, max_accel=1.5)
    assert r.details.status == "max_lambda"
    lambdas = r.details.path.lambdas
    assert lambdas[-2] < 5.0 <= lambdas[-1]
    assert ("max_lambda", 5.0) in r.parameters


def test_a_step_that_leaves_the_branch_is_retried() -> None:
    # found by hypothesis: an S-shaped fold near lambda = 7.9 where the default (fast) step
    # control jumps onto the branch's continuation through negative lambda
    rng = np.random.default_rng(68241)
    g = NormalFormGame.from_payoffs(rng.normal(size=(3, 4, 2, 3)))
    r = qre_solve(g)
    assert r.details.attempts == 2 and r.details.status == "max_lambda"
    assert r.details.path.lambdas.min() >= 0
    assert r.equilibria[0].relative_regret <= r.tolerance
    assert any("traced 2 times" in n for n in r.notes)


def test_trace_path_follows_a_circle() -> None:
    trace = trace_path(lambda x: np.array([x @ x - 4.0]), lambda x: 2.0 * x[None, :], np.array([2.0, 0.0]),
                       direction=np.array([0.0, -1.0]), stop=lambda x: x[1] > 0)
    assert trace.status == "stopped" and trace.accepted > 5
    np.testing.assert_allclose(np.hypot(trace.points[:, 0], trace.points[:, 1]), 2.0, atol=1e-9)
    # clockwise: the second coordinate goes negative first
    assert trace.points[1][1] < 0
    assert not trace.points.flags.writeable


def test_trace_path_turning_point() -> None:
    # a curve that turns back in its last coordinate (like a QRE branch with a fold): x1 = x0^2
    trace = trace_path(lambda x: np.array([x[1] - x[0] ** 2]), lambda x: np.array([[-2 * x[0], 1.0]]),
                       np.array([-1.0, 1.0]), direction=np.array([1.0, -1.0]), stop=lambda x: x[0] > 1)
    assert trace.status == "stopped"
    # the last coordinate went down to the fold at (0, 0) and back up again
    heights = trace.points[:, 1]
    assert heights.min() < 0.05 and heights[-1] > 1
    assert np.any(np.diff(heights) < 0) and np.any(np.diff(heights) > 0)
    np.testing.assert_allclose(heights, trace.points[:, 0] ** 2, atol=1e-9)


def test_trace_path_max_steps() -> None:
    trace = trace_path(lambda x: np.array([x[0]]), lambda x: np.array([[1.0, 0.0]]), np.zeros(2), max_steps=4,
                       max_accel=1.0)
    assert trace.status == "max_steps" and trace.accepted == 4
    np.testing.assert_allclose(trace.points[-1], [0.0, 0.12])


shapes = st.lists(st.integers(1, 3), min_size=2, max_size=3)


@settings(max_examples=40, deadline=None)
@given(shapes, st.integers(0, 2**32 - 1), st.sampled_from([1, 2, 9]))
def test_limit_regret_within_tolerance(shape: list[int], seed: int, top: int) -> None:
    rng = np.random.default_rng(seed)
    g = NormalFormGame.from_payoffs(rng.integers(0, top + 1, size=(len(shape), *shape)))
    r = qre_solve(g)
    assert len(r.equilibria) == 1
    eq = r.equilibria[0]
    assert (eq.exact_regret == 0) if r.exact else (eq.relative_regret <= r.tolerance)
    assert r.details.limit_regret is not None and r.details.limit_regret <= max(payoff_tolerances(g))


@settings(max_examples=20, deadline=None)
@given(st.lists(st.integers(2, 4), min_size=2, max_size=3), st.integers(0, 2**32 - 1))
def test_float_games_limit_regret(shape: list[int], seed: int) -> None:
    rng = np.random.default_rng(seed)
    g = NormalFormGame.from_payoffs(rng.normal(size=(len(shape), *shape)))
    r = qre_solve(g)
    assert r.equilibria and r.equilibria[0].relative_regret <= r.tolerance
