"""Real roots of rational polynomials, exactly: rational roots as Fractions, irrational ones isolated.

:func:`real_roots` lists the distinct real roots of a :class:`~berlinsim.model.polynomial.Polynomial`
in a closed interval. Each is a :class:`RealRoot`: its exact value when it is rational, otherwise an
open interval ``(low, high)`` with rational ends (at most :data:`WIDTH` wide) holding this root and
no other root of its square-free polynomial. Algorithm: square-free part, then Sturm's theorem
(the number of distinct roots in ``(a, b]`` is the drop in sign changes of the Sturm sequence)
with bisection until each interval holds one root; a root is rational exactly when it is the
simplest fraction of an interval narrower than ``1 / L^2``, ``L`` the leading coefficient of the
primitive integer polynomial (rational roots have denominators dividing ``L``, and two fractions
with such denominators are at least ``1 / L^2`` apart). Degrees 1 and 2 are solved in closed form.

Roots of different polynomials compare exactly (:func:`compare_roots`): intervals are refined
until they separate, and two irrational roots are equal when the gcd of their polynomials has a
root where their intervals overlap. :func:`distinct_roots` sorts a list and merges equal roots.

Examples
--------
>>> from berlinsim.model.polynomial import Polynomial
>>> x = Polynomial.variable()
>>> roots = real_roots((x * x - 2) * (4 * x - 1), Fraction(-2), Fraction(2))
>>> [(r.exact, round(float(r), 9)) for r in roots]
[(None, -1.414213562), (Fraction(1, 4), 0.25), (None, 1.414213562)]
>>> roots[2].polynomial, float(roots[2].high - roots[2].low) <= 1e-12
(Polynomial(x^2 - 2), True)
>>> compare_roots(roots[2], real_roots(x ** 4 - 4, Fraction(0), Fraction(2))[0])
0
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import cmp_to_key
from math import isqrt
from typing import Sequence

from berlinsim.model.polynomial import Polynomial

__all__ = ["WIDTH", "RealRoot", "compare_roots", "distinct_roots", "real_roots", "separated", "simplest_between",
           "simplest_inside", "without_rational_roots"]

#: Width to which irrational roots are isolated.
WIDTH = Fraction(1, 10**12)


@dataclass(frozen=True, slots=True, kw_only=True)
class RealRoot:
    """A real root of ``polynomial`` (square-free, monic).

    ``exact`` is the root when it is rational (then ``low == high == exact``); otherwise the root
    lies strictly between ``low`` and ``high``, where the polynomial has opposite signs and no
    other root.
    """

    polynomial: Polynomial
    low: Fraction
    high: Fraction
    exact: Fraction | None = None

    def __float__(self) -> float:
        return float(self.exact) if self.exact is not None else float((self.low + self.high) / 2)

    @property
    def is_rational(self) -> bool:
        return self.exact is not None

    @classmethod
    def rational(cls, value: Fraction) -> RealRoot:
        """The rational number ``value`` as a root of ``x - value``."""
        value = Fraction(value)
        return cls(polynomial=Polynomial((-value, 1)), low=value, high=value, exact=value)


def simplest_between(a: Fraction, b: Fraction) -> Fraction:
    """The fraction with the smallest denominator in the closed interval [a, b] (Stern-Brocot descent).

    >>> simplest_between(Fraction(1, 3), Fraction(1, 2)), simplest_between(Fraction(-7, 4), Fraction(-3, 2))
    (Fraction(1, 2), Fraction(-3, 2))
    """
    a, b = Fraction(a), Fraction(b)
    if a > b:
        a, b = b, a
    if a <= 0 <= b:
        return Fraction(0)
    if b < 0:
        return -simplest_between(-b, -a)
    # continued fractions in integers: while a and b share their integer part, go to the
    # reciprocals of the fractional parts; then fold the partial quotients back
    an, ad, bn, bd = a.numerator, a.denominator, b.numerator, b.denominator
    quotients = []
    while True:
        floor = an // ad
        if floor * ad == an:
            p, q = floor, 1
            break
        if (floor + 1) * bd <= bn:
            p, q = floor + 1, 1
            break
        quotients.append(floor)
        an, ad, bn, bd = bd, bn - floor * bd, ad, an - floor * ad
    for floor in reversed(quotients):
        p, q = floor * p + q, p
    return Fraction(p, q)


def simplest_inside(a: Fraction, b: Fraction) -> Fraction:
    """A simple fraction strictly between ``a < b``: the simplest one when it is not an end.

    >>> simplest_inside(Fraction(0), Fraction(1)), simplest_inside(Fraction(1, 2), Fraction(1))
    (Fraction(1, 2), Fraction(2, 3))
    """
    if not a < b:
        raise ValueError(f"empty interval ({a}, {b})")
    c = simplest_between(a, b)
    if a < c < b:
        return c
    quarter = (b - a) / 4
    return simplest_between(a + quarter, b - quarter)


# ----------------------------------------------------------------------------- isolation
def _sturm(p: Polynomial) -> list[Polynomial]:
    seq = [p, p.derivative()]
    while seq[-1].degree > 0:
        r = seq[-2] % seq[-1]
        if r.is_zero:
            break
        # a positive multiple keeps the signs: scale to small integer coefficients
        seq.append(Polynomial(tuple(-c for c in _primitive_positive(r).coefficients)))
    return seq


def _primitive_positive(p: Polynomial) -> Polynomial:
    ints = p.integer_coefficients()
    return Polynomial(ints if p.leading > 0 else tuple(-c for c in ints))


def _variations(seq: list[Polynomial], x: Fraction) -> int:
    signs = [s for s in (q.sign_at(x) for q in seq) if s]
    return sum(1 for u, v in zip(signs, signs[1:]) if u != v)


def _lead_bound(p: Polynomial) -> int:
    return p.integer_coefficients()[-1]


def _isolated(p: Polynomial, a: Fraction, b: Fraction, width: Fraction) -> RealRoot:
    """The one root of square-free ``p`` strictly inside (a, b), where p(a) p(b) < 0."""
    lead = _lead_bound(p)
    sa = p.sign_at(a)
    checked = False
    while True:
        if not checked and (b - a) * lead * lead < 1:
            # no two fractions with denominators dividing lead fit in: a rational root is the simplest one
            checked = True
            c = simplest_between(a, b)
            if p.sign_at(c) == 0:
                return RealRoot(polynomial=p, low=c, high=c, exact=c)
        if checked and b - a <= width:
            return RealRoot(polynomial=p, low=a, high=b)
        m = (a + b) / 2
        sm = p.sign_at(m)
        if sm == 0:
            return RealRoot(polynomial=p, low=m, high=m, exact=m)
        if sm == sa:
            a = m
        else:
            b = m


def _closed_form(p: Polynomial, low: Fraction, high: Fraction, width: Fraction) -> list[RealRoot] | None:
    """Roots of degree 1 and 2 (rational when the discriminant is a square); None for higher degrees."""
    if p.degree == 1:
        r = -p.coefficients[0] / p.coefficients[1]
        return [RealRoot.rational(r)] if low <= r <= high else []
    if p.degree != 2:
        return None
    c, b, a = p.coefficients
    disc = b * b - 4 * a * c
    if disc < 0:
        return []
    num, den = isqrt(disc.numerator), isqrt(disc.denominator)
    if num * num == disc.numerator and den * den == disc.denominator:
        root = Fraction(num, den)
        values = sorted({(-b - root) / (2 * a), (-b + root) / (2 * a)})
        return [RealRoot.rational(r) for r in values if low <= r <= high]
    return None  # irrational: isolate below


def real_roots(polynomial: Polynomial, low: Fraction, high: Fraction, *, width: Fraction = WIDTH) -> tuple[RealRoot, ...]:
    """The distinct real roots of ``polynomial`` in the closed interval [low, high], increasing.

    Parameters
    ----------
    polynomial : Polynomial
        Not the zero polynomial (every number is a root of it).
    low, high : Fraction
    width : Fraction
        Irrational roots are isolated in intervals at most this wide.

    Raises
    ------
    ValueError
        ``polynomial`` is zero.
    """
    if polynomial.is_zero:
        raise ValueError("every number is a root of the zero polynomial")
    low, high = Fraction(low), Fraction(high)
    if polynomial.degree < 1 or low > high:
        return ()
    p = polynomial.squarefree()
    quick = _closed_form(p, low, high, width)
    if quick is not None:
        return tuple(quick)
    roots: list[RealRoot] = []
    if p.sign_at(low) == 0:
        roots.append(RealRoot.rational(low))
    seq = _sturm(p)
    v_low, v_high = _variations(seq, low), _variations(seq, high)
    stack = [(low, high, v_low, v_high)]
    while stack:
        a, b, va, vb = stack.pop()
        n = va - vb  # roots in (a, b]
        if n <= 0:
            continue
        if p.sign_at(b) == 0:
            roots.append(RealRoot.rational(b))
            n -= 1
            if n == 0:
                continue
            # the others lie in (a, b): move b off the root
            b_in = b - (b - a) / 2**20
            while p.sign_at(b_in) == 0 or _variations(seq, b_in) != vb + 1:
                b_in = (b_in + b) / 2
            b, vb = b_in, _variations(seq, b_in)
            n = va - vb
            if n <= 0:
                continue
        if n == 1 and p.sign_at(a) != 0:
            roots.append(_isolated(p, a, b, width))
            continue
        m = (a + b) / 2
        vm = _variations(seq, m)
        stack.append((m, b, vm, vb))
        stack.append((a, m, va, vm))
    roots.sort(key=lambda r: r.low)
    rational = [r.exact for r in roots if r.exact is not None]
    if len(rational) < len(roots) and rational:  # irrational roots keep the polynomial without the rational ones
        rest = p
        for r in rational:
            rest = rest.exact_div(Polynomial((-r, 1)))
        roots = [r if r.exact is not None else RealRoot(polynomial=rest, low=r.low, high=r.high) for r in roots]
    return tuple(roots)


def without_rational_roots(polynomial: Polynomial) -> Polynomial:
    """The square-free part of ``polynomial`` with every rational root divided out (monic).

    >>> from berlinsim.model.polynomial import Polynomial
    >>> x = Polynomial.variable()
    >>> without_rational_roots((x * x - 2) * (x - 5) ** 2)
    Polynomial(x^2 - 2)
    """
    p = polynomial.squarefree()
    if p.degree < 1:
        return p
    bound = 1 + max(abs(c / p.leading) for c in p.coefficients)  # Cauchy's bound on every root
    for r in real_roots(p, -bound, bound, width=bound):
        if r.exact is not None:
            p = p.exact_div(Polynomial((-r.exact, 1)))
    return p


# ----------------------------------------------------------------------------- comparison
def _split(r: RealRoot, at: Fraction) -> RealRoot:
    """``r`` (irrational) with its interval cut at the rational ``at`` inside it."""
    s = r.polynomial.sign_at(at)
    if s == r.polynomial.sign_at(r.low):
        return RealRoot(polynomial=r.polynomial, low=at, high=r.high)
    return RealRoot(polynomial=r.polynomial, low=r.low, high=at)


def _interval_roots(p: Polynomial, a: Fraction, b: Fraction) -> int:
    """Distinct roots of ``p`` in the open interval (a, b), a and b not roots."""
    p = p.squarefree()
    if p.degree < 1:
        return 0
    seq = _sturm(p)
    return _variations(seq, a) - _variations(seq, b)


def compare_roots(r1: RealRoot, r2: RealRoot) -> int:
    """-1, 0 or 1 as ``r1`` is less than, equal to or greater than ``r2`` (exactly)."""
    while True:
        if r1.exact is not None and r2.exact is not None:
            return (r1.exact > r2.exact) - (r1.exact < r2.exact)
        if r1.high < r2.low or (r1.high == r2.low and (r1.exact is None or r2.exact is None)):
            return -1
        if r2.high < r1.low or (r2.high == r1.low and (r1.exact is None or r2.exact is None)):
            return 1
        if r1.exact is not None:  # a rational point inside the other's interval: cut there
            r2 = _split(r2, r1.exact)
            continue
        if r2.exact is not None:
            r1 = _split(r1, r2.exact)
            continue
        lo, hi = max(r1.low, r2.low), min(r1.high, r2.high)
        g = Polynomial.gcd(r1.polynomial, r2.polynomial)
        if g.degree >= 1 and _interval_roots(g, lo, hi) > 0:
            return 0
        r1, r2 = _split(r1, (r1.low + r1.high) / 2), _split(r2, (r2.low + r2.high) / 2)


def _merge(r1: RealRoot, r2: RealRoot) -> RealRoot:
    """Two equal roots as one (the rational one, or the gcd of the polynomials on the overlap)."""
    if r1.exact is not None:
        return r1
    if r2.exact is not None:
        return r2
    g = Polynomial.gcd(r1.polynomial, r2.polynomial)
    return RealRoot(polynomial=g, low=max(r1.low, r2.low), high=min(r1.high, r2.high))


def distinct_roots(roots: list[RealRoot] | tuple[RealRoot, ...]) -> tuple[RealRoot, ...]:
    """``roots`` sorted increasingly, equal roots merged into one."""
    ordered = sorted(roots, key=cmp_to_key(compare_roots))
    out: list[RealRoot] = []
    for r in ordered:
        if out and compare_roots(out[-1], r) == 0:
            out[-1] = _merge(out[-1], r)
        else:
            out.append(r)
    return tuple(out)


def separated(low: Fraction, high: Fraction, roots: Sequence[RealRoot]) -> tuple[RealRoot, ...]:
    """The distinct roots strictly inside (low, high), increasing, their intervals refined until
    they are disjoint and inside [low, high] (so that a rational point lies between neighbours).

    >>> from berlinsim.model.polynomial import Polynomial
    >>> x = Polynomial.variable()
    >>> [r.exact for r in separated(Fraction(0), Fraction(1), [RealRoot.rational(Fraction(1, 2)), RealRoot.rational(1)])]
    [Fraction(1, 2)]
    """
    inside = [r for r in roots if compare_roots(r, RealRoot.rational(low)) > 0
              and compare_roots(r, RealRoot.rational(high)) < 0]
    chain = [RealRoot.rational(low), *distinct_roots(inside), RealRoot.rational(high)]
    k = 0
    while k + 1 < len(chain):
        a, b = chain[k], chain[k + 1]
        if a.high < b.low or (a.exact is not None and b.exact is not None):
            k += 1
            continue
        if a.exact is None:
            chain[k] = _halve(a)
        if b.exact is None:
            chain[k + 1] = _halve(b)
        k = max(k - 1, 0)
    return tuple(chain[1:-1])


def _halve(r: RealRoot) -> RealRoot:
    m = (r.low + r.high) / 2
    if r.polynomial.sign_at(m) == r.polynomial.sign_at(r.low):
        return RealRoot(polynomial=r.polynomial, low=m, high=r.high)
    return RealRoot(polynomial=r.polynomial, low=r.low, high=m)
