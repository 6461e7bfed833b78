"""Piecewise rational evaluation of formulas agrees with exact evaluation at every point off the breaks,
and refuses what is not rational in the parameter."""

from fractions import Fraction as F

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from berlinsim.io.formula import parse_formula
from berlinsim.model.expression import FormulaError, evaluate_exact
from berlinsim.model.piecewise import NotRationalError, evaluate_piecewise, variable
from berlinsim.model.real_roots import RealRoot, compare_roots

FORMULAS = [
    "1 - 50 * abs(x - 0.355)", "max(x, 1 - x, x^2)", "clip(3 * x - 1, 0, 1)",
    "if x > 0.5 and x < 0.7 then 1 / (x - 2) else x^3 - x", "min(x^2 - 1/2, 0.1) * abs(x - 0.3)",
    "if not (x^2 >= 0.3) then 2 else x", "c * x + 1", "if x == 0.5 then 1 else 0", "(x - 1/3)^-2",
    "abs(x^2 - 0.5) - abs(x - 0.7)", "if x < 0.2 or x > 0.9 then 1 / x else 2^3 * x", "clip(x, c * x, 0.5)",
    "sqrt(9/4) * x", "if x > 0 then 1 / x else 0", "min(x, c)^2",
]


def value_on_piece(f, x):
    r = RealRoot.rational(x)
    if x in (f.low, f.high) or any(compare_roots(r, b) == 0 for b in f.breaks):
        return "break"
    k = sum(1 for b in f.breaks if compare_roots(r, b) > 0)
    piece = f.pieces[k]
    if piece is None or piece.denominator(x) == 0:
        return None
    return piece(x)


@pytest.mark.parametrize("text", FORMULAS)
@settings(max_examples=40, deadline=None)
@given(x=st.fractions(min_value=0, max_value=1, max_denominator=997))
def test_agrees_with_exact_evaluation_off_the_breaks(text, x):
    expr = parse_formula(text)
    f = evaluate_piecewise(expr, {"x": variable(0, 1), "c": F(3, 4)}, 0, 1)
    got = value_on_piece(f, x)
    if got == "break":
        return
    try:
        want = evaluate_exact(expr, {"x": x, "c": F(3, 4)})
    except FormulaError:
        want = None
    assert got == want


def test_breaks_are_exact_or_isolated():
    f = evaluate_piecewise(parse_formula("abs(x^2 - 0.5) - abs(x - 0.7)"), {"x": variable(0, 1)}, 0, 1)
    assert f.breaks[0].exact == F(7, 10) and f.breaks[1].polynomial.to_text() == "x^2 - 1/2"
    assert all(b.low < b.high or b.is_rational for b in f.breaks)


@pytest.mark.parametrize("text, word", [("sqrt(x)", "sqrt"), ("exp(x) + 1", "exp"), ("2^x", "exponent"),
                                        ("x^0.5", "fractional"), ("log(2) * x", "irrational")])
def test_not_rational(text, word):
    with pytest.raises(NotRationalError, match=word):
        evaluate_piecewise(parse_formula(text), {"x": variable(1, 2)}, 1, 2)


def test_a_float_value_is_not_exact():
    with pytest.raises(NotRationalError, match="not exact"):
        evaluate_piecewise(parse_formula("x + y"), {"x": variable(0, 1), "y": 0.5}, 0, 1)
