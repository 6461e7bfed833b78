"""Exact univariate polynomials over the rationals: arithmetic, gcd, and certified real roots.

A polynomial is a tuple of coefficients, lowest degree first (``(c0, c1, ..., cd)``, no
trailing zeros; ``()`` is zero). Coefficients are Python ints or Fractions. Real roots of a
squarefree polynomial are isolated with Sturm sequences in exact arithmetic: each root comes
as an open interval ``(lo, hi)`` with rational ends that holds exactly one root, and the
polynomial has opposite nonzero signs at the two ends. Signs of other polynomials at such a
root are decided exactly (:func:`sign_at_root`): zero through a gcd, otherwise by
refining the interval until an interval evaluation excludes zero.

Examples
--------
>>> p = (-2, 0, 1)                     # t**2 - 2
>>> [tuple(map(str, iv)) for iv in isolate_real_roots(p)]
[('-4', '0'), ('0', '4')]
>>> sign_at_root((-1, 1), p, (Fraction(0), Fraction(4)))[0]     # sqrt(2) - 1 > 0
1
>>> rational_root(p, (Fraction(0), Fraction(4))) is None, rational_root((-1, 3), (Fraction(0), Fraction(1)))
(True, Fraction(1, 3))
"""

from __future__ import annotations

from fractions import Fraction
from math import gcd, isqrt, lcm
from typing import Sequence

Number = int | Fraction
Poly = tuple[Number, ...]
Interval = tuple[Fraction, Fraction]


def trim(p: Sequence[Number]) -> Poly:
    """``p`` without trailing zero coefficients."""
    end = len(p)
    while end and p[end - 1] == 0:
        end -= 1
    return tuple(p[:end])


def degree(p: Poly) -> int:
    """Degree of ``p`` (``-1`` for the zero polynomial)."""
    return len(p) - 1


def add(p: Poly, q: Poly) -> Poly:
    if len(p) < len(q):
        p, q = q, p
    return trim([a + (q[i] if i < len(q) else 0) for i, a in enumerate(p)])


def scale(p: Poly, c: Number) -> Poly:
    return trim([c * a for a in p])


def sub(p: Poly, q: Poly) -> Poly:
    return add(p, scale(q, -1))


def mul(p: Poly, q: Poly) -> Poly:
    if not p or not q:
        return ()
    out: list[Number] = [0] * (len(p) + len(q) - 1)
    for i, a in enumerate(p):
        if a:
            for j, b in enumerate(q):
                out[i + j] += a * b
    return trim(out)


def divmod_poly(p: Poly, q: Poly) -> tuple[Poly, Poly]:
    """Quotient and remainder of ``p`` by a nonzero ``q`` (Fraction coefficients)."""
    if not q:
        raise ZeroDivisionError("polynomial division by zero")
    rem = [Fraction(a) for a in p]
    dq, lead = len(q) - 1, Fraction(q[-1])
    quot: list[Fraction] = [Fraction(0)] * max(0, len(p) - dq)
    for k in range(len(p) - 1, dq - 1, -1):
        c = rem[k] / lead
        if c:
            quot[k - dq] = c
            for j in range(dq + 1):
                rem[k - dq + j] -= c * q[j]
    return trim(quot), trim(rem[:dq])


def mod(p: Poly, q: Poly) -> Poly:
    return divmod_poly(p, q)[1]


def monic(p: Poly) -> Poly:
    lead = Fraction(p[-1])
    return tuple(Fraction(a) / lead for a in p)


def poly_gcd(p: Poly, q: Poly) -> Poly:
    """Monic greatest common divisor (``()`` when both are zero)."""
    while q:
        p, q = q, mod(p, q)
    return monic(p) if p else ()


def derivative(p: Poly) -> Poly:
    return trim([k * p[k] for k in range(1, len(p))])


def squarefree(p: Poly) -> Poly:
    """The squarefree part of a nonzero ``p``: the product of its distinct irreducible factors, monic."""
    g = integer_gcd(primitive(p), primitive(derivative(p))) if len(p) > 2 else ()
    return monic(divmod_poly(p, g)[0]) if len(g) > 1 else monic(p)


