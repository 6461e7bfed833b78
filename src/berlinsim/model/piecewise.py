"""Formulas as piecewise rational functions of one variable on a closed interval.

:func:`evaluate_piecewise` evaluates a formula of :mod:`berlinsim.model.expression` when its
names are numbers or functions of one variable ``x`` in ``[low, high]``. The result is a
:class:`Piecewise`: *breaks* (exact real numbers strictly inside the interval, see
:mod:`berlinsim.model.real_roots`) cut the interval into open *pieces*, and on each piece the value
is one :class:`~berlinsim.model.polynomial.RationalFunction` of ``x`` (a condition: one truth
value). Breaks come from ``abs``, ``min``, ``max``, ``clip``, comparisons and ``if``: where the
compared quantities cross (roots of a polynomial, possibly irrational). The value *at* a break (or
at an end of the interval) is not kept: whoever needs it evaluates the formula there exactly
(:func:`~berlinsim.model.expression.evaluate_exact`).

Complete for ``+ - * /``, ``^`` with an integer exponent (constant in ``x``), ``abs``, ``min``,
``max``, ``clip``, comparisons, ``and``/``or``/``not`` and ``if``. ``sqrt``, ``exp``, ``log``, a
fractional or ``x``-dependent exponent, or a float value applied to something that depends on
``x`` are not rational functions: :class:`NotRationalError` names the sub-formula (the caller
falls back to sampling). Where a value is undefined on a whole piece (division by a function
that is zero there, ``clip`` with low above high) the piece holds ``None``: an ``if`` may select
another branch there, as the exact evaluator does.

Examples
--------
>>> from berlinsim.io.formula import parse_formula
>>> f = evaluate_piecewise(parse_formula("1 - 50 * abs(x - 0.355)"), {"x": variable(0, 1)}, 0, 1)
>>> [b.exact for b in f.breaks], [p.to_text() for p in f.pieces]
([Fraction(71, 200)], ['50*x - 67/4', '-50*x + 75/4'])
>>> g = evaluate_piecewise(parse_formula("if x^2 > 2 then x else 0"), {"x": variable(0, 2)}, 0, 2)
>>> g.breaks[0].polynomial, [p.to_text() for p in g.pieces]
(Polynomial(x^2 - 2), ['0', 'x'])
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Callable, Mapping, Sequence

from berlinsim.errors import BerlinsimError
from berlinsim.model._expression_tree import (
    Binary,
    BoolOp,
    Call,
    Compare,
    Expr,
    FormulaError,
    IfElse,
    Name,
    Number,
    Unary,
    to_text,
)
from berlinsim.model.polynomial import Polynomial, RationalFunction
from berlinsim.model.real_roots import RealRoot, compare_roots, distinct_roots, real_roots, separated, simplest_inside

__all__ = ["NotRationalError", "Piecewise", "common_breaks", "constant", "evaluate_piecewise", "variable"]


class NotRationalError(BerlinsimError):
    """A formula is not a piecewise rational function of the variable (``sqrt``, ``exp``, ...)."""


_X = RationalFunction.of(Polynomial.variable())


@dataclass(frozen=True, slots=True, kw_only=True)
class Piecewise:
    """A function of ``x`` on ``[low, high]``: one value per open piece between the breaks.

    Attributes
    ----------
    low, high : Fraction
    breaks : tuple of RealRoot
        Increasing, distinct, strictly inside ``(low, high)``, their isolating intervals disjoint
        and inside ``[low, high]``.
    pieces : tuple
        ``len(breaks) + 1`` values: a RationalFunction (a number) or a bool (a condition) on each
        open piece, or None where the formula is undefined on the whole piece.
    """

    low: Fraction
    high: Fraction
    breaks: tuple[RealRoot, ...]
    pieces: tuple[Any, ...]

    def bounds(self, k: int) -> tuple[Fraction, Fraction]:
        """Rational ``(a, b)`` with ``[a, b]`` inside piece ``k`` (strictly, unless at the interval's ends)."""
        a = self.low if k == 0 else self.breaks[k - 1].high
        b = self.high if k == len(self.breaks) else self.breaks[k].low
        return a, b

    def hull(self, k: int) -> tuple[Fraction, Fraction]:
        """Rational ``(a, b)`` with piece ``k`` inside ``[a, b]``."""
        a = self.low if k == 0 else self.breaks[k - 1].low
        b = self.high if k == len(self.breaks) else self.breaks[k].high
        return a, b

    def sample(self, k: int) -> Fraction:
        """A simple rational point inside piece ``k``."""
        a, b = self.bounds(k)
        return simplest_inside(a, b) if a < b else a

    def contains(self, k: int, root: RealRoot) -> bool:
        """Whether ``root`` lies strictly inside piece ``k``."""
        if k > 0 and compare_roots(root, self.breaks[k - 1]) <= 0:
            return False
        if k < len(self.breaks) and compare_roots(root, self.breaks[k]) >= 0:
            return False
        return (k > 0 or root.high > self.low or (root.exact is not None and root.exact > self.low)) and \
            (k < len(self.breaks) or root.low < self.high or (root.exact is not None and root.exact < self.high))

    @property
    def is_constant(self) -> bool:
        return not self.breaks and isinstance(self.pieces[0], RationalFunction) and self.pieces[0].is_constant

    def refined(self, breaks: tuple[RealRoot, ...]) -> tuple[Any, ...]:
        """The pieces on the finer ``breaks`` (which include all of this function's breaks)."""
        if not self.breaks:
            return self.pieces * (len(breaks) + 1)
        out, i = [], 0
        for j in range(len(breaks) + 1):
            if j > 0 and i < len(self.breaks) and (self.breaks[i] is breaks[j - 1]
                                                    or compare_roots(self.breaks[i], breaks[j - 1]) == 0):
                i += 1
            out.append(self.pieces[i])
        return tuple(out)


def constant(value: Any, low: Any, high: Any) -> Piecewise:
    """The constant ``value`` (a number or a bool) on ``[low, high]``."""
    piece = value if isinstance(value, bool) else RationalFunction.of(Fraction(value))
    return Piecewise(low=Fraction(low), high=Fraction(high), breaks=(), pieces=(piece,))


def variable(low: Any, high: Any) -> Piecewise:
    """``x`` itself on ``[low, high]``."""
    return Piecewise(low=Fraction(low), high=Fraction(high), breaks=(), pieces=(_X,))


def common_breaks(parts: Sequence[Piecewise]) -> tuple[RealRoot, ...]:
    """The union of the breaks of ``parts`` (all on the same interval), sorted and separated."""
    if not parts:
        return ()
    all_breaks = [b for p in parts for b in p.breaks]
    if not all_breaks:
        return ()
    with_breaks = [p for p in parts if p.breaks]
    if len(with_breaks) == 1:
        return with_breaks[0].breaks
    return separated(parts[0].low, parts[0].high, all_breaks)


def _combine(parts: Sequence[Piecewise], op: Callable[..., Any]) -> Piecewise:
    """``op`` applied piece by piece (None where any part is None)."""
    breaks = common_breaks(parts)
    columns = [p.refined(breaks) for p in parts]
    pieces = []
    for values in zip(*columns):
        pieces.append(None if any(v is None for v in values) else op(*values))
    return Piecewise(low=parts[0].low, high=parts[0].high, breaks=breaks, pieces=tuple(pieces))


def _split(f: Piecewise, decide: Callable[[RationalFunction], Any], sign_of: Callable[[Any], Any]) -> Piecewise:
    """Split the pieces of the number ``f`` where it changes sign; ``decide(rf)`` gives a constant
    answer for a function that is identically zero or None to split, ``sign_of(sign)`` the
    value on a sub-piece where ``f`` has that sign (-1 or 1)."""
    new_breaks: list[RealRoot] = []
    values: list[Any] = []
    for k, rf in enumerate(f.pieces):
        if rf is None:
            values.append(None)
            continue
        fixed = decide(rf)
        if fixed is not None:
            values.append(fixed)
            continue
        a, b = f.hull(k)
        found = [r for poly in (rf.numerator, rf.denominator) if poly.degree >= 1
                 for r in real_roots(poly, a, b) if f.contains(k, r)]
        inner = list(distinct_roots(found))
        values.append(("split", rf, inner))
        new_breaks.extend(inner)
    breaks = separated(f.low, f.high, [*f.breaks, *new_breaks])
    out = Piecewise(low=f.low, high=f.high, breaks=breaks, pieces=(None,) * (len(breaks) + 1))
    pieces = []
    index = _piece_index(f, breaks)
    for j in range(len(breaks) + 1):
        v = values[index[j]]
        if isinstance(v, tuple) and v and v[0] == "split":
            rf = v[1]
            x = out.sample(j)
            s = rf.numerator.sign_at(x) * rf.denominator.sign_at(x)
            pieces.append(sign_of(s))
        else:
            pieces.append(v)
    return Piecewise(low=f.low, high=f.high, breaks=breaks, pieces=tuple(pieces))


def _piece_index(f: Piecewise, breaks: tuple[RealRoot, ...]) -> list[int]:
    """For each piece of the finer ``breaks``, the index of the piece of ``f`` holding it."""
    out, i = [], 0
    for j in range(len(breaks) + 1):
        if j > 0 and i < len(f.breaks) and (f.breaks[i] is breaks[j - 1] or compare_roots(f.breaks[i], breaks[j - 1]) == 0):
            i += 1
        out.append(i)
    return out


_COMPARE = {"<": lambda s: s < 0, "<=": lambda s: s <= 0, ">": lambda s: s > 0, ">=": lambda s: s >= 0,
            "==": lambda s: s == 0, "!=": lambda s: s != 0}


def _compare(op: str, left: Piecewise, right: Piecewise) -> Piecewise:
    diff = _combine([left, right], lambda a, b: a - b)
    test = _COMPARE[op]
    return _split(diff, lambda rf: test(0) if rf.is_zero else None, test)


def _if(condition: Piecewise, yes: Piecewise, no: Piecewise) -> Piecewise:
    breaks = common_breaks([condition, yes, no])
    cs, ys, ns = condition.refined(breaks), yes.refined(breaks), no.refined(breaks)
    pieces = tuple(None if c is None else (y if c else n) for c, y, n in zip(cs, ys, ns))
    return Piecewise(low=condition.low, high=condition.high, breaks=breaks, pieces=pieces)


def _divide(a: RationalFunction, b: RationalFunction) -> RationalFunction | None:
    return None if b.is_zero else a / b


def _power(node: Binary, base: Piecewise, power: Piecewise) -> Piecewise:
    if not power.is_constant:
        raise NotRationalError(f"'{to_text(node)}' has an exponent that depends on the parameter varied")
    n = power.pieces[0].constant_value
    if n.denominator == 1:
        k = int(n)
        if abs(k) > 10_000:
            raise NotRationalError(f"'{to_text(node)}': the exponent {k} is too large for exact polynomials")
        return _combine([base], lambda b: None if (k < 0 and b.is_zero) else b ** k)
    if base.is_constant:
        from berlinsim.model.expression import evaluate_exact

        try:
            value = evaluate_exact(Binary(op="^", left=Number(value=base.pieces[0].constant_value),
                                          right=Number(value=n)), {})
        except FormulaError:
            return Piecewise(low=base.low, high=base.high, breaks=(), pieces=(None,))
        if isinstance(value, Fraction):
            return constant(value, base.low, base.high)
    raise NotRationalError(f"'{to_text(node)}' has a fractional power: not a rational function of the parameter")


def _call(node: Call, args: list[Piecewise]) -> Piecewise:
    f = node.function
    if f == "abs":
        return _abs(args[0])
    if f in ("min", "max"):
        out = args[0]
        for other in args[1:]:
            better = _compare("<" if f == "min" else ">", other, out)
            out = _if(better, other, out)
        return out
    if f == "clip":
        x, lo, hi = args
        bad = _compare(">", lo, hi)
        clipped = _call(Call(function="min", args=(node.args[0], node.args[2])),
                        [_call(Call(function="max", args=(node.args[0], node.args[1])), [x, lo]), hi])
        undefined = Piecewise(low=x.low, high=x.high, breaks=(), pieces=(None,))
        return _if(bad, undefined, clipped)
    (x,) = args
    if x.is_constant:
        from berlinsim.model.expression import evaluate_exact

        try:
            value = evaluate_exact(Call(function=f, args=(Number(value=x.pieces[0].constant_value),)), {})
        except FormulaError:
            return Piecewise(low=x.low, high=x.high, breaks=(), pieces=(None,))
        if isinstance(value, Fraction):
            return constant(value, x.low, x.high)
        raise NotRationalError(f"'{to_text(node)}' is irrational: the game is not exact")
    raise NotRationalError(f"'{to_text(node)}' uses {f}: not a rational function of the parameter")


def _abs(x: Piecewise) -> Piecewise:
    zero = constant(0, x.low, x.high)
    return _if(_compare(">=", x, zero), x, _combine([x], lambda a: -a))


def _eval(node: Expr, env: Mapping[str, Piecewise], low: Fraction, high: Fraction) -> Piecewise:
    ev = _eval
    if isinstance(node, Number):
        return constant(node.value, low, high)
    if isinstance(node, Name):
        if node.name not in env:
            raise FormulaError(f"no value given for '{node.name}' in '{to_text(node)}'", span=node.span)
        return env[node.name]
    if isinstance(node, Unary):
        value = ev(node.operand, env, low, high)
        return _combine([value], lambda a: -a) if node.op == "-" else value
    if isinstance(node, Binary):
        left, right = ev(node.left, env, low, high), ev(node.right, env, low, high)
        if node.op == "^":
            return _power(node, left, right)
        ops = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b, "/": _divide}
        return _combine([left, right], ops[node.op])
    if isinstance(node, Compare):
        return _compare(node.op, ev(node.left, env, low, high), ev(node.right, env, low, high))
    if isinstance(node, BoolOp):
        first = ev(node.operands[0], env, low, high)
        if node.op == "not":
            return _combine([first], lambda a: not a)
        second = ev(node.operands[1], env, low, high)
        both = (lambda a, b: a and b) if node.op == "and" else (lambda a, b: a or b)
        return _combine([first, second], both)
    if isinstance(node, Call):
        return _call(node, [ev(a, env, low, high) for a in node.args])
    assert isinstance(node, IfElse)
    return _if(ev(node.condition, env, low, high), ev(node.if_true, env, low, high), ev(node.if_false, env, low, high))


