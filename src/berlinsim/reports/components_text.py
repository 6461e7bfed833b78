"""The structure of a two-player game's equilibrium set, in words a student can follow.

A degenerate game can have whole sets of equilibria. ``enummixed`` lists their extreme points;
:class:`~berlinsim.model.components.EquilibriumComponents` says which belong together: each
*maximal set* is a product ``hull(x1, x2) × hull(y1)`` (every mix of the row strategies is an
equilibrium with every mix of the column strategies), and sets that share an extreme
equilibrium join into one connected *component*. :func:`components_blocks` names each player's
extreme strategies (``x1, x2, ...`` for the row player, ``y1, ...`` for the column player), then
states every maximal set, its shape (a point, a segment, a triangle ...) and the components.

Examples
--------
>>> from berlinsim.model.normal_form import NormalFormGame
>>> from berlinsim.reports.blocks import to_text
>>> from berlinsim.solvers.enummixed import enummixed_solve
>>> g = NormalFormGame.from_bimatrix([[1, 1], [0, 0]], [[1, 1], [0, 0]], players=("Row", "Col"),
...                                  actions=(("T", "B"), ("L", "R")))   # Col is indifferent
>>> print(to_text(components_blocks(enummixed_solve(g))))
Equilibrium components
----------------------
The extreme strategies of the equilibria listed. Row: x1 = T. Col: y1 = R, y2 = L.
<BLANKLINE>
  Equilibria {1, 2} form the set {x1} × hull(y1, y2) (a segment of equilibria): Row plays x1 and
      Col plays any mix of y1 and y2.
<BLANKLINE>
Every equilibrium of the game is in this set: it is connected.
"""

from __future__ import annotations

from typing import Any, Sequence

from berlinsim.model.components import EquilibriumComponents, affine_dimension
from berlinsim.model.normal_form import NormalFormGame
from berlinsim.reports.blocks import Block, Heading, Items, Para
from berlinsim.reports.number_format import format_probability

__all__ = ["clique_text", "components_blocks", "shape_words", "strategy_text", "vertex_names"]


def strategy_text(actions: Sequence[str], strategy: Sequence[Any]) -> str:
    """A strategy as its action when pure, else ``action probability`` for each action played.

    >>> from fractions import Fraction
    >>> strategy_text(("T", "B"), (Fraction(1, 3), Fraction(2, 3))), strategy_text(("T", "B"), (0, 1))
    ('(T 1/3, B 2/3)', 'B')
    """
    played = [(a, p) for a, p in zip(actions, strategy) if (p > 1e-12 if isinstance(p, float) else p > 0)]
    if len(played) == 1:
        return played[0][0]
    return "(" + ", ".join(f"{a} {format_probability(p)}" for a, p in played) + ")"


def vertex_names(components: EquilibriumComponents) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """``x1, x2, ...`` for the row player's extreme strategies, ``y1, ...`` for the column player's."""
    return (tuple(f"x{k}" for k in range(1, len(components.row_vertices) + 1)),
            tuple(f"y{k}" for k in range(1, len(components.column_vertices) + 1)))


def _hull(names: Sequence[str]) -> str:
    return "{" + names[0] + "}" if len(names) == 1 else "hull(" + ", ".join(names) + ")"


def shape_words(row_dimension: int, column_dimension: int, corners: tuple[int, int]) -> str:
    """What a product of two polytopes looks like: ``"a segment of equilibria"`` and so on.

    ``corners`` is the number of vertices on each side.

    >>> shape_words(0, 0, (1, 1)), shape_words(1, 0, (2, 1)), shape_words(0, 2, (1, 3)), shape_words(1, 1, (2, 2))
    ('a single equilibrium', 'a segment of equilibria', 'a triangle of equilibria', 'a product of two segments: a 2-dimensional set of equilibria')
    """
    dims = sorted((row_dimension, column_dimension))
    if dims == [0, 0]:
        return "a single equilibrium"
    if dims == [0, 1]:
        return "a segment of equilibria"
    if dims == [0, 2]:
        n = corners[0] if row_dimension else corners[1]
        return "a triangle of equilibria" if n == 3 else f"a polygon of equilibria with {n} corners"
    if dims == [1, 1]:
        return "a product of two segments: a 2-dimensional set of equilibria"
    return f"a {row_dimension + column_dimension}-dimensional set of equilibria"


