"""The polynomials whose signs decide a tree's equilibrium set, on one piece of the parameter.

Private helper of :mod:`berlinsim.analysis.thresholds`. Terminal payoffs and chance probabilities
are rational functions of the parameter ``x``.

Subgame perfection (``spe``) is followed the way :mod:`berlinsim.solvers.spe` solves the tree,
subgame by subgame from the bottom, but with every value the subgame *could* take on the piece
(its *candidates*: an over-estimate, never an under-estimate):

* a terminal: its payoffs;
* a decision node with perfect information: every candidate of every child; the mover compares
  each candidate of one child with each candidate of another (the polynomial of that difference);
* a chance node: the expectation of every combination of the children's candidates; its
  probabilities are polynomials too (where one reaches 0, play stops reaching a branch);
* a subgame with imperfect information: its reduced normal form, payoffs summed over the nested
  subgames' candidates. One mover: every comparison of two of its strategies' values, and every
  strategy's value is a candidate. Two movers: the minors of both best-response polyhedra
  (:func:`._critical_matrix.bimatrix_family`) for every combination of the nested candidates, and
  the value of every pair of vertex strategies is a candidate. Three or more movers (a QRE limit)
  or imperfect recall: :class:`Unsupported`.

Off-path nodes are compared like any other, so changes of the plan off the equilibrium path are
found. Wherever none of these polynomials changes sign, every comparison backward induction makes
keeps its outcome, so the set of subgame-perfect plans is the same.

A table method on a tree (``pure``, ``enummixed``, ``auto``) solves the tree's reduced normal form:
:func:`table_family` gives that table's polynomials (and the chance probabilities').
"""

from __future__ import annotations

from itertools import product
from typing import Any, Sequence

import numpy as np

from berlinsim.analysis._critical_matrix import (
    MAX_MINORS,
    Unsupported,
    _count,
    bimatrix_family,
    pure_family,
    vertex_solutions,
)
from berlinsim.model.extensive import CHANCE, DECISION, TERMINAL, ExtensiveGame, NodeRecord, subgame_roots
from berlinsim.model.polynomial import Polynomial, RationalFunction

__all__ = ["MAX_CANDIDATES", "spe_family", "table_family"]

#: Most candidate values of one subgame (or combinations at one node) followed.
MAX_CANDIDATES = 20_000
#: Largest reduced normal form of a two-mover subgame that spe enumerates (else it uses lcp).
MAX_ENUMERATED_CELLS = 150

Value = tuple[RationalFunction, ...]


def _edge_probabilities(game: ExtensiveGame, chance: Sequence[Sequence[RationalFunction]]) -> list[RationalFunction]:
    """The probability of the move into each node (1 below a decision node)."""
    order = [n for n in range(game.num_nodes) if game.kind[n] == CHANCE]
    index = {n: k for k, n in enumerate(order)}
    one = RationalFunction.of(1)
    out = [one] * game.num_nodes
    for n in range(1, game.num_nodes):
        parent = int(game.parent[n])
        if game.kind[parent] == CHANCE:
            out[n] = chance[index[parent]][int(game.parent_action[n])]
    return out


def _chance_polynomials(chance: Sequence[Sequence[RationalFunction]]) -> set[Polynomial]:
    return {p.numerator.monic() for node in chance for p in node if p.numerator.degree > 0}


def _add(out: set[Polynomial], a: RationalFunction, b: RationalFunction) -> None:
    d = (a - b).numerator
    if d.degree > 0:
        out.add(d.monic())


def _expectations(weights: Sequence[RationalFunction], options: Sequence[Sequence[Value]], players: int) -> list[Value]:
    """``sum_k weights[k] * v_k`` for every combination of one value per option list (deduplicated)."""
    total = 1
    for o in options:
        total *= len(o)
    if total > MAX_CANDIDATES:
        raise Unsupported(f"{total:,} combinations of continuation values (more than {MAX_CANDIDATES:,})")
    zero = RationalFunction.of(0)
    seen: dict[Value, None] = {}
    for combo in product(*options):
        value = tuple(sum((w * v[i] for w, v in zip(weights, combo)), zero) for i in range(players))
        seen.setdefault(value, None)
    return list(seen)


