"""Lemke-Howson's float path on Python lists (private helper of :mod:`.lemke_howson`).

For small games numpy's per-call cost outweighs its arithmetic, so the path is followed
on lists. Only the tableau columns the ratio test reads are computed (lazily, by
replaying the pivots on them); every entry gets the same divisions and subtractions as
in the full numpy tableau, so the floats, the pivots and the ties are the same.

Examples
--------
>>> (x, y), pivots, tie = path_float_small([[2.0, 0.0], [0.0, 1.0]], [[1.0, 0.0], [0.0, 2.0]], 0)
>>> x.tolist(), y.tolist(), pivots, tie
([1.0, 0.0], [1.0, 0.0], 2, False)
"""

from __future__ import annotations

import numpy as np

from berlinsim.errors import SolverError

#: Entries of a float pivot column at most this large count as zero.
PIVOT_TOL = 1e-12
#: Float ratios within this relative distance tie.
RATIO_TOL = 1e-10
#: Pivots allowed on one path before giving up (the lexicographic rule cannot cycle).
from berlinsim.limits import MAX_PIVOTS  # noqa: E402 (stated with every limit)


def path_float_small(
    a: list[list[float]], b: list[list[float]], k: int
) -> tuple[tuple[np.ndarray, np.ndarray], int, bool]:
    """The path of label ``k`` on the raw payoffs ``a, b``: ``((x, y), pivots, tie)``.

    The same result as ``lemke_howson._path_float`` on the scaled payoffs. A tableau
    column changes at a pivot only through its own entries and the pivot's factors (the
    pivot row ``r``, the pivot ``p`` and the entering column ``f``): ``w = v[r] / p``,
    ``v[i] -= f[i] * w`` (``i != r``), ``v[r] = w``. Each side keeps its list of pivots
    and brings a column up to date only when the ratio test needs it (the right-hand
    side always, the entering column, the lexicographic columns on a tie); payoff
    columns are scaled into ``[1, 2]`` (as ``_polytope.scale_positive`` does) when
    first read.
    """
    m, n = len(a), len(a[0])
    # P: rows are column actions, labels 0..m-1 payoffs, m..m+n-1 slacks; Q: rows are row
    # actions, labels 0..m-1 slacks, m..m+n-1 payoffs (columns of a)
    p_side, q_side = _sides(a, b, m)
    this, other = (p_side, q_side) if k < m else (q_side, p_side)
    entering, steps, tie = k, 0, False
    while True:
        basis, rhs, pivots = this[0], this[1], this[2]
        column = _side_column(this, entering)
        threshold = PIVOT_TOL * max(1.0, max(map(abs, column)))
        candidates = [i for i, v in enumerate(column) if v > threshold]
        if len(candidates) > 1:  # minimum ratio with the right-hand side; rarely a tie
            ratios = [rhs[i] / column[i] for i in candidates]
            best = min(ratios)
            bound = best + RATIO_TOL * max(1.0, abs(best))
            candidates = [i for i, q in zip(candidates, ratios) if q <= bound]
            if len(candidates) > 1:
                candidates, tie = [_lexicographic_row(this, column, candidates)], True
        elif not candidates:
            raise SolverError("method 'lh': unbounded pivot column (numerical trouble)")
        r = candidates[0]
        f = column[:]
        p = f[r]
        w = rhs[r] / p
        for i, fi in enumerate(f):
            if fi != 0.0:
                rhs[i] = rhs[i] - fi * w
        rhs[r] = w
        pivots.append((r, p, f))
        leaving, basis[r] = basis[r], entering
        steps += 1
        if leaving == k:
            break
        if steps > MAX_PIVOTS:
            raise SolverError(f"method 'lh': no end after {MAX_PIVOTS} pivots from label {k}")
        this, other, entering = other, this, leaving
    return _strategies(p_side, q_side, m, n), steps, tie


def _sides(a: list[list[float]], b: list[list[float]], m: int) -> tuple[list, list]:
    """The tableaux P and Q of :func:`path_float_small` before any pivot.

    A side is ``[basis, right-hand side, pivots, cached columns, lines, first, slack, low,
    span]``: the starting basis is the slack labels ``slack, slack + 1, ...`` (unit
    columns); label ``first + i`` has payoff column ``lines[i]``, scaled into ``[1, 2]``
    by ``low`` and ``span`` of all the lines.
    """
    sides = []
    for lines, first, slack in ((b, 0, m), (list(zip(*a)), m, 0)):
        rows = len(lines[0])
        low = min(map(min, lines))
        span = max(map(max, lines)) - low
        sides.append([list(range(slack, slack + rows)), [1.0] * rows, [], {}, lines, first, slack, low, span])
    return sides[0], sides[1]


def _side_column(side: list, c: int) -> list[float]:
    """Column of label ``c`` on ``side`` after its pivots so far (the same floats as the full tableau)."""
    rhs, pivots, cache = side[1], side[2], side[3]
    cached = cache.get(c)
    if cached is not None:
        values, done = cached
    else:
        done, first, slack = 0, side[5], side[6]
        if slack <= c < slack + len(rhs):
            values = [0.0] * len(rhs)
            values[c - slack] = 1.0
        else:
            low, span = side[7], side[8]
            line = side[4][c - first]
            values = [1.0 + (v - low) / span for v in line] if span > 0.0 else [1.0] * len(line)
    for r, p, f in pivots[done:]:
        w = values[r] / p
        for i, fi in enumerate(f):
            if fi != 0.0:
                values[i] = values[i] - fi * w
        values[r] = w
    cache[c] = (values, len(pivots))
    return values


def _lexicographic_row(side: list, column: list[float], candidates: list[int]) -> int:
    """Break a ratio-test tie as ``lemke_howson._leaving_row_float`` does: by the slack columns."""
    slack = side[6]
    for c in range(slack, slack + len(side[1])):
        values = _side_column(side, c)
        ratios = [values[r] / column[r] for r in candidates]
        best = min(ratios)
        bound = best + RATIO_TOL * max(1.0, abs(best))
        candidates = [r for r, q in zip(candidates, ratios) if q <= bound]
        if len(candidates) == 1:
            break
    return candidates[0]


def _strategies(p_side: list, q_side: list, m: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    """The normalised strategies read off the final tableaux, as ``lemke_howson._float_strategy`` does."""
    out = []
    for (basis, rhs), size, offset in (((p_side[0], p_side[1]), m, 0), ((q_side[0], q_side[1]), n, m)):
        values = [0.0] * size
        for value, var in zip(rhs, basis):
            if offset <= var < offset + size:
                values[var - offset] = max(0.0, value)
        total = sum(values) if size <= 2 else 0.0
        if total > 0.0:  # a sum of at most two numbers is the same in any order: no numpy call needed
            out.append(np.array([v / total for v in values]))
        else:
            strategy = np.array(values)
            out.append(strategy / strategy.sum())
    return out[0], out[1]
