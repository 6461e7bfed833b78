"""Simplex tableaux for complementary pivoting: float64, and exact integer pivoting.

Private helper of :mod:`berlinsim.solvers.lemke` and :mod:`berlinsim.solvers.lcp`. A
tableau is ``B^-1 [A | b]`` for a basis ``B`` of the columns of ``A``: the value of
the variable basic in row ``i`` is the last column's entry, and it falls by
``T[i, c]`` per unit of a variable ``c`` entering the basis.

* :class:`FloatTableau` pivots in float64 with relative tolerances;
* :class:`IntegerTableau` keeps ``det(B) B^-1 [A | b]`` as Python ints over a positive
  determinant (integer pivoting, von Stengel 2002, section 2.7): rows of the system are
  scaled to integers once, and every later division is exact.

:func:`basic_values` solves for one basis in exact arithmetic.

Examples
--------
>>> tab = IntegerTableau([[2, 1, 1, 0, 5], [1, 2, 0, 1, 6]])
>>> tab.pivot(0, 0); tab.pivot(1, 1)
>>> [str(v) for v in tab.values()]
['4/3', '7/3']
"""

from __future__ import annotations

from fractions import Fraction
from math import lcm
from typing import Any, Sequence

import numpy as np

#: A pivot column entry counts as positive above this fraction of the column's largest entry.
PIVOT_TOL = 1e-9
#: Two ratios within this relative distance are ties for the lexicographic rule.
RATIO_TOL = 1e-11


def to_fractions(values: Any) -> np.ndarray:
    """An object array of Fractions (ints, Fractions, numeric strings and floats accepted)."""
    arr = np.asarray(values, dtype=object)
    out = np.empty(arr.shape, dtype=object)
    out.flat[:] = [Fraction(v) for v in arr.flat]
    return out


def _integer_rows(rows: np.ndarray) -> np.ndarray:
    """Each row of a Fraction matrix scaled by a positive integer to Python ints."""
    out = np.empty(rows.shape, dtype=object)
    for i, row in enumerate(rows):
        fr = [Fraction(v) for v in row]
        scale = lcm(*(f.denominator for f in fr)) if fr else 1
        out[i] = [f.numerator * (scale // f.denominator) for f in fr]
    return out


class FloatTableau:
    """A simplex tableau ``B^-1 [A | b]`` in float64, pivoted in place.

    The last column is the right-hand side; the value of the variable basic in row
    ``i`` is ``T[i, -1]``, and it falls by ``T[i, c]`` per unit of a variable ``c``
    entering the basis.
    """

    exact = False

    def __init__(self, matrix: Any) -> None:
        self.T = np.array(matrix, dtype=np.float64)

    def column(self, c: int) -> np.ndarray:
        return self.T[:, c]

    def negative_rows(self, rows: np.ndarray) -> np.ndarray:
        """The rows of ``rows`` whose basic variable is (numerically) negative."""
        rhs = self.T[rows, -1]
        scale = float(np.max(np.abs(self.T[:, -1]))) if self.T.size else 0.0
        return rows[rhs < -PIVOT_TOL * max(scale, 1.0)]

    def positive_rows(self, col: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """The rows of ``rows`` where ``col`` is (numerically) positive."""
        entries = col[rows]
        scale = float(np.max(np.abs(entries))) if entries.size else 0.0
        return rows[entries > PIVOT_TOL * max(scale, 1e-300)]

    def lexmin(self, rows: np.ndarray, div: np.ndarray, lexcols: Sequence[int]) -> int:
        """The row of ``rows`` with the lexicographically least ``(rhs, T[row, lexcols]) / div``."""
        candidates, divisors = rows, div
        for k in (-1, *lexcols):
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
        """The value of the variable basic in each row."""
        return self.T[:, -1].copy()

    def keep_columns(self, columns: Sequence[int]) -> None:
        """Drop every column not listed (the right-hand side is kept)."""
        self.T = self.T[:, [*columns, -1]]


class IntegerTableau:
    """``det(B) B^-1 [A | b]`` as Python ints over a positive determinant (integer pivoting).

    Rows of the starting system are scaled by positive integers to clear
    denominators, which changes no solution. Pivots are exact (Bareiss-style
    divisions by the previous determinant never leave a remainder).
    """

    exact = True

    def __init__(self, matrix: Any) -> None:
        rows = np.asarray(matrix, dtype=object)
        self.T = _integer_rows(rows) if rows.size else np.zeros(rows.shape, dtype=object)
        self.det = 1

    def column(self, c: int) -> np.ndarray:
        return self.T[:, c]

    def negative_rows(self, rows: np.ndarray) -> np.ndarray:
        return rows[self.T[rows, -1] < 0]

    def positive_rows(self, col: np.ndarray, rows: np.ndarray) -> np.ndarray:
        return rows[col[rows] > 0]

    def lexmin(self, rows: np.ndarray, div: np.ndarray, lexcols: Sequence[int]) -> int:
        candidates = list(zip(rows.tolist(), div.tolist()))
        for k in (-1, *lexcols):
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

    def keep_columns(self, columns: Sequence[int]) -> None:
        self.T = self.T[:, [*columns, -1]]


Tableau = FloatTableau | IntegerTableau


def basic_values(matrix: Any, rhs: Any, basis: Sequence[int]) -> np.ndarray | None:
    """Exact values of the basic variables of ``matrix @ v = rhs`` for ``basis``, or None if singular.

    ``basis[r]`` is the column (label) basic in row ``r``; the result's ``r``-th entry is
    its value (a Fraction). Fraction-free elimination on the integer-scaled columns.

    >>> [str(v) for v in basic_values([[1, 0, -2, -1], [0, 1, -1, -2]], [-5, -6], [2, 3])]
    ['4/3', '7/3']
    """
    b = np.asarray(rhs, dtype=object)
    n = b.shape[0]
    if len(basis) != n or len(set(basis)) != n:
        return None
    A = np.asarray(matrix, dtype=object).reshape(n, -1)[:, list(basis)]
    T = _integer_rows(np.hstack([A, b[:, None]])) if n else np.zeros((0, 1), dtype=object)
    det = 1
    pivot_row = [0] * n
    used = np.zeros(n, dtype=bool)
    for c in range(n):
        nonzero = np.flatnonzero((T[:, c] != 0) & ~used)
        if nonzero.size == 0:
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
        pivot_row[c] = r
    return np.array([Fraction(T[pivot_row[c], -1], T[pivot_row[c], c]) for c in range(n)], dtype=object)
