"""Batched backward induction: one fixed game tree, many payoff and chance-probability vectors.

For a tree whose structure stays fixed over a parameter grid, :func:`batched_backward_induction`
runs backward induction for every grid point at once: terminal payoffs ``(G, T, n)`` and each
chance node's probabilities ``(G, k)`` come in as arrays; every node's value is computed for the
whole batch in one numpy operation. It applies (:func:`supports_batched`) to trees where every
information set is a single node, except information sets all of whose members have only chance
nodes above them -- a player who moves once, not knowing what chance drew (the memo's "the US
does not know Khrushchev's frame of mind"); that player takes the action with the best expected
value over the information set. Each grid point's payoffs are normalised first (each player's
mapped onto ``[0, 1]``, as ``spe`` does for a float tree), so a tie is judged within the same
tolerance relative to the player's payoff range as there. Grid points where a mover's best
action is tied, where chance probabilities are not a distribution, or where some player's
payoffs span too little of their magnitude for floats (:func:`berlinsim.model._scale.is_too_narrow`)
are flagged ``tied``: solve them with the general ``spe`` solver, which lists every tie.

Examples
--------
>>> from berlinsim.model.extensive import ExtensiveGame, decision, terminal
>>> entry = ExtensiveGame.from_tree(
...     decision("Entrant", {"Out": terminal(0, 2),
...                          "In": decision("Incumbent", {"Fight": terminal(-1, -1), "Accommodate": terminal(1, 1)})}))
>>> payoffs = np.array([[[0, 2], [-1, -1], [1, 1]], [[0, 2], [-1, 2], [1, 1]]], dtype=float)  # 2 grid points
>>> found = batched_backward_induction(entry, payoffs, ())
>>> found.behavior.tolist(), found.values.tolist(), found.tied.tolist()
([[0.0, 1.0, 0.0, 1.0], [1.0, 0.0, 1.0, 0.0]], [[1.0, 1.0], [0.0, 2.0]], [False, False])
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from berlinsim.model._scale import FLOAT_SPAN
from berlinsim.model.extensive import CHANCE, DECISION, TERMINAL, ExtensiveGame
from berlinsim.model.result import RELATIVE_TOLERANCE

__all__ = ["BatchedTreeSolution", "batched_backward_induction", "supports_batched"]

#: Ties within this fraction of the mover's payoff range are flagged (what ``spe`` compares).
RELATIVE_TOL = RELATIVE_TOLERANCE


@dataclass(frozen=True, slots=True, kw_only=True)
class BatchedTreeSolution:
    """Backward induction over a batch of payoff vectors of one tree.

    Attributes
    ----------
    behavior : numpy.ndarray
        Shape ``(G, C)``: the pure behaviour profile, information sets in the order of
        :attr:`ExtensiveGame.player_infosets` (player by player), each its actions' probabilities.
    values : numpy.ndarray
        Shape ``(G, n)``: each player's expected payoff.
    terminal : numpy.ndarray
        Shape ``(G, T)``: probability of each terminal node.
    reach : numpy.ndarray
        Shape ``(G, N)``: probability of reaching each node.
    tied : numpy.ndarray of bool
        Shape ``(G,)``: a tie (or an invalid chance distribution) somewhere; the row is not to be trusted.
    """

    behavior: np.ndarray
    values: np.ndarray
    terminal: np.ndarray
    reach: np.ndarray
    tied: np.ndarray


def _members(game: ExtensiveGame) -> dict[int, tuple[int, ...]]:
    return {h: tuple(int(n) for n in game.infosets[h].nodes) for p in game.player_infosets for h in p}


def _chance_only_above(game: ExtensiveGame, node: int) -> bool:
    parent = int(game.parent[node])
    while parent >= 0:
        if game.kind[parent] != CHANCE:
            return False
        parent = int(game.parent[parent])
    return True


def supports_batched(game: ExtensiveGame) -> bool:
    """Whether :func:`batched_backward_induction` applies: singleton information sets, except ones under chance only.

    >>> from berlinsim.model.extensive import decision, terminal
    >>> supports_batched(ExtensiveGame.from_tree(decision("A", {"x": terminal(1), "y": terminal(0)})))
    True
    """
    shared = [nodes for nodes in _members(game).values() if len(nodes) > 1]
    if len(shared) > 1:
        return False
    return all(_chance_only_above(game, n) for nodes in shared for n in nodes)


def batched_backward_induction(game: ExtensiveGame, payoffs: np.ndarray,
                               chance: tuple[np.ndarray, ...]) -> BatchedTreeSolution:
    """Backward induction on ``game`` for every row of ``payoffs`` and ``chance``.

    Parameters
    ----------
    game : ExtensiveGame
        The tree (its own payoffs and chance probabilities are ignored); :func:`supports_batched` must hold.
    payoffs : numpy.ndarray
        Shape ``(G, T, n)``: terminal payoffs (terminals in the order of ``game.terminals``).
    chance : tuple of numpy.ndarray
        One array ``(G, k)`` per chance node, in node order: its actions' probabilities.
    """
    if not supports_batched(game):
        raise ValueError("batched backward induction needs singleton information sets (or one under chance only)")
    payoffs = np.asarray(payoffs, dtype=float)
    g, _, n = payoffs.shape
    count = len(game.kind)
    tol = RELATIVE_TOL
    # node-major arrays, batch last: every node's values are one contiguous (players, G) block
    terminal_values, low, span, narrow = _normalized_terminals(payoffs)  # (T, n, G); low, span (n, G)
    chance_nodes = [int(v) for v in np.flatnonzero(game.kind == CHANCE)]
    probs = {node: np.ascontiguousarray(np.asarray(chance[k], dtype=float).T) for k, node in enumerate(chance_nodes)}
    tied = narrow.copy()
    for p in probs.values():  # (k, G)
        tied |= (p.min(axis=0) < -1e-12) | (np.abs(p.sum(axis=0) - 1) > 1e-9)
    members = _members(game)
    shared = {n for nodes in members.values() if len(nodes) > 1 for n in nodes}
    later = set()
    for node in shared:
        parent = int(game.parent[node])
        while parent >= 0:
            later.add(parent)
            parent = int(game.parent[parent])
    values = np.empty((count, n, g))
    choice: dict[int, np.ndarray] = {}
    columns = np.arange(g)

    def children(node: int) -> list[int]:
        return [int(c) for c in game.child_idx[game.child_ptr[node]:game.child_ptr[node + 1]]]

    def choose(options: np.ndarray) -> np.ndarray:
        """The best option per grid point (first on a tie), ties within the tolerance flagged."""
        best = options.argmax(axis=0)
        top = options[best, columns]
        np.logical_or(tied, (options >= top - tol).sum(axis=0) > 1, out=tied)
        return best

    def take(kids: list[int], best: np.ndarray) -> np.ndarray:
        return values[kids][best, :, columns].T

    def evaluate(node: int) -> None:
        kind = game.kind[node]
        kids = children(node)
        if kind == TERMINAL:
            values[node] = terminal_values[int(game.terminal_index[node])]
        elif kind == CHANCE:
            p = probs[node]
            total = values[kids[0]] * p[0]
            for k in range(1, len(kids)):
                total += values[kids[k]] * p[k]
            values[node] = total
        else:
            best = choose(values[kids, int(game.player[node])])
            choice[int(game.infoset[node])] = best
            values[node] = take(kids, best)

    for node in reversed(range(count)):
        if node not in shared and node not in later:
            evaluate(node)
    for h, nodes in members.items():
        if len(nodes) > 1:
            weight = np.ones((len(nodes), g))
            for k, member in enumerate(nodes):
                child, parent = member, int(game.parent[member])
                while parent >= 0:
                    weight[k] *= probs[parent][int(game.parent_action[child])]
                    child, parent = parent, int(game.parent[parent])
            mover = int(game.player[nodes[0]])
            options = sum(weight[k] * values[children(m), mover] for k, m in enumerate(nodes))
            best = choose(options)
            choice[h] = best
            for m in nodes:
                values[m] = take(children(m), best)
    for node in reversed(range(count)):
        if node in later:
            evaluate(node)
    reach = np.zeros((count, g))
    reach[0] = 1.0
    for node in range(count):
        kids = children(node)
        if game.kind[node] == CHANCE:
            reach[kids] = reach[node] * probs[node]
        elif game.kind[node] == DECISION:
            best = choice[int(game.infoset[node])]
            reach[kids] = reach[node] * (np.arange(len(kids))[:, None] == best)
    parts = []
    for player_sets in game.player_infosets:
        for h in player_sets:
            parts.append(np.arange(game.infosets[h].num_actions)[:, None] == choice[h])
    behavior = np.concatenate(parts, axis=0).T.astype(float) if parts else np.zeros((g, 0))
    terminal = reach[game.terminals].T
    # the root's normalised values in payoffs (accurate to the range, as the per-game solvers' values are)
    return BatchedTreeSolution(behavior=behavior, values=(low + span * values[0]).T, terminal=terminal,
                               reach=reach.T, tied=tied)


def _normalized_terminals(payoffs: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Terminal payoffs ``(G, T, n)`` as ``(T, n, G)``, each game's and player's mapped onto ``[0, 1]``.

    Also each player's lowest payoff and range (``(n, G)``) and which games are narrow.

    A game is narrow when some player's payoffs span less than
    :data:`~berlinsim.model._scale.FLOAT_SPAN` of their magnitude (as
    :func:`berlinsim.model._scale.batch_ranges` has it; in this layout the reductions run over
    whole contiguous blocks).
    """
    values = payoffs.transpose(1, 2, 0).copy()
    low, high = values.min(axis=0, initial=np.inf), values.max(axis=0, initial=-np.inf)  # (n, G)
    span = high - low
    positive = span > 0
    narrow = (positive & (span < FLOAT_SPAN * np.maximum(np.abs(low), np.abs(high)))).any(axis=0)
    values -= low
    values *= np.where(positive, 1.0 / np.where(positive, span, 1.0), 0.0)
    return values, low, span, narrow
