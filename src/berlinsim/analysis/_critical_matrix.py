"""The polynomials whose signs decide a table's equilibrium set, on one piece of the parameter.

Private helper of :mod:`berlinsim.analysis.thresholds`. Payoffs are rational functions of the
parameter ``x`` (:class:`~berlinsim.model.polynomial.RationalFunction`); the equilibrium set can
change only where one of these polynomials changes sign:

* pure equilibria (``pure``, any number of players): each player's payoff difference between two of
  their actions against each profile of the others (:func:`pure_family`);
* every extreme equilibrium of a 2-player table (``enummixed``, ``auto``; :func:`bimatrix_family`):
  the combinatorial type of the best-response polyhedron ``{(x, v): x >= 0, 1'x = 1, B'x <= v 1}``
  of player 1 -- which bases are vertices and which constraints are tight there -- is fixed by the
  signs of its maximal minors with and without the right-hand side: the determinant of each
  support pair's indifference system ``D(I, J) = det [[B_IJ', -1], [1', 0]]`` (|I| = |J|) and the
  determinants ``E(I, J) = det [B_IJ' | -1]`` (|J| = |I| + 1), which are, by Cramer's rule, the
  numerators of the probabilities of each indifference solution and of the best-response gaps of
  the actions outside the support. The same for player 2 with ``A``. Extreme equilibria are the
  completely labelled vertex pairs, so their supports are fixed wherever no minor changes sign.

Denominators are cleared per player first (a common multiple of a player's payoff denominators
multiplies each minor by a power of it: only poles, where the game is undefined, are added).

Examples
--------
Matching pennies with a moving stake ``x``: at ``x = -1`` the column player's mixture reaches a pure
strategy (``y_1 = 2 / (x + 3)``), and its formula has a pole at ``x = -3``. Polynomials are monic.

>>> from berlinsim.model.polynomial import Polynomial, RationalFunction
>>> x = RationalFunction.of(Polynomial.variable())
>>> one = RationalFunction.of(1)
>>> A = [[x, -one], [-one, one]]
>>> B = [[-x, one], [one, -one]]
>>> sorted(p.to_text() for p in bimatrix_family(A, B) if p.degree > 0)
['x + 1', 'x + 3']
"""

from __future__ import annotations

from itertools import combinations
from fractions import Fraction
from math import comb
from math import lcm as _int_lcm
from typing import Sequence

from berlinsim.model.polynomial import Polynomial, RationalFunction

__all__ = ["MAX_MINORS", "Unsupported", "bimatrix_family", "cleared", "determinant", "pure_family",
           "vertex_solutions"]

#: Most minors computed for one player's polyhedron on one piece (a 6 x 6 table needs 1716).
MAX_MINORS = 5000

_ONE = Polynomial((1,))
_MINUS = Polynomial((-1,))
_ZERO = Polynomial(())


class Unsupported(Exception):
    """The complete finder does not apply (the reason is the message); the caller scans instead."""


def _int_det(a: list[list[int]]) -> int:
    """The determinant of an integer matrix (fraction-free Bareiss elimination, exact)."""
    n = len(a)
    a = [row[:] for row in a]
    sign, previous = 1, 1
    for k in range(n - 1):
        if a[k][k] == 0:
            pivot = next((r for r in range(k + 1, n) if a[r][k] != 0), None)
            if pivot is None:
                return 0
            a[k], a[pivot] = a[pivot], a[k]
            sign = -sign
        pk = a[k][k]
        for i in range(k + 1, n):
            aik = a[i][k]
            row_i, row_k = a[i], a[k]
            for j in range(k + 1, n):
                row_i[j] = (row_i[j] * pk - aik * row_k[j]) // previous
        previous = pk
    return sign * a[n - 1][n - 1]


_INTERPOLATION: dict[int, tuple[list[list[int]], int]] = {}


