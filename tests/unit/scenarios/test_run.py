"""Running scenarios: outcome summaries, solving built games, memo excerpts, and run_scenario end to end."""

from fractions import Fraction
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from berlinsim.errors import BerlinsimError
from berlinsim.model.extensive import ExtensiveGame, chance, decision, terminal
from berlinsim.model.normal_form import NormalFormGame
from berlinsim.model.result import BehaviorEquilibrium, equilibrium_from
from berlinsim.scenarios.run import memo_excerpts, outcome_summary, solve_built
from berlinsim.solvers import solve

F = Fraction
ROOT = Path(__file__).resolve().parents[3]


def chicken(w=10, l=10, c=100):
    """Cardinal Chicken: rows US (Yield, Firm), columns USSR (Back, Press)."""
    a = [[0, -l], [w, -c]]
    return NormalFormGame.from_bimatrix(a, np.array(a).T.tolist(), players=("US", "USSR"),
                                        actions=(("Yield", "Firm"), ("Back", "Press")))


def chicken_built(game, exact=True):
    war = [[0, 0], [0, 1]]
    retreat = [[0, 1], [0, 0]]
    table = np.empty((2, 2, 2), dtype=object if exact else float)
    for r in range(2):
        for c in range(2):
            table[r, c] = (F(war[r][c]), F(retreat[r][c])) if exact else (war[r][c], retreat[r][c])
    return SimpleNamespace(game=game, attribute_names=("war", "retreat"), outcome_attributes=table,
                           outcome_labels=("status quo", "US retreats", "USSR backs down", "war"), exact=exact)


def test_matrix_mixed_equilibrium_exact_outcomes():
    game = chicken()
    result = solve(game, "enummixed")
    mixed = [eq for eq in result.equilibria if not eq.is_pure]
    assert len(mixed) == 1
    summary = outcome_summary(chicken_built(game), mixed[0])
    assert summary.exact
    # q* = w / (w + c - l) = 1/10; P(war) = q*^2 (domain notes, scenario 08)
    assert dict(summary.distribution) == {"status quo": F(81, 100), "US retreats": F(9, 100),
                                          "USSR backs down": F(9, 100), "war": F(1, 100)}
    assert summary.attribute("war") == F(1, 100) and summary.attribute("retreat") == F(9, 100)
    assert all(isinstance(p, Fraction) for _, p in summary.distribution)


def test_labels_shared_by_several_cells_are_added_up():
    game = chicken()
    built = chicken_built(game)
    built.outcome_labels = ("no war", "no war", "no war", "war")
    eq = equilibrium_from(game, ((F(1, 2), F(1, 2)), (F(1, 2), F(1, 2))), exact=True)
    summary = outcome_summary(built, eq)
    assert summary.distribution == (("no war", F(3, 4)), ("war", F(1, 4)))
    with pytest.raises(BerlinsimError, match="no outcome 'peace'"):
        summary.probability("peace")
    with pytest.raises(BerlinsimError, match="no attribute 'framing'"):
        summary.attribute("framing")


def test_float_equilibrium_or_float_attributes_give_floats():
    game = chicken()
    eq = equilibrium_from(game, ((0.9, 0.1), (0.9, 0.1)))
    summary = outcome_summary(chicken_built(game), eq)
    assert not summary.exact
    assert summary.probability("war") == pytest.approx(0.01)
    assert isinstance(summary.probability("war"), float)
    exact_eq = equilibrium_from(game, ((F(9, 10), F(1, 10)), (F(9, 10), F(1, 10))), exact=True)
    summary = outcome_summary(chicken_built(game, exact=False), exact_eq)
    assert not summary.exact and summary.attribute("war") == pytest.approx(0.01)


def entry_with_types(p="1/4"):
    """Nature draws a reasonable (p) or hardline incumbent; the entrant does not see it."""
    def incumbent(kind, fight, accommodate):
        return decision("Incumbent", {"fight": terminal(*fight, outcome="war"),
                                      "accommodate": terminal(*accommodate, outcome="share")}, infoset=None)
    reasonable = decision("Entrant", {"out": terminal(0, 2, outcome="out"),
                                      "in": incumbent("r", (-1, -1), (1, 1))}, infoset="e")
    hardline = decision("Entrant", {"out": terminal(0, 2, outcome="out"),
                                    "in": incumbent("h", (-1, 1), (1, 0))}, infoset="e")
    return ExtensiveGame.from_tree(chance({"reasonable": (p, reasonable), "hardline": (F(1) - F(p), hardline)}),
                                   players=("Entrant", "Incumbent"))


