"""The logit quantal-response path: how choice probabilities move from uniform to an equilibrium.

At precision ``lambda = 0`` every player chooses uniformly at random; as ``lambda`` grows
choices respond more and more sharply to payoffs and the path ends at a Nash equilibrium
(McKelvey and Palfrey 1995): a picture of bounded rationality for teaching. The path comes
from the solvers' details (``qre``: a table game's path with ``lambdas`` and ``profiles`` of
every player's strategy concatenated; ``agent_qre``: a tree's path over its global actions);
the plot needs only those two arrays and the game for the labels. The x axis is logarithmic.

Examples
--------
>>> import numpy as np
>>> from types import SimpleNamespace
>>> from berlinsim.model.normal_form import NormalFormGame
>>> mp = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]], title="Matching pennies")
>>> path = SimpleNamespace(lambdas=np.array([0.0, 1.0, 10.0]), profiles=np.full((3, 4), 0.5))
>>> ax = plot_qre_path(path, mp)
>>> ax.get_xscale(), len(ax.get_lines())  # one line per player: the other action is 1 minus it
('log', 2)
"""

from __future__ import annotations

import textwrap
from typing import Any

import numpy as np

from berlinsim.plots._style import new_axes, style

__all__ = ["path_columns", "plot_qre_path"]

_DASHES = ("-", "--", ":", "-.")
#: Okabe-Ito colours that read well as thin lines on white (yellow left out).
_COLOURS = ("#E69F00", "#56B4E9", "#009E73", "#0072B2", "#D55E00", "#CC79A7", "#000000")


def path_columns(game: Any) -> tuple[tuple[int, str, str], ...]:
    """(player, where, action) naming each column of a path's profiles (``where``: the information set)."""
    if hasattr(game, "player_infosets"):
        columns = []
        for infoset in game.infosets:  # the global action order
            columns.extend((infoset.player, infoset.label, a) for a in infoset.actions)
        return tuple(columns)
    return tuple((p, "", a) for p, actions in enumerate(game.actions) for a in actions)


def plot_qre_path(path: Any, game: Any, *, ax: Any = None, title: str | None = None,
                  skip_fixed: bool = True) -> Any:
    """Each action's probability along the logit QRE path against ``lambda`` (log scale); returns the Axes.

    Parameters
    ----------
    path : QrePath or AgentQrePath
        Anything with ``lambdas`` (k,) and ``profiles`` (k, columns) arrays.
    game : NormalFormGame or ExtensiveGame
        The game the path was traced on (for names).
    skip_fixed : bool
        Leave out information sets with a single action and, for trees, actions whose
        probability never moves (keeps a tree's plot readable).
    """
    lambdas = np.asarray(path.lambdas, dtype=float)
    profiles = np.asarray(path.profiles, dtype=float)
    columns = path_columns(game)
    keep = lambdas > 0
    with style():
        tree = hasattr(game, "player_infosets")
        ax = new_axes(ax, size=(7.5, 7.0) if tree else (6.8, 4.2))
        groups: dict[tuple[int, str], list[int]] = {}
        for k, (player, where, _) in enumerate(columns):
            groups.setdefault((player, where), []).append(k)
        shown = 0
        for (player, where), cols in groups.items():
            if skip_fixed and (len(cols) < 2 or (tree and np.ptp(profiles[:, cols]) < 1e-3)):
                continue
            for k in cols[:-1] if len(cols) == 2 else cols:
                who = game.players[player] + (f" at {where}" if where else "")
                dash = _DASHES[shown % len(_DASHES)]  # (colour, dash) unique per line; overlaps stay visible
                label = "\n".join(textwrap.wrap(f"{who}: {columns[k][2]}", 48))
                ax.plot(lambdas[keep], profiles[keep, k], color=_COLOURS[shown % len(_COLOURS)], linestyle=dash, linewidth=1.6,
                        label=label)
                shown += 1
        ax.set_xscale("log")
        ax.set_ylim(-0.03, 1.03)
        ax.set_xlabel("precision λ (log scale): 0 = random choice, large = best response")
        ax.set_ylabel("probability of the action")
        ax.set_title(title if title is not None else f"Logit QRE path: {getattr(game, 'title', '') or 'game'}")
        ax.grid(True, which="major", color="#E5E5E5", linewidth=0.6)
        if tree:  # many information sets: the legend goes under the plot, in two columns
            ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=2, frameon=False, fontsize=7)
        else:
            ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=7)
    return ax
