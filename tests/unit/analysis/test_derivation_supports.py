"""explain for support enumeration with three players: each support's polynomial indifference equations."""

from fractions import Fraction as F

import numpy as np

from berlinsim.analysis.derivation import derive
from berlinsim.model.normal_form import NormalFormGame
from berlinsim.model.profile import exact_payoffs_and_regret
from berlinsim.reports.explain_text import render_explanation
from berlinsim.solvers.enumpoly import enumpoly_solve


def _evaluate(terms, values):
    total = F(0)
    for c, monomial in terms:
        term = F(c)
        for name in monomial:
            term *= values[name]
        total += term
    return total


def test_equations_hold_at_the_equilibrium_and_payoffs_are_its_own() -> None:
    # three players, two actions each, random integer payoffs: every listed mixed equilibrium
    # solves its support's equations, and each payoff polynomial gives the action's payoff there
    for seed in range(6):
        rng = np.random.default_rng(seed)
        game = NormalFormGame.from_payoffs(rng.integers(-3, 4, size=(3, 2, 2, 2)))
        r = enumpoly_solve(game)
        d = derive(game, r)
        for system in d.supports:
            for number, values in zip(system.equilibria, system.values):
                eq = r.equilibria[number - 1]
                if eq.exact_strategies is None:
                    continue
                point = dict(values)
                for a, b in system.equations:
                    assert _evaluate(system.payoffs[a].terms, point) == _evaluate(system.payoffs[b].terms, point)
                payoffs = exact_payoffs_and_regret(game, eq.exact_strategies)[1]
                for poly in system.payoffs:  # used actions earn the equilibrium payoff
                    assert _evaluate(poly.terms, point) == payoffs[game.players.index(poly.player)]


def test_irrational_and_unresolved_supports_in_words() -> None:
    u = np.zeros((3, 2, 2, 2), dtype=int)
    for i in range(3):
        u[i, 0, 0, 0], u[i, 1, 1, 1] = 2, 1
    game = NormalFormGame.from_payoffs(u, players=("A", "B", "C"), actions=(("x", "y"),) * 3)
    text = render_explanation(derive(game, enumpoly_solve(game)))
    assert "Support enumeration: the indifference equations" in text
    assert "Unknowns: p = P(A plays y), q = P(B plays y), r = P(C plays y)" in " ".join(text.split())
    assert "A x 2 + 2qr - 2q - 2r" in " ".join(text.split())
    assert "Solved exactly, as an algebraic point: equilibrium 2" in " ".join(text.split())
    assert "what pins each strategy down" not in text  # the support's system replaces the one-player-at-a-time view
    # a continuum: players 1 and 2 coordinate, player 3 is indifferent
    u = np.zeros((3, 2, 2, 2), dtype=int)
    u[0, 0, 0, :], u[0, 1, 1, :] = 1, 1
    u[1, 0, 0, :], u[1, 1, 1, :] = 1, 1
    game = NormalFormGame.from_payoffs(u)
    r = enumpoly_solve(game)
    d = derive(game, r)
    unsettled = [s for s in d.supports if s.status != "solved"]
    assert unsettled and all(s.reason for s in unsettled)
    assert "These equations have infinitely many solutions." in " ".join(render_explanation(d).split())
