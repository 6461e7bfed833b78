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

What a player does on either side, said so that the difference shows: the deciding player's
switch (a move at an information set reached on both sides; the rest left out when it reads
the same), and what another player then does.

>>> before = (("prepare?", ("skip",)), ("race, unprepared", ("U",)))
>>> after = (("prepare?", ("prepare",)), ("race, prepared", ("U",)))
>>> _switch(before, after)
('skip', 'prepare', '')
>>> _switch((("weak", ("accept",)), ("strong", ("reject",))), (("weak", ("accept",)), ("strong", ("accept",))))
('reject', 'accept', ' when strong')
>>> _then((("race, unprepared", ("U",)),), (("race, prepared", ("U",)),))
'still plays U'
>>> _then((("offer", ("R",)),), (("offer", ("R",)), ("after_rejection", ("hold",))))
'still plays R, now also hold when after_rejection'
>>> _then(("U",), ("B",))
'then: B instead of U'
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from berlinsim.analysis.outcome_keys import player_part

__all__ = ["describe", "describe_change", "head"]


def _switches(before: tuple, after: tuple) -> bool:
    """Whether a player's moves differ at an information set reached on both sides (a matrix
    player's support counts as one such set)."""
    if not before or not after or isinstance(before[0], str) or isinstance(after[0], str):
        return before != after
    then, now = dict(before), dict(after)
    return any(then[h] != now[h] for h in then.keys() & now.keys())


def head(name: str, value: float, exact: Fraction | None, polynomial: str | None = None) -> str:
    """``at NAME = VALUE``, with the exact fraction when the decimals do not show it, or the
    polynomial of an irrational value.

    >>> head("p", 252 / 457, Fraction(252, 457)), head("x", 2 ** 0.5, None, "x^2 - 2")
    ('at p = 0.5514 (252/457)', 'at x = 1.414 (a root of x^2 - 2)')
    """
    shown = f"{value:.4g}"
    if exact is not None and Fraction(shown) != exact and exact.denominator < 10**6:
        shown += f" ({exact})"
    elif polynomial is not None:
        shown += f" (a root of {polynomial})"
    return f"at {name} = {shown}"


def describe(name: str, value: float, exact: Fraction | None, game: Any, left: Any, right: Any,
             at: Any | None, polynomial: str | None = None) -> str:
    """The sentence for a change at ``value`` between the points ``left`` and ``right`` (``keys``,
    ``labels``), with the set ``at`` the threshold when known; ``game`` names the players."""
    head_ = head(name, value, exact, polynomial)
    return _describe_path(head_, game, left, right, at)


def _describe_path(head: str, game: Any, left: Any, right: Any, at: Any | None) -> str:
    players = tuple(game.players)
    if len(left.keys) == 1 and len(right.keys) == 1:
        (k0,), (k1,) = left.keys, right.keys
        changed = [i for i in range(len(players)) if k0[i] != k1[i]]
        if changed:
            # the deciding player changes a move where both sides play (else one whose words
            # change); the others' moves may only come into or drop out of play
            first = next((i for i in changed if _switches(k0[i], k1[i])),
                         next((i for i in changed if _said(k0[i]) != _said(k1[i])), changed[0]))
            was, now, where = _switch(k0[first], k1[first])
            if was != now:
                others = [i for i in changed if i != first]
                text = f"{head} {_player_name(players[first])} switches from {was} to {now}{where}"
                if others:
                    text += " (" + "; ".join(f"{_player_name(players[i])} {_then(k0[i], k1[i])}"
                                             for i in others) + ")"
                return text
    # in the order the solver lists the equilibria (a set's order would change from run to run)
    gone = [label for k, (label, _) in left.labels.items() if k not in right.keys]
    new = [label for k, (label, _) in right.labels.items() if k not in left.keys]
    parts = []
    if gone:
        parts.append(f"{' and '.join(gone)} {'stops' if len(gone) == 1 else 'stop'} being "
                     f"{'an equilibrium' if len(gone) == 1 else 'equilibria'}")
    if new:
        parts.append(f"{' and '.join(new)} {'becomes an equilibrium' if len(new) == 1 else 'become equilibria'}")
    text = f"{head} " + (" and ".join(parts) if parts else "the equilibria change")
    if at is not None and at.keys != left.keys | right.keys and at.keys not in (left.keys, right.keys):
        extra = [label for k, (label, _) in at.labels.items() if k not in left.keys and k not in right.keys]
        if extra:
            text += f" (at the threshold also {' and '.join(extra)})"
    return text


def _player_name(name: str) -> str:
    """'the US', 'the USSR', 'the UK' read as such; other names as they are."""
    return f"the {name}" if name in {"US", "USSR", "UK"} else name


def _said(moves: tuple) -> str:
    """A player's part of an outcome key in words (:func:`player_part`)."""
    return player_part((moves,), 0)


def _where(moves: tuple) -> str:
    """A tree player's moves, each with the information set it is made at."""
    return ", ".join(f"{_said((move,))} when {move[0]}" for move in moves)


def _tree(before: tuple, after: tuple) -> bool:
    return bool(before) and bool(after) and not isinstance(before[0], str) and not isinstance(after[0], str)


