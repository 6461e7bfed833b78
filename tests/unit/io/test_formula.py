"""Tests of the formula tokenizer/parser: grammar, precedence, located errors, name checks."""

from fractions import Fraction as F

import pytest
from hypothesis import given, settings, strategies as st

from berlinsim.errors import LocatedError
from berlinsim.io.formula import KEYWORDS, MAX_DEPTH, check_names, parse_formula
from berlinsim.model.expression import (
    FUNCTIONS,
    Binary,
    BoolOp,
    Call,
    Compare,
    IfElse,
    Name,
    Number,
    Unary,
    evaluate_exact,
    to_text,
    walk,
)

P = parse_formula


def n(value):
    return Number(value=F(value))


def v(name):
    return Name(name=name)


# --- grammar -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, value", [
    ("12", F(12)), ("0.25", F(1, 4)), (".5", F(1, 2)), ("007", F(7)), ("1e-3", F(1, 1000)),
    ("2.5E+2", F(250)), ("1e0", F(1)), ("0.1", F(1, 10)), ("3e2", F(300)), ("1.5e-1", F(3, 20)),
])
def test_numbers_are_exact(text, value):
    assert P(text) == Number(value=value)


def test_a_fraction_is_a_division():
    assert P("1/3") == Binary(op="/", left=n(1), right=n(3))
    assert evaluate_exact(P("1/3"), {}) == F(1, 3)


@pytest.mark.parametrize("text", ["p", "_x", "F_reject", "lambda_ripen_buildup", "w2", "If", "notes", "iffy"])
def test_names(text):
    assert P(text) == v(text)


def test_every_construct():
    assert P("-a") == Unary(op="-", operand=v("a"))
    assert P("+a") == Unary(op="+", operand=v("a"))
    for op in "+-*/^":
        assert P(f"a{op}b") == Binary(op=op, left=v("a"), right=v("b"))
    for op in ("<", "<=", ">", ">=", "==", "!="):
        assert P(f"a{op}b") == Compare(op=op, left=v("a"), right=v("b"))
    c, d = P("a<b"), P("c>d")
    assert P("a<b and c>d") == BoolOp(op="and", operands=(c, d))
    assert P("a<b or c>d") == BoolOp(op="or", operands=(c, d))
    assert P("not a<b") == BoolOp(op="not", operands=(c,))
    assert P("if a<b then 1 else 2") == IfElse(condition=c, if_true=n(1), if_false=n(2))
    assert P("max(a, b, 1)") == Call(function="max", args=(v("a"), v("b"), n(1)))
    assert P("clip ( a , 0 , 1 )") == Call(function="clip", args=(v("a"), n(0), n(1)))
    for name in FUNCTIONS:
        arity = 3 if name == "clip" else 2 if name in ("min", "max") else 1
        assert P(f"{name}({', '.join(['x'] * arity)})") == Call(function=name, args=(v("x"),) * arity)
    assert P(" \t(a)\n ") == v("a")
    assert KEYWORDS == {"if", "then", "else", "and", "or", "not"}


@pytest.mark.parametrize("text, explicit", [
    ("1 + 2 * 3", "1 + (2 * 3)"),
    ("1 - 2 - 3", "(1 - 2) - 3"),
    ("8 / 4 / 2", "(8 / 4) / 2"),
    ("2 * 3 / 4 * 5", "((2 * 3) / 4) * 5"),
    ("2 ^ 3 ^ 2", "2 ^ (3 ^ 2)"),
    ("-2 ^ 2", "-(2 ^ 2)"),
    ("2 ^ -1", "2 ^ (-1)"),
    ("2 ^ -1 ^ 2", "2 ^ (-(1 ^ 2))"),
    ("-a * b", "(-a) * b"),
    ("a * -b ^ 2", "a * (-(b ^ 2))"),
    ("a + b < c * d", "(a + b) < (c * d)"),
    ("not a < b and c < d", "(not (a < b)) and (c < d)"),
    ("a < b or c < d and e < f", "(a < b) or ((c < d) and (e < f))"),
    ("a < b and c < d and e < f", "((a < b) and (c < d)) and (e < f)"),
    ("not not a < b", "not (not (a < b))"),
    ("if a < b then 1 else 2 + 3", "if a < b then 1 else (2 + 3)"),
    ("if a < b then 1 else if c < d then 2 else 3", "if a < b then 1 else (if c < d then 2 else 3)"),
    ("1 + if a < b then 1 else 2", "1 + (if a < b then 1 else 2)"),
    ("max(a, b) ^ 2", "(max(a, b)) ^ 2"),
])
def test_precedence_and_associativity(text, explicit):
    assert P(text) == P(explicit)


