"""Scenario reports (text and Markdown) and the JSON of a run, on small hand-built scenarios.

The runs here are assembled from model objects (a Scenario, a game built by hand to match
it) so that the reports are tested without the YAML loader; the CLI tests run real files.
"""

import json
from fractions import Fraction
from types import SimpleNamespace

import numpy as np
import pytest

from berlinsim.io.run_json import run_to_json, run_to_json_text
from berlinsim.model.extensive import ExtensiveGame, chance, decision, terminal
from berlinsim.model.normal_form import NormalFormGame
from berlinsim.model.scenario import (
    Action, Attribute, Cell, ChanceNode, DecisionNode, MatrixSpec, OutcomeNode, Parameter, PlayerSpec, Scenario,
    ScenarioTree, Variant,
)
from berlinsim.reports.scenario_text import render_run
from berlinsim.scenarios.run import identified_run, solve_built

F = Fraction


def flat(text):
    """The text with every run of white space as one space (table alignment and wrapping aside)."""
    return " ".join(text.split())


def make_run(scenario, game, labels, attributes, *, values=None, changed=(), variant=None, method=None):
    table = np.empty((len(labels), len(scenario.attributes)), dtype=object)
    for r, row in enumerate(attributes):
        table[r] = [F(x) for x in row]
    built = SimpleNamespace(game=game, attribute_names=scenario.attribute_names, outcome_attributes=table,
                            outcome_labels=tuple(labels), exact=True)
    current = scenario.defaults() | dict(values or {})
    pv = SimpleNamespace(values=current, changed=frozenset(changed), variant=variant)
    return identified_run(scenario, pv, built, solve_built(game, method or scenario.method))


# ----------------------------------------------------------------------------- a matrix scenario
def program_scenario(**extra):
    acts = ((Action(label="program", description="state a Western program now"),
             Action(label="wait", description="wait until the crisis is acute")),
            (Action(label="talk", description="negotiate"), Action(label="press", description="press for a conference")))
    cells = tuple(Cell(actions=(r, c)) for r in range(2) for c in range(2))
    return Scenario(
        path="scenarios/10_program.yaml", id="program", title="State a program", summary="A toy   game.\n  Two lines.",
        document="kissinger-1961-07-14-negotiations", paragraphs=(2, 3), references=("Kissinger 1961",),
        teaching_note="Framing decides.",
        parameters=(Parameter(name="w_framing", default=F(2), low=F(0), high=F(10), description="framing weight"),
                    Parameter(name="c_initiative", default=F(1), low=F(0), high=F(10), description="cost",
                              unit="utils")),
        attributes=(Attribute(name="settled", description="settlement reached"),
                    Attribute(name="framing", description="US position in the debate")),
        players=(PlayerSpec(name="US", description="the Kennedy administration"),
                 PlayerSpec(name="USSR", description="Khrushchev")),
        game=MatrixSpec(actions=acts, cells=cells),
        variants=(Variant(name="acheson", description="Acheson's beliefs", values=(("w_framing", F(0)),)),),
        method="auto", **extra)


def program_run(us, ussr, **kw):
    scenario = program_scenario()
    game = NormalFormGame.from_bimatrix(us, ussr, players=("US", "USSR"),
                                        actions=(("program", "wait"), ("talk", "press")), title=scenario.title)
    labels = ("settlement", "program rejected", "talks on Soviet terms", "stalemate")
    attributes = ((1, "1/2"), (0, 1), ("1/2", 0), (0, -1))
    return make_run(scenario, game, labels, attributes, **kw)


def test_matrix_report_says_everything_in_order():
    run = program_run([[4, 1], [2, -2]], [[0, -2], ["1/2", 2]], values={"w_framing": 3}, changed={"w_framing"})
    text = render_run(run, excerpts={2: "I am somewhat uneasy."})
    order = ["State a program [program]", "Models paragraphs 2, 3 of kissinger-1961-07-14-negotiations.",
             "Paragraph 2: \u201cI am somewhat uneasy.\u201d", "A toy game. Two lines.", "US: the Kennedy administration",
             "Parameters", "The game", "Equilibria", "Equilibrium 1 (pure)", "Teaching note", "Framing decides.",
             "References", "Kissinger 1961"]
    positions = [text.index(fragment) for fragment in order]
    assert positions == sorted(positions)
    assert "  w_framing     3 *    2        framing weight" in text
    assert "  c_initiative  1               cost [utils]" in text
    assert "(* changed from the default, by the variant or --set)" in text
    assert "program 4*, 0* 1*, -2" in flat(text)  # the matrix with best responses marked
    assert "  US: state a Western program now [program]" in text
    assert "  USSR: negotiate [talk]" in text
    assert "Expected payoffs: US 4, USSR 0. Regret 0 (verified exactly)." in text
    assert "There is one equilibrium." in text
    assert "outcome probability settlement 1 attribute" in flat(text)  # outcomes of probability 0 are left out
    assert "settled 1 settlement reached framing 0.5 US position in the debate" in flat(text)
    assert "off the equilibrium path" not in text.lower()


