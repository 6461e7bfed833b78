"""A two-player game's equilibrium set drawn in each player's strategy simplex, component by component.

:func:`plot_components` draws one panel per player: the simplex of her mixed strategies (a
segment for two actions, a triangle for three, in barycentric coordinates, each corner named by
its action). The extreme strategies of the equilibria (``x1, x2, ...`` for the first player,
``y1, ...`` for the second, as the text report names them) are points; each maximal Nash subset
(:class:`~berlinsim.model.components.Clique`) contributes the hull of its strategies on that side,
drawn as a thick segment or a filled polygon. Each connected component has one Okabe-Ito colour
and one marker in both panels, so a component is the product-like union of what is drawn in its
colour: every strategy in a filled hull is an equilibrium with every strategy in the matching
hull on the other side. Games of two players with at most three actions each.

Examples
--------
>>> from berlinsim.model.normal_form import NormalFormGame
>>> from berlinsim.solvers.enummixed import enummixed_solve
>>> g = NormalFormGame.from_bimatrix([[1, 1], [0, 0]], [[1, 1], [0, 0]], actions=(("T", "B"), ("L", "R")))
>>> figure = plot_components(g, enummixed_solve(g))
>>> [ax.get_title() for ax in figure.axes[:2]]
['1', '2']
>>> [c.get_label() for c in figure.axes[1].collections]
['component 1']
"""

from __future__ import annotations

import math
from typing import Any, Sequence

from berlinsim.errors import GameError
from berlinsim.model.normal_form import NormalFormGame
from berlinsim.plots._style import GREY, OKABE_ITO, SERIES, style

__all__ = ["MAX_ACTIONS", "MARKERS", "corners", "plot_components", "to_plane"]

#: Most actions per player drawn (a simplex of dimension two at most).
MAX_ACTIONS = 3
#: One marker per component (with its colour), cycling.
MARKERS = ("o", "s", "^", "D", "v", "P", "X")


def corners(actions: int) -> tuple[tuple[float, float], ...]:
    """The plane positions of the simplex's corners: a unit segment, or an equilateral triangle.

    >>> corners(2), [tuple(round(v, 3) for v in c) for c in corners(3)]
    (((0.0, 0.0), (1.0, 0.0)), [(0.0, 0.0), (1.0, 0.0), (0.5, 0.866)])
    """
    if actions == 2:
        return ((0.0, 0.0), (1.0, 0.0))
    return ((0.0, 0.0), (1.0, 0.0), (0.5, math.sqrt(3) / 2))


def to_plane(strategy: Sequence[Any]) -> tuple[float, float]:
    """A mixed strategy's point in its simplex (barycentric coordinates: the weighted mean of the corners).

    >>> from fractions import Fraction
    >>> to_plane((Fraction(1, 4), Fraction(3, 4))), tuple(round(v, 3) for v in to_plane((0, 0, 1)))
    ((0.75, 0.0), (0.5, 0.866))
    """
    points = corners(len(strategy))
    return (sum(float(p) * c[0] for p, c in zip(strategy, points)),
            sum(float(p) * c[1] for p, c in zip(strategy, points)))


