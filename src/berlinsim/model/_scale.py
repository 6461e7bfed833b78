"""Each player's payoff range, and payoffs normalised by it before any floating-point step.

Adding a constant to one player's payoffs, or multiplying them by a positive number, changes
no equilibrium. The solvers are made blind to such changes by working, wherever they use
floating point, on *normalised* payoffs: player ``i``'s payoff ``u`` becomes
``(u - low_i) / span_i``, where ``low_i`` is the player's lowest payoff and ``span_i`` the
range (highest minus lowest); a player whose payoffs are all equal gets zeros. Tolerances are
fractions of the same ranges (:data:`berlinsim.model.result.RELATIVE_TOLERANCE`).

* Exact (rational) payoffs are normalised in exact arithmetic and rounded to a float once, so
  two games that differ by positive affine changes of players' payoffs have bit for bit the
  same normalised floats, at any magnitude (``10**16 + 3`` and ``10**16`` stay 3 apart).
* Float payoffs are normalised in floats: the subtraction and the division are each correctly
  rounded, so a normalised payoff is within two units in the last place of its exact value
  whatever the magnitude.

A float game in which some player's payoffs span less than :data:`FLOAT_SPAN` of their
magnitude is taken exactly instead (:func:`is_too_narrow`): there, floats at the payoffs'
magnitude are spaced more widely than the tolerance (``1e-9`` of the span), so a tolerance
cannot be applied as intended. Every float is an exact binary fraction, and the game is
solved with those fractions (:class:`~berlinsim.model.normal_form.NormalFormGame` does this
on construction).

Examples
--------
>>> from fractions import Fraction
>>> u = np.array([[10**16, 10**16 + 3], [10**16 + 2, 10**16 + 3]], dtype=object)
>>> scale = payoff_scale(u.astype(float)[None], u[None])
>>> scale.low, scale.span, scale.normalized[0].tolist()
((Fraction(10000000000000000, 1),), (Fraction(3, 1),), [[0.0, 1.0], [0.6666666666666666, 1.0]])
>>> is_too_narrow(np.array([[1e9, 1e9 + 1.0]])), is_too_narrow(np.array([[0.0, 1e-300]]))
(True, False)
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from fractions import Fraction
from math import inf, isfinite, lcm
from operator import attrgetter
from typing import Any

import numpy as np

#: A float game some of whose players' payoffs span less than this fraction of their largest
#: magnitude is solved exactly (2**-22, about 2.4e-7: there the spacing of floats, 2**-52 of the
#: magnitude, exceeds 1e-9 of the span).
FLOAT_SPAN = 2.0**-22

#: Integers below this in magnitude are exact floats, and so are their differences below it.
_EXACT_INT = 2**53

_denominator = attrgetter("denominator")
_numerator = attrgetter("numerator")

#: Arrays up to this size are handled in Python lists (numpy's per-call cost dominates there).
_SMALL = 256


@dataclass(frozen=True, slots=True, kw_only=True)
class PayoffScale:
    """Each player's lowest payoff and range, and the payoffs normalised by them.

    Attributes
    ----------
    low, span : tuple
        Per player: the lowest payoff and the range (highest minus lowest); Fractions when
        the payoffs are exact, floats otherwise.
    float_span : tuple of float
        The spans as floats (``inf`` beyond the float range).
    normalized : numpy.ndarray
        Float payoffs with the players on the first axis, each player's mapped onto
        ``[0, 1]`` by ``(u - low) / span`` (zeros when the span is 0); read-only.
    """

    low: tuple[Fraction | float, ...]
    span: tuple[Fraction | float, ...]
    float_span: tuple[float, ...]
    normalized: np.ndarray


def payoff_scale(floats: np.ndarray, exact: np.ndarray | None) -> PayoffScale:
    """The scale of payoff arrays with the players on the first axis.

    ``floats[i]`` holds player ``i``'s float payoffs, ``exact[i]`` the same as Fractions
    (``exact`` is None for a float game).
    """
    if exact is None and 0 < floats.size <= _SMALL:
        scale = _small_float_scale(floats)
        if scale is not None:
            return scale
    lows, spans = [], []
    normalized = np.empty(floats.shape)
    for i in range(floats.shape[0]):
        if exact is None:
            low, span, row = _float_player(floats[i])
        else:
            low, span, row = _exact_player(exact[i].ravel().tolist(), floats[i])
        lows.append(low)
        spans.append(span)
        normalized[i] = row
    normalized.setflags(write=False)
    return PayoffScale(low=tuple(lows), span=tuple(spans), float_span=tuple(_to_float(s) for s in spans),
                       normalized=normalized)


def _small_float_scale(floats: np.ndarray) -> PayoffScale | None:
    """:func:`payoff_scale` of a small float game in two numpy operations (None: a span is 0 or overflows)."""
    rows = floats.reshape(floats.shape[0], -1).tolist()
    lows = tuple(min(row) for row in rows)
    spans = tuple(max(row) - low for row, low in zip(rows, lows))
    if not all(0.0 < s < inf for s in spans):
        return None
    shape = (len(rows),) + (1,) * (floats.ndim - 1)
    normalized = (floats - np.array(lows).reshape(shape)) / np.array(spans).reshape(shape)
    normalized.setflags(write=False)
    return PayoffScale(low=lows, span=spans, float_span=spans, normalized=normalized)


def exact_normalized(exact: np.ndarray, scale: PayoffScale) -> np.ndarray:
    """The normalised payoffs as Fractions: ``(exact[i] - low_i) / span_i`` (0 where the span is 0)."""
    out = np.empty(exact.shape, dtype=object)
    for i, (low, span) in enumerate(zip(scale.low, scale.span)):
        flat = exact[i].ravel().tolist()
        out[i].flat[:] = [(f - low) / span for f in flat] if span else [Fraction(0)] * len(flat)
    return out


def is_too_narrow(floats: np.ndarray) -> bool:
    """Whether some player's float payoffs (players on the first axis) span less than :data:`FLOAT_SPAN` of their magnitude."""
    if floats.size == 0:
        return False
    flat = floats.reshape(floats.shape[0], -1)
    if flat.size <= _SMALL:  # a few numbers: Python is faster than numpy's per-call cost
        pairs = [(min(row), max(row)) for row in flat.tolist()]
    else:
        pairs = zip(flat.min(axis=1).tolist(), flat.max(axis=1).tolist())
    return any(0.0 < high - low < FLOAT_SPAN * max(-low, high, abs(low), abs(high)) for low, high in pairs)