@pytest.mark.parametrize("text, value", [
    ("-2^2", -4), ("2^3^2", 512), ("2^-1", F(1, 2)), ("10 - 4 - 3", 3), ("12 / 3 / 2", 2),
    ("(1 - 1/5) * (4 * 1 - 1.5)", 2), ("if 1 > 0 then 2 else 3 + 4", 2), ("-3^2 + 2 * -3", -15),
])
def test_values(text, value):
    assert evaluate_exact(P(text), {}) == value


def test_spans_cover_the_source_text():
    text = "w_f * (F_reject - 1) + max(a, 2)"
    f = P(text)
    assert text[f.span.start:f.span.end] == text
    pieces = {text[node.span.start:node.span.end] for node in walk(f)}
    assert {"w_f", "(F_reject - 1)", "F_reject", "max(a, 2)", "w_f * (F_reject - 1)"} <= pieces


# --- round trip ------------------------------------------------------------------------------------

def parser_trees():
    leaves = st.one_of(st.sampled_from([F(0), F(3), F(1, 2), F(1, 10**12), F(10**20)]).map(n),
                       st.sampled_from(["a", "b", "x_1"]).map(v))

    def extend(inner):
        condition = st.builds(lambda op, x, y: Compare(op=op, left=x, right=y),
                              st.sampled_from(["<", "==", ">="]), inner, inner)
        condition = st.one_of(condition, st.builds(lambda op, x, y: BoolOp(op=op, operands=(x, y)),
                                                   st.sampled_from(["and", "or"]), condition, condition),
                              condition.map(lambda c: BoolOp(op="not", operands=(c,))))
        condition = st.one_of(condition, st.builds(lambda c, d, e: IfElse(condition=c, if_true=d, if_false=e),
                                                   condition, condition, condition))
        return st.one_of(
            st.builds(lambda op, x, y: Binary(op=op, left=x, right=y), st.sampled_from(list("+-*/^")), inner, inner),
            st.builds(lambda op, x: Unary(op=op, operand=x), st.sampled_from(["-", "+"]), inner),
            st.builds(lambda x, y: Call(function="min", args=(x, y)), inner, inner),
            st.builds(lambda c, x, y: IfElse(condition=c, if_true=x, if_false=y), condition, inner, inner),
            st.builds(lambda c, x, y: Binary(op="*", left=x, right=IfElse(condition=c, if_true=x, if_false=y)),
                      condition, inner, inner),
        )
    return st.recursive(leaves, extend, max_leaves=12)


@settings(max_examples=200, deadline=None)
@given(parser_trees())
def test_text_round_trip(expr):
    text = to_text(expr)
    assert P(text) == expr
    assert to_text(P(text)) == text


# --- errors ------------------------------------------------------------------------------------------

