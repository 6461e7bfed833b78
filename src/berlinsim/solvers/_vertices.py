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


def _fractions(rows: Sequence[Sequence[Any]]) -> list[list[Fraction | int]]:
    """Exact entries: Python ints stay ints (much faster), everything else becomes a Fraction."""
    return [[x if type(x) in (int, Fraction) else Fraction(x) for x in row] for row in rows]


def _integer_row(row: Sequence[Fraction | int]) -> list[int]:
    """The row times the positive integer that makes it a primitive integer vector."""
    den = 1
    for x in row:
        if x.denominator != 1:
            den = lcm(den, x.denominator)
    ints = [x.numerator * (den // x.denominator) for x in row]
    g = gcd(*ints)
    return [v // g for v in ints] if g > 1 else ints


def _solve_equalities(a_eq: Sequence[Sequence[Any]], b_eq: Sequence[Any],
                      n: int) -> tuple[list[Fraction], list[list[Fraction]]] | None:
    """A particular solution and a null-space basis (columns) of ``a_eq x = b_eq``; None if inconsistent.

    Fraction-free Gauss-Jordan elimination on integer rows.
    """
    rows = [_integer_row(list(r) + [b]) for r, b in zip(_fractions(a_eq), _fractions([b_eq])[0] if b_eq else [])]
    pivots: list[int] = []
    r = 0
    for col in range(n):
        piv = next((i for i in range(r, len(rows)) if rows[i][col]), None)
        if piv is None:
            continue
        rows[r], rows[piv] = rows[piv], rows[r]
        top = rows[r]
        for i in range(len(rows)):
            f = rows[i][col]
            if i != r and f:
                new = [x * top[col] - f * y for x, y in zip(rows[i], top)]
                g = gcd(*new)
                rows[i] = [x // g for x in new] if g > 1 else new
        pivots.append(col)
        r += 1
    if any(row[n] for row in rows[r:]):
        return None
    free = [c for c in range(n) if c not in set(pivots)]
    x0 = [Fraction(0)] * n
    for i, c in enumerate(pivots):
        x0[c] = Fraction(rows[i][n], rows[i][c])
    basis = []
    for f in free:
        v = [Fraction(0)] * n
        v[f] = Fraction(1)
        for i, c in enumerate(pivots):
            if rows[i][f]:
                v[c] = Fraction(-rows[i][f], rows[i][c])
        basis.append(v)
    return x0, basis


def _independent_rows(rows: list[list[int]], d: int) -> list[int] | None:
    """Indices of ``d`` linearly independent rows (greedy), or None when the rank is below ``d``."""
    chosen: list[int] = []
    echelon: list[tuple[int, list[int]]] = []
    for i, row in enumerate(rows):
        v = list(row)
        for col, e in echelon:
            if v[col]:
                f, p = v[col], e[col]
                v = [a * p - f * b for a, b in zip(v, e)]
                g = gcd(*v)
                if g > 1:
                    v = [x // g for x in v]
        lead = next((c for c in range(d) if v[c]), None)
        if lead is not None:
            echelon.append((lead, v))
            chosen.append(i)
            if len(chosen) == d:
                return chosen
    return None


def _inverse_columns(rows: list[list[int]]) -> list[list[int]]:
    """Integer columns ``r_j`` with ``rows[i] . r_j = c_j * delta_ij``, ``c_j > 0`` (fraction-free Gauss-Jordan)."""
    d = len(rows)
    aug = [list(row) + [int(i == j) for j in range(d)] for i, row in enumerate(rows)]
    for col in range(d):
        piv = next(i for i in range(col, d) if aug[i][col])
        aug[col], aug[piv] = aug[piv], aug[col]
        p = aug[col]
        for i in range(d):
            if i != col and aug[i][col]:
                f, q = aug[i][col], p[col]
                new = [a * q - f * b for a, b in zip(aug[i], p)]
                g = gcd(*new)
                aug[i] = [x // g for x in new] if g > 1 else new
    # now aug[i] = [diag_i * e_i | M_i] with M = diag * inverse: column j of the inverse is M[:, j] / diag
    out = []
    for j in range(d):
        col = [Fraction(aug[i][d + j], aug[i][i]) for i in range(d)]
        out.append(_integer_row(col))
    # _integer_row keeps the sign; rows . r_j must be positive
    return [r if _dot(rows[j], r) > 0 else [-x for x in r] for j, r in enumerate(out)]


def _dot(a: Sequence[int], b: Sequence[int]) -> int:
    return sum(x * y for x, y in zip(a, b))


def _extreme_rays(rows: list[list[int]], d: int) -> tuple[list[list[int]], list[int]]:
    """Extreme rays of the pointed cone ``{w : rows . w >= 0}`` in ``R^d``, with their zero sets (bitmasks)."""
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
            # rays holding each constraint tight: the adjacency test only scans the rarest bit's list
            holders: dict[int, list[int]] = {}
            for q, z in enumerate(zeros):
                while z:
                    low = z & -z
                    holders.setdefault(low, []).append(q)
                    z ^= low
            for p in plus:
                for m in minus:
                    common = zeros[p] & zeros[m]
                    if common.bit_count() < d - 2:
                        continue
                    rarest, z = None, common
                    while z:
                        low = z & -z
                        z ^= low
                        if rarest is None or len(holders[low]) < len(rarest):
                            rarest = holders[low]
                    if any(q != p and q != m and (common & zeros[q]) == common for q in rarest or range(len(rays))):
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
    return rays, zeros


def polyhedron_vertices(a_ub: Sequence[Sequence[Any]], b_ub: Sequence[Any],
                        a_eq: Sequence[Sequence[Any]] = (), b_eq: Sequence[Any] = ()) -> list[Vertex]:
    """Every vertex of ``{x : a_ub x <= b_ub, a_eq x == b_eq}``, with the inequalities tight there.

    Returns ``(vertex, tight)`` pairs in lexicographic order of the vertices; ``vertex`` is a
    tuple of Fractions and ``tight`` the indices of the rows of ``a_ub`` that hold with equality.
    Empty when the polyhedron is empty. Raises :class:`~berlinsim.errors.SolverError` when it
    contains a line or is too large.
    """
    a = _fractions(a_ub)
    b = [x if type(x) in (int, Fraction) else Fraction(x) for x in b_ub]
    n = len(a[0]) if a else (len(a_eq[0]) if len(a_eq) else 0)
    solved = _solve_equalities(a_eq, b_eq, n)
    if solved is None:
        return []
    x0, basis = solved
    k = len(basis)
    den = lcm(*(v.denominator for v in x0), *(v.denominator for col in basis for v in col)) if n else 1
    x0_int = [int(v * den) for v in x0]
    basis_int = [[int(v * den) for v in col] for col in basis]
    # constraints in t: (a N) t <= b - a x0, times den; homogenised rows r . (t, s) >= 0, in integers
    rows = []
    for row, rhs in zip(a, b):
        ints = _integer_row(list(row) + [rhs])
        coef, r = ints[:-1], ints[-1]
        g = [-sum(c * v[j] for j, c in enumerate(coef) if c) for v in basis_int]
        h = r * den - sum(c * x for c, x in zip(coef, x0_int) if c)
        rows.append(_integer_row(g + [h]))
    rows.append([0] * k + [1])
    if k == 0:
        rays, zeros = ([[1]], [sum(1 << i for i, r in enumerate(rows) if r[-1] == 0)]) if all(r[-1] >= 0 for r in rows) \
            else ([], [])
    else:
        rays, zeros = _extreme_rays(rows, k + 1)
    # x = x0 + N t with t = ray[:k] / s, in integers over the common denominator of x0 and N
    m = len(a)
    out = []
    for ray, zero in zip(rays, zeros):
        s = ray[-1]
        if s <= 0:
            continue
        x = tuple(Fraction(x0_int[i] * s + sum(ray[j] * basis_int[j][i] for j in range(k)), den * s) for i in range(n))
        out.append((x, tuple(i for i in range(m) if zero >> i & 1)))
    # lexicographic; floats first (much faster), exact values break float ties
    out.sort(key=lambda item: (tuple(map(float, item[0])), item[0]))
    return out
