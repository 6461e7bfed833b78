"""The expression tree of user formulas: nodes, kinds, traversal and text.

Private half of :mod:`berlinsim.model.expression` (which re-exports everything here and adds
evaluation); see that module for the grammar and the meaning of the nodes.

Examples
--------
>>> f = Binary(op="-", left=Name(name="v"), right=Number(value=Fraction(1, 2)))
>>> to_text(f), sorted(names(f)), is_condition(f)
('v - 0.5', ['v'], False)
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from types import MappingProxyType
from typing import Any, Union

from berlinsim.errors import BerlinsimError

FUNCTIONS: Mapping[str, tuple[int, int | None, str]] = MappingProxyType({
    "abs": (1, 1, "abs(x)"),
    "clip": (3, 3, "clip(x, low, high)"),
    "exp": (1, 1, "exp(x)"),
    "log": (1, 1, "log(x)"),
    "max": (2, None, "max(x, y, ...)"),
    "min": (2, None, "min(x, y, ...)"),
    "sqrt": (1, 1, "sqrt(x)"),
})
"""Function name -> (least number of arguments, most (None: any), signature)."""

_ARITH = ("+", "-", "*", "/", "^")
_COMPARE = ("<", "<=", ">", ">=", "==", "!=")


@dataclass(frozen=True, slots=True)
class Span:
    """Where a node's text lies in the formula: 0-based offsets, ``end`` exclusive."""

    start: int
    end: int


class FormulaError(BerlinsimError):
    """A formula that is ill-formed or cannot be evaluated; ``span`` locates the culprit."""

    def __init__(self, message: str, *, span: Span | None = None) -> None:
        self.message = message
        self.span = span
        super().__init__(message)


_NOWHERE = Span(0, 0)


