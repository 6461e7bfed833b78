"""Groebner bases over the rationals (degree reverse lexicographic order), and the quotient ring.

A polynomial in ``m`` variables is a dict mapping exponent tuples to nonzero coefficients
(``{(1, 0): 2, (0, 0): -1}`` is ``2*x0 - 1``). :func:`groebner` runs Buchberger's algorithm
with the Gebauer-Moeller criteria and the normal selection strategy, in integer arithmetic
(each reduction is fraction-free, with the gcd of the coefficients divided out now and then),
and returns the reduced basis made monic (Fractions). For a zero-dimensional ideal (finitely
many complex solutions), :func:`normal_set` lists the standard monomials, a basis of the
quotient ring, and :func:`multiplication_matrices` gives each variable's multiplication map
on it: the data from which the solutions are read.

Inside, a monomial is one integer ``key = deg * 2**(B*m) - sum_k e_k * 2**(B*k)``: keys add
when monomials multiply, and compare as the monomials do in grevlex, so the leading term of
a polynomial stored as ``{key: coefficient}`` is ``max(poly)``. Divisibility is read from the
exponent fields with one subtraction (a guard bit above each field).

Examples
--------
>>> x2_minus_2 = {(2, 0): 1, (0, 0): -2}                 # x**2 - 2
>>> y_minus_x = {(0, 1): 1, (1, 0): -1}                  # y - x
>>> basis = groebner([x2_minus_2, y_minus_x], 2)
>>> [sorted(g.items()) for g in basis]
[[((0, 1), Fraction(-1, 1)), ((1, 0), Fraction(1, 1))], [((0, 0), Fraction(-2, 1)), ((0, 2), Fraction(1, 1))]]
>>> is_zero_dimensional(basis, 2), normal_set(basis, 2)      # x - y, y**2 - 2; basis 1, y
(True, [(0, 0), (0, 1)])
>>> groebner([{(1,): 1}, {(1,): 1, (0,): 1}], 1)          # x = 0 and x = -1: no solution
[{(0,): Fraction(1, 1)}]
"""

from __future__ import annotations

from fractions import Fraction
from math import gcd, lcm
from typing import Iterable, Sequence

Monomial = tuple[int, ...]
RationalPoly = dict[Monomial, Fraction]

#: Largest coefficient (in bits) a reduction may produce; past it ``OverflowError`` is raised:
#: the system is too large for exact elimination in reasonable time.
MAX_BITS = 12_000
#: Bits per exponent field (the top one is a guard bit): exponents up to 2**15 - 1.
_BITS = 16
_MASK = (1 << _BITS) - 1


class _Ring:
    """Packing of monomials in ``m`` variables into integers (see the module docstring)."""

    def __init__(self, m: int) -> None:
        self.m = m
        self.width = _BITS * m
        self.guard = sum(1 << (_BITS * k + _BITS - 1) for k in range(m))

    def key(self, e: Monomial) -> int:
        return (sum(e) << self.width) - sum(x << (_BITS * k) for k, x in enumerate(e))

    def fields(self, key: int) -> int:
        """The packed exponents ``sum_k e_k * 2**(B*k)`` of a key."""
        return 0 if key == 0 else (((key >> self.width) + 1) << self.width) - key

    def exponents(self, key: int) -> Monomial:
        f = self.fields(key)
        return tuple((f >> (_BITS * k)) & _MASK for k in range(self.m))

    def divides(self, fa: int, fb: int) -> bool:
        """Does the monomial with fields ``fa`` divide the one with fields ``fb``?"""
        return ((fb + self.guard) - fa) & self.guard == self.guard

    def lcm(self, a: int, b: int) -> int:
        ea, eb = self.exponents(a), self.exponents(b)
        return self.key(tuple(max(x, y) for x, y in zip(ea, eb)))

    def coprime(self, a: int, b: int) -> bool:
        return all(x == 0 or y == 0 for x, y in zip(self.exponents(a), self.exponents(b)))


class _Element:
    """A basis polynomial ``{key: int}`` with its leading key, fields and coefficient."""

    __slots__ = ("poly", "lm", "fields", "lc")

    def __init__(self, poly: dict[int, int], ring: _Ring) -> None:
        self.poly = poly
        self.lm = max(poly)
        self.fields = ring.fields(self.lm)
        self.lc = poly[self.lm]


