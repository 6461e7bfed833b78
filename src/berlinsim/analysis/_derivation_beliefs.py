"""Beliefs that make a mixing player indifferent, and the earlier mixes that produce them (private helper of the tree derivation).

At an information set with several nodes the mover's value of an action is the belief-weighted
average of its values at the nodes. When the mover mixes, the mixed actions must be equally
good, and that is an equation in the beliefs: :func:`belief_indifference` groups the nodes by
what the mover's actions pay there (within a group only the total belief matters) and, with two
groups, solves the equation for the belief in the second. Bayes' rule makes that belief a
function of earlier mixes: :func:`mix_for_belief` finds the probability of an earlier mover's
first action that gives exactly the belief needed (the equation is linear in it, since a path
meets an information set at most once).

Examples
--------
>>> from fractions import Fraction as F
>>> view = belief_indifference(((F(0), F(10)), (F(-10), F(-100)), (F(0), F(10))), (F(1, 4), F(1, 2), F(1, 4)),
...                            ("after Yield", "after Firm", "after Yield"), (0, 1),
...                            [["after Yield"], ["after Firm"], ["after Yield"]])
>>> view.groups, view.names, view.beliefs, view.solution
(((0, 2), (1,)), ('after Yield', 'after Firm'), (Fraction(1, 2), Fraction(1, 2)), Fraction(1, 10))
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Sequence

from berlinsim.model.derivation_result import BeliefIndifference, MixForBelief, Number
from berlinsim.model.extensive import CHANCE, ExtensiveGame

__all__ = ["belief_indifference", "common_items", "mix_for_belief", "situation_items"]


def situation_items(game: ExtensiveGame, nodes: Sequence[int], player: int) -> list[list[str]]:
    """What tells the nodes of an information set apart: chance draws and others' moves on the way, per node.

    Items every node shares are left out.
    """
    paths = []
    for n in nodes:
        items = []
        for parent, a in game.path(n):
            label = game.actions_at(parent)[a]
            if game.kind[parent] == CHANCE:
                items.append(f"if {label}")
            elif int(game.player[parent]) != player:
                items.append(f"after {game.players[int(game.player[parent])]} chose {label}")
        paths.append(items)
    common = [item for item in paths[0] if all(item in p for p in paths[1:])]
    return [[i for i in p if i not in common] for p in paths]


def common_items(items: Sequence[Sequence[str]]) -> str:
    """What the situations of a group have in common (``''`` when nothing).

    >>> common_items([["if resolute", "after US chose Firm"], ["if irresolute", "after US chose Firm"]])
    'after US chose Firm'
    """
    shared = [i for i in items[0] if all(i in other for other in items[1:])]
    return ", ".join(shared)


def belief_indifference(node_values: Sequence[Sequence[Number]], beliefs: Sequence[Number], names: Sequence[str],
                        chosen: Sequence[int], items: Sequence[Sequence[str]] | None = None,
                        tol: float = 0) -> BeliefIndifference:
    """The indifference of a mixing mover in their beliefs (see the module docstring).

    ``node_values[n][a]``: the mover's value of action ``a`` at node ``n``; ``names`` the
    situations of the nodes (used to name a one-node group), ``items`` their parts (to name
    the larger groups by what they share); ``chosen`` the mixed actions.
    """
    groups: list[list[int]] = []
    for n, row in enumerate(node_values):
        for g in groups:
            if all(abs(x - y) <= tol for x, y in zip(node_values[g[0]], row)):
                g.append(n)
                break
        else:
            groups.append([n])
    labels = []
    for g in groups:
        if len(g) == 1:
            labels.append(names[g[0]])
        else:
            labels.append(common_items([items[n] for n in g]) if items is not None else "")
    values = tuple(tuple(node_values[g[0]]) for g in groups)
    zero = beliefs[0] * 0
    totals = tuple(sum((beliefs[n] for n in g), zero) for g in groups)
    solution = None
    if len(groups) == 2:
        for a, b in zip(chosen, chosen[1:]):
            first, second = values[0][a] - values[0][b], values[1][a] - values[1][b]
            if abs(second - first) > tol:  # m * second + (1 - m) * first = 0
                solution = first / (first - second)
                break
    return BeliefIndifference(groups=tuple(tuple(g) for g in groups), names=tuple(labels), values=values,
                              beliefs=totals, solution=solution)


def _weights(game: ExtensiveGame, flat: Sequence[Any], nodes: Sequence[int], exact: bool) -> list[Any]:
    """Each node's weight from the deepest common ancestor of ``nodes``: the product of the moves' probabilities."""
    paths = [game.path(n) for n in nodes]
    depth = 0
    while all(len(p) > depth for p in paths) and len({p[depth] for p in paths}) == 1:
        depth += 1
    out = []
    for path in paths:
        weight: Any = Fraction(1) if exact else 1.0
        for parent, action in path[depth:]:
            child = game.children(parent)[action]
            if game.kind[parent] == CHANCE:
                weight *= game.exact_move_prob[child] if exact else float(game.move_prob[child])
            else:
                weight *= flat[int(game.edge_action[child])]
        out.append(weight)
    return out


def mix_for_belief(game: ExtensiveGame, flat: Sequence[Any], h: int, chosen: Sequence[int], later: int,
                   indifference: BeliefIndifference, where: str, exact: bool, tol: float = 0) -> MixForBelief | None:
    """The probability ``f`` of ``chosen[0]`` at information set ``h`` (which mixes ``chosen``, two actions) that
    gives the later information set ``later`` the belief that makes its mover indifferent; None when that belief
    does not depend on ``f`` or the equation does not give the equilibrium's ``f``."""
    if indifference.solution is None or len(chosen) != 2:
        return None
    start = int(game.action_offset[h])
    nodes = list(game.infosets[later].nodes)
    ends = []
    for pick in (0, 1):  # f = 0 and f = 1
        trial = list(flat)
        for a in range(game.infosets[h].num_actions):
            trial[start + a] = (Fraction(1) if exact else 1.0) * 0
        trial[start + chosen[1 - pick]] = Fraction(1) if exact else 1.0
        ends.append(_weights(game, trial, nodes, exact))
    second = set(indifference.groups[1])
    numerator = [sum((w[n] for n in range(len(nodes)) if n in second), w[0] * 0) for w in ends]
    denominator = [sum(w, w[0] * 0) for w in ends]
    num = (numerator[0], numerator[1] - numerator[0])
    den = (denominator[0], denominator[1] - denominator[0])
    target = indifference.solution
    slope = num[1] - target * den[1]
    if abs(slope) <= tol:
        return None
    f = (target * den[0] - num[0]) / slope
    here = flat[start + chosen[0]]
    if (abs(f - here) > 1e-9) if tol or not exact else f != here:
        return None
    info = game.infosets[later]
    return MixForBelief(player=game.players[info.player], where=where, group=indifference.names[1],
                        actions=(game.infosets[h].actions[chosen[0]], game.infosets[h].actions[chosen[1]]),
                        numerator=num, denominator=den, target=target, solution=f)
