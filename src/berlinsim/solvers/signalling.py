"""Signalling games: recognising them, and Cho and Kreps' Intuitive Criterion and D1.

A *signalling game* (Cho and Kreps 1987, "Signaling Games and Stable Equilibria", QJE 102):
chance draws the sender's type; the sender, knowing it, sends a message; the receiver sees the
message but not the type and responds; the game ends. In the tree: a chance root whose children
are the sender's nodes, each its own information set; after each message a receiver node; the
receiver's information sets are the messages, one node per type; receiver moves end the game.

Both tests look at a perfect Bayesian equilibrium *outcome* (each type's equilibrium payoff
``u*(t)``) and at each message ``m`` no type sends:

* **Intuitive Criterion.** ``m`` is *equilibrium-dominated* for type ``t`` when even the receiver
  best response to ``m`` that is best for ``t`` (over best responses to any belief) pays less than
  ``u*(t)``. Let ``J`` be those types. The outcome fails when some type gets more than its
  equilibrium payoff from ``m`` under *every* best response to a belief on the types outside
  ``J``: the receiver should not believe ``m`` comes from a type in ``J``, and then that type
  deviates.
* **D1** (Cho and Kreps; Banks and Sobel 1987). Over the receiver's mixed best responses ``a``
  to any belief, type ``t`` is *pruned* when every ``a`` that gives ``t`` at least ``u*(t)`` gives
  another type ``t'`` strictly more than ``u*(t')``: ``t'`` is the more likely deviator. The outcome
  fails when no best response to a belief on the unpruned types keeps every type at or below
  its equilibrium payoff.

Exact where the payoffs are: best-response sets come from the vertices of the receiver's upper
envelope over beliefs (:mod:`._vertices`); a linear payoff is smallest over a set of mixtures at a
vertex of it, which are pure actions or two-action mixtures where a constraint binds.

Examples
--------
Beer-quiche (Cho and Kreps 1987, section II): 1/10 weak, 9/10 strong; the sender likes its own
breakfast (+1) and avoiding a duel (+2); the receiver wants to duel the weak type only.

>>> from berlinsim.model.extensive import ExtensiveGame, chance, decision, terminal
>>> def sender(weak):
...     def reply(m):
...         own = int((m == "quiche") == weak)            # 1 for the breakfast the type likes
...         return decision("Receiver", {"duel": terminal(own, int(weak)), "not": terminal(own + 2, int(not weak))},
...                         infoset=m)
...     return decision("Sender", {"beer": reply("beer"), "quiche": reply("quiche")}, infoset="weak" if weak else "strong")
>>> g = ExtensiveGame.from_tree(chance({"weak": ("1/10", sender(True)), "strong": ("9/10", sender(False))}))
>>> s = signalling_structure(g)
>>> s.types, s.messages
(('weak', 'strong'), ('beer', 'quiche'))
>>> quiche_pooling = [0, 1, 0, 1, 1, 0, 0, 1]     # both types quiche; duel after beer, not after quiche
>>> verdict = signalling_verdict(g, s, quiche_pooling)
>>> verdict.intuitive_criterion, verdict.d1, verdict.tests[0].dominated, verdict.tests[0].breaking
(False, False, (0,), (1,))
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations
from typing import Any, Sequence

from berlinsim.model.assessment import MessageTest, SignallingVerdict
from berlinsim.model.extensive import ExtensiveGame
from berlinsim.solvers._pbe_sender_receiver import sender_receiver_structure
from berlinsim.solvers._vertices import polyhedron_vertices


@dataclass(frozen=True, slots=True, kw_only=True)
class Signalling:
    """The parts of a signalling game.

    ``types[t]`` labels chance's outcomes; ``messages[k]`` labels the message of the receiver's
    ``k``-th information set ``receiver_sets[k]``; ``send[t][k]`` is type ``t``'s action index for
    message ``k`` and ``node[t][k]`` the receiver's node after it.
    """

    sender: int
    receiver: int
    types: tuple[str, ...]
    prior: tuple[Any, ...]
    sender_sets: tuple[int, ...]
    messages: tuple[str, ...]
    receiver_sets: tuple[int, ...]
    send: tuple[tuple[int, ...], ...]
    node: tuple[tuple[int, ...], ...]


def signalling_structure(game: ExtensiveGame) -> Signalling | None:
    """The signalling-game structure of ``game``, or None when it is not a signalling game."""
    sr = sender_receiver_structure(game)
    if sr is None or len(sr.types) < 2 or len(set(sr.sender_sets)) != len(sr.types):
        return None
    if any(j < 0 for row in sr.receiver_set for j in row):
        return None
    sets = sorted({j for row in sr.receiver_set for j in row})
    send, node = [], []
    for t in range(len(sr.types)):
        row = sr.receiver_set[t]
        if sorted(row) != sets:  # each type reaches each receiver set exactly once
            return None
        send.append(tuple(row.index(j) for j in sets))
        node.append(tuple(sr.reply[t][row.index(j)] for j in sets))
    first = game.infosets[sr.sender_sets[0]].actions
    return Signalling(sender=sr.sender, receiver=sr.receiver,
                      types=tuple(game.chance_infosets[0].actions), prior=sr.prior, sender_sets=sr.sender_sets,
                      messages=tuple(first[k] or game.infosets[j].label or f"#{j}" for k, j in zip(send[0], sets)),
                      receiver_sets=tuple(sets), send=tuple(send), node=tuple(node))


def _f(x: Any) -> Fraction:
    return x if isinstance(x, Fraction) else Fraction(x)


def _tables(game: ExtensiveGame, s: Signalling, k: int) -> tuple[list[list[Fraction]], list[list[Fraction]]]:
    """Receiver and sender payoffs ``[type][reply]`` after message ``k``."""
    pay = game.exact_payoffs if game.exact_payoffs is not None else game.payoffs
    receiver, sender = [], []
    for t in range(len(s.types)):
        kids = game.children(s.node[t][k])
        receiver.append([_f(pay[game.terminal_index[c], s.receiver]) for c in kids])
        sender.append([_f(pay[game.terminal_index[c], s.sender]) for c in kids])
    return receiver, sender


def best_reply_cells(receiver: Sequence[Sequence[Fraction]], types: Sequence[int]) -> list[frozenset[int]]:
    """The largest sets of replies that are all best against one belief on ``types``.

    >>> best_reply_cells([[1, 0], [-1, 0]], [0, 1])     # duel the weak type, not the strong one
    [frozenset({0, 1})]
    >>> best_reply_cells([[1, 0], [-1, 0]], [1])        # beliefs on the strong type only
    [frozenset({1})]
    """
    n = len(receiver[0])
    k = len(types)
    # variables (mu over types, v): sum_t mu_t r[t][a] - v <= 0 for each reply a; mu >= 0; sum mu = 1
    a_ub = [[receiver[t][a] for t in types] + [-1] for a in range(n)]
    a_ub += [[-int(c == j) for c in range(k)] + [0] for j in range(k)]
    cells: dict[frozenset[int], None] = {}
    for _, tight in polyhedron_vertices(a_ub, [0] * (n + k), [[1] * k + [0]], [1]):
        cells[frozenset(r for r in tight if r < n)] = None
    return [c for c in cells if not any(c < d for d in cells)]


def _mixture_vertices(sender_row: Sequence[Fraction], cell: frozenset[int], floor: Fraction) -> list[dict[int, Fraction]]:
    """Vertices of the mixtures over ``cell`` that pay the type at least ``floor``."""
    acts = sorted(cell)
    out = [{a: Fraction(1)} for a in acts if sender_row[a] >= floor]
    for a, b in combinations(acts, 2):
        ua, ub = sender_row[a], sender_row[b]
        if (ua - floor) * (ub - floor) < 0:
            lam = (floor - ub) / (ua - ub)
            out.append({a: lam, b: 1 - lam})
    return out


def _value(row: Sequence[Fraction], mix: dict[int, Fraction]) -> Fraction:
    return sum((row[a] * w for a, w in mix.items()), Fraction(0))


def _deters(sender: Sequence[Sequence[Fraction]], cell: frozenset[int], eq: Sequence[Fraction]) -> bool:
    """Whether some mixture over ``cell`` keeps every type at or below its equilibrium payoff."""
    acts = sorted(cell)
    k = len(acts)
    a_ub = [[sender[t][a] for a in acts] for t in range(len(sender))] + [[-int(i == j) for i in range(k)] for j in range(k)]
    b_ub = list(eq) + [0] * k
    return bool(polyhedron_vertices(a_ub, b_ub, [[1] * k], [1]))


class SignallingTests:
    """The Intuitive Criterion and D1 for the equilibria of one signalling game, with shared work cached.

    Best-reply cells depend on the message and the types believed possible, the verdict only on
    the outcome (each type's payoff) and the messages left unsent; both are computed once.
    """

    def __init__(self, game: ExtensiveGame, structure: Signalling) -> None:
        self.game, self.s = game, structure
        self._tables = [_tables(game, structure, k) for k in range(len(structure.receiver_sets))]
        self._cells: dict[tuple[int, tuple[int, ...]], list[frozenset[int]]] = {}
        self._verdicts: dict[tuple[tuple[Fraction, ...], tuple[int, ...]], SignallingVerdict] = {}

    def cells(self, k: int, types: Sequence[int]) -> list[frozenset[int]]:
        key = (k, tuple(types))
        if key not in self._cells:
            self._cells[key] = best_reply_cells(self._tables[k][0], types)
        return self._cells[key]

    def verdict(self, flat: Sequence[Any]) -> SignallingVerdict:
        """The verdict on the outcome of the equilibrium ``flat`` (a behaviour vector)."""
        game, s = self.game, self.s
        eq = []
        for t, h in enumerate(s.sender_sets):
            total = Fraction(0)
            for k, j in enumerate(s.receiver_sets):
                x = _f(flat[int(game.action_offset[h]) + s.send[t][k]])
                if x:
                    sender = self._tables[k][1]
                    y = [_f(flat[int(game.action_offset[j]) + a]) for a in range(game.infosets[j].num_actions)]
                    total += x * sum((p * u for p, u in zip(y, sender[t])), Fraction(0))
            eq.append(total)
        unsent = tuple(k for k in range(len(s.receiver_sets))
                       if all(not flat[int(game.action_offset[h]) + s.send[t][k]] for t, h in enumerate(s.sender_sets)))
        key = (tuple(eq), unsent)
        if key not in self._verdicts:
            tests = tuple(self._message_test(k, eq) for k in unsent)
            self._verdicts[key] = SignallingVerdict(types=s.types, intuitive_criterion=not any(t.breaking for t in tests),
                                                    d1=all(t.d1_deterred for t in tests), tests=tests)
        return self._verdicts[key]

    def _message_test(self, k: int, eq: Sequence[Fraction]) -> MessageTest:
        s = self.s
        sender = self._tables[k][1]
        every = list(range(len(s.types)))
        cells = self.cells(k, every)
        replies = sorted(set().union(*cells))
        best = tuple(max(sender[t][a] for a in replies) for t in every)
        dominated = tuple(t for t in every if eq[t] > best[t])
        others = [t for t in every if t not in dominated]
        worst, breaking = None, ()
        if others and dominated:
            allowed = sorted(set().union(*self.cells(k, others)))
            worst = tuple(min(sender[t][a] for a in allowed) for t in every)
            breaking = tuple(t for t in every if worst[t] > eq[t])
        gains = {t: any(sender[t][a] > eq[t] for c in cells for a in c) for t in every}
        pruned = []
        for t in every:
            for by in every:
                if by == t or not gains[by]:
                    continue
                if all(_value(sender[by], mix) > eq[by] for c in cells for mix in _mixture_vertices(sender[t], c, eq[t])):
                    pruned.append((t, by))
                    break
        kept = [t for t in every if t not in {p for p, _ in pruned}] or every
        deterred = any(_deters(sender, c, eq) for c in self.cells(k, kept))
        return MessageTest(message=s.messages[k], infoset=s.receiver_sets[k], equilibrium_payoffs=tuple(eq),
                           best_payoffs=best, dominated=dominated, worst_payoffs=worst, breaking=breaking,
                           pruned=tuple(pruned), d1_deterred=deterred)


def signalling_verdict(game: ExtensiveGame, s: Signalling, flat: Sequence[Any]) -> SignallingVerdict:
    """The Intuitive Criterion and D1 on the outcome of the equilibrium ``flat`` (a behaviour vector)."""
    return SignallingTests(game, s).verdict(flat)