def test_without_the_memo_only_paragraph_numbers_are_given():
    run = program_run([[4, 1], [2, -2]], [[0, -2], [1, 2]])
    text = render_run(run)
    assert "Models paragraphs 2, 3" in text and "\u201c" not in text
    assert "All parameters at their defaults." in text


def test_variant_named_with_its_description():
    run = program_run([[4, 1], [2, -2]], [[0, -2], [1, 2]], values={"w_framing": 0}, changed={"w_framing"},
                      variant="acheson")
    assert "Variant acheson: Acheson's beliefs." in render_run(run)


def test_mixed_equilibrium_in_exact_fractions():
    # matching pennies in the scenario's words: the US mixes 1/3, 2/3
    run = program_run([[1, 0], [0, 2]], [[0, 1], [1, 0]])
    text = flat(render_run(run))
    assert "Equilibrium 1 (mixed)" in text
    assert "US: state a Western program now [program] with 1/2, wait until the crisis is acute [wait] with 1/2" in text
    assert "USSR: negotiate [talk] with 2/3, press for a conference [press] with 1/3" in text
    assert "Expected payoffs: US 2/3 (≈ 0.6667), USSR 0.5." in text
    assert "settlement 1/3 (≈ 0.3333) program rejected 1/6 (≈ 0.1667)" in text
    assert "settled 0.5 settlement reached framing 1/6 (≈ 0.1667)" in text


def test_multiple_equilibria_are_all_stated():
    # Chicken: two pure equilibria and a mixed one, with different outcomes
    run = program_run([[0, -1], [1, -10]], [[0, 1], [-1, -10]])
    text = render_run(run)
    assert "There are 3 equilibria. They lead to different outcomes" in text
    # in the canonical order (the matrix read row by row), each headed by its label
    assert run.labels == ("US: program; USSR: press", "US: program 0.9, wait 0.1; USSR: talk 0.9, press 0.1",
                          "US: wait; USSR: talk")
    lines = text.splitlines()
    heads = [k for k, line in enumerate(lines) if line.startswith("Equilibrium ")]
    assert [lines[k] for k in heads] == [f"Equilibrium {k} of 3 ({kind})" for k, kind in zip((1, 2, 3),
                                                                                           ("pure", "mixed", "pure"))]
    assert [lines[k + 1] for k in heads] == [f"Label: {label}" for label in run.labels]
    payoffs = [line for line in text.splitlines() if line.startswith("Expected payoffs")]
    assert payoffs[0].startswith("Expected payoffs: US -1, USSR 1.")  # the numbers of the equilibrium above them


def test_welfare_pareto_and_risk_dominance_when_judged():
    from berlinsim.analysis.outcomes import efficiency

    run = program_run([[0, -1], [1, -10]], [[0, 1], [-1, -10]])
    judged = efficiency(run)
    text = flat(render_run(run, efficiency=judged))
    assert "Welfare (sum of the payoffs) 0. Pareto efficient: no pure outcome gives every player" in text
    assert "Welfare (sum of the payoffs) -0.2. Pareto-dominated: the pure outcome settlement gives US 0, USSR 0." \
        in text
    assert "The equilibria as outcomes Outcomes compared: the 4 cells of the game." in text
    assert ("Risk dominance (Harsanyi and Selten): equilibrium 1 (US: program; USSR: press) and equilibrium 3 "
            "(US: wait; USSR: talk) tie") in text
    assert "Welfare" not in render_run(run)  # only when judged
    data = run_to_json(run, efficiency=judged)
    assert [e["pareto_efficient"] for e in data["equilibria"]] == [True, False, True]
    assert data["equilibria"][1]["pareto_dominated_by"] == {"outcome": "settlement", "payoffs": [0.0, 0.0], "count": 1}
    assert data["efficiency"]["risk_dominance"] == {"compared": [1, 3], "products": [9.0, 9.0], "dominant": None}


