"""Vertices of best-response polytopes and their labels (private helper of :mod:`enummixed`).

A *best-response polytope* here is ``{z in R^d : z >= 0, M z <= 1}`` for a matrix ``M``
(``k x d``) with positive entries, so the polytope is bounded and full-dimensional.
For a bimatrix game ``(A, B)`` made positive, ``P = {x >= 0 : B^T x <= 1}`` and
``Q = {y >= 0 : A y <= 1}``. The constraints of a polytope are numbered ``0..d-1``
(``z_i >= 0``) and ``d..d+k-1`` (rows of ``M``); a constraint is a *label* of a vertex
when it is tight there. Labels are computed from the vertex and a tolerance, never
taken from the facet that produced it, so a degenerate vertex (more than ``d`` tight
constraints) gets all of its labels.

Vertices are found with Qhull: the polar of the polytope about an interior point is the
convex hull of one point per constraint, and each facet of that hull gives one vertex
(a degenerate vertex comes out of several triangulated facets, and is kept once).
Where Qhull cannot work (dimension 1, or a precision failure) every ``d``-subset of
constraints is tried instead, for small problems.

Examples
--------
>>> z, zero, tight = polytope_vertices(np.array([[1.0, 2.0], [2.0, 1.0]]))
>>> np.round(z, 4).tolist()
[[0.0, 0.0], [0.0, 0.5], [0.3333, 0.3333], [0.5, 0.0]]
>>> tight.astype(int).tolist()
[[0, 0], [1, 0], [1, 1], [0, 1]]
"""

from __future__ import annotations

from itertools import combinations
from fractions import Fraction
from math import comb, lcm

import numpy as np

from berlinsim.errors import SolverError

#: Tightness tolerance for labels, in the units of the scaled polytope (entries of M in [1, 2]).
LABEL_TOL = 1e-9

#: Largest number of constraint subsets the fallback enumeration tries.
from berlinsim.limits import MAX_SUBSETS  # noqa: E402 (stated with every limit)


def scale_positive(u: np.ndarray) -> np.ndarray:
    """A positive affine image of ``u`` with entries in ``[1, 2]`` (all ones when ``u`` is constant).

    >>> scale_positive(np.array([[-3.0, 1.0], [5.0, 1.0]])).tolist()
    [[1.0, 1.5], [2.0, 1.5]]
    """
    low, high = float(np.min(u)), float(np.max(u))
    if high - low <= 0.0:
        return np.ones_like(u, dtype=np.float64)
    return 1.0 + (u - low) / (high - low)


#: Polytopes with at most this many candidate bases (``comb(d + k, d)``; 4 x 4 games have 70)
#: are enumerated basis by basis, which for them is faster than starting Qhull.
SMALL_SUBSETS = 70


