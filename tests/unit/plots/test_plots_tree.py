"""Game-tree figures: every tree scenario draws headless; layout, path and information sets are right."""

from pathlib import Path

import numpy as np
import pytest

from berlinsim.io.scenario_yaml import load_scenario
from berlinsim.model.extensive import ExtensiveGame, chance, decision, terminal
from berlinsim.plots import plot_game_tree, save_figure
from berlinsim.plots.tree import edge_probabilities, node_positions
from berlinsim.scenarios.run import run_scenario

SCENARIOS = Path(__file__).resolve().parents[3] / "scenarios"
TREES = sorted(p for p in SCENARIOS.glob("*.yaml") if load_scenario(p).kind == "tree")


def test_there_are_tree_scenarios():
    assert len(TREES) >= 8


@pytest.mark.parametrize("path", TREES, ids=lambda p: p.stem)
def test_every_tree_scenario_draws_with_its_equilibrium(path, tmp_path):
    run = run_scenario(load_scenario(path))
    ax = plot_game_tree(run.game, run.result.equilibria[0])
    data = save_figure(ax.figure, tmp_path / "t.png").read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 5000
    height = ax.figure.get_size_inches()[1]
    assert height >= 0.27 * run.game.num_terminals  # the figure grows with the leaves


def _game() -> ExtensiveGame:
    # chance, then a player who cannot tell the two chance outcomes apart (one information set)
    return ExtensiveGame.from_tree(
        chance({"good": ("1/4", decision("A", {"go": terminal(2, 0), "stop": terminal(0, 0)}, infoset="blind")),
                "bad": ("3/4", decision("A", {"go": terminal(-1, 0), "stop": terminal(0, 0)}, infoset="blind"))}),
        players=("A", "B"), title="Blind bet")


def test_positions_put_leaves_in_order_and_parents_in_the_middle():
    g = _game()
    x, y = node_positions(g)
    assert x.tolist() == g.depth.tolist()
    leaves = y[g.terminals]
    assert leaves.tolist() == [0, 1, 2, 3]
    assert y[0] == pytest.approx(1.5)


def test_the_equilibrium_path_and_chance_probabilities():
    g = _game()
    eq = type("Eq", (), {"behavior": (((0.0, 1.0),), ())})()  # A stops; B has no information set
    move, reach = edge_probabilities(g, eq)
    kids = g.children(0)
    assert move[list(kids)].tolist() == [0.25, 0.75]
    assert np.nansum(reach[g.terminals]) == pytest.approx(1.0)
    assert reach[g.terminals].tolist() == [0.0, 0.25, 0.0, 0.75]


def test_an_information_set_is_drawn_as_one_dashed_arc_and_in_the_legend():
    ax = plot_game_tree(_game())
    dashed = [p for p in ax.patches if p.get_linestyle() not in ("solid", "-")]
    assert len(dashed) == 1
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any("information set" in t for t in labels) and any("chance" in t for t in labels)
