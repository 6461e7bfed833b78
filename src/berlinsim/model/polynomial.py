"""Exact univariate polynomials and rational functions over the rationals.

The threshold finder (:mod:`berlinsim.analysis.thresholds`) treats every payoff as a function of
the one parameter it varies: on each piece of the parameter's interval (see
:mod:`berlinsim.model.piecewise`) a payoff built from ``+ - * /`` and integer powers is a
:class:`RationalFunction`, and the equilibrium set can change only where a polynomial derived from
them changes sign. This module holds those values: :class:`Polynomial` (coefficients are
:class:`~fractions.Fraction`, lowest degree first, no trailing zeros) and :class:`RationalFunction`
(numerator over a monic denominator, in lowest terms). Their real roots are found by
:mod:`berlinsim.model.real_roots`.

Everything is exact and pure Python: the polynomials met in a scenario have low degree (the
parameter enters payoffs linearly in most scenarios; products, powers and determinants of small
tables raise the degree to a handful), so a computer-algebra system would cost more to import than
it saves.

Examples
--------
>>> x = Polynomial.variable()
>>> p = (x - 1) * (x + Fraction(1, 2))
>>> p, p(Fraction(1)), p.degree
(Polynomial(x^2 - 1/2*x - 1/2), Fraction(0, 1), 2)
>>> p.to_text("w")
'w^2 - 1/2*w - 1/2'
>>> Polynomial.gcd(p, x * x - 1)
Polynomial(x - 1)
>>> r = RationalFunction.of(x + 1) / RationalFunction.of(x * x - 1)
>>> r, r(Fraction(3))
(RationalFunction((1) / (x - 1)), Fraction(1, 2))
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from math import gcd as _int_gcd
from math import lcm as _int_lcm
from typing import Any, Union

__all__ = ["Polynomial", "RationalFunction"]

Scalar = Union[int, Fraction]


def _trim(coefficients: Any) -> tuple[Fraction, ...]:
    c = [Fraction(x) for x in coefficients]
    while c and c[-1] == 0:
        c.pop()
    return tuple(c)


@dataclass(frozen=True, slots=True, eq=True)
class Polynomial:
    """A polynomial with rational coefficients, ``coefficients[k]`` the coefficient of ``x^k``.

    The zero polynomial has no coefficients and degree -1. Immutable and hashable; equal
    polynomials compare equal.
    """

    coefficients: tuple[Fraction, ...]
    _integers: tuple[int, ...] | None = field(default=None, init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "coefficients", _trim(self.coefficients))

    # -------------------------------------------------------------- constructors
    @classmethod
    def constant(cls, value: Scalar) -> Polynomial:
        """The constant polynomial ``value``."""
        return cls((value,))

    @classmethod
    def variable(cls) -> Polynomial:
        """The polynomial ``x``."""
        return cls((0, 1))

    # -------------------------------------------------------------- properties
    @property
    def degree(self) -> int:
        """The degree (-1 for the zero polynomial)."""
        return len(self.coefficients) - 1

    @property
    def is_zero(self) -> bool:
        return not self.coefficients

    @property
    def is_constant(self) -> bool:
        return len(self.coefficients) <= 1

    @property
    def leading(self) -> Fraction:
        """The leading coefficient (0 for the zero polynomial)."""
        return self.coefficients[-1] if self.coefficients else Fraction(0)

    # -------------------------------------------------------------- arithmetic
    def __add__(self, other: Polynomial | Scalar) -> Polynomial:
        o = _poly(other)
        a, b = self.coefficients, o.coefficients
        if len(a) < len(b):
            a, b = b, a
        return Polynomial(tuple(x + y for x, y in zip(a, b)) + a[len(b):])

    __radd__ = __add__

    def __neg__(self) -> Polynomial:
        return Polynomial(tuple(-x for x in self.coefficients))

    def __sub__(self, other: Polynomial | Scalar) -> Polynomial:
        return self + (-_poly(other))

    def __rsub__(self, other: Scalar) -> Polynomial:
        return _poly(other) - self

    def __mul__(self, other: Polynomial | Scalar) -> Polynomial:
        if not isinstance(other, Polynomial):
            f = Fraction(other)
            return Polynomial(tuple(x * f for x in self.coefficients)) if f else Polynomial(())
        a, b = self.coefficients, other.coefficients
        if not a or not b:
            return Polynomial(())
        out = [Fraction(0)] * (len(a) + len(b) - 1)
        for i, x in enumerate(a):
            if x:
                for j, y in enumerate(b):
                    out[i + j] += x * y
        return Polynomial(tuple(out))

    __rmul__ = __mul__

    def __pow__(self, n: int) -> Polynomial:
        if n < 0:
            raise ValueError("a polynomial to a negative power is not a polynomial")
        result, base = Polynomial((1,)), self
        while n:
            if n & 1:
                result = result * base
            base, n = base * base, n >> 1
        return result

    def __divmod__(self, other: Polynomial) -> tuple[Polynomial, Polynomial]:
        if other.is_zero:
            raise ZeroDivisionError("division by the zero polynomial")
        rem = list(self.coefficients)
        d = other.coefficients
        lead = d[-1]
        if len(rem) < len(d):
            return Polynomial(()), self
        quot = [Fraction(0)] * (len(rem) - len(d) + 1)
        for k in range(len(quot) - 1, -1, -1):
            q = rem[k + len(d) - 1] / lead
            quot[k] = q
            if q:
                for j, y in enumerate(d):
                    rem[k + j] -= q * y
        return Polynomial(tuple(quot)), Polynomial(tuple(rem[: len(d) - 1]))

    def __floordiv__(self, other: Polynomial) -> Polynomial:
        return divmod(self, other)[0]

    def __mod__(self, other: Polynomial) -> Polynomial:
        return divmod(self, other)[1]

    def exact_div(self, other: Polynomial) -> Polynomial:
        """``self / other`` when ``other`` divides ``self`` (ValueError otherwise)."""
        q, r = divmod(self, other)
        if not r.is_zero:
            raise ValueError(f"{other} does not divide {self}")
        return q

    def __call__(self, x: Scalar) -> Fraction:
        """The value at ``x`` (Horner's rule, exact)."""
        value = Fraction(0)
        for c in reversed(self.coefficients):
            value = value * x + c
        return value

    def derivative(self) -> Polynomial:
        return Polynomial(tuple(k * c for k, c in enumerate(self.coefficients))[1:])

    def monic(self) -> Polynomial:
        """The polynomial divided by its leading coefficient (zero stays zero)."""
        if self.is_zero:
            return self
        lead = self.coefficients[-1]
        return self if lead == 1 else Polynomial(tuple(c / lead for c in self.coefficients))

    def integer_coefficients(self) -> tuple[int, ...]:
        """The primitive integer multiple with a positive leading coefficient (same roots)."""
        if self.is_zero:
            return ()
        den = _int_lcm(*(c.denominator for c in self.coefficients))
        ints = [int(c * den) for c in self.coefficients]
        g = 0
        for v in ints:
            g = _int_gcd(g, v)
        sign = 1 if ints[-1] > 0 else -1
        return tuple(sign * v // g for v in ints)

    def sign_at(self, x: Scalar) -> int:
        """The sign of the value at ``x`` (-1, 0 or 1), computed in integers."""
        ints = self._integers
        if ints is None:
            ints = self.integer_coefficients()
            object.__setattr__(self, "_integers", ints)
        if not ints:
            return 0
        x = Fraction(x)
        p, q = x.numerator, x.denominator
        # sum_k c_k p^k q^(n-k) by Horner's rule from the top; q > 0, so its sign is the sign at p/q
        value, power = ints[-1], 1
        for c in reversed(ints[:-1]):
            power *= q
            value = value * p + c * power
        sign = (value > 0) - (value < 0)
        return sign if self.coefficients[-1] > 0 else -sign  # the integer form has a positive leading term

    @staticmethod
    def gcd(a: Polynomial, b: Polynomial) -> Polynomial:
        """The monic greatest common divisor (zero when both are zero)."""
        while not b.is_zero:
            a, b = b, a % b
        return a.monic()

    def squarefree(self) -> Polynomial:
        """The product of the distinct irreducible factors (monic): the same roots, each simple."""
        if self.degree < 1:
            return self.monic()
        g = Polynomial.gcd(self, self.derivative())
        return self.exact_div(g).monic() if g.degree > 0 else self.monic()

    # -------------------------------------------------------------- text
    def to_text(self, name: str = "x") -> str:
        """The polynomial in ``name``, highest degree first (``3*x^2 - x + 1/2``)."""
        if self.is_zero:
            return "0"
        parts = []
        for k in range(self.degree, -1, -1):
            c = self.coefficients[k]
            if c == 0:
                continue
            sign = "-" if c < 0 else "+"
            a = abs(c)
            power = "" if k == 0 else name if k == 1 else f"{name}^{k}"
            if not power:
                body = str(a)
            elif a == 1:
                body = power
            else:
                body = f"{a}*{power}"
            parts.append((sign, body))
        first_sign, first = parts[0]
        text = ("-" if first_sign == "-" else "") + first
        for sign, body in parts[1:]:
            text += f" {sign} {body}"
        return text

    def __repr__(self) -> str:
        return f"Polynomial({self.to_text()})"


def _poly(value: Polynomial | Scalar) -> Polynomial:
    return value if isinstance(value, Polynomial) else Polynomial((value,))


_ONE = Polynomial((1,))


@dataclass(frozen=True, slots=True, eq=True)
class RationalFunction:
    """``numerator / denominator`` in lowest terms, the denominator monic (nonzero).

    Build with :meth:`of` (a polynomial or number) and arithmetic; the constructor normalises.
    """

    numerator: Polynomial
    denominator: Polynomial = _ONE

    def __post_init__(self) -> None:
        num, den = self.numerator, self.denominator
        if den.is_zero:
            raise ZeroDivisionError("a rational function with a zero denominator")
        if num.is_zero:
            num, den = num, _ONE
        elif den.degree > 0:
            g = Polynomial.gcd(num, den)
            if g.degree > 0:
                num, den = num.exact_div(g), den.exact_div(g)
        lead = den.leading
        if lead != 1:
            num, den = num * (1 / lead), den * (1 / lead)
        object.__setattr__(self, "numerator", num)
        object.__setattr__(self, "denominator", den)

    @classmethod
    def of(cls, value: Polynomial | Scalar) -> RationalFunction:
        return cls(_poly(value))

    @property
    def is_zero(self) -> bool:
        return self.numerator.is_zero

    @property
    def is_constant(self) -> bool:
        return self.numerator.is_constant and self.denominator.is_constant

    @property
    def constant_value(self) -> Fraction:
        """The value of a constant function (ValueError otherwise)."""
        if not self.is_constant:
            raise ValueError(f"{self} is not constant")
        return self.numerator(0)

    def __add__(self, other: RationalFunction | Scalar) -> RationalFunction:
        o = _rf(other)
        if self.denominator == o.denominator:
            return RationalFunction(self.numerator + o.numerator, self.denominator)
        return RationalFunction(self.numerator * o.denominator + o.numerator * self.denominator,
                                self.denominator * o.denominator)

    __radd__ = __add__

    def __neg__(self) -> RationalFunction:
        return RationalFunction(-self.numerator, self.denominator)

    def __sub__(self, other: RationalFunction | Scalar) -> RationalFunction:
        return self + (-_rf(other))

    def __rsub__(self, other: Scalar) -> RationalFunction:
        return _rf(other) - self

    def __mul__(self, other: RationalFunction | Scalar) -> RationalFunction:
        o = _rf(other)
        return RationalFunction(self.numerator * o.numerator, self.denominator * o.denominator)

    __rmul__ = __mul__

    def __truediv__(self, other: RationalFunction | Scalar) -> RationalFunction:
        o = _rf(other)
        if o.is_zero:
            raise ZeroDivisionError("division by the zero function")
        return RationalFunction(self.numerator * o.denominator, self.denominator * o.numerator)

    def __rtruediv__(self, other: Scalar) -> RationalFunction:
        return _rf(other) / self

    def __pow__(self, n: int) -> RationalFunction:
        if n >= 0:
            return RationalFunction(self.numerator ** n, self.denominator ** n)
        if self.is_zero:
            raise ZeroDivisionError("zero to a negative power")
        return RationalFunction(self.denominator ** -n, self.numerator ** -n)

    def __call__(self, x: Scalar) -> Fraction:
        den = self.denominator(x)
        if den == 0:
            raise ZeroDivisionError(f"{self} has a pole at {x}")
        return self.numerator(x) / den

    def to_text(self, name: str = "x") -> str:
        if self.denominator == _ONE:
            return self.numerator.to_text(name)
        return f"({self.numerator.to_text(name)}) / ({self.denominator.to_text(name)})"

    def __repr__(self) -> str:
        return f"RationalFunction({self.to_text()})"


def _rf(value: RationalFunction | Polynomial | Scalar) -> RationalFunction:
    return value if isinstance(value, RationalFunction) else RationalFunction(_poly(value))
