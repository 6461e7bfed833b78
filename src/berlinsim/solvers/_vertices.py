"""Vertices of small polyhedra in exact arithmetic, by the double description method.

A polyhedron ``{x : a_ub x <= b_ub, a_eq x == b_eq}`` with rational data. The equalities are
solved first (``x = x0 + N t`` over a basis ``N`` of their null space); the inequalities in
``t`` are homogenised into the cone ``{(t, s) : G t - h s <= 0, s >= 0}``, whose extreme rays
are found by adding one constraint at a time to a simplicial starting cone (Motzkin's double
description method, with the combinatorial adjacency test of Fukuda and Prodon 1996). Rays
with ``s > 0`` are the vertices; rays with ``s = 0`` are directions of recession and are
dropped. Everything is integer arithmetic, so degenerate polyhedra (many constraints tight at
one vertex), which the games of scenarios produce all the time, need no tolerance.

The polyhedron must have a vertex (no line in it); the solvers' polyhedra are bounded or
bounded below in every direction. Meant for small problems (a few dozen variables and
constraints): the work grows with the number of intermediate rays.

Examples
--------
The triangle ``x, y >= 0, x + y <= 1``, and the segment of it on ``x = y``:

>>> [v for v, _ in polyhedron_vertices([[-1, 0], [0, -1], [1, 1]], [0, 0, 1])]
[(Fraction(0, 1), Fraction(0, 1)), (Fraction(0, 1), Fraction(1, 1)), (Fraction(1, 1), Fraction(0, 1))]
>>> polyhedron_vertices([[-1, 0], [0, -1], [1, 1]], [0, 0, 1], [[1, -1]], [0])
[((Fraction(0, 1), Fraction(0, 1)), (0, 1)), ((Fraction(1, 2), Fraction(1, 2)), (2,))]
"""

from __future__ import annotations

from fractions import Fraction
from math import gcd, lcm
from typing import Any, Sequence

from berlinsim.errors import SolverError

#: Most rays kept at once; beyond it the problem is refused as too large for this method.
MAX_RAYS = 200_000

Vertex = tuple[tuple[Fraction, ...], tuple[int, ...]]


def _fractions(rows: Sequence[Sequence[Any]]) -> list[list[Fraction]]:
    return [[x if type(x) is Fraction else Fraction(x) for x in row] for row in rows]


