"""Linear programs solved in floats by HiGHS and, for rational data, certified exactly.

A :class:`LinearProgram` is ``minimize c @ x`` subject to ``a_ub @ x <= b_ub``,
``a_eq @ x == b_eq`` and ``x[j] >= 0`` unless ``free[j]``. :func:`solve_lp` runs
HiGHS' dual simplex, which ends at a basic (vertex) solution. When the data are
Fractions it then rebuilds the vertex exactly: the float solution tells which
variables are positive and which constraints are tight; solving those equations
in Fractions gives the primal vertex, and complementary slackness gives the dual.
The pair is kept only if it is an exact optimality certificate: primal and dual
feasible, and equal objectives. Otherwise the float solution is returned, marked
inexact.

Dual convention: ``dual_ub[k] >= 0`` is the price of ``a_ub[k] @ x <= b_ub[k]``, so
``c == -a_ub.T @ dual_ub + a_eq.T @ dual_eq + r`` with reduced costs ``r >= 0``
(``r[j] == 0`` for free variables) and ``c @ x == -b_ub @ dual_ub + b_eq @ dual_eq``.

Examples
--------
>>> from fractions import Fraction as F
>>> lp = LinearProgram.build(c=[-1, -1], a_ub=[[1, 2], [3, 1]], b_ub=[4, 6])
>>> sol = solve_lp(lp)
>>> sol.exact, sol.x, sol.value
(True, (Fraction(8, 5), Fraction(6, 5)), Fraction(-14, 5))
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from math import gcd, lcm
from typing import Any, Sequence

import numpy as np
from scipy.optimize import linprog

from berlinsim.model._exact import exact_array

Number = Fraction | float

#: HiGHS options: dual simplex (a vertex solution) and tight feasibility tolerances.
_HIGHS_OPTIONS = {"primal_feasibility_tolerance": 1e-10, "dual_feasibility_tolerance": 1e-10}


@dataclass(frozen=True, slots=True, kw_only=True)
class LinearProgram:
    """``minimize c @ x`` s.t. ``a_ub @ x <= b_ub``, ``a_eq @ x == b_eq``, ``x >= 0`` unless free.

    The arrays are float or object arrays of Fractions (then ``exact`` is True).
    """

    c: np.ndarray
    a_ub: np.ndarray
    b_ub: np.ndarray
    a_eq: np.ndarray
    b_eq: np.ndarray
    free: tuple[bool, ...]
    exact: bool

    @classmethod
    def build(
        cls,
        *,
        c: Any,
        a_ub: Any = None,
        b_ub: Any = None,
        a_eq: Any = None,
        b_eq: Any = None,
        free: Sequence[bool] | None = None,
    ) -> LinearProgram:
        """A program from nested sequences; exact when every entry is exact."""
        n = len(c)
        parts = [c, _rows(a_ub, n), _vec(b_ub), _rows(a_eq, n), _vec(b_eq)]
        exact_parts = [_exact_part(p) for p in parts]
        exact = all(p is not None for p in exact_parts)
        arrays = exact_parts if exact else [np.asarray(p, dtype=np.float64) for p in parts]
        free_t = tuple(bool(f) for f in free) if free is not None else (False,) * n
        return cls(c=arrays[0], a_ub=arrays[1], b_ub=arrays[2], a_eq=arrays[3], b_eq=arrays[4], free=free_t, exact=exact)

    def as_float(self) -> tuple[np.ndarray, ...]:
        return tuple(np.asarray(a, dtype=np.float64) for a in (self.c, self.a_ub, self.b_ub, self.a_eq, self.b_eq))


@dataclass(frozen=True, slots=True, kw_only=True)
class LpSolution:
    """An optimal primal-dual pair; Fractions when ``exact`` (certified), floats otherwise."""

    x: tuple[Number, ...]
    dual_ub: tuple[Number, ...]
    dual_eq: tuple[Number, ...]
    value: Number
    exact: bool


def _exact_part(part: Any) -> np.ndarray | None:
    """An object array of Python ints or Fractions, or ``None`` when some entry is inexact."""
    arr = np.asarray(part)
    if arr.dtype.kind in "iu":
        return arr.astype(object)  # Python ints: exact, and much faster than Fractions
    if arr.dtype == object and all(type(v) is int for v in arr.flat):
        return arr
    if arr.size == 0:
        return np.empty(arr.shape, dtype=object)
    return exact_array(np.asarray(part, dtype=object))


def to_integers(values: np.ndarray) -> tuple[np.ndarray, int]:
    """Exact numbers scaled to integers: ``(ints, scale)`` with ``values == ints / scale``.

    ``ints`` is an object array of Python ints (no overflow). Scaling by a positive constant
    preserves every comparison, so exact decisions can be taken on the integers.

    >>> from fractions import Fraction as F
    >>> ints, scale = to_integers(np.array([F(1, 2), F(-2, 3), 4], dtype=object))
    >>> ints.tolist(), scale
    ([3, -4, 24], 6)
    """
    flat = [Fraction(v) for v in values.flat]
    scale = lcm(*(f.denominator for f in flat)) if flat else 1
    ints = np.empty(values.shape, dtype=object)
    ints.flat[:] = [f.numerator * (scale // f.denominator) for f in flat]
    return ints, scale


def _rows(a: Any, n: int) -> Any:
    return np.empty((0, n)) if a is None or len(a) == 0 else a


def _vec(b: Any) -> Any:
    return np.empty(0) if b is None else b


def solve_lp(lp: LinearProgram, certify: bool = True) -> LpSolution | None:
    """Solve ``lp``; ``None`` when it is infeasible. Exact (certified) when possible.

    With ``certify=False`` the float solution is returned even for exact data; it can be
    certified later with :func:`certify`.

    Raises ``RuntimeError`` when HiGHS fails for another reason (unbounded, numerical
    trouble): the programs built by the solvers are always bounded.
    """
    c, a_ub, b_ub, a_eq, b_eq = lp.as_float()
    bounds = [(None, None) if f else (0, None) for f in lp.free]
    res = linprog(
        c,
        A_ub=a_ub if a_ub.size else None,
        b_ub=b_ub if a_ub.size else None,
        A_eq=a_eq if a_eq.size else None,
        b_eq=b_eq if a_eq.size else None,
        bounds=bounds,
        method="highs-ds",
        options=_HIGHS_OPTIONS,
    )
    if res.status == 2:
        return None
    if res.status != 0:
        raise RuntimeError(f"linear program failed: {res.message}")
    x = np.asarray(res.x, dtype=np.float64)
    y = -np.asarray(res.ineqlin.marginals, dtype=np.float64) if a_ub.size else np.empty(0)
    w = np.asarray(res.eqlin.marginals, dtype=np.float64) if a_eq.size else np.empty(0)
    if lp.exact and certify:
        certified = _certify(lp, x, y, w)
        if certified is not None:
            return certified
    return LpSolution(
        x=tuple(float(v) for v in x),
        dual_ub=tuple(float(v) for v in y),
        dual_eq=tuple(float(v) for v in w),
        value=float(res.fun),
        exact=False,
    )


# --------------------------------------------------------------------- exact recovery
def solve_exact(rows: Sequence[Sequence[Fraction]], rhs: Sequence[Fraction], n: int) -> list[Fraction] | None:
    """The unique solution of a (possibly overdetermined) linear system, or ``None``.

    ``None`` when the system is inconsistent or its solution is not unique. Fraction-free
    Gauss-Jordan elimination on integer rows (each row scaled to integers, reduced by its
    gcd after every update), which is several times faster than Fraction arithmetic.

    >>> solve_exact([[1, 1], [1, -1], [2, 0]], [3, 1, 4], 2)
    [Fraction(2, 1), Fraction(1, 1)]
    >>> solve_exact([[1, 1]], [1], 2) is None
    True
    """
    m: list[list[int]] = []
    for row, r in zip(rows, rhs):
        vals = [Fraction(v) for v in row] + [Fraction(r)]
        den = lcm(*(v.denominator for v in vals))
        m.append([v.numerator * (den // v.denominator) for v in vals])
    for col in range(n):
        piv = next((i for i in range(col, len(m)) if m[i][col] != 0), None)
        if piv is None:
            return None
        m[col], m[piv] = m[piv], m[col]
        prow = m[col]
        p = prow[col]
        for i in range(len(m)):
            f = m[i][col]
            if i != col and f != 0:
                new = [a * p - f * b for a, b in zip(m[i], prow)]
                g = gcd(*new)
                m[i] = [v // g for v in new] if g > 1 else new
    if any(row[n] != 0 for row in m[n:]):
        return None
    return [Fraction(m[i][n], m[i][i]) for i in range(n)]


def certify(lp: LinearProgram, solution: LpSolution) -> LpSolution | None:
    """The exact, certified version of a float ``solution`` of the exact program ``lp``, or ``None``."""
    if solution.exact:
        return solution
    if not lp.exact:
        return None
    return _certify(lp, *(np.asarray(v, dtype=np.float64) for v in (solution.x, solution.dual_ub, solution.dual_eq)))


def _certify(lp: LinearProgram, x: np.ndarray, y: np.ndarray, w: np.ndarray) -> LpSolution | None:
    c, a_ub, b_ub, a_eq, b_eq = lp.as_float()
    scale = max(1.0, float(np.max(np.abs(np.concatenate([c, a_ub.ravel(), b_ub, a_eq.ravel(), b_eq])))) if c.size else 1.0)
    reduced = c + a_ub.T @ y - a_eq.T @ w
    slack = b_ub - a_ub @ x
    for rel in (1e-9, 1e-7, 1e-5):
        tol = rel * scale
        xs = _exact_primal(lp, x, slack, tol)
        if xs is None:
            continue
        support = [j for j in range(len(x)) if lp.free[j] or xs[j] != 0]
        zero_cost = sorted(set(support) | {j for j in range(len(x)) if abs(reduced[j]) <= tol})
        for columns in (zero_cost, support):
            duals = _exact_dual(lp, y, columns, tol)
            if duals is not None and _is_certificate(lp, xs, *duals):
                ys, ws = duals
                value = sum((cj * xj for cj, xj in zip(lp.c, xs)), Fraction(0))
                return LpSolution(x=tuple(xs), dual_ub=tuple(ys), dual_eq=tuple(ws), value=value, exact=True)
    return None


def _exact_primal(lp: LinearProgram, x: np.ndarray, slack: np.ndarray, tol: float) -> list[Fraction] | None:
    n = len(x)
    unknowns = [j for j in range(n) if lp.free[j] or x[j] > tol]
    rows = [[lp.a_eq[k, j] for j in unknowns] for k in range(len(lp.b_eq))]
    rhs = list(lp.b_eq)
    for k in np.flatnonzero(np.abs(slack) <= tol):
        rows.append([lp.a_ub[k, j] for j in unknowns])
        rhs.append(lp.b_ub[k])
    sol = solve_exact(rows, rhs, len(unknowns))
    if sol is None:
        return None
    out = [Fraction(0)] * n
    for j, v in zip(unknowns, sol):
        out[j] = v
    return out


def _exact_dual(
    lp: LinearProgram, y: np.ndarray, columns: Sequence[int], tol: float
) -> tuple[list[Fraction], list[Fraction]] | None:
    active = [k for k in range(len(y)) if y[k] > tol]
    n_eq = len(lp.b_eq)
    # c_j + sum_k a_ub[k, j] y_k - sum_k a_eq[k, j] w_k == 0 for each column in `columns`
    rows = [[lp.a_ub[k, j] for k in active] + [-lp.a_eq[k, j] for k in range(n_eq)] for j in columns]
    rhs = [-lp.c[j] for j in columns]
    sol = solve_exact(rows, rhs, len(active) + n_eq)
    if sol is None:
        return None
    ys = [Fraction(0)] * len(y)
    for k, v in zip(active, sol):
        ys[k] = v
    return ys, list(sol[len(active):])


def _is_certificate(lp: LinearProgram, x: list[Fraction], y: list[Fraction], w: list[Fraction]) -> bool:
    """Primal feasibility, dual feasibility and equal objectives, all in exact arithmetic.

    The vectors are scaled to integers first (``x == xi / dx`` ...), so that with integer
    data every product below is an integer product.
    """
    (xi, dx), (yi, dy), (wi, dw) = (to_integers(np.array(v, dtype=object)) for v in (x, y, w))
    bounded = np.array([not f for f in lp.free], dtype=bool)
    if any(v < 0 for v in xi[bounded]) or any(v < 0 for v in yi):
        return False
    if lp.b_ub.size and any(lp.a_ub.dot(xi) > lp.b_ub * dx):
        return False
    if lp.b_eq.size and any(lp.a_eq.dot(xi) != lp.b_eq * dx):
        return False
    # reduced costs times dy * dw: c + a_ub.T y - a_eq.T w
    reduced = lp.c * (dy * dw)
    if lp.b_ub.size:
        reduced = reduced + lp.a_ub.T.dot(yi) * dw
    if lp.b_eq.size:
        reduced = reduced - lp.a_eq.T.dot(wi) * dy
    if any(v < 0 for v in reduced[bounded]) or any(v != 0 for v in reduced[~bounded]):
        return False
    primal = Fraction(lp.c.dot(xi)) / dx
    dual = (-Fraction(lp.b_ub.dot(yi)) / dy if lp.b_ub.size else 0) + (
        Fraction(lp.b_eq.dot(wi)) / dw if lp.b_eq.size else 0
    )
    return primal == dual
