"""explain on perfect Bayesian equilibria: each belief with its source and numbers, the range off the path,
the indifference a mixing receiver's belief creates, and the Intuitive Criterion and D1 in words.

Every number shown belongs to the equilibrium it is shown with: beliefs and ranges are compared with
that equilibrium's own assessment, and Bayes' rule on the path with reach probabilities computed here.
"""

from __future__ import annotations

import sys
from fractions import Fraction as F
from pathlib import Path

import numpy as np
from hypothesis import given, settings, strategies as st

from berlinsim.analysis._derivation_assessment import belief_views, refinement_lines
from berlinsim.analysis.derivation import derive
from berlinsim.model import behavior as bh
from berlinsim.reports._explain_belief_blocks import belief_sentence
from berlinsim.reports.explain_text import render_explanation
from berlinsim.solvers.pbe import pbe_solve

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "solvers"))
from _signalling_games import beer_quiche, game_from_tables, random_signalling_tables  # noqa: E402


def _flat_text(text: str) -> str:
    return " ".join(text.split())


def test_beer_quiche_beliefs_belong_to_their_equilibria():
    game = beer_quiche()
    result = pbe_solve(game)
    derivation = derive(game, result)
    for eq, view in zip(result.equilibria, derivation.equilibria):
        assert view.beliefs == belief_views(game, eq)
        by_set = {b.infoset: b for player in eq.beliefs for b in player}
        reach = bh.exact_realization_probabilities(game, eq.exact_behavior)
        shown = [b for b in by_set.values() if len(b.nodes) > 1]
        assert len(view.beliefs) == len(shown)
        for v, b in zip(view.beliefs, shown):
            assert v.source == b.source and v.beliefs == b.exact_belief and v.range == b.exact_range
            assert v.reaches == tuple(reach[n] for n in b.nodes)
            if v.source == "path":
                assert v.beliefs == tuple(r / sum(v.reaches) for r in v.reaches)
        assert view.refinements == refinement_lines(eq) and view.refinements[-1].startswith("Intuitive Criterion: ")


def test_beer_quiche_explanation_says_bayes_the_range_and_why_quiche_pooling_fails():
    game = beer_quiche()
    result = pbe_solve(game)
    text = _flat_text(render_explanation(derive(game, result)))
    assert "Beliefs, and what supports them" in text
    assert "Bayes' rule: (1) 1/10 / 1 = 1/10, (2) 9/10 / 1 = 9/10" in text
    assert "Duel is a best reply there for any belief in (1) from 1/2 to 1" in text
    # the pooling on quiche fails: the weak type cannot gain from beer, the strong one can
    quiche = [k for k, eq in enumerate(result.equilibria) if eq.signalling is not None and not eq.signalling.intuitive_criterion]
    assert quiche
    for k in quiche:
        assert "Intuitive Criterion: failed" in " ".join(derive(game, result).equilibria[k].refinements)
    assert ("beer: the weak type cannot gain from beer whatever the receiver believes (at most 2, against 3 in "
            "equilibrium); the strong type can; so the receiver should believe the strong type after beer") in text
    assert "fails the Intuitive Criterion" in text and "Intuitive Criterion: passed" in text


def test_a_mixing_receiver_off_the_path_gets_its_indifference_from_the_assessment():
    game = beer_quiche()
    result = pbe_solve(game)
    derivation = derive(game, result)
    mixed = [(eq, view) for eq, view in zip(result.equilibria, derivation.equilibria)
             if any(len(v.chosen) > 1 for v in view.beliefs)]
    assert mixed
    for eq, view in mixed:
        step = next(s for s in view.induction if s.kind == "information set" and len(s.chosen) > 1)
        assert step.belief_source == "assessment" and not step.on_path
        assert step.indifference is not None and step.indifference.solution == F(1, 2)
        belief = next(v for v in view.beliefs if len(v.chosen) > 1)
        assert belief.beliefs == (F(1, 2), F(1, 2)) and "for one admissible belief only" in belief_sentence(belief)


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_random_signalling_games_every_belief_shown_is_the_assessments(seed):
    prior, sender, receiver = random_signalling_tables(np.random.default_rng(seed))
    game = game_from_tables(prior, sender, receiver)
    result = pbe_solve(game)
    for eq, view in zip(result.equilibria, derive(game, result).equilibria):
        by_set = {(b.nodes, b.source): b for player in eq.beliefs for b in player}
        for v in view.beliefs:
            b = next(b for (nodes, source), b in by_set.items() if source == v.source and b.exact_belief == v.beliefs)
            assert v.range == b.exact_range
            # the play shown is a best reply at every extreme point of the range shown
            for mu in v.range:
                worth = [sum(m * row[a] for m, row in zip(mu, v.node_values)) for a in range(len(v.actions))]
                assert all(worth[a] == max(worth) for a in v.chosen)


def test_bayesian_chicken_belief_of_the_mixing_ussr_is_bayes_and_its_indifference_is_derived():
    from berlinsim.analysis.derivation import derive_run
    from berlinsim.io.scenario_yaml import load_scenario
    from berlinsim.scenarios.run import run_scenario

    root = Path(__file__).resolve().parents[3]
    run = run_scenario(load_scenario(root / "scenarios" / "08d_berlin_chicken_bayesian.yaml"))
    assert run.result.method == "pbe" and len(run.result.equilibria) == 3
    d = derive_run(run)
    mixed = next(e for e in d.equilibria if any(len(v.chosen) > 1 for v in e.beliefs))
    (view,) = mixed.beliefs
    assert view.source == "path" and view.beliefs == (0, F(1, 20), F(9, 10), F(1, 20))
    step = next(s for s in mixed.induction if s.kind == "information set")
    assert step.indifference.solution == F(1, 10) and step.belief_source == "bayes"
    text = _flat_text(render_explanation(d))
    assert ("Bayes' rule: (1) 0 / 1 = 0, (2) 1/20 / 1 = 1/20, (3) 9/10 / 1 = 9/10, (4) 1/20 / 1 = 1/20. Against this "
            "belief USSR mixes Back and Press: this belief makes them equally good") in text
