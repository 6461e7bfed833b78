"""Batched vertex enumeration of both best-response polytopes (private helper of :mod:`.batched_matrix`).

For a batch of small bimatrix games ``(A, B)`` this does, for every game at once, what
``enummixed`` does for one game up to 4 x 4 (:mod:`._polytope`): both players' payoffs are scaled
into ``[1, 2]``, every ``d``-subset of the constraints of ``P = {x >= 0 : B'^T x <= 1}`` and
``Q = {y >= 0 : A' y <= 1}`` is solved as a system of equations (all subsets of all games in one
call of :func:`numpy.linalg.solve`), each feasible solution gets *all* its tight constraints as
labels (tolerance :data:`~._polytope.LABEL_TOL`), and every completely labelled pair of nonzero
vertices is an extreme equilibrium. Degenerate games (ties, a continuum of equilibria) are
handled exactly as ``enummixed`` handles them: the same vertices, the same labels, the same
pairs, and ``degenerate`` when some vertex has more labels than its dimension.

What floats cannot decide is left *undecided* (to be solved one game at a time with the exact
solver): a game where some constraint's slack at a candidate vertex lies in the grey zone
``(GREY_LOW, GREY_HIGH)`` -- neither clearly tight (an exact tie computed in floats is off by a
few units in the last place) nor clearly slack -- or where a basis is nearly but not exactly
singular. Outside that zone the float labels are the exact ones, so the answer is the exact
solver's.

Examples
--------
>>> a = np.array([[[1.0, 1.0], [0.0, 0.0]]])  # the row player is indifferent against row 0
>>> b = np.array([[[1.0, 1.0], [0.0, 2.0]]])
>>> x, y, count, degenerate, undecided = vertex_equilibria(a, b)
>>> int(count[0]), bool(degenerate[0]), bool(undecided[0])
(2, True, False)
>>> sorted(np.round(np.concatenate([x[0, :2], y[0, :2]], axis=1), 3).tolist())
[[1.0, 0.0, 0.0, 1.0], [1.0, 0.0, 1.0, 0.0]]
"""

from __future__ import annotations

from functools import lru_cache
from itertools import combinations

import numpy as np

from berlinsim.solvers._polytope import LABEL_TOL

#: Slacks strictly between these (scaled units) are neither clearly tight nor clearly slack.
GREY_LOW = 1e-11
GREY_HIGH = 1e-7
#: A basis is singular below this ratio of its smallest to largest singular value (as enummixed).
SINGULAR = 1e-10
#: Ratios between these are too close to call (an exact zero comes out near 1e-16).
SINGULAR_GREY = (1e-12, 1e-6)


def scale_positive_batch(u: np.ndarray) -> np.ndarray:
    """:func:`~._polytope.scale_positive` of every game in ``u`` (shape ``(G, r, c)``).

    >>> scale_positive_batch(np.array([[[-3.0, 1.0], [5.0, 1.0]], [[2.0, 2.0], [2.0, 2.0]]])).tolist()
    [[[1.0, 1.5], [2.0, 1.5]], [[1.0, 1.0], [1.0, 1.0]]]
    """
    flat = u.reshape(u.shape[0], -1)
    low = flat.min(axis=1)[:, None, None]
    span = flat.max(axis=1)[:, None, None] - low
    constant = span <= 0.0
    return np.where(constant, 1.0, 1.0 + (u - low) / np.where(constant, 1.0, span))


def _det(m: list[list[np.ndarray]]) -> np.ndarray:
    """Determinant of a small matrix of arrays (Laplace expansion along the first row)."""
    if len(m) == 1:
        return m[0][0]
    if len(m) == 2:
        return m[0][0] * m[1][1] - m[0][1] * m[1][0]
    total = None
    for j in range(len(m)):
        term = m[0][j] * _det([row[:j] + row[j + 1:] for row in m[1:]])
        total = term if total is None else (total + term if j % 2 == 0 else total - term)
    return total


@lru_cache(maxsize=None)
def _subsets(total: int, d: int) -> np.ndarray:
    return np.array(list(combinations(range(total), d)), dtype=np.intp).reshape(-1, d)


