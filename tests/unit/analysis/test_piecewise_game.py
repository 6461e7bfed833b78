"""A scenario's game as piecewise rational functions: the builder's values at every sample point."""

import pathlib
from fractions import Fraction as F

import pytest

from berlinsim.analysis._piecewise_game import piecewise_game, symbolic_env
from berlinsim.io.scenario_yaml import load_scenario, parse_scenario
from berlinsim.scenarios.build import build_game
from berlinsim.scenarios.values import resolve_values

SCENARIOS = pathlib.Path(__file__).resolve().parents[3] / "scenarios"


@pytest.mark.parametrize("name, parameter, low, high, between", [
    ("01_acheson_wait", "p_reasonable", 0, 1, None),
    ("02_kennedy_plan_buildup", "t", 0, 1, ("acheson", "kissinger")),
    ("08d_berlin_chicken_bayesian", "mu", 0, 1, None),
    ("06_two_dangers", "c_commit", 0, 10, None),
])
def test_pieces_agree_with_the_builder(name, parameter, low, high, between):
    s = load_scenario(SCENARIOS / f"{name}.yaml")
    env = symbolic_env(s, parameter, None, {}, between, low, high)
    game = piecewise_game(s, env, low, high)
    for k, piece in enumerate(game.pieces):
        x = game.frame.sample(k)
        values = {n: (v.pieces[0](x) if hasattr(v, "pieces") else v) for n, v in env.items()}
        built = build_game(s, resolve_values(s, None, values) if between is None else
                           resolve_values(s, None, {n: v for n, v in values.items()}))
        g = built.game
        if hasattr(g, "player_infosets"):
            assert [[p(x) for p in row] for row in piece.payoffs] == g.exact_payoffs.tolist()
            chance = [n for n in range(g.num_nodes) if g.kind[n] == 2]
            assert [[p(x) for p in node] for node in piece.chance] == [
                list(g.chance_infosets[g.infoset[n]].exact_probabilities) for n in chance]
        else:
            flat = g.exact_payoffs.reshape(g.num_players, -1)
            assert [[p(x) for p in row] for row in piece.payoffs] == flat.T.tolist()


def test_poles_are_the_denominators():
    s = parse_scenario("""
berlinsim: 1
id: pole
title: a pole outside the range
source: {document: memo, paragraphs: [1]}
parameters:
  x: {default: 0, range: [0, 1]}
players:
  A: {payoff: 0}
game:
  type: matrix
  actions: {A: [a, b]}
  cells:
    - {actions: [a], payoffs: {A: '1 / (x - 2) + abs(x - 1/2)'}}
    - {actions: [b], payoffs: {A: 0}}
""", path="pole.yaml")
    game = piecewise_game(s, symbolic_env(s, "x", None, {}, None, 0, 1), 0, 1)
    assert [b.exact for b in game.breaks] == [F(1, 2)]
    assert [p.to_text() for p in game.poles()] == ["x - 2"]
