"""What the threshold finder compares at a solved point: outcomes on the path and whole plans.

Private helper of :mod:`berlinsim.analysis.thresholds`. An equilibrium's *path key* is its outcome
key (:mod:`berlinsim.analysis.outcome_keys`: supports where play goes). Its *plan key* adds the
supports at every information set, reached or not -- what a subgame-perfect equilibrium also
specifies off the path (a threat, a response to an overture that does not come). The finder
compares plans for methods whose equilibria specify moves off the path by the method itself
(``spe``), and paths otherwise (a table method's off-path moves are arbitrary).

Examples
--------
>>> from berlinsim.model.extensive import ExtensiveGame, decision, terminal
>>> from berlinsim.model.result import behavior_equilibrium_from
>>> g = ExtensiveGame.from_tree(decision("Entrant", {"Out": terminal(0, 2), "In": decision(
...     "Incumbent", {"Fight": terminal(-1, -1), "Accommodate": terminal(1, 1)}, infoset="entered")},
...     infoset="start"))
>>> eq = behavior_equilibrium_from(g, (((1, 0),), ((1, 0),)), exact=True)
>>> key, label = plan_outcome(g, eq)
>>> key
((('start', ('Out',)),), (('entered', ('Fight',)),))
>>> label
'Entrant Out; off the path: Incumbent Fight when entered'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from berlinsim.analysis.outcome_keys import SUPPORT_TOL, matrix_outcome, tree_outcome

__all__ = ["PLAN_METHODS", "Point", "plan_outcome", "solved_point"]

#: Methods whose equilibria specify the moves off the path themselves.
PLAN_METHODS = frozenset({"spe", "auto", "pbe"})


@dataclass(frozen=True, slots=True)
class Point:
    """A solved point: path keys and plan keys, each key -> (label, equilibrium) in the solver's order."""

    keys: frozenset
    labels: dict
    plans: frozenset
    plan_labels: dict
    game: Any


def _support(actions: tuple[str, ...], probs: Any, exact: Any) -> tuple[str, ...]:
    values = exact if exact is not None else probs
    return tuple(a for a, q in zip(actions, values) if (q > 0 if exact is not None else float(q) > SUPPORT_TOL))


def plan_outcome(game: Any, eq: Any) -> tuple[tuple, str]:
    """The plan key of a tree equilibrium (supports at every information set) and its label: the
    path label, then the moves at information sets play does not reach."""
    from berlinsim.model.behavior import exact_realization_probabilities, realization_probabilities

    path_key, label = tree_outcome(game, eq)
    exact = eq.exact_behavior is not None
    reach = (exact_realization_probabilities(game, eq.exact_behavior) if exact
             else realization_probabilities(game, eq.behavior))
    key, off = [], []
    for i, infosets in enumerate(game.player_infosets):
        moves, texts = [], []
        for j, h in enumerate(infosets):
            infoset = game.infosets[h]
            support = _support(tuple(infoset.actions), eq.behavior[i][j], eq.exact_behavior[i][j] if exact else None)
            name = infoset.label or str(h)
            moves.append((name, support))
            reached = sum(reach[n] for n in infoset.nodes) > 0 if exact else \
                sum(float(reach[n]) for n in infoset.nodes) > SUPPORT_TOL
            if not reached:
                said = support[0] if len(support) == 1 else f"mixing {' and '.join(support)}"
                texts.append(f"{said} when {name}")
        key.append(tuple(moves))
        if texts:
            off.append(f"{game.players[i]} {', '.join(texts)}")
    if off:
        label = f"{label}; off the path: {'; '.join(off)}"
    return tuple(key), label


def solved_point(run: Any, plans: bool) -> Point:
    """A :class:`~berlinsim.scenarios.run.ScenarioRun` reduced to its keys (module level: it pickles)."""
    game = run.game
    tree = hasattr(game, "player_infosets")
    labels: dict = {}
    plan_labels: dict = {}
    for eq in run.result.equilibria:
        key, label = (tree_outcome if tree else matrix_outcome)(game, eq)
        labels.setdefault(key, (label, eq))
        if plans and tree:
            plan, plan_label = plan_outcome(game, eq)
            plan_labels.setdefault(plan, (plan_label, eq))
        else:
            plan_labels.setdefault(key, (label, eq))
    return Point(frozenset(labels), labels, frozenset(plan_labels), plan_labels, game)
