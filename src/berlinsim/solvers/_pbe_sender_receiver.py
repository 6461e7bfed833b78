"""All perfect Bayesian equilibria of a two-move sender-receiver game, by vertex enumeration.

The structure: chance draws a type (or there is one type), the *sender* moves at information sets
over the type nodes, the *receiver* moves at information sets over the sender's action nodes,
and every receiver move ends the game. Signalling games (the sender knows the type, the
receiver sees the message) and simultaneous Bayesian games are of this form.

Write ``x[H, m]`` for the sender's probability of ``m`` at information set ``H`` and ``y[J, a]`` for
the receiver's probability of ``a`` at ``J``. Fix the set ``O`` of receiver information sets that
play does not reach. Then every condition of a perfect Bayesian equilibrium is linear in one
side's variables:

* the sender at ``H`` plays only messages that are best against ``y`` (linear in ``y``);
* the receiver at a reached ``J`` plays only best replies to the Bayes weights ``p_t x[H(t), m]``
  of its nodes (linear in ``x``: Bayes' rule needs no division once the weights are left
  unnormalised);
* at an unreached ``J`` the admissible beliefs (see :mod:`._beliefs`) are the Bayes weights of a
  *virtual* sender behaviour ``z_J`` on the pairs ``(H, m)`` leading into ``J``, any ``z_J`` in a
  simplex; the receiver plays only best replies to them (linear in ``z_J``).

So for each ``O`` the equilibria are the completely labelled points of two polyhedra, exactly as
for a bimatrix game: ``X(O)`` in ``(x, z, v)`` with the receiver's best-reply constraints, and
``Y`` in ``(y, u)`` with the sender's. A label is a sender pair ``(H, m)`` (unplayed, or a best
reply) or a receiver pair ``(J, a)``. Every extreme point of every such set of equilibria is a
pair of vertices with complementary labels, found exactly by :mod:`._vertices`. ``X(O)`` is a
product: the sender block ``(x, v)`` times one belief block ``(z_J, v_J)`` per unreached set, so
its vertices are combinations of the blocks' vertices, and of a belief block only the largest
label sets matter (the receiver's sets of replies that are best together, for some belief). For
each combination the vertices of the face of ``Y`` that carries the missing labels complete the
pairs (faces are cached by those labels). Pairs in which a set outside ``O`` is unreached are
dropped: they appear with the larger ``O``. The union over ``O`` is every perfect Bayesian
equilibrium, listed by the extreme points of convex pieces; a piece is a product of polytopes,
so any mixture of two listed equilibria of one piece is one too.

Examples
--------
The issue-12 crisis: Nature draws a resolute or bluffing Khrushchev, who issues an ultimatum or
stays quiet; the US sees the ultimatum, not the type. Yielding beats standing at both nodes, so
the only equilibrium has both types issue the ultimatum and the US yield.

>>> from berlinsim.model.extensive import ExtensiveGame, chance, decision, terminal
>>> def us(stand, yield_):
...     return decision("US", {"stand": terminal(*stand), "yield": terminal(*yield_)}, infoset="ultimatum")
>>> g = ExtensiveGame.from_tree(chance({
...     "resolute": ("1/3", decision("K", {"ultimatum": us((-26, -10), (-11, 10)), "quiet": terminal(0, 0)}, infoset="r")),
...     "bluffing": ("2/3", decision("K", {"ultimatum": us((-20, -5), (-11, 10)), "quiet": terminal(0, 0)}, infoset="b"))}),
...     players=("US", "K"))
>>> structure = sender_receiver_structure(g)
>>> [flat for flat in sender_receiver_pbe(g, structure)]
[(0, 1, 1, 0, 1, 0)]
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Iterator

from berlinsim.model.extensive import CHANCE, DECISION, TERMINAL, ExtensiveGame
from berlinsim.solvers._vertices import polyhedron_vertices


@dataclass(frozen=True, slots=True, kw_only=True)
class SenderReceiver:
    """Where the sender and receiver move, and what everything pays.

    ``types[t]`` is the node of type ``t`` (children of the chance root, or the root itself);
    ``prior[t]`` its probability; ``sender_sets[t]`` its information set; ``reply[t][m]`` the
    node after message ``m`` (a receiver node, or a terminal when the message ends the game);
    ``receiver_set[t][m]`` that node's information set (-1 for a terminal).
    """

    sender: int
    receiver: int
    types: tuple[int, ...]
    prior: tuple[Any, ...]
    sender_sets: tuple[int, ...]
    reply: tuple[tuple[int, ...], ...]
    receiver_set: tuple[tuple[int, ...], ...]


def sender_receiver_structure(game: ExtensiveGame) -> SenderReceiver | None:
    """The sender-receiver structure of ``game``, or None when it does not have that form."""
    root = 0
    if game.kind[root] == CHANCE:
        types = game.children(root)
        exact = game.exact_move_prob is not None
        prior = tuple(game.exact_move_prob[t] if exact else float(game.move_prob[t]) for t in types)
        if any(p <= 0 for p in prior):
            return None
    elif game.kind[root] == DECISION:
        types, prior = (root,), (Fraction(1),)
    else:
        return None
    if any(game.kind[t] != DECISION for t in types):
        return None
    sender = int(game.player[types[0]])
    replies, sets = [], []
    receiver = None
    for t in types:
        if game.player[t] != sender:
            return None
        kids = game.children(t)
        for k in kids:
            if game.kind[k] == TERMINAL:
                continue
            if game.kind[k] != DECISION:
                return None
            if receiver is None:
                receiver = int(game.player[k])
            if game.player[k] != receiver or any(game.kind[c] != TERMINAL for c in game.children(k)):
                return None
        replies.append(tuple(kids))
        sets.append(tuple(int(game.infoset[k]) if game.kind[k] == DECISION else -1 for k in kids))
    if receiver is None or receiver == sender:
        return None
    sender_sets = tuple(int(game.infoset[t]) for t in types)
    # every decision node is a type node or a reply node, so the information sets stay inside
    moves = len(types) + sum(1 for row in sets for j in row if j >= 0)
    if sum(1 for k in range(game.num_nodes) if game.kind[k] == DECISION) != moves:
        return None
    return SenderReceiver(sender=sender, receiver=receiver, types=tuple(types), prior=prior,
                          sender_sets=sender_sets, reply=tuple(replies), receiver_set=tuple(sets))


def _as_fraction(x: Any) -> Fraction:
    return x if isinstance(x, Fraction) else Fraction(x)


class _Layout:
    """Variable and label numbering shared by the two polyhedra."""

    def __init__(self, game: ExtensiveGame, s: SenderReceiver) -> None:
        self.game, self.s = game, s
        self.h_sets = sorted(set(s.sender_sets))
        self.j_sets = sorted({j for row in s.receiver_set for j in row if j >= 0})
        self.pairs = [(h, m) for h in self.h_sets for m in range(game.infosets[h].num_actions)]
        self.replies = [(j, a) for j in self.j_sets for a in range(game.infosets[j].num_actions)]
        self.pair_index = {p: k for k, p in enumerate(self.pairs)}
        self.reply_index = {r: k for k, r in enumerate(self.replies)}
        # label bits: sender pairs first, then receiver replies
        self.full = (1 << (len(self.pairs) + len(self.replies))) - 1
        pay = game.exact_payoffs if game.exact_payoffs is not None else game.payoffs
        self.pay = pay
        # nodes of each receiver set: (type, message)
        self.members: dict[int, list[tuple[int, int]]] = {j: [] for j in self.j_sets}
        for t, row in enumerate(s.receiver_set):
            for m, j in enumerate(row):
                if j >= 0:
                    self.members[j].append((t, m))

    def payoff(self, t: int, m: int, a: int | None, player: int) -> Fraction:
        """The payoff after type ``t``, message ``m`` and reply ``a`` (None: the message ends the game)."""
        node = self.s.reply[t][m] if a is None else self.game.children(self.s.reply[t][m])[a]
        return _as_fraction(self.pay[self.game.terminal_index[node], player])


def _sender_rows(lay: _Layout) -> list[tuple[list[Fraction], Fraction, Fraction]]:
    """Per sender pair ``(H, m)``: its payoff as coefficients on the replies ``y``, the fixed part, and its set."""
    game, s = lay.game, lay.s
    out = []
    for (h, m) in lay.pairs:
        row, fixed = [Fraction(0)] * len(lay.replies), Fraction(0)
        for t, ht in enumerate(s.sender_sets):
            if ht != h:
                continue
            j = s.receiver_set[t][m]
            if j < 0:
                fixed += _as_fraction(s.prior[t]) * lay.payoff(t, m, None, s.sender)
                continue
            for a in range(game.infosets[j].num_actions):
                row[lay.reply_index[(j, a)]] += _as_fraction(s.prior[t]) * lay.payoff(t, m, a, s.sender)
        out.append((row, fixed, lay.h_sets.index(h)))
    return out


def _receiver_face(lay: _Layout, rows: list[tuple[list[Fraction], Fraction, int]],
                   need: int) -> list[tuple[Fraction, ...]]:
    """Vertices (the ``y`` part) of the face of Y = {(y, u)} that carries every label in ``need``.

    Y: ``y`` in a simplex per receiver set, ``sum_a y[J(t, m), a] * (p_t * u_S) + fixed <= u_H`` for each
    sender pair. A receiver label in ``need`` means that reply is unplayed (``y = 0``), a sender label
    that the pair's row is tight. Every vertex of the face is a vertex of Y with those labels.
    """
    npairs = len(lay.pairs)
    free = [k for k in range(len(lay.replies)) if not need >> (npairs + k) & 1]
    if any(all(lay.replies[k][0] != j for k in free) for j in lay.j_sets):
        return []  # some receiver set would have no reply left
    col = {k: c for c, k in enumerate(free)}
    n = len(free) + len(lay.h_sets)
    a_ub, b_ub, a_eq, b_eq = [], [], [], []
    for c in range(len(free)):
        a_ub.append([-int(i == c) for i in range(n)])
        b_ub.append(0)
    for p, (row, fixed, h) in enumerate(rows):
        line = [Fraction(0)] * n
        for k, c in col.items():
            line[c] = row[k]
        line[len(free) + h] = Fraction(-1)
        (a_eq if need >> p & 1 else a_ub).append(line)
        (b_eq if need >> p & 1 else b_ub).append(-fixed)
    for j in lay.j_sets:
        a_eq.append([int(i < len(free) and lay.replies[free[i]][0] == j) for i in range(n)])
        b_eq.append(1)
    out = []
    for vertex, _ in polyhedron_vertices(a_ub, b_ub, a_eq, b_eq):
        y = [Fraction(0)] * len(lay.replies)
        for k, c in col.items():
            y[k] = vertex[c]
        out.append(tuple(y))
    return out


def _sender_side(lay: _Layout, off: frozenset[int]) -> list[tuple[tuple[Fraction, ...], int]]:
    """Vertices (the ``x`` part) of X(O) without its belief blocks, with their label masks.

    Variables: ``x`` on the pairs that do not lead into ``off`` (the others are 0, and carry their
    label), and ``v_J`` for the reached receiver sets; the receiver's rows for those sets.
    """
    s = lay.s
    forbidden = {lay.pair_index[(s.sender_sets[t], m)] for j in off for (t, m) in lay.members[j]}
    cols = [k for k in range(len(lay.pairs)) if k not in forbidden]
    col = {k: c for c, k in enumerate(cols)}
    reached = [j for j in lay.j_sets if j not in off]
    n = len(cols) + len(reached)
    a_ub, b_ub, label = [], [], []
    for c, k in enumerate(cols):
        a_ub.append([-int(i == c) for i in range(n)])
        b_ub.append(0)
        label.append(k)
    for v, j in enumerate(reached):
        for a in range(lay.game.infosets[j].num_actions):
            row = [Fraction(0)] * n
            for (t, m) in lay.members[j]:
                row[col[lay.pair_index[(s.sender_sets[t], m)]]] += _as_fraction(s.prior[t]) * lay.payoff(t, m, a, s.receiver)
            row[len(cols) + v] = Fraction(-1)
            a_ub.append(row)
            b_ub.append(0)
            label.append(len(lay.pairs) + lay.reply_index[(j, a)])
    a_eq = [[int(lay.pairs[k][0] == h) for k in cols] + [0] * len(reached) for h in lay.h_sets]
    fixed = sum(1 << k for k in forbidden)
    out = []
    for vertex, tight in polyhedron_vertices(a_ub, b_ub, a_eq, [1] * len(lay.h_sets)):
        x = [Fraction(0)] * len(lay.pairs)
        for c, k in enumerate(cols):
            x[k] = vertex[c]
        out.append((tuple(x), fixed | sum(1 << label[r] for r in tight)))
    return out


def _belief_masks(lay: _Layout, j: int) -> list[int]:
    """The receiver labels of set ``j`` that some admissible belief makes tight together (the largest ones).

    The belief block of an unreached set: virtual weights ``z`` on the pairs leading into it, and
    its value ``v``; each vertex's tight reply rows are replies that are best together.
    """
    s = lay.s
    pairs = sorted({(s.sender_sets[t], m) for (t, m) in lay.members[j]})
    index = {p: c for c, p in enumerate(pairs)}
    n = len(pairs) + 1
    a_ub = [[-int(i == c) for i in range(n)] for c in range(len(pairs))]
    b_ub = [0] * len(pairs)
    replies = range(lay.game.infosets[j].num_actions)
    for a in replies:
        row = [Fraction(0)] * n
        for (t, m) in lay.members[j]:
            row[index[(s.sender_sets[t], m)]] += _as_fraction(s.prior[t]) * lay.payoff(t, m, a, s.receiver)
        row[-1] = Fraction(-1)
        a_ub.append(row)
        b_ub.append(0)
    masks = set()
    for _, tight in polyhedron_vertices(a_ub, b_ub, [[1] * len(pairs) + [0]], [1]):
        masks.add(sum(1 << (len(lay.pairs) + lay.reply_index[(j, r - len(pairs))]) for r in tight if r >= len(pairs)))
    return [m for m in masks if not any(m != o and m & o == m for o in masks)]


def _reached(lay: _Layout, x: tuple[Fraction, ...], j: int) -> bool:
    s = lay.s
    return any(x[lay.pair_index[(s.sender_sets[t], m)]] > 0 for (t, m) in lay.members[j])


def sender_receiver_pbe(game: ExtensiveGame, structure: SenderReceiver) -> Iterator[tuple[Fraction, ...]]:
    """Yield the flat behaviour profile (Fractions) of every extreme perfect Bayesian equilibrium.

    Float payoffs are taken at their exact binary values. Each profile appears once.
    """
    lay = _Layout(game, structure)
    rows = _sender_rows(lay)
    faces: dict[int, list[tuple[Fraction, ...]]] = {}
    beliefs = {j: _belief_masks(lay, j) for j in lay.j_sets}
    seen: set[tuple[Fraction, ...]] = set()
    for size in range(len(lay.j_sets) + 1):  # every set may be unreached when some message ends the game
        for off in itertools.combinations(lay.j_sets, size):
            forbidden = {(structure.sender_sets[t], m) for j in off for (t, m) in lay.members[j]}
            if any(all((h, m) in forbidden for m in range(game.infosets[h].num_actions)) for h in lay.h_sets):
                continue
            for x, mx in _sender_side(lay, frozenset(off)):
                if not all(_reached(lay, x, j) for j in lay.j_sets if j not in off):
                    continue
                for combo in itertools.product(*(beliefs[j] for j in off)):
                    need = lay.full & ~(mx | sum(combo))
                    if need not in faces:
                        faces[need] = _receiver_face(lay, rows, need)
                    for y in faces[need]:
                        flat = _flat(game, lay, x, y)
                        if flat not in seen:
                            seen.add(flat)
                            yield flat


def _flat(game: ExtensiveGame, lay: _Layout, x: tuple[Fraction, ...], y: tuple[Fraction, ...]) -> tuple[Fraction, ...]:
    flat = [Fraction(0)] * game.num_actions
    for (h, m), v in zip(lay.pairs, x):
        flat[int(game.action_offset[h]) + m] = v
    for (j, a), v in zip(lay.replies, y):
        flat[int(game.action_offset[j]) + a] = v
    return tuple(int(v) if v.denominator == 1 else v for v in flat)
