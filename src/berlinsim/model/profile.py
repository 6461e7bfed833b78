"""Mixed profiles of a normal-form game: payoffs, best responses, regret.

A *profile* is one mixed strategy per player, each a sequence of probabilities
over that player's actions. Float profiles use the game's float payoffs; profiles
of :class:`~fractions.Fraction` use its exact payoffs (when the game has them), so
an equilibrium can be verified in exact arithmetic.

Examples
--------
>>> from berlinsim.model.normal_form import NormalFormGame
>>> mp = NormalFormGame.zero_sum([[1, -1], [-1, 1]], title="Matching pennies")
>>> half = (Fraction(1, 2), Fraction(1, 2))
>>> exact_regret(mp, (half, half))
Fraction(0, 1)
>>> regret(mp, ([0.5, 0.5], [0.5, 0.5])), regret(mp, ([1.0, 0.0], [1.0, 0.0]))
(0.0, 2.0)
>>> best_responses(mp, ([1.0, 0.0], [0.5, 0.5]))
((0, 1), (1,))
"""

from __future__ import annotations

from fractions import Fraction
from math import lcm
from typing import Sequence

import numpy as np

from berlinsim.errors import GameError
from berlinsim.model.normal_form import NormalFormGame

Profile = Sequence[Sequence[float]]
_FLOAT64 = np.dtype(np.float64)
ExactProfile = Sequence[Sequence[Fraction]]


def check_profile(game: NormalFormGame, profile: Profile, tol: float = 1e-9) -> tuple[np.ndarray, ...]:
    """The profile as float arrays, after checking its shape and that each strategy is a distribution."""
    return _checked(game, profile, tol, copy=True)


def _checked(game: NormalFormGame, profile: Profile, tol: float, *, copy: bool) -> tuple[np.ndarray, ...]:
    """:func:`check_profile`; with ``copy=False`` a 1-d float64 array strategy is returned as itself.

    A short strategy (at most 16 actions) is tested in Python, numpy's per-call cost
    being most of the work. Its sum is taken in Python; two summation orders differ by
    at most ``2 (n-1) u sum|s|`` (``u`` the unit roundoff), so a sum within that margin
    of the bound is handed to numpy's own sum: the verdict is always numpy's.
    """
    if len(profile) != game.num_players:
        raise GameError(f"a profile needs one strategy per player ({game.num_players}), got {len(profile)}")
    out = []
    shape = [len(actions) for actions in game.actions]
    limit = max(tol, 1e-9)
    for i, s in enumerate(profile):
        if type(s) is np.ndarray and s.dtype is _FLOAT64 and s.ndim == 1:
            arr = s.copy() if copy else s  # what the conversion below gives, without a Python loop
        else:
            arr = np.asarray([float(x) for x in s], dtype=np.float64)
        size = arr.size
        if arr.shape != (shape[i],):
            raise GameError(f"strategy of {game.players[i]!r} has {size} entries, expected {shape[i]}")
        bound = limit * max(1, size)
        if size > 16:
            bad = bool((arr < -tol).any()) or abs(arr.sum() - 1.0) > bound
        else:
            values = arr.tolist()
            bad = False
            for x in values:
                if x < -tol:
                    bad = True
                    break
            if not bad:
                off = abs(sum(values) - 1.0)
                if abs(off - bound) <= 4.0 * size * 2.0**-53 * (sum(map(abs, values)) + 1.0):
                    off = abs(arr.sum() - 1.0)  # too close to call (also NaN, inf): numpy decides
                bad = off > bound
        if bad:
            raise GameError(f"strategy of {game.players[i]!r} is not a probability vector: {arr.tolist()}")
        out.append(arr)
    return tuple(out)


def _contract_others(tensor: np.ndarray, player: int, strategies: Sequence[np.ndarray]) -> np.ndarray:
    """Contract every axis of ``tensor`` except ``player``'s with the other strategies.

    In exact (object) arithmetic, actions played with probability zero are dropped
    first: Fraction products cost microseconds and equilibria have small supports.
    """
    result = tensor
    for j in reversed(range(len(strategies))):
        if j == player:
            continue
        s = strategies[j]
        if result.dtype == object:
            keep = [a for a, p in enumerate(s) if p != 0]
            if 0 < len(keep) < len(s):
                result, s = result.take(keep, axis=j), s[keep]
        result = np.tensordot(result, s, axes=([j], [0]))
    return result


def action_values(game: NormalFormGame, profile: Profile) -> tuple[np.ndarray, ...]:
    """For each player, the expected payoff of each of their actions against the others' strategies."""
    strategies = check_profile(game, profile)
    return tuple(_contract_others(game.payoffs[i], i, strategies) for i in range(game.num_players))


def expected_payoffs(game: NormalFormGame, profile: Profile) -> np.ndarray:
    """Each player's expected payoff under the profile.

    >>> from berlinsim.model.normal_form import NormalFormGame
    >>> g = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> expected_payoffs(g, ([0, 1], [0, 1])).tolist()
    [1.0, 1.0]
    """
    strategies = check_profile(game, profile)
    values = action_values(game, strategies)
    return np.array([float(values[i] @ strategies[i]) for i in range(game.num_players)])


