"""Trees: explain walks in the order backward induction takes, and states the beliefs that make mixing players indifferent.

The order of the steps is the subgame-perfect solver's trace (deepest subgame first) and,
inside a subgame with imperfect information, children before parents. Every belief stated is
Bayes' rule on the equilibrium (or the equilibrium's own plan off the path,
:func:`berlinsim.model.behavior.plan_beliefs`); where a player mixes at an information set the
belief that makes them indifferent is the one Bayes' rule gives, and an earlier mix that
produces it is the equilibrium's.
"""

from __future__ import annotations

from fractions import Fraction as F
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from berlinsim.analysis._derivation_tree import backward_order
from berlinsim.analysis.derivation import derive, derive_run
from berlinsim.io.scenario_yaml import load_scenario
from berlinsim.model import behavior as bh
from berlinsim.model.extensive import ExtensiveGame, chance, decision, terminal
from berlinsim.reports.explain_text import render_explanation
from berlinsim.scenarios.run import run_scenario
from berlinsim.solvers.spe import spe_solve

SCENARIOS = Path(__file__).resolve().parents[3] / "scenarios"
TREES = [p for p in sorted(SCENARIOS.glob("*.yaml")) if load_scenario(p).kind != "matrix"]


def check_order(game, steps, trace=None):
    """Subgames in the trace's order, one block each; inside a block, every step after the steps below it."""
    blocks = []
    for s in steps:
        if not blocks or blocks[-1] != s.subgame:
            blocks.append(s.subgame)
    assert len(blocks) == len(set(blocks))  # each subgame is one block of steps
    if trace is not None:
        assert blocks == [t.node for t in trace]
        single = {t.node for t in trace if t.kind != "subgame"}
        assert all(s.node == s.subgame for s in steps if s.subgame in single)
    nodes = {s.node: (game.infosets[int(game.infoset[s.node])].nodes if s.kind == "information set" else (s.node,))
             for s in steps}
    seen: set[int] = set()
    for s in steps:
        for n in nodes[s.node]:
            for other in steps:
                if other.node != s.node and any(n < m < int(game.subtree_end[n]) for m in nodes[other.node]):
                    assert other.node in seen, (s.node, other.node)
        seen.add(s.node)


def check_beliefs(game, eq, steps):
    exact = eq.exact_behavior is not None
    behavior = eq.exact_behavior if exact else eq.behavior
    reach = (bh.exact_realization_probabilities if exact else bh.realization_probabilities)(game, behavior)
    flat = bh.flatten_behavior(game, behavior, exact=exact)
    for s in steps:
        if s.kind != "information set":
            assert s.indifference is None
            continue
        h = int(game.infoset[s.node])
        nodes = game.infosets[h].nodes
        total = sum(reach[n] for n in nodes)
        if s.belief_source == "bayes":
            assert s.beliefs == tuple(reach[n] / total for n in nodes)
        elif s.belief_source == "subgame":
            assert total == 0 and list(s.beliefs) == bh.plan_beliefs(game, flat, h, exact=exact, fallback=False)
        i = game.players.index(s.player)
        if s.indifference is None:  # a mix off the path need not be a best reply; on the path it must be
            assert len(s.chosen) < 2 or not s.beliefs or (not s.on_path and len({s.values[a][i] for a in s.chosen}) > 1)
            continue
        view = s.indifference
        assert len(s.chosen) > 1 and sorted(n for g in view.groups for n in g) == list(range(len(nodes)))
        assert view.beliefs == tuple(sum(s.beliefs[n] for n in g) for g in view.groups)
        assert len({s.values[a][i] for a in s.chosen}) == 1  # the mixed actions are equally good under the beliefs
        if view.solution is not None and s.belief_source in ("bayes", "subgame"):
            assert view.solution == view.beliefs[1]  # the belief that makes the mover indifferent is Bayes'
    for s in steps:
        for pin in s.pinned_by:
            h = int(game.infoset[s.node])
            first = game.infosets[h].actions.index(pin.actions[0])
            assert pin.solution == flat[int(game.action_offset[h]) + first]
            f = pin.solution
            belief = (pin.numerator[0] + pin.numerator[1] * f) / (pin.denominator[0] + pin.denominator[1] * f)
            assert belief == pin.target


@pytest.mark.parametrize("path", TREES, ids=lambda p: p.stem)
def test_scenario_trees_walk_in_the_order_of_backward_induction(path):
    run = run_scenario(load_scenario(path))
    d = derive_run(run)
    trace = run.result.details.trace if run.result.method == "spe" else None
    for view, eq in zip(d.equilibria, run.result.equilibria):
        check_order(run.game, view.induction, trace if view.number == 1 else None)
        check_beliefs(run.game, eq, view.induction)


