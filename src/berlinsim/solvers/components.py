"""Maximal Nash subsets (bipartite cliques) and components of a two-player equilibrium set.

From the extreme equilibria (as ``enummixed`` lists them) build the bipartite graph of row
and column vertices; the maximal complete bipartite subgraphs are the maximal Nash subsets
(Avis, Rosenberg, Savani and von Stengel 2010, Economic Theory 42). They are found as the
closed sets of the graph: the column sets that are intersections of row vertices'
neighbourhoods, each with every row vertex adjacent to all of it. Connected components
come from a union-find over the graph. See :mod:`berlinsim.model.components`.

Examples
--------
>>> from berlinsim.model.normal_form import NormalFormGame
>>> from berlinsim.solvers.enummixed import enummixed_solve
>>> g = NormalFormGame.from_bimatrix([[1, 1], [0, 0]], [[1, 1], [0, 0]])   # column indifferent
>>> r = enummixed_solve(g)
>>> c = equilibrium_components(r.equilibria)
>>> [(k.rows, k.columns) for k in c.cliques], c.components
([((0,), (0, 1))], ((0,),))
"""

from __future__ import annotations

from typing import Sequence

from berlinsim.model.components import Clique, EquilibriumComponents
from berlinsim.model.result import Equilibrium

#: Most maximal cliques enumerated; past it only the connected components are given.
MAX_CLIQUES = 10_000


def _key(strategy: Sequence) -> tuple:
    return tuple(strategy) if strategy and not isinstance(strategy[0], float) else tuple(round(x, 9) for x in strategy)


def equilibrium_components(equilibria: Sequence[Equilibrium], max_cliques: int = MAX_CLIQUES) -> EquilibriumComponents:
    """The maximal Nash subsets and connected components spanned by two-player extreme ``equilibria``."""
    rows: dict[tuple, int] = {}
    cols: dict[tuple, int] = {}
    row_values, col_values = [], []
    edge: dict[tuple[int, int], int] = {}
    for k, eq in enumerate(equilibria):
        x, y = eq.exact_strategies if eq.exact_strategies is not None else eq.strategies
        kx, ky = _key(x), _key(y)
        if kx not in rows:
            rows[kx] = len(rows)
            row_values.append(tuple(x))
        if ky not in cols:
            cols[ky] = len(cols)
            col_values.append(tuple(y))
        edge.setdefault((rows[kx], cols[ky]), k)
    neighbours = [frozenset(c for (r, c) in edge if r == i) for i in range(len(rows))]
    intents: set[frozenset[int]] = set()
    holding: dict[int, set[frozenset[int]]] = {}  # column -> the intents that contain it
    truncated = False
    for n in neighbours:
        meeting = set().union(*(holding.get(c, set()) for c in n))  # others meet n in nothing
        for s in {n} | {n & old for old in meeting}:
            if s not in intents:
                intents.add(s)
                for c in s:
                    holding.setdefault(c, set()).add(s)
        if len(intents) > max_cliques:
            truncated = True
            break
    cliques = []
    if not truncated:
        for cols_set in intents:
            rows_set = tuple(i for i, n in enumerate(neighbours) if cols_set <= n)
            columns = tuple(sorted(cols_set))
            eqs = tuple(sorted(edge[(r, c)] for r in rows_set for c in columns))
            cliques.append(Clique(equilibria=eqs, rows=rows_set, columns=columns))
        cliques.sort(key=lambda c: c.equilibria)
    components, members = _components(len(rows), len(cols), edge, cliques)
    return EquilibriumComponents(row_vertices=tuple(row_values), column_vertices=tuple(col_values),
                                 cliques=tuple(cliques), components=components,
                                 component_equilibria=members, truncated=truncated)


def _components(n_rows: int, n_cols: int, edge: dict, cliques: list[Clique]
                ) -> tuple[tuple[tuple[int, ...], ...], tuple[tuple[int, ...], ...]]:
    """Clique indices and equilibrium indices of each connected component, in order of first equilibrium."""
    parent = list(range(n_rows + n_cols))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for r, c in edge:
        parent[find(r)] = find(n_rows + c)
    members: dict[int, list[int]] = {}
    for (r, _), k in sorted(edge.items(), key=lambda item: item[1]):
        members.setdefault(find(r), []).append(k)
    order = sorted(members, key=lambda root: members[root][0])
    by_root: dict[int, list[int]] = {}
    for k, clique in enumerate(cliques):
        by_root.setdefault(find(clique.rows[0]), []).append(k)
    components = tuple(tuple(by_root[root]) for root in order) if cliques else ()
    return components, tuple(tuple(members[root]) for root in order)
