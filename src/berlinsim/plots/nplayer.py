"""Tables of three or more players as panels, and a correlated equilibrium's distribution as a heatmap.

:func:`plot_panels` draws a game of three or more players as one payoff table per action of the
third and later players (rows: the first player's actions, columns: the second's). Each cell
lists every player's payoff in that player's colour, bold and marked ``*`` where it is a best
response; a cell where all are best responses is a pure equilibrium, filled and framed. The
mixed equilibria of the result are listed under the panels.

:func:`plot_distribution` draws a (coarse) correlated equilibrium as a heatmap of the
probability of each cell, one panel per action of the third and later players, on a sequential
white-to-blue scale (Okabe-Ito blue, readable under the common colour-vision deficiencies and in
grey), every cell labelled with its probability (exact fractions when known).

Examples
--------
>>> import numpy as np
>>> from berlinsim.model.normal_form import NormalFormGame
>>> from berlinsim.solvers.enumpoly import enumpoly_solve
>>> u = np.zeros((3, 2, 2, 2), dtype=int)
>>> for i in range(3):
...     u[i, 0, 0, 0], u[i, 1, 1, 1] = 2, 1
>>> game = NormalFormGame.from_payoffs(u, title="Coordination")
>>> figure = plot_panels(game, enumpoly_solve(game))
>>> [ax.get_title() for ax in figure.axes]
['3 plays 1', '3 plays 2']
"""

from __future__ import annotations

import itertools
from fractions import Fraction
from typing import Any, Sequence

import numpy as np

from berlinsim.errors import GameError
from berlinsim.model.normal_form import NormalFormGame
from berlinsim.plots._style import OKABE_ITO, style

__all__ = ["plot_distribution", "plot_panels"]

#: Each player's colour: blue, vermillion, bluish green, reddish purple, orange, sky blue.
PLAYER_COLOURS = (OKABE_ITO[5], OKABE_ITO[6], OKABE_ITO[3], OKABE_ITO[7], OKABE_ITO[1], OKABE_ITO[2])
#: Most panels drawn (combinations of the third and later players' actions).
MAX_PANELS = 9
_EQ_FILL = "#FBF3B0"  # a light tint of Okabe-Ito yellow


def _number(x: Any) -> str:
    if isinstance(x, Fraction):
        return str(x.numerator) if x.denominator == 1 else f"{x.numerator}/{x.denominator}"
    text = f"{float(x):.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _panels(game: NormalFormGame) -> list[tuple[int, ...]]:
    rest = list(itertools.product(*(range(n) for n in game.shape[2:])))
    if len(rest) > MAX_PANELS:
        raise GameError(f"the game needs {len(rest)} panels (one per action of the third and later players); "
                        f"at most {MAX_PANELS} are drawn")
    return rest


def _caption(game: NormalFormGame, rest: tuple[int, ...]) -> str:
    return ", ".join(f"{game.players[j]} plays {game.actions[j][a]}" for j, a in zip(range(2, game.num_players), rest))


