"""Batched equilibria of many small matrix games at once (a parameter grid), with degeneracy checks.

Two fast paths, both over a batch of games with the same shape:

* :func:`batched_pure_equilibria` -- the pure equilibria of every game (any number of players):
  a cell is an equilibrium when every player's payoff there is the largest along that player's axis;
* :func:`batched_support_enumeration` -- *all* equilibria of every nondegenerate 2-player game up to
  4 x 4, by support enumeration: for each pair of equal-size supports ``(I, J)`` the indifference
  systems are solved for the whole batch in one call of :func:`numpy.linalg.solve`.

Support enumeration is complete only for nondegenerate games. A game is flagged ``uncertain`` (and
must be solved by the general solver) when any of these holds, each within a tolerance scaled to
its payoffs: a candidate equilibrium has a zero weight or a non-support best response (ties); some
mixed strategy of support size ``k`` has ``k + 1`` pure best responses (the definition of a
degenerate game, checked for every support and every set of ``k + 1`` answers); an indifference
system is singular; or the number of equilibria found is even (a nondegenerate game has an odd
number). Games not flagged have exactly the equilibria listed.

Examples
--------
>>> import numpy as np
>>> bos = np.array([[[[2, 0], [0, 1]], [[1, 0], [0, 2]]]], dtype=float)  # one game, Battle of the sexes
>>> found = batched_support_enumeration(bos[:, 0], bos[:, 1])
>>> int(found.count[0]), bool(found.uncertain[0])
(3, False)
>>> np.round(found.x[0, :3], 3).tolist()
[[1.0, 0.0], [0.0, 1.0], [0.667, 0.333]]
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import numpy as np

__all__ = ["BatchedEquilibria", "MAX_SIDE", "batched_pure_equilibria", "batched_support_enumeration"]

#: Largest number of actions per player for the batched support enumeration.
MAX_SIDE = 4
RELATIVE_TOL = 1e-9


def _tolerance(*payoffs: np.ndarray) -> np.ndarray:
    """Per-game absolute tolerance ``RELATIVE_TOL * max(1, max |u|)``, shape (G,)."""
    scale = np.ones(payoffs[0].shape[0])
    for u in payoffs:
        scale = np.maximum(scale, np.abs(u.reshape(u.shape[0], -1)).max(axis=1))
    return RELATIVE_TOL * scale


def batched_pure_equilibria(payoffs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pure equilibria of a batch of games, any number of players.

    Parameters
    ----------
    payoffs : numpy.ndarray
        Shape ``(G, num_players, *shape)`` (the layout of ``NormalFormGame.payoffs`` per game).

    Returns
    -------
    equilibrium : numpy.ndarray of bool
        Shape ``(G, *shape)``: the cell is a pure equilibrium.
    tied : numpy.ndarray of bool
        Shape ``(G,)``: some best response is within the tolerance of another action's payoff
        (the float answer may differ from the exact one; solve those games one by one).

    >>> pd = np.array([[[[3, 0], [5, 1]], [[3, 5], [0, 1]]]], dtype=float)
    >>> eq, tied = batched_pure_equilibria(pd)
    >>> np.argwhere(eq[0]).tolist(), tied.tolist()
    ([[1, 1]], [False])
    """
    payoffs = np.asarray(payoffs, dtype=float)
    g, n = payoffs.shape[:2]
    tol = _tolerance(payoffs).reshape((g,) + (1,) * n)
    equilibrium = np.ones((g, *payoffs.shape[2:]), dtype=bool)
    tied = np.zeros(g, dtype=bool)
    for i in range(n):
        u = payoffs[:, i]
        best = u.max(axis=i + 1, keepdims=True)
        equilibrium &= u >= best - tol
        near = (u >= best - tol) & (u < best)  # not the maximum yet within tolerance of it
        tied |= near.reshape(g, -1).any(axis=1)
    return equilibrium, tied


@dataclass(frozen=True, slots=True, kw_only=True)
class BatchedEquilibria:
    """Equilibria of a batch of bimatrix games, padded.

    Attributes
    ----------
    x, y : numpy.ndarray
        Shapes ``(G, E, m)`` and ``(G, E, n)``: the first ``count[g]`` rows are the equilibria of
        game ``g`` (in order of support size, then supports lexicographically); the rest is zero.
    count : numpy.ndarray of int
        Shape ``(G,)``.
    uncertain : numpy.ndarray of bool
        Shape ``(G,)``: the game may be degenerate; its list is not guaranteed complete.
    """

    x: np.ndarray
    y: np.ndarray
    count: np.ndarray
    uncertain: np.ndarray