def _interpolation(bound: int) -> tuple[list[list[int]], int]:
    """Integers ``W`` and ``d`` such that the coefficients of the polynomial of degree <= ``bound``
    through ``(x_i, v_i)``, ``x_i = i - bound // 2``, are ``W v / d`` (the inverse Vandermonde matrix)."""
    found = _INTERPOLATION.get(bound)
    if found is None:
        xs = [i - bound // 2 for i in range(bound + 1)]
        size = bound + 1
        a = [[Fraction(x) ** k for k in range(size)] + [Fraction(int(i == r)) for i in range(size)]
             for r, x in enumerate(xs)]
        for k in range(size):  # Gauss-Jordan on [V | I]
            pivot = next(r for r in range(k, size) if a[r][k] != 0)
            a[k], a[pivot] = a[pivot], a[k]
            lead = a[k][k]
            a[k] = [v / lead for v in a[k]]
            for r in range(size):
                if r != k and a[r][k] != 0:
                    f = a[r][k]
                    a[r] = [u - f * v for u, v in zip(a[r], a[k])]
        inverse = [row[size:] for row in a]
        d = _int_lcm(*(v.denominator for row in inverse for v in row))
        found = _INTERPOLATION[bound] = ([[int(v * d) for v in row] for row in inverse], d)
    return found


def determinant(matrix: Sequence[Sequence[Polynomial]]) -> Polynomial:
    """The determinant of a square matrix of polynomials.

    By evaluation and interpolation: the entries, scaled to integer coefficients, are evaluated at
    ``D + 1`` integers (``D`` bounds the degree: the sum of each row's largest degree), the integer
    determinants computed exactly, and the polynomial interpolated.

    >>> x = Polynomial.variable()
    >>> determinant([[x, Polynomial((1,))], [Polynomial((2,)), x]])
    Polynomial(x^2 - 2)
    """
    n = len(matrix)
    if n == 0:
        return _ONE
    degrees = [max(e.degree for e in row) for row in matrix]
    if min(degrees) < 0:
        return _ZERO
    bound = sum(degrees)
    scale = _int_lcm(*(c.denominator for row in matrix for e in row for c in e.coefficients))
    ints = [[tuple(c.numerator * (scale // c.denominator) for c in e.coefficients) for e in row] for row in matrix]
    values = []
    for i in range(bound + 1):
        x = i - bound // 2
        evaluated = []
        for row in ints:
            out = []
            for coeffs in row:
                v = 0
                for c in reversed(coeffs):
                    v = v * x + c
                out.append(v)
            evaluated.append(out)
        values.append(_int_det(evaluated))
    weights, d = _interpolation(bound)
    d *= scale ** n
    return Polynomial(tuple(Fraction(sum(w * v for w, v in zip(row, values)), d) for row in weights))


def cleared(matrix: Sequence[Sequence[RationalFunction]]) -> list[list[Polynomial]]:
    """The matrix times a common multiple of its denominators: polynomials with the same sign
    pattern wherever that multiple is positive, and the same minors up to its powers."""
    common = _ONE
    for row in matrix:
        for v in row:
            if v.denominator.degree > 0:
                common = (common * v.denominator).exact_div(Polynomial.gcd(common, v.denominator))
    return [[v.numerator * common.exact_div(v.denominator) for v in row] for row in matrix]


def _difference(a: RationalFunction, b: RationalFunction) -> Polynomial:
    return (a - b).numerator


def pure_family(payoffs: Sequence[Sequence[RationalFunction]], shape: tuple[int, ...]) -> set[Polynomial]:
    """Every payoff comparison of two actions of one player against a profile of the others.

    ``payoffs[cell][player]`` with cells in row-major order of ``shape``.
    """
    out: set[Polynomial] = set()
    strides = [1] * len(shape)
    for k in range(len(shape) - 2, -1, -1):
        strides[k] = strides[k + 1] * shape[k + 1]
    for cell in range(len(payoffs)):
        for i, n in enumerate(shape):
            a = (cell // strides[i]) % n
            for b in range(a + 1, n):
                other = cell + (b - a) * strides[i]
                d = _difference(payoffs[cell][i], payoffs[other][i])
                if d.degree > 0:
                    out.add(d.monic())
    return out


def _count(m: int, n: int) -> int:
    return sum(comb(m, k) * comb(n, k) for k in range(2, min(m, n) + 1)) + \
        sum(comb(m, k) * comb(n, k + 1) for k in range(1, min(m, n - 1) + 1))


def _det(body: list[list[Polynomial]], cache: dict | None) -> Polynomial:
    if cache is None:
        return determinant(body)
    key = tuple(tuple(row) for row in body)
    found = cache.get(key)
    if found is None:
        found = cache[key] = determinant(body)
    return found


def _side(rows: list[list[Polynomial]], cache: dict | None = None) -> set[Polynomial]:
    """The minors of one player's polyhedron: ``rows[s][c]`` is the payoff of the *other* player
    when this player plays ``s`` and the other ``c`` (so columns index the constraints)."""
    m, n = len(rows), len(rows[0])
    out: set[Polynomial] = set()
    for k in range(1, min(m, n) + 1):
        for support in combinations(range(m), k):
            for tight in combinations(range(n), k):
                if k >= 2:  # D(I, J): the indifference system's determinant
                    body = [[rows[s][c] for s in support] + [_MINUS] for c in tight]
                    d = _det(body + [[_ONE] * k + [_ZERO]], cache)
                    if d.degree > 0:
                        out.add(d.monic())
            if k < n:
                for tight in combinations(range(n), k + 1):  # E(I, J): numerators of probabilities and gaps
                    e = _det([[rows[s][c] for s in support] + [_MINUS] for c in tight], cache)
                    if e.degree > 0:
                        out.add(e.monic())
    return out


def bimatrix_family(a: Sequence[Sequence[RationalFunction]], b: Sequence[Sequence[RationalFunction]], *,
                    cache: dict | None = None) -> set[Polynomial]:
    """The minors of both players' best-response polyhedra (``a``, ``b``: m x n payoff tables).

    ``cache`` (a dict) keeps determinants by their entries across calls.

    Raises
    ------
    Unsupported
        More than :data:`MAX_MINORS` minors per player.
    """
    m, n = len(a), len(a[0])
    if max(_count(m, n), _count(n, m)) > MAX_MINORS:
        raise Unsupported(f"a {m} x {n} table has more than {MAX_MINORS} minors to follow")
    pa, pb = cleared(a), cleared(b)
    out = _side(pb, cache)  # player 1 mixes over rows; the constraints are player 2's payoffs by column
    out |= _side([[pa[i][j] for i in range(m)] for j in range(n)], cache)  # player 2 over columns, against rows
    return out


def vertex_solutions(rows: Sequence[Sequence[RationalFunction]]) -> list[tuple[RationalFunction, ...]]:
    """Every vertex strategy of one player's polyhedron as rational functions (a superset on a piece).

    ``rows[s][c]``: the other player's payoff when this player plays ``s`` and the other ``c``.
    For each support ``I`` and tight set ``J`` of equal size whose indifference system is not
    identically singular, the solution (zero outside ``I``), whether or not it is feasible.
    """
    m, n = len(rows), len(rows[0])
    out: list[tuple[RationalFunction, ...]] = []
    zero, one = RationalFunction.of(0), RationalFunction.of(1)
    for k in range(1, min(m, n) + 1):
        for support in combinations(range(m), k):
            for tight in combinations(range(n), k):
                system = [[rows[s][c] for s in support] + [-one] for c in tight] + [[one] * k + [zero]]
                rhs = [zero] * k + [one]
                solution = _solve(system, rhs)
                if solution is None:
                    continue
                x = [zero] * m
                for s, value in zip(support, solution[:k]):
                    x[s] = value
                out.append(tuple(x))
    return out


def _solve(matrix: list[list[RationalFunction]], rhs: list[RationalFunction]) -> list[RationalFunction] | None:
    """Gaussian elimination over rational functions; None when the matrix is identically singular."""
    n = len(matrix)
    a = [row[:] + [r] for row, r in zip(matrix, rhs)]
    for k in range(n):
        pivot = next((r for r in range(k, n) if not a[r][k].is_zero), None)
        if pivot is None:
            return None
        a[k], a[pivot] = a[pivot], a[k]
        for i in range(n):
            if i != k and not a[i][k].is_zero:
                f = a[i][k] / a[k][k]
                a[i] = [u - f * v for u, v in zip(a[i], a[k])]
    return [a[i][n] / a[i][i] for i in range(n)]