def _figure(game: NormalFormGame, count: int, cell_width: float, cell_height: float, extra: float) -> tuple[Any, Any]:
    from matplotlib.figure import Figure

    columns = min(count, 3)
    rows = -(-count // columns)
    n, m = game.shape[0], game.shape[1]
    size = (1.2 + columns * (1.0 + cell_width * m), 1.0 + rows * (0.9 + cell_height * n) + extra)
    figure = Figure(figsize=size, layout="constrained")
    axes = figure.subplots(rows, columns, squeeze=False)
    for ax in axes.flat[count:]:
        ax.set_visible(False)
    return figure, axes.flat[:count]


def _frame(ax: Any, game: NormalFormGame, first: bool) -> None:
    n, m = game.shape[0], game.shape[1]
    ax.set_xlim(0, m)
    ax.set_ylim(n, 0)
    ax.set_xticks(np.arange(m) + 0.5, game.actions[1])
    ax.set_yticks(np.arange(n) + 0.5, game.actions[0] if first else [""] * n)
    ax.xaxis.tick_top()
    ax.xaxis.set_label_position("top")
    ax.tick_params(length=0)
    for side in ("top", "right", "bottom", "left"):
        ax.spines[side].set_visible(False)
    ax.set_xlabel(game.players[1])
    if first:
        ax.set_ylabel(game.players[0])


def _best(game: NormalFormGame) -> np.ndarray:
    u = np.asarray(game.payoffs, float)
    tol = 1e-9 * max(1.0, float(np.abs(u).max()))
    return np.stack([u[i] >= u[i].max(axis=i, keepdims=True) - tol for i in range(game.num_players)])


def _mixed_lines(game: NormalFormGame, result: Any) -> list[str]:
    lines = []
    for k, eq in enumerate(getattr(result, "equilibria", ()), 1):
        strategies = eq.exact_strategies if getattr(eq, "exact_strategies", None) is not None else eq.strategies
        if eq.is_pure:
            continue
        parts = []
        for player, s in enumerate(strategies):
            played = [(game.actions[player][a], p) for a, p in enumerate(s) if p > 1e-12]
            parts.append(f"{game.players[player]} " + (played[0][0] if len(played) == 1 else
                                                       "(" + ", ".join(f"{a} {_number(p)}" for a, p in played) + ")"))
        payoffs = eq.exact_payoffs if eq.exact_payoffs is not None else eq.payoffs
        lines.append(f"equilibrium {k} (mixed): {'; '.join(parts)}; payoffs ({', '.join(_number(v) for v in payoffs)})")
    return lines


def plot_panels(game: NormalFormGame, result: Any = None, *, title: str | None = None) -> Any:
    """Draw a game of three or more players, one panel per action of the others; returns the Figure.

    Parameters
    ----------
    game : NormalFormGame
        Three or more players (at most :data:`MAX_PANELS` panels).
    result : SolveResult, optional
        Its mixed equilibria are listed under the panels (pure ones are framed in the cells).
    title : str, optional
        Default: the game's title.
    """
    from matplotlib.patches import Patch, Rectangle

    if game.num_players < 3:
        raise GameError(f"panels are drawn for three or more players; this game has {game.num_players}")
    rests = _panels(game)
    best = _best(game)
    u = game.exact_payoffs if game.exact_payoffs is not None else game.payoffs
    lines = _mixed_lines(game, result)
    with style():
        figure, axes = _figure(game, len(rests), 0.45 * game.num_players + 0.3, 0.6, 0.25 * (len(lines) + 1))
        pure = []
        for p, (ax, rest) in enumerate(zip(axes, rests)):
            for i, j in itertools.product(range(game.shape[0]), range(game.shape[1])):
                cell = (i, j, *rest)
                equilibrium = bool(best[(slice(None), *cell)].all())
                if equilibrium:
                    pure.append("(" + ", ".join(game.actions[k][a] for k, a in enumerate(cell)) + ")")
                ax.add_patch(Rectangle((j + 0.03, i + 0.05), 0.94, 0.9, facecolor=_EQ_FILL if equilibrium else "#F4F4F4",
                                       edgecolor=OKABE_ITO[0] if equilibrium else "none",
                                       linewidth=1.8 if equilibrium else 0))
                count = game.num_players
                for k in range(count):
                    mark = best[(k, *cell)]
                    ax.text(j + (k + 0.5) / count, i + 0.5, _number(u[(k, *cell)]) + ("*" if mark else ""),
                            ha="center", va="center", fontsize=9, color=PLAYER_COLOURS[k % len(PLAYER_COLOURS)],
                            fontweight="bold" if mark else "normal")
            _frame(ax, game, first=p % 3 == 0)
            ax.set_title(_caption(game, rest), fontsize=9.5)
        handles = [Patch(facecolor=PLAYER_COLOURS[k % len(PLAYER_COLOURS)], label=f"{k + 1}. {name}")
                   for k, name in enumerate(game.players)]
        notes = ["framed: pure equilibria " + ", ".join(pure) if pure else "no pure equilibrium", *lines,
                 "each cell: the players' payoffs in this order (* and bold: a best response)"]
        figure.legend(handles=handles, loc="outside lower center", ncols=len(handles), fontsize=8.5, frameon=False,
                      title="\n".join(notes), title_fontsize=8, alignment="left")
        figure.suptitle(title if title is not None else (game.title or "Payoff tables"), fontsize=10.5)
    return figure


def _scale() -> Any:
    from matplotlib.colors import LinearSegmentedColormap

    return LinearSegmentedColormap.from_list("white_blue", ["#FFFFFF", OKABE_ITO[5]])


def plot_distribution(game: NormalFormGame, cells: Sequence[Sequence[int]], probabilities: Sequence[Any], *,
                      payoffs: Sequence[Any] = (), title: str | None = None) -> Any:
    """Draw a distribution over the game's cells as a labelled heatmap; returns the Figure.

    Parameters
    ----------
    game : NormalFormGame
        Two or more players; one panel per action of the third and later players.
    cells, probabilities : sequences
        The cells with positive probability (one action index per player) and their probabilities
        (Fractions are printed exactly).
    payoffs : sequence, optional
        Each player's expected payoff, written under the panels.
    title : str, optional
        Default: ``"Correlated equilibrium"``.
    """
    if game.num_players < 2:
        raise GameError("a distribution over cells is drawn for two or more players")
    rests = _panels(game)
    p = {tuple(c): q for c, q in zip(cells, probabilities)}
    n, m = game.shape[0], game.shape[1]
    with style():
        figure, axes = _figure(game, len(rests), 1.0, 0.65, 0.35)
        cmap = _scale()
        image = None
        for k, (ax, rest) in enumerate(zip(axes, rests)):
            grid = np.array([[float(p.get((i, j, *rest), 0)) for j in range(m)] for i in range(n)])
            image = ax.imshow(grid, cmap=cmap, vmin=0.0, vmax=1.0, extent=(0, m, n, 0), aspect="auto")
            for i, j in itertools.product(range(n), range(m)):
                q = p.get((i, j, *rest), 0)
                ax.text(j + 0.5, i + 0.5, _number(q), ha="center", va="center", fontsize=11,
                        color="white" if float(q) > 0.55 else "black", fontweight="bold" if q else "normal")
            for x in range(1, m):
                ax.axvline(x, color="#BBBBBB", linewidth=1.0)
            for y in range(1, n):
                ax.axhline(y, color="#BBBBBB", linewidth=1.0)
            _frame(ax, game, first=k % 3 == 0)
            for side in ("top", "right", "bottom", "left"):
                ax.spines[side].set_visible(True)
                ax.spines[side].set_color("#BBBBBB")
            if rest:
                ax.set_title(_caption(game, rest).replace(" plays ", " told "), fontsize=9.5)
        bar = figure.colorbar(image, ax=list(axes), shrink=0.8, pad=0.02)
        bar.set_label("probability the mediator draws the cell")
        if payoffs:
            figure.supxlabel("expected payoffs: " + ", ".join(f"{name} {_number(v)}" for name, v in zip(game.players, payoffs)),
                             fontsize=8.5, color="#333333")
        figure.suptitle(title if title is not None else "Correlated equilibrium", fontsize=10.5)
    return figure