def _primitive(f: dict[int, int]) -> dict[int, int]:
    """``f`` divided by the gcd of its coefficients, leading coefficient positive."""
    g = gcd(*f.values())
    if f[max(f)] < 0:
        g = -g
    return {k: v // g for k, v in f.items()} if g != 1 else f


def _reduce(f: dict[int, int], basis: Sequence[_Element], ring: _Ring) -> dict[int, int]:
    """A positive multiple of the full normal form of ``f`` modulo ``basis`` (fraction-free)."""
    f = dict(f)
    done: dict[int, int] = {}
    steps = 0
    while f:
        m = max(f)
        c = f[m]
        fm = ring.fields(m)
        reducer = next((g for g in basis if ring.divides(g.fields, fm)), None)
        if reducer is None:
            done[m] = f.pop(m)
            continue
        shift = m - reducer.lm
        d = gcd(c, reducer.lc)
        a, b = reducer.lc // d, c // d  # f <- a * f - b * shift * g, with a > 0
        if a != 1:
            for k in f:
                f[k] *= a
            for k in done:
                done[k] *= a
        for mono, coef in reducer.poly.items():
            key = mono + shift
            value = f.get(key, 0) - b * coef
            if value:
                f[key] = value
            else:
                f.pop(key, None)
        steps += 1
        if steps % 8 == 0 and (f or done):
            g = gcd(*f.values(), *done.values())
            if g > 1:
                f = {k: v // g for k, v in f.items()}
                done = {k: v // g for k, v in done.items()}
            if f and abs(f[max(f)]).bit_length() > MAX_BITS:
                raise OverflowError(f"coefficients beyond {MAX_BITS} bits")
    return _primitive(done) if done else done


def _s_polynomial(f: _Element, g: _Element, ring: _Ring) -> dict[int, int]:
    lcm_key = ring.lcm(f.lm, g.lm)
    d = gcd(f.lc, g.lc)
    a, b = g.lc // d, f.lc // d
    fs, gs = lcm_key - f.lm, lcm_key - g.lm
    out: dict[int, int] = {}
    for mono, coef in f.poly.items():
        if mono != f.lm:
            out[mono + fs] = out.get(mono + fs, 0) + a * coef
    for mono, coef in g.poly.items():
        if mono != g.lm:
            key = mono + gs
            value = out.get(key, 0) - b * coef
            if value:
                out[key] = value
            else:
                out.pop(key, None)
    return {k: v for k, v in out.items() if v}


def _integer_poly(f: dict[Monomial, Fraction | int], ring: _Ring) -> dict[int, int]:
    den = lcm(*(Fraction(c).denominator for c in f.values()))
    out = {ring.key(m): int(Fraction(c) * den) for m, c in f.items() if c}
    return _primitive(out) if out else out


def groebner(polys: Iterable[dict[Monomial, Fraction | int]], nvars: int) -> list[RationalPoly]:
    """The reduced Groebner basis (grevlex, monic) of the ideal the polynomials generate.

    ``[{(0,)*nvars: 1}]`` when the ideal is the whole ring (no common solution);
    ``[]`` for the zero ideal. Sorted by leading monomial, smallest first.
    """
    ring = _Ring(nvars)
    elements: list[_Element] = []
    active: list[int] = []
    pairs: list[tuple[int, int, int]] = []  # (lcm key, i, j)
    unit = [{(0,) * nvars: Fraction(1)}]

    def add(h: dict[int, int]) -> bool:
        """Add a reduced nonzero ``h`` with the Gebauer-Moeller update; False if ``h`` is constant."""
        nonlocal active, pairs
        new = _Element(h, ring)
        if new.lm == 0:
            return False
        k = len(elements)
        elements.append(new)
        lcms = {i: ring.lcm(new.lm, elements[i].lm) for i in active}
        candidates = list(active)
        kept: list[int] = []
        while candidates:
            i = candidates.pop(0)
            fi = ring.fields(lcms[i])
            if ring.coprime(new.lm, elements[i].lm) or not any(
                ring.divides(ring.fields(lcms[j]), fi) for j in candidates + kept
            ):
                kept.append(i)
        fresh = [(lcms[i], i, k) for i in kept if not ring.coprime(new.lm, elements[i].lm)]
        survivors = []
        for l_ij, i, j in pairs:
            if (not ring.divides(new.fields, ring.fields(l_ij)) or ring.lcm(elements[i].lm, new.lm) == l_ij
                    or ring.lcm(elements[j].lm, new.lm) == l_ij):
                survivors.append((l_ij, i, j))
        pairs = survivors + fresh
        active = [i for i in active if not ring.divides(new.fields, elements[i].fields)] + [k]
        return True

    for f in polys:
        g = _integer_poly(f, ring)
        h = _reduce(g, [elements[i] for i in active], ring) if g else {}
        if h and not add(h):
            return unit
    while pairs:
        best = min(range(len(pairs)), key=lambda p: pairs[p][0])
        _, i, j = pairs.pop(best)
        h = _reduce(_s_polynomial(elements[i], elements[j], ring), [elements[a] for a in active], ring)
        if h and not add(h):
            return unit
    basis = [elements[i] for i in active]
    out = []
    for g in basis:
        poly = _exact_tail(g, basis, ring)
        out.append({ring.exponents(k): v for k, v in poly.items()})
    out.sort(key=lambda p: ring.key(leading_monomial(p)))
    return out


def _exact_tail(g: _Element, basis: Sequence[_Element], ring: _Ring) -> dict[int, Fraction]:
    """``g`` made monic with its tail reduced modulo the other elements, in Fractions."""
    others = [e for e in basis if e is not g]
    rem = {k: Fraction(v, g.lc) for k, v in g.poly.items() if k != g.lm}
    out: dict[int, Fraction] = {g.lm: Fraction(1)}
    while rem:
        m = max(rem)
        c = rem.pop(m)
        fm = ring.fields(m)
        reducer = next((e for e in others if ring.divides(e.fields, fm)), None)
        if reducer is None:
            out[m] = c
            continue
        shift = m - reducer.lm
        factor = c / reducer.lc
        for mono, coef in reducer.poly.items():
            if mono != reducer.lm:
                key = mono + shift
                value = rem.get(key, 0) - factor * coef
                if value:
                    rem[key] = value
                else:
                    rem.pop(key, None)
    return out


def leading_monomial(f: dict[Monomial, object]) -> Monomial:
    """The largest monomial of ``f`` in grevlex."""
    return max(f, key=lambda e: (sum(e), tuple(-x for x in reversed(e))))


def normal_form(f: dict[Monomial, Fraction | int], basis: Sequence[RationalPoly]) -> RationalPoly:
    """The normal form of ``f`` modulo a monic Groebner ``basis`` (exact, Fractions)."""
    nvars = len(next(iter(f))) if f else 0
    ring = _Ring(nvars)
    leads = _packed_leads(basis, ring)
    out = _normal_form({ring.key(m): Fraction(c) for m, c in f.items() if c}, leads, ring)
    return {ring.exponents(k): v for k, v in out.items()}


def _packed_leads(basis: Sequence[RationalPoly], ring: _Ring) -> list[tuple[int, int, dict[int, Fraction]]]:
    out = []
    for g in basis:
        packed = {ring.key(m): c for m, c in g.items()}
        lm = max(packed)
        out.append((lm, ring.fields(lm), packed))
    return out


def _normal_form(rem: dict[int, Fraction], leads: Sequence[tuple[int, int, dict[int, Fraction]]],
                 ring: _Ring) -> dict[int, Fraction]:
    out: dict[int, Fraction] = {}
    while rem:
        m = max(rem)
        c = rem.pop(m)
        fm = ring.fields(m)
        hit = next(((lm, g) for lm, fl, g in leads if ring.divides(fl, fm)), None)
        if hit is None:
            out[m] = c
            continue
        lm, g = hit
        shift = m - lm
        for mono, coef in g.items():
            if mono != lm:
                key = mono + shift
                value = rem.get(key, 0) - c * coef
                if value:
                    rem[key] = value
                else:
                    rem.pop(key, None)
    return out


def is_zero_dimensional(basis: Sequence[RationalPoly], nvars: int) -> bool:
    """True when the ideal has finitely many complex solutions (a pure power of each variable leads)."""
    leads = [leading_monomial(g) for g in basis]
    return all(any(lm[k] > 0 and sum(lm) == lm[k] for lm in leads) for k in range(nvars))


def normal_set(basis: Sequence[RationalPoly], nvars: int) -> list[Monomial]:
    """The standard monomials (not divisible by any leading monomial), ``1`` first, in grevlex order.

    The basis must be zero-dimensional (:func:`is_zero_dimensional`) and not the unit ideal.
    """
    leads = [leading_monomial(g) for g in basis]
    one = (0,) * nvars
    seen = {one}
    frontier = [one]
    while frontier:
        nxt = []
        for m in frontier:
            for k in range(nvars):
                t = m[:k] + (m[k] + 1,) + m[k + 1:]
                if t not in seen and not any(all(x <= y for x, y in zip(lm, t)) for lm in leads):
                    seen.add(t)
                    nxt.append(t)
        frontier = nxt
    ring = _Ring(nvars)
    return sorted(seen, key=ring.key)


def multiplication_matrices(
    basis: Sequence[RationalPoly], standard: Sequence[Monomial]
) -> list[list[dict[int, Fraction]]]:
    """For each variable ``k``, the columns of multiplication by ``x_k`` on the quotient ring.

    ``matrices[k][j]`` is the normal form of ``x_k * standard[j]`` as a sparse vector
    ``{index in standard: coefficient}``.
    """
    nvars = len(standard[0])
    ring = _Ring(nvars)
    leads = _packed_leads(basis, ring)
    index = {ring.key(m): i for i, m in enumerate(standard)}
    out = []
    for k in range(nvars):
        step = ring.key(tuple(int(j == k) for j in range(nvars)))
        columns = []
        for m in standard:
            t = ring.key(m) + step
            if t in index:
                columns.append({index[t]: Fraction(1)})
            else:
                nf = _normal_form({t: Fraction(1)}, leads, ring)
                columns.append({index[mono]: c for mono, c in nf.items()})
        out.append(columns)
    return out
