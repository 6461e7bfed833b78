"""Lemke's complementary pivoting algorithm for linear complementarity problems.

An LCP ``(M, q)`` asks for ``z >= 0`` with ``w = M z + q >= 0`` and ``z . w = 0``
(complementarity: in each pair ``(z_i, w_i)`` at least one is zero). Lemke's
algorithm adds an artificial variable ``z0`` and a positive *covering vector*
``d``: the system ``w = M z + q + d z0`` has the obvious solution ``z = 0``,
``z0 = max(-q_i / d_i)``; complementary pivoting then follows a path of almost
complementary bases until ``z0`` leaves the basis (a solution) or the path
runs off along an unbounded edge (a *secondary ray*: no solution found).

Degenerate problems are handled by the lexicographic minimum-ratio rule: ties
in the ratio test are broken by the rows of ``B^-1`` (the tableau columns of
the slack variables ``w``), which never tie, so the path cannot cycle.

Two kernels share that logic:

* ``exact=True``: integer pivoting (each tableau entry is a minor of the
  integer-scaled problem, kept as a Python ``int`` over a common positive
  determinant), so rational data gives an exact :class:`~fractions.Fraction`
  solution;
* ``exact=False``: the same pivots in float64 with relative tolerances.

:func:`basic_solution` evaluates one complementary basis in exact arithmetic,
so a basis found in floats can be confirmed exactly without repeating the path.

Variables are numbered by *labels*: ``w_i`` is ``i``, ``z_i`` is ``n + i`` and
``z0`` is ``2n`` (the complement of label ``k < 2n`` is ``(k + n) mod 2n``).

References
----------
C. E. Lemke (1965), Bimatrix equilibrium points and mathematical programming,
Management Science 11, 681-689. B. von Stengel (2002), Computing equilibria for
two-person games, Handbook of Game Theory vol. 3, ch. 45, sections 2.6-2.7
(lexicographic degeneracy resolution and integer pivoting).

Examples
--------
>>> sol = lemke([[2, 1], [1, 2]], [-5, -6], exact=True)
>>> [str(v) for v in sol.z], [str(v) for v in sol.w]
(['4/3', '7/3'], ['0', '0'])
>>> bool(is_lcp_solution([[2, 1], [1, 2]], [-5, -6], sol.z))
True
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from math import lcm
from typing import Any, Sequence

import numpy as np

from berlinsim.errors import SolverError

#: A pivot column entry counts as positive above this fraction of the column's largest entry.
PIVOT_TOL = 1e-9
#: Two ratios within this relative distance are ties for the lexicographic rule.
RATIO_TOL = 1e-11


class RayTermination(SolverError):
    """Lemke's path ended on a secondary ray: the LCP may have no solution."""


@dataclass(frozen=True, slots=True, kw_only=True)
class LCPSolution:
    """A solution of ``w = M z + q >= 0, z >= 0, z . w = 0`` and how it was found.

    Attributes
    ----------
    z, w : numpy.ndarray
        The solution: float64 arrays, or object arrays of Fractions when ``exact``.
    basis : tuple of int
        The label basic in each tableau row (``w_i`` is ``i``, ``z_i`` is ``n + i``).
    pivots : int
        Number of pivots taken (0 when ``q >= 0`` and ``z = 0`` solves the problem).
    exact : bool
        True when computed in exact rational arithmetic.
    """

    z: np.ndarray
    w: np.ndarray
    basis: tuple[int, ...]
    pivots: int
    exact: bool


# --------------------------------------------------------------------- input

