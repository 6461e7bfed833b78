"""Structural checks of an extensive game: perfect recall and subgame roots.

Private helper of :mod:`berlinsim.model.extensive`, which re-exports
:func:`perfect_recall_problems` and :func:`subgame_roots`. The ``game`` these functions take is
an :class:`~berlinsim.model.extensive.ExtensiveGame`; it is annotated ``Any`` because that class
imports this module (an import of it here, even for annotations only, would close a circle).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from berlinsim.model._tree_build import DECISION, TERMINAL


def levels(depth: np.ndarray) -> list[np.ndarray]:
    """Non-root nodes grouped by depth, shallowest first."""
    order = np.argsort(depth, kind="stable")
    return np.split(order, np.cumsum(np.bincount(depth))[:-1])[1:]


def recall_problems(game: Any) -> tuple[str, ...]:
    """Why the game lacks perfect recall: nodes of one information set whose player has different histories."""
    n, num_players = game.num_nodes, game.num_players
    seq = np.zeros((n, num_players), dtype=np.int64)  # an id of each player's own history at each node
    intern: dict[int, int] = {}  # (history id, action) -> history id, shared by all depths
    width = game.num_actions + 1
    for nodes in levels(game.depth):
        seq[nodes] = seq[game.parent[nodes]]
        moved = nodes[game.kind[game.parent[nodes]] == DECISION]
        if len(moved):
            q = game.player[game.parent[moved]]
            keys = seq[game.parent[moved], q] * width + game.edge_action[moved]
            unique, inverse = np.unique(keys, return_inverse=True)
            ids = np.array([intern.setdefault(int(key), len(intern) + 1) for key in unique], dtype=np.int64)
            seq[moved, q] = ids[inverse.ravel()]
    problems = []
    for s in game.infosets:
        ids = seq[list(s.nodes), s.player]
        if np.all(ids == ids[0]):
            continue
        n1, n2 = s.nodes[0], s.nodes[int(np.flatnonzero(ids != ids[0])[0])]

        def told(node: int) -> str:
            moves = [(game.infosets[game.infoset[a]], b) for a, b in game.path(node) if game.player[a] == s.player]
            return "[" + ", ".join(f"{h.label or '#' + str(h.number)}:{h.actions[b]}" for h, b in moves) + "]"
        problems.append(
            f"player {game.players[s.player]!r} information set {s.label or '#' + str(s.number)}: node {n1} is "
            f"reached after own moves {told(n1)} but node {n2} after {told(n2)}")
    return tuple(problems)


def perfect_recall_problems(game: Any) -> tuple[str, ...]:
    """Plain-language reasons why ``game`` lacks perfect recall (empty when it has it).

    >>> from berlinsim.model.extensive import ExtensiveGame, decision, terminal
    >>> absent = ExtensiveGame.from_tree(decision("Driver", {
    ...     "Exit": terminal(0), "Continue": decision("Driver", {"Exit": terminal(4), "Continue": terminal(1)},
    ...                                           infoset="x")}, infoset="x"))
    >>> absent.is_perfect_recall, len(perfect_recall_problems(absent))
    (False, 1)
    """
    return game.recall_problems


def subgame_roots(game: Any) -> tuple[int, ...]:
    """Non-terminal nodes where a proper subgame starts (the root included), in preorder.

    A node roots a subgame when every decision information set that meets its subtree
    lies inside it. Computed from each information set's members: the nodes strictly
    between a member and the members' common ancestor split that information set.

    >>> from berlinsim.model.extensive import ExtensiveGame, decision, terminal
    >>> g = ExtensiveGame.from_tree(decision("A", {"x": decision("B", {"l": terminal(1, 0), "r": terminal(0, 1)}, infoset="b"),
    ...                                            "y": decision("B", {"l": terminal(0, 1), "r": terminal(1, 0)}, infoset="b")}))
    >>> subgame_roots(g)
    (0,)
    """
    ok = game.kind != TERMINAL
    ok = np.array(ok, copy=True)
    for s in game.infosets:
        if len(s.nodes) < 2:
            continue
        first, last = s.nodes[0], s.nodes[-1]
        common = first  # lowest common ancestor: the deepest ancestor whose subtree holds every member
        while not (common <= first and last < game.subtree_end[common]):
            common = int(game.parent[common])
        for node in s.nodes:
            while node != common:
                ok[node] = False
                node = int(game.parent[node])
    return tuple(int(k) for k in np.flatnonzero(ok))