def tree_built(game):
    labels = tuple(game.outcome_labels)
    war = np.array([[F(1 if label == "war" else 0)] for label in labels], dtype=object)
    return SimpleNamespace(game=game, attribute_names=("war",), outcome_attributes=war, outcome_labels=labels,
                           exact=True)


def test_tree_outcomes_come_from_the_terminal_distribution():
    game = entry_with_types()
    result = solve(game, "spe")
    (eq,) = result.equilibria
    summary = outcome_summary(tree_built(game), eq)
    # entering earns 1/4 * 1 + 3/4 * (-1) < 0: the entrant stays out whatever the type
    assert summary.exact
    assert dict(summary.distribution) == {"out": 1, "war": 0, "share": 0}
    assert summary.attribute("war") == 0
    game = entry_with_types("3/4")
    (eq,) = solve(game, "spe").equilibria
    summary = outcome_summary(tree_built(game), eq)
    assert dict(summary.distribution) == {"out": 0, "war": F(1, 4), "share": F(3, 4)}
    assert summary.attribute("war") == F(1, 4)


def test_table_methods_on_trees_give_behaviour_equilibria_with_a_note():
    game = entry_with_types("3/4")
    result = solve_built(game, "enummixed")
    assert result.game is game
    assert all(isinstance(eq, BehaviorEquilibrium) for eq in result.equilibria)
    assert "reduced normal form" in result.notes[0]
    assert all(eq.exact_regret == 0 for eq in result.equilibria)
    spe_outcome = solve(game, "spe").equilibria[0].exact_terminal_distribution
    assert any(eq.exact_terminal_distribution == spe_outcome for eq in result.equilibria)


def test_tree_methods_refuse_matrices():
    with pytest.raises(BerlinsimError, match="method 'spe' needs a game tree"):
        solve_built(chicken(), "spe")
    with pytest.raises(BerlinsimError, match="unknown method"):
        solve_built(chicken(), "nash")


MEMO = """MEMORANDUM

1. One of the basic postulates -- repeated by Mr. Rusk -- is waiting. Second sentence.
2. I am somewhat uneasy to have refusal to negotiate become a test of firmness. I do not like adjectives.
"""


def test_memo_excerpts_found_next_to_the_scenarios_or_absent(tmp_path):
    (tmp_path / "seeds").mkdir()
    (tmp_path / "scenarios").mkdir()
    scenario = SimpleNamespace(path=str(tmp_path / "scenarios" / "x.yaml"), document="memo", paragraphs=(2, 9))
    assert memo_excerpts(scenario) == {}
    (tmp_path / "seeds" / "memo.txt").write_text(MEMO)
    assert memo_excerpts(scenario) == {2: "I am somewhat uneasy to have refusal to negotiate become a test of firmness."}
    assert memo_excerpts(scenario, search=(tmp_path / "elsewhere",)) == {}


def test_a_correlated_equilibrium_leads_to_its_distribution_over_cells():
    """Aumann's device in Chicken: the mediator's distribution is the outcome distribution."""
    game = chicken()
    result = solve(game, "correlated")
    built = chicken_built(game)
    for eq in result.equilibria:
        summary = outcome_summary(built, eq)
        assert summary.exact
        probability = dict(eq.distribution)
        cells = ((0, 0), (0, 1), (1, 0), (1, 1))
        assert summary.distribution == tuple((label, probability.get(c, 0))
                                             for label, c in zip(built.outcome_labels, cells))
        assert summary.attribute("war") == probability.get((1, 1), 0)
        assert summary.attribute("retreat") == probability.get((0, 1), 0)
    floats = outcome_summary(chicken_built(game, exact=False), result.equilibria[-1])
    assert not floats.exact and sum(p for _, p in floats.distribution) == pytest.approx(1)

# ----------------------------------------------------------------------------- end to end, with the loader
MINI = ROOT / "tests" / "cli" / "data" / "mini_plan.yaml"
SCENARIOS = sorted((ROOT / "scenarios").glob("*.yaml"))


