"""Tests of the formula expression tree and its float (grid) and exact evaluation."""

import math
import re
from decimal import Decimal
from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from berlinsim.errors import BerlinsimError
from berlinsim.io.formula import parse_formula
from berlinsim.model.expression import (
    Binary,
    BoolOp,
    Call,
    Compare,
    FormulaError,
    IfElse,
    Name,
    Number,
    Span,
    Unary,
    children,
    evaluate,
    evaluate_exact,
    is_condition,
    names,
    to_text,
    walk,
)

P = parse_formula


# --- nodes -----------------------------------------------------------------------------------------

def test_nodes_compare_by_structure_not_span():
    assert Name(name="p", span=Span(0, 1)) == Name(name="p", span=Span(5, 6))
    assert Number(value=3) == Number(value=F(3))
    assert isinstance(Number(value=3).value, F)
    assert Number(value="0.1").value == F(1, 10)
    with pytest.raises(TypeError, match="exact value"):
        Number(value=0.1)
    assert P("a+b") == Binary(op="+", left=Name(name="a"), right=Name(name="b"))


@pytest.mark.parametrize("build, message", [
    (lambda: Binary(op="+", left=Compare(op="<", left=Name(name="a"), right=Name(name="b")),
                    right=Number(value=1)), "the left side of '+' must be a number"),
    (lambda: BoolOp(op="and", operands=(Name(name="a"), Compare(op="<", left=Name(name="a"),
                                                                 right=Name(name="b")))),
     "the left side of 'and' must be a condition"),
    (lambda: IfElse(condition=Name(name="c"), if_true=Number(value=1), if_false=Number(value=2)),
     "the condition of 'if' must be a condition"),
    (lambda: Call(function="sin", args=(Name(name="x"),)), "unknown function 'sin'"),
    (lambda: Call(function="clip", args=(Name(name="x"),)), "clip(x, low, high) takes 3 arguments, got 1"),
    (lambda: Unary(op="-", operand=BoolOp(op="not", operands=(
        Compare(op="==", left=Name(name="a"), right=Name(name="b")),))), "must be a number"),
])
def test_nodes_check_kinds_when_built(build, message):
    with pytest.raises(FormulaError, match=re.escape(message)):
        build()


@pytest.mark.parametrize("build", [
    lambda: Binary(op="%", left=Name(name="a"), right=Name(name="b")),
    lambda: Compare(op="=", left=Name(name="a"), right=Name(name="b")),
    lambda: BoolOp(op="not", operands=()),
    lambda: Unary(op="!", operand=Name(name="a")),
])
def test_nodes_reject_unknown_operators(build):
    with pytest.raises(ValueError):
        build()


def test_kinds_children_walk_names():
    f = P("if a < b then max(a, c) else -d^2")
    assert not is_condition(f)
    assert is_condition(P("if a < b then a > 1 else not b > 1"))
    assert [type(n).__name__ for n in walk(f)] == [
        "IfElse", "Compare", "Name", "Name", "Call", "Name", "Name", "Unary", "Binary", "Name", "Number"]
    assert names(f) == {"a", "b", "c", "d"}
    assert children(f) == (f.condition, f.if_true, f.if_false)
    assert names(P("1 + 2")) == frozenset()


# --- text ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("1+2*3", "1 + 2 * 3"),
    ("(1+2)*3", "(1 + 2) * 3"),
    ("a-(b-c)", "a - (b - c)"),
    ("(a-b)-c", "a - b - c"),
    ("a/(b*c)", "a / (b * c)"),
    ("2^3^2", "2^3^2"),
    ("(2^3)^2", "(2^3)^2"),
    ("-2^2", "-2^2"),
    ("(-2)^2", "(-2)^2"),
    ("2^-x", "2^-x"),
    ("a * -b", "a * -b"),
    ("--a", "-(-a)"),
    ("not (a < b or c > d)", "not (a < b or c > d)"),
    ("(a < b and c > d) or e == 1", "a < b and c > d or e == 1"),
    ("a < b and (c > d or e == 1)", "a < b and (c > d or e == 1)"),
    ("1 + (if p > 0 then 1 else 2)", "1 + (if p > 0 then 1 else 2)"),
    ("if (if a > 0 then b > 0 else c > 0) then 1 else 2", "if (if a > 0 then b > 0 else c > 0) then 1 else 2"),
    ("max(a, if a > 0 then 1 else 0)", "max(a, if a > 0 then 1 else 0)"),
    ("0.10 + 1e-3 + 2.5E2 + .5", "0.1 + 0.001 + 250 + 0.5"),
    ("1e-12 * 1e20", "1e-12 * 1e20"),
])
def test_to_text_uses_only_needed_parentheses(text, expected):
    assert to_text(P(text)) == expected
    assert P(to_text(P(text))) == P(text)