class _Spe:
    def __init__(self, game: ExtensiveGame, payoffs: Sequence[Value], chance: Sequence[Sequence[RationalFunction]]):
        self.game, self.payoffs = game, payoffs
        self.edge = _edge_probabilities(game, chance)
        self.polys = _chance_polynomials(chance)
        self.minors: dict = {}  # determinant of a sub-table, by its entries (combinations share most)
        self.roots = subgame_roots(game)
        self.is_root = np.zeros(game.num_nodes, dtype=bool)
        self.is_root[list(self.roots)] = True
        self.candidates: dict[int, list[Value]] = {}
        # bottom-up; the root's own values are compared by no one, so they are not computed
        for r in reversed(self.roots):
            values = self._solve(r, want=r != self.roots[0])
            if values is not None:
                self.candidates[r] = values

    def values(self, node: int) -> list[Value]:
        if self.game.kind[node] == TERMINAL:
            return [self.payoffs[int(self.game.terminal_index[node])]]
        return self.candidates[node]

    def _region(self, root: int) -> tuple[list[int], list[int]]:
        nodes, leaves = [], []
        k, end = root, int(self.game.subtree_end[root])
        while k < end:
            if k != root and self.is_root[k]:
                leaves.append(k)
                nodes.append(k)
                k = int(self.game.subtree_end[k])
                continue
            nodes.append(k)
            k += 1
        return nodes, leaves

    def _solve(self, r: int, want: bool = True) -> list[Value] | None:
        game = self.game
        nodes, _ = self._region(r)
        children = game.children(r)
        if len(nodes) == 1 + len(children):
            options = [self.values(c) for c in children]
            if game.kind[r] == CHANCE:
                return _expectations([self.edge[c] for c in children], options, game.num_players) if want else None
            i = int(game.player[r])
            for a in range(len(children)):
                for b in range(a + 1, len(children)):
                    for u in options[a]:
                        for w in options[b]:
                            _add(self.polys, u[i], w[i])
            merged: dict[Value, None] = {}
            for o in options:
                for v in o:
                    merged.setdefault(v, None)
            if len(merged) > MAX_CANDIDATES:
                raise Unsupported(f"more than {MAX_CANDIDATES:,} candidate values at node {r}")
            return list(merged)
        return self._imperfect(r, nodes, want)

    def _imperfect(self, r: int, nodes: list[int], want: bool) -> list[Value] | None:
        from berlinsim.model.reduced_normal_form import to_reduced_normal_form

        game = self.game
        sub, outlets, weights = _region_game(game, r, nodes, self.is_root, self.edge)
        if not sub.is_perfect_recall:
            raise Unsupported(f"the subgame at node {r} lacks perfect recall")
        _, smap = to_reduced_normal_form(sub)
        shape = tuple(len(c) for c in smap.choices)
        active = [p for p, n in enumerate(shape) if n > 1]
        options = [self.values(o) for o in outlets]
        n = game.num_players
        if len(active) >= 3:
            raise Unsupported(f"the subgame at node {r} has {len(active)} players moving (solved by a QRE limit)")
        if len(active) == 2 and int(np.prod(shape)) > MAX_ENUMERATED_CELLS:
            raise Unsupported(f"the subgame at node {r} is too large to enumerate (solved by lcp)")
        # reach[profile][t]: outlet t is consistent with every player's strategy in the profile
        consistent = smap.consistent

        def reaches(profile: tuple[int, ...]) -> list[int]:
            return [t for t in range(len(outlets)) if all(consistent[p][s, t] for p, s in enumerate(profile))]

        base = [0] * n
        if not active:
            ts = reaches(tuple(base))
            return _expectations([weights[t] for t in ts], [options[t] for t in ts], n) if want else None
        if len(active) == 1:
            (i,) = active
            per_strategy = []
            for s in range(shape[i]):
                profile = list(base)
                profile[i] = s
                ts = reaches(tuple(profile))
                per_strategy.append(_expectations([weights[t] for t in ts], [options[t] for t in ts], n))
            for a in range(len(per_strategy)):
                for b in range(a + 1, len(per_strategy)):
                    for u in per_strategy[a]:
                        for w in per_strategy[b]:
                            _add(self.polys, u[i], w[i])
            merged: dict[Value, None] = {}
            for vs in per_strategy:
                for v in vs:
                    merged.setdefault(v, None)
            return list(merged)
        return self._two_movers(active, shape, reaches, weights, options, want)

    def _two_movers(self, active: list[int], shape: tuple[int, ...], reaches: Any, weights: list[RationalFunction],
                    options: list[list[Value]], want: bool) -> list[Value] | None:
        i, j = active
        n = self.game.num_players
        total = 1
        for o in options:
            total *= len(o)
        minors = total * (_count(shape[i], shape[j]) + _count(shape[j], shape[i]))
        if minors > MAX_MINORS:
            raise Unsupported(f"a subgame with two players moving ({shape[i]} x {shape[j]} strategies) and {total:,} "
                              f"combinations of continuation values below it: {minors:,} minors to follow "
                              f"(more than {MAX_MINORS:,})")
        zero = RationalFunction.of(0)
        cells: dict[tuple[int, int], list[int]] = {}
        for s in range(shape[i]):
            for t in range(shape[j]):
                profile = [0] * len(shape)
                profile[i], profile[j] = s, t
                cells[s, t] = reaches(tuple(profile))
        out: dict[Value, None] = {}
        for combo in product(*options):
            table = {(s, t): tuple(sum((weights[o] * combo[o][k] for o in cells[s, t]), zero) for k in range(n))
                     for s in range(shape[i]) for t in range(shape[j])}
            a = [[table[s, t][i] for t in range(shape[j])] for s in range(shape[i])]
            b = [[table[s, t][j] for t in range(shape[j])] for s in range(shape[i])]
            self.polys |= bimatrix_family(a, b, cache=self.minors)
            if not want:
                continue
            xs = vertex_solutions(b)
            ys = vertex_solutions([[a[s][t] for s in range(shape[i])] for t in range(shape[j])])
            for x in xs:
                for y in ys:
                    value = tuple(sum((x[s] * y[t] * table[s, t][k] for s in range(shape[i]) for t in range(shape[j])),
                                      zero) for k in range(n))
                    out.setdefault(value, None)
            if len(out) > MAX_CANDIDATES:
                raise Unsupported(f"more than {MAX_CANDIDATES:,} candidate values in a subgame")
        return list(out) if want else None


