"""Every pure perfect Bayesian equilibrium of a game, by search over pure behaviour profiles.

A pure profile chooses one action at every information set. It is kept when :func:`._sequential.assess`
finds supporting beliefs at every information set. Any number of players.

The search assigns information sets from the end of the tree backwards and prunes early: once
a set and every set below it have actions, the continuation values there are known, and if no
belief at all (any distribution over the set's nodes, a superset of the admissible ones) makes
the chosen action optimal, no completion of the partial profile can be an equilibrium.

Examples
--------
>>> from berlinsim.model.extensive import ExtensiveGame, decision, terminal
>>> g = ExtensiveGame.from_tree(decision("Entrant", {"Out": terminal(0, 2),
...     "In": decision("Incumbent", {"Fight": terminal(-1, -1), "Accommodate": terminal(1, 1)})}))
>>> [flat for flat, _, _ in pure_pbe(g)]
[(0, 1, 0, 1)]
"""

from __future__ import annotations

from typing import Any, Iterator

import numpy as np

from berlinsim.errors import SolverError
from berlinsim.model.assessment import InfosetBelief
from berlinsim.model.extensive import ExtensiveGame
from berlinsim.solvers._beliefs import AdmissibleBeliefs
from berlinsim.solvers._sequential import assess, supporting_beliefs

#: Most pure behaviour profiles a game may have for this search.
MAX_PURE_PROFILES = 2_000_000

Found = tuple[tuple[int, ...], tuple[tuple[InfosetBelief, ...], ...], bool]


def _below(game: ExtensiveGame) -> list[set[int]]:
    """For each information set, the information sets with a node in the subtree of one of its nodes."""
    owner = np.asarray(game.infoset)
    out = []
    for s in game.infosets:
        below: set[int] = set()
        for x in s.nodes:
            sub = np.arange(x + 1, int(game.subtree_end[x]))
            dec = sub[np.asarray(game.kind)[sub] == 1]
            below.update(int(owner[k]) for k in dec)
        out.append(below)
    return out


def count_pure_profiles(game: ExtensiveGame) -> int:
    """The number of pure behaviour profiles (the product of the action counts)."""
    return int(np.prod([s.num_actions for s in game.infosets], dtype=object)) if game.infosets else 1


def pure_pbe(game: ExtensiveGame, *, limit: int = MAX_PURE_PROFILES, tol: float = 0.0) -> Iterator[Found]:
    """Yield ``(flat profile of 0/1, beliefs, sequential)`` for every pure perfect Bayesian equilibrium.

    Raises :class:`~berlinsim.errors.SolverError` when the game has more than ``limit`` pure profiles.
    """
    total = count_pure_profiles(game)
    if total > limit:
        raise SolverError(f"the game has {total:,} pure behaviour profiles; the pure search covers at most {limit:,}")
    below = _below(game)
    # deepest first; a set is checked once it and everything below it has an action
    order = sorted(range(game.num_infosets), key=lambda h: (-max(int(game.depth[x]) for x in game.infosets[h].nodes), h))
    position = {h: k for k, h in enumerate(order)}
    checks: list[list[int]] = [[] for _ in order]
    for h in order:
        last = max([position[h]] + [position[g] for g in below[h]])
        checks[last].append(h)
    everywhere = {h: AdmissibleBeliefs(infoset=h, nodes=game.infosets[h].nodes,
                                       vertices=tuple(tuple(int(j == k) for j in range(len(game.infosets[h].nodes)))
                                                      for k in range(len(game.infosets[h].nodes))),
                                       classes=tuple(frozenset({-1 - k}) for k in range(len(game.infosets[h].nodes))),
                                       reach=0, disjoint=True)
                  for h in order}
    flat: list[Any] = [0] * game.num_actions
    plans: dict[int, list[frozenset[int]]] = {}

    def search(k: int) -> Iterator[Found]:
        if k == len(order):
            found = assess(game, flat, tol, plans)
            if found is not None:
                yield tuple(flat), found[0], found[1]
            return
        h = order[k]
        lo = int(game.action_offset[h])
        for a in range(game.infosets[h].num_actions):
            flat[lo + a] = 1
            if all(supporting_beliefs(game, flat, everywhere[g], tol, plans) for g in checks[k]):
                yield from search(k + 1)
            flat[lo + a] = 0

    yield from search(0)