def test_to_text_of_numbers_the_parser_never_makes():
    assert to_text(Number(value=F(1, 3))) == "1/3"
    assert to_text(Binary(op="^", left=Name(name="x"), right=Number(value=F(1, 3)))) == "x^(1/3)"
    assert to_text(Binary(op="-", left=Name(name="x"), right=Number(value=-3))) == "x - -3"


# --- random trees ------------------------------------------------------------------------------------

LEAF_VALUES = [F(0), F(1), F(2), F(3), F(1, 2), F(1, 4), F(10)]
NAMES = ("a", "b", "c")


def trees(*, division=True, transcendental=True):
    leaves = st.one_of(st.sampled_from(LEAF_VALUES).map(lambda v: Number(value=v)),
                       st.sampled_from(NAMES).map(lambda n: Name(name=n)))
    ops = "+-*/" if division else "+-*"
    functions = ["abs", "min", "max", "clip"] + (["sqrt", "exp", "log"] if transcendental else [])

    def extend(inner):
        condition = st.builds(lambda op, x, y: Compare(op=op, left=x, right=y),
                              st.sampled_from(["<", "<=", ">", ">=", "==", "!="]), inner, inner)
        condition = st.one_of(
            condition,
            st.builds(lambda op, x, y: BoolOp(op=op, operands=(x, y)), st.sampled_from(["and", "or"]),
                      condition, condition),
            condition.map(lambda c: BoolOp(op="not", operands=(c,))))

        def call(name, args):
            arity = {"abs": 1, "sqrt": 1, "exp": 1, "log": 1, "clip": 3}.get(name, 2)
            return Call(function=name, args=tuple(args[:arity]))
        return st.one_of(
            st.builds(lambda op, x, y: Binary(op=op, left=x, right=y), st.sampled_from(list(ops)), inner, inner),
            st.builds(lambda x, k: Binary(op="^", left=x, right=Number(value=k)), inner, st.integers(0, 2)),
            inner.map(lambda x: Unary(op="-", operand=x)),
            st.builds(call, st.sampled_from(functions), st.lists(inner, min_size=3, max_size=3)),
            st.builds(lambda c, x, y: IfElse(condition=c, if_true=x, if_false=y), condition, inner, inner),
        )
    return st.recursive(leaves, extend, max_leaves=10)


GRID_VALUES = [-2.0, -1.0, 0.0, 0.5, 1.0, 3.0]
grids = st.fixed_dictionaries({n: st.lists(st.sampled_from(GRID_VALUES), min_size=6, max_size=6) for n in NAMES})


def _outcome(function, *args):
    try:
        return function(*args), None
    except FormulaError as error:
        return None, error


@settings(max_examples=150, deadline=None)
@given(trees(), grids)
def test_grid_evaluation_equals_elementwise_scalar_evaluation(expr, env):
    arrays = {k: np.array(v) for k, v in env.items()}
    whole, error = _outcome(evaluate, expr, arrays)
    singles = [_outcome(evaluate, expr, {k: v[i] for k, v in env.items()}) for i in range(6)]
    assert (error is not None) == any(e is not None for _, e in singles)
    if error is None:
        assert whole.shape == (6,)
        single = np.array([v for v, _ in singles])
        assert whole.dtype == (bool if is_condition(expr) else float)
        np.testing.assert_allclose(whole.astype(float), single.astype(float), rtol=1e-12, atol=0)


@settings(max_examples=150, deadline=None)
@given(trees(division=False, transcendental=False), st.fixed_dictionaries(
    {n: st.sampled_from([F(-2), F(0), F(1, 2), F(1), F(3)]) for n in NAMES}))
