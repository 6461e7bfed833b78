"""Lemke's complementary pivoting algorithm for linear complementarity problems.

An LCP ``(M, q)`` asks for ``z >= 0`` with ``w = M z + q >= 0`` and ``z . w = 0``
(complementarity: in each pair ``(z_i, w_i)`` at least one is zero). Lemke's
algorithm adds an artificial variable ``z0`` and a positive *covering vector*
``d``: the system ``w = M z + q + d z0`` has the obvious solution ``z = 0``,
``z0 = max(-q_i / d_i)``; complementary pivoting then follows a path of almost
complementary bases until ``z0`` leaves the basis (a solution) or the path
runs off along an unbounded edge (a *secondary ray*: no solution found).

Degenerate problems are handled by the lexicographic minimum-ratio rule: ties
in the ratio test are broken by the tableau columns of the starting basis
(``B^-1`` when the start is the slack basis), which never tie, so the path
cannot cycle.

Two tableau kernels (:mod:`berlinsim.solvers._tableau`) share that logic: integer
pivoting, so rational data gives an exact :class:`~fractions.Fraction` solution, and
the same pivots in float64 with relative tolerances.

:func:`follow_path` is the algorithm on any tableau with a chosen starting basis,
free (sign-unconstrained) variables and a complement map; the sequence-form
solver (:mod:`berlinsim.solvers.lcp`) uses it for a *mixed* LCP with equations.
:func:`basic_solution` evaluates one basis in exact arithmetic, so a basis found in
floats can be confirmed exactly without repeating the path.

For :func:`lemke`, variables are numbered by *labels*: ``w_i`` is ``i``, ``z_i``
is ``n + i`` and ``z0`` is ``2n``.

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
from typing import Any, Sequence

import numpy as np

from berlinsim.errors import SolverError
from berlinsim.solvers._tableau import (
    FloatTableau,
    IntegerTableau,
    Tableau,
    basic_values,
    to_fractions,
)


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


# ------------------------------------------------------------------- algorithm

def follow_path(
    tab: Tableau,
    basis: list[int],
    *,
    z0: int,
    complement: Sequence[int],
    free: Sequence[bool],
    lexcols: Sequence[int],
    max_pivots: int,
) -> int:
    """Run Lemke's algorithm on ``tab`` from a complementary basis; return the number of pivots.

    The tableau's columns are the variables (labels) and ``basis[r]`` is the label
    basic in row ``r`` (updated in place). ``z0`` is the artificial variable, not
    basic at the start; its column holds the covering vector (negated), so raising
    ``z0`` makes every sign-constrained basic variable feasible. ``complement[k]``
    is the label paired with ``k`` (-1 for ``z0`` and free variables); ``free[k]`` marks
    sign-unconstrained variables, which never leave the basis. ``lexcols`` are the
    columns of the starting basis (the identity at the start), used to break ties.

    If the start is already feasible no pivot is taken. Otherwise ``z0`` enters where
    it must be largest, and the complement of each leaving variable enters next,
    until ``z0`` leaves. Raises :class:`RayTermination` on a secondary ray.
    """
    num_rows = len(basis)
    constrained = np.array([not free[label] for label in basis], dtype=bool)
    rows = np.flatnonzero(constrained)
    negative = tab.negative_rows(rows)
    if negative.size == 0:
        return 0
    col = tab.column(z0)
    below = tab.positive_rows(-col, rows)
    if not set(negative.tolist()) <= set(below.tolist()):
        raise SolverError("the covering vector does not cover the starting basis")
    r = tab.lexmin(below, -col[below], lexcols)
    entering = _enter(tab, basis, constrained, free, r, z0, complement)
    pivots = 1
    while True:
        if pivots >= max_pivots:
            raise SolverError(f"Lemke's algorithm took more than {max_pivots} pivots on {num_rows} equations")
        col = tab.column(entering)
        candidates = tab.positive_rows(col, np.flatnonzero(constrained))
        if candidates.size == 0:
            raise RayTermination(
                f"Lemke's algorithm ended on a secondary ray after {pivots} pivots "
                f"(variable {entering} can increase without bound)"
            )
        r = tab.lexmin(candidates, col[candidates], lexcols)
        leaving = basis[r]
        entering = _enter(tab, basis, constrained, free, r, entering, complement)
        pivots += 1
        if leaving == z0:
            return pivots


def _enter(tab: Tableau, basis: list[int], constrained: np.ndarray, free: Sequence[bool],
           r: int, c: int, complement: Sequence[int]) -> int:
    """Pivot label ``c`` into row ``r``; return the complement of the label that left."""
    tab.pivot(r, c)
    leaving, basis[r] = basis[r], c
    constrained[r] = not free[c]
    return complement[leaving]


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
    system = np.hstack([np.eye(n, dtype=object if exact else np.float64), -M_arr, -d_arr[:, None], q_arr[:, None]])
    tab: Tableau = IntegerTableau(system) if exact else FloatTableau(system)
    basis = list(range(n))
    complement = [*range(n, 2 * n), *range(n), -1]
    pivots = follow_path(
        tab, basis, z0=2 * n, complement=complement, free=[False] * (2 * n + 1),
        lexcols=range(n), max_pivots=50 * (n + 1) if max_pivots is None else max_pivots,
    )
    full = _place(tab.values(), basis, 2 * n + 1, exact)
    return LCPSolution(z=full[n:2 * n], w=full[:n], basis=tuple(basis), pivots=pivots, exact=exact)


def _as_problem(M: Any, q: Any, d: Any, exact: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``M, q, d`` as arrays (object of Fractions when exact), after checking shapes."""
    convert = to_fractions if exact else (lambda v: np.asarray(v, dtype=np.float64))
    M_arr = convert(M)
    q_arr = convert(q)
    n = q_arr.shape[0] if q_arr.ndim == 1 else -1
    if q_arr.ndim != 1 or (M_arr.shape != (n, n) and not (n == 0 and M_arr.size == 0)):
        raise SolverError(
            f"an LCP needs a square matrix M and a vector q of matching size, "
            f"got M of shape {np.shape(M)} and q of shape {np.shape(q)}"
        )
    M_arr = M_arr.reshape(n, n)
    d_arr = convert(np.ones(n, dtype=int) if d is None else d)
    if d_arr.shape != (n,):
        raise SolverError(f"covering vector has shape {d_arr.shape}, expected ({n},)")
    if not all(x > 0 for x in d_arr):
        raise SolverError("the covering vector must be positive")
    return M_arr, q_arr, d_arr


