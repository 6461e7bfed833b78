"""A game tree drawn from the model: players' moves, chance, information sets, an equilibrium path.

The tree grows from left to right: the root at the left, one column per move, the terminal
nodes (leaves) stacked evenly on the right with their outcome label and payoffs, so trees of
~40 leaves stay readable (the figure grows with the number of leaves). Decision nodes are
circles in their player's colour, chance nodes grey squares; every branch carries its action
and, for chance and for mixed equilibrium choices, its probability. Nodes of one information
set (the player cannot tell them apart) are joined by a dashed line. With an equilibrium, the
branches it plays are dark and the path it reaches with positive probability is bold.

Examples
--------
>>> from berlinsim.model.extensive import ExtensiveGame, decision, terminal
>>> g = ExtensiveGame.from_tree(
...     decision("Entrant", {"Out": terminal(0, 2),
...                          "In": decision("Incumbent", {"Fight": terminal(-1, -1),
...                                                       "Accommodate": terminal(1, 1)})}),
...     title="Entry deterrence")
>>> ax = plot_game_tree(g)
>>> ax.get_title(loc="left")
'Entry deterrence'
>>> node_positions(g)[0].tolist(), node_positions(g)[1].tolist()
([0.0, 1.0, 1.0, 2.0, 2.0], [0.75, 0.0, 1.5, 1.0, 2.0])
"""

from __future__ import annotations

from typing import Any

import numpy as np

from berlinsim.model.extensive import CHANCE, DECISION, TERMINAL, ExtensiveGame
from berlinsim.plots._style import GREY, OKABE_ITO, color, new_axes, style

__all__ = ["edge_probabilities", "node_positions", "plot_game_tree"]


def node_positions(game: ExtensiveGame) -> tuple[np.ndarray, np.ndarray]:
    """x (depth) and y (leaves 0, 1, 2 ... top to bottom; a parent at its children's mean) of every node."""
    x = np.asarray(game.depth, dtype=float)
    y = np.zeros(game.num_nodes)
    leaf = 0
    for node in range(game.num_nodes):  # preorder: leaves in drawing order
        if game.kind[node] == TERMINAL:
            y[node] = leaf
            leaf += 1
    for node in range(game.num_nodes - 1, -1, -1):  # children before parents
        kids = game.children(node)
        if kids:
            y[node] = float(np.mean(y[list(kids)]))
    return x, y


def edge_probabilities(game: ExtensiveGame, equilibrium: Any = None) -> tuple[np.ndarray, np.ndarray]:
    """Probability of the move into each node and of reaching it (NaN for decisions without an equilibrium)."""
    move = np.full(game.num_nodes, np.nan)
    behavior: dict[int, tuple[float, ...]] = {}
    if equilibrium is not None:
        for player, infosets in enumerate(game.player_infosets):
            for k, h in enumerate(infosets):
                behavior[h] = tuple(float(v) for v in equilibrium.behavior[player][k])
    reach = np.full(game.num_nodes, np.nan)
    reach[0] = 1.0
    for node in range(1, game.num_nodes):
        parent = int(game.parent[node])
        if game.kind[parent] == CHANCE:
            move[node] = float(game.move_prob[node])
        elif behavior:
            move[node] = behavior[int(game.infoset[parent])][int(game.parent_action[node])]
        reach[node] = reach[parent] * move[node]
    return move, reach


def _number(x: float) -> str:
    text = f"{x:.3g}" if abs(x) < 1000 else f"{x:.0f}"
    return "0" if text == "-0" else text


def plot_game_tree(game: ExtensiveGame, equilibrium: Any = None, *, ax: Any = None, title: str | None = None,
                   payoff_digits: int = 3) -> Any:
    """Draw ``game`` (optionally with a behaviour equilibrium's choices and path); returns the Axes.

    Parameters
    ----------
    game : ExtensiveGame
    equilibrium : BehaviorEquilibrium, optional
        Its choices are drawn dark and the path it reaches bold; mixed choices show their probability.
    ax : matplotlib Axes, optional
        Default: a new figure sized to the tree (about 0.27 inch per leaf).
    title : str, optional
        Default: the game's title.
    payoff_digits : int
        Significant digits of the payoffs at the leaves.
    """
    x, y = node_positions(game)
    move, reach = edge_probabilities(game, equilibrium)
    depth = int(game.depth.max())
    with style():
        ax = new_axes(ax, size=(3.8 + 1.9 * depth, 1.4 + 0.27 * game.num_terminals))
        _draw_infosets(ax, game, x, y)
        for node in range(1, game.num_nodes):
            _draw_edge(ax, game, node, x, y, move, reach, equilibrium is not None)
        _draw_nodes(ax, game, x, y)
        width = max(len(label) for label in game.outcome_labels) if game.outcome_labels else 0
        for row, node in enumerate(game.terminals):
            pay = ", ".join(f"{float(v):.{payoff_digits}g}" for v in game.payoffs[row])
            label = game.outcome_labels[row] if row < len(game.outcome_labels) else ""
            bold = equilibrium is not None and reach[node] > 0
            ax.text(x[node] + 0.08, y[node], f"({pay})  {label}", ha="left", va="center", fontsize=7.5,
                    fontweight="bold" if bold else "normal")
        ax.set_xlim(-0.35, depth + 0.15 + 0.012 * max(width, 20) * 6)
        ax.set_ylim(game.num_terminals - 0.5, -1.0)
        ax.set_axis_off()
        players = ", ".join(game.players)
        ax.set_title(title if title is not None else (game.title or "Game tree"), loc="left")
        ax.legend(handles=_legend_handles(game, equilibrium is not None), loc="upper left",
                  bbox_to_anchor=(0.0, 0.0), ncol=3, frameon=False, fontsize=7.5,
                  title=f"payoffs at the leaves: ({players})", title_fontsize=7.5)
    return ax


