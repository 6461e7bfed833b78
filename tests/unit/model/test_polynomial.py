"""Exact polynomials and rational functions: arithmetic against evaluation, gcd, square-free parts."""

from fractions import Fraction as F

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from berlinsim.model.polynomial import Polynomial, RationalFunction

X = Polynomial.variable()
coefficients = st.lists(st.fractions(min_value=-20, max_value=20, max_denominator=12), max_size=5)
points = st.fractions(min_value=-10, max_value=10, max_denominator=50)


@settings(max_examples=80, deadline=None)
@given(coefficients, coefficients, points)
def test_arithmetic_agrees_with_evaluation(a, b, x):
    p, q = Polynomial(tuple(a)), Polynomial(tuple(b))
    assert (p + q)(x) == p(x) + q(x)
    assert (p - q)(x) == p(x) - q(x)
    assert (p * q)(x) == p(x) * q(x)
    assert p.sign_at(x) == (p(x) > 0) - (p(x) < 0)
    if not q.is_zero:
        quotient, remainder = divmod(p, q)
        assert quotient * q + remainder == p and remainder.degree < q.degree


@settings(max_examples=60, deadline=None)
@given(coefficients, coefficients)
def test_gcd_divides_both_and_squarefree_keeps_roots_simple(a, b):
    p, q = Polynomial(tuple(a)), Polynomial(tuple(b))
    g = Polynomial.gcd(p * q, p * p)
    if not p.is_zero and not q.is_zero:
        assert (p * q) % g == Polynomial(()) and (p * p) % g == Polynomial(())
        assert (g % p.monic()).is_zero  # p divides the gcd of pq and p^2
    s = (p * p).squarefree()
    if p.degree >= 1:
        assert Polynomial.gcd(s, s.derivative()).degree == 0
        assert (p * p) % s == Polynomial(())


def test_text_and_integer_form():
    p = 3 * X ** 2 - X + F(1, 2)
    assert p.to_text("w") == "3*w^2 - w + 1/2"
    assert (-X).to_text() == "-x"
    assert p.integer_coefficients() == (1, -2, 6)
    assert Polynomial(()).degree == -1 and Polynomial(()).to_text() == "0"


def test_rational_functions_stay_in_lowest_terms():
    r = RationalFunction(X * X - 1, 2 * X - 2)
    assert r.numerator == F(1, 2) * (X + 1) and r.denominator == Polynomial((1,))
    s = RationalFunction.of(1) / RationalFunction.of(X - 3)
    assert s(F(5)) == F(1, 2) and (s * (X - 3)).is_constant
    assert (s ** -2)(F(4)) == 1
    with pytest.raises(ZeroDivisionError):
        s(F(3))
    with pytest.raises(ZeroDivisionError):
        RationalFunction.of(X) / RationalFunction.of(0)