def vertex_bound(d: int, k: int) -> int:
    """McMullen's upper bound on the vertices of a ``d``-polytope with ``d + k`` facets.

    >>> vertex_bound(2, 3), vertex_bound(10, 10)
    (5, 4004)
    """
    facets = d + k
    return comb(facets - (d + 1) // 2, k) + comb(facets - (d + 2) // 2, k)


def polytope_vertices(
    m: np.ndarray, tol: float = LABEL_TOL, *, ordered: bool = True
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every vertex of ``{z >= 0 : m z <= 1}`` with its labels.

    Parameters
    ----------
    m : numpy.ndarray
        Positive matrix of shape ``(k, d)``; best scaled to entries in ``[1, 2]``.
    tol : float
        A constraint is tight when its slack is at most ``tol``.
    ordered : bool
        Sort the vertices (default). ``False`` skips the sort (costly for thousands of
        vertices) and leaves them in an unspecified order, the origin not necessarily first.

    Returns
    -------
    vertices : numpy.ndarray
        Shape ``(V, d)``, one distinct vertex per row, sorted lexicographically
        (the origin first) when ``ordered``.
    zero : numpy.ndarray
        Boolean ``(V, d)``: ``zero[v, i]`` when ``z_i = 0`` at vertex ``v``.
    tight : numpy.ndarray
        Boolean ``(V, k)``: ``tight[v, j]`` when ``(m z)_j = 1`` at vertex ``v``.
    """
    k, d = m.shape
    small = comb(d + k, d) <= SMALL_SUBSETS  # solving every basis is cheaper than loading Qhull
    points = _qhull_candidates(m) if d >= 2 and not small else None
    if points is not None:
        zero, tight, feasible = _tightness(points, m, tol)
        count = zero.sum(axis=1) + tight.sum(axis=1)
        # a facet whose vertex shows fewer than d tight constraints: Qhull lost precision
        if np.any(count < d) and comb(d + k, d) <= MAX_SUBSETS:
            points = None
    if points is None:
        points = _subset_candidates(m)
        zero, tight, feasible = _tightness(points, m, tol)
        count = zero.sum(axis=1) + tight.sum(axis=1)
    # A vertex with exactly d labels comes from one facet; only degenerate vertices
    # (more than d labels) repeat, once per triangulated piece of their facet: keep
    # one per label set (distinct vertices have distinct tight sets).
    plain = np.flatnonzero(feasible & (count == d))
    extra = np.flatnonzero(feasible & (count > d))
    if extra.size:
        keys = np.packbits(np.concatenate([zero[extra], tight[extra]], axis=1), axis=1)
        _, first = np.unique(keys, axis=0, return_index=True)
        plain = np.concatenate([plain, extra[first]])
    points, zero, tight = points[plain], zero[plain], tight[plain]
    points[zero] = 0.0
    if not ordered:
        return points, zero, tight
    order = np.lexsort(points.T[::-1])
    return points[order], zero[order], tight[order]


def _tightness(points: np.ndarray, m: np.ndarray, tol: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Tight nonnegativity constraints, tight rows of ``m``, and feasibility of each point."""
    values = points @ m.T
    zero = np.abs(points) <= tol
    tight = np.abs(1.0 - values) <= tol
    feasible = np.all(points >= -tol, axis=1) & np.all(values <= 1.0 + tol, axis=1)
    return zero, tight, feasible


def _qhull_candidates(m: np.ndarray) -> np.ndarray | None:
    """Vertices (with repeats) from the facets of the polar hull; ``None`` if Qhull fails."""
    from scipy.spatial import QhullError  # scipy is loaded only for games that need Qhull

    k, d = m.shape
    t = 0.5 / float(np.max(m.sum(axis=1)))
    centre = np.full(d, t)
    slack = 1.0 - m @ centre  # >= 1/2
    points = np.concatenate([-np.eye(d) / t, m / slack[:, None]])
    try:
        equations = _hull_equations(points)
    except (QhullError, ValueError):
        return None
    normals, offsets = equations[:, :-1], equations[:, -1]
    if np.any(offsets >= 0.0):
        return None
    return centre - normals / offsets[:, None]


def _hull_equations(points: np.ndarray) -> np.ndarray:
    """``ConvexHull(points).equations``, without the hull's volume and area.

    ``ConvexHull`` always computes the volume and area, about a seventh of its time in
    ten dimensions, which this module never reads. scipy's own Qhull wrapper, run as
    ``ConvexHull`` runs it (same options, triangulated), gives the same equations; it is
    private, so any sign of a changed interface falls back to ``ConvexHull``.
    """
    from scipy.spatial import ConvexHull, _qhull

    try:
        qhull = _qhull._Qhull(b"i", points, b"Qx" if points.shape[1] >= 5 else b"", required_options=b"Qt")
    except (AttributeError, TypeError):
        return ConvexHull(points).equations
    try:
        qhull.triangulate()
        return qhull.get_simplex_facet_array()[2]
    except (AttributeError, TypeError, IndexError):
        return ConvexHull(points).equations
    finally:
        qhull.close()


def _subset_candidates(m: np.ndarray) -> np.ndarray:
    """Solve every ``d``-subset of constraints as equations (small problems only)."""
    k, d = m.shape
    count = comb(d + k, d)
    if count > MAX_SUBSETS:
        raise SolverError(
            f"vertex enumeration failed in Qhull and the fallback would try {count:,} "
            f"constraint subsets (limit {MAX_SUBSETS:,})"
        )
    rows = np.concatenate([np.eye(d), m])
    rhs = np.concatenate([np.zeros(d), np.ones(k)])
    subsets = np.array(list(combinations(range(d + k), d)), dtype=np.intp)
    mats, vecs = rows[subsets], rhs[subsets]
    sing = np.linalg.svd(mats, compute_uv=False)
    ok = sing[:, -1] > 1e-10 * sing[:, 0]
    solved = np.linalg.solve(mats[ok], vecs[ok][:, :, None])[:, :, 0]
    return solved.reshape(-1, d)


def integer_matrix(exact: np.ndarray) -> list[list[int]]:
    """``exact`` (Fractions) times the least common multiple of its denominators, as Python ints.

    >>> from fractions import Fraction
    >>> integer_matrix(np.array([[Fraction(1, 2), Fraction(1, 3)]], dtype=object))
    [[3, 2]]
    """
    scale = lcm(*(f.denominator for f in exact.flat)) if exact.size else 1
    return [[f.numerator * (scale // f.denominator) for f in row] for row in exact.tolist()]


def pivot(rows: list[list[int]], r: int, c: int, det: int) -> int:
    """Integer pivot on entry ``(r, c)`` in place; returns the new determinant.

    Every other row ``i`` becomes ``(p * row_i - rows[i][c] * row_r) / det`` with
    ``p = rows[r][c]``; the divisions are exact (Bareiss), so entries stay integers
    and every basic column holds the current determinant ``p`` in its row.
    """
    p = rows[r][c]
    pivot_row = rows[r]
    for i, row in enumerate(rows):
        if i == r:
            continue
        f = row[c]
        if f == 0:
            if p != det:
                rows[i] = [(p * v) // det for v in row]
            continue
        rows[i] = [(p * v - f * w) // det for v, w in zip(row, pivot_row)]
    return p


def strategy_from_labels(u: list[list[int]], zero: np.ndarray, best: np.ndarray) -> tuple[Fraction, ...] | None:
    """The exact mixed strategy at a vertex, from its labels alone.

    ``u[i][j]`` is the *other* player's (integer-scaled) payoff when this player plays
    ``i`` and the other plays ``j``. The strategy ``s`` and the other's best payoff ``v``
    solve ``s_i = 0`` for ``zero[i]``, ``sum(s) = 1`` and ``sum_i u[i][j] s_i = v`` for
    ``best[j]``. Returns ``None`` when these equations do not have exactly one solution
    (labels that a float tolerance got wrong).

    >>> strategy_from_labels([[2, 0], [0, 1]], np.array([False, False]), np.array([True, True]))
    (Fraction(1, 3), Fraction(2, 3))
    """
    support = [i for i, z in enumerate(zero) if not z]
    width = len(support) + 1  # unknowns: s on the support, then v
    rows = [[1] * len(support) + [0, 1]]
    rows += [[u[i][j] for i in support] + [-1, 0] for j in np.flatnonzero(best)]
    det, used = 1, []
    for c in range(width):
        r = next((i for i, row in enumerate(rows) if i not in used and row[c] != 0), None)
        if r is None:
            return None
        det = pivot(rows, r, c, det)
        used.append(r)
    if any(row[-1] != 0 for i, row in enumerate(rows) if i not in used):
        return None
    out = [Fraction(0)] * len(zero)
    for c, r in enumerate(used[:-1]):
        value = rows[r][-1]
        if value and (value < 0) != (det < 0):  # a negative probability
            return None
        out[support[c]] = Fraction(value, det)
    return tuple(out)
