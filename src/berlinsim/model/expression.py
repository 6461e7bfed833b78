"""User formulas as expression trees, evaluated on numbers or on whole parameter grids.

Scenario files give payoffs, probabilities and attribute values as formulas over named
parameters, e.g. ``w_framing * F_reject - c_pressure``. :func:`berlinsim.io.formula.parse_formula`
turns the text into the tree defined here; this module evaluates it. Nothing is ever handed
to ``eval``.

Grammar, loosest binding first (``^`` is right-associative, ``+ - * /`` and ``and``/``or``
left-associative, comparisons cannot be chained)::

    if c then a else b      conditional; the else-branch extends as far right as possible
    a or b                  a and b                  not a
    a < b   a <= b   a > b   a >= b   a == b   a != b
    a + b   a - b           a * b   a / b          -a   +a
    a ^ b                   binds tighter than unary minus: -2^2 = -4, 2^-1 = 1/2
    f(x, ...)   (a)   names   numbers (12, 0.25, 1e-3; a fraction 1/3 is just a division)

Every node is of one of two *kinds*: a **number**, or a **condition** (a comparison or
``and``/``or``/``not``). Arithmetic, comparisons and functions take numbers, ``and``/``or``/
``not`` and the ``if`` take conditions, and both branches of an ``if`` have the same kind;
nodes check this when they are built. Names always stand for numbers (a boolean value is
taken as 0 or 1).

Functions (:data:`FUNCTIONS`): ``abs(x)``, ``sqrt(x)``, ``exp(x)``, ``log(x)`` (natural),
``min(x, y, ...)``, ``max(x, y, ...)`` and ``clip(x, low, high)``.

Evaluation: :func:`evaluate` computes in float64 element-wise over numpy arrays with
broadcasting, so a whole parameter grid is evaluated at once (all values given broadcast to
one grid, and the result has the grid's shape); :func:`evaluate_exact` computes
with :class:`~fractions.Fraction` and returns a float once exactness is lost. Division by zero,
domain errors (log of a non-positive number, ...) and overflow raise :class:`FormulaError`
naming the failing sub-formula, the values there and, on a grid, its first offending element
(the whole evaluation fails: no NaN is ever returned).
``and``, ``or`` and ``if`` only evaluate what is needed, element by element, so
``if p > 0 then 1 / p else 0`` is safe on a grid containing ``p = 0``.

Examples
--------
>>> f = Binary(op="*", left=Name(name="p"), right=Number(value=Fraction(10)))
>>> to_text(f), evaluate_exact(f, {"p": Fraction(1, 5)}), evaluate(f, {"p": [0.2, 0.5]})
('p * 10', Fraction(2, 1), array([2., 5.]))
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from functools import reduce
from typing import Any

import numpy as np

from berlinsim.model._expression_tree import (
    FUNCTIONS,
    Binary,
    BoolOp,
    Call,
    Compare,
    Expr,
    FormulaError,
    IfElse,
    Name,
    Number,
    Span,
    Unary,
    children,
    is_condition,
    names,
    to_text,
    walk,
)

__all__ = [
    "FUNCTIONS", "Binary", "BoolOp", "Call", "Compare", "Expr", "FormulaError", "IfElse", "Name",
    "Number", "Span", "Unary", "children", "evaluate", "evaluate_exact", "is_condition", "names",
    "to_text", "walk",
]

for _public in (Binary, BoolOp, Call, Compare, FormulaError, IfElse, Name, Number, Span, Unary):
    _public.__module__ = __name__  # documented and shown in tracebacks as berlinsim.model.expression

_EXACT_BITS = 100_000  # larger exact powers are computed in floats


# --- float evaluation over grids ------------------------------------------------------------------

def _first_span(expr: Expr, name: str) -> Span:
    return next(n.span for n in walk(expr) if isinstance(n, Name) and n.name == name)


def _float_input(name: str, value: Any, expr: Expr) -> np.ndarray:
    if isinstance(value, float):
        array = np.asarray(value)  # the common case, checked below
    elif isinstance(value, (str, bytes)) or np.iscomplexobj(value):
        raise FormulaError(f"the value of '{name}' must be a number, got {value!r}",
                           span=_first_span(expr, name))
    else:
        try:
            array = np.asarray(value, dtype=float)
        except (TypeError, ValueError):
            raise FormulaError(f"the value of '{name}' must be a number, got {value!r}",
                               span=_first_span(expr, name)) from None
    if not np.all(np.isfinite(array)):
        raise FormulaError(f"the value of '{name}' must be finite, got {value!r}", span=_first_span(expr, name))
    return array


def _shape(value: Any) -> tuple[int, ...]:
    try:
        return np.shape(value)
    except ValueError:  # a ragged list: not a grid dimension
        return ()


class _Grid:
    """The flattened grid being evaluated: names -> 1-D values at the selected elements."""

    def __init__(self, values: dict[str, np.ndarray], where: np.ndarray, shape: tuple[int, ...]):
        self.values, self.where, self.shape = values, where, shape

    def select(self, mask: np.ndarray) -> _Grid:
        return _Grid({k: v[mask] for k, v in self.values.items()}, self.where[mask], self.shape)

    def fail(self, message: str, node: Expr, bad: Any) -> FormulaError:
        k = int(np.flatnonzero(np.broadcast_to(bad, self.where.shape))[0])
        shown = ", ".join(f"{n} = {self.values[n][k]:.12g}" for n in sorted(names(node)))
        element = np.unravel_index(int(self.where[k]), self.shape) if self.shape else ()
        at = f" at grid element {tuple(int(i) for i in element)}" if self.shape else ""
        where = f" when {shown}" if shown else ""
        return FormulaError(f"{message} in '{to_text(node)}'{where}{at}", span=node.span)


def _finite(result: np.ndarray, node: Expr, grid: _Grid) -> np.ndarray:
    bad = ~np.isfinite(result)
    if np.any(bad):
        raise grid.fail("overflow (the result is too large for a float)", node, bad)
    return result


def _float_call(node: Call, args: list[np.ndarray], grid: _Grid) -> np.ndarray:
    f, x = node.function, args[0]
    if f == "abs":
        return np.abs(x)
    if f in ("min", "max"):
        return reduce(np.minimum if f == "min" else np.maximum, args)
    if f == "clip":
        low, high = args[1], args[2]
        if np.any(low > high):
            raise grid.fail("clip with low above high", node, low > high)
        return np.minimum(np.maximum(x, low), high)
    if f == "sqrt" and np.any(x < 0):
        raise grid.fail("square root of a negative number", node, x < 0)
    if f == "log" and np.any(x <= 0):
        raise grid.fail("log of zero or a negative number", node, x <= 0)
    return _finite({"sqrt": np.sqrt, "exp": np.exp, "log": np.log}[f](x), node, grid)


def _float_power(node: Binary, base: np.ndarray, power: np.ndarray, grid: _Grid) -> np.ndarray:
    bad = (base == 0) & (power < 0)
    if np.any(bad):
        raise grid.fail("division by zero (zero to a negative power)", node, bad)
    bad = (base < 0) & (power != np.floor(power))
    if np.any(bad):
        raise grid.fail("negative number to a fractional power", node, bad)
    return _finite(np.power(base, power), node, grid)


def _float_eval(node: Expr, grid: _Grid) -> np.ndarray:
    ev = _float_eval
    if isinstance(node, Number):
        return np.float64(node.value)
    if isinstance(node, Name):
        return grid.values[node.name]
    if isinstance(node, Unary):
        value = ev(node.operand, grid)
        return -value if node.op == "-" else value
    if isinstance(node, (Binary, Compare)):
        left, right = ev(node.left, grid), ev(node.right, grid)
        if isinstance(node, Compare):
            return {"<": np.less, "<=": np.less_equal, ">": np.greater, ">=": np.greater_equal,
                    "==": np.equal, "!=": np.not_equal}[node.op](left, right)
        if node.op == "^":
            return _float_power(node, left, right, grid)
        if node.op == "/" and np.any(right == 0):
            raise grid.fail(f"division by zero ('{to_text(node.right)}' is 0)", node, right == 0)
        ufunc = {"+": np.add, "-": np.subtract, "*": np.multiply, "/": np.divide}[node.op]
        return _finite(ufunc(left, right), node, grid)
    if isinstance(node, Call):
        return _float_call(node, [ev(a, grid) for a in node.args], grid)
    n = grid.where.shape
    if isinstance(node, BoolOp):
        first = np.broadcast_to(ev(node.operands[0], grid), n)
        if node.op == "not":
            return ~first
        out = first.copy()
        need = first if node.op == "and" else ~first
        if np.any(need):
            out[need] = ev(node.operands[1], grid.select(need))
        return out
    assert isinstance(node, IfElse)
    condition = np.broadcast_to(ev(node.condition, grid), n)
    out = np.empty(n, dtype=bool if is_condition(node) else float)
    for mask, branch in ((condition, node.if_true), (~condition, node.if_false)):
        if np.any(mask):
            out[mask] = ev(branch, grid.select(mask))
    return out


def evaluate(expr: Expr, env: Mapping[str, Any]) -> float | bool | np.ndarray:
    """Evaluate ``expr`` in float64, element-wise over array values with numpy broadcasting.

    Parameters
    ----------
    expr : Expr
        The formula.
    env : mapping of str to number or array_like
        A number or array for every name in ``expr``. All values of ``env`` (used or not)
        broadcast against each other to form the *grid*, so a grid of parameter values is
        evaluated in one call and every formula evaluated on it has the grid's shape, even
        one that uses no name. Only the values of names in ``expr`` are checked.

    Returns
    -------
    float or bool or numpy.ndarray
        A Python float (bool for a condition) when the grid is a scalar, otherwise an
        array of the grid's shape (dtype float64 or bool).

    Raises
    ------
    FormulaError
        A missing or non-numeric value, shapes that do not broadcast, or a division by
        zero, domain error or overflow at any grid element; the message names the
        sub-formula, the values there and the first offending grid element.

    Examples
    --------
    >>> p = Name(name="p")
    >>> evaluate(Binary(op="/", left=Number(value=1), right=p), {"p": np.array([[1.0], [4.0]])})
    array([[1.  ],
           [0.25]])
    >>> evaluate(Binary(op="/", left=Number(value=1), right=p), {"p": [1.0, 0.0]})
    Traceback (most recent call last):
    ...
    berlinsim.model.expression.FormulaError: division by zero ('p' is 0) in '1 / p' when p = 0 at grid element (1,)
    """
    used = names(expr)
    values = {name: _float_input(name, env[name], expr) for name in sorted(used) if name in env}
    missing = sorted(used - values.keys())
    if missing:
        raise FormulaError(f"no value given for '{missing[0]}' in '{to_text(expr)}'",
                           span=_first_span(expr, missing[0]))
    shapes = {k: values[k].shape if k in values else _shape(v) for k, v in env.items()}
    try:
        shape = np.broadcast_shapes(*shapes.values())
    except ValueError:
        shapes = ", ".join(f"{k} {v}" for k, v in shapes.items())
        raise FormulaError(f"the values given do not broadcast to one grid: {shapes} (evaluating "
                           f"'{to_text(expr)}')", span=expr.span) from None
    size = math.prod(shape)
    grid = _Grid({k: np.broadcast_to(v, shape).reshape(size) for k, v in values.items()},
                 np.arange(size), shape)
    with np.errstate(all="ignore"):
        result = np.broadcast_to(_float_eval(expr, grid), (size,)).reshape(shape)
    return result.item() if shape == () else np.array(result)


# --- exact evaluation --------------------------------------------------------------------------

def _exact_input(name: str, value: Any, expr: Expr) -> Fraction | float:
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value.item()
    if isinstance(value, np.ndarray):
        raise TypeError(f"evaluate_exact takes scalars, got an array for '{name}'; use evaluate")
    if isinstance(value, (bool, np.bool_, int, np.integer)):
        return Fraction(int(value))
    if isinstance(value, Fraction):
        return value
    if isinstance(value, (float, np.floating)) and math.isfinite(value):
        return float(value)
    if isinstance(value, Decimal) and value.is_finite():
        return Fraction(value)
    if isinstance(value, numbers.Rational):
        return Fraction(value.numerator, value.denominator)
    raise FormulaError(f"the value of '{name}' must be a finite number, got {value!r}",
                       span=_first_span(expr, name))


def _iroot(n: int, q: int) -> int | None:
    """The integer q-th root of n >= 0 when it is exact."""
    low, high = 0, 1 << (n.bit_length() // q + 1)
    while low < high:
        mid = (low + high) // 2
        if mid ** q < n:
            low = mid + 1
        else:
            high = mid
    return low if low ** q == n else None


class _Exact:
    def __init__(self, values: dict[str, Fraction | float]):
        self.values = values

    def fail(self, message: str, node: Expr) -> FormulaError:
        shown = ", ".join(f"{n} = {self.values[n]}" for n in sorted(names(node)))
        return FormulaError(f"{message} in '{to_text(node)}'" + (f" when {shown}" if shown else ""),
                            span=node.span)

    def finite(self, value: Any, node: Expr) -> Any:
        if isinstance(value, float) and not math.isfinite(value):
            raise self.fail("overflow (the result is too large for a float)", node)
        return value

    def floats(self, function: Any, node: Expr, *args: Any) -> float:
        try:
            return self.finite(function(*(float(a) for a in args)), node)
        except OverflowError:
            raise self.fail("overflow (the result is too large for a float)", node) from None

    def power(self, node: Binary, base: Any, power: Any) -> Any:
        if base == 0 and power < 0:
            raise self.fail("division by zero (zero to a negative power)", node)
        if base < 0 and power != math.floor(power):
            raise self.fail("negative number to a fractional power", node)
        if isinstance(base, Fraction) and isinstance(power, Fraction):
            size = max(base.numerator.bit_length(), base.denominator.bit_length(), 1)
            root = base if power.denominator == 1 else self.root(base, power.denominator)
            if root is not None and abs(power.numerator) * size <= _EXACT_BITS * power.denominator:
                return root ** power.numerator
        return self.floats(math.pow, node, base, power)

    @staticmethod
    def root(value: Fraction, q: int) -> Fraction | None:
        if q > 64 or value < 0:
            return None
        num, den = _iroot(value.numerator, q), _iroot(value.denominator, q)
        return None if num is None or den is None else Fraction(num, den)

    def call(self, node: Call, args: list[Any]) -> Any:
        f, x = node.function, args[0]
        if f in ("abs", "min", "max"):
            return {"abs": abs, "min": min, "max": max}[f](*args)
        if f == "clip":
            if args[1] > args[2]:
                raise self.fail("clip with low above high", node)
            return min(max(x, args[1]), args[2])
        if f == "sqrt" and x < 0:
            raise self.fail("square root of a negative number", node)
        if f == "log" and x <= 0:
            raise self.fail("log of zero or a negative number", node)
        if f == "sqrt":
            root = self.root(x, 2) if isinstance(x, Fraction) else None
            return root if root is not None else self.floats(math.sqrt, node, x)
        if f == "log" and isinstance(x, Fraction):
            return math.log(x.numerator) - math.log(x.denominator)
        return self.floats(math.exp if f == "exp" else math.log, node, x)

    def evaluate_node(self, node: Expr) -> Any:
        if isinstance(node, Number):
            return node.value
        if isinstance(node, Name):
            return self.values[node.name]
        if isinstance(node, Unary):
            value = self.evaluate_node(node.operand)
            return -value if node.op == "-" else value
        if isinstance(node, IfElse):
            return self.evaluate_node(node.if_true if self.evaluate_node(node.condition) else node.if_false)
        if isinstance(node, BoolOp):
            first = self.evaluate_node(node.operands[0])
            if node.op == "not":
                return not first
            return self.evaluate_node(node.operands[1]) if first == (node.op == "and") else first
        if isinstance(node, Call):
            return self.call(node, [self.evaluate_node(a) for a in node.args])
        left, right = self.evaluate_node(node.left), self.evaluate_node(node.right)
        if isinstance(node, Compare):
            return {"<": left < right, "<=": left <= right, ">": left > right,
                    ">=": left >= right, "==": left == right, "!=": left != right}[node.op]
        if node.op == "^":
            return self.power(node, left, right)
        if node.op == "/" and right == 0:
            raise self.fail(f"division by zero ('{to_text(node.right)}' is 0)", node)
        ops = {"+": lambda a, b: a + b, "-": lambda a, b: a - b,
               "*": lambda a, b: a * b, "/": lambda a, b: a / b}
        return self.finite(ops[node.op](left, right), node)


def evaluate_exact(expr: Expr, env: Mapping[str, Any]) -> Fraction | float | bool:
    """Evaluate ``expr`` exactly, with :class:`~fractions.Fraction`, where possible.

    Integers, Fractions, Decimals and booleans (0/1) are exact values; a float value makes
    every result that depends on it a float. ``exp`` and ``log`` always give floats;
    ``sqrt`` and fractional powers are exact when the root is rational (``sqrt(9/4) = 3/2``)
    and floats otherwise; a power too large for exact arithmetic (over ~100,000 bits) is
    computed in floats. A float result therefore says exactness was lost.

    Parameters
    ----------
    expr : Expr
        The formula.
    env : mapping of str to number
        A scalar value for every name in ``expr``.

    Returns
    -------
    Fraction or float or bool
        A bool when ``expr`` is a condition.

    Raises
    ------
    FormulaError
        A missing or non-numeric value, division by zero, domain error or overflow.
    TypeError
        An array was given: use :func:`evaluate` for grids.

    Examples
    --------
    >>> one_third = Binary(op="/", left=Number(value=1), right=Number(value=3))
    >>> evaluate_exact(one_third, {}), evaluate_exact(Call(function="sqrt", args=(one_third,)), {})
    (Fraction(1, 3), 0.5773502691896257)
    """
    used = names(expr)
    values = {name: _exact_input(name, env[name], expr) for name in sorted(used) if name in env}
    missing = sorted(used - values.keys())
    if missing:
        raise FormulaError(f"no value given for '{missing[0]}' in '{to_text(expr)}'",
                           span=_first_span(expr, missing[0]))
    return _Exact(values).evaluate_node(expr)