def best_responses(game: NormalFormGame, profile: Profile, tol: float = 1e-9) -> tuple[tuple[int, ...], ...]:
    """Each player's pure best responses to the others' strategies (ties kept).

    An action is a best response when it is worth at least the best value less ``tol`` times
    the player's payoff range (compared on the normalised payoffs, so any positive affine
    change of a player's payoffs gives the same answer).
    """
    strategies = check_profile(game, profile)
    values = tuple(_contract_others(u, i, strategies) for i, u in enumerate(game.normalized_payoffs))
    return tuple(tuple(int(a) for a in np.flatnonzero(v >= v.max() - tol)) for v in values)


def regret(game: NormalFormGame, profile: Profile) -> float:
    """The largest gain any player gets by switching to a pure action (0 at an equilibrium).

    Each player's gain is computed on the normalised payoffs and scaled back by the player's
    payoff range, so it is accurate relative to that range at any magnitude of the payoffs.
    """
    gains = _relative_gains(game, check_profile(game, profile))
    return _in_payoff_units(game, gains)


def relative_regret(game: NormalFormGame, profile: Profile) -> float:
    """The largest gain of any player from a pure deviation, as a fraction of that player's payoff range.

    Invariant under positive affine changes of any player's payoffs; solvers compare it with
    :data:`berlinsim.model.result.RELATIVE_TOLERANCE`.

    >>> from berlinsim.model.normal_form import NormalFormGame
    >>> g = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> relative_regret(g, ([1, 0], [1, 0])), regret(g, ([1, 0], [1, 0]))
    (0.4, 2.0)
    """
    return max(0.0, *_relative_gains(game, check_profile(game, profile)))


def _relative_gains(game: NormalFormGame, strategies: Sequence[np.ndarray]) -> list[float]:
    """Each player's gain from her best pure deviation, in normalised payoffs."""
    values = [_contract_others(u, i, strategies) for i, u in enumerate(game.normalized_payoffs)]
    return [float(v.max() - v @ s) for v, s in zip(values, strategies)]


def _in_payoff_units(game: NormalFormGame, gains: Sequence[float]) -> float:
    """The largest of the normalised ``gains`` times its player's range (0 when none is positive)."""
    spans = game.payoff_scale.float_span
    return max([g * s for g, s in zip(gains, spans) if g > 0], default=0.0)


def _exact_strategies(game: NormalFormGame, profile: ExactProfile) -> tuple[np.ndarray, ...]:
    return tuple(np.array(s, dtype=object) for s in _exact_tuples(game, profile))


def _exact_tuples(game: NormalFormGame, profile: ExactProfile) -> tuple[tuple[Fraction, ...], ...]:
    """The profile as tuples of Fractions, after checking it (the distribution test in integers)."""
    if game.exact_payoffs is None:
        raise GameError("exact arithmetic needs a game with exact (rational) payoffs")
    if len(profile) != game.num_players:
        raise GameError(f"a profile needs one strategy per player ({game.num_players})")
    out = []
    shape = game.shape
    for i, s in enumerate(profile):
        fr = tuple([x if type(x) is Fraction else Fraction(x) for x in s])
        if len(fr) != shape[i]:
            raise GameError(f"strategy of {game.players[i]!r} has {len(fr)} entries, expected {shape[i]}")
        weights, den = _common_denominator(fr)
        if any(w < 0 for w in weights) or sum(weights) != den:
            raise GameError(f"strategy of {game.players[i]!r} is not a probability vector")
        out.append(fr)
    return tuple(out)


def exact_action_values(game: NormalFormGame, profile: ExactProfile) -> tuple[np.ndarray, ...]:
    """:func:`action_values` in exact arithmetic (object arrays of Fractions)."""
    strategies = _exact_strategies(game, profile)
    return tuple(
        _contract_others(game.exact_payoffs[i], i, strategies) for i in range(game.num_players)
    )


def exact_expected_payoffs(game: NormalFormGame, profile: ExactProfile) -> tuple[Fraction, ...]:
    """:func:`expected_payoffs` in exact arithmetic."""
    strategies = _exact_strategies(game, profile)
    values = exact_action_values(game, strategies)
    return tuple(Fraction(sum(v * s for v, s in zip(values[i], strategies[i]))) for i in range(game.num_players))


def exact_regret(game: NormalFormGame, profile: ExactProfile) -> Fraction:
    """:func:`regret` in exact arithmetic; ``Fraction(0)`` exactly at an equilibrium."""
    strategies = _exact_strategies(game, profile)
    values = exact_action_values(game, strategies)
    gains = [max(v) - sum(a * b for a, b in zip(v, s)) for v, s in zip(values, strategies)]
    return max(Fraction(0), *gains)