def test_run_scenario_resolves_builds_solves_and_summarises():
    from berlinsim.io.scenario_yaml import load_scenario
    from berlinsim.scenarios.run import run_scenario

    scenario = load_scenario(MINI)
    run = run_scenario(scenario)
    assert run.result.method == "spe" and run.game is run.built.game
    (summary,) = run.outcomes
    assert summary.exact
    assert summary.distribution == (("settlement now", F(1, 5)), ("program rejected", F(4, 5)),
                                    ("Soviet overture", 0), ("stalemate", 0))
    assert summary.attribute("framing") == F(4, 5) and summary.attribute("hardline") == F(4, 5)
    run = run_scenario(scenario, variant="acheson", overrides={"p_reasonable": "1/2"}, method="enummixed")
    assert run.values.variant == "acheson" and run.values.changed == {"w_framing", "p_reasonable"}
    assert run.result.method == "enummixed"
    # Nash equilibria of the table include a non-credible one: the US waits, deterred by a reasonable
    # Khrushchev's threat to reject (which costs the US nothing to face when w_framing = 0)
    assert {o.probability("settlement now") for o in run.outcomes} == {0, F(1, 2)}
    spe = run_scenario(scenario, variant="acheson", overrides={"p_reasonable": "1/2"})
    assert [o.probability("settlement now") for o in spe.outcomes] == [F(1, 2)]


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_every_scenario_runs_and_reports_in_every_format(path):
    from berlinsim.io.run_json import run_to_json
    from berlinsim.io.scenario_yaml import load_scenario
    from berlinsim.reports.scenario_text import render_run
    from berlinsim.scenarios.run import memo_excerpts, run_scenario

    scenario = load_scenario(path)
    run = run_scenario(scenario)
    assert run.result.equilibria
    assert all(eq.regret <= 1e-9 for eq in run.result.equilibria)
    for summary in run.outcomes:
        total = sum(p for _, p in summary.distribution)
        assert total == 1 if summary.exact else total == pytest.approx(1)
    excerpts = memo_excerpts(scenario)
    assert sorted(excerpts) == sorted(set(scenario.paragraphs))
    text = render_run(run, excerpts=excerpts)
    assert scenario.title in text and "Expected payoffs" in text
    assert render_run(run, "markdown", excerpts=excerpts).startswith(f"# {scenario.title}")
    data = run_to_json(run)
    assert data["scenario"]["id"] == scenario.id and len(data["equilibria"]) == len(run.outcomes)


def issue_12_crisis():
    """Issue 12's crisis: standing firm is worse than yielding at both US nodes of the ultimatum set."""
    def us(stand, yield_):
        return decision("US", {"stand": terminal(*stand), "yield": terminal(*yield_)}, infoset="ultimatum")

    return ExtensiveGame.from_tree(chance({
        "resolute": (F(1, 3), decision("K", {"ultimatum": us((-26, -10), (-11, 10)), "quiet": terminal(0, 0)}, infoset="r")),
        "bluffing": (F(2, 3), decision("K", {"ultimatum": us((-20, -5), (-11, 10)), "quiet": terminal(0, 0)}, infoset="b"))}),
        players=("US", "K"))


def test_unjustified_play_marks_the_equilibria_that_rest_on_standing_firm():
    from berlinsim.scenarios.run import unjustified_play
    from berlinsim.solvers.pbe import supporting_assessment

    game = issue_12_crisis()
    spe = solve_built(game, "spe")
    marks = unjustified_play(spe)
    assert len(marks) == len(spe.equilibria) == 3
    ultimatum = game.player_infosets[0][0]
    for eq, sets in zip(spe.equilibria, marks):
        stands = eq.exact_behavior[0][0][0] > 0
        assert sets == ((ultimatum,) if stands else ())
        assert (supporting_assessment(game, eq.exact_behavior) is None) == bool(sets)
    assert sum(bool(s) for s in marks) == 2
    assert unjustified_play(solve_built(game, "auto")) == ()  # pbe checks its own
    assert solve_built(game, "auto").method == "pbe"


def test_unjustified_play_is_not_checked_on_perfect_information_trees_or_tables():
    from berlinsim.scenarios.run import unjustified_play

    entry = ExtensiveGame.from_tree(decision("E", {"out": terminal(0, 2), "in": decision(
        "I", {"fight": terminal(-1, -1), "accommodate": terminal(1, 1)})}))
    assert unjustified_play(solve_built(entry, "enummixed")) == ()
    assert unjustified_play(solve_built(chicken(), "auto")) == ()


def test_run_marks_spe_equilibria_of_scenario_05_that_no_belief_justifies():
    from berlinsim.io.scenario_yaml import load_scenario
    from berlinsim.reports.scenario_text import render_run
    from berlinsim.scenarios.run import run_scenario

    scenario = load_scenario(ROOT / "scenarios" / "05_khrushchev_type.yaml")
    spe = run_scenario(scenario, method="spe")
    assert len(spe.unjustified) == len(spe.result.equilibria) and all(spe.unjustified)
    text = render_run(spe)
    assert f"{len(spe.unjustified)} of them rest on play that no belief justifies" in text
    assert "US at after_nothing (2 nodes): mixing hold and sweeten is a best reply for no belief there" in " ".join(text.split())
    pbe = run_scenario(scenario, method="pbe")
    assert pbe.unjustified == () and "No belief justifies this equilibrium's play" not in render_run(pbe)
