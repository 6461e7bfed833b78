"""The polynomials of a table: determinants exact, the minors contain every switch of a known game."""

from fractions import Fraction as F

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from berlinsim.analysis._critical_matrix import (
    MAX_MINORS,
    Unsupported,
    bimatrix_family,
    cleared,
    determinant,
    pure_family,
    vertex_solutions,
)
from berlinsim.model.polynomial import Polynomial, RationalFunction
from berlinsim.model.real_roots import real_roots

X = Polynomial.variable()
polys = st.lists(st.fractions(min_value=-5, max_value=5, max_denominator=6), max_size=3).map(
    lambda c: Polynomial(tuple(c)))


def expanded(m):
    if len(m) == 1:
        return m[0][0]
    total = Polynomial(())
    for j in range(len(m)):
        term = m[0][j] * expanded([row[:j] + row[j + 1:] for row in m[1:]])
        total = total + term if j % 2 == 0 else total - term
    return total


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 4).flatmap(lambda n: st.lists(st.lists(polys, min_size=n, max_size=n), min_size=n, max_size=n)))
def test_determinant_equals_the_cofactor_expansion(m):
    assert determinant(m) == expanded(m)


def rf(p):
    return RationalFunction.of(p)


def chicken(c):
    """Chicken (w = 10, l = 10) with cost of war c for both: rows and columns Yield, Firm."""
    a = [[rf(0), rf(-10)], [rf(10), rf(-c)]]
    b = [[rf(0), rf(10)], [rf(-10), rf(-c)]]
    return a, b


def test_chicken_minors_hold_the_mixed_equilibrium_and_its_end():
    """P(Firm) = w / (w + c - l) = 10 / c: it reaches 1 at c = 10, and the indifference system is singular at
    c = 0 (w + c - l = 0)."""
    a, b = chicken(X)
    roots = sorted(r.exact for p in bimatrix_family(a, b) for r in real_roots(p, F(-100), F(100)))
    assert F(10) in roots and F(0) in roots
    (x,) = [v for v in vertex_solutions(b) if all(not p.is_constant for p in v)]
    assert x[1](F(100)) == F(1, 10) and x[0](F(100)) == F(9, 10)


def test_pure_comparisons_of_each_player():
    a, b = chicken(X)
    cells = [(a[i][j], b[i][j]) for i in range(2) for j in range(2)]
    assert pure_family(cells, (2, 2)) == {X - 10}  # -10 vs -c against Firm, for both players (monic)


def test_denominators_are_cleared_per_player():
    m = cleared([[RationalFunction(Polynomial((1,)), X - 1), rf(X)], [rf(2), RationalFunction(X, X + 1)]])
    assert all(isinstance(p, Polynomial) for row in m for p in row)
    assert m[0][1] == X * (X - 1) * (X + 1)


def test_too_large_a_table_is_left_to_the_scan():
    n = 8
    big = [[rf(X + i + j) for j in range(n)] for i in range(n)]
    with pytest.raises(Unsupported, match=f"more than {MAX_MINORS}"):
        bimatrix_family(big, big)
