"""Batched equilibria of many small matrix games at once (a parameter grid), with degeneracy checks.

Three fast paths, over a batch of games with the same shape:

* :func:`batched_pure_equilibria` -- the pure equilibria of every game (any number of players):
  a cell is an equilibrium when every player's payoff there is the largest along that player's axis;
* :func:`batched_support_enumeration` -- *all* equilibria of every nondegenerate 2-player game up to
  4 x 4, by support enumeration: for each pair of equal-size supports ``(I, J)`` the indifference
  systems are solved for the whole batch at once (closed-form cofactors, batch axis last);
* :func:`batched_equilibria` -- every extreme equilibrium of every 2-player game up to 4 x 4,
  degenerate ones included: support enumeration, then batched vertex enumeration of both
  best-response polytopes (:mod:`._batched_vertices`) for the games support enumeration cannot
  certify -- what ``enummixed`` lists, its ``degenerate`` flag included.

Every game is normalised first (each player's payoffs mapped onto ``[0, 1]``, as the per-game
solvers do), so shifting or scaling a player's payoffs changes no answer and every tolerance is
relative to that player's payoff range; a game in which some player's payoffs span too little of
their magnitude for floats (:func:`berlinsim.model._scale.is_too_narrow`) is ``uncertain`` (the
per-game solver takes it exactly).

Support enumeration is complete only for nondegenerate games. A game is flagged ``uncertain``
when any of these holds, each within the tolerance: a candidate equilibrium
has a zero weight or a non-support best response (ties); some mixed strategy of support size
``k`` has ``k + 1`` pure best responses (the definition of a degenerate game, checked for every
support and every indifference system solved: one more answer as good, none better); an
indifference system is singular; or the number of equilibria found is even (a nondegenerate
game has an odd number). Games not flagged have exactly the equilibria listed.

Examples
--------
>>> import numpy as np
>>> bos = np.array([[[[2, 0], [0, 1]], [[1, 0], [0, 2]]]], dtype=float)  # one game, Battle of the sexes
>>> found = batched_support_enumeration(bos[:, 0], bos[:, 1])
>>> int(found.count[0]), bool(found.uncertain[0])
(3, False)
>>> np.round(found.x[0, :3], 3).tolist()  # a 2 x 2 game: closed form, profiles in decreasing order
[[1.0, 0.0], [0.667, 0.333], [0.0, 1.0]]
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import numpy as np

from berlinsim.model._scale import FLOAT_SPAN, batch_ranges

__all__ = ["BatchedEquilibria", "MAX_SIDE", "batched_equilibria", "batched_pure_equilibria",
           "batched_support_enumeration"]

#: Largest number of actions per player for the batched support enumeration.
MAX_SIDE = 4
#: Ties within this fraction of the player's payoff range are uncertain. Ten times enummixed's label
#: tolerance in its scaled units (slack >= gap / (2 * payoff range)), so a game certified here has no
#: label tie there.
RELATIVE_TOL = 1e-8
#: Games per call of the vertex enumeration (its memory grows with the square of the bases: 70 for 4 x 4).
VERTEX_CHUNK = 1024


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
        Shape ``(G,)``: some best response is within the tolerance of another action's payoff,
        or the game is too narrow for floats (the float answer may differ from the exact one;
        solve those games one by one).

    >>> pd = np.array([[[[3, 0], [5, 1]], [[3, 5], [0, 1]]]], dtype=float)
    >>> eq, tied = batched_pure_equilibria(pd)
    >>> np.argwhere(eq[0]).tolist(), tied.tolist()
    ([[1, 1]], [False])
    """
    payoffs = np.asarray(payoffs, dtype=float)
    g, n = payoffs.shape[:2]
    _, span, tied = batch_ranges(payoffs, axis=1)
    tol = RELATIVE_TOL * span  # (G, n, 1, ...): each player's tolerance, relative to her range
    equilibrium = np.ones((g, *payoffs.shape[2:]), dtype=bool)
    for i in range(n):
        u = payoffs[:, i]
        best = u.max(axis=i + 1, keepdims=True)
        within = u >= best - tol[:, i]
        equilibrium &= within
        near = within & (u < best)  # not the maximum yet within tolerance of it
        tied |= near.reshape(g, -1).any(axis=1)
    return equilibrium, tied