def _edge_label(game: ExtensiveGame, node: int, move: np.ndarray) -> str:
    parent = int(game.parent[node])
    action = game.actions_at(parent)[int(game.parent_action[node])]
    p = move[node]
    if game.kind[parent] == CHANCE or (not np.isnan(p) and 1e-9 < p < 1 - 1e-9):
        return f"{action} ({_number(p)})"
    return action


def _draw_edge(ax: Any, game: ExtensiveGame, node: int, x: np.ndarray, y: np.ndarray, move: np.ndarray,
               reach: np.ndarray, with_equilibrium: bool) -> None:
    parent = int(game.parent[node])
    style_ = {"color": GREY, "linewidth": 0.9, "zorder": 1}
    if with_equilibrium and reach[node] > 0:
        style_ = {"color": OKABE_ITO[0], "linewidth": 3.0, "zorder": 2}
    elif with_equilibrium and move[node] > 0 and game.kind[parent] == DECISION:
        style_ = {"color": "#555555", "linewidth": 1.8, "zorder": 1.5}
    ax.plot([x[parent], x[node]], [y[parent], y[node]], solid_capstyle="round", **style_)
    tx, ty = x[parent] + 0.62 * (x[node] - x[parent]), y[parent] + 0.62 * (y[node] - y[parent])
    ax.text(tx, ty - 0.1, _edge_label(game, node, move), ha="center", va="bottom", fontsize=6.8, color="#222222",
            bbox={"boxstyle": "round,pad=0.08", "facecolor": "white", "edgecolor": "none", "alpha": 0.8}, zorder=3)


def _draw_infosets(ax: Any, game: ExtensiveGame, x: np.ndarray, y: np.ndarray) -> None:
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path

    for infoset in game.infosets:
        nodes = sorted(infoset.nodes, key=lambda n: y[n])
        for a, b in zip(nodes, nodes[1:]):  # an arc bulging left, clear of the nodes in the same column
            bulge = min(0.35, 0.04 * abs(y[b] - y[a]) + 0.1)
            arc = Path([(x[a], y[a]), ((x[a] + x[b]) / 2 - 2 * bulge, (y[a] + y[b]) / 2), (x[b], y[b])],
                       [Path.MOVETO, Path.CURVE3, Path.CURVE3])
            ax.add_patch(PathPatch(arc, facecolor="none", edgecolor=color(infoset.player), linewidth=1.3,
                                   linestyle=(0, (4, 3)), zorder=0.5))


def _draw_nodes(ax: Any, game: ExtensiveGame, x: np.ndarray, y: np.ndarray) -> None:
    below: set[int] = set()  # members of an information set under its top node: label below, clear of the arc
    for infoset in game.infosets:
        below.update(sorted(infoset.nodes, key=lambda n: y[n])[1:])
    for node in range(game.num_nodes):
        kind = game.kind[node]
        if kind == DECISION:
            player = int(game.player[node])
            ax.scatter([x[node]], [y[node]], s=70, marker="o", color=color(player), edgecolor="black",
                       linewidth=0.7, zorder=4)
            under = node in below
            ax.text(x[node], y[node] + (0.28 if under else -0.28), game.players[player], ha="center",
                    va="top" if under else "bottom", fontsize=7.5, color="#222222", zorder=5,
                    bbox={"boxstyle": "round,pad=0.05", "facecolor": "white", "edgecolor": "none", "alpha": 0.7})
        elif kind == CHANCE:
            ax.scatter([x[node]], [y[node]], s=60, marker="s", color="#DDDDDD", edgecolor="black",
                       linewidth=0.7, zorder=4)
        elif kind == TERMINAL:
            ax.scatter([x[node]], [y[node]], s=12, marker="o", color="black", zorder=4)


def _legend_handles(game: ExtensiveGame, with_equilibrium: bool) -> list[Any]:
    from matplotlib.lines import Line2D

    handles = [Line2D([], [], marker="o", linestyle="none", markersize=7, markerfacecolor=color(p),
                      markeredgecolor="black", label=f"{name} moves") for p, name in enumerate(game.players)]
    if game.has_chance:
        handles.append(Line2D([], [], marker="s", linestyle="none", markersize=7, markerfacecolor="#DDDDDD",
                              markeredgecolor="black", label="chance (probability on branch)"))
    if any(len(h.nodes) > 1 for h in game.infosets):
        handles.append(Line2D([], [], color="#555555", linestyle=(0, (4, 3)), label="information set (cannot tell apart)"))
    if with_equilibrium:
        handles.append(Line2D([], [], color="black", linewidth=3.0, label="equilibrium path"))
        handles.append(Line2D([], [], color="#555555", linewidth=1.8, label="equilibrium choice off the path"))
    return handles

