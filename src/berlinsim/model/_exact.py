"""Exact (rational) numbers: what counts as exact input, and conversions.

A number is *exact* when it was given as an integer, a :class:`~fractions.Fraction`,
a :class:`~decimal.Decimal`, or a numeric string (``"3"``, ``"-1.25"``, ``"7/3"``,
``"1e-3"``). A Python or numpy float is taken as inexact: its binary value is
rarely the number the user meant.

Examples
--------
>>> to_fraction("1.25"), to_fraction(3), to_fraction(0.5)
(Fraction(5, 4), Fraction(3, 1), None)
>>> format_number(Fraction(7, 3)), format_number(Fraction(4, 1)), format_number(0.1 + 0.2)
('7/3', '4', '0.3')
"""

from __future__ import annotations

import numbers
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np


def to_fraction(value: Any) -> Fraction | None:
    """The exact value of ``value``, or ``None`` when it is not exact input.

    Raises ``ValueError`` for strings that are not numbers and ``TypeError``
    for things that are not numbers at all.
    """
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(f"a payoff must be a number, got {value!r}")
    if isinstance(value, Fraction):
        return value
    if isinstance(value, (int, np.integer)):
        return Fraction(int(value))
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"a payoff must be finite, got {value}")
        return Fraction(value)
    if isinstance(value, str):
        text = value.strip()
        try:
            return Fraction(text)
        except (ValueError, ZeroDivisionError):
            raise ValueError(f"not a number: {value!r}") from None
    if isinstance(value, (float, np.floating)):
        if not np.isfinite(value):
            raise ValueError(f"a payoff must be finite, got {value}")
        return None
    if isinstance(value, numbers.Rational):
        return Fraction(value.numerator, value.denominator)
    raise TypeError(f"a payoff must be a number, got {type(value).__name__}")


def exact_array(values: Any) -> np.ndarray | None:
    """An object array of Fractions with the shape of ``values``, or ``None`` if any entry is inexact.

    >>> exact_array([[1, "1/2"], [0, 2]])[0, 1]
    Fraction(1, 2)
    >>> exact_array(np.array([0.5, 1.0])) is None
    True
    """
    arr = np.asarray(values, dtype=object) if not isinstance(values, np.ndarray) else values
    if arr.dtype.kind in "iu":
        out = np.empty(arr.shape, dtype=object)
        out.flat[:] = [Fraction(int(v)) for v in arr.flat]
        return out
    if arr.dtype.kind == "f":
        if not np.all(np.isfinite(arr)):
            raise ValueError("payoffs must be finite")
        return None
    out = np.empty(arr.shape, dtype=object)
    for index, v in enumerate(arr.flat):
        f = to_fraction(v)
        if f is None:
            return None
        out.flat[index] = f
    return out


def to_float_array(values: Any) -> np.ndarray:
    """A float64 array of ``values`` (numbers, Fractions or numeric strings)."""
    arr = np.asarray(values, dtype=object) if not isinstance(values, np.ndarray) else values
    if arr.dtype.kind in "iuf":
        out = arr.astype(np.float64)
    else:
        out = np.empty(arr.shape, dtype=np.float64)
        for index, v in enumerate(arr.flat):
            f = to_fraction(v)
            out.flat[index] = float(v) if f is None else float(f)
    if not np.all(np.isfinite(out)):
        raise ValueError("payoffs must be finite")
    return out


def format_number(value: Fraction | float | int, digits: int = 6) -> str:
    """A short readable form: fractions as ``p/q``, floats rounded to ``digits`` significant digits."""
    if isinstance(value, Fraction):
        return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    text = f"{float(value):.{digits}g}"
    return "0" if text == "-0" else text


def nearby_distribution(probs: Any, max_denominator: int) -> tuple[Fraction, ...] | None:
    """Fractions with denominators at most ``max_denominator`` near ``probs``, summing to 1 exactly.

    The largest entry absorbs the rounding; ``None`` when that would make it negative. Used to
    turn the float limit of a path into an exact candidate that is then verified.

    >>> nearby_distribution([0.3333333334, 0.6666666666], 1000)
    (Fraction(1, 3), Fraction(2, 3))
    """
    fr = [Fraction(float(v)).limit_denominator(max_denominator) for v in probs]
    big = int(np.argmax(probs))
    fr[big] = 1 - (sum(fr) - fr[big])
    return None if fr[big] < 0 else tuple(fr)