def test_unused_best_responses_are_reported_as_ties():
    run = program_run([[1, 1], [1, 0]], [[1, 0], [1, 0]], method="pure")
    text = render_run(run)
    assert "Ties (as good as the choice made; they give other equilibria):" in text
    assert "US: wait would be as good as program" in text


def test_markdown_has_headings_tables_and_a_code_block():
    run = program_run([[4, 1], [2, -2]], [[0, -2], [1, 2]], values={"w_framing": 3}, changed={"w_framing"})
    md = render_run(run, "markdown")
    assert md.startswith("# State a program [program]\n")
    assert "\n## Parameters\n" in md and "\n### Equilibrium 1 (pure)\n\nLabel: US: program; USSR: talk\n" in md
    assert "| parameter | value | default | meaning |\n|---|---|---|---|\n| w_framing | 3 * | 2 | framing weight |" in md
    assert "```text\n" in md and "- US: state a Western program now [program]" in md
    with pytest.raises(ValueError, match="unknown report format"):
        render_run(run, "latex")
    page = render_run(run, "html")  # the blocks of the same report, as an escaped fragment
    assert "<h2>Parameters</h2>" in page and "<td>w_framing</td><td>3 *</td>" in page


def test_json_is_the_solve_contract_plus_the_scenario():
    run = program_run([[1, 0], [0, 2]], [[0, 1], [1, 0]], values={"w_framing": F(1, 3)}, changed={"w_framing"})
    data = json.loads(run_to_json_text(run))
    assert list(data)[:3] == ["game", "method", "equilibria"]
    assert data["parameters"] == run_to_json(run)["parameters"]  # the method's options, unchanged
    assert data["scenario"] == {
        "id": "program", "title": "State a program", "path": "scenarios/10_program.yaml",
        "document": "kissinger-1961-07-14-negotiations", "paragraphs": [2, 3], "variant": None, "t": None,
        "parameters": {"w_framing": pytest.approx(1 / 3), "c_initiative": 1},
        "parameters_exact": {"w_framing": "1/3", "c_initiative": "1"}, "changed": ["w_framing"]}
    (eq,) = data["equilibria"]
    assert eq["strategies_exact"] == [["1/2", "1/2"], ["2/3", "1/3"]]
    assert list(eq["outcomes"]) == ["settlement", "program rejected", "talks on Soviet terms", "stalemate"]
    assert eq["outcomes_exact"] == {"settlement": "1/3", "program rejected": "1/6",
                                    "talks on Soviet terms": "1/3", "stalemate": "1/6"}
    assert eq["attributes_exact"] == {"settled": "1/2", "framing": "1/6"}
    assert eq["attributes"]["settled"] == 0.5
    assert data["schema_version"] == 1 and list(data)[-1] == "schema_version"


# ----------------------------------------------------------------------------- a tree scenario
def entry_scenario(p):
    nodes = (
        ChanceNode(id="nature", outcomes=(("reasonable", None, "e_r"), ("hardline", None, "e_h"))),
        DecisionNode(id="e_r", player=0, infoset="enter", actions=(
            (Action(label="out", description="stay out"), "out_r"), (Action(label="in", description="enter"), "i_r"))),
        OutcomeNode(id="out_r", label="out"),
        DecisionNode(id="i_r", player=1, label="reasonable incumbent", actions=(
            (Action(label="fight"), "war_r"), (Action(label="accommodate", description="share the market"), "share_r"))),
        OutcomeNode(id="war_r", label="war"), OutcomeNode(id="share_r", label="share"),
        DecisionNode(id="e_h", player=0, infoset="enter", actions=((Action(label="out"), "out_h"), (Action(label="in"), "i_h"))),
        OutcomeNode(id="out_h", label="out"),
        DecisionNode(id="i_h", player=1, actions=((Action(label="fight"), "war_h"), (Action(label="accommodate"), "share_h"))),
        OutcomeNode(id="war_h", label="war"), OutcomeNode(id="share_h", label="share"),
    )
    scenario = Scenario(path="t.yaml", id="entry", title="Entry", paragraphs=(1,),
                        parameters=(Parameter(name="p", default=F(p), low=F(0), high=F(1)),),
                        attributes=(Attribute(name="war"),),
                        players=(PlayerSpec(name="Entrant"), PlayerSpec(name="Incumbent")),
                        game=ScenarioTree(root="nature", nodes=nodes), method="spe")
    game = ExtensiveGame.from_tree(chance({
        "reasonable": (F(p), decision("Entrant", {"out": terminal(0, 2, outcome="out"), "in": decision(
            "Incumbent", {"fight": terminal(-1, -1, outcome="war"), "accommodate": terminal(1, 1, outcome="share")})},
            infoset="enter")),
        "hardline": (1 - F(p), decision("Entrant", {"out": terminal(0, 2, outcome="out"), "in": decision(
            "Incumbent", {"fight": terminal(-1, 1, outcome="war"), "accommodate": terminal(1, 0, outcome="share")})},
            infoset="enter"))}), players=("Entrant", "Incumbent"), title="Entry")
    labels = game.outcome_labels
    return make_run(scenario, game, labels, [(1 if label == "war" else 0,) for label in labels])