@dataclass(frozen=True, slots=True, kw_only=True)
class BatchedEquilibria:
    """Equilibria of a batch of bimatrix games, padded.

    Attributes
    ----------
    x, y : numpy.ndarray
        Shapes ``(G, E, m)`` and ``(G, E, n)``: the first ``count[g]`` rows are the equilibria of
        game ``g`` (in order of support size, then supports lexicographically; for 2 x 2 games in
        decreasing lexicographic order of the profiles); the rest is zero.
    count : numpy.ndarray of int
        Shape ``(G,)``.
    uncertain : numpy.ndarray of bool
        Shape ``(G,)``: the list is not guaranteed to be ``enummixed``'s (solve the game on its own).
    degenerate : numpy.ndarray of bool or None
        Shape ``(G,)``: ``enummixed``'s ``degenerate`` flag, where not uncertain
        (:func:`batched_equilibria`; None from :func:`batched_support_enumeration`, where every
        certain game is nondegenerate).
    payoffs : numpy.ndarray or None
        Shape ``(G, E, 2)``: each equilibrium's payoffs (row player, column player).
    ordered : numpy.ndarray of bool or None
        Shape ``(G,)``: the game's equilibria are listed in decreasing lexicographic order of their
        profiles (``x`` then ``y``) already (None: not known for any game).
    """

    x: np.ndarray
    y: np.ndarray
    count: np.ndarray
    uncertain: np.ndarray
    degenerate: np.ndarray | None = None
    payoffs: np.ndarray | None = None
    ordered: np.ndarray | None = None


# Kernels work on "structure of arrays": a k x k system is a list of lists of (G,) vectors, so every
# numpy operation runs over the whole batch contiguously (much faster than tiny trailing axes).
Vec = np.ndarray


def _det(m: list[list[Vec]]) -> Vec:
    """Determinant of a k x k matrix of vectors (Laplace expansion; k <= 4)."""
    k = len(m)
    if k == 1:
        return m[0][0]
    if k == 2:
        return m[0][0] * m[1][1] - m[0][1] * m[1][0]
    total = None
    for j in range(k):
        minor = [row[:j] + row[j + 1:] for row in m[1:]]
        term = m[0][j] * _det(minor)
        total = term if total is None else (total + term if j % 2 == 0 else total - term)
    return total


def _indifference(m: list[list[Vec]], scale: Vec) -> tuple[list[Vec], Vec, Vec]:
    """Solve ``m @ w = v * 1, sum(w) = 1`` for a k x k matrix of vectors (entries of size <= 1).

    ``w = adj(M) 1 / (1' adj(M) 1)`` and ``v = det(M) / (1' adj(M) 1)`` (the bordered system's
    determinant is ``1' adj(M) 1`` up to sign); ``v`` comes back multiplied by ``scale`` (the
    payoffs' scale). Returns ``(w, v, singular)``: ``singular`` marks systems with a line of
    solutions, or too close to call (``w = 0`` there); a singular system without any solution (the
    numerators ``adj(M) 1`` and ``det(M)`` not all zero) gives NaN, so every test on it fails, and
    is not marked.
    """
    k = len(m)
    if k == 1:
        numer = [np.ones_like(scale)]
        det = m[0][0]
    else:
        # minor[r][t] without row r and column t; numer[t] = sum over r of adj(M)[t][r] = (-1)^(r+t) minor[r][t]
        minor = [[_det([row[:t] + row[t + 1:] for i, row in enumerate(m) if i != r]) for t in range(k)]
                 for r in range(k)]
        numer = []
        for t in range(k):
            total = minor[0][t].copy() if t % 2 == 0 else -minor[0][t]
            for r in range(1, k):
                if (r + t) % 2:
                    total -= minor[r][t]
                else:
                    total += minor[r][t]
            numer.append(total)
        det = m[0][0] * minor[0][0]
        for t in range(1, k):
            if t % 2:
                det -= m[0][t] * minor[0][t]
            else:
                det += m[0][t] * minor[0][t]
    denom = numer[0].copy()
    for t in range(1, k):
        denom += numer[t]
    singular = np.abs(denom) < 1e-10
    if not singular.any():
        return [n / denom for n in numer], det / denom * scale, singular
    where = np.nonzero(singular)  # few: fixed up one by one after solving the rest
    largest = np.abs(det[where])
    for n in numer:
        np.maximum(largest, np.abs(n[where]), out=largest)
    blank = np.where(largest > 1e-6, np.nan, 0.0)  # inconsistent (no solution at all): NaN; a line: 0
    singular[where] = largest <= 1e-6
    safe = denom.copy()
    safe[where] = 1.0
    w = [n / safe for n in numer]
    v = det / safe * scale
    for array in w + [v]:
        array[where] = blank
    return w, v, singular


