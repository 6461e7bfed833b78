"""The real solutions of a polynomial system over the rationals, exactly.

:func:`solve_system` computes a Groebner basis and tells three cases apart: no complex
solution, infinitely many (the basis is not zero-dimensional), or finitely many. In the
last case it returns a *rational univariate representation*: a squarefree integer
polynomial ``mu(t)`` whose roots are the values of a separating linear form ``t = sum c_k x_k``
at the distinct solutions, and polynomials ``h_k`` with ``x_k = h_k(t)`` at every solution.
Each real root of ``mu`` is isolated in an interval with rational ends (Sturm sequences), and
found exactly when it is rational; so every real solution is either a rational point or a
certified real algebraic point.

How: in the quotient ring ``Q[x]/I`` (dimension ``D``) multiplication by ``t`` is a linear
map. When its minimal polynomial has degree ``D`` and no repeated factor, the ``D`` solutions
are distinct and ``t`` separates them, and ``1, t, ..., t**(D-1)`` is a basis, in which each
``x_k`` has coordinates ``h_k``. Otherwise the ideal is replaced by its radical (adding the
squarefree part of each variable's minimal polynomial, Seidenberg's lemma) and linear forms
``c = (1, j, j**2, ...)`` are tried for ``j = 1, 2, ...``: finitely many ``j`` fail to separate.

Examples
--------
>>> from fractions import Fraction as F
>>> # x*y = 1 and x + y = 5/2: the points (2, 1/2) and (1/2, 2)
>>> sol = solve_system([{(1, 1): 1, (0, 0): -1}, {(1, 0): 1, (0, 1): 1, (0, 0): F(-5, 2)}], 2)
>>> sol.status, sorted(sol.finite.rational_points())
('finite', [(Fraction(1, 2), Fraction(2, 1)), (Fraction(2, 1), Fraction(1, 2))])
>>> solve_system([{(2,): 1, (0,): 1}], 1).finite.roots       # x**2 = -1: no real solution
()
>>> solve_system([{(1, 1): 1}], 2).status                     # x*y = 0: two lines
'infinite'
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Sequence

from berlinsim.solvers import _univariate as uv
from berlinsim.solvers._groebner import (
    Monomial,
    groebner,
    is_zero_dimensional,
    multiplication_matrices,
    normal_set,
)

#: Largest quotient-ring dimension (complex solutions with multiplicity) handled; beyond it
#: the exact linear algebra is too slow to be useful.
MAX_DIMENSION = 400


@dataclass(frozen=True, slots=True, kw_only=True)
class FiniteSolutions:
    """Finitely many solutions in a rational univariate representation.

    Attributes
    ----------
    eliminant : tuple of int
        ``mu``: squarefree, primitive, lowest degree first; one root per distinct complex solution.
    separating : tuple of int
        ``c``: ``t = sum c[k] * x[k]`` takes distinct values at distinct solutions.
    coordinates : tuple of univariate polynomials
        ``x[k] = coordinates[k](t)`` at every solution (Fraction coefficients, degree below ``deg mu``).
    roots : tuple of (Fraction, Fraction)
        Isolating intervals of the real roots of ``mu``, increasing.
    rational : tuple of Fraction or None
        Each real root exactly when it is rational.
    quotient_dimension : int
        Complex solutions counted with multiplicity (``D``); ``deg mu`` counts them without.
    """

    eliminant: tuple[int, ...]
    separating: tuple[int, ...]
    coordinates: tuple[uv.Poly, ...]
    roots: tuple[uv.Interval, ...]
    rational: tuple[Fraction | None, ...]
    quotient_dimension: int

    def rational_points(self) -> list[tuple[Fraction, ...]]:
        """The real solutions with rational coordinates (those at rational roots)."""
        return [tuple(Fraction(uv.evaluate(h, r)) for h in self.coordinates) for r in self.rational if r is not None]


@dataclass(frozen=True, slots=True, kw_only=True)
class SystemSolution:
    """What :func:`solve_system` found: ``status`` is ``"none"``, ``"finite"`` or ``"infinite"``."""

    status: str
    finite: FiniteSolutions | None = None


class _Krylov:
    """Incremental Gaussian elimination that expresses vectors in terms of the ones added before.

    Pivot ``k`` is a row with a 1 in column ``col_k`` (and 0 in the columns of earlier pivots)
    together with its coefficients over the vectors added so far. ``add(v)`` stores ``v`` and
    returns ``None`` when it is independent of them, else returns the coefficients ``a`` with
    ``v == sum a[i] * added[i]`` (and stores nothing).
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self.pivots: list[tuple[int, list[Fraction], list[Fraction]]] = []

    def _reduce(self, v: Sequence[Fraction]) -> tuple[list[Fraction], list[Fraction]]:
        w = list(v)
        comb = [Fraction(0)] * len(self.pivots)
        for col, row, row_comb in self.pivots:
            f = w[col]
            if f:
                for i, x in enumerate(row):
                    if x:
                        w[i] -= f * x
                for i, c in enumerate(row_comb):
                    if c:
                        comb[i] += f * c
        return w, comb

    def add(self, v: Sequence[Fraction]) -> list[Fraction] | None:
        w, comb = self._reduce(v)
        col = next((i for i, x in enumerate(w) if x), None)
        if col is None:
            return comb
        scale = w[col]
        self.pivots.append((col, [x / scale for x in w], [-c / scale for c in comb] + [1 / scale]))
        return None

    def express(self, v: Sequence[Fraction]) -> list[Fraction] | None:
        """The coefficients of ``v`` over the added vectors, or ``None`` when outside their span."""
        w, comb = self._reduce(v)
        return None if any(w) else comb