def polytope_vertices_batch(m: np.ndarray) -> tuple[np.ndarray, ...]:
    """Nonzero vertices of ``{z >= 0 : m z <= 1}`` for every ``m`` in a batch (shape ``(G, k, d)``).

    Returns
    -------
    z : numpy.ndarray
        ``(G, S, d)``: the solution of each ``d``-subset of constraints (``S`` subsets).
    zero, tight : numpy.ndarray of bool
        ``(G, S, d)`` and ``(G, S, k)``: the labels of each solution.
    extra : numpy.ndarray of bool
        ``(G, S)``: the solution is a vertex with more labels than ``d`` (a degenerate vertex).
    vertex : numpy.ndarray of bool
        ``(G, S)``: the solution is a nonzero vertex, listed once (the first subset giving it).
    undecided : numpy.ndarray of bool
        ``(G,)``: a slack or a basis too close to call.
    """
    g, k, d = m.shape
    subsets = _subsets(d + k, d)
    rows = np.concatenate([np.broadcast_to(np.eye(d), (g, d, d)), m], axis=1)
    rhs = np.concatenate([np.zeros(d), np.ones(k)])[subsets]  # (S, d)
    mats = rows[:, subsets]  # (G, S, d, d)
    entries = [[mats[..., i, j] for j in range(d)] for i in range(d)]
    det = _det(entries)
    # ratio of the extreme singular values, by SVD only where |det| / |M|_F^d (a lower bound) is small
    row_norm2 = np.matmul(rows * rows, np.ones(d))[:, subsets]
    norm2 = row_norm2[..., 0].copy()
    for i in range(1, d):
        norm2 += row_norm2[..., i]
    ratio = np.abs(det) / norm2 ** (d / 2)
    close = ratio < SINGULAR_GREY[1]
    if close.any():
        sing = np.linalg.svd(mats[close], compute_uv=False)
        ratio[close] = sing[:, -1] / sing[:, 0]
    ok = ratio > SINGULAR
    undecided = ((ratio > SINGULAR_GREY[0]) & (ratio < SINGULAR_GREY[1])).any(axis=1)
    # Cramer's rule (every basis kept has a ratio above SINGULAR_GREY[1]: well conditioned)
    safe = np.where(ok, det, 1.0)
    z = np.empty((g, len(subsets), d))
    for j in range(d):
        column = [row[:j] + [rhs[:, i]] + row[j + 1:] for i, row in enumerate(entries)]
        z[..., j] = np.where(ok, _det(column) / safe, 0.0)
    slack = 1.0 - np.matmul(z, m.transpose(0, 2, 1))
    values = np.concatenate([z, slack], axis=2)  # (G, S, d + k): the slack of every constraint
    near = np.abs(values)
    labels = near <= LABEL_TOL
    zero = labels[..., :d]
    tight = labels[..., d:]
    lowest = values[..., 0].copy()  # the smallest slack (slice by slice: faster than a reduction over a short axis)
    for i in range(1, d + k):
        np.minimum(lowest, values[..., i], out=lowest)
    feasible = ok & (lowest >= -LABEL_TOL)
    possible = ok & (lowest > -GREY_HIGH)
    grey = (near > GREY_LOW) & (near < GREY_HIGH) & possible[..., None]
    undecided |= grey.reshape(g, -1).any(axis=1)
    weights = np.stack([np.int64(1) << np.arange(d + k, dtype=np.int64), np.ones(d + k, dtype=np.int64)], axis=1)
    key, count = np.moveaxis(np.matmul(labels.astype(np.int64), weights), 2, 0)
    everything_zero = (1 << d) - 1
    vertex = feasible & (count >= d) & ((key & everything_zero) != everything_zero)
    # a degenerate vertex comes from several subsets: keep the first of each label set
    same = (key[:, :, None] == key[:, None, :]) & vertex[:, None, :]
    earlier = np.tril(np.ones((len(subsets), len(subsets)), dtype=bool), -1)
    vertex &= ~(same & earlier).any(axis=2)
    z = np.where(zero, 0.0, z)
    return z, zero, tight, vertex & (count > d), vertex, undecided


def vertex_equilibria(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Every extreme equilibrium of each game in a batch, as ``enummixed`` lists them (up to order).

    Parameters
    ----------
    a, b : numpy.ndarray
        Row and column players' payoffs, shape ``(G, m, n)``.

    Returns
    -------
    x, y : numpy.ndarray
        ``(G, E, m)`` and ``(G, E, n)``: the first ``count[g]`` rows are game ``g``'s equilibria.
    count : numpy.ndarray of int
    degenerate : numpy.ndarray of bool
        Some nonzero vertex has more labels than its dimension (enummixed's ``degenerate``).
    undecided : numpy.ndarray of bool
        Floats cannot decide this game: solve it with the exact solver.
    """
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    g, m, n = a.shape
    # P: labels 0..m-1 are x_i = 0, m.. are column best responses; Q: 0..m-1 row best responses, m.. y_j = 0
    px, p_zero, p_tight, p_extra, p_vertex, p_undecided = polytope_vertices_batch(scale_positive_batch(b).transpose(0, 2, 1))
    qy, q_zero, q_tight, q_extra, q_vertex, q_undecided = polytope_vertices_batch(scale_positive_batch(a))
    bits_m = np.int64(1) << np.arange(m, dtype=np.int64)
    bits_n = np.int64(1) << np.arange(m, m + n, dtype=np.int64)
    p_key = p_zero.astype(np.int64) @ bits_m + p_tight.astype(np.int64) @ bits_n
    q_key = q_tight.astype(np.int64) @ bits_m + q_zero.astype(np.int64) @ bits_n
    full = (1 << (m + n)) - 1
    pairs = (p_vertex[:, :, None] & q_vertex[:, None, :]
             & ((p_key[:, :, None] | q_key[:, None, :]) == full))  # (G, Sp, Sq)
    degenerate = (p_extra & p_vertex).any(axis=1) | (q_extra & q_vertex).any(axis=1)
    flat = pairs.reshape(g, -1)
    count = flat.sum(axis=1)
    width = max(int(count.max()) if g else 0, 1)
    x_out = np.zeros((g, width, m))
    y_out = np.zeros((g, width, n))
    game, pair = np.nonzero(flat)  # game by game, pairs in order
    slot = np.arange(len(game)) - (np.cumsum(count) - count)[game]
    i, j = np.divmod(pair, pairs.shape[2])
    x = px[game, i]
    y = qy[game, j]
    x_out[game, slot] = x / x.sum(axis=1, keepdims=True)
    y_out[game, slot] = y / y.sum(axis=1, keepdims=True)
    return x_out, y_out, count, degenerate, p_undecided | q_undecided
