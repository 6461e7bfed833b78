"""The sentence of a threshold: who switches from what to what, in the scenario's words.

Private helper of :mod:`berlinsim.analysis.thresholds`. Outcome keys are those of
:mod:`berlinsim.analysis.outcome_keys` (per player: a support, or the supports at the
information sets reached).

Examples
--------
>>> _switches((("offer", ("G",)),), (("offer", ("R",)), ("after_rejection", ("hold",))))
True
>>> _switches((("offer", ("R",)), ("after_rejection", ("hold",))), (("offer", ("R",)),))
False
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from berlinsim.analysis.outcome_keys import player_part

__all__ = ["describe"]


def _switches(before: tuple, after: tuple) -> bool:
    """Whether a player's moves differ at an information set reached on both sides (a matrix
    player's support counts as one such set)."""
    if not before or not after or isinstance(before[0], str) or isinstance(after[0], str):
        return before != after
    then, now = dict(before), dict(after)
    return any(then[h] != now[h] for h in then.keys() & now.keys())


def describe(name: str, value: float, exact: Fraction | None, game: Any, left: Any, right: Any,
             at: Any | None) -> str:
    """The sentence for a change at ``value`` between the points ``left`` and ``right`` (``keys``,
    ``labels``), with the set ``at`` the threshold when known; ``game`` names the players."""
    shown = f"{value:.4g}"
    if exact is not None and Fraction(shown) != exact and exact.denominator < 10**6:
        shown += f" ({exact})"
    head = f"at {name} = {shown}"
    players = tuple(game.players)
    if len(left.keys) == 1 and len(right.keys) == 1:
        (k0,), (k1,) = left.keys, right.keys
        changed = [i for i in range(len(players)) if k0[i] != k1[i]]
        if changed:
            # the deciding player changes a move where both sides play; the others' moves may
            # only come into or drop out of play
            first = next((i for i in changed if _switches(k0[i], k1[i])), changed[0])
            others = [i for i in changed if i != first]
            text = (f"{head} {_player_name(players[first])} switches from {player_part(k0, first)} "
                    f"to {player_part(k1, first)}")
            if others:
                text += " (" + "; ".join(f"{_player_name(players[i])} then: {player_part(k1, i)} instead of "
                                         f"{player_part(k0, i)}" for i in others) + ")"
            return text
    gone = [left.labels[k][0] for k in left.keys - right.keys]
    new = [right.labels[k][0] for k in right.keys - left.keys]
    parts = []
    if gone:
        parts.append(f"{' and '.join(gone)} {'stops' if len(gone) == 1 else 'stop'} being "
                     f"{'an equilibrium' if len(gone) == 1 else 'equilibria'}")
    if new:
        parts.append(f"{' and '.join(new)} {'becomes an equilibrium' if len(new) == 1 else 'become equilibria'}")
    text = f"{head} " + (" and ".join(parts) if parts else "the equilibria change")
    if at is not None and at.keys != left.keys | right.keys and at.keys not in (left.keys, right.keys):
        extra = [at.labels[k][0] for k in at.keys - left.keys - right.keys]
        if extra:
            text += f" (at the threshold also {' and '.join(extra)})"
    return text


def _player_name(name: str) -> str:
    """'the US', 'the USSR', 'the UK' read as such; other names as they are."""
    return f"the {name}" if name in {"US", "USSR", "UK"} else name
