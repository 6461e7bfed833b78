"""Numbers for people: the formatting primitives every report uses.

Exact values stay exact: an integer plain, a fraction with a short decimal expansion as that
decimal (``1.25``), any other fraction as ``p/q``; floats rounded to 6 significant digits. A
fraction whose denominator is above :data:`MAX_DENOMINATOR` and whose decimals never end is
shown rounded, marked ``≈`` (:func:`is_rounded`): such a fraction is what snapping a
floating-point limit to a nearby fraction gives (the QRE methods do, with denominators up to a
million), and its digits (``289608/579283``) carry no more than the float did.
The game tables (:mod:`.text`, :mod:`.tree_text`), the scenario report (:mod:`.scenario_text`)
and the explain renderers all format through these functions, so a number reads the same
everywhere. This module imports nothing from the rest of :mod:`berlinsim.reports`.

Examples
--------
>>> from fractions import Fraction
>>> format_value(Fraction(5, 4)), format_probability(Fraction(1, 2)), number_text(Fraction(20, 7))
('1.25', '1/2', '20/7 (≈ 2.857)')
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np

__all__ = ["MAX_DENOMINATOR", "format_probability", "format_value", "is_rounded", "number_text"]

#: Largest denominator of a non-terminating fraction that is written out as ``p/q``.
MAX_DENOMINATOR = 10**4


def is_rounded(value: Any) -> bool:
    """Whether :func:`format_value` shows ``value`` rounded (marked ``≈``) although it is a Fraction.

    >>> is_rounded(Fraction(289608, 579283)), is_rounded(Fraction(1247, 2444)), is_rounded(Fraction(1, 2**30))
    (True, False, False)
    """
    if not isinstance(value, Fraction) or value.denominator <= MAX_DENOMINATOR:
        return False
    d = value.denominator
    for p in (2, 5):
        while d % p == 0:
            d //= p
    return d != 1


def format_value(value: Any, digits: int = 6) -> str:
    """A number for people: integers plain, short decimals as decimals, other fractions as ``p/q``.

    >>> format_value(Fraction(5, 4)), format_value(Fraction(7, 3)), format_value(2.0), format_value(1 / 3)
    ('1.25', '7/3', '2', '0.333333')
    >>> format_value(Fraction(310280, 930911))
    '≈0.333308'
    """
    if is_rounded(value):
        return "\u2248" + format_value(float(value), digits)
    if isinstance(value, Fraction):
        if value.denominator == 1:
            return str(value.numerator)
        d = value.denominator
        twos = fives = 0
        while d % 2 == 0:
            d, twos = d // 2, twos + 1
        while d % 5 == 0:
            d, fives = d // 5, fives + 1
        places = max(twos, fives)
        if d == 1 and places <= digits:
            text = f"{value.numerator * 10**places // value.denominator:d}"
            sign, text = ("-", text[1:]) if text.startswith("-") else ("", text)
            text = text.rjust(places + 1, "0")
            return f"{sign}{text[:-places]}.{text[-places:]}"
        return f"{value.numerator}/{value.denominator}"
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        text = f"{float(value):.{digits}g}"
        return "0" if text == "-0" else text
    return str(value)


def format_probability(value: Any) -> str:
    """A probability: ``p/q`` when exact, else rounded to 6 significant digits.

    >>> format_probability(Fraction(1, 2)), format_probability(0.123456789), format_probability(Fraction(289608, 579283))
    ('1/2', '0.123457', '≈0.499942')
    """
    if is_rounded(value):
        return format_value(value)
    if isinstance(value, Fraction):
        return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"
    return format_value(value)


def number_text(value: Any) -> str:
    """A number for people: exact when exact, with a decimal approximation for fractions like 20/7.

    >>> number_text(Fraction(-113880, 314833))
    '≈-0.361716'
    """
    text = format_value(value)
    if isinstance(value, Fraction) and "/" in text:
        text += f" (≈ {float(value):.4g})"
    return text
