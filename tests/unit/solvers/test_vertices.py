"""Exact vertex enumeration (double description) against a brute force over constraint subsets."""

import itertools
from fractions import Fraction as F

import pytest
from hypothesis import given, settings, strategies as st

from berlinsim.errors import SolverError
from berlinsim.solvers._vertices import polyhedron_vertices


def brute_force(a_ub, b_ub, a_eq, b_eq, n):
    """Every point where n independent constraints (all equalities among them) hold with equality and all hold."""
    found = set()
    rows = [(list(map(F, r)), F(b)) for r, b in zip(a_eq, b_eq)]
    for subset in itertools.combinations(range(len(a_ub)), n - len(rows)):
        system = rows + [(list(map(F, a_ub[i])), F(b_ub[i])) for i in subset]
        x = solve(system, n)
        if x is None:
            continue
        if all(sum(c * v for c, v in zip(r, x)) <= b for r, b in zip(a_ub, b_ub)) and \
                all(sum(F(c) * v for c, v in zip(r, x)) == b for r, b in zip(a_eq, b_eq)):
            found.add(tuple(x))
    return found


def solve(system, n):
    m = [r + [b] for r, b in system]
    for col in range(n):
        piv = next((i for i in range(col, len(m)) if m[i][col] != 0), None)
        if piv is None:
            return None
        m[col], m[piv] = m[piv], m[col]
        for i in range(len(m)):
            if i != col and m[i][col] != 0:
                f = m[i][col] / m[col][col]
                m[i] = [a - f * b for a, b in zip(m[i], m[col])]
    return [m[i][n] / m[i][i] for i in range(n)]


@settings(max_examples=80, deadline=None)
@given(st.integers(2, 3), st.lists(st.lists(st.integers(-2, 2), min_size=3, max_size=3), min_size=0, max_size=4),
       st.lists(st.integers(0, 4), min_size=4, max_size=4), st.booleans())
def test_vertices_match_brute_force(n, extra, rhs, with_equality):
    # a box 0 <= x <= 3 keeps the polyhedron bounded; extra rows cut it
    a_ub = [[-int(i == j) for j in range(n)] for i in range(n)] + [[int(i == j) for j in range(n)] for i in range(n)]
    b_ub = [0] * n + [3] * n
    for row, b in zip(extra, rhs):
        a_ub.append(row[:n])
        b_ub.append(b)
    a_eq, b_eq = ([[1] * n], [3]) if with_equality else ([], [])
    got = polyhedron_vertices(a_ub, b_ub, a_eq, b_eq)
    assert {v for v, _ in got} == brute_force(a_ub, b_ub, a_eq, b_eq, n)
    for v, tight in got:
        assert tight == tuple(i for i, (r, b) in enumerate(zip(a_ub, b_ub)) if sum(c * x for c, x in zip(r, v)) == b)


def test_degenerate_pyramid_apex_is_one_vertex():
    # the apex of a square pyramid is tight on four facets in three dimensions
    a_ub = [[0, 0, -1], [1, 0, 1], [-1, 0, 1], [0, 1, 1], [0, -1, 1]]
    got = polyhedron_vertices(a_ub, [0, 1, 1, 1, 1])
    assert [v for v, _ in got].count((0, 0, 1)) == 1 and len(got) == 5


def test_empty_and_inconsistent():
    assert polyhedron_vertices([[1]], [-1], [[1]], [0]) == []
    assert polyhedron_vertices([[1, 0]], [1], [[1, 1], [1, 1]], [0, 1]) == []


def test_unbounded_keeps_vertices_and_refuses_lines():
    # v >= x, v >= 1 - x, 0 <= x <= 1: vertices (0, 1), (1/2, 1/2), (1, 1); rays upwards dropped
    got = [v for v, _ in polyhedron_vertices([[1, -1], [-1, -1], [-1, 0], [1, 0]], [0, -1, 0, 1])]
    assert got == [(0, 1), (F(1, 2), F(1, 2)), (1, 1)]
    with pytest.raises(SolverError, match="line"):
        polyhedron_vertices([[1, 0]], [1])
