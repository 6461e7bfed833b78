"""explain for correlated equilibria: the obedience inequalities, which bind at each distribution, vertices."""

from fractions import Fraction as F

import numpy as np

from berlinsim.analysis.derivation import derive
from berlinsim.model.correlated import obedience
from berlinsim.model.normal_form import NormalFormGame
from berlinsim.reports.explain_latex import render_latex
from berlinsim.reports.explain_text import render_explanation
from berlinsim.solvers.correlated import correlated_solve


def aumann_chicken() -> NormalFormGame:
    """Aumann (1974): payoffs (6, 6), (2, 7), (7, 2), (0, 0)."""
    return NormalFormGame.from_bimatrix([[6, 2], [7, 0]], [[6, 7], [2, 0]], players=("US", "USSR"),
                                        actions=(("Swerve", "Straight"), ("Swerve", "Straight")))


def test_binding_inequalities_are_those_with_zero_slack_at_the_distribution() -> None:
    game = aumann_chicken()
    r = correlated_solve(game)
    d = derive(game, r)
    view = d.correlated
    assert d.equilibria == () and view is not None and not view.coarse
    assert len(view.distributions) == len(r.equilibria) == 5
    for line, eq in zip(view.distributions, r.equilibria):
        assert line.payoffs == eq.exact_payoffs
        assert dict(zip(((0, 0), (0, 1), (1, 0), (1, 1)), line.probabilities)) == dict(eq.distribution) | {
            c: 0 for c in ((0, 0), (0, 1), (1, 0), (1, 1)) if c not in dict(eq.distribution)}
        tight = {(o.player, o.recommended) for o in obedience(game, eq.cells, eq.exact_probabilities) if o.slack == 0}
        named = {(d.players.index(view.constraints[k].player), game.actions[0].index(view.constraints[k].told))
                 for k in line.binding}
        assert named == tight
        assert line.is_vertex  # every listed distribution is a vertex of the polytope
    # Aumann's best device (1/2, 1/4, 1/4, 0): both "told Swerve" inequalities bind
    first = view.distributions[0]
    assert first.probabilities == (F(1, 2), F(1, 4), F(1, 4), F(0))
    assert [(view.constraints[k].player, view.constraints[k].told) for k in first.binding] == [("US", "Swerve"),
                                                                                               ("USSR", "Swerve")]


def test_text_states_the_inequalities_and_the_binding_ones() -> None:
    game = aumann_chicken()
    text = " ".join(render_explanation(derive(game, correlated_solve(game))).split())
    assert "Correlated equilibria: the obedience inequalities" in text
    assert "US told Swerve, not Straight 6p1 + 2p2 >= 7p1 => -p1 + 2p2 >= 0" in text
    assert "p1 = 1/2, p2 = 1/4, p3 = 1/4, p4 = 0. Expected payoffs: US 5.25, USSR 5.25." in text
    assert "it is a vertex of the polytope" in text
    assert "Equilibria, checked" not in text and "found no equilibrium" not in text
    assert r"6p_{1} + 2p_{2} \ge 7p_{1}" in render_latex(derive(game, correlated_solve(game)))


def test_coarse_and_three_players() -> None:
    game = aumann_chicken()
    d = derive(game, correlated_solve(game, coarse=True))
    assert d.correlated.coarse and all(c.told is None for c in d.correlated.constraints)
    assert "US, not committing to Straight" in render_explanation(d)
    rng = np.random.default_rng(5)
    three = NormalFormGame.from_payoffs(rng.integers(0, 4, size=(3, 2, 2, 2)))
    d = derive(three, correlated_solve(three))
    assert len(d.correlated.cells) == 8 and d.correlated.distributions
