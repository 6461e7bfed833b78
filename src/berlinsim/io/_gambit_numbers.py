"""Numbers of Gambit's text formats, read exactly and checked against the limits first.

Too many digits, a magnitude beyond ``10^max_exponent`` (``1e999999999`` would take hours to
expand), or a common denominator too long is refused by :func:`exact_number` and
:class:`Denominators` with a message naming the limit (:class:`~berlinsim.limits.Limits`),
before any arithmetic.

>>> exact_number("-1.25e2"), exact_number("0e999999")
(Fraction(-125, 1), Fraction(0, 1))
>>> exact_number("1e400")
Traceback (most recent call last):
...
berlinsim.io._gambit_numbers.NumberRefused: expected a number below 10^300 in absolute value (limit max_exponent, see docs/limits.md), found 1e400
"""

from __future__ import annotations

import re
from fractions import Fraction
from math import gcd

from berlinsim.limits import DEFAULT, DOCS, Limits, digits

#: A number as Gambit writes and reads it: an integer, a decimal with optional exponent, or p/q.
#: ASCII digits only: other scripts' digits are not numbers in these formats.
_NUMBER = re.compile(r"[+-]?(?:[0-9]+/[0-9]+|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)\Z")
#: The parts of any number token of either format: sign, whole digits, fraction digits, exponent, denominator.
_PARTS = re.compile(r"([+-]?)([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?(?:/([0-9]+))?\Z")
#: Most digits of an exponent (a longer one is out of range whatever the limits).
_EXPONENT_DIGITS = 6


class NumberRefused(ValueError):
    """A number token that is not a number or is outside the limits; the message says which."""


def _shown(word: str) -> str:
    return word if len(word) <= 30 else f"{word[:24]}... ({len(word):,} characters)"


def exact_number(word: str, limits: Limits = DEFAULT) -> Fraction:
    """The exact value of a number token, checked against ``limits`` before it is computed.

    Accepts ``[+-]digits[.digits][e[+-]digits][/digits]``. Raises :class:`NumberRefused` for
    a malformed number, a zero denominator, more than ``max_number_digits`` digits, or an
    absolute value at or above ``10^max_exponent`` or (unless zero) below ``10^-max_exponent``.
    """
    m = _PARTS.match(word)
    if m is None or not (m.group(2) or m.group(3)):
        raise NumberRefused(f"expected a number, found {_shown(word)}")
    sign, whole, frac, exp, den = m.groups()
    frac = frac or ""
    digits = len(whole) + len(frac) + len(den or "")
    if digits > limits.max_number_digits:
        raise NumberRefused(f"expected a number of {limits.at_most('max_number_digits', 'digits')}, "
                            f"found one of {digits:,} digits ({word[:20]}...)")
    denominator = int(den) if den else 1
    if denominator == 0:
        raise NumberRefused(f"expected a number, found {_shown(word)} (division by zero)")
    mantissa = (whole + frac).lstrip("0")
    if exp is not None and len(exp.lstrip("+-")) > _EXPONENT_DIGITS:  # never turned into an int
        if not mantissa:
            raise NumberRefused(f"expected an exponent of at most {_EXPONENT_DIGITS} digits, found {_shown(word)}")
        return _out_of_range(word, not exp.startswith("-"), limits)
    if not mantissa:
        return Fraction(0)
    top = limits.max_exponent
    scale = int(exp or 0) - len(frac)  # |value| = int(mantissa) * 10^scale / denominator
    decade = len(mantissa) - 1 + scale - (len(den.lstrip("0")) - 1 if den else 0)  # floor(log10|value|) or one more
    if decade - 1 >= top:
        return _out_of_range(word, True, limits)
    if decade < -top:
        return _out_of_range(word, False, limits)
    value = Fraction(int(mantissa) * 10 ** max(scale, 0), denominator * 10 ** max(-scale, 0))
    if decade == top and value >= 10**top:  # only this decade can go either way
        return _out_of_range(word, True, limits)
    if decade == -top and value * 10**top < 1:
        return _out_of_range(word, False, limits)
    return -value if sign == "-" else value


def _out_of_range(word: str, too_large: bool, limits: Limits) -> Fraction:
    top = limits.max_exponent
    where = f"(limit max_exponent, see {DOCS})"
    if too_large:
        raise NumberRefused(f"expected a number below 10^{top} in absolute value {where}, found {_shown(word)}")
    raise NumberRefused(f"expected 0 or a number of at least 10^-{top} in absolute value {where}, "
                        f"found {_shown(word)}")


class Denominators:
    """The least common denominator of the numbers of one file, kept below ``max_denominator_digits``.

    >>> d = Denominators(Limits(max_denominator_digits=3))
    >>> d.add(Fraction(1, 12)); d.add(Fraction(5, 18)); d.common
    36
    >>> d.add(Fraction(1, 997))
    Traceback (most recent call last):
    ...
    berlinsim.io._gambit_numbers.NumberRefused: the numbers' common denominator would have 5 digits; expected at most 3 digits (limit max_denominator_digits, see docs/limits.md)
    """

    def __init__(self, limits: Limits = DEFAULT) -> None:
        self.limits = limits
        self.common = 1
        self._bound = 10**limits.max_denominator_digits

    def add(self, value: Fraction) -> None:
        q = value.denominator
        if q == 1 or self.common % q == 0:
            return
        common = self.common * q // gcd(self.common, q)
        if common >= self._bound:
            raise NumberRefused(
                f"the numbers' common denominator would have {digits(common):,} digits; expected "
                + self.limits.at_most("max_denominator_digits", "digits"))
        self.common = common
