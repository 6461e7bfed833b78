"""Maximal Nash subsets (bipartite cliques of extreme equilibria) and connected components."""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from berlinsim.io.json_out import result_to_json
from berlinsim.model.normal_form import NormalFormGame
from berlinsim.model.profile import exact_regret
from berlinsim.solvers.enummixed import enummixed_solve


def test_two_cliques_sharing_a_vertex_form_one_component() -> None:
    # row T is a best response to everything; the column player is indifferent against T and
    # prefers L against B: {T} x conv{L, R} and {T, B} x {L}... the latter only if B ties at L
    g = NormalFormGame.from_bimatrix([[1, 1], [1, 0]], [[0, 0], [1, 0]], actions=(("T", "B"), ("L", "R")))
    r = enummixed_solve(g)
    c = r.components
    shapes = sorted((len(k.rows), len(k.columns)) for k in c.cliques)
    assert shapes == [(1, 2), (2, 1)]
    assert len(c.components) == 1 and sorted(c.components[0]) == [0, 1]
    assert sorted(c.component_equilibria[0]) == list(range(len(r.equilibria)))


def test_nondegenerate_game_every_equilibrium_its_own_component() -> None:
    bos = NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    c = enummixed_solve(bos).components
    assert all(k.is_point for k in c.cliques) and len(c.cliques) == len(c.components) == 3


def test_json_components() -> None:
    g = NormalFormGame.from_bimatrix([[1, 1], [0, 0]], [[1, 1], [0, 0]])
    out = result_to_json(enummixed_solve(g))["components"]
    assert out["cliques"] == [{"equilibria": [0, 1], "rows": [0], "columns": [0, 1],
                               "row_vertices": [[1.0, 0.0]], "column_vertices": [[0.0, 1.0], [1.0, 0.0]],
                               "row_vertices_exact": [["1", "0"]], "column_vertices_exact": [["0", "1"], ["1", "0"]]}]
    assert out["connected"] == [{"cliques": [0], "equilibria": [0, 1]}] and out["truncated"] is False


small = st.integers(min_value=-2, max_value=2)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from([(2, 2), (2, 3), (3, 3), (3, 4)]), st.data())
def test_cliques_are_maximal_nash_subsets(shape, data) -> None:
    m, n = shape
    values = data.draw(st.lists(small, min_size=2 * m * n, max_size=2 * m * n))
    game = NormalFormGame.from_payoffs(np.array(values).reshape(2, m, n))
    r = enummixed_solve(game)
    c = r.components
    rows, cols = c.row_vertices, c.column_vertices
    pairs = {(rows.index(eq.exact_strategies[0]), cols.index(eq.exact_strategies[1])) for eq in r.equilibria}
    for k in c.cliques:
        # every pair inside is an extreme equilibrium, and so is the barycentre of the product
        assert all((i, j) in pairs for i in k.rows for j in k.columns)
        x = tuple(sum(rows[i][a] for i in k.rows) / len(k.rows) for a in range(m))
        y = tuple(sum(cols[j][b] for j in k.columns) / len(k.columns) for b in range(n))
        assert exact_regret(game, (x, y)) == 0
        # maximal: no other vertex is an equilibrium with the whole other side
        assert not any(all((i, j) in pairs for j in k.columns) for i in range(len(rows)) if i not in k.rows)
        assert not any(all((i, j) in pairs for i in k.rows) for j in range(len(cols)) if j not in k.columns)
    assert {p for k in c.cliques for p in k.equilibria} == set(range(len(r.equilibria)))
    assert sorted(e for comp in c.component_equilibria for e in comp) == list(range(len(r.equilibria)))
    vertex_sets = [({i for q in comp for i in c.cliques[q].rows}, {j for q in comp for j in c.cliques[q].columns})
                   for comp in c.components]
    for a in range(len(vertex_sets)):
        for b in range(a + 1, len(vertex_sets)):
            assert not (vertex_sets[a][0] & vertex_sets[b][0]) and not (vertex_sets[a][1] & vertex_sets[b][1])