def _apply(columns: Sequence[dict[int, Fraction]], v: Sequence[Fraction]) -> list[Fraction]:
    out = [Fraction(0)] * len(v)
    for j, vj in enumerate(v):
        if vj:
            for i, c in columns[j].items():
                out[i] += vj * c
    return out


def _combine(matrices: Sequence[Sequence[dict[int, Fraction]]], c: Sequence[int]) -> list[dict[int, Fraction]]:
    out: list[dict[int, Fraction]] = [{} for _ in matrices[0]]
    for ck, m in zip(c, matrices):
        if ck:
            for j, col in enumerate(m):
                for i, v in col.items():
                    out[j][i] = out[j].get(i, Fraction(0)) + ck * v
    return out


def _minimal_polynomial(columns: Sequence[dict[int, Fraction]], size: int) -> tuple[uv.Poly, _Krylov]:
    """The minimal polynomial of the map (monic, lowest degree first) and its Krylov basis from ``1``."""
    krylov = _Krylov(size)
    v = [Fraction(0)] * size
    v[0] = Fraction(1)
    while True:
        dep = krylov.add(v)
        if dep is not None:
            return tuple([-a for a in dep] + [Fraction(1)]), krylov
        v = _apply(columns, v)


def solve_system(equations: Sequence[dict[Monomial, Fraction | int]], nvars: int) -> SystemSolution:
    """The solutions of ``equations == 0`` in ``nvars`` variables (see the module docstring).

    Raises ``OverflowError`` when the quotient ring's dimension exceeds :data:`MAX_DIMENSION`.
    """
    equations = [e for e in equations if e]
    if nvars == 0:
        if any(e.get((), 0) != 0 for e in equations):
            return SystemSolution(status="none")
        return SystemSolution(status="finite", finite=FiniteSolutions(
            eliminant=(0, 1), separating=(), coordinates=(), roots=((Fraction(-1), Fraction(1)),),
            rational=(Fraction(0),), quotient_dimension=1))
    basis = groebner(equations, nvars)
    one = (0,) * nvars
    if len(basis) == 1 and list(basis[0]) == [one]:
        return SystemSolution(status="none")
    if not is_zero_dimensional(basis, nvars):
        return SystemSolution(status="infinite")
    standard = normal_set(basis, nvars)
    size = len(standard)
    if size > MAX_DIMENSION:
        raise OverflowError(f"{size} complex solutions (limit {MAX_DIMENSION})")
    matrices = multiplication_matrices(basis, standard)
    dimension = size
    radical = False
    j = 1
    while True:
        c = tuple(j ** k for k in range(nvars))
        mu, krylov = _minimal_polynomial(_combine(matrices, c), size)
        if len(mu) - 1 == size and uv.is_squarefree(mu):
            break
        if not radical:
            radical = True
            extra = []
            for k in range(nvars):
                p, _ = _minimal_polynomial(matrices[k], size)
                sq = uv.squarefree(p)
                if len(sq) < len(p):
                    extra.append({one[:k] + (e,) + one[k + 1:]: a for e, a in enumerate(sq) if a})
            if extra:
                basis = groebner(list(basis) + extra, nvars)
                standard = normal_set(basis, nvars)
                size = len(standard)
                matrices = multiplication_matrices(basis, standard)
                continue
        j += 1
    coordinates = []
    for k in range(nvars):
        v = [Fraction(0)] * size
        for i, val in matrices[k][0].items():  # x_k * 1
            v[i] = val
        h = krylov.express(v)
        assert h is not None  # the Krylov vectors span the quotient ring
        coordinates.append(uv.trim(h))
    eliminant = uv.primitive(mu)
    roots = tuple(uv.isolate_real_roots(eliminant))
    rational = tuple(uv.rational_root(eliminant, iv) for iv in roots)
    return SystemSolution(status="finite", finite=FiniteSolutions(
        eliminant=eliminant, separating=c, coordinates=tuple(coordinates), roots=roots,
        rational=rational, quotient_dimension=dimension))
