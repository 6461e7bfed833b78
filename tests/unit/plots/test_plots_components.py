"""The equilibrium set in each player's simplex: the points drawn are the extreme equilibria, component by component."""

import math
from fractions import Fraction as F

import numpy as np
import pytest

from berlinsim.errors import GameError
from berlinsim.model.normal_form import NormalFormGame
from berlinsim.plots import save_figure
from berlinsim.plots.components import plot_components, to_plane
from berlinsim.solvers.enummixed import enummixed_solve
from berlinsim.solvers.lemke_howson import lh_solve


def segment_game() -> NormalFormGame:
    """2x3, degenerate: against Hold the USSR is indifferent between L and M (a segment of equilibria)."""
    return NormalFormGame.from_bimatrix([[1, 1, 0], [0, 0, 1]], [[1, 1, 0], [0, 0, 1]], players=("US", "USSR"),
                                        actions=(("Hold", "Yield"), ("L", "M", "R")), title="Segment")


def polygon_game() -> NormalFormGame:
    """3x3: against L the US is indifferent among all rows; L stays a best reply on a quadrilateral of them."""
    return NormalFormGame.from_bimatrix([[1, 0, 0], [1, 0, 0], [1, 0, 2]], [[2, 0, 0], [2, 0, 0], [0, 0, 1]],
                                        players=("US", "USSR"), actions=(("a", "b", "c"), ("L", "M", "R")))


def from_plane(x: float, y: float, actions: int) -> tuple[float, ...]:
    """Invert the barycentric placement: the strategy drawn at (x, y)."""
    if actions == 2:
        assert y == 0
        return (1 - x, x)
    third = y / (math.sqrt(3) / 2)
    second = x - third / 2
    return (1 - second - third, second, third)


def drawn_points(ax, actions: int) -> dict[str, set[tuple[float, ...]]]:
    """Component label -> the strategies at the points drawn for it (rounded)."""
    return {c.get_label(): {tuple(round(v, 9) for v in from_plane(x, y, actions)) for x, y in c.get_offsets()}
            for c in ax.collections}


def expected_points(result, side: int) -> dict[str, set[tuple[float, ...]]]:
    """Component label -> the strategies of ``side`` in the component's extreme equilibria (from the list itself)."""
    return {f"component {c + 1}": {tuple(round(float(v), 9) for v in result.equilibria[e].exact_strategies[side])
                                   for e in members}
            for c, members in enumerate(result.components.component_equilibria)}


@pytest.mark.parametrize("game", [segment_game(), polygon_game()], ids=["2x3 segment", "3x3 polygon"])
def test_points_drawn_are_each_components_extreme_equilibria(game, tmp_path) -> None:
    result = enummixed_solve(game)
    figure = plot_components(game, result)
    panels = figure.axes[:2]
    assert [ax.get_title() for ax in panels] == ["US", "USSR"]
    for side, ax in enumerate(panels):
        assert drawn_points(ax, game.shape[side]) == expected_points(result, side)
        corners = sorted(t.get_text() for t in ax.texts if t.get_text() in game.actions[side]
                         or t.get_text().startswith("all "))
        assert corners == sorted(a if game.shape[side] == 3 else f"all {a}" for a in game.actions[side])
    legend = [t.get_text() for t in figure.legends[0].get_texts()]
    found = result.components
    sets = [[("{" + ", ".join(f"x{v + 1}" for v in found.cliques[k].rows) + "} x {"
              + ", ".join(f"y{v + 1}" for v in found.cliques[k].columns) + "}") for k in cliques]
            for cliques in found.components]
    assert legend == [f"component {c + 1}: " + " and ".join(texts) for c, texts in enumerate(sets)]
    # what the legend says of a set is true: each of its x's with each of its y's is an extreme equilibrium
    profiles = {tuple(tuple(map(float, s)) for s in eq.strategies) for eq in result.equilibria}
    for clique in found.cliques:
        for r in clique.rows:
            for c in clique.columns:
                pair = (tuple(map(float, found.row_vertices[r])), tuple(map(float, found.column_vertices[c])))
                assert pair in profiles
    assert save_figure(figure, tmp_path / "c.png").read_bytes().startswith(b"\x89PNG")


def test_the_segment_and_the_polygon_are_the_hulls_of_the_sets() -> None:
    game = segment_game()  # Hold x hull(L, M), and (1/2, 1/2) x hull((1/2, 0, 1/2), (0, 1/2, 1/2)): worked by hand
    ussr = plot_components(game, enummixed_solve(game)).axes[1]
    segments = {frozenset(tuple(round(v, 9) for v in from_plane(x, y, 3)) for x, y in line.get_xydata())
                for line in ussr.lines if line.get_linewidth() > 5}  # the thick component segments, not the frame
    assert segments == {frozenset({(1, 0, 0), (0, 1, 0)}), frozenset({(0.5, 0, 0.5), (0, 0.5, 0.5)})}
    game = polygon_game()
    result = enummixed_solve(game)
    us = plot_components(game, result).axes[0]
    (patch,) = us.patches
    corners = {tuple(round(v, 9) for v in from_plane(x, y, 3)) for x, y in patch.get_xy()}
    big = max(result.components.component_equilibria, key=len)
    assert corners == {tuple(round(float(v), 9) for v in result.equilibria[e].exact_strategies[0]) for e in big}
    assert (F(1, 3), 0, F(2, 3)) in {result.equilibria[e].exact_strategies[0] for e in big}


def test_two_by_two_and_the_refusals() -> None:
    chicken = NormalFormGame.from_bimatrix([[6, 2], [7, 0]], [[6, 7], [2, 0]])
    result = enummixed_solve(chicken)
    figure = plot_components(chicken, result, title="Chicken")
    assert figure._suptitle.get_text() == "Chicken" and len(figure.axes[0].collections) == 3  # three isolated points
    three = NormalFormGame.from_payoffs(np.zeros((3, 2, 2, 2), dtype=int))
    with pytest.raises(GameError, match="two-player tables; this game has 3 players"):
        plot_components(three, result)
    wide = NormalFormGame.from_bimatrix(np.eye(4, dtype=int), np.eye(4, dtype=int))
    with pytest.raises(GameError, match="at most 3 actions per player; this game is 4x4"):
        plot_components(wide, enummixed_solve(wide))
    with pytest.raises(GameError, match="use --method enummixed"):
        plot_components(chicken, lh_solve(chicken))