def test_exact_and_float_evaluation_agree(expr, env):
    exact, exact_error = _outcome(evaluate_exact, expr, env)
    approx, float_error = _outcome(evaluate, expr, env)
    assert (exact_error is None) == (float_error is None)
    if exact_error is None:
        if is_condition(expr):
            assert exact is approx
        else:
            assert isinstance(exact, F)
            assert float(exact) == pytest.approx(approx, rel=1e-12, abs=1e-12)


@settings(max_examples=100, deadline=None)
@given(trees(), st.fixed_dictionaries({n: st.sampled_from(LEAF_VALUES) for n in NAMES}))
def test_exact_evaluation_with_division_is_close_to_float(expr, env):
    exact, exact_error = _outcome(evaluate_exact, expr, env)
    if exact_error is None and not is_condition(expr) and not any(
            isinstance(n, (Compare, Call)) for n in walk(expr)):
        approx = evaluate(expr, env)
        assert float(exact) == pytest.approx(approx, rel=1e-9, abs=1e-9)


# --- float evaluation -------------------------------------------------------------------------------

def test_scalar_values_give_python_scalars():
    assert evaluate(P("a * 2"), {"a": 1.5}) == 3.0 and type(evaluate(P("a * 2"), {"a": 1.5})) is float
    assert evaluate(P("a > 1"), {"a": 2}) is True
    assert evaluate(P("1/4 + 1/4"), {}) == 0.5
    assert evaluate(P("a"), {"a": F(1, 3)}) == pytest.approx(1 / 3)
    assert evaluate(P("a + 1"), {"a": True, "unused": "not checked"}) == 2.0


def test_grid_broadcasting():
    a = np.array([[0.0], [1.0], [2.0]])
    b = np.array([1.0, 2.0, 4.0, 8.0])
    out = evaluate(P("a * 10 + b"), {"a": a, "b": b})
    assert out.shape == (3, 4)
    assert out[2, 3] == 28.0
    assert evaluate(P("a > b"), {"a": a, "b": b}).dtype == bool
    np.testing.assert_array_equal(evaluate(P("1 + 1"), {"a": a}), [[2.0], [2.0], [2.0]])  # grid shape
    exact_grid = np.array([F(1, 2), F(1, 4)], dtype=object)
    np.testing.assert_array_equal(evaluate(P("2 * p"), {"p": exact_grid}), [1.0, 0.5])


def test_lazy_branches_on_grids():
    p = np.array([0.0, 0.5, 2.0])
    np.testing.assert_array_equal(evaluate(P("if p > 0 then 1/p else -1"), {"p": p}), [-1.0, 2.0, 0.5])
    np.testing.assert_array_equal(evaluate(P("p > 0 and 1/p > 1"), {"p": p}), [False, True, False])
    np.testing.assert_array_equal(evaluate(P("p == 0 or log(p) < 0"), {"p": p}), [True, True, False])
    np.testing.assert_array_equal(evaluate(P("if p > 1 then p > 3 else not p > 0"), {"p": p}),
                                  [True, False, False])


def test_functions():
    env = {"x": np.array([-4.0, 0.25, 9.0])}
    np.testing.assert_allclose(evaluate(P("abs(x)"), env), [4.0, 0.25, 9.0])
    np.testing.assert_allclose(evaluate(P("sqrt(abs(x))"), env), [2.0, 0.5, 3.0])
    np.testing.assert_allclose(evaluate(P("min(x, 1, 0.5)"), env), [-4.0, 0.25, 0.5])
    np.testing.assert_allclose(evaluate(P("max(x, 0)"), env), [0.0, 0.25, 9.0])
    np.testing.assert_allclose(evaluate(P("clip(x, 0, 1)"), env), [0.0, 0.25, 1.0])
    np.testing.assert_allclose(evaluate(P("log(exp(x))"), env), [-4.0, 0.25, 9.0])
    np.testing.assert_allclose(evaluate(P("(-8)^(1/3 * 3) + 2^-1"), {}), -7.5)


