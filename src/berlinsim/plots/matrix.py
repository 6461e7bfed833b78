"""The payoff matrix of a two-player game as a table, best responses marked, equilibria highlighted.

Each cell shows the row player's and the column player's payoffs. A payoff that is a best
response to the other player's action is printed bold in the player's colour and marked with
a triangle (row player: ``▸``, column player: ``▾``); a cell where both are best responses is
a pure equilibrium and is filled and framed. Mixed equilibria (from the
:class:`~berlinsim.model.result.SolveResult`, when given) are listed under the table with
their probabilities and payoffs.

Examples
--------
>>> from berlinsim.model.normal_form import NormalFormGame
>>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
...                                   actions=(("C", "D"), ("C", "D")), title="Prisoner's dilemma")
>>> ax = plot_payoff_matrix(pd)
>>> ax.get_title()
"Prisoner's dilemma"
>>> pure_equilibria(pd)
((1, 1),)
"""

from __future__ import annotations

import textwrap
from typing import Any

import numpy as np

from berlinsim.errors import GameError
from berlinsim.model.normal_form import NormalFormGame
from berlinsim.plots._style import OKABE_ITO, new_axes, style

__all__ = ["plot_payoff_matrix", "pure_equilibria"]

_ROW, _COL = OKABE_ITO[5], OKABE_ITO[6]  # blue, vermillion
_EQ_FILL = "#FBF3B0"  # a light tint of Okabe-Ito yellow


def _best_response_masks(game: NormalFormGame) -> tuple[np.ndarray, np.ndarray]:
    a, b = np.asarray(game.payoffs[0], float), np.asarray(game.payoffs[1], float)
    tol = 1e-9 * max(1.0, float(np.abs(game.payoffs).max()))
    return a >= a.max(axis=0, keepdims=True) - tol, b >= b.max(axis=1, keepdims=True) - tol


def pure_equilibria(game: NormalFormGame) -> tuple[tuple[int, int], ...]:
    """The cells (row, column) of a two-player game where both payoffs are best responses."""
    if game.num_players != 2:
        raise GameError(f"a payoff matrix is drawn for two players; this game has {game.num_players}")
    rows, cols = _best_response_masks(game)
    return tuple((int(i), int(j)) for i, j in zip(*np.nonzero(rows & cols)))


def _number(x: float) -> str:
    text = f"{x:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _mixed_lines(game: NormalFormGame, result: Any) -> list[str]:
    lines = []
    for eq in getattr(result, "equilibria", ()):
        strategies = [np.asarray(s, float) for s in eq.strategies]
        if all(np.isclose(s.max(), 1.0) for s in strategies):
            continue
        parts = []
        for player, s in enumerate(strategies):
            probs = ", ".join(f"{game.actions[player][k]} {_number(p)}" for k, p in enumerate(s) if p > 1e-12)
            parts.append(f"{game.players[player]} ({probs})")
        pay = ", ".join(_number(float(v)) for v in eq.payoffs)
        lines.append(f"mixed equilibrium: {'; '.join(parts)}; payoffs ({pay})")
    return lines


def _tick(label: str, note: str, width: int) -> str:
    return label if not note else f"{label}\n" + "\n".join(textwrap.wrap(note, width))


def plot_payoff_matrix(game: NormalFormGame, result: Any = None, *, ax: Any = None, title: str | None = None,
                       action_notes: tuple[tuple[str, ...], ...] | None = None) -> Any:
    """Draw a two-player game's payoff table; returns the Axes.

    Parameters
    ----------
    game : NormalFormGame
        Two players; rows are player 0's actions, columns player 1's.
    result : SolveResult, optional
        Its mixed equilibria are listed under the table (pure ones are visible in the cells).
    ax : matplotlib Axes, optional
        Where to draw (default: a new figure sized to the table).
    title : str, optional
        Default: the game's title.
    action_notes : tuple of tuple of str, optional
        The scenario's words for each action, printed under its label.
    """
    if game.num_players != 2:
        raise GameError(f"a payoff matrix is drawn for two players; this game has {game.num_players}")
    n, m = game.shape
    with style():
        ax = new_axes(ax, size=(2.6 + 1.8 * m, 1.7 + 0.75 * n))
        rows, cols = _best_response_masks(game)
        a, b = game.payoffs[0], game.payoffs[1]
        for i in range(n):
            for j in range(m):
                eq = bool(rows[i, j] and cols[i, j])
                ax.add_patch(_rect(ax, j, i, eq))
                ax.text(j + 0.44, i + 0.5, _number(float(a[i, j])) + (" ▸" if rows[i, j] else ""),
                        ha="right", va="center", fontsize=10, color=_ROW,
                        fontweight="bold" if rows[i, j] else "normal")
                ax.plot([j + 0.5, j + 0.5], [i + 0.36, i + 0.64], color="#AAAAAA", linewidth=0.8)
                ax.text(j + 0.56, i + 0.5, _number(float(b[i, j])) + (" ▾" if cols[i, j] else ""),
                        ha="left", va="center", fontsize=10, color=_COL,
                        fontweight="bold" if cols[i, j] else "normal")
        ax.set_xlim(0, m)
        ax.set_ylim(n, 0)
        notes = action_notes or tuple(("",) * k for k in game.shape)
        ax.set_xticks(np.arange(m) + 0.5, [_tick(x, t, 18) for x, t in zip(game.actions[1], notes[1])], fontsize=8)
        ax.set_yticks(np.arange(n) + 0.5, [_tick(x, t, 24) for x, t in zip(game.actions[0], notes[0])], fontsize=8)
        ax.xaxis.tick_top()
        ax.xaxis.set_label_position("top")
        ax.tick_params(length=0)
        for side in ("top", "right", "bottom", "left"):
            ax.spines[side].set_visible(False)
        ax.set_xlabel(f"{game.players[1]} (second payoff, ▾ best response)", color=_COL)
        ax.set_ylabel(f"{game.players[0]} (first payoff, ▸ best response)", color=_ROW)
        lines = _mixed_lines(game, result)
        pure = pure_equilibria(game)
        if pure:
            lines.insert(0, "shaded: pure equilibria " + ", ".join(
                f"({game.actions[0][i]}, {game.actions[1][j]})" for i, j in pure))
        elif not lines:
            lines.insert(0, "no pure equilibrium")
        ax.text(0.0, -0.04, "\n".join(lines), transform=ax.transAxes, ha="left", va="top", fontsize=8,
                color="#333333", wrap=False)
        ax.set_title(title if title is not None else (game.title or "Payoff matrix"), pad=8)
    return ax


def _rect(ax: Any, j: int, i: int, equilibrium: bool) -> Any:
    from matplotlib.patches import Rectangle

    return Rectangle((j + 0.03, i + 0.05), 0.94, 0.9, facecolor=_EQ_FILL if equilibrium else "#F4F4F4",
                     edgecolor=OKABE_ITO[0] if equilibrium else "none", linewidth=1.8 if equilibrium else 0)


