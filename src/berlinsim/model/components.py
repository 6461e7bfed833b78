"""The structure of a two-player game's equilibrium set: maximal Nash subsets and components.

The extreme equilibria of a bimatrix game form a bipartite graph: row strategies on one
side, column strategies on the other, an edge for each extreme equilibrium. A *maximal
clique* (every row vertex of it paired with every column vertex) is a maximal Nash subset:
every strategy in the convex hull of its row vertices is an equilibrium with every strategy
in the convex hull of its column vertices, so the subset is the product of two polytopes.
The connected components of the graph are the connected components of the equilibrium set
(each a union of maximal Nash subsets that share a vertex). Avis, Rosenberg, Savani and von
Stengel (2010), "Enumeration of Nash equilibria for two-player games", Economic Theory 42.

Examples
--------
>>> clique = Clique(equilibria=(0, 1), rows=(0,), columns=(0, 1))
>>> clique.is_point, clique.dimension_bound
(False, 1)
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

Strategy = tuple[Fraction, ...] | tuple[float, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Clique:
    """A maximal Nash subset: ``conv(row vertices) x conv(column vertices)``.

    Attributes
    ----------
    equilibria : tuple of int
        Indices (into the result's equilibria) of its extreme equilibria: every pair of a row
        vertex and a column vertex of the clique.
    rows, columns : tuple of int
        Indices into :attr:`EquilibriumComponents.row_vertices` / ``column_vertices``.
    """

    equilibria: tuple[int, ...]
    rows: tuple[int, ...]
    columns: tuple[int, ...]

    @property
    def is_point(self) -> bool:
        """True when the subset is a single equilibrium."""
        return len(self.rows) == 1 and len(self.columns) == 1

    @property
    def dimension_bound(self) -> int:
        """An upper bound on the dimension of the product of polytopes (vertices minus one on each side)."""
        return len(self.rows) - 1 + len(self.columns) - 1


@dataclass(frozen=True, slots=True, kw_only=True)
class EquilibriumComponents:
    """Maximal Nash subsets and connected components of a two-player game's equilibrium set.

    Attributes
    ----------
    row_vertices, column_vertices : tuple of strategies
        The distinct row and column strategies of the extreme equilibria (exact when known).
    cliques : tuple of Clique
        Every maximal Nash subset.
    components : tuple of tuple of int
        Each connected component as the indices of its cliques (empty when truncated).
    component_equilibria : tuple of tuple of int
        Each connected component as the indices of its extreme equilibria.
    truncated : bool
        True when the maximal cliques were too many to list (then ``cliques`` and
        ``components`` are empty; ``component_equilibria`` is still given).
    """

    row_vertices: tuple[Strategy, ...]
    column_vertices: tuple[Strategy, ...]
    cliques: tuple[Clique, ...]
    components: tuple[tuple[int, ...], ...]
    component_equilibria: tuple[tuple[int, ...], ...]
    truncated: bool = False


def affine_dimension(points: tuple[Strategy, ...] | list[Strategy]) -> int:
    """The dimension of the convex hull of ``points`` (0 for one point), exactly for Fractions.

    Float strategies are compared with a tolerance of ``1e-9``.

    >>> third = Fraction(1, 3)
    >>> affine_dimension([(1, 0, 0), (0, 1, 0), (third, third, third)]), affine_dimension([(1, 0), (0, 1), (third, 2 * third)])
    (2, 1)
    """
    if len(points) <= 1:
        return 0
    exact = all(not isinstance(x, float) for p in points for x in p)
    base = points[0]
    rows = [[(Fraction(a) - Fraction(b)) if exact else float(a) - float(b) for a, b in zip(p, base)] for p in points[1:]]
    rank = 0
    for col in range(len(base)):
        pivot = next((r for r in range(rank, len(rows)) if (rows[r][col] != 0 if exact else abs(rows[r][col]) > 1e-9)),
                     None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        for r in range(len(rows)):
            if r != rank and rows[r][col] != 0:
                factor = rows[r][col] / rows[rank][col]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[rank])]
        rank += 1
    return rank