@pytest.mark.parametrize("text, env, message", [
    ("1 / (1 - p)", {"p": np.array([0.0, 1.0])},
     r"division by zero \('1 - p' is 0\) in '1 / \(1 - p\)' when p = 1 at grid element \(1,\)"),
    ("a / b", {"a": np.ones((2, 2)), "b": np.array([[1.0, 2.0], [0.0, 1.0]])},
     r"when a = 1, b = 0 at grid element \(1, 0\)"),
    ("1 / p", {"p": 0}, r"^division by zero \('p' is 0\) in '1 / p' when p = 0$"),
    ("log(p)", {"p": [1.0, -1.0]}, r"log of zero or a negative number in 'log\(p\)' when p = -1"),
    ("sqrt(p)", {"p": -1}, r"square root of a negative number"),
    ("p^0.5", {"p": -1}, r"negative number to a fractional power in 'p\^0.5'"),
    ("p^-1", {"p": 0}, r"zero to a negative power"),
    ("exp(p)", {"p": 1000}, r"overflow .* in 'exp\(p\)' when p = 1000"),
    ("p * p * p", {"p": 1e200}, r"overflow"),
    ("clip(p, 1, 0)", {"p": 0.5}, r"clip with low above high"),
    ("p + q", {"p": 1}, r"no value given for 'q' in 'p \+ q'"),
    ("p + 1", {"p": "0.5"}, r"the value of 'p' must be a number"),
    ("p + 1", {"p": [1.0, float("nan")]}, r"the value of 'p' must be finite"),
    ("p + 1", {"p": 1j}, r"the value of 'p' must be a number"),
    ("p + q", {"p": [1.0, 2.0], "q": [1.0, 2.0, 3.0]}, r"do not broadcast to one grid: p \(2,\), q \(3,\) \(evaluating 'p \+ q'\)"),
])
def test_evaluation_errors(text, env, message):
    with pytest.raises(FormulaError, match=message) as info:
        evaluate(P(text), env)
    assert isinstance(info.value, BerlinsimError)
    assert info.value.span is not None


def test_error_span_points_at_the_failing_sub_formula():
    text = "2 + 1 / (p - 1)"
    with pytest.raises(FormulaError) as info:
        evaluate(P(text), {"p": 1})
    assert text[info.value.span.start:info.value.span.end] == "1 / (p - 1)"


# --- exact evaluation --------------------------------------------------------------------------------

def test_exact_arithmetic():
    assert evaluate_exact(P("1/3 + 1/6"), {}) == F(1, 2)
    assert evaluate_exact(P("0.1 + 0.2"), {}) == F(3, 10)
    assert evaluate_exact(P("p * v"), {"p": F(1, 5), "v": 10}) == 2
    assert evaluate_exact(P("p + 1"), {"p": Decimal("0.1")}) == F(11, 10)
    assert evaluate_exact(P("p + 1"), {"p": np.int64(2)}) == 3
    assert evaluate_exact(P("p + 1"), {"p": np.array(2)}) == 3
    assert evaluate_exact(P("p + 1"), {"p": True}) == 2
    assert evaluate_exact(P("-2^2"), {}) == -4
    assert evaluate_exact(P("2^3^2"), {}) == 512
    assert evaluate_exact(P("2^-2"), {}) == F(1, 4)
    assert evaluate_exact(P("max(1/3, 0.3) - min(1/3, 0.3)"), {}) == F(1, 30)
    assert evaluate_exact(P("clip(5/2, 0, 1) + abs(-1/2)"), {}) == F(3, 2)
    assert evaluate_exact(P("if p > 0 then 1/p else 0"), {"p": 0}) == 0
    assert evaluate_exact(P("p > 0 and 1/p > 1"), {"p": 0}) is False
    assert evaluate_exact(P("p == 0 or 1/p > 1"), {"p": 0}) is True