def _supports(size: int, k: int) -> np.ndarray:
    return np.array(list(combinations(range(size), k)), dtype=int).reshape(-1, k)


def _last(op: np.ufunc, x: np.ndarray) -> np.ndarray:
    """``op`` reduced over a short last axis by elementwise steps (much faster than a ufunc reduce there)."""
    out = x[..., 0].copy()
    for i in range(1, x.shape[-1]):
        op(out, x[..., i], out=out)
    return out


def _times(a: np.ndarray, w: np.ndarray) -> np.ndarray:
    """``out[g, p, i] = sum_j a[g, i, j] * w[g, p, j]`` for short axes (elementwise, no einsum)."""
    out = a[:, None, :, 0] * w[:, :, None, 0]
    for j in range(1, a.shape[2]):
        out += a[:, None, :, j] * w[:, :, None, j]
    return out


def _det(m: np.ndarray) -> np.ndarray:
    """Determinants of stacked k x k matrices (k <= 3) by explicit formulas (faster than LAPACK for tiny k)."""
    k = m.shape[-1]
    if k == 0:
        return np.ones(m.shape[:-2])
    if k == 1:
        return m[..., 0, 0]
    if k == 2:
        return m[..., 0, 0] * m[..., 1, 1] - m[..., 0, 1] * m[..., 1, 0]
    if k == 3:
        return (m[..., 0, 0] * (m[..., 1, 1] * m[..., 2, 2] - m[..., 1, 2] * m[..., 2, 1])
                - m[..., 0, 1] * (m[..., 1, 0] * m[..., 2, 2] - m[..., 1, 2] * m[..., 2, 0])
                + m[..., 0, 2] * (m[..., 1, 0] * m[..., 2, 1] - m[..., 1, 1] * m[..., 2, 0]))
    return np.linalg.det(m)


def _adjugate(m: np.ndarray) -> np.ndarray:
    """Adjugates of stacked k x k matrices (k <= 4), ``adj[..., j, i] = (-1)^(i+j) det(minor_ij)``."""
    k = m.shape[-1]
    if k == 1:
        return np.ones_like(m)
    adj = np.empty_like(m)
    index = np.arange(k)
    for i in range(k):
        for j in range(k):
            minor = m[..., np.delete(index, i)[:, None], np.delete(index, j)[None, :]]
            adj[..., j, i] = (-1) ** (i + j) * _det(minor)
    return adj