BAD = [  # (formula, offset of the reported character, message)
    ("", 0, "empty formula (expected a number, a name or '(')"),
    ("   ", 3, "empty formula (expected a number, a name or '(')"),
    ("1 +", 3, "unexpected end of formula (expected a number, a name or '(')"),
    ("(1 + 2", 6, "expected ')' to close the '(' at column 10, got end of formula"),
    ("2 * (p + 1))", 11, "unexpected ')' (expected an operator or the end of the formula)"),
    ("a + * b", 4, "unexpected '*' (expected a number, a name or '(')"),
    ("2x", 1, "missing operator between '2' and 'x' (write '2 * x' to multiply)"),
    ("(a) (b)", 4, "missing operator between ')' and '('"),
    ("a (b)", 0, "unknown function 'a'; known: abs, clip, exp, log, max, min, sqrt"),
    ("a AND b", 2, "missing operator between 'a' and 'AND'; keywords are lower case: 'and'"),
    ("sin(p)", 0, "unknown function 'sin'; known: abs, clip, exp, log, max, min, sqrt"),
    ("1 + mx(a, b)", 4, "unknown function 'mx'; did you mean 'max'? (known: abs, clip, exp, log, max, min, sqrt)"),
    ("max(a)", 0, "max(x, y, ...) takes at least 2 arguments, got 1"),
    ("clip(a, 0)", 0, "clip(x, low, high) takes 3 arguments, got 2"),
    ("abs()", 0, "abs(x) takes 1 argument, got 0"),
    ("max(a, )", 7, "unexpected ')' (expected a number, a name or '(')"),
    ("max(a b)", 6, "expected ',' or ')' in the call of 'max', got name 'b'"),
    ("a ** 2", 2, "unexpected character '**'; use '^' for powers"),
    ("a = b", 2, "unexpected character '='; use '==' to compare"),
    ("a && b", 2, "unexpected character '&&'; use 'and'"),
    ("!a", 0, "unexpected character '!'; use 'not', or '!=' to compare"),
    ("a ? 1 : 2", 2, "unexpected character '?'; write 'if c then a else b'"),
    ("a \u2212 b", 2, "unexpected character '\u2212' (U+2212); use the ASCII minus '-'"),
    ("2 \u00b7 a", 2, "unexpected character '\u00b7' (U+00B7); use '*'"),
    ("a $ b", 2, "unexpected character '$'"),
    ("a\x00", 1, "unexpected character U+0000"),
    ("1.", 2, "malformed number '1.' (expected a digit after '.')"),
    ("1.2.3", 0, "malformed number '1.2.3'"),
    ("1e999", 0, "number out of range '1e999'"),
    ("1e99999", 0, "number out of range '1e99999'"),
    ("a < b < c", 6, "comparisons cannot be chained (write 'a < b and b < c'), got a second '<'"),
    ("1 + (a < b)", 4, "the right side of '+' must be a number (expected a number, got the condition 'a < b')"),
    ("max(a > 1, 2)", 4, "argument 1 of 'max' must be a number (expected a number, got the condition 'a > 1')"),
    ("a and b > 1", 0, "the left side of 'and' must be a condition such as 'x > 0' (expected a condition, got the number 'a')"),
    ("not p", 4, "the operand of 'not' must be a condition such as 'x > 0' (expected a condition, got the number 'p')"),
    ("if p then 1 else 0", 3, "the condition of 'if' must be a condition such as 'x > 0' (expected a condition, got the number 'p')"),
    ("if p > 0 then 1", 15, "expected 'else' after the 'then' branch of 'if', got end of formula"),
    ("if p > 0 else 1", 9, "expected 'then' after the condition of 'if', got 'else'"),
    ("if p > 0 then 1 else p > 1", 21, "both branches of 'if' must be numbers or both conditions (got number '1' after 'then' and condition 'p > 1' after 'else')"),
    ("then", 0, "unexpected 'then' (expected a number, a name or '(')"),
    ("a, b", 1, "unexpected ',' (expected an operator or the end of the formula)"),
    ("(" * (MAX_DEPTH + 5) + "1" + ")" * (MAX_DEPTH + 5), MAX_DEPTH + 1, f"formula nested too deeply (more than {MAX_DEPTH} levels)"),
]