def test_tree_report_in_the_scenarios_words():
    text = render_run(entry_scenario("3/4"))
    assert "  Entrant: enter [in]" in text
    assert "  Incumbent, if reasonable: share the market [accommodate]; if hardline: fight" in text
    assert "Equilibrium 1 (subgame perfect, pure)" in text
    assert "Expected payoffs: Entrant 0.5, Incumbent 1." in text
    assert "outcome probability war 0.25 share 0.75" in flat(text)
    assert "attribute expected meaning war 0.25" in flat(text)
    assert "Why (backward induction on the path):" in text
    assert "Incumbent at node 3: fight gives -1, accommodate gives 1; takes accommodate" in text
    assert "Every decision is reached with positive probability: nothing is off the path." in text
    assert "=> " in text  # the tree with the equilibrium path


def test_off_path_plans_are_stated():
    text = render_run(entry_scenario("1/4"))
    assert "  Entrant: stay out [out]" in text
    assert "  Incumbent: does not move on the equilibrium path" in text
    assert "Off the equilibrium path (never reached, but part of the plan):" in text
    assert "  Incumbent, if reasonable, after Entrant chose in: share the market [accommodate]" in text
    assert "  Incumbent, if hardline, after Entrant chose in: fight" in text


def test_tree_solved_with_a_table_method_keeps_the_tree():
    run = entry_scenario("3/4")
    run = make_run(run.scenario, run.game, run.built.outcome_labels, [(1 if x == "war" else 0,)
                                                                     for x in run.built.outcome_labels],
                   method="enummixed")
    text = render_run(run)
    assert "Solved with method enummixed" in text
    assert "reduced normal form" in text
    assert "Incumbent, if reasonable: share the market [accommodate]; if hardline: fight" in text


def test_correlated_run_shows_distributions_outcomes_and_the_device():
    run = program_run([[6, 2], [7, 0]], [[6, 7], [2, 0]], method="correlated")  # Aumann's Chicken
    text = flat(render_run(run))
    first, outcome = run.result.equilibria[0], run.outcomes[0]
    assert first.exact_payoffs == (F(21, 4), F(21, 4))
    assert "Correlated equilibria" in text and "Equilibrium 1 (" not in text
    assert "US \\ USSR talk press program 1/2 1/4 wait 1/4 0" in text
    # the outcome table under the first distribution is that distribution's
    assert outcome.probability("settlement") == F(1, 2)
    assert "outcome probability settlement 1/2 program rejected 1/4 talks on Soviet terms 1/4" in text
    assert "Expected payoffs: US 5.25, USSR 5.25." in text
    assert "A mediator who recommends program to US: following is exactly as good as wait" in text
    assert "Expected outcome attributes of each distribution" in text
    md = render_run(run, "markdown")
    assert "## Correlated equilibria" in md and "## The recommendation device (distribution 1)" in md


def test_enumpoly_and_components_sections_in_a_run():
    run = program_run([[1, 1], [0, 0]], [[1, 1], [0, 0]], method="enummixed")  # USSR indifferent against program
    text = flat(render_run(run))
    assert "Equilibrium components" in text and "(a segment of equilibria)" in text
    run = program_run([[2, 0], [0, 1]], [[1, 0], [0, 2]], method="enumpoly")
    text = flat(render_run(run))
    assert "Support enumeration" in text and "The list is complete: the game has exactly these 3 equilibria." in text