def batched_support_enumeration(a: np.ndarray, b: np.ndarray, *, closed_form: bool = True) -> BatchedEquilibria:
    """All equilibria of a batch of 2-player games (up to 4 x 4), by support enumeration.

    Parameters
    ----------
    a, b : numpy.ndarray
        Row and column players' payoffs, shape ``(G, m, n)``.
    closed_form : bool
        2 x 2 games by the closed-form equivalent (:mod:`._batched_two`; False: the general loop).

    Returns
    -------
    BatchedEquilibria
        Games whose ``uncertain`` flag is False have exactly the equilibria listed (all of them).
    """
    return _support_enumeration(a, b, closed_form)[0]


def _support_enumeration(a: np.ndarray, b: np.ndarray, closed_form: bool = True) -> tuple[BatchedEquilibria, np.ndarray]:
    """:func:`batched_support_enumeration`, and which games are too narrow for floats."""
    g, m, n = np.shape(a)
    if max(m, n) > MAX_SIDE:
        raise ValueError(f"batched support enumeration is for games up to {MAX_SIDE} x {MAX_SIDE}, got {m} x {n}")
    if m == n == 2 and closed_form:
        from berlinsim.solvers._batched_two import two_by_two

        # differences of payoffs only: no normalised copy needed, the tolerances relative to each range
        a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
        _, a_span, a_narrow = batch_ranges(a[:, None], axis=1)
        _, b_span, b_narrow = batch_ranges(b[:, None], axis=1)
        x, y, count, uncertain, pay = two_by_two(a, b, (RELATIVE_TOL * a_span.ravel(), RELATIVE_TOL * b_span.ravel()),
                                                 RELATIVE_TOL)
        narrow = a_narrow | b_narrow
        uncertain |= narrow
        return BatchedEquilibria(x=x, y=y, count=count, uncertain=uncertain, payoffs=pay, ordered=~uncertain), narrow
    at, a_low, a_span, a_narrow = _normalized_cells(a)  # (m, n, G), each player's payoffs in [0, 1]
    bt, b_low, b_span, b_narrow = _normalized_cells(b)
    narrow = a_narrow | b_narrow
    p_low, p_span = np.stack([a_low, b_low], axis=1), np.stack([a_span, b_span], axis=1)  # (G, 2) per player
    tol = RELATIVE_TOL
    at_s, bt_s = at, bt  # the indifference systems' entries, at most 1 already (their scale is one)
    found = []  # (games, slots, support rows, x on them, support columns, y on them, v, u) per support pair
    filled = np.zeros(g, dtype=np.int64)
    uncertain = narrow.copy()
    one = np.ones(g)
    for i in range(m):  # supports of size 1 (pure profiles): no system to solve
        for j in range(n):
            v, u = at[i, j], bt[i, j]
            row_gap = np.full(g, -np.inf)
            for other in range(m):
                if other != i:
                    np.maximum(row_gap, at[other, j] - v, out=row_gap)
            col_gap = np.full(g, -np.inf)
            for other in range(n):
                if other != j:
                    np.maximum(col_gap, bt[i, other] - u, out=col_gap)
            strict = (row_gap < -tol) & (col_gap < -tol)
            # ties: a best response as good (degenerate) or a candidate too close to call
            uncertain |= (row_gap <= tol) & (col_gap <= tol) & ~strict
            uncertain |= (np.abs(col_gap) <= tol) | (np.abs(row_gap) <= tol)
            where = np.flatnonzero(strict)
            if where.size:
                found.append((where, filled[where], (i,), [one[where]], (j,), [one[where]], v[where], u[where]))
                filled[where] += 1
    for k in range(2, min(m, n) + 1):
        for rows in combinations(range(m), k):
            for cols in combinations(range(n), k):
                y, v, sing_y = _indifference([[at_s[i, j] for j in cols] for i in rows], one)  # A[I, J] y = v
                x, u, sing_x = _indifference([[bt_s[i, j] for i in rows] for j in cols], one)  # B[I, J]' x = u
                row_gap = col_gap = None
                for i in range(m):
                    if i not in rows:
                        gap = at[i, cols[0]] * y[0] - v
                        for t in range(1, k):
                            gap += at[i, cols[t]] * y[t]
                        row_gap = gap if row_gap is None else np.maximum(row_gap, gap)
                for j in range(n):
                    if j not in cols:
                        gap = bt[rows[0], j] * x[0] - u
                        for t in range(1, k):
                            gap += bt[rows[t], j] * x[t]
                        col_gap = gap if col_gap is None else np.maximum(col_gap, gap)
                row_gap = np.full(g, -np.inf) if row_gap is None else row_gap
                col_gap = np.full(g, -np.inf) if col_gap is None else col_gap
                low_x, low_y = x[0].copy(), y[0].copy()
                for weight in x[1:]:
                    np.minimum(low_x, weight, out=low_x)
                for weight in y[1:]:
                    np.minimum(low_y, weight, out=low_y)
                low = np.minimum(low_x, low_y)
                strict = (low > tol) & (row_gap < -tol) & (col_gap < -tol)
                loose = (low >= -tol) & (row_gap <= tol) & (col_gap <= tol)
                singular = sing_x | sing_y
                uncertain |= (loose & ~strict) | singular
                # degenerate: x on I (weights >= 0) makes the columns J and one more equally good and
                # none better (a mixed strategy with k + 1 pure best responses); the same for y
                uncertain |= (low_x > -tol) & (np.abs(col_gap) <= tol)
                uncertain |= (low_y > -tol) & (np.abs(row_gap) <= tol)
                strict &= ~singular
                where = np.flatnonzero(strict)
                if where.size:
                    found.append((where, filled[where], rows, [w[where] for w in x], cols, [w[where] for w in y],
                                  v[where], u[where]))
                    filled[where] += 1
    count = filled
    uncertain |= count % 2 == 0
    e = max(int(count.max()) if g else 0, 1)
    x_out = np.zeros((g, e, m))
    y_out = np.zeros((g, e, n))
    pay = np.zeros((g, e, 2))
    for where, slot, rows, x, cols, y, v, u in found:
        pay[where, slot, 0] = p_low[where, 0] + p_span[where, 0] * v  # the indifference values: normalised payoffs
        pay[where, slot, 1] = p_low[where, 1] + p_span[where, 1] * u
        for t, i in enumerate(rows):
            x_out[where, slot, i] = x[t]
        for t, j in enumerate(cols):
            y_out[where, slot, j] = y[t]
    return BatchedEquilibria(x=x_out, y=y_out, count=count, uncertain=uncertain, payoffs=pay), narrow


