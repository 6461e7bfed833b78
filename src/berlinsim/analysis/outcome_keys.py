"""Equilibrium outcomes: what an equilibrium plays where play goes, as a hashable key and a label.

Thresholds, robustness counts and comparisons all compare equilibria by *outcome*: for a
matrix, each player's support; for a tree, the support at every information set reached with
positive probability (moves off the path do not count). Exact equilibria are read exactly
(a probability is positive when it is not zero); float ones with a tolerance of
:data:`SUPPORT_TOL`. Labels use the scenario's action and information-set labels.

Examples
--------
>>> from berlinsim.model.normal_form import NormalFormGame
>>> from berlinsim.model.result import equilibrium_from
>>> game = NormalFormGame.from_bimatrix([[0, -1], [1, -10]], [[0, 1], [-1, -10]],
...                                     actions=(("Yield", "Firm"), ("Back", "Press")))
>>> key, label = matrix_outcome(game, equilibrium_from(game, (("9/10", "1/10"), ("9/10", "1/10")), exact=True))
>>> key, label
((('Yield', 'Firm'), ('Back', 'Press')), '(9/10 Yield + 1/10 Firm, 9/10 Back + 1/10 Press)')
>>> outcome_label(("US", "USSR"), key)
'(mixing Yield and Firm, mixing Back and Press)'
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

__all__ = ["SUPPORT_TOL", "equilibrium_keys", "matrix_outcome", "outcome_label", "player_part", "tree_outcome"]

#: A probability counts as positive above this (inexact results only).
SUPPORT_TOL = 1e-9


def _mixture(actions: tuple[str, ...], probs: Any, exact: Any) -> tuple[tuple[str, ...], str]:
    values = exact if exact is not None else probs
    positive = [(a, q) for a, q in zip(actions, values) if (q > 0 if exact is not None else float(q) > SUPPORT_TOL)]
    support = tuple(a for a, _ in positive)
    if len(support) == 1:
        return support, support[0]
    return support, " + ".join(f"{_probability(q)} {a}" for a, q in positive)


def _probability(q: Any) -> str:
    """A probability as a short fraction when it is one, else to three digits."""
    if isinstance(q, Fraction) and q.denominator <= 1000:
        return str(q)
    return f"{float(q):.3g}"


def matrix_outcome(game: Any, eq: Any) -> tuple[tuple, str]:
    exact = eq.exact_strategies
    parts = [_mixture(tuple(game.actions[i]), eq.strategies[i], exact[i] if exact is not None else None)
             for i in range(len(game.actions))]
    return tuple(p[0] for p in parts), "(" + ", ".join(p[1] for p in parts) + ")"


def tree_outcome(game: Any, eq: Any) -> tuple[tuple, str]:
    from berlinsim.model.behavior import realization_probabilities

    if eq.exact_behavior is not None:
        from berlinsim.model.behavior import exact_realization_probabilities

        reach = exact_realization_probabilities(game, eq.exact_behavior)
    else:
        reach = realization_probabilities(game, eq.behavior)
    reached = (lambda nodes: sum(reach[n] for n in nodes) > 0) if eq.exact_behavior is not None else \
        (lambda nodes: sum(float(reach[n]) for n in nodes) > SUPPORT_TOL)
    key, words = [], []
    for i, infosets in enumerate(game.player_infosets):
        moves, texts = [], []
        for j, h in enumerate(infosets):
            infoset = game.infosets[h]
            if not reached(infoset.nodes):
                continue
            exact = eq.exact_behavior[i][j] if eq.exact_behavior is not None else None
            support, text = _mixture(tuple(infoset.actions), eq.behavior[i][j], exact)
            moves.append((infoset.label or str(h), support))
            texts.append((infoset.label, text))
        key.append(tuple(moves))
        if texts:
            distinct = {t for _, t in texts}
            said = texts[0][1] if len(distinct) == 1 else ", ".join(f"{t} when {lab}" for lab, t in texts)
            words.append(f"{game.players[i]} {said}")
    return tuple(key), "; ".join(words)


def equilibrium_keys(run: Any) -> dict[tuple, tuple[str, Any]]:
    """Outcome key -> (label, equilibrium) for every equilibrium of a :class:`ScenarioRun`.

    A key is per player: the support (matrix), or the supports at the information sets reached
    with positive probability (tree). Equilibria with the same key are counted once.
    """
    out: dict[tuple, tuple[str, Any]] = {}
    tree = hasattr(run.game, "player_infosets")
    for eq in run.result.equilibria:
        key, label = (tree_outcome if tree else matrix_outcome)(run.game, eq)
        out.setdefault(key, (label, eq))
    return out


def player_part(key: tuple, player: int) -> str:
    """What ``player`` does in the equilibrium with outcome ``key`` (supports, in the scenario's labels)."""
    def said(support: tuple[str, ...]) -> str:
        return support[0] if len(support) == 1 else f"mixing {' and '.join(support)}"

    moves = key[player]
    if not moves:
        return "nothing"
    if isinstance(moves[0], str):  # matrix: the support
        return said(moves)
    texts = [said(support) for _, support in moves]
    if len(set(texts)) == 1:
        return texts[0]
    return ", ".join(f"{t} when {label}" for (label, _), t in zip(moves, texts))


def outcome_label(players: tuple[str, ...], key: tuple) -> str:
    """A stable label of an outcome key (supports only, so it does not move with the parameters).

    >>> outcome_label(("US", "USSR"), (("S", "P"), ("H",)))
    '(mixing S and P, H)'
    >>> outcome_label(("US", "USSR"), ((("us_plan", ("wait",)),), (("answer", ("accept",)),)))
    'US wait; USSR accept'
    """
    parts = [player_part(key, i) for i in range(len(players))]
    if key and key[0] and not isinstance(key[0][0], str):
        return "; ".join(f"{name} {part}" for name, part, moves in zip(players, parts, key) if moves)
    return "(" + ", ".join(parts) + ")"