def payoffs_and_regret(
    game: NormalFormGame, profile: Profile
) -> tuple[tuple[np.ndarray, ...], tuple[float, ...], float, float]:
    """The checked strategies, :func:`expected_payoffs`, :func:`regret` and :func:`relative_regret` in one pass.

    Payoffs come from the game's payoffs, gains from its normalised payoffs (see
    :func:`regret`). The strategies come back as float arrays (a strategy given as a 1-d
    float64 array is returned as itself, not copied).

    >>> from berlinsim.model.normal_form import NormalFormGame
    >>> mp = NormalFormGame.zero_sum([[1, -1], [-1, 1]], title="Matching pennies")
    >>> _, payoffs, gain, relative = payoffs_and_regret(mp, ([1.0, 0.0], [0.5, 0.5]))
    >>> payoffs, gain, relative
    ((0.0, 0.0), 1.0, 0.5)
    """
    strategies = _checked(game, profile, 1e-9, copy=False)
    if len(strategies) == 2:
        x, y = strategies
        a, b = game.payoffs
        na, nb = game.normalized_payoffs
        # The BLAS calls that np.tensordot and @ make here (gemv, then dot), without their
        # Python overhead; the largest value in Python (exact; a NaN makes the payoff NaN too).
        payoffs = (float(a.dot(y).dot(x)), float(b.T.dot(x).dot(y)))
        row, col = na.dot(y), nb.T.dot(x)
        gains = [max(row.tolist()) - float(row.dot(x)), max(col.tolist()) - float(col.dot(y))]
    else:
        payoffs = tuple(float(_contract_others(u, i, strategies) @ strategies[i]) for i, u in enumerate(game.payoffs))
        gains = _relative_gains(game, strategies)
    return strategies, payoffs, _in_payoff_units(game, gains), max(0.0, *gains)


def exact_payoffs_and_regret(
    game: NormalFormGame, profile: ExactProfile
) -> tuple[tuple[tuple[Fraction, ...], ...], tuple[Fraction, ...], Fraction, Fraction]:
    """The checked strategies, :func:`exact_expected_payoffs`, :func:`exact_regret` and the relative regret.

    The relative regret is the largest gain of a player as a fraction of that player's
    payoff range (exactly). Two-player games are computed in integers over common
    denominators (one Fraction per result instead of one per product); the values are the
    same Fractions.

    >>> from berlinsim.model.normal_form import NormalFormGame
    >>> mp = NormalFormGame.zero_sum([[1, -1], [-1, 1]], title="Matching pennies")
    >>> half = (Fraction(1, 2), Fraction(1, 2))
    >>> exact_payoffs_and_regret(mp, ((1, 0), half))[1:]
    ((Fraction(0, 1), Fraction(0, 1)), Fraction(1, 1), Fraction(1, 2))
    """
    strategies = _exact_tuples(game, profile)
    if len(strategies) != 2:
        arrays = tuple(np.array(s, dtype=object) for s in strategies)
        values = tuple(_contract_others(game.exact_payoffs[i], i, arrays) for i in range(game.num_players))
        payoffs = tuple(Fraction(sum(v * p for v, p in zip(vs, arr))) for vs, arr in zip(values, arrays))
        gains = [max(v) - sum(a * b for a, b in zip(v, s)) for v, s in zip(values, arrays)]
    else:
        x, y = strategies
        a, b = game.exact_payoffs
        row = _integer_values(a, y, columns=True)
        col = _integer_values(b, x, columns=False)
        payoffs, gains = [], []
        for (values, den), s in zip((row, col), strategies):
            weights, s_den = _common_denominator(s)
            total = sum(w * v for w, v in zip(weights, values) if w)
            payoffs.append(Fraction(total, s_den * den))
            gains.append(Fraction(max(values) * s_den - total, s_den * den))
    spans = game.payoff_scale.span
    relative = max([g / s for g, s in zip(gains, spans) if g > 0], default=Fraction(0))
    return strategies, tuple(payoffs), max(Fraction(0), *gains), relative


def _common_denominator(s: Sequence[Fraction]) -> tuple[list[int], int]:
    """Integers ``w`` and ``d`` with ``s[i] == w[i] / d``."""
    den = lcm(*(p.denominator for p in s))
    return [p.numerator * (den // p.denominator) for p in s], den


def _integer_values(u: np.ndarray, s: Sequence[Fraction], *, columns: bool) -> tuple[list[int], int]:
    """Integers ``v``, ``d``: ``v[k] / d = sum_l u[k, l] s[l]`` (``columns``), else ``sum_l u[l, k] s[l]``."""
    keep = [i for i, p in enumerate(s) if p]
    weights, s_den = _common_denominator([s[i] for i in keep])
    part = u[:, keep] if columns else u[keep, :].T
    rows = part.tolist()
    den = lcm(*(f.denominator for row in rows for f in row))
    values = [
        sum(f.numerator * (den // f.denominator) * w for f, w in zip(row, weights)) for row in rows
    ]
    return values, den * s_den
