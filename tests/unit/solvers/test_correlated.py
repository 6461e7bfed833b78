"""Correlated equilibria: the polytope's optima and vertices, exact, with obedience constraints."""

from __future__ import annotations

import itertools
from fractions import Fraction as F

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from berlinsim.io.json_out import result_to_json
from berlinsim.model.correlated import obedience
from berlinsim.model.normal_form import NormalFormGame
from berlinsim.solvers import solve
from berlinsim.solvers.correlated import correlated_solve
from berlinsim.solvers.enummixed import enummixed_solve
from berlinsim.solvers.enumpoly import enumpoly_solve


def aumann_chicken() -> NormalFormGame:
    """Aumann (1974), 'Subjectivity and correlation in randomized strategies', J. Math. Econ. 1:
    payoffs (6, 6), (2, 7), (7, 2), (0, 0)."""
    return NormalFormGame.from_bimatrix([[6, 2], [7, 0]], [[6, 7], [2, 0]], actions=(("C", "D"), ("C", "D")))


def _in_triangle(point, a, b, c) -> bool:
    """Exact point-in-triangle test (barycentric signs)."""
    def cross(o, p, q):
        return (p[0] - o[0]) * (q[1] - o[1]) - (p[1] - o[1]) * (q[0] - o[0])
    d1, d2, d3 = cross(a, b, point), cross(b, c, point), cross(c, a, point)
    return not ((min(d1, d2, d3) < 0) and (max(d1, d2, d3) > 0))


def test_aumann_chicken_correlated_payoffs_outside_the_nash_hull() -> None:
    game = aumann_chicken()
    third = F(1, 3)
    cells = ((0, 0), (0, 1), (1, 0))
    # Aumann's device: (C, C), (C, D), (D, C) with probability 1/3 each; every constraint holds
    assert all(row.slack >= 0 for row in obedience(game, cells, (third, third, third)))
    payoff = (F(5), F(5))
    nash = [eq.exact_payoffs for eq in enummixed_solve(game).equilibria]
    assert sorted(nash) == sorted([(F(2), F(7)), (F(7), F(2)), (F(14, 3), F(14, 3))])
    assert not _in_triangle(payoff, *nash)
    # and the best correlated equilibrium does better still: (21/4, 21/4)
    r = correlated_solve(game)
    best = r.equilibria[0]
    assert best.roles[0] == "max welfare" and best.exact_payoffs == (F(21, 4), F(21, 4))
    assert r.details.max_welfare == F(21, 2) and r.details.certified and r.exact
    assert dict(best.distribution) == {(0, 0): F(1, 2), (0, 1): F(1, 4), (1, 0): F(1, 4)}
    assert r.complete and r.details.vertices == 5
    vertices = {tuple(sorted(eq.distribution)) for eq in r.equilibria if "vertex" in eq.roles}
    assert tuple(sorted({(0, 0): F(4, 9), (0, 1): F(2, 9), (1, 0): F(2, 9), (1, 1): F(1, 9)}.items())) in vertices


def test_each_player_best_and_worst() -> None:
    r = correlated_solve(aumann_chicken())
    assert r.details.best == (F(7), F(7)) and r.details.worst == (F(2), F(2))
    roles = {role for eq in r.equilibria for role in eq.roles}
    assert {"best for 1", "worst for 1", "best for 2", "worst for 2"} <= roles


def test_coarse_contains_correlated() -> None:
    game = aumann_chicken()
    fine, coarse = correlated_solve(game), correlated_solve(game, coarse=True)
    assert coarse.details.coarse and coarse.details.max_welfare >= fine.details.max_welfare
    for eq in fine.equilibria:  # every correlated equilibrium is coarse correlated
        assert all(row.slack >= 0 for row in obedience(game, eq.cells, eq.exact_probabilities, coarse=True))


def test_json_lists_distributions_welfare_first() -> None:
    out = result_to_json(correlated_solve(aumann_chicken()))
    first = out["equilibria"][0]
    assert first["roles"][0] == "max welfare"
    assert first["distribution"][0] == {"profile": ["C", "C"], "probability": 0.5, "probability_exact": "1/2"}
    assert first["payoffs"] == [5.25, 5.25] and first["regret"] == 0.0


def test_three_players_and_float_games() -> None:
    rng = np.random.default_rng(0)
    g = NormalFormGame.from_payoffs(rng.normal(size=(3, 2, 2, 2)))
    r = solve(g, "correlated")
    assert not r.exact and all(eq.regret <= r.tolerance for eq in r.equilibria)
    assert abs(sum(r.equilibria[0].probabilities) - 1) < 1e-9


def _product(eq) -> dict:
    out = {}
    for cell in itertools.product(*(range(len(s)) for s in eq.exact_strategies)):
        p = F(1)
        for i, a in enumerate(cell):
            p *= eq.exact_strategies[i][a]
        if p:
            out[cell] = p
    return out


small = st.integers(min_value=-3, max_value=3)


@settings(max_examples=30, deadline=None)
@given(st.sampled_from([(2, 2), (2, 3), (3, 3), (2, 2, 2)]), st.data())
def test_every_nash_equilibrium_is_in_the_polytope_and_optima_are_optimal(shape, data) -> None:
    values = data.draw(st.lists(small, min_size=len(shape) * int(np.prod(shape)), max_size=len(shape) * int(np.prod(shape))))
    game = NormalFormGame.from_payoffs(np.array(values).reshape((len(shape), *shape)))
    r = correlated_solve(game)
    nash = enummixed_solve(game) if len(shape) == 2 else enumpoly_solve(game)
    welfare = r.details.max_welfare
    for eq in nash.equilibria:
        if eq.exact_strategies is None:
            continue
        dist = _product(eq)
        cells, probs = list(dist), list(dist.values())
        assert all(row.slack >= 0 for row in obedience(game, cells, probs))
        assert sum(eq.exact_payoffs) <= welfare
        for i, u in enumerate(eq.exact_payoffs):
            assert r.details.worst[i] <= u <= r.details.best[i]
    for eq in r.equilibria:
        assert eq.exact_regret == 0 and sum(eq.exact_probabilities) == 1