def _mix(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else "any mix of " + ", ".join(names[:-1]) + " and " + names[-1]


def clique_text(components: EquilibriumComponents, k: int, players: Sequence[str]) -> str:
    """One maximal set in words: its extreme equilibria, the product of hulls, its shape, who plays what."""
    clique = components.cliques[k]
    xs, ys = vertex_names(components)
    rows = [xs[r] for r in clique.rows]
    cols = [ys[c] for c in clique.columns]
    numbers = "{" + ", ".join(str(e + 1) for e in clique.equilibria) + "}"
    if clique.is_point:
        return (f"Equilibrium {numbers[1:-1]} ({rows[0]}, {cols[0]}) is isolated: no other equilibrium is "
                "near it.")
    dx = affine_dimension([components.row_vertices[r] for r in clique.rows])
    dy = affine_dimension([components.column_vertices[c] for c in clique.columns])
    shape = shape_words(dx, dy, (len(rows), len(cols)))
    return (f"Equilibria {numbers} form the set {_hull(rows)} × {_hull(cols)} ({shape}): "
            f"{players[0]} plays {_mix(rows)} and {players[1]} plays {_mix(cols)}.")


def _numbers(indices: Sequence[int]) -> str:
    return "{" + ", ".join(str(e + 1) for e in indices) + "}"


def components_blocks(result: Any, *, level: int = 2) -> list[Block]:
    """The maximal sets and connected components of ``result.components``, as blocks.

    Empty when the result has no components or every equilibrium is isolated (the list says it all).
    """
    components = result.components
    if components is None or not result.equilibria:
        return []
    game = result.game
    players = game.players if isinstance(game, NormalFormGame) else ("Row", "Column")
    actions = game.actions if isinstance(game, NormalFormGame) else None
    if all(c.is_point for c in components.cliques) and not components.truncated:
        return []  # every equilibrium isolated: nothing to add to the list
    blocks: list[Block] = [Heading(level, "Equilibrium components")]
    xs, ys = vertex_names(components)

    def named(names: Sequence[str], vertices: Sequence[Any], player: int) -> str:
        texts = [strategy_text(actions[player], v) if actions is not None else str(v) for v in vertices]
        return f"{players[player]}: " + ", ".join(f"{n} = {t}" for n, t in zip(names, texts)) + "."

    blocks.append(Para(f"The extreme strategies of the equilibria listed. {named(xs, components.row_vertices, 0)} "
                       f"{named(ys, components.column_vertices, 1)}"))
    if components.truncated:
        return blocks + [Para("The maximal sets are too many to list; the connected components are "
                              + ", ".join(_numbers(e) for e in components.component_equilibria) + ".")]
    blocks.append(Items(tuple(clique_text(components, k, players) for k in range(len(components.cliques)))))
    pieces = components.component_equilibria
    if len(pieces) == 1:
        blocks.append(Para("Every equilibrium of the game is in " + ("this set" if len(components.cliques) == 1 else
                           "these sets, joined where they share an extreme equilibrium") + ": it is connected."))
        return blocks
    words = []
    for cliques, members in zip(components.components, pieces):
        if len(members) == 1:
            words.append(f"{_numbers(members)} (isolated)")
        elif len(cliques) == 1:
            words.append(f"{_numbers(members)} (one set)")
        else:
            words.append(f"{_numbers(members)} ({len(cliques)} sets joined where they share an extreme equilibrium)")
    blocks.append(Para(f"The equilibrium set has {len(pieces)} connected components: " + "; ".join(words) + "."))
    return blocks