def _hull(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The corners of the convex hull of ``points``, in counter-clockwise order (monotone chain)."""
    unique = sorted(set((round(x, 12), round(y, 12)) for x, y in points))
    if len(unique) <= 2:
        return unique

    def turn(o: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list[tuple[float, float]] = []
    upper: list[tuple[float, float]] = []
    for chain, seq in ((lower, unique), (upper, unique[::-1])):
        for p in seq:
            while len(chain) >= 2 and turn(chain[-2], chain[-1], p) <= 1e-12:
                chain.pop()
            chain.append(p)
    return lower[:-1] + upper[:-1]


def _check(game: Any, result: Any) -> Any:
    if not isinstance(game, NormalFormGame) or game.num_players != 2:
        players = getattr(game, "num_players", "?")
        raise GameError(f"equilibrium components are drawn for two-player tables; this game has {players} players"
                        if isinstance(game, NormalFormGame) else "equilibrium components are drawn for two-player "
                        "tables (a scenario or .nfg), not for a tree")
    if max(game.shape) > MAX_ACTIONS:
        raise GameError(f"equilibrium components are drawn in each player's simplex for at most {MAX_ACTIONS} actions "
                        f"per player; this game is {game.shape[0]}x{game.shape[1]}")
    components = getattr(result, "components", None)
    if components is None or not result.equilibria:
        raise GameError("no equilibrium components to draw: they need the complete list of extreme equilibria "
                        "(use --method enummixed)")
    if components.truncated:
        raise GameError("the maximal sets of equilibria are too many to draw")
    return components


def _set_text(clique: Any) -> str:
    """A maximal Nash subset as ``{x1, x2} x {y3}`` (the vertices' names of the panels and the text report)."""
    rows = ", ".join(f"x{v + 1}" for v in clique.rows)
    columns = ", ".join(f"y{v + 1}" for v in clique.columns)
    return f"{{{rows}}} x {{{columns}}}"


def _frame(ax: Any, actions: Sequence[str], player: str) -> None:
    points = corners(len(actions))
    closed = list(points) + ([points[0]] if len(points) == 3 else [])
    ax.plot([p[0] for p in closed], [p[1] for p in closed], color=GREY, linewidth=1.6, zorder=1)
    centre = (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))
    for name, (x, y) in zip(actions, points):
        if len(points) == 2:
            ax.annotate(f"all {name}", (x, y), xytext=(0, -26), textcoords="offset points", ha="center", va="top",
                        fontweight="bold")
        else:
            dx, dy = x - centre[0], y - centre[1]
            norm = math.hypot(dx, dy)
            ax.annotate(name, (x, y), xytext=(36 * dx / norm, 36 * dy / norm), textcoords="offset points",
                        ha="center", va="center", fontweight="bold")
    ax.set_title(player)
    ax.set_aspect("equal")
    ax.set_xlim(-0.2, 1.2)
    ax.set_ylim(-0.3, 1.05 if len(points) == 3 else 0.3)
    ax.set_axis_off()


def plot_components(game: NormalFormGame, result: Any, *, title: str | None = None) -> Any:
    """Draw the equilibrium set of a two-player game in each player's simplex; returns the Figure.

    Parameters
    ----------
    game : NormalFormGame
        Two players, two or three actions each (:data:`MAX_ACTIONS`).
    result : SolveResult
        With :attr:`~berlinsim.model.result.SolveResult.components` (``enummixed`` gives them).
    title : str, optional
        Default: the game's title, then ``"Equilibrium components"``.

    Raises
    ------
    GameError
        For another game, or a result without components.
    """
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Polygon

    components = _check(game, result)
    sides = (components.row_vertices, components.column_vertices)
    owner: list[dict[int, int]] = [{}, {}]  # vertex index -> component, for each player
    for c, cliques in enumerate(components.components):
        for k in cliques:
            clique = components.cliques[k]
            for side, indices in enumerate((clique.rows, clique.columns)):
                for v in indices:
                    owner[side][v] = c
    with style(slide=True):
        tall = max(game.shape) == 3
        figure = Figure(figsize=(12.0, 6.6 if tall else 4.4), layout="constrained")
        axes = figure.subplots(1, 2)
        for side, ax in enumerate(axes):
            _frame(ax, game.actions[side], game.players[side])
            letter = "xy"[side]
            for c, cliques in enumerate(components.components):
                colour = SERIES[c % len(SERIES)]
                for k in cliques:
                    clique = components.cliques[k]
                    hull = _hull([to_plane(sides[side][v]) for v in (clique.rows, clique.columns)[side]])
                    if len(hull) == 2:
                        ax.plot(*zip(*hull), color=colour, linewidth=7, alpha=0.55, solid_capstyle="round", zorder=2)
                    elif len(hull) > 2:
                        ax.add_patch(Polygon(hull, closed=True, facecolor=colour, alpha=0.35, edgecolor=colour,
                                             linewidth=2.0, zorder=2))
                members = sorted(v for v, owned in owner[side].items() if owned == c)
                xy = [to_plane(sides[side][v]) for v in members]
                ax.scatter([p[0] for p in xy], [p[1] for p in xy], s=130, color=colour, marker=MARKERS[c % len(MARKERS)],
                           edgecolors=OKABE_ITO[0], linewidths=1.0, zorder=3, label=f"component {c + 1}")
                for v, (x, y) in zip(members, xy):
                    ax.annotate(f"{letter}{v + 1}", (x, y), xytext=(9, 9), textcoords="offset points", ha="left",
                                va="bottom", zorder=4)
        handles = [Line2D([], [], linestyle="none", marker=MARKERS[c % len(MARKERS)], markersize=12,
                          markerfacecolor=SERIES[c % len(SERIES)], markeredgecolor=OKABE_ITO[0],
                          label=f"component {c + 1}: " + " and ".join(_set_text(components.cliques[k])
                                                                      for k in components.components[c]))
                   for c in range(len(components.components))]
        figure.legend(handles=handles, loc="outside lower center", ncols=1, frameon=False,
                      title="points: extreme equilibrium strategies; a set {x...} x {y...}: every mix of its x's with "
                      "every mix of its y's\nis an equilibrium (drawn shaded in each panel); a component is a union "
                      "of such sets that share a point")
        figure.suptitle(title if title is not None else (game.title or "Equilibrium components"))
    return figure