def _indifference(m_sub: np.ndarray, tol: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Solve ``m_sub @ w = v * 1, sum(w) = 1`` for every (G, P) system ``m_sub`` of shape (k, k).

    Uses ``w = adj(M) 1 / (1' adj(M) 1)`` and ``v = det(M) / (1' adj(M) 1)``, valid whenever the
    bordered system is regular (``1' adj(M) 1`` is its determinant up to sign). Returns
    ``(w, v, singular)``; singular systems get ``w = 0``.
    """
    g, p, k, _ = m_sub.shape
    scale = np.maximum(1.0, _last(np.maximum, np.abs(m_sub).reshape(g, p, -1)))
    scaled = m_sub / scale[..., None, None]
    adj = _adjugate(scaled)
    numer = _last(np.add, adj)
    denom = _last(np.add, numer)
    singular = np.abs(denom) < 1e-10
    safe = np.where(singular, 1.0, denom)
    w = np.where(singular[..., None], 0.0, numer / safe[..., None])
    v = np.where(singular, 0.0, _det(scaled) / safe * scale)
    return w, v, singular


def _has_extra_best_responses(b: np.ndarray, tol: np.ndarray) -> np.ndarray:
    """Does some mixed strategy of the row player with support size k have k + 1 best responses in ``b``?

    ``b`` has shape (G, m, n) (the column player's payoffs). For every row support ``I`` and set
    ``J`` of ``k + 1`` columns, the strategy on ``I`` that makes the first ``k`` columns of ``J``
    equally good is solved for and the last column and optimality tested. Singular systems
    count as ``True`` (not decided here).
    """
    g, m, n = b.shape
    found = np.zeros(g, dtype=bool)
    for k in range(1, min(m, n - 1) + 1):
        rows, cols = _supports(m, k), _supports(n, k + 1)
        ii = np.repeat(rows, len(cols), axis=0)
        jj = np.tile(cols, (len(rows), 1))
        p = len(ii)
        sub = b[:, ii[:, :, None], jj[:, None, :k]]  # (G, P, k, k): rows I, the first k columns of J
        w, u, singular = _indifference(np.swapaxes(sub, -1, -2), tol)
        x = np.zeros((g, p, m))
        np.put_along_axis(x, np.broadcast_to(ii[None], (g, p, k)), w, axis=2)
        values = _times(np.swapaxes(b, 1, 2), x)
        last = np.take_along_axis(values, np.broadcast_to(jj[None, :, k:], (g, p, 1)), axis=2)[..., 0]
        t = tol[:, None]
        tie = (_last(np.minimum, w) > -t) & (np.abs(last - u) <= t) & (_last(np.maximum, values) <= u + t)
        found |= (tie | singular).any(axis=1)
    return found


def batched_support_enumeration(a: np.ndarray, b: np.ndarray) -> BatchedEquilibria:
    """All equilibria of a batch of 2-player games (up to 4 x 4), by support enumeration.

    Parameters
    ----------
    a, b : numpy.ndarray
        Row and column players' payoffs, shape ``(G, m, n)``.

    Returns
    -------
    BatchedEquilibria
        Games whose ``uncertain`` flag is False have exactly the equilibria listed (all of them).
    """
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    g, m, n = a.shape
    if max(m, n) > MAX_SIDE:
        raise ValueError(f"batched support enumeration is for games up to {MAX_SIDE} x {MAX_SIDE}, got {m} x {n}")
    tol = _tolerance(a, b)
    t = tol[:, None]
    xs, ys, oks = [], [], []
    uncertain = np.zeros(g, dtype=bool)
    for k in range(1, min(m, n) + 1):
        rows, cols = _supports(m, k), _supports(n, k)
        pairs_i = np.repeat(np.arange(len(rows)), len(cols))
        pairs_j = np.tile(np.arange(len(cols)), len(rows))
        ii, jj = rows[pairs_i], cols[pairs_j]  # (P, k)
        a_sub = a[:, ii[:, :, None], jj[:, None, :]]  # (G, P, k, k)
        b_sub = b[:, ii[:, :, None], jj[:, None, :]]
        y_w, v, sing_y = _indifference(a_sub, tol)  # A[I, J] y = v
        x_w, u, sing_x = _indifference(np.swapaxes(b_sub, -1, -2), tol)  # B[I, J]^T x = u
        p = len(ii)
        x = np.zeros((g, p, m))
        y = np.zeros((g, p, n))
        np.put_along_axis(x, np.broadcast_to(ii[None], (g, p, k)), x_w, axis=2)
        np.put_along_axis(y, np.broadcast_to(jj[None], (g, p, k)), y_w, axis=2)
        row_values = _times(a, y)
        col_values = _times(np.swapaxes(b, 1, 2), x)
        in_i = np.zeros((p, m), dtype=bool)
        np.put_along_axis(in_i, ii, True, axis=1)
        in_j = np.zeros((p, n), dtype=bool)
        np.put_along_axis(in_j, jj, True, axis=1)
        row_gap = _last(np.maximum, np.where(in_i[None], -np.inf, row_values - v[..., None]))  # best outside minus v
        col_gap = _last(np.maximum, np.where(in_j[None], -np.inf, col_values - u[..., None]))
        x_min, y_min = _last(np.minimum, x_w), _last(np.minimum, y_w)
        strict = (x_min > t) & (y_min > t) & (row_gap < -t) & (col_gap < -t)
        loose = (x_min >= -t) & (y_min >= -t) & (row_gap <= t) & (col_gap <= t)
        singular = sing_x | sing_y
        uncertain |= ((loose & ~strict) | singular).any(axis=1)
        strict &= ~singular
        xs.append(x)
        ys.append(y)
        oks.append(strict)
    x_all = np.concatenate(xs, axis=1)
    y_all = np.concatenate(ys, axis=1)
    ok = np.concatenate(oks, axis=1)
    count = ok.sum(axis=1)
    uncertain |= count % 2 == 0
    uncertain |= _has_extra_best_responses(b, tol) | _has_extra_best_responses(np.swapaxes(a, 1, 2), tol)
    order = np.argsort(~ok, axis=1, kind="stable")
    e = max(int(count.max()) if g else 0, 1)
    x_out = np.take_along_axis(x_all, order[:, :e, None], axis=1) * ok[np.arange(g)[:, None], order[:, :e]][..., None]
    y_out = np.take_along_axis(y_all, order[:, :e, None], axis=1) * ok[np.arange(g)[:, None], order[:, :e]][..., None]
    return BatchedEquilibria(x=x_out, y=y_out, count=count, uncertain=uncertain)
