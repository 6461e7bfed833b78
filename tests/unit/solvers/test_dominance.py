"""Tests of iterated elimination of dominated actions and its trace."""

from __future__ import annotations

import dataclasses
from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from berlinsim.errors import SolverError
from berlinsim.model.normal_form import NormalFormGame
from berlinsim.solvers import solve
from berlinsim.solvers.dominance import dominance_solve, find_dominator, verify_trace
from berlinsim.solvers.pure import pure_cells
from berlinsim.solvers.qre import qre_solve


def mixture_only_game() -> NormalFormGame:
    # B = (1, 1) is worse than 1/2 T + 1/2 M = (3/2, 3/2) but than neither T nor M alone;
    # the standard textbook example of domination by a mixed strategy.
    return NormalFormGame.from_bimatrix([[3, 0], [0, 3], [1, 1]], [[1, 0], [0, 1], [0, 0]],
                                        players=("Row", "Col"), actions=(("T", "M", "B"), ("L", "R")))


def test_pure_action_dominated_only_by_a_mixture() -> None:
    r = dominance_solve(mixture_only_game())
    d = r.details
    assert len(d.steps) == 1
    step = d.steps[0]
    assert (step.round, step.player, step.player_index, step.action, step.action_index) == (1, "Row", 0, "B", 2)
    assert step.dominator == (("T", F(1, 2)), ("M", F(1, 2)))
    assert step.strict and step.exact and step.margin == F(1, 2) and not step.is_pure_dominator
    assert d.reduced.actions == (("T", "M"), ("L", "R")) and d.kept == ((0, 1), (0, 1))
    assert r.equilibria == () and not r.complete
    assert any("2x2 game remains" in n for n in r.notes)


def test_prisoners_dilemma_is_dominance_solvable() -> None:
    pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]], actions=(("C", "D"), ("C", "D")))
    r = solve(pd, "dominance")
    assert [(s.round, s.player, s.action, s.dominator, s.margin) for s in r.details.steps] == [
        (1, "1", "C", (("D", 1),), 1),
        (1, "2", "C", (("D", 1),), 1),
    ]
    assert r.details.steps[0].is_pure_dominator
    eq = r.equilibria[0]
    assert eq.exact_strategies == ((0, 1), (0, 1)) and eq.exact_regret == 0
    assert r.complete and r.exact


def test_iterated_rounds() -> None:
    # only after Col drops R does Row's B become dominated
    g = NormalFormGame.from_bimatrix([[2, 0], [1, 5]], [[3, 1], [2, 1]], actions=(("T", "B"), ("L", "R")))
    steps = dominance_solve(g).details.steps
    assert [(s.round, s.player, s.action) for s in steps] == [(1, "2", "R"), (2, "1", "B")]


def test_three_players_against_all_pure_profiles() -> None:
    # every player's action 1 pays 1 more than action 0 against every profile of the others
    rng = np.random.default_rng(0)
    base = rng.integers(0, 5, size=(3, 2, 2, 2))
    u = base.copy()
    u[0, 1] = base[0, 0] + 1
    u[1, :, 1] = base[1, :, 0] + 1
    u[2, :, :, 1] = base[2, :, :, 0] + 1
    r = dominance_solve(NormalFormGame.from_payoffs(u))
    assert len(r.details.steps) == 3 and all(s.margin == 1 for s in r.details.steps)
    assert r.equilibria[0].support == ((1,), (1,), (1,))


def test_weak_dominance_is_optional() -> None:
    # B is weakly dominated by T; once B is gone, R is strictly dominated by L
    g = NormalFormGame.from_bimatrix([[1, 1], [1, 0]], [[1, 0], [1, 1]], actions=(("T", "B"), ("L", "R")))
    assert dominance_solve(g).details.steps == ()
    r = dominance_solve(g, weak=True)
    steps = r.details.steps
    assert [(s.action, s.strict, s.margin) for s in steps] == [("B", False, 0), ("R", True, 1)]
    assert r.equilibria[0].support == ((0,), (0,))
    assert not r.complete and any("weak" in n for n in r.notes)