def _region_game(game: ExtensiveGame, root: int, nodes: list[int], is_root: np.ndarray,
                 edge: list[RationalFunction]) -> tuple[ExtensiveGame, list[int], list[RationalFunction]]:
    """The region as a game of its own (structure only: zero payoffs), its outlets (nested subgame
    roots and terminals, in preorder) and each outlet's chance weight within the region."""
    records, outlets, weights = [], [], []
    weight = {root: RationalFunction.of(1)}
    for k in nodes:
        if k != root:
            weight[k] = weight[int(game.parent[k])] * edge[k]
        if (k != root and is_root[k]) or game.kind[k] == TERMINAL:
            records.append(NodeRecord(kind=TERMINAL, payoffs=(0,) * game.num_players))
            outlets.append(k)
            weights.append(weight[k])
        elif game.kind[k] == DECISION:
            s = game.infosets[game.infoset[k]]
            records.append(NodeRecord(kind=DECISION, player=s.player, infoset=s.number, infoset_label=s.label,
                                      actions=s.actions))
        else:
            s = game.chance_infosets[game.infoset[k]]
            records.append(NodeRecord(kind=CHANCE, infoset=s.number, infoset_label=s.label, actions=s.actions,
                                      probabilities=s.exact_probabilities or s.probabilities))
    return ExtensiveGame.from_records(players=game.players, records=records), outlets, weights


def spe_family(game: ExtensiveGame, payoffs: Sequence[Value], chance: Sequence[Sequence[RationalFunction]]) -> set[Polynomial]:
    """The polynomials of subgame perfection on one piece (see the module docstring).

    ``game`` gives the structure (built at any point of the piece), ``payoffs[terminal row]`` the
    terminal payoffs, ``chance[k]`` the probabilities of the k-th chance node in preorder.
    """
    return _Spe(game, payoffs, chance).polys


def table_family(game: ExtensiveGame, payoffs: Sequence[Value], chance: Sequence[Sequence[RationalFunction]],
                 method: str) -> set[Polynomial]:
    """The polynomials of a table method (``pure``, or 2-player ``enummixed``/``auto``) on the tree's
    reduced normal form, and the chance probabilities'."""
    from berlinsim.model.reduced_normal_form import to_reduced_normal_form

    _, smap = to_reduced_normal_form(game)
    edge = _edge_probabilities(game, chance)
    nature = []
    for z in game.terminals:
        w, node = RationalFunction.of(1), int(z)
        while node > 0:
            w = w * edge[node]
            node = int(game.parent[node])
        nature.append(w)
    shape = tuple(len(c) for c in smap.choices)
    n = game.num_players
    zero = RationalFunction.of(0)
    cells = []
    for profile in product(*(range(k) for k in shape)):
        ts = [t for t in range(game.num_terminals) if all(smap.consistent[p][s, t] for p, s in enumerate(profile))]
        cells.append(tuple(sum((nature[t] * payoffs[t][i] for t in ts), zero) for i in range(n)))
    polys = _chance_polynomials(chance)
    if method == "pure":
        return polys | pure_family(cells, shape)
    if n != 2:
        raise Unsupported(f"{method} with {n} players includes a QRE limit")
    m, k = shape
    if m * k > MAX_MINORS:
        raise Unsupported(f"the reduced normal form ({m} x {k}) is too large")
    a = [[cells[s * k + t][0] for t in range(k)] for s in range(m)]
    b = [[cells[s * k + t][1] for t in range(k)] for s in range(m)]
    return polys | bimatrix_family(a, b)
