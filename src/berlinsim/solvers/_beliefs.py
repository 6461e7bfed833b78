"""Which beliefs a behaviour profile admits at each information set (limits of Bayes' rule).

Kreps and Wilson (1982) call beliefs *consistent* when they are limits of Bayes' rule along
fully mixed profiles converging to the profile. Streufert (2005, "Two characterizations of
consistency") shows the trembles may be taken as monomials ``c(a) * eps**k(a)`` (``k(a) > 0``)
on the actions the profile never plays. At an information set ``h`` the weight of a node ``x``
is then ``w(x) * prod c(a) * eps**sum k(a)`` over the unplayed actions ``U(x)`` on its path (``w``:
the product of the played probabilities and chance probabilities). Actions common to every
node's path cancel. So, looking at ``h`` alone:

* nodes are grouped into *classes* by their set ``U(x)`` (after cancelling the common part);
  within a class the proportions are fixed by ``w`` (Bayes' rule on the play below the point
  where the histories part);
* a class whose set contains another class's set always has a higher order in ``eps``: its
  nodes get belief 0;
* the remaining (*minimal*) classes can get any weights when their sets are pairwise disjoint
  (choose the orders and coefficients of their actions freely), so the admissible beliefs are
  the convex hull of one vertex per minimal class. If a class has an empty set (the set is
  reached from where the histories part), it is the only minimal class: the belief is fixed.

On the path this is Bayes' rule; after a player's own deviation it is Bayes' rule on the others'
play ("no signalling what you don't know"); in every subgame it is Bayes' rule from the subgame's
root. Information sets are independent here; a sequential equilibrium needs one sequence of
trembles for all of them at once. :func:`coupled_actions` finds the unplayed actions through which
two free information sets (or two classes of one set) constrain each other; where there are none,
every combination of admissible beliefs is jointly consistent and an assessment that is
sequentially rational with them is a sequential equilibrium.

Chance moves with probability 0 are not trembled (Kreps and Wilson perturb only the players):
nodes behind them count only when every node of the set is behind as many of them.

Examples
--------
Beer-quiche pooling on beer: after quiche, nobody's plan says who is there, so any belief is
admissible (two classes, one per type); after beer it is the prior.

>>> from berlinsim.model.extensive import ExtensiveGame, chance, decision, terminal
>>> def receiver(infoset):
...     return decision("R", {"duel": terminal(0, 0), "not": terminal(1, 1)}, infoset=infoset)
>>> g = ExtensiveGame.from_tree(chance({
...     "weak": ("1/10", decision("S", {"beer": receiver("b"), "quiche": receiver("q")}, infoset="w")),
...     "strong": ("9/10", decision("S", {"beer": receiver("b"), "quiche": receiver("q")}, infoset="s"))}))
>>> flat = [1, 0, 1, 0, 0, 1, 0, 1]              # both types beer; R: not, not
>>> after_beer, after_quiche = (admissible_beliefs(g, flat, h) for h in g.player_infosets[1])
>>> after_beer.vertices, after_beer.source
(((Fraction(1, 10), Fraction(9, 10)),), 'path')
>>> after_quiche.vertices, after_quiche.source
(((Fraction(1, 1), Fraction(0, 1)), (Fraction(0, 1), Fraction(1, 1))), 'free')
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Sequence

from berlinsim.model.extensive import CHANCE, ExtensiveGame

#: A float move probability at or below this counts as a move not played.
PLAYED_TOL = 1e-9


@dataclass(frozen=True, slots=True, kw_only=True)
class AdmissibleBeliefs:
    """The beliefs a profile admits at one information set: the hull of ``vertices``.

    Attributes
    ----------
    infoset : int
        Global information-set index.
    nodes : tuple of int
        Its nodes (the order of every belief vector).
    vertices : tuple of tuple
        One belief per minimal class (one vertex: the belief is fixed).
    classes : tuple of frozenset of int
        For each vertex, the unplayed actions (global indices) its nodes' histories need.
    reach : number
        Probability of reaching the set under the profile.
    disjoint : bool
        Whether the classes' action sets are pairwise disjoint (then the hull is exactly the set
        of beliefs consistent at this information set; otherwise a superset of it).
    """

    infoset: int
    nodes: tuple[int, ...]
    vertices: tuple[tuple[Any, ...], ...]
    classes: tuple[frozenset[int], ...]
    reach: Any
    disjoint: bool

    @property
    def source(self) -> str:
        """``"path"``, ``"plan"`` (fixed off the path) or ``"free"``."""
        if self.reach > 0:
            return "path"
        return "plan" if len(self.vertices) == 1 else "free"


def _is_played(p: Any) -> bool:
    return p > 0 if isinstance(p, (int, Fraction)) else p > PLAYED_TOL


def _history(game: ExtensiveGame, flat: Sequence[Any], node: int, exact: bool) -> tuple[Any, int, frozenset[int]]:
    """(weight of the played and chance moves, chance moves of probability 0, unplayed actions) to ``node``."""
    weight: Any = Fraction(1) if exact else 1.0
    impossible, unplayed = 0, set()
    for parent, action in game.path(node):
        child = game.children(parent)[action]
        if game.kind[parent] == CHANCE:
            p = game.exact_move_prob[child] if exact else float(game.move_prob[child])
            if p > 0:
                weight *= p
            else:
                impossible += 1
            continue
        a = int(game.edge_action[child])
        if _is_played(flat[a]):
            weight *= flat[a]
        else:
            unplayed.add(a)
    return weight, impossible, frozenset(unplayed)


def admissible_beliefs(game: ExtensiveGame, flat: Sequence[Any], h: int) -> AdmissibleBeliefs:
    """The beliefs that limits of Bayes' rule allow at information set ``h`` under ``flat``.

    ``flat`` is a behaviour profile over global actions (:func:`~berlinsim.model.behavior.flatten_behavior`);
    exact (Fractions or ints) when every entry is, and the game's chance probabilities are exact.
    """
    nodes = game.infosets[h].nodes
    exact = game.exact_move_prob is not None and all(isinstance(x, (int, Fraction)) for x in flat)
    zero = Fraction(0) if exact else 0.0
    histories = [_history(game, flat, x, exact) for x in nodes]
    fewest = min(imp for _, imp, _ in histories)
    reach = sum((w for w, imp, u in histories if imp == 0 and not u), zero)
    alive = [k for k, (_, imp, _) in enumerate(histories) if imp == fewest]
    common = frozenset.intersection(*(histories[k][2] for k in alive))
    groups: dict[frozenset[int], list[int]] = {}
    for k in alive:
        groups.setdefault(histories[k][2] - common, []).append(k)
    minimal = [s for s in groups if not any(t < s for t in groups)]
    minimal.sort(key=lambda s: min(groups[s]))
    vertices = []
    for s in minimal:
        total = sum((histories[k][0] for k in groups[s]), zero)
        vertex = [zero] * len(nodes)
        for k in groups[s]:
            vertex[k] = histories[k][0] / total
        vertices.append(tuple(vertex))
    disjoint = all(not (a & b) for i, a in enumerate(minimal) for b in minimal[i + 1:])
    return AdmissibleBeliefs(infoset=h, nodes=tuple(nodes), vertices=tuple(vertices), classes=tuple(minimal),
                             reach=reach, disjoint=disjoint)


def coupled_actions(beliefs: Sequence[AdmissibleBeliefs]) -> frozenset[int]:
    """Unplayed actions that tie free beliefs together (empty: the beliefs are jointly consistent).

    An action counts when it is in two classes of one information set, or in classes of two
    different information sets whose beliefs are free.

    >>> a = AdmissibleBeliefs(infoset=0, nodes=(1, 2), vertices=((1, 0), (0, 1)), classes=(frozenset({4}), frozenset({5})),
    ...                       reach=0, disjoint=True)
    >>> b = AdmissibleBeliefs(infoset=1, nodes=(3, 4), vertices=((1, 0), (0, 1)), classes=(frozenset({4}), frozenset({6})),
    ...                       reach=0, disjoint=True)
    >>> sorted(coupled_actions([a])), sorted(coupled_actions([a, b]))
    ([], [4])
    """
    seen: dict[int, int] = {}
    tied: set[int] = set()
    for b in beliefs:
        if len(b.vertices) < 2:
            continue
        for cls in b.classes:
            for a in cls:
                if a in seen:
                    tied.add(a)
                seen[a] = b.infoset
    return frozenset(tied)