def test_weak_dominance_by_a_mixture() -> None:
    # B ties 1/2 T + 1/2 M in the first two columns and loses in the third; no pure dominator
    g = NormalFormGame.from_bimatrix([[2, 0, 1], [0, 2, 1], [1, 1, 0]], np.zeros((3, 3), dtype=int))
    assert dominance_solve(g).details.steps == ()
    step = dominance_solve(g, weak=True).details.steps[0]
    assert step.action == "3" and not step.strict and step.margin == 0
    assert step.dominator == (("1", F(1, 2)), ("2", F(1, 2)))


def test_no_dominance() -> None:
    r = dominance_solve(NormalFormGame.zero_sum([[1, -1], [-1, 1]]))
    assert r.details.steps == () and r.equilibria == ()


def test_float_game() -> None:
    g = NormalFormGame.from_bimatrix(np.array([[3.0, 0.0], [0.0, 3.0], [1.2, 1.2]]), np.zeros((3, 2)))
    step = dominance_solve(g).details.steps[0]
    assert not step.exact and step.margin == pytest.approx(0.3)
    assert dict(step.dominator)["1"] == pytest.approx(0.5)


def test_find_dominator_exact_and_none() -> None:
    rows = np.array([[F(3), F(0)], [F(0), F(3)], [F(3, 2), F(3, 2)]], dtype=object)
    assert find_dominator(rows, 2, strict=True, tol=0.0) is None
    assert find_dominator(rows, 2, strict=False, tol=0.0) is None


def test_verify_trace_rejects_a_forged_step() -> None:
    g = mixture_only_game()
    step = dominance_solve(g).details.steps[0]
    assert verify_trace(g, (step,)).shape == (2, 2)
    forged = dataclasses.replace(step, dominator=(("T", F(1)), ("M", F(0))))
    with pytest.raises(SolverError, match="does not dominate"):
        verify_trace(g, (forged,))
    with pytest.raises(SolverError, match="already removed"):
        verify_trace(g, (step, step))
    with pytest.raises(SolverError, match="margin"):
        verify_trace(g, (dataclasses.replace(step, margin=F(1)),))
    with pytest.raises(SolverError, match="remaining actions"):
        verify_trace(g, (dataclasses.replace(step, dominator=(("M", F(1, 2)), ("T", F(1, 2)))),))


games = st.tuples(st.integers(2, 3), st.integers(0, 2**32 - 1), st.integers(1, 4)).map(
    lambda t: (t[0], np.random.default_rng(t[1]).integers(0, t[2] + 1, size=(t[0], *np.random.default_rng(t[1] + 1).integers(1, 4, size=t[0]))))
)


@settings(max_examples=60, deadline=None)
@given(games)
def test_strict_elimination_keeps_every_equilibrium(arg: tuple) -> None:
    _, u = arg
    g = NormalFormGame.from_payoffs(u)
    r = dominance_solve(g)
    kept = r.details.kept
    # the trace replays, step by step, exactly
    assert verify_trace(g, r.details.steps).actions == r.details.reduced.actions
    assert all(s.strict and s.exact and s.margin > 0 for s in r.details.steps)
    # no equilibrium action is ever removed: pure equilibria and the QRE limit survive
    for cell in pure_cells(g):
        assert all(a in k for a, k in zip(cell, kept))
    limit = qre_solve(g).equilibria
    for eq in limit:
        assert all(set(s) <= set(k) for s, k in zip(eq.support, kept))
    # the reduced game's pure equilibria are the original ones
    mapped = {tuple(k[a] for a, k in zip(c, kept)) for c in pure_cells(r.details.reduced)}
    assert mapped == set(pure_cells(g))


