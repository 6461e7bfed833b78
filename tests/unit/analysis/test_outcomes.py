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


# ----------------------------------------------------------------------------- a solved scenario's equilibria
SCENARIOS = __import__("pathlib").Path(__file__).resolve().parents[3] / "scenarios"


def _run(stem: str, **kw):
    from berlinsim.io.scenario_yaml import load_scenario
    from berlinsim.scenarios.run import run_scenario

    return run_scenario(load_scenario(next(SCENARIOS.glob(f"{stem}*.yaml"))), **kw)


def test_efficiency_of_berlin_chicken():
    from fractions import Fraction

    from berlinsim.analysis.outcomes import efficiency

    run = _run("08_berlin_chicken")
    judged = efficiency(run)
    # the two pure equilibria split 10 / -10; the mixed one (-1, -1) is dominated by the status quo (0, 0)
    assert [e.welfare for e in judged.equilibria] == [0, -2, 0]
    assert [e.efficient for e in judged.equilibria] == [True, False, True]
    mixed = judged.equilibria[1]
    assert (mixed.dominated_by, mixed.dominating_payoffs, mixed.dominating_count) == ("Yield / Back", (0, 0), 1)
    assert judged.optimum == 0 and judged.outcomes == 4 and judged.equilibria[0].welfare == Fraction(0)
    # risk dominance: each pure equilibrium's deviation losses are 90 and 10 (c_war = c_war_su = 100): a tie
    assert judged.risk_compared == (1, 3) and judged.risk_products == (900, 900) and judged.risk_dominant is None
    bluff = efficiency(_run("08_berlin_chicken", overrides={"c_war_su": 50}))
    assert bluff.risk_products == (900, 400) and bluff.risk_dominant == 1  # the side that loses less in war


def test_efficiency_in_a_tree_compares_the_equilibria_with_every_pure_strategy_profile():
    from berlinsim.analysis.outcomes import efficiency
    from berlinsim.model.reduced_normal_form import to_reduced_normal_form

    run = _run("08d_berlin_chicken_bayesian")
    judged = efficiency(run)
    table, _ = to_reduced_normal_form(run.game)
    assert judged.outcomes == table.num_cells and judged.risk_compared == ()
    # brute force: an equilibrium is efficient iff no cell of the reduced normal form dominates it
    u = table.exact_payoffs
    cells = [tuple(u[(i, *c)] for i in range(2)) for c in np.ndindex(*table.shape)]
    for eq, e in zip(run.result.equilibria, judged.equilibria):
        dominated = [c for c in cells if _dominates(np.array(c), np.array(eq.exact_payoffs))]
        assert e.efficient == (not dominated) and e.dominating_count == len(dominated)
        assert e.welfare == sum(eq.exact_payoffs)
    assert judged.optimum == max(sum(c) for c in cells)


def test_efficiency_in_floats_judges_as_in_exact_arithmetic_whatever_a_players_scale():
    """Float payoffs take the tolerance path (one tolerance per player, in her own units): the
    verdicts equal the exact ones, also when one player's payoffs are scaled by 1e6."""
    from types import SimpleNamespace

    from berlinsim.analysis.outcomes import efficiency
    from berlinsim.solvers import solve

    def judged(a, b):
        game = NormalFormGame.from_bimatrix(a, b, players=("US", "USSR"), actions=(("Yield", "Firm"), ("Back", "Press")))
        labels = ("Yield / Back", "Yield / Press", "Firm / Back", "Firm / Press")
        built = SimpleNamespace(game=game, outcome_labels=labels, attribute_names=(), exact=game.is_exact,
                                outcome_attributes=np.empty((2, 2, 0), dtype=object if game.is_exact else float))
        run = SimpleNamespace(game=game, result=solve(game, "enummixed"), built=built)
        return [(e.efficient, e.dominated_by, e.dominating_count) for e in efficiency(run).equilibria]

    exact = judged([[0, -10], [10, -100]], [[0, 10], [-10, -100]])
    assert judged([[0.0, -10.0], [10.0, -100.0]], [[0.0, 10.0], [-10.0, -100.0]]) == exact
    assert judged([[0.0, -10.0], [10.0, -100.0]], [[0.0, 1e7], [-1e7, -1e8]]) == exact
    assert sorted(exact) == [(False, "Yield / Back", 1), (True, "", 0), (True, "", 0)]