def _integer_row(row: Sequence[Fraction]) -> list[int]:
    den = lcm(*(x.denominator for x in row)) if row else 1
    ints = [int(x * den) for x in row]
    g = gcd(*ints)
    return [v // g for v in ints] if g > 1 else ints


def _solve_equalities(a_eq: list[list[Fraction]], b_eq: list[Fraction],
                      n: int) -> tuple[list[Fraction], list[list[Fraction]]] | None:
    """A particular solution and a null-space basis (columns) of ``a_eq x = b_eq``; None if inconsistent."""
    rows = [list(r) + [b] for r, b in zip(a_eq, b_eq)]
    pivots: list[int] = []
    r = 0
    for col in range(n):
        piv = next((i for i in range(r, len(rows)) if rows[i][col] != 0), None)
        if piv is None:
            continue
        rows[r], rows[piv] = rows[piv], rows[r]
        p = rows[r][col]
        rows[r] = [x / p for x in rows[r]]
        for i in range(len(rows)):
            if i != r and rows[i][col] != 0:
                f = rows[i][col]
                rows[i] = [x - f * y for x, y in zip(rows[i], rows[r])]
        pivots.append(col)
        r += 1
    if any(row[n] != 0 for row in rows[r:]):
        return None
    free = [c for c in range(n) if c not in pivots]
    x0 = [Fraction(0)] * n
    for i, c in enumerate(pivots):
        x0[c] = rows[i][n]
    basis = []
    for f in free:
        v = [Fraction(0)] * n
        v[f] = Fraction(1)
        for i, c in enumerate(pivots):
            v[c] = -rows[i][f]
        basis.append(v)
    return x0, basis


def _independent_rows(rows: list[list[int]], d: int) -> list[int] | None:
    """Indices of ``d`` linearly independent rows (greedy), or None when the rank is below ``d``."""
    chosen: list[int] = []
    echelon: list[tuple[int, list[Fraction]]] = []
    for i, row in enumerate(rows):
        v = [Fraction(x) for x in row]
        for col, e in echelon:
            if v[col] != 0:
                f = v[col] / e[col]
                v = [a - f * b for a, b in zip(v, e)]
        lead = next((c for c in range(d) if v[c] != 0), None)
        if lead is not None:
            echelon.append((lead, v))
            chosen.append(i)
            if len(chosen) == d:
                return chosen
    return None


def _inverse_columns(rows: list[list[int]]) -> list[list[int]]:
    """Integer columns ``r_j`` with ``rows[i] . r_j = c_j * delta_ij``, ``c_j > 0``."""
    d = len(rows)
    aug = [[Fraction(x) for x in row] + [Fraction(int(i == j)) for j in range(d)] for i, row in enumerate(rows)]
    for col in range(d):
        piv = next(i for i in range(col, d) if aug[i][col] != 0)
        aug[col], aug[piv] = aug[piv], aug[col]
        p = aug[col][col]
        aug[col] = [x / p for x in aug[col]]
        for i in range(d):
            if i != col and aug[i][col] != 0:
                f = aug[i][col]
                aug[i] = [x - f * y for x, y in zip(aug[i], aug[col])]
    inverse = [row[d:] for row in aug]
    return [_integer_row([inverse[i][j] for i in range(d)]) for j in range(d)]


def _dot(a: Sequence[int], b: Sequence[int]) -> int:
    return sum(x * y for x, y in zip(a, b))


def _extreme_rays(rows: list[list[int]], d: int) -> list[list[int]]:
    """Extreme rays of the pointed cone ``{w : rows . w >= 0}`` in ``R^d``."""
    start = _independent_rows(rows, d)
    if start is None:
        raise SolverError("internal: the polyhedron contains a line (no vertex)")
    rays = _inverse_columns([rows[i] for i in start])
    # zero sets as bitmasks over constraint indices
    zeros = [sum(1 << start[i] for i in range(d) if i != j) for j in range(d)]
    for k in (i for i in range(len(rows)) if i not in set(start)):
        row = rows[k]
        values = [_dot(row, r) for r in rays]
        plus = [j for j, v in enumerate(values) if v > 0]
        minus = [j for j, v in enumerate(values) if v < 0]
        zero = [j for j, v in enumerate(values) if v == 0]
        new_rays = [rays[j] for j in plus] + [rays[j] for j in zero]
        new_zeros = [zeros[j] for j in plus] + [zeros[j] | (1 << k) for j in zero]
        if minus and plus:
            for p in plus:
                for m in minus:
                    common = zeros[p] & zeros[m]
                    if common.bit_count() < d - 2:
                        continue
                    if any(q != p and q != m and (common & zeros[q]) == common for q in range(len(rays))):
                        continue
                    vp, vm = values[p], -values[m]
                    combo = [vm * a + vp * b for a, b in zip(rays[p], rays[m])]
                    g = gcd(*combo)
                    new_rays.append([x // g for x in combo] if g > 1 else combo)
                    new_zeros.append(common | (1 << k))
        if len(new_rays) > MAX_RAYS:
            raise SolverError(f"vertex enumeration needs more than {MAX_RAYS:,} intermediate rays; "
                              "the problem is too large for this method")
        rays, zeros = new_rays, new_zeros
    return rays


def polyhedron_vertices(a_ub: Sequence[Sequence[Any]], b_ub: Sequence[Any],
                        a_eq: Sequence[Sequence[Any]] = (), b_eq: Sequence[Any] = ()) -> list[Vertex]:
    """Every vertex of ``{x : a_ub x <= b_ub, a_eq x == b_eq}``, with the inequalities tight there.

    Returns ``(vertex, tight)`` pairs in lexicographic order of the vertices; ``vertex`` is a
    tuple of Fractions and ``tight`` the indices of the rows of ``a_ub`` that hold with equality.
    Empty when the polyhedron is empty. Raises :class:`~berlinsim.errors.SolverError` when it
    contains a line or is too large.
    """
    a = _fractions(a_ub)
    b = [Fraction(x) for x in b_ub]
    n = len(a[0]) if a else (len(a_eq[0]) if len(a_eq) else 0)
    solved = _solve_equalities(_fractions(a_eq), [Fraction(x) for x in b_eq], n)
    if solved is None:
        return []
    x0, basis = solved
    k = len(basis)
    # constraints in t: (a N) t <= b - a x0; homogenised rows r . (t, s) >= 0
    rows = []
    for row, rhs in zip(a, b):
        g = [-sum(r * v[j] for j, r in enumerate(row)) for v in basis]
        h = rhs - sum(r * x for r, x in zip(row, x0))
        rows.append(_integer_row(g + [h]))
    rows.append([0] * k + [1])
    if k == 0:
        rays = [[1]] if all(r[-1] >= 0 for r in rows) else []
    else:
        rays = _extreme_rays(rows, k + 1)
    found: dict[tuple[Fraction, ...], None] = {}
    for ray in rays:
        s = ray[-1]
        if s <= 0:
            continue
        t = [Fraction(x, s) for x in ray[:-1]]
        x = tuple(x0[i] + sum(t[j] * basis[j][i] for j in range(k)) for i in range(n))
        found[x] = None
    out = []
    for x in sorted(found):
        tight = tuple(i for i, (row, rhs) in enumerate(zip(a, b)) if sum(r * v for r, v in zip(row, x)) == rhs)
        out.append((x, tight))
    return out