def _switch(before: tuple, after: tuple) -> tuple[str, str, str]:
    """(was, now, where) for the player who switches.

    When it changes moves at information sets reached on both sides and its other moves read
    the same on both sides: only the changed moves (with their sets, or ``where`` the one set,
    when it still moves at another set reached on both sides). When the words are the same
    (only where play goes differs): every move with its information set.
    """
    was, now = _said(before), _said(after)
    if not _tree(before, after):
        return was, now, ""
    then, later = dict(before), dict(after)
    changed = [h for h in then if h in later and then[h] != later[h]]
    if changed:
        rest0 = tuple(m for m in before if m[0] not in changed)
        rest1 = tuple(m for m in after if m[0] not in changed)
        if _said(rest0) == _said(rest1):  # the rest reads the same: only the changed moves
            was = tuple(m for m in before if m[0] in changed)
            now = tuple(m for m in after if m[0] in changed)
            if not {h for h, _ in rest0} & {h for h, _ in rest1}:
                return _said(was), _said(now), ""
            # it still moves at a set reached on both sides: say where the change is
            if len(changed) == 1:
                return _said(was), _said(now), f" when {changed[0]}"
            return _where(was), _where(now), ""
    if was == now:
        return _where(before), _where(after), ""
    return was, now, ""


def _then(before: tuple, after: tuple) -> str:
    """What another player does after the switch: the same moves ('still plays'), the same
    moves and one more or one fewer information set reached, or other moves ('then: ...')."""
    was, now, where = _switch(before, after)
    if _tree(before, after):
        then, later = dict(before), dict(after)
        if all(then[h] == later[h] for h in then.keys() & later.keys()):  # only where play goes differs
            if _said(before) == _said(after):
                return f"still plays {_said(before)}"
            kept = tuple(m for m in before if m[0] in later)
            added = tuple(m for m in after if m[0] not in then)
            dropped = tuple(m for m in before if m[0] not in later)
            if kept and added and not dropped:
                return f"still plays {_said(kept)}, now also {_where(added)}"
            if kept and dropped and not added:
                return f"still plays {_said(kept)}, no longer {_where(dropped)}"
    return f"then: {now} instead of {was}{where}"


# ----------------------------------------------------------------------------- plans, points, ends
def describe_change(name: str, value: float, exact: Fraction | None, polynomial: str | None, kind: str,
                    before: Any, at: Any | None, after: Any, *, paths: bool) -> str:
    """The sentence of a change of kind ``path``, ``plan``, ``point`` or ``end`` (see
    :data:`berlinsim.analysis.thresholds.KINDS`). ``before``, ``at`` and ``after`` are solved points
    (path ``keys``/``labels`` and ``plans``/``plan_labels``); ``paths``: name the equilibria by
    their play (else by their whole plans)."""
    first = head(name, value, exact, polynomial)
    game = before.game
    if kind == "path":
        return _describe_path(first, game, before, after, at)
    if kind == "plan":
        return _describe_plan(first, game, before, after)
    lower = kind == "end" and at is before
    inside = (after if lower else before) if kind == "end" else before
    where = (" only, " if kind == "point" else
             f", the {'lower' if lower else 'upper'} end of the interval, ")
    side = "on both sides" if kind == "point" else "inside the interval"
    if paths:
        return f"{first}{where}" + _difference(at, inside, paths) + f" ({side}: {_listed(inside, paths)})"
    if len(at.plans) == 1 and len(inside.plans) == 1:
        return f"{first}{where}" + _plan_switches(game, inside, at, "would switch") + " (play itself is the same)"
    return (f"{first}{where}the plans off the equilibrium path differ: {_count(at.plans)} instead of "
            f"{_count(inside.plans)} ({side}), play is the same ({_listed(at, True)})")


def _count(plans: Any) -> str:
    return f"{len(plans)} equilibri{'um' if len(plans) == 1 else 'a'}"


def _entries(point: Any, paths: bool) -> dict:
    return point.labels if paths else point.plan_labels


def _listed(point: Any, paths: bool) -> str:
    entries = _entries(point, paths)
    return " and ".join(label for label, _ in entries.values()) or "no equilibrium"


def _difference(point: Any, other: Any, paths: bool) -> str:
    """What ``point``'s set has that ``other``'s lacks, and the reverse, in the solver's order."""
    mine, theirs = _entries(point, paths), _entries(other, paths)
    new = [label for k, (label, _) in mine.items() if k not in theirs]
    gone = [label for k, (label, _) in theirs.items() if k not in mine]
    parts = []
    if new:
        parts.append(f"{' and '.join(new)} {'is' if len(new) == 1 else 'are'} also "
                     f"{'an equilibrium' if len(new) == 1 else 'equilibria'}")
    if gone:
        parts.append(f"{' and '.join(gone)} {'is not an equilibrium' if len(gone) == 1 else 'are not equilibria'}")
    return " and ".join(parts) if parts else "the equilibria change"


def _plan_switches(game: Any, before: Any, after: Any, verb: str) -> str:
    """Who changes which move between the single plans of ``before`` and ``after``."""
    (k0,), (k1,) = before.plans, after.plans
    switches = []
    for i, (moves0, moves1) in enumerate(zip(k0, k1)):
        now = dict(moves1)
        changed = [(h, support, now[h]) for h, support in moves0 if h in now and now[h] != support]
        if changed:
            said = ", and ".join(f"from {_said(((h, was),))} to {_said(((h, new),))} when {h}" for h, was, new in changed)
            switches.append(f"{_player_name(game.players[i])} {verb} {said}")
    return "; ".join(switches) or "the plans change"


def _describe_plan(first: str, game: Any, before: Any, after: Any) -> str:
    """Only the plans off the path change: who would switch where, when one plan holds on each side."""
    if len(before.plans) == 1 and len(after.plans) == 1:
        return f"{first}, off the equilibrium path, " + _plan_switches(game, before, after, "switches") + \
            " (play itself does not change)"
    return (f"{first} the plans off the equilibrium path change: {_count(before.plans)} before, "
            f"{_count(after.plans)} after; play does not change ({_listed(after, True)})")
