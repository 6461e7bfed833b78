"""The derivation's numbers are the solver's: equilibria, payoffs, derived strategies, backward-induction values.

Checked on every scenario in ``scenarios/`` (with its own method), on textbook games, and on
random games (hypothesis).
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from berlinsim.analysis.derivation import derive, derive_run, method_text
from berlinsim.io.scenario_yaml import load_scenario
from berlinsim.model.extensive import ExtensiveGame, chance, decision, terminal
from berlinsim.model.normal_form import NormalFormGame
from berlinsim.model.reduced_normal_form import to_reduced_normal_form
from berlinsim.scenarios.run import run_scenario
from berlinsim.solvers.dominance import dominance_solve
from berlinsim.solvers.enummixed import enummixed_solve
from berlinsim.solvers.pure import pure_solve
from berlinsim.solvers.spe import spe_solve

SCENARIOS = sorted((Path(__file__).resolve().parents[3] / "scenarios").glob("*.yaml"))
_RUNS: dict[str, object] = {}


def solved(path: Path):
    if path.name not in _RUNS:
        run = run_scenario(load_scenario(path))
        _RUNS[path.name] = (run, derive_run(run))
    return _RUNS[path.name]


def exact_strategies(eq):
    return eq.exact_strategies if eq.exact_strategies is not None else eq.strategies


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_every_scenario_derivation_matches_the_solver(path):
    run, d = solved(path)
    result = run.result
    assert d.method == result.method and d.source == run.scenario.id and d.title == run.scenario.title
    assert len(d.equilibria) == len(result.equilibria) > 0
    assert d.memo is not None and d.memo.teaching_note and d.memo.paragraphs == run.scenario.paragraphs
    for view, eq, outcome in zip(d.equilibria, result.equilibria, run.outcomes):
        expected = eq.exact_payoffs if eq.exact_payoffs is not None else eq.payoffs
        assert view.payoffs == tuple(expected)
        table = view.verification
        assert table.holds and table.payoffs == tuple(expected)
        assert dict(view.outcomes) == {k: v for k, v in outcome.distribution if v > 0}
        for p, player in enumerate(d.players):
            rows = [r for r in table.rows if r.player == player]
            assert rows and all(r.gain == r.payoff - table.payoffs[p] for r in rows)
            assert all(r.gain <= 0 for r in rows)
            if table.kind in ("actions", "strategies"):
                assert max(r.payoff for r in rows) == table.best_values[p]  # the table holds every pure option
            assert all(r.gain == 0 for r in rows if r.used)


@pytest.mark.parametrize("path", [p for p in SCENARIOS if load_scenario(p).kind == "matrix"], ids=lambda p: p.stem)
def test_matrix_scenarios_pure_search_and_derived_strategies_equal_the_solver(path):
    run, d = solved(path)
    game = run.game
    pure = {tuple(game.actions[i][s.index(1)] for i, s in enumerate(exact_strategies(eq)))
            for eq in run.result.equilibria if eq.is_pure}
    assert set(d.pure.equilibria) == pure  # enummixed lists every equilibrium: all pure ones
    assert d.pure.equilibria == tuple(
        tuple(game.actions[i][a] for i, a in enumerate(cell)) for cell in
        (tuple(s.index(1) for s in exact_strategies(eq)) for eq in pure_solve(game).equilibria))
    for view, eq in zip(d.equilibria, run.result.equilibria):
        assert view.kind == ("pure" if eq.is_pure else "mixed") and len(view.mixes) == game.num_players
        for m in view.mixes:
            j = game.players.index(m.mixer)
            mix = dict(zip(game.actions[j], exact_strategies(eq)[j]))
            assert m.strategy == tuple(mix[a] for a in m.actions)
            assert all(mix[a] == 0 for a in game.actions[j] if a not in m.actions)
            if m.is_pinned:
                assert tuple(a[0] for a in m.affine) == m.strategy
            for i in m.incentives:  # every action another player uses earns them their equilibrium payoff
                payoff = eq.exact_payoffs[game.players.index(i.player)]
                assert all(sum(c * p for c, p in zip(row, m.strategy)) == payoff for row in i.used_rows)
                assert all(sum(c * p for c, p in zip(row, m.strategy)) <= payoff for row in i.unused_rows)


def test_dominance_steps_prove_themselves_and_06_is_solved_by_dominance():
    path = next(p for p in SCENARIOS if p.name.startswith("06_"))
    run, d = solved(path)
    trace = dominance_solve(run.game).details
    assert d.dominance.verified and d.dominance.solved
    assert [(s.player, s.action) for s in d.dominance.steps] == [(s.player, s.action) for s in trace.steps]
    assert d.dominance.remaining == (("P",), ("H",))
    for step in d.dominance.steps:
        gains = [c.dominator_payoff - c.action_payoff for c in step.comparisons]
        assert min(gains) == step.margin > 0
    survivor = tuple(a[0] for a in d.dominance.remaining)
    assert d.pure.equilibria == (survivor,)


def test_british_readiness_dominance_uses_the_kennedy_plan():
    path = next(p for p in SCENARIOS if p.name.startswith("03_"))
    _, d = solved(path)
    (step,) = d.dominance.steps
    assert (step.player, step.action, dict(step.dominator)["K"]) == ("US", "S", 1)
    assert [(c.against, c.dominator_payoff, c.action_payoff) for c in step.comparisons] == [
        (("F",), Fraction(9, 4), Fraction(3, 4)), (("S",), Fraction(11, 2), Fraction(2))]
    assert not d.dominance.solved


@pytest.mark.parametrize("path", [p for p in SCENARIOS if load_scenario(p).method == "spe"], ids=lambda p: p.stem)
def test_backward_induction_values_equal_the_spe_trace(path):
    run, d = solved(path)
    trace = {step.node: step for step in run.result.details.trace if step.kind in ("decision", "chance")}
    steps = {step.node: step for step in d.equilibria[0].induction}
    for node, spe_step in trace.items():
        mine = steps[node]
        assert mine.kind == spe_step.kind and mine.actions == spe_step.actions
        assert mine.values == tuple(tuple(Fraction(x) for x in v) for v in spe_step.values)
        assert mine.chosen == spe_step.chosen and mine.tied == spe_step.tied and mine.on_path == spe_step.on_path
        assert mine.value == tuple(Fraction(x) for x in spe_step.value)


def test_information_set_values_are_belief_weighted_and_match_the_choice():
    path = next(p for p in SCENARIOS if p.name.startswith("01_"))
    run, d = solved(path)
    (us,) = [s for s in d.equilibria[0].induction if s.kind == "information set" and s.player == "US"]
    assert us.belief_source == "bayes" and us.beliefs == (Fraction(1, 5), Fraction(4, 5))
    assert us.situations == ("if reasonable", "if hardline")
    for a, per in enumerate(us.values):
        assert per[0] == sum(b * row[a] for b, row in zip(us.beliefs, us.node_values))
    best = max(v[0] for v in us.values)
    assert [us.values[a][0] for a in us.chosen] == [best]
    assert best == d.equilibria[0].payoffs[0]  # the root is chance, then the US moves without seeing it


def test_agent_qre_scenario_uses_the_methods_beliefs_off_the_path():
    path = next(p for p in SCENARIOS if p.name.startswith("05_"))
    run = run_scenario(load_scenario(path), method="agent_qre")
    d = derive_run(run)
    assert "sequential equilibrium" in d.method_text
    sources = {s.belief_source for s in d.equilibria[0].induction if s.kind == "information set"}
    assert "bayes" in sources
    for step in d.equilibria[0].induction:
        if step.kind == "information set" and step.beliefs:
            assert abs(sum(float(b) for b in step.beliefs) - 1) < 1e-9
            assert all(step.values[a][d.players.index(step.player)] >= max(v[d.players.index(step.player)]
                                                                           for v in step.values) - 1e-6
                       for a in step.chosen)


def test_us_first_chicken_contrasts_a_nash_equilibrium_resting_on_an_empty_threat():
    path = next(p for p in SCENARIOS if p.name.startswith("08b_"))
    run, d = solved(path)
    view = d.credibility
    assert view.nash_count == len(pure_solve(to_reduced_normal_form(run.game)[0]).equilibria) == 3
    assert all(t.credible for t in view.off_path)
    yielding = [c for c in view.contrasts if c.strategies[0] == "Yield"]
    assert yielding and yielding[0].payoffs == (-10, 10)
    threat = yielding[0].threats[0]
    assert (threat.player, threat.action, threat.best, threat.value, threat.best_value, threat.credible) == (
        "USSR", "Press", "Back", -100, -10, False)


def test_entry_deterrence_textbook():
    entry = ExtensiveGame.from_tree(
        decision("Entrant", {"Out": terminal(0, 2),
                             "In": decision("Incumbent", {"Fight": terminal(-1, -1), "Accommodate": terminal(1, 1)})}),
        title="Entry deterrence")
    d = derive(entry, spe_solve(entry), source="entry.efg")
    assert d.kind == "tree" and d.title == "Entry deterrence" and d.memo is None
    assert d.equilibria[0].verification.kind == "strategies"
    assert [r.strategy for r in d.equilibria[0].verification.rows] == ["Out", "In", "Fight", "Accommodate"]
    (contrast,) = d.credibility.contrasts
    assert contrast.strategies == ("Out", "Fight") and contrast.payoffs == (0, 2)


def test_method_text_covers_every_scenario_method_and_falls_back():
    for path in SCENARIOS:
        assert method_text(load_scenario(path).method)
    assert method_text("no such method") == ""


# ----------------------------------------------------------------------------- properties
payoff = st.integers(-5, 5)


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 3), st.integers(2, 3), st.data())
def test_random_bimatrix_mixed_equilibria_are_rederived(rows, cols, data):
    a = [[data.draw(payoff) for _ in range(cols)] for _ in range(rows)]
    b = [[data.draw(payoff) for _ in range(cols)] for _ in range(rows)]
    game = NormalFormGame.from_bimatrix(a, b)
    result = enummixed_solve(game)
    d = derive(game, result)
    for view, eq in zip(d.equilibria, result.equilibria):
        assert view.verification.holds
        for m in view.mixes:
            j = game.players.index(m.mixer)
            mix = dict(zip(game.actions[j], eq.exact_strategies[j]))
            assert m.strategy == tuple(mix[x] for x in m.actions) and m.status in ("pinned", "free")


@st.composite
def perfect_information_trees(draw, depth=3):
    def node(level, counter):
        if level == 0 or draw(st.integers(0, 4)) == 0:
            return terminal(draw(payoff), draw(payoff))
        if draw(st.integers(0, 5)) == 0:
            return chance({"c0": ("1/3", node(level - 1, counter)), "c1": ("2/3", node(level - 1, counter))})
        counter.append(0)
        label = f"n{len(counter)}"
        return decision(str(draw(st.integers(1, 2))), {f"a{k}": node(level - 1, counter) for k in range(draw(st.integers(2, 3)))},
                        infoset=label)
    counter: list[int] = []
    return ExtensiveGame.from_tree(decision("1", {"x": node(depth, counter), "y": node(depth, counter)}, infoset="root"),
                                   players=("1", "2"))


@settings(max_examples=30, deadline=None)
@given(perfect_information_trees())
def test_random_trees_backward_induction_reaches_the_spe_payoffs(game):
    result = spe_solve(game, cap=3)
    d = derive(game, result)
    for view, eq in zip(d.equilibria, result.equilibria):
        root = [s for s in view.induction if s.node == 0][0]
        assert root.value == eq.exact_payoffs
        assert view.verification.holds
        for step in view.induction:
            if step.kind == "decision":
                i = d.players.index(step.player)
                best = max(v[i] for v in step.values)
                assert all(step.values[a][i] == best for a in step.chosen)
    assert all(t.credible for t in d.credibility.off_path)
    for contrast in d.credibility.contrasts:
        assert contrast.threats and all(t.value < t.best_value for t in contrast.threats)


def test_off_path_information_set_inside_a_subgame_gets_the_subgames_beliefs():
    inner = decision("A", {"L": decision("B", {"l": terminal(1, 1), "r": terminal(-1, 0)}, infoset="guess"),
                           "R": decision("B", {"l": terminal(-1, 0), "r": terminal(1, 2)}, infoset="guess")},
                     infoset="second")
    game = ExtensiveGame.from_tree(decision("A", {"Out": terminal(3, 0), "In": inner}, infoset="first"),
                                   players=("A", "B"))
    result = spe_solve(game)
    d = derive(game, result)
    seen = set()
    for view, eq in zip(d.equilibria, result.equilibria):
        (step,) = [s for s in view.induction if s.kind == "information set"]
        assert not step.on_path and step.belief_source == "subgame"
        a_second = eq.exact_behavior[0][1]  # A's mix at 'second' is what B's beliefs must be
        assert step.beliefs == a_second
        seen.add(step.beliefs)
    assert seen == {(1, 0), (0, 1), (Fraction(2, 3), Fraction(1, 3))}


VARIANTS = [(p, v) for p in SCENARIOS for v in load_scenario(p).variant_names]  # defaults: tested above


@pytest.mark.parametrize("path, variant", VARIANTS, ids=lambda x: getattr(x, "stem", str(x)))
def test_every_variant_derives_with_every_equilibrium_verified(path, variant):
    from berlinsim.reports.explain_text import render_explanation

    run = run_scenario(load_scenario(path), variant=variant)
    d = derive_run(run)
    assert d.variant == variant
    assert len(d.equilibria) == len(run.result.equilibria)
    for view, eq in zip(d.equilibria, run.result.equilibria):
        assert view.verification.holds
        assert view.payoffs == tuple(eq.exact_payoffs if eq.exact_payoffs is not None else eq.payoffs)
        assert all(m.status in ("pinned", "free") for m in view.mixes)
    assert "NOT an equilibrium" not in render_explanation(d)


def test_dominance_view_of_a_given_weak_run():
    from berlinsim.analysis._derivation_matrix import dominance_view
    from berlinsim.solvers.dominance import dominance_solve

    game = NormalFormGame.from_bimatrix([[1, 1], [1, 0]], [[1, 1], [1, 0]], actions=(("T", "B"), ("L", "R")))
    assert dominance_view(game).steps == ()  # strict elimination removes nothing
    view = dominance_view(game, dominance_solve(game, weak=True).details)
    first = view.steps[0]
    assert (first.action, first.strict, first.margin) == ("B", False, 0)
    assert [(c.against, c.dominator_payoff, c.action_payoff) for c in first.comparisons] == [
        (("L",), 1, 1), (("R",), 1, 0)]
    assert view.remaining == (("T",), ("L", "R")) and not view.solved and view.verified


@pytest.mark.parametrize("path, overrides", [(p, {}) for p in SCENARIOS if load_scenario(p).kind != "matrix"]
                         + [(SCENARIOS[0].parent / "08d_berlin_chicken_bayesian.yaml", {"mu": 0})],
                         ids=lambda x: getattr(x, "stem", str(x)))
def test_actions_called_as_good_are_worth_what_the_chosen_action_is_worth(path, overrides):
    # a tie is an action worth exactly the chosen one's value to the mover; off the path an
    # equilibrium may choose worse, and the better action must not be called "as good"
    run = run_scenario(load_scenario(path), overrides=overrides)
    derivation = derive_run(run)
    players = derivation.players
    for eq in derivation.equilibria:
        for step in eq.induction:
            if step.kind != "decision" or not step.values:
                continue
            i = players.index(step.player)
            chosen = [step.values[a][i] for a in step.chosen]
            for a in step.tied:
                assert abs(step.values[a][i] - min(chosen)) <= 1e-9, (path.name, step.text)


def test_a_trees_correlated_equilibria_are_explained_on_its_reduced_normal_form():
    """explain --method correlated on a tree raised AttributeError (a distribution has no behaviour):
    the distributions are over the reduced normal form's plans, so that table is what is explained."""
    from berlinsim.analysis.derivation import derive
    from berlinsim.model.extensive import ExtensiveGame, decision, terminal
    from berlinsim.scenarios.run import solve_built

    tree = ExtensiveGame.from_tree(decision("A", {"stop": terminal(2, 0), "go": decision("B", {
        "left": terminal(3, 1), "right": terminal(0, 2)})}), players=("A", "B"))
    result = solve_built(tree, "correlated")
    d = derive(tree, result, source="t.efg")
    assert d.correlated is not None and d.kind == "matrix"  # the table of plans is what is explained
    assert len(d.correlated.distributions) == len(result.equilibria)