def _as_problem(M: Any, q: Any, d: Any, exact: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``M, q, d`` as arrays (object of Fractions when exact), after checking shapes."""
    if exact:
        conv = np.vectorize(Fraction, otypes=[object])
        M_arr = conv(np.asarray(M, dtype=object)) if np.size(M) else np.zeros((0, 0), dtype=object)
        q_arr = conv(np.asarray(q, dtype=object)) if np.size(q) else np.zeros(0, dtype=object)
    else:
        M_arr = np.asarray(M, dtype=np.float64)
        q_arr = np.asarray(q, dtype=np.float64)
    n = q_arr.shape[0] if q_arr.ndim == 1 else -1
    if q_arr.ndim != 1 or M_arr.shape != (n, n):
        raise SolverError(
            f"an LCP needs a square matrix M and a vector q of matching size, "
            f"got M of shape {np.shape(M)} and q of shape {np.shape(q)}"
        )
    if d is None:
        d_arr = np.full(n, Fraction(1) if exact else 1.0, dtype=object if exact else np.float64)
    else:
        d_arr = (np.vectorize(Fraction, otypes=[object])(np.asarray(d, dtype=object)) if exact
                 else np.asarray(d, dtype=np.float64))
        if d_arr.shape != (n,):
            raise SolverError(f"covering vector has shape {d_arr.shape}, expected ({n},)")
        if not all(x > 0 for x in d_arr):
            raise SolverError("the covering vector must be positive")
    return M_arr, q_arr, d_arr


def _integer_rows(rows: np.ndarray) -> np.ndarray:
    """Each row of a Fraction matrix scaled by a positive integer to Python ints."""
    out = np.empty(rows.shape, dtype=object)
    for i, row in enumerate(rows):
        scale = lcm(*(f.denominator for f in row)) if row.size else 1
        out[i] = [f.numerator * (scale // f.denominator) for f in row]
    return out


# ------------------------------------------------------------------- kernels

class _FloatTableau:
    """``B^-1 [I, -M, -d | q]`` in float64, pivoted in place."""

    def __init__(self, M: np.ndarray, q: np.ndarray, d: np.ndarray) -> None:
        n = q.shape[0]
        self.n = n
        self.T = np.hstack([np.eye(n), -M, -d[:, None], q[:, None]])

    def column(self, c: int) -> np.ndarray:
        return self.T[:, c]

    def positive_rows(self, col: np.ndarray) -> np.ndarray:
        scale = float(np.max(np.abs(col))) if col.size else 0.0
        return np.flatnonzero(col > PIVOT_TOL * max(scale, 1e-300))

    def lexmin(self, rows: np.ndarray, div: np.ndarray) -> int:
        """The row of ``rows`` with the lexicographically least ``(rhs, B^-1 row) / div``."""
        candidates = rows
        divisors = div
        for k in (-1, *range(self.n)):
            ratios = self.T[candidates, k] / divisors
            best = ratios.min()
            keep = ratios <= best + RATIO_TOL * max(1.0, abs(best))
            candidates, divisors = candidates[keep], divisors[keep]
            if candidates.size == 1:
                break
        return int(candidates[0])

    def pivot(self, r: int, c: int) -> None:
        T = self.T
        T[r] /= T[r, c]
        col = T[:, c].copy()
        col[r] = 0.0
        T -= np.outer(col, T[r])

    def values(self) -> np.ndarray:
        return self.T[:, -1].copy()


class _IntegerTableau:
    """``det(B) B^-1 [I, -M, -d | q]`` as Python ints over a positive determinant."""

    def __init__(self, M: np.ndarray, q: np.ndarray, d: np.ndarray) -> None:
        n = q.shape[0]
        self.n = n
        ident = np.zeros((n, n), dtype=object)
        ident[:] = Fraction(0)
        for i in range(n):
            ident[i, i] = Fraction(1)
        rows = np.hstack([ident, -M, -d[:, None], q[:, None]]) if n else np.zeros((0, 2), dtype=object)
        self.T = _integer_rows(rows)
        self.det = 1

    def column(self, c: int) -> np.ndarray:
        return self.T[:, c]

    def positive_rows(self, col: np.ndarray) -> np.ndarray:
        return np.flatnonzero(col > 0)

    def lexmin(self, rows: np.ndarray, div: np.ndarray) -> int:
        candidates = list(zip(rows.tolist(), div.tolist()))
        for k in (-1, *range(self.n)):
            ratios = [Fraction(self.T[i, k], a) for i, a in candidates]
            best = min(ratios)
            candidates = [ca for ca, ra in zip(candidates, ratios) if ra == best]
            if len(candidates) == 1:
                break
        return int(candidates[0][0])

    def pivot(self, r: int, c: int) -> None:
        T = self.T
        p = T[r, c]
        row = T[r].copy()
        col = T[:, c].copy()
        T *= p
        T -= np.multiply.outer(col, row)
        T //= self.det
        T[r] = row
        self.det = p
        if p < 0:
            T *= -1
            self.det = -p

    def values(self) -> np.ndarray:
        return np.array([Fraction(v, self.det) for v in self.T[:, -1]], dtype=object)


# ------------------------------------------------------------------- algorithm

def lemke(
    M: Any,
    q: Any,
    d: Any = None,
    *,
    exact: bool = False,
    max_pivots: int | None = None,
) -> LCPSolution:
    """Solve the LCP ``w = M z + q >= 0, z >= 0, z . w = 0`` by Lemke's algorithm.

    Parameters
    ----------
    M : array_like, shape (n, n)
    q : array_like, shape (n,)
    d : array_like, shape (n,), optional
        Positive covering vector (default all ones).
    exact : bool
        Compute in exact rational arithmetic (entries may be ints, Fractions or
        numeric strings) instead of float64.
    max_pivots : int, optional
        Give up with a :class:`~berlinsim.errors.SolverError` after this many pivots
        (default ``50 * (n + 1)``, far above what Lemke's paths take in practice).

    Returns
    -------
    LCPSolution

    Raises
    ------
    RayTermination
        When the path ends on a secondary ray (possible only for LCPs outside the
        classes Lemke's algorithm is known to solve).

    Examples
    --------
    >>> sol = lemke([[1.0, 0.0], [0.0, 1.0]], [-1.0, 2.0])
    >>> sol.z.tolist(), sol.w.tolist(), sol.pivots
    ([1.0, 0.0], [0.0, 2.0], 2)
    """
    M_arr, q_arr, d_arr = _as_problem(M, q, d, exact)
    n = q_arr.shape[0]
    zero = Fraction(0) if exact else 0.0
    if all(x >= 0 for x in q_arr):
        z = np.full(n, zero, dtype=object if exact else np.float64)
        return LCPSolution(z=z, w=q_arr.copy(), basis=tuple(range(n)), pivots=0, exact=exact)
    tab = _IntegerTableau(M_arr, q_arr, d_arr) if exact else _FloatTableau(M_arr, q_arr, d_arr)
    limit = 50 * (n + 1) if max_pivots is None else max_pivots
    basis = list(range(n))
    z0 = 2 * n
    # first pivot: z0 enters where q_i / d_i is (lexicographically) least
    col = tab.column(z0)
    rows = np.arange(n)
    r = tab.lexmin(rows, -col)
    entering = (_pivot_in(tab, basis, r, z0) + n) % (2 * n)
    pivots = 1
    while True:
        if pivots >= limit:
            raise SolverError(f"Lemke's algorithm took more than {limit} pivots on an LCP of size {n}")
        col = tab.column(entering)
        rows = tab.positive_rows(col)
        if rows.size == 0:
            raise RayTermination(
                f"Lemke's algorithm ended on a secondary ray after {pivots} pivots "
                f"(variable {_label_name(entering, n)} can increase without bound)"
            )
        r = tab.lexmin(rows, col[rows])
        leaving = _pivot_in(tab, basis, r, entering)
        pivots += 1
        if leaving == z0:
            break
        entering = (leaving + n) % (2 * n)
    return _solution(tab.values(), basis, n, pivots, exact)


def _pivot_in(tab: _FloatTableau | _IntegerTableau, basis: list[int], r: int, c: int) -> int:
    """Pivot label ``c`` into row ``r``; return the label that left."""
    tab.pivot(r, c)
    leaving, basis[r] = basis[r], c
    return leaving


def _label_name(label: int, n: int) -> str:
    if label == 2 * n:
        return "z0"
    return f"w{label}" if label < n else f"z{label - n}"


def _solution(values: np.ndarray, basis: Sequence[int], n: int, pivots: int, exact: bool) -> LCPSolution:
    dtype = object if exact else np.float64
    zero = Fraction(0) if exact else 0.0
    full = np.full(2 * n + 1, zero, dtype=dtype)
    for row, label in enumerate(basis):
        full[label] = values[row]
    if not exact:
        np.maximum(full, 0.0, out=full)  # round-off below zero on basic variables at zero level
    return LCPSolution(z=full[n:2 * n].copy(), w=full[:n].copy(), basis=tuple(basis), pivots=pivots, exact=exact)


# ------------------------------------------------------------ exact checks

def basic_solution(M: Any, q: Any, basis: Sequence[int]) -> LCPSolution | None:
    """The exact solution for a complementary ``basis`` (labels as in :func:`lemke`), or None.

    Solves ``w - M z = q`` in rational arithmetic with the non-basic variables at
    zero. Returns None when the basis is not complementary, its matrix is singular,
    or the solution has a negative entry. Used to confirm a basis found in floats.

    >>> [str(v) for v in basic_solution([[2, 1], [1, 2]], [-5, -6], (2, 3)).z]
    ['4/3', '7/3']
    >>> basic_solution([[2, 1], [1, 2]], [-5, -6], (0, 1)) is None
    True
    """
    M_arr, q_arr, _ = _as_problem(M, q, None, exact=True)
    n = q_arr.shape[0]
    labels = list(basis)
    if len(labels) != n or sorted(label % n for label in labels) != list(range(n)) or max(labels, default=0) >= 2 * n:
        return None
    cols = np.empty((n, n), dtype=object)
    for k, label in enumerate(labels):
        if label < n:
            cols[:, k] = Fraction(0)
            cols[label, k] = Fraction(1)
        else:
            cols[:, k] = -M_arr[:, label - n]
    values = _solve_exact(cols, q_arr)
    if values is None or any(v < 0 for v in values):
        return None
    return _solution(values, labels, n, 0, True)


def _solve_exact(A: np.ndarray, b: np.ndarray) -> np.ndarray | None:
    """Solve ``A x = b`` (Fractions) by fraction-free elimination; None when singular."""
    n = b.shape[0]
    T = _integer_rows(np.hstack([A, b[:, None]])) if n else np.zeros((0, 1), dtype=object)
    det = 1
    where = list(range(n))  # column -> pivot row
    used = np.zeros(n, dtype=bool)
    for c in range(n):
        nonzero = [i for i in np.flatnonzero(T[:, c] != 0) if not used[i]]
        if not nonzero:
            return None
        r = int(nonzero[0])
        p = T[r, c]
        row = T[r].copy()
        col = T[:, c].copy()
        T *= p
        T -= np.multiply.outer(col, row)
        T //= det
        T[r] = row
        det = p
        used[r] = True
        where[c] = r
    return np.array([Fraction(T[where[c], -1], T[where[c], c]) for c in range(n)], dtype=object)


def is_lcp_solution(M: Any, q: Any, z: Any, tol: float = 0.0) -> bool:
    """True when ``z >= 0``, ``M z + q >= 0`` and ``z . (M z + q) == 0`` (within ``tol``).

    Exact (tol ignored) when every entry is an int or Fraction.

    >>> is_lcp_solution([[1, 0], [0, 1]], [-1, 2], [1, 0]), is_lcp_solution([[1, 0], [0, 1]], [-1, 2], [0, 0])
    (True, False)
    """
    values = [np.asarray(x, dtype=object).ravel().tolist() for x in (M, q, z)]
    if all(isinstance(v, (int, Fraction)) for part in values for v in part):
        M_arr = np.asarray(M, dtype=object)
        z_arr = np.asarray(z, dtype=object)
        w = M_arr.dot(z_arr) + np.asarray(q, dtype=object) if z_arr.size else np.asarray(q, dtype=object)
        return bool(all(v >= 0 for v in z_arr) and all(v >= 0 for v in w) and sum(z_arr * w) == 0)
    M_f, q_f, z_f = (np.asarray(x, dtype=np.float64) for x in (M, q, z))
    w_f = M_f @ z_f + q_f
    return bool(np.all(z_f >= -tol) and np.all(w_f >= -tol) and abs(float(z_f @ w_f)) <= tol * max(1, z_f.size))