def is_squarefree(p: Poly) -> bool:
    """True when ``p`` has no repeated factor."""
    return len(p) <= 2 or len(integer_gcd(primitive(p), primitive(derivative(p)))) <= 1


def primitive(p: Poly) -> tuple[int, ...]:
    """Integer coefficients, coprime, with positive leading coefficient: a positive multiple of ``p``."""
    fr = [Fraction(a) for a in p]
    den = lcm(*(a.denominator for a in fr))
    ints = [int(a * den) for a in fr]
    g = gcd(*ints)
    sign = 1 if ints[-1] > 0 else -1
    return tuple(sign * v // g for v in ints)


def _content_free(p: Sequence[int]) -> tuple[int, ...]:
    """An integer polynomial divided by the (positive) gcd of its coefficients."""
    g = gcd(*p)
    return tuple(v // g for v in p) if g > 1 else tuple(p)


def evaluate(p: Poly, x: Number) -> Number:
    out: Number = 0
    for a in reversed(p):
        out = out * x + a
    return out


def evaluate_interval(p: Poly, lo: Fraction, hi: Fraction) -> Interval:
    """An interval holding ``p(x)`` for every ``x`` in ``[lo, hi]`` (Horner in interval arithmetic).

    Computed in integers: with ``lo = a / d``, ``hi = b / d`` and ``p = c / e`` (integer ``c``),
    the ``j``-th Horner value times ``d**j`` is an integer interval.
    """
    if not p:
        return Fraction(0), Fraction(0)
    ints, e = _integer_form(p)
    d = lcm(lo.denominator, hi.denominator)
    a, b = lo.numerator * (d // lo.denominator), hi.numerator * (d // hi.denominator)
    low = high = ints[-1]
    power = 1
    for c in reversed(ints[:-1]):
        power *= d
        products = (low * a, low * b, high * a, high * b)
        low, high = min(products) + c * power, max(products) + c * power
    return Fraction(low, e * power), Fraction(high, e * power)


def _integer_form(p: Poly) -> tuple[tuple[int, ...], int]:
    """Integers ``c`` and a positive ``e`` with ``p == c / e`` (coefficientwise)."""
    if all(type(v) is int for v in p):
        return tuple(p), 1
    fr = [Fraction(v) for v in p]
    e = lcm(*(v.denominator for v in fr))
    return tuple(v.numerator * (e // v.denominator) for v in fr), e


# ----------------------------------------------------------------------------- real roots
def _sign(x: Number) -> int:
    return (x > 0) - (x < 0)


def sign_of_value(p: Sequence[int], x: Fraction) -> int:
    """The sign of the integer polynomial ``p`` at the rational ``x``, in integers only.

    ``p(n / d) * d**deg == sum c_i n**i d**(deg - i)`` has the same sign (``d > 0``).

    >>> sign_of_value((-2, 0, 1), Fraction(3, 2)), sign_of_value((-2, 0, 1), Fraction(7, 5))
    (1, -1)
    """
    if not p:
        return 0
    n, d = x.numerator, x.denominator
    acc = p[-1]
    power = 1
    for c in reversed(p[:-1]):
        power *= d
        acc = acc * n + c * power
    return _sign(acc)


def sturm_sequence(p: Poly) -> list[tuple[int, ...]]:
    """A Sturm sequence of ``p`` in integers (each term a positive multiple of the classical one)."""
    seq = [primitive(p)]
    d = _content_free(derivative(seq[0]))
    while d:
        seq.append(d)
        d = _negated_remainder(seq[-2], seq[-1])
    return seq


def _negated_remainder(a: tuple[int, ...], b: tuple[int, ...]) -> tuple[int, ...]:
    """A positive multiple of ``-(a mod b)``, content removed (pseudo-division in integers)."""
    rem = list(a)
    lead, db = b[-1], len(b) - 1
    steps = 0
    for k in range(len(rem) - 1, db - 1, -1):
        c = rem[k]
        rem = [v * lead for v in rem]
        steps += 1
        if c:
            for j in range(db + 1):
                rem[k - db + j] -= c * b[j]
    r = trim(rem[:db])
    if not r:
        return ()
    positive = lead > 0 or steps % 2 == 0  # rem == lead**steps * (a mod b)
    return _content_free(tuple(-v for v in r) if positive else r)


def _variations(seq: list[tuple[int, ...]], x: Fraction) -> int:
    """Sign changes of the sequence's values at ``x`` (zeros skipped)."""
    signs = [s for s in (sign_of_value(q, x) for q in seq) if s]
    return sum(1 for u, v in zip(signs, signs[1:]) if u != v)


def root_bound(p: Poly) -> Fraction:
    """A power of two larger than the absolute value of every root (from Cauchy's bound)."""
    lead = abs(Fraction(p[-1]))
    cauchy = 1 + max((abs(Fraction(a)) / lead for a in p[:-1]), default=Fraction(0))
    bound = Fraction(2)
    while bound <= cauchy:
        bound *= 2
    return bound


def _split_point(p: Sequence[int], lo: Fraction, hi: Fraction) -> Fraction:
    """A point strictly inside ``(lo, hi)`` where ``p`` is not zero: the middle, else 1/4, 3/4, 1/8, ..."""
    k = 1
    while True:
        for num in range(1, 2 ** k, 2):
            x = lo + (hi - lo) * Fraction(num, 2 ** k)
            if sign_of_value(p, x) != 0:
                return x
        k += 1


def isolate_real_roots(p: Poly) -> list[Interval]:
    """Isolating intervals of the real roots of a squarefree nonzero ``p``, in increasing order.

    Each interval ``(lo, hi)`` holds exactly one root, and ``p(lo) * p(hi) < 0``; the ends
    are dyadic rationals.
    """
    if len(p) <= 1:
        return []
    seq = sturm_sequence(p)
    ints = seq[0]
    bound = root_bound(p)
    out: list[Interval] = []
    stack = [(-bound, bound, _variations(seq, -bound), _variations(seq, bound))]
    while stack:
        a, b, va, vb = stack.pop()
        count = va - vb
        if count == 1:
            out.append((a, b))
        elif count > 1:
            m = _split_point(ints, a, b)
            vm = _variations(seq, m)
            stack.append((m, b, vm, vb))
            stack.append((a, m, va, vm))
    return sorted(out)


def refine(p: Poly, interval: Interval) -> Interval:
    """Halve (about) an isolating interval of a root of ``p``, keeping the sign change."""
    ints = _integer_form(p)[0]
    lo, hi = interval
    m = _split_point(ints, lo, hi)
    if sign_of_value(ints, lo) * sign_of_value(ints, m) < 0:
        return lo, m
    return m, hi


def narrow(p: Poly, interval: Interval, width: Fraction) -> tuple[Interval, Fraction | None]:
    """Shrink an isolating interval of a root of ``p`` below ``width``; also the root if it was hit exactly.

    Quadratic interval refinement (Abbott 2006): the secant through the ends predicts which
    of ``N`` equal subintervals holds the root; when the sign test confirms it, the interval
    shrinks ``N``-fold and ``N`` is squared, otherwise ``N`` is square-rooted and the interval
    bisected. Near a simple root the number of correct bits doubles at each step.
    """
    ints = _integer_form(p)[0]
    lo, hi = interval
    low_sign = sign_of_value(ints, lo)
    n = 4
    while hi - lo > width:
        w = hi - lo
        if n >= 4:
            d = lcm(lo.denominator, hi.denominator)
            va = _scaled_value(ints, lo.numerator * (d // lo.denominator), d)
            vb = _scaled_value(ints, hi.numerator * (d // hi.denominator), d)
            j = min(max(round(Fraction(n * va, va - vb)), 0), n)
            x = lo + w * Fraction(j, n)
            sx = sign_of_value(ints, x)
            if sx == 0:
                return (lo, hi), x
            step = w / n
            y = x + step if sx == low_sign else x - step
            if lo <= y <= hi:
                sy = sign_of_value(ints, y) if lo < y < hi else (low_sign if y == lo else -low_sign)
                if sy == 0:
                    return (lo, hi), y
                if sy != sx:
                    lo, hi = (x, y) if x < y else (y, x)
                    n *= n
                    continue
            n = max(2, isqrt(n))
        m = (lo + hi) / 2
        sm = sign_of_value(ints, m)
        if sm == 0:
            return (lo, hi), m
        lo, hi = (m, hi) if sm == low_sign else (lo, m)
        n = max(n, 4)
    return (lo, hi), None


def _scaled_value(p: Sequence[int], num: int, den: int) -> int:
    """``p(num / den) * den**deg`` (an integer)."""
    acc = p[-1]
    power = 1
    for c in reversed(p[:-1]):
        power *= den
        acc = acc * num + c * power
    return acc


def rational_root(p: Poly, interval: Interval) -> Fraction | None:
    """The root of ``p`` in the isolating ``interval`` when it is rational, else ``None``.

    A rational root of the primitive integer polynomial has a denominator dividing its
    leading coefficient ``a``; two such numbers differ by at least ``1 / a**2``, so once the
    interval is narrower than ``1 / (2 a**2)`` the only candidate is the fraction with
    denominator at most ``a`` nearest to it, which is tested exactly.
    """
    ints = primitive(p)
    lead = abs(ints[-1])
    (lo, hi), hit = narrow(ints, interval, Fraction(1, 2 * lead * lead))
    if hit is not None:
        return hit
    candidate = ((lo + hi) / 2).limit_denominator(lead)
    if lo < candidate < hi and sign_of_value(ints, candidate) == 0:
        return candidate
    return None


def sign_at_root(q: Poly, p: Poly, interval: Interval) -> tuple[int, Interval]:
    """The sign of ``q`` at the root of the squarefree ``p`` isolated by ``interval``, exactly.

    Returns the sign (-1, 0 or 1) and the interval, possibly refined. The interval is narrowed
    (to 2**-8, 2**-32, 2**-128, ... of its width) until an interval evaluation of ``q`` excludes
    zero. Past 64 bits, ``q(t) == 0`` is tested exactly: it holds when ``gcd(p, q)`` has a root
    in the interval (it changes sign there, being squarefree).
    """
    q = trim(q)
    if not q:
        return 0, interval
    lo, hi = interval
    start = hi - lo
    bits, checked = 0, False
    while True:
        low, high = evaluate_interval(q, lo, hi)
        if low > 0:
            return 1, (lo, hi)
        if high < 0:
            return -1, (lo, hi)
        if bits >= 64 and not checked:
            checked = True
            g = integer_gcd(primitive(p), primitive(q))
            if len(g) > 1 and sign_of_value(g, lo) * sign_of_value(g, hi) < 0:
                return 0, (lo, hi)
        bits = 8 if bits == 0 else 4 * bits
        (lo, hi), hit = narrow(p, (lo, hi), start / 2 ** bits)
        if hit is not None:  # the root is rational: decide at it exactly
            return _sign(evaluate(q, hit)), (lo, hi)


def integer_gcd(a: tuple[int, ...], b: tuple[int, ...]) -> tuple[int, ...]:
    """A greatest common divisor of two integer polynomials, primitive (primitive remainder sequence)."""
    if len(a) < len(b):
        a, b = b, a
    while b:
        a, b = b, _negated_remainder(a, b)
    return primitive(a) if a else ()


def approximate(q: Poly, p: Poly, interval: Interval, width: Fraction) -> tuple[Fraction, Interval]:
    """``q`` at the root of ``p`` isolated by ``interval``, to within ``width`` (midpoint of an enclosure)."""
    lo, hi = interval
    target = hi - lo
    while True:
        low, high = evaluate_interval(q, lo, hi)
        if high - low <= width:
            return (low + high) / 2, (lo, hi)
        target = min(target, hi - lo) * Fraction(1, 2**16)
        (lo, hi), hit = narrow(p, (lo, hi), target)
        if hit is not None:
            value = Fraction(evaluate(q, hit))
            return value, (lo, hi)
