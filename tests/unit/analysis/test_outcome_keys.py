"""Equilibrium outcome keys: supports where play goes (trees ignore moves off the path)."""

import pathlib

from berlinsim.analysis.outcome_keys import equilibrium_keys, matrix_outcome, outcome_label, tree_outcome
from berlinsim.io.scenario_yaml import load_scenario
from berlinsim.model.normal_form import NormalFormGame
from berlinsim.model.result import behavior_equilibrium_from, equilibrium_from
from berlinsim.scenarios.run import run_scenario

SCENARIOS = pathlib.Path(__file__).resolve().parents[3] / "scenarios"


def test_matrix_supports_exact_and_float():
    game = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]], actions=(("C", "D"), ("L", "R")))
    exact = equilibrium_from(game, (("0", "1"), ("1", "0")), exact=True)
    assert matrix_outcome(game, exact) == ((("D",), ("L",)), "(D, L)")
    tiny = equilibrium_from(game, ((1e-12, 1 - 1e-12), (0.25, 0.75)))
    key, label = matrix_outcome(game, tiny)
    assert key == (("D",), ("L", "R")) and label == "(D, 0.25 L + 0.75 R)"
    assert outcome_label(("A", "B"), key) == "(D, mixing L and R)"


def test_tree_moves_off_the_path_do_not_count():
    run = run_scenario(load_scenario(SCENARIOS / "01_acheson_wait.yaml"))
    (eq,) = run.result.equilibria
    key, label = tree_outcome(run.game, eq)
    assert label == "US buildup_wait; USSR overture"
    assert key[0] == (("us_plan", ("buildup_wait",)),)
    assert {support for _, support in key[1]} == {("overture",)} and len(key[1]) == 2  # the two types after (B, W)
    # change the USSR's answer to the program (off the path while the US waits): same outcome
    game = run.game
    behavior = [[list(p) for p in player] for player in eq.exact_behavior]
    for j, h in enumerate(game.player_infosets[1]):
        if game.infosets[h].actions == ("accept", "reject"):
            behavior[1][j] = [0, 1]
    other = behavior_equilibrium_from(game, behavior, exact=True)
    assert tree_outcome(game, other)[0] == key
    assert outcome_label(game.players, key) == "US buildup_wait; USSR overture"
    assert list(equilibrium_keys(run)) == [key]
