"""Tests of outcome analysis: Pareto efficiency, welfare, risk dominance."""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from berlinsim.errors import GameError
from berlinsim.model.normal_form import NormalFormGame
from berlinsim.analysis.outcomes import (
    Outcome,
    outcome,
    pareto_efficient,
    risk_dominance,
    strict_pure_equilibria,
    welfare,
)

PD = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]], actions=(("C", "D"), ("C", "D")))


def test_prisoners_dilemma_outcomes() -> None:
    front = pareto_efficient(PD)
    assert [o.actions for o in front] == [("C", "C"), ("C", "D"), ("D", "C")]
    assert front[0] == Outcome(cell=(0, 0), actions=("C", "C"), payoffs=(F(3), F(3)))
    w = welfare(PD)
    assert w.optimum == 6 and [o.cell for o in w.optimal] == [(0, 0)]
    assert w.totals.tolist() == [[6, 5], [5, 2]]
    with pytest.raises(ValueError):
        w.totals[0, 0] = 0


def test_stag_hunt_risk_dominance() -> None:
    # Harsanyi & Selten (1988): (Stag, Stag) is payoff-dominant, (Hare, Hare) risk-dominant
    stag = NormalFormGame.symmetric([[4, 0], [3, 3]], actions=("Stag", "Hare"))
    rd = risk_dominance(stag)
    assert rd.first.actions == ("Stag", "Stag") and rd.second.actions == ("Hare", "Hare")
    assert (rd.first_product, rd.second_product) == (1, 9)
    assert rd.dominant == rd.second
    assert welfare(stag).optimal[0].actions == ("Stag", "Stag")
    # the order of the arguments does not matter, and labels work
    rd2 = risk_dominance(stag, ("Hare", "Hare"), ("Stag", "Stag"))
    assert rd2.dominant.actions == ("Hare", "Hare") and rd2.first_product == 9


def test_risk_dominance_tie_and_asymmetric_game() -> None:
    coord = NormalFormGame.symmetric([[1, 0], [0, 1]])
    assert risk_dominance(coord).dominant is None
    # asymmetric: losses (5-1)*(1-0)=4 at (0,0) versus (2-0)*(3-0)=6 at (1,1)
    g = NormalFormGame.from_bimatrix([[5, 0], [1, 2]], [[1, 0], [0, 3]])
    rd = risk_dominance(g)
    assert (rd.first_product, rd.second_product) == (4, 6) and rd.dominant.cell == (1, 1)


def test_risk_dominance_errors() -> None:
    with pytest.raises(GameError, match="2x2"):
        risk_dominance(NormalFormGame.zero_sum([[1, 2, 3], [4, 5, 6]]))
    with pytest.raises(GameError, match="two strict equilibria; this game has 1"):
        risk_dominance(PD)
    weak = NormalFormGame.from_bimatrix([[1, 1], [0, 1]], [[1, 1], [0, 1]])
    with pytest.raises(GameError, match="not a strict equilibrium"):
        risk_dominance(weak, (0, 1), (1, 1))
    coord = NormalFormGame.symmetric([[1, 0], [0, 1]])
    with pytest.raises(GameError, match="different"):
        risk_dominance(coord, (0, 0), (0, 0))


def test_exact_comparison_beyond_float_resolution() -> None:
    # (0,0) beats (1,1) for player 1 by 1e-30: invisible in floats, decisive exactly
    tiny = F(1, 10**30)
    g = NormalFormGame.from_bimatrix([[1 + tiny, 0], [0, 1]], [[1, 0], [0, 1]])
    assert g.payoffs[0, 0, 0] == g.payoffs[0, 1, 1]
    assert [o.cell for o in pareto_efficient(g)] == [(0, 0)]
    assert [o.cell for o in welfare(g).optimal] == [(0, 0)]
    assert welfare(g).optimum == 2 + tiny


def test_float_game_and_outcome_helper() -> None:
    g = NormalFormGame.from_bimatrix(np.array([[1.5, 0.0], [0.0, 1.5]]), np.array([[1.0, 0.0], [0.0, 1.0]]))
    assert [o.cell for o in pareto_efficient(g)] == [(0, 0), (1, 1)]
    assert welfare(g).optimum == pytest.approx(2.5)
    assert outcome(g, ("2", "2")).payoffs == (1.5, 1.0)
    assert strict_pure_equilibria(g) == ((0, 0), (1, 1))


def test_three_players() -> None:
    u = np.zeros((3, 2, 2, 2), dtype=int)
    u[:, 0, 0, 0], u[:, 1, 1, 1] = 2, 1
    g = NormalFormGame.from_payoffs(u)
    assert [o.cell for o in pareto_efficient(g)] == [(0, 0, 0)]
    assert strict_pure_equilibria(g) == ((0, 0, 0), (1, 1, 1))


games = st.tuples(st.integers(1, 3), st.integers(0, 2**32 - 1), st.integers(1, 3)).map(
    lambda t: np.random.default_rng(t[1]).integers(0, t[2] + 1, size=(t[0], *np.random.default_rng(t[1] + 7).integers(1, 4, size=t[0])))
)


def _dominates(p: np.ndarray, q: np.ndarray) -> bool:
    return bool(np.all(p >= q) and np.any(p > q))


@settings(max_examples=60, deadline=None)
@given(games)
def test_pareto_front_matches_brute_force(u: np.ndarray) -> None:
    g = NormalFormGame.from_payoffs(u)
    cells = list(np.ndindex(*g.shape))
    vec = {c: u[(slice(None), *c)] for c in cells}
    expected = [c for c in cells if not any(_dominates(vec[d], vec[c]) for d in cells)]
    assert [o.cell for o in pareto_efficient(g)] == expected
    w = welfare(g)
    assert w.optimum == max(int(v.sum()) for v in vec.values())
    assert {o.cell for o in w.optimal} <= set(expected)  # a welfare optimum is Pareto-efficient