def _place(values: np.ndarray, basis: Sequence[int], num_labels: int, exact: bool) -> np.ndarray:
    """Every variable's value (0 when non-basic) from the basic values row by row."""
    full = np.full(num_labels, Fraction(0) if exact else 0.0, dtype=object if exact else np.float64)
    for row, label in enumerate(basis):
        full[label] = values[row]
    if not exact:
        np.maximum(full, 0.0, out=full)  # round-off below zero on variables at zero level
    return full


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
    if len(labels) != n or max(labels, default=0) >= 2 * n or sorted(k % n for k in labels) != list(range(n)):
        return None
    values = basic_values(np.hstack([to_fractions(np.eye(n, dtype=int)), -M_arr]), q_arr, labels)
    if values is None or any(v < 0 for v in values):
        return None
    full = _place(values, labels, 2 * n, True)
    return LCPSolution(z=full[n:], w=full[:n], basis=tuple(labels), pivots=0, exact=True)


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
        q_arr = np.asarray(q, dtype=object)
        w = M_arr.dot(z_arr) + q_arr if z_arr.size else q_arr
        return bool(all(v >= 0 for v in z_arr) and all(v >= 0 for v in w) and sum(z_arr * w) == 0)
    M_f, q_f, z_f = (np.asarray(x, dtype=np.float64) for x in (M, q, z))
    w_f = M_f @ z_f + q_f
    return bool(np.all(z_f >= -tol) and np.all(w_f >= -tol) and abs(float(z_f @ w_f)) <= tol * max(1, z_f.size))
