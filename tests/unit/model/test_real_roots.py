"""Real root isolation: every rational root found exactly, irrational ones isolated to 1e-12 and counted
against the sign changes of the polynomial on a fine grid; roots of different polynomials compared exactly."""

import math
from fractions import Fraction as F

from hypothesis import given, settings
from hypothesis import strategies as st

from berlinsim.model.polynomial import Polynomial
from berlinsim.model.real_roots import (
    WIDTH,
    RealRoot,
    compare_roots,
    distinct_roots,
    real_roots,
    simplest_between,
    without_rational_roots,
)

X = Polynomial.variable()
rationals = st.fractions(min_value=-5, max_value=5, max_denominator=40)


@settings(max_examples=80, deadline=None)
@given(st.lists(rationals, min_size=1, max_size=4), st.lists(st.sampled_from([2, 3, 5, 6, 7, 10]), max_size=2),
       st.integers(1, 3))
def test_rational_roots_exact_and_irrational_ones_isolated(rational, squares, multiplicity):
    p = Polynomial((F(3, 7),))
    for r in rational:
        p = p * (X - r) ** multiplicity
    for s in squares:
        p = p * (X * X - s)
    roots = real_roots(p, F(-6), F(6))
    assert [r.exact for r in roots if r.is_rational] == sorted(set(rational))
    irrational = sorted({sign * math.sqrt(s) for s in squares for sign in (-1, 1)})
    got = [r for r in roots if not r.is_rational]
    assert len(got) == len(irrational)
    for r, want in zip(got, irrational):
        assert r.low < want < r.high and r.high - r.low <= WIDTH
        assert r.polynomial.sign_at(r.low) * r.polynomial.sign_at(r.high) < 0
        assert not any(q.is_rational for q in real_roots(r.polynomial, F(-6), F(6)))  # rational factors removed
    assert [float(r) for r in roots] == sorted(float(r) for r in roots)


def test_roots_at_the_ends_count_and_the_interval_is_closed():
    p = (X - 1) * (X - 2) * (X * X - 3)
    assert [r.exact for r in real_roots(p, F(1), F(2)) if r.is_rational] == [1, 2]
    assert len(real_roots(p, F(1), F(2))) == 3  # sqrt(3) inside
    assert real_roots(p, F(5, 2), F(3)) == ()


def test_a_large_leading_coefficient_still_finds_the_rational_root():
    p = (10**15 * X - 123456789) * (X * X - 2)
    (r, s) = [root for root in real_roots(p, F(0), F(2))]
    assert r.exact == F(123456789, 10**15) and s.exact is None


def test_degree_five_with_three_real_roots():
    roots = real_roots(X ** 5 - 4 * X - 2, F(-3), F(3))
    assert len(roots) == 3 and all(abs(float(r) ** 5 - 4 * float(r) - 2) < 1e-9 for r in roots)


def test_equal_irrational_roots_of_different_polynomials_merge():
    a = real_roots((X * X - 2) * (X - 1), F(0), F(2))[1]
    b = real_roots(X ** 4 - 4, F(0), F(2))[0]
    c = real_roots(X * X - F(200000000000001, 100000000000000), F(0), F(2))[0]  # sqrt(2.00000000000001)
    assert compare_roots(a, b) == 0 and compare_roots(a, c) == -1 and compare_roots(c, b) == 1
    merged = distinct_roots([c, a, RealRoot.rational(F(7, 5)), b])
    assert len(merged) == 3 and merged[0].exact == F(7, 5) and merged[1].polynomial == X * X - 2


def test_without_rational_roots():
    assert without_rational_roots((X * X - 2) * (3 * X + 1) ** 2 * (X - 7)) == X * X - 2


@settings(max_examples=100, deadline=None)
@given(rationals, st.fractions(min_value=F(1, 10**6), max_value=3))
def test_simplest_between_is_in_the_interval_and_simplest(a, width):
    b = a + width
    c = simplest_between(a, b)
    assert a <= c <= b
    for q in range(1, min(c.denominator, 300)):
        assert F(math.ceil(a * q), q) > b
