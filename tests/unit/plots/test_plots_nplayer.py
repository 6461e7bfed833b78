"""Panels of a 3-player table and a correlated equilibrium's heatmap: what each panel shows is the game's and the distribution's."""

from fractions import Fraction as F

import numpy as np
import pytest

from berlinsim.errors import GameError
from berlinsim.model.normal_form import NormalFormGame
from berlinsim.plots import save_figure
from berlinsim.plots.nplayer import plot_distribution, plot_panels
from berlinsim.solvers.correlated import correlated_solve
from berlinsim.solvers.enumpoly import enumpoly_solve


def allies() -> NormalFormGame:
    """Three allies hold together (3 each) or all quit (2 each); a lone holder gets 0, a quitter 1."""
    u = np.zeros((3, 2, 2, 2), dtype=int)
    for cell in np.ndindex(2, 2, 2):
        for i in range(3):
            u[(i, *cell)] = 3 if cell == (0, 0, 0) else 2 if cell == (1, 1, 1) else (1 if cell[i] == 1 else 0)
    return NormalFormGame.from_payoffs(u, players=("US", "UK", "France"), actions=(("Hold", "Quit"),) * 3,
                                       title="Allies")


def _texts(figure):
    return [t.get_text() for ax in figure.axes for t in ax.texts]


def test_one_panel_per_third_players_action_with_every_payoff(tmp_path) -> None:
    game = allies()
    result = enumpoly_solve(game)
    figure = plot_panels(game, result)
    assert [ax.get_title() for ax in figure.axes] == ["France plays Hold", "France plays Quit"]
    for k, ax in enumerate(figure.axes):  # every cell shows the three payoffs of its own cell
        shown = sorted(t.get_text().rstrip("*") for t in ax.texts)
        expected = sorted(str(game.exact_payoffs[(i, r, c, k)]) for i in range(3) for r in range(2) for c in range(2))
        assert shown == expected
    legend = figure.legends[0]
    assert [t.get_text() for t in legend.get_texts()] == ["1. US", "2. UK", "3. France"]
    title = legend.get_title().get_text()
    assert "framed: pure equilibria (Hold, Hold, Hold), (Quit, Quit, Quit)" in title
    mixed = [k for k, eq in enumerate(result.equilibria, 1) if not eq.is_pure]
    assert all(f"equilibrium {k} (mixed)" in title for k in mixed) and mixed
    data = save_figure(figure, tmp_path / "p.png").read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 5000


def test_heatmap_cells_are_the_distributions_probabilities(tmp_path) -> None:
    game = allies()
    result = correlated_solve(game)
    eq = next(e for e in result.equilibria if len(e.cells) > 2)
    figure = plot_distribution(game, eq.cells, eq.exact_probabilities, payoffs=eq.exact_payoffs)
    panels = [ax for ax in figure.axes if ax.get_title()]
    assert [ax.get_title() for ax in panels] == ["France told Hold", "France told Quit"]
    p = dict(eq.distribution)
    for k, ax in enumerate(panels):
        for text in ax.texts:
            x, y = text.get_position()
            cell = (int(y), int(x), k)
            assert F(text.get_text()) == p.get(cell, 0)
        image = ax.images[0].get_array()
        assert np.allclose(image, [[float(p.get((r, c, k), 0)) for c in range(2)] for r in range(2)])
    assert save_figure(figure, tmp_path / "d.png").read_bytes().startswith(b"\x89PNG")


def test_two_players_heatmap_and_limits() -> None:
    chicken = NormalFormGame.from_bimatrix([[6, 2], [7, 0]], [[6, 7], [2, 0]], actions=(("C", "D"), ("C", "D")))
    eq = correlated_solve(chicken).equilibria[0]
    figure = plot_distribution(chicken, eq.cells, eq.exact_probabilities, title="Aumann")
    assert sorted(_texts(figure)) == ["0", "1/2", "1/4", "1/4"]
    with pytest.raises(GameError, match="three or more players"):
        plot_panels(chicken)
    big = NormalFormGame.from_payoffs(np.zeros((4, 2, 2, 4, 4), dtype=int))  # 16 panels
    with pytest.raises(GameError, match="panels"):
        plot_panels(big)