def _span() -> Any:
    return field(default=_NOWHERE, compare=False, repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Number:
    """A number written in the formula, kept exact (an int, Fraction or decimal string is accepted)."""

    value: Fraction
    span: Span = _span()

    def __post_init__(self) -> None:
        if isinstance(self.value, (float, bool)):
            raise TypeError(f"a Number needs an exact value (int, Fraction or str), got {self.value!r}")
        if not isinstance(self.value, Fraction):
            object.__setattr__(self, "value", Fraction(self.value))


@dataclass(frozen=True, slots=True, kw_only=True)
class Name:
    """A reference to a parameter or attribute (always a number)."""

    name: str
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class Unary:
    """``-operand`` or ``+operand``."""

    op: str
    operand: Expr
    span: Span = _span()

    def __post_init__(self) -> None:
        _require(self.op in ("-", "+"), f"unknown unary operator {self.op!r}")
        _need_number(self.operand, f"the operand of unary '{self.op}'")


@dataclass(frozen=True, slots=True, kw_only=True)
class Binary:
    """Arithmetic: ``left op right`` with ``op`` one of ``+ - * / ^``."""

    op: str
    left: Expr
    right: Expr
    span: Span = _span()

    def __post_init__(self) -> None:
        _require(self.op in _ARITH, f"unknown arithmetic operator {self.op!r}")
        _need_number(self.left, f"the left side of '{self.op}'")
        _need_number(self.right, f"the right side of '{self.op}'")


@dataclass(frozen=True, slots=True, kw_only=True)
class Compare:
    """A comparison of two numbers: ``< <= > >= == !=``."""

    op: str
    left: Expr
    right: Expr
    span: Span = _span()

    def __post_init__(self) -> None:
        _require(self.op in _COMPARE, f"unknown comparison {self.op!r}")
        _need_number(self.left, f"the left side of '{self.op}'")
        _need_number(self.right, f"the right side of '{self.op}'")


@dataclass(frozen=True, slots=True, kw_only=True)
class BoolOp:
    """``not a`` (one operand), ``a and b``, ``a or b`` (two operands)."""

    op: str
    operands: tuple[Expr, ...]
    span: Span = _span()

    def __post_init__(self) -> None:
        object.__setattr__(self, "operands", tuple(self.operands))
        arity = {"not": 1, "and": 2, "or": 2}.get(self.op)
        _require(arity == len(self.operands), f"bad boolean operator {self.op!r}/{len(self.operands)}")
        for side, operand in zip(("left side", "right side"), self.operands):
            _need_condition(operand, f"the operand of '{self.op}'" if arity == 1 else f"the {side} of '{self.op}'")


@dataclass(frozen=True, slots=True, kw_only=True)
class Call:
    """A call of one of the :data:`FUNCTIONS` on numbers."""

    function: str
    args: tuple[Expr, ...]
    span: Span = _span()

    def __post_init__(self) -> None:
        object.__setattr__(self, "args", tuple(self.args))
        if self.function not in FUNCTIONS:
            raise FormulaError(f"unknown function '{self.function}'; known: {', '.join(FUNCTIONS)}",
                               span=self.span)
        least, most, signature = FUNCTIONS[self.function]
        if len(self.args) < least or (most is not None and len(self.args) > most):
            wanted = f"{least}" if least == most else f"at least {least}"
            raise FormulaError(f"{signature} takes {wanted} argument{'s' if least > 1 else ''}, "
                               f"got {len(self.args)}", span=self.span)
        for number, arg in enumerate(self.args, 1):
            _need_number(arg, f"argument {number} of '{self.function}'")


@dataclass(frozen=True, slots=True, kw_only=True)
class IfElse:
    """``if condition then if_true else if_false``."""

    condition: Expr
    if_true: Expr
    if_false: Expr
    span: Span = _span()

    def __post_init__(self) -> None:
        _need_condition(self.condition, "the condition of 'if'")
        if is_condition(self.if_true) != is_condition(self.if_false):
            raise FormulaError(
                f"both branches of 'if' must be numbers or both conditions (got "
                f"{_kind(self.if_true)} '{to_text(self.if_true)}' after 'then' and "
                f"{_kind(self.if_false)} '{to_text(self.if_false)}' after 'else')", span=self.if_false.span)


Expr = Union[Number, Name, Unary, Binary, Compare, BoolOp, Call, IfElse]


def _require(ok: bool, message: str) -> None:
    if not ok:
        raise ValueError(message)


def _kind(expr: Expr) -> str:
    return "condition" if is_condition(expr) else "number"


def _need_number(expr: Expr, what: str) -> None:
    if is_condition(expr):
        raise FormulaError(f"{what} must be a number (expected a number, got the condition "
                           f"'{to_text(expr)}')", span=expr.span)


def _need_condition(expr: Expr, what: str) -> None:
    if not is_condition(expr):
        raise FormulaError(f"{what} must be a condition such as 'x > 0' (expected a condition, "
                           f"got the number '{to_text(expr)}')", span=expr.span)


def is_condition(expr: Expr) -> bool:
    """Whether ``expr`` is a condition (true/false) rather than a number.

    >>> is_condition(Compare(op="<", left=Name(name="p"), right=Number(value=1)))
    True
    """
    while isinstance(expr, IfElse):
        expr = expr.if_true
    return isinstance(expr, (Compare, BoolOp))


def children(expr: Expr) -> tuple[Expr, ...]:
    """The direct sub-expressions of ``expr``, left to right.

    >>> children(Binary(op="-", left=Name(name="v"), right=Number(value=1)))
    (Name(name='v'), Number(value=Fraction(1, 1)))
    """
    if isinstance(expr, (Binary, Compare)):
        return (expr.left, expr.right)
    if isinstance(expr, Unary):
        return (expr.operand,)
    if isinstance(expr, BoolOp):
        return expr.operands
    if isinstance(expr, Call):
        return expr.args
    if isinstance(expr, IfElse):
        return (expr.condition, expr.if_true, expr.if_false)
    return ()


def walk(expr: Expr) -> Iterator[Expr]:
    """Every node of ``expr`` in preorder (a node before its children, left to right).

    >>> [type(n).__name__ for n in walk(Unary(op="-", operand=Name(name="c")))]
    ['Unary', 'Name']
    """
    stack = [expr]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(children(node)))