@pytest.mark.parametrize("text, offset, message", BAD, ids=[repr(b[0])[:30] for b in BAD])
def test_bad_formulas_are_located(text, offset, message):
    with pytest.raises(LocatedError) as info:
        parse_formula(text, path="scenarios/x.yaml", line=14, column=10, key="players.US.payoff")
    error = info.value
    assert (error.path, error.line, error.column, error.key) == ("scenarios/x.yaml", 14, 10 + offset,
                                                                 "players.US.payoff")
    assert error.message == message
    assert str(error) == f"scenarios/x.yaml:14:{10 + offset}: players.US.payoff: {message}"


def test_long_sums_and_deep_nesting_limits():
    assert len(list(walk(P(" + ".join(["a"] * MAX_DEPTH))))) == 2 * MAX_DEPTH - 1
    with pytest.raises(LocatedError, match="nested too deeply"):
        P(" + ".join(["a"] * (MAX_DEPTH + 1)))
    with pytest.raises(LocatedError, match="nested too deeply"):
        P("2" + "^2" * (MAX_DEPTH + 1))
    with pytest.raises(LocatedError, match="nested too deeply"):
        P("-" * (MAX_DEPTH + 1) + "1")


def test_multi_line_formula_positions():
    with pytest.raises(LocatedError) as info:
        parse_formula("a +\n  b +\n  )", path="s.yaml", line=5, column=8)
    assert (info.value.line, info.value.column) == (7, 3)
    with pytest.raises(LocatedError) as info:
        parse_formula("a +\n  )", path="s.yaml", locate=lambda offset: (100, offset))
    assert (info.value.line, info.value.column) == (100, 6)


def test_parse_formula_needs_text():
    with pytest.raises(TypeError):
        parse_formula(3)


# --- names -------------------------------------------------------------------------------------------

DECLARED = {"p_reasonable", "v_settle", "w_framing", "F_reject", "c_war"}


def test_check_names_suggests_close_names():
    text = "p_reasonabel * v_settle + f_reject - c_wr + zzz + p_reasonabel"
    errors = check_names(P(text), DECLARED, path="s.yaml", line=3, column=12, key="outcomes.win.US")
    assert [str(e) for e in errors] == [
        "s.yaml:3:12: outcomes.win.US: unknown parameter 'p_reasonabel'; did you mean 'p_reasonable'?",
        "s.yaml:3:38: outcomes.win.US: unknown parameter 'f_reject'; did you mean 'F_reject'?",
        "s.yaml:3:49: outcomes.win.US: unknown parameter 'c_wr'; did you mean 'c_war'?",
        "s.yaml:3:56: outcomes.win.US: unknown parameter 'zzz' (expected one of: F_reject, c_war, "
        "p_reasonable, v_settle, w_framing)",
    ]


def test_check_names_edge_cases():
    assert check_names(P("a * b + if a > 0 then b else 1"), {"a", "b"}) == ()
    assert check_names(P("1 + 2"), set()) == ()
    (error,) = check_names(P("x"), set(), kind="attribute")
    assert error.message == "unknown attribute 'x' (no attributes are declared)"
    many = {f"name{i:02d}" for i in range(15)}
    (error,) = check_names(P("zzz"), many, kind="name")
    assert error.message.endswith("name09, ... (5 more))")
    (error,) = check_names(P("1 +\n  zzz"), {"a"}, locate=lambda offset: (9, offset))
    assert (error.line, error.column) == (9, 6)


def test_evaluation_errors_can_be_located():
    from berlinsim.io.formula import locate_error
    from berlinsim.model.expression import FormulaError, evaluate

    f = P("w * (x +\n  log(p))")
    with pytest.raises(FormulaError) as info:
        evaluate(f, {"w": 1, "x": 1, "p": 0})
    error = locate_error(info.value, path="s.yaml", key="k", locate=lambda offset: (3, offset + 1))
    assert (error.line, error.column) == (3, 12)
    assert error.message == "log of zero or a negative number in 'log(p)' when p = 0"
    error = locate_error(FormulaError("no span"), path="s.yaml", line=2, column=7)
    assert (error.line, error.column, error.message) == (2, 7, "no span")