def batch_ranges(payoffs: np.ndarray, axis: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each game's lowest payoff and range per player, and which games are too narrow for floats.

    ``low`` and ``span`` have the shape of ``payoffs`` with every axis but the games' (0) and
    the players' (``axis``) of length 1, so they broadcast against it. A game is *narrow* when
    some player's payoffs span less than :data:`FLOAT_SPAN` of their magnitude (see
    :func:`is_too_narrow`; such games are to be solved one by one, exactly).

    >>> low, span, narrow = batch_ranges(np.array([[[0.0, 3.0], [1.0, 9.0]], [[1e9, 5.0], [1e9 + 1, 5.0]]]), 2)
    >>> low.ravel().tolist(), span.ravel().tolist(), narrow.tolist()
    ([0.0, 3.0, 1000000000.0, 5.0], [1.0, 6.0, 1.0, 0.0], [False, True])
    """
    g, n = payoffs.shape[0], payoffs.shape[axis]
    flat = np.moveaxis(payoffs, axis, 1).reshape(g, n, -1)
    if flat.shape[2] <= 16:  # a few cells: cell by cell, faster than a reduction over a short axis
        low, high = flat[:, :, 0].copy(), flat[:, :, 0].copy()
        for k in range(1, flat.shape[2]):
            np.minimum(low, flat[:, :, k], out=low)
            np.maximum(high, flat[:, :, k], out=high)
    else:
        low, high = flat.min(axis=2), flat.max(axis=2)
    span = high - low
    narrow = ((span > 0) & (span < FLOAT_SPAN * np.maximum(np.abs(low), np.abs(high)))).any(axis=1)
    shape = [1] * payoffs.ndim
    shape[0], shape[axis] = g, n
    return low.reshape(shape), span.reshape(shape), narrow


def _exact_player(values: list[Fraction], floats: np.ndarray) -> tuple[Fraction, Fraction, np.ndarray]:
    """One player's low, span and normalised floats, computed in integers over a common denominator."""
    if not values:
        return Fraction(0), Fraction(0), np.zeros(floats.shape)
    den = lcm(*set(map(_denominator, values)))
    ints = list(map(_numerator, values)) if den == 1 else [f.numerator * (den // f.denominator) for f in values]
    low, high = min(ints), max(ints)
    span = high - low
    low_exact = Fraction(low) if den == 1 else Fraction(low, den)
    if span == 0:
        return low_exact, Fraction(0), np.zeros(floats.shape)
    span_exact = Fraction(span) if den == 1 else Fraction(span, den)
    if len(ints) > _SMALL and den == 1 and -_EXACT_INT < low and high < _EXACT_INT and span < _EXACT_INT:
        # whole numbers that are exact floats: the float subtraction is exact and the division
        # correctly rounded, which is what the exact computation below gives (only faster)
        return low_exact, span_exact, (floats - float(low)) / float(span)
    # Python's int / int is correctly rounded: one rounding of the exact normalised value
    row = np.array([(v - low) / span for v in ints], dtype=np.float64).reshape(floats.shape)
    return low_exact, span_exact, row


def _float_player(u: np.ndarray) -> tuple[float, float, np.ndarray]:
    if u.size == 0:
        return 0.0, 0.0, np.zeros(u.shape)
    if u.size <= _SMALL:
        flat = u.ravel().tolist()
        low, high = min(flat), max(flat)
    else:
        low, high = float(u.min()), float(u.max())
    span = high - low
    if span == 0.0:
        return low, 0.0, np.zeros(u.shape)
    if isfinite(span):
        return low, span, (u - low) / span
    # the range overflows: halving is exact for such large numbers
    return low, inf, (u * 0.5 - low * 0.5) / (high * 0.5 - low * 0.5)


def _to_float(value: Fraction | float) -> float:
    try:
        return float(value)
    except OverflowError:
        return inf


def tree_scale(game: Any) -> PayoffScale:
    """The scale of an extensive game's terminal payoffs (``payoffs[t, p]``), cached on the game."""
    if "scale" not in game._cache:
        exact = None if game.exact_payoffs is None else game.exact_payoffs.T
        game._cache["scale"] = payoff_scale(game.payoffs.T, exact)
    return game._cache["scale"]


def normalized_tree(game: Any) -> Any:
    """The extensive game with normalised payoffs (exact when its payoffs are), cached on the game."""
    if "normalized" not in game._cache:
        scale = tree_scale(game)
        exact = None if game.exact_payoffs is None else exact_normalized(game.exact_payoffs.T, scale).T
        game._cache["normalized"] = dataclasses.replace(game, payoffs=scale.normalized.T, exact_payoffs=exact)
    return game._cache["normalized"]