def _normalized_cells(u: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """One player's payoffs ``(G, m, n)`` as ``(m, n, G)``, each game's mapped onto ``[0, 1]``.

    Also each game's lowest payoff and range, and whether it is too narrow for floats (as
    :func:`berlinsim.model._scale.batch_ranges`); in this layout every operation runs over
    contiguous blocks of the batch.
    """
    cells = np.asarray(u, dtype=float).transpose(1, 2, 0).copy()
    low, high = cells.min(axis=(0, 1)), cells.max(axis=(0, 1))
    span = high - low
    positive = span > 0
    narrow = positive & (span < FLOAT_SPAN * np.maximum(np.abs(low), np.abs(high)))
    cells -= low
    cells *= np.where(positive, 1.0 / np.where(positive, span, 1.0), 0.0)
    return cells, low, span, narrow


def batched_equilibria(a: np.ndarray, b: np.ndarray) -> BatchedEquilibria:
    """All extreme equilibria of a batch of 2-player games up to 4 x 4, degenerate games included.

    Support enumeration (:func:`batched_support_enumeration`) for the whole batch; the games it
    cannot certify (ties, degenerate games) get batched vertex enumeration of both best-response
    polytopes, which lists what ``enummixed`` lists: the extreme points of every component of
    equilibria and the ``degenerate`` flag. Only games where a tie is too close to call in floats
    stay ``uncertain`` (solve those with the exact solver).

    >>> a = np.array([[[1.0, 1.0], [0.0, 0.0]], [[2.0, 0.0], [0.0, 1.0]]])  # a tie; Battle of the sexes
    >>> b = np.array([[[1.0, 1.0], [0.0, 2.0]], [[1.0, 0.0], [0.0, 2.0]]])
    >>> found = batched_equilibria(a, b)
    >>> found.count.tolist(), found.degenerate.tolist(), found.uncertain.tolist()
    ([2, 3], [True, False], [False, False])
    """
    from berlinsim.solvers._batched_vertices import vertex_equilibria

    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    found, narrow = _support_enumeration(a, b)  # narrow games stay uncertain whatever the vertices say
    redo = np.flatnonzero(found.uncertain & ~narrow)
    degenerate = np.zeros(a.shape[0], dtype=bool)
    if not redo.size:
        return BatchedEquilibria(x=found.x, y=found.y, count=found.count, uncertain=found.uncertain,
                                 degenerate=degenerate, payoffs=found.payoffs, ordered=found.ordered)
    parts = [vertex_equilibria(a[chunk], b[chunk]) for chunk in np.array_split(redo, -(-redo.size // VERTEX_CHUNK))]
    width = max(part[0].shape[1] for part in parts)
    x = np.concatenate([np.pad(part[0], ((0, 0), (0, width - part[0].shape[1]), (0, 0))) for part in parts])
    y = np.concatenate([np.pad(part[1], ((0, 0), (0, width - part[1].shape[1]), (0, 0))) for part in parts])
    count, degenerate[redo], undecided = (np.concatenate([part[k] for part in parts]) for k in (2, 3, 4))
    width = max(found.x.shape[1], x.shape[1])

    def widened(array: np.ndarray) -> np.ndarray:  # the support enumeration's own arrays when wide enough
        if array.shape[1] == width:
            return array
        out = np.zeros((array.shape[0], width, array.shape[2]))
        out[:, :array.shape[1]] = array
        return out

    x_out, y_out, pay = widened(found.x), widened(found.y), widened(found.payoffs)
    x_out[redo] = 0.0
    y_out[redo] = 0.0
    x_out[redo, :x.shape[1]] = x
    y_out[redo, :y.shape[1]] = y
    total = found.count.copy()
    total[redo] = count
    uncertain = narrow.copy()
    uncertain[redo] = undecided
    pay[redo] = 0.0
    pay[redo, :x.shape[1], 0] = np.einsum("gei,gij,gej->ge", x, a[redo], y)
    pay[redo, :x.shape[1], 1] = np.einsum("gei,gij,gej->ge", x, b[redo], y)
    ordered = None if found.ordered is None else found.ordered & ~found.uncertain
    return BatchedEquilibria(x=x_out, y=y_out, count=total, uncertain=uncertain, degenerate=degenerate, payoffs=pay,
                             ordered=ordered)