def evaluate_piecewise(expr: Expr, env: Mapping[str, Any], low: Any, high: Any) -> Piecewise:
    """``expr`` as a piecewise rational function of the variable on ``[low, high]``.

    Parameters
    ----------
    expr : Expr
    env : mapping of str to Piecewise or number
        Every name of ``expr``: a :class:`Piecewise` on ``[low, high]`` (e.g. :func:`variable`) or an
        exact number (int, Fraction; a bool counts as 0 or 1).
    low, high : number
        The interval (``low < high``).

    Raises
    ------
    NotRationalError
        A part of ``expr`` is not a rational function of the variable, or a value is a float.
    FormulaError
        A name has no value.
    """
    low, high = Fraction(low), Fraction(high)
    values: dict[str, Piecewise] = {}
    for name, value in env.items():
        if isinstance(value, Piecewise):
            values[name] = value
        elif isinstance(value, (bool, int, Fraction)):
            values[name] = constant(Fraction(int(value)) if isinstance(value, bool) else value, low, high)
        else:
            values[name] = _FloatValue(name)  # type: ignore[assignment]
    for node_name in _names(expr):
        if isinstance(values.get(node_name), _FloatValue):
            raise NotRationalError(f"the value of '{node_name}' is not exact ({env[node_name]!r})")
    return _eval(expr, values, low, high)


class _FloatValue:
    def __init__(self, name: str) -> None:
        self.name = name


def _names(expr: Expr) -> set[str]:
    from berlinsim.model._expression_tree import names

    return set(names(expr))
