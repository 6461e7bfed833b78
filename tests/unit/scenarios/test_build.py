"""Games built from scenarios: payoffs from attributes and formulas, exactness, trees."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from berlinsim.errors import BerlinsimError, LocatedError
from berlinsim.io.scenario_yaml import parse_scenario
from berlinsim.model.extensive import CHANCE, DECISION, TERMINAL, ExtensiveGame
from berlinsim.model.normal_form import NormalFormGame
from berlinsim.scenarios import build
from berlinsim.scenarios.build import build_game
from berlinsim.scenarios.values import ParameterValues, resolve_values

DATA = Path(__file__).resolve().parents[2] / "data" / "good_scenarios"
CHICKEN = (DATA / "chicken.yaml").read_text(encoding="utf-8")
SCREENING = (DATA / "screening.yaml").read_text(encoding="utf-8")


def test_matrix_payoffs_come_from_attributes_and_weights():
    built = build_game(parse_scenario(CHICKEN, path="chicken.yaml"))
    game = built.game
    assert isinstance(game, NormalFormGame) and built.exact and game.is_exact
    assert game.players == ("US", "USSR") and game.actions == (("Yield", "Firm"), ("Back", "Press"))
    assert game.title == "Chicken over Berlin"
    # Dixit-Skeath cardinal Chicken (w = l = 10, c = 100): A = [[0, -10], [10, -100]], B = A transposed
    assert game.exact_payoffs[0].tolist() == [[0, -10], [10, -100]]
    assert game.exact_payoffs[1].tolist() == [[0, 10], [-10, -100]]
    assert built.outcome_labels == ("Yield / Back", "Yield / Press", "Firm / Back", "Firm / Press")
    assert built.attribute_names == ("war", "us_wins", "ussr_wins")
    assert built.outcome_attributes.shape == (2, 2, 3)
    assert built.outcome_attributes[1, 1].tolist() == [1.0, 0.0, 0.0]
    assert built.exact_attributes[1, 0, 1] == 1 and not built.outcome_attributes.flags.writeable


def test_matrix_at_other_values_and_its_mixed_equilibrium():
    from berlinsim.solvers import solve

    scenario = parse_scenario(CHICKEN)
    built = build_game(scenario, resolve_values(scenario, overrides={"c_war": "50"}))
    assert built.game.payoff_of(("Firm", "Press")) == (-50, -50)
    assert built.values["c_war"] == 50 and built.values.changed == {"c_war"}
    # q* = w / (w + c - l) = 10 / 50 = 1/5 (each side stands firm with probability 1/5)
    mixed = [eq for eq in solve(built.game, "enummixed").equilibria if len(eq.support[0]) == 2]
    assert [tuple(eq.exact_strategies[0]) for eq in mixed] == [(Fraction(4, 5), Fraction(1, 5))]


def test_direct_payoffs_override_the_formula():
    text = CHICKEN.replace("{actions: [Yield, Back]}", "{actions: [Yield, Back], payoffs: {USSR: w / 4 + 1/3}}")
    game = build_game(parse_scenario(text)).game
    assert game.payoff_of(("Yield", "Back")) == (0, Fraction(17, 6))


def test_exactness_is_lost_only_where_a_formula_loses_it():
    text = CHICKEN.replace("USSR: {payoff: w * ussr_wins", "USSR: {payoff: log(w + 1) * ussr_wins")
    built = build_game(parse_scenario(text))
    assert not built.exact and built.game.exact_payoffs is None
    assert built.game.payoffs[1, 0, 1] == pytest.approx(np.log(11))
    assert built.exact_attributes is not None  # the attributes themselves stay exact


def test_tree_is_built_in_preorder_with_information_sets_and_attributes():
    built = build_game(parse_scenario(SCREENING, path="screening.yaml"))
    game = built.game
    assert isinstance(game, ExtensiveGame) and built.exact
    assert game.node_labels == ("nature", "us_r", "ussr_r", "settle_r", "framed_r", "quiet_r",
                                "us_h", "ussr_h", "settle_h", "framed_h", "quiet_h")
    assert game.kind.tolist() == [CHANCE, DECISION, DECISION, TERMINAL, TERMINAL, TERMINAL,
                                  DECISION, DECISION, TERMINAL, TERMINAL, TERMINAL]
    assert game.chance_infosets[0].exact_probabilities == (Fraction(1, 5), Fraction(4, 5))
    us = [game.infosets[h] for h in game.player_infosets[0]]
    assert [(s.label, s.actions, s.nodes) for s in us] == [("us_move", ("initiate", "wait"), (1, 6))]
    ussr = [game.infosets[h] for h in game.player_infosets[1]]
    assert [s.label for s in ussr] == ["ussr_r", "ussr_h"]
    assert built.outcome_labels == ("settlement", "rejected", "nothing") * 2
    assert game.outcome_labels == built.outcome_labels
    assert game.exact_payoffs.tolist() == [[10, 4], [4, -2], [0, 0]] * 2
    assert built.outcome_attributes.tolist() == [[1, 0], [0, 1], [0, 0]] * 2
    assert dict(game.attributes[1]) == {"settled": 0, "framing": 1}


def test_information_set_members_may_list_their_actions_in_another_order():
    text = SCREENING.replace("actions: {initiate: ussr_h, wait: quiet_h}", "actions: {wait: quiet_h, initiate: ussr_h}")
    game = build_game(parse_scenario(text)).game
    assert game.actions_at(6) == ("initiate", "wait")
    assert [game.node_labels[c] for c in game.children(6)] == ["ussr_h", "quiet_h"]


def test_spe_of_the_built_tree():
    from berlinsim.solvers import solve

    # Khrushchev's payoff does not depend on his type here: both types accept, and the US initiates
    result = solve(build_game(parse_scenario(SCREENING)).game, "spe")
    assert [tuple(eq.payoffs) for eq in result.equilibria] == [(10, 4)]
    # with framing worth more to him than a settlement, both types reject and the US compares 4 with 0
    result = solve(build_game(parse_scenario(SCREENING.replace("4 * settled - 2", "1 * settled + 2"))).game, "spe")
    assert [tuple(eq.payoffs) for eq in result.equilibria] == [(4, 2)]


def test_evaluation_errors_at_chosen_values_are_berlinsim_errors():
    text = CHICKEN.replace("c_war * war}\n  USSR", "c_war * war / (100 - w)}\n  USSR")
    scenario = parse_scenario(text.replace("range: [0, 100]", "range: [0, 99]"))
    assert build_game(scenario).game.payoff_of(("Firm", "Press"))[0] == Fraction(-100, 90)
    # values built by hand (not through resolve_values) may lie outside the ranges the loader checked
    values = ParameterValues(values={"c_war": 100, "w": 100})
    with pytest.raises(LocatedError, match=r"players\.US\.payoff: division by zero .* \(parameters: c_war = 100, w = 100\)"):
        build_game(scenario, values)
    with pytest.raises(BerlinsimError, match="no value for the parameter"):
        build_game(scenario, ParameterValues(values={"w": 1}))


def test_huge_games_are_refused(monkeypatch):
    monkeypatch.setattr(build, "MAX_OUTCOMES", 3)
    with pytest.raises(BerlinsimError, match="too large to build"):
        build_game(parse_scenario(CHICKEN))


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 3), st.integers(1, 3), st.data())
def test_direct_payoff_matrices_are_built_exactly(rows: int, cols: int, data):
    numbers = st.fractions(min_value=-50, max_value=50, max_denominator=8)
    a = [[data.draw(numbers) for _ in range(cols)] for _ in range(rows)]
    b = [[data.draw(numbers) for _ in range(cols)] for _ in range(rows)]
    cells = "\n".join(f"    - {{actions: [r{i}, c{j}], payoffs: {{A: '{a[i][j]}', B: '{b[i][j]}'}}}}"
                      for i in range(rows) for j in range(cols))
    text = (f"berlinsim: 1\nid: random\ntitle: random\nsource: {{document: memo, paragraphs: [1]}}\n"
            f"players: {{A: {{}}, B: {{}}}}\ngame:\n  type: matrix\n  actions:\n"
            f"    A: [{', '.join(f'r{i}' for i in range(rows))}]\n"
            f"    B: [{', '.join(f'c{j}' for j in range(cols))}]\n  cells:\n{cells}\n")
    built = build_game(parse_scenario(text))
    assert built.game == NormalFormGame.from_bimatrix(a, b, players=("A", "B"), actions=built.game.actions,
                                                      title="random")
    assert built.outcome_attributes.shape == (rows, cols, 0)