@settings(max_examples=40, deadline=None)
@given(games)
def test_weak_trace_verifies(arg: tuple) -> None:
    _, u = arg
    g = NormalFormGame.from_payoffs(u)
    r = dominance_solve(g, weak=True)
    assert verify_trace(g, r.details.steps).actions == r.details.reduced.actions
    for eq in r.equilibria:
        assert eq.exact_regret == 0


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_float_trace_verifies(seed: int) -> None:
    rng = np.random.default_rng(seed)
    g = NormalFormGame.from_payoffs(rng.normal(size=(2, 3, 3)))
    r = dominance_solve(g)
    assert verify_trace(g, r.details.steps).actions == r.details.reduced.actions


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(2, 4), st.integers(1, 4))
def test_planted_mixture_domination_is_found(seed: int, k: int, cols: int) -> None:
    rng = np.random.default_rng(seed)
    rows = rng.integers(-5, 6, size=(k, cols))
    weights = rng.integers(1, 4, size=k)
    sigma = [F(int(w), int(weights.sum())) for w in weights]
    planted = [sum(s * int(rows[b, c]) for b, s in enumerate(sigma)) - F(1, 7) for c in range(cols)]
    a = np.vstack([rows.astype(object), np.array(planted, dtype=object)])
    g = NormalFormGame.from_bimatrix(a, np.zeros(a.shape, dtype=int))
    r = dominance_solve(g)
    removed = {(s.player_index, s.action_index) for s in r.details.steps}
    assert (0, k) in removed
    assert verify_trace(g, r.details.steps).shape == r.details.reduced.shape


# ----------------------------------------------------------------- issue 17: at any magnitude
def test_mixed_domination_near_1e15_is_found() -> None:
    # row 3 is strictly dominated by 1/2 row 1 + 1/2 row 2 (margin 1/2), 10**15 above the origin
    from berlinsim.io.nfg import parse_nfg

    game = parse_nfg('NFG 1 R "t" { "P1" "P2" } { 3 2 }\n1000000000000003 1 1000000000000000 0 1000000000000001 0 '
                     '1000000000000000 0 1000000000000003 1 1000000000000001 0')
    r = dominance_solve(game)
    step = r.details.steps[0]
    assert (step.player, step.action, step.strict, step.margin) == ("P1", "3", True, F(1, 2))
    assert step.dominator == (("1", F(1, 2)), ("2", F(1, 2)))
    verify_trace(game, r.details.steps)


def test_shifted_game_that_made_highs_fail_with_status_15() -> None:
    # the LP for a mixed dominator of the row player's payoffs + 10**12 ended in HiGHS' model status
    # 15 (unknown), a RuntimeError; it is now set up on the payoffs mapped onto [0, 1]
    a = np.array([[3, 0], [2, 0], [0, 2]], dtype=object)
    b = [[2, 3], [2, 2], [2, 2]]
    plain = dominance_solve(NormalFormGame.from_bimatrix(a, b))
    for shift in (10**12, 10**15, 10**18):
        shifted = dominance_solve(NormalFormGame.from_bimatrix(a + shift, b))
        assert [(s.player, s.action, s.dominator, s.margin) for s in shifted.details.steps] == \
            [(s.player, s.action, s.dominator, s.margin) for s in plain.details.steps]
        assert [eq.exact_strategies for eq in shifted.equilibria] == [eq.exact_strategies for eq in plain.equilibria]


def test_float_game_is_judged_relative_to_each_players_range() -> None:
    # the column player's payoffs are a billion times smaller than the row player's: her strict
    # preference for L (margin 1e-3) is below 1e-9 of the row player's payoffs, and still counts
    g = NormalFormGame.from_bimatrix([[3e6, 0.0], [0.0, 3e6], [1e6, 1e6]], [[2e-3, 1e-3]] * 3)
    r = dominance_solve(g)
    assert [(s.player, s.action) for s in r.details.steps] == [("1", "3"), ("2", "2"), ("1", "2")]
    assert [s.margin for s in r.details.steps] == pytest.approx([5e5, 1e-3, 3e6])
    assert r.equilibria[0].support == ((0,), (0,)) and r.complete
    verify_trace(g, r.details.steps)