def test_bayesian_chicken_states_the_belief_that_makes_the_ussr_indifferent_and_the_us_mix_behind_it():
    run = run_scenario(load_scenario(SCENARIOS / "08d_berlin_chicken_bayesian.yaml"), method="spe")
    d = derive_run(run)
    assert [t.node for t in run.result.details.trace] == [0]  # one subgame: the whole game, solved as a whole
    mixed = next(v for v in d.equilibria if any(s.indifference for s in v.induction))
    ussr, irresolute, resolute, nature = mixed.induction
    assert [(s.kind, s.player) for s in mixed.induction] == [
        ("information set", "USSR"), ("decision", "US"), ("decision", "US"), ("chance", "")]
    view = ussr.indifference
    assert view.groups == ((0, 2), (1, 3)) and view.names == ("after US chose Yield", "after US chose Firm")
    assert view.solution == F(1, 10) == view.beliefs[1]
    (pin,) = irresolute.pinned_by
    assert (pin.player, pin.actions, pin.target, pin.solution) == ("USSR", ("Yield", "Firm"), F(1, 10), F(18, 19))
    text = " ".join(render_explanation(d).split())
    assert "with m = USSR's belief in (2, 4) after US chose Firm: Back -10m Press 10(1 - m) - 100m = 10 - 110m " \
           "-10m = 10 - 110m => m = 1/10" in text
    assert "Bayes' rule gives exactly this belief: (2) 1/20 + (4) 1/20 = 1/10." in text
    assert "1 - (19/20)f = 1/10 => f = 18/19" in text
    assert text.index("USSR at \u201cussr_move\u201d") < text.index("US at \u201can irresolute US chooses\u201d")
    check_beliefs(run.game, run.result.equilibria[d.equilibria.index(mixed)], mixed.induction)


def test_backward_order_puts_an_information_set_after_every_node_below_it():
    # B's information set spans A's two moves; A's second move sits between B's nodes in preorder
    inner = decision("A", {"L": decision("B", {"l": terminal(1, 1), "r": terminal(-1, 0)}, infoset="guess"),
                           "R": decision("A", {"u": decision("B", {"l": terminal(-1, 0), "r": terminal(1, 2)},
                                                                  infoset="guess"),
                                               "d": terminal(0, 0)}, infoset="again")}, infoset="second")
    game = ExtensiveGame.from_tree(decision("A", {"Out": terminal(0, 0), "In": inner}, infoset="first"),
                                   players=("A", "B"))
    order = backward_order(game)
    names = [game.infosets[int(game.infoset[n])].label for _, n in order]
    assert names.index("guess") < names.index("again") < names.index("second") < names.index("first")
    result = spe_solve(game)
    for view, eq in zip(derive(game, result).equilibria, result.equilibria):
        check_order(game, view.induction, result.details.trace if view.number == 1 else None)
        check_beliefs(game, eq, view.induction)


payoff = st.integers(-3, 3)


@st.composite
def guessing_trees(draw):
    """A may stay out; inside, (chance and) A's move, which B does not see; sometimes A moves again after B."""
    def after_b():
        if draw(st.booleans()):
            return decision("A", {"x": terminal(draw(payoff), draw(payoff)), "y": terminal(draw(payoff), draw(payoff))},
                            infoset=f"late{draw(st.integers(0, 1))}")
        return terminal(draw(payoff), draw(payoff))

    def guess():
        return decision("B", {"l": after_b(), "r": after_b()}, infoset="guess")

    def moves(name):
        return decision("A", {f"a{k}": guess() for k in range(draw(st.integers(2, 3)))}, infoset=name)

    inner = chance({"c0": ("1/3", moves("m0")), "c1": ("2/3", moves("m1"))}) if draw(st.booleans()) else moves("m0")
    return ExtensiveGame.from_tree(decision("B", {"out": terminal(draw(payoff), draw(payoff)), "in": inner},
                                            infoset="start"), players=("A", "B"))


@settings(max_examples=40, deadline=None)
@given(guessing_trees())
def test_random_trees_with_information_sets_follow_the_trace_and_bayes_rule(game):
    result = spe_solve(game, cap=4)
    d = derive(game, result)
    for view, eq in zip(d.equilibria, result.equilibria):
        check_order(game, view.induction, result.details.trace if view.number == 1 else None)
        check_beliefs(game, eq, view.induction)
        assert view.verification.holds