def test_exact_roots_and_lost_exactness():
    assert evaluate_exact(P("sqrt(9/4)"), {}) == F(3, 2)
    assert evaluate_exact(P("(27/8)^(2/3)"), {}) == F(9, 4)
    assert evaluate_exact(P("0^0"), {}) == 1
    for text in ("sqrt(2)", "2^0.5", "exp(0)", "log(1)", "p + 1"):
        value = evaluate_exact(P(text), {"p": 0.5})
        assert isinstance(value, float), text
    assert evaluate_exact(P("sqrt(2)^2"), {}) == pytest.approx(2)
    assert evaluate_exact(P("log(10^400) - log(10^399)"), {}) == pytest.approx(math.log(10))
    huge = evaluate_exact(P("(1 + 1e-9)^(10^9)"), {})  # too many bits for an exact power
    assert isinstance(huge, float) and huge == pytest.approx(math.e, rel=1e-6)


@pytest.mark.parametrize("text, env, message", [
    ("1 / (p - 1)", {"p": 1}, r"division by zero \('p - 1' is 0\) in '1 / \(p - 1\)' when p = 1$"),
    ("0^-1", {}, "zero to a negative power"),
    ("p^(1/2)", {"p": -4}, "negative number to a fractional power"),
    ("log(p)", {"p": 0}, "log of zero or a negative number"),
    ("sqrt(p)", {"p": F(-1, 4)}, "square root of a negative number"),
    ("exp(p)", {"p": 1000}, "overflow"),
    ("10^(10^10)", {}, "overflow"),
    ("p * 1e300", {"p": 1e300}, "overflow"),
    ("clip(1, 2, 1)", {}, "clip with low above high"),
    ("p", {}, "no value given for 'p'"),
    ("p", {"p": "1"}, "must be a finite number"),
    ("p", {"p": float("inf")}, "must be a finite number"),
])
def test_exact_errors(text, env, message):
    with pytest.raises(FormulaError, match=message):
        evaluate_exact(P(text), env)


def test_exact_rejects_arrays():
    with pytest.raises(TypeError, match="use evaluate"):
        evaluate_exact(P("p"), {"p": np.array([1, 2])})


# --- the memo's closed forms (domain notes, scenarios 01/02) -----------------------------------------

EU_INITIATE = P("-c_b + p*v + (1-p)*(w_f*F_reject - c_p - r0*c_war + (1-r0)*lam*(1-delta)*v)")
EU_WAIT = P("-c_b - (w_f*F_overture + q*c_retreat) - (r0 + r_spiral)*c_war "
            "+ (1 - (r0 + r_spiral))*(p + (1-p)*lam)*v")
COMMON = {"c_b": 1, "p": F("0.2"), "v": 10, "w_f": 4, "c_war": 100, "r0": F("0.02"), "lam": F("0.4"),
          "c_retreat": 3}
ACHESON = {"F_reject": 0, "F_overture": F("0.25"), "q": F("0.3"), "delta": F("0.75"), "r_spiral": 0, "c_p": 4}
KISSINGER = {"F_reject": 1, "F_overture": 1, "q": 1, "delta": 0, "r_spiral": F("0.01"), "c_p": F("1.5")}


def test_memo_reference_payoffs_exactly():
    """Build-up payoffs of the domain notes, section 5, scenarios 01 and 02: (B,I) and (B,W)."""
    assert evaluate_exact(EU_INITIATE, COMMON | ACHESON) == F("-3.016")
    assert evaluate_exact(EU_WAIT, COMMON | ACHESON) == F("0.196")
    assert evaluate_exact(EU_INITIATE, COMMON | KISSINGER) == F("4.536")
    assert evaluate_exact(EU_WAIT, COMMON | KISSINGER) == F("-5.956")


def test_memo_thresholds_on_grids():
    """Acheson switches to initiating at p >= 0.551; the belief interpolation switches at t* = 0.234."""
    p = np.linspace(0, 1, 100_001)
    gain = evaluate(Binary(op="-", left=EU_INITIATE, right=EU_WAIT), COMMON | ACHESON | {"p": p})
    assert gain.shape == p.shape
    assert p[np.argmax(gain >= 0)] == pytest.approx(0.551, abs=5e-4)
    t = np.linspace(0, 1, 100_001)
    beliefs = {k: float(ACHESON[k]) + t * float(KISSINGER[k] - ACHESON[k]) for k in ACHESON}
    gain = evaluate(Binary(op="-", left=EU_INITIATE, right=EU_WAIT), COMMON | beliefs)
    assert t[np.argmax(gain >= 0)] == pytest.approx(0.2344, abs=5e-4)