def names(expr: Expr) -> frozenset[str]:
    """The names ``expr`` refers to.

    >>> sorted(names(Binary(op="+", left=Name(name="b"), right=Name(name="a"))))
    ['a', 'b']
    """
    return frozenset(node.name for node in walk(expr) if isinstance(node, Name))


# --- text ----------------------------------------------------------------------------------------

_IF, _OR, _AND, _NOT, _CMP, _ADD, _MUL, _UNARY, _POW, _ATOM = range(1, 11)
_LEVEL = {"+": _ADD, "-": _ADD, "*": _MUL, "/": _MUL, "^": _POW, "and": _AND, "or": _OR}


def _number_text(value: Fraction) -> str:
    if value < 0:
        return "-" + _number_text(-value)
    num, den = value.numerator, value.denominator
    twos, fives = 0, 0
    while den % 2 == 0:
        den, twos = den // 2, twos + 1
    while den % 5 == 0:
        den, fives = den // 5, fives + 1
    if den != 1:
        return f"{value.numerator}/{value.denominator}"
    exponent = -max(twos, fives)
    mantissa = value.numerator * 10 ** -exponent // value.denominator if exponent else num
    while mantissa and mantissa % 10 == 0:
        mantissa, exponent = mantissa // 10, exponent + 1
    if mantissa == 0 or 0 <= exponent <= 15:
        return str(mantissa * 10 ** exponent)
    if -8 <= exponent < 0:
        digits = str(mantissa).rjust(-exponent + 1, "0")
        return f"{digits[:exponent]}.{digits[exponent:]}"
    return f"{mantissa}e{exponent}"


def _text(expr: Expr) -> tuple[str, int]:
    def sub(node: Expr, least: int) -> str:
        text, level = _text(node)
        return f"({text})" if level < least else text

    if isinstance(expr, Number):
        text = _number_text(expr.value)
        level = _ATOM if expr.value.denominator == 1 or "/" not in text else _MUL
        return text, (_UNARY if expr.value < 0 else level)
    if isinstance(expr, Name):
        return expr.name, _ATOM
    if isinstance(expr, Unary):
        return expr.op + sub(expr.operand, _POW), _UNARY
    if isinstance(expr, Binary):
        level = _LEVEL[expr.op]
        if expr.op == "^":
            return f"{sub(expr.left, _ATOM)}^{sub(expr.right, _UNARY)}", level
        return f"{sub(expr.left, level)} {expr.op} {sub(expr.right, level + 1)}", level
    if isinstance(expr, Compare):
        return f"{sub(expr.left, _ADD)} {expr.op} {sub(expr.right, _ADD)}", _CMP
    if isinstance(expr, BoolOp):
        if expr.op == "not":
            return f"not {sub(expr.operands[0], _NOT)}", _NOT
        level = _LEVEL[expr.op]
        return f"{sub(expr.operands[0], level)} {expr.op} {sub(expr.operands[1], level + 1)}", level
    if isinstance(expr, Call):
        return f"{expr.function}({', '.join(sub(a, _IF) for a in expr.args)})", _ATOM
    assert isinstance(expr, IfElse)
    return (f"if {sub(expr.condition, _OR)} then {sub(expr.if_true, _IF)} "
            f"else {sub(expr.if_false, _IF)}"), _IF


def to_text(expr: Expr) -> str:
    """The formula as text, with only the parentheses the grammar needs.

    Parsing the text again gives an equal tree (numbers with non-terminating decimals,
    which the parser never produces, come back as a division).

    >>> e = Binary(op="*", left=Binary(op="+", left=Name(name="a"), right=Name(name="b")),
    ...            right=Unary(op="-", operand=Number(value=Fraction(1, 4))))
    >>> to_text(e)
    '(a + b) * -0.25'
    """
    return _text(expr)[0]
