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
from typing import Sequence

import numpy as np

from berlinsim.errors import GameError
from berlinsim.model.normal_form import NormalFormGame

Profile = Sequence[Sequence[float]]
ExactProfile = Sequence[Sequence[Fraction]]


def check_profile(game: NormalFormGame, profile: Profile, tol: float = 1e-9) -> tuple[np.ndarray, ...]:
    """The profile as float arrays, after checking its shape and that each strategy is a distribution."""
    if len(profile) != game.num_players:
        raise GameError(f"a profile needs one strategy per player ({game.num_players}), got {len(profile)}")
    out = []
    for i, s in enumerate(profile):
        arr = np.asarray([float(x) for x in s], dtype=np.float64)
        if arr.shape != (game.shape[i],):
            raise GameError(
                f"strategy of {game.players[i]!r} has {arr.size} entries, expected {game.shape[i]}"
            )
        if np.any(arr < -tol) or abs(arr.sum() - 1.0) > max(tol, 1e-9) * max(1, arr.size):
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
    """Each player's pure best responses to the others' strategies (ties kept; tolerance relative to the payoff scale)."""
    values = action_values(game, profile)
    scale = max(1.0, game.max_abs_payoff)
    return tuple(
        tuple(int(a) for a in np.flatnonzero(v >= v.max() - tol * scale)) for v in values
    )


def regret(game: NormalFormGame, profile: Profile) -> float:
    """The largest gain any player gets by switching to a pure action (0 at an equilibrium)."""
    strategies = check_profile(game, profile)
    values = action_values(game, strategies)
    gains = [float(v.max() - v @ s) for v, s in zip(values, strategies)]
    return max(0.0, max(gains))


def _exact_strategies(game: NormalFormGame, profile: ExactProfile) -> tuple[np.ndarray, ...]:
    if game.exact_payoffs is None:
        raise GameError("exact arithmetic needs a game with exact (rational) payoffs")
    if len(profile) != game.num_players:
        raise GameError(f"a profile needs one strategy per player ({game.num_players})")
    out = []
    for i, s in enumerate(profile):
        arr = np.array([Fraction(x) for x in s], dtype=object)
        if arr.shape != (game.shape[i],):
            raise GameError(f"strategy of {game.players[i]!r} has {arr.size} entries, expected {game.shape[i]}")
        if any(x < 0 for x in arr) or sum(arr) != 1:
            raise GameError(f"strategy of {game.players[i]!r} is not a probability vector")
        out.append(arr)
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
