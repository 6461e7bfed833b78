"""Extensive-form games: trees with chance, information sets and payoffs at the leaves.

Vocabulary. A *node* is a decision node (a player moves), a chance node (nature draws an
outcome with known probabilities) or a terminal node (payoffs). Decision nodes a player
cannot tell apart form an *information set*; its *actions* are the labelled edges below
each of its nodes. A *behaviour strategy* gives, at every information set, a probability
for each action (see :mod:`berlinsim.model.behavior`).

Representation (for fast, vectorised algorithms). Nodes are numbered ``0..num_nodes-1`` in
**preorder** (a node, then the whole subtree of its first action, then of its second, ...),
node 0 being the root; so the subtree of node ``n`` is the index range
``n .. subtree_end[n]-1`` and every parent has a smaller index than its children. All
arrays are read-only numpy arrays indexed by node:

=================  ====================================================================
``kind``           ``TERMINAL`` (0), ``DECISION`` (1) or ``CHANCE`` (2)
``parent``         parent node (-1 at the root)
``parent_action``  index of the action at the parent that leads here (-1 at the root)
``depth``          number of moves from the root
``child_ptr``,     children of ``n``, in action order:
``child_idx``      ``child_idx[child_ptr[n]:child_ptr[n+1]]`` (or :meth:`children`)
``player``         0-based player of a decision node; -1 for chance and terminal nodes
``infoset``        decision node: index into :attr:`infosets`; chance node: index into
                   :attr:`chance_infosets`; terminal: -1
``subtree_end``    one past the last node of the subtree
``move_prob``      probability of the chance move into the node (1.0 when the parent is
                   not a chance node); exact values in ``exact_move_prob`` when rational
``edge_action``    global action index of the move into the node when the parent is a
                   decision node, else -1 (see below)
``last_action``    shape ``(num_nodes, num_players)``: global index of the last action of
                   each player on the path to the node (-1: none yet). With perfect recall
                   this is the node's *sequence* for that player.
=================  ====================================================================

Information sets. :attr:`infosets` lists the decision information sets of all players,
sorted by (player, number); ``number`` is the number in the source file (for ``.efg``; the
order of first appearance otherwise) and :attr:`player_infosets` ``[p]`` gives player
``p``'s information sets (global indices) in ascending order of number, which is the
order of behaviour profiles and of the JSON contract. Actions of all information sets are
numbered globally: information set ``h`` owns actions
``action_offset[h] .. action_offset[h+1]-1``.

Payoffs. :attr:`terminals` lists the terminal nodes in preorder; ``payoffs[t, p]`` (float)
and ``exact_payoffs[t, p]`` (Fractions, or ``None`` when some payoff is inexact) are the
payoffs at terminal row ``t``. As in Gambit, payoffs of outcomes attached to non-terminal
nodes are added along the path to each terminal when the game is built.

Games are immutable and built through :meth:`ExtensiveGame.from_tree` (nested
:func:`decision` / :func:`chance` / :func:`terminal` specs) or
:meth:`ExtensiveGame.from_records` (a preorder list of :class:`NodeRecord`, as in a file).
Validation errors are :class:`TreeError` (a :class:`~berlinsim.errors.GameError` carrying
the offending record's index).

Examples
--------
Entry deterrence: the entrant stays out or enters; the incumbent fights or accommodates.

>>> g = ExtensiveGame.from_tree(
...     decision("Entrant", {"Out": terminal(0, 2),
...                          "In": decision("Incumbent", {"Fight": terminal(-1, -1),
...                                                       "Accommodate": terminal(1, 1)})}),
...     title="Entry deterrence")
>>> g.players, g.num_nodes, g.is_perfect_information, g.is_perfect_recall
(('Entrant', 'Incumbent'), 5, True, True)
>>> [g.infosets[h].actions for h in g.player_infosets[1]]
[('Fight', 'Accommodate')]
>>> g.children(0), g.exact_payoffs[1].tolist()
((1, 2), [Fraction(-1, 1), Fraction(-1, 1)])
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Sequence

import numpy as np

from berlinsim.errors import GameError
from berlinsim.model._scale import PayoffScale, normalized_tree, tree_scale
from berlinsim.model._tree_build import CHANCE, DECISION, TERMINAL, NodeRecord, TreeError, build
from berlinsim.model._tree_checks import levels as _levels
from berlinsim.model._tree_checks import perfect_recall_problems, recall_problems, subgame_roots
from berlinsim.model._tree_spec import TreeSpec, chance, decision, flatten, terminal

__all__ = [
    "CHANCE", "DECISION", "TERMINAL", "ExtensiveGame", "InfoSet", "NodeRecord", "TreeError",
    "TreeSpec", "chance", "decision", "terminal", "perfect_recall_problems", "subgame_roots",
]


def _readonly(a: np.ndarray) -> np.ndarray:
    a = np.array(a, copy=True)
    a.setflags(write=False)
    return a


@dataclass(frozen=True, slots=True, kw_only=True)
class InfoSet:
    """An information set: nodes of one player (or chance) that share the same actions.

    Attributes
    ----------
    player : int
        0-based player index; -1 for a chance information set.
    number : int
        Its number in the source file (per player), or the order of first appearance.
    label : str
        Its label ('' when none).
    actions : tuple of str
        Action (chance outcome) labels, in order.
    nodes : tuple of int
        Member nodes, in preorder.
    probabilities, exact_probabilities :
        Chance information sets only: float probabilities, and Fractions when rational.
    """

    player: int
    number: int
    label: str
    actions: tuple[str, ...]
    nodes: tuple[int, ...]
    probabilities: tuple[float, ...] = ()
    exact_probabilities: tuple[Fraction, ...] | None = None

    @property
    def num_actions(self) -> int:
        return len(self.actions)


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class ExtensiveGame:
    """A finite extensive-form game (see the module docstring for the array layout)."""

    players: tuple[str, ...]
    title: str = ""
    comment: str = ""
    kind: np.ndarray
    parent: np.ndarray
    parent_action: np.ndarray
    depth: np.ndarray
    child_ptr: np.ndarray
    child_idx: np.ndarray
    player: np.ndarray
    infoset: np.ndarray
    subtree_end: np.ndarray
    move_prob: np.ndarray
    exact_move_prob: tuple[Fraction, ...] | None
    edge_action: np.ndarray
    last_action: np.ndarray
    node_labels: tuple[str, ...]
    infosets: tuple[InfoSet, ...]
    chance_infosets: tuple[InfoSet, ...]
    player_infosets: tuple[tuple[int, ...], ...]
    action_offset: np.ndarray
    terminals: np.ndarray
    terminal_index: np.ndarray
    payoffs: np.ndarray
    exact_payoffs: np.ndarray | None
    outcome_labels: tuple[str, ...]
    attributes: tuple[tuple[tuple[str, Any], ...], ...]
    recall_problems: tuple[str, ...]
    _cache: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for name in ("kind", "parent", "parent_action", "depth", "child_ptr", "child_idx", "player",
                     "infoset", "subtree_end", "move_prob", "edge_action", "last_action",
                     "action_offset", "terminals", "terminal_index", "payoffs"):
            object.__setattr__(self, name, _readonly(getattr(self, name)))
        if self.exact_payoffs is not None:
            object.__setattr__(self, "exact_payoffs", _readonly(self.exact_payoffs))
        n = len(self.kind)
        if self.payoffs.shape != (len(self.terminals), len(self.players)):
            raise GameError("payoff array does not match terminals x players")
        if len(self.node_labels) != n or self.parent.shape != (n,):
            raise GameError("node arrays differ in length")

    # ----------------------------------------------------------------- constructors
    @classmethod
    def from_records(
        cls,
        *,
        players: Sequence[str],
        records: Sequence[NodeRecord],
        title: str = "",
        comment: str = "",
    ) -> ExtensiveGame:
        """A game from its nodes in preorder (the form of a Gambit ``.efg`` file).

        Raises :class:`TreeError` (with the record index) for a malformed tree.

        >>> recs = [NodeRecord(kind=DECISION, player=0, infoset=1, actions=("L", "R")),
        ...         NodeRecord(kind=TERMINAL, payoffs=(1, 0)), NodeRecord(kind=TERMINAL, payoffs=(0, 1))]
        >>> ExtensiveGame.from_records(players=("A", "B"), records=recs).terminals.tolist()
        [1, 2]
        """
        players = tuple(str(p) for p in players)
        if not players:
            raise GameError("a game needs at least one player")
        if len(set(players)) != len(players):
            raise GameError(f"player labels must be unique, got {list(players)}")
        fields = build(len(players), records)
        return cls._from_fields(players, fields, title=title, comment=comment)

    @classmethod
    def from_tree(
        cls,
        root: TreeSpec,
        *,
        players: Sequence[str] | None = None,
        title: str = "",
        comment: str = "",
    ) -> ExtensiveGame:
        """A game from nested :func:`decision` / :func:`chance` / :func:`terminal` specs.

        ``players`` defaults to the player labels in order of first appearance. Decision
        nodes of one player with the same ``infoset`` label share an information set.

        >>> g = ExtensiveGame.from_tree(chance({"H": ("1/2", terminal(1)), "T": ("1/2", terminal(-1))}), players=("P",))
        >>> g.has_chance, g.chance_infosets[0].exact_probabilities
        (True, (Fraction(1, 2), Fraction(1, 2)))
        """
        names, records = flatten(root, players)
        return cls.from_records(players=names, records=records, title=title, comment=comment)

    @classmethod
    def _from_fields(cls, players: tuple[str, ...], f: dict[str, Any], *, title: str, comment: str) -> ExtensiveGame:
        info, n, num_players = f["info"], len(f["kind"]), len(players)
        infosets, chance_infosets = [], []
        for key in f["dec_keys"]:
            e = info[key]
            infosets.append(InfoSet(player=key[0], number=key[1], label=e["label"], actions=e["actions"],
                                    nodes=tuple(e["nodes"])))
        for key in f["ch_keys"]:
            e = info[key]
            infosets_probs, exact = e["probs"]
            chance_infosets.append(InfoSet(player=-1, number=key[1], label=e["label"], actions=e["actions"],
                                           nodes=tuple(e["nodes"]), probabilities=infosets_probs,
                                           exact_probabilities=exact))
        owners = np.array([s.player for s in infosets], dtype=np.int64)
        player_infosets = tuple(tuple(int(h) for h in np.flatnonzero(owners == p)) for p in range(num_players))
        offset = np.zeros(len(infosets) + 1, dtype=np.int64)
        offset[1:] = np.cumsum([s.num_actions for s in infosets])
        kind, parent, pa, infoset = f["kind"], f["parent"], f["parent_action"], f["infoset"]
        levels = _levels(f["depth"])
        size = np.ones(n, dtype=np.int64)
        for nodes in reversed(levels):
            np.add.at(size, parent[nodes], size[nodes])
        subtree_end = np.arange(n, dtype=np.int64) + size
        move_prob = np.ones(n)
        edge_action = np.full(n, -1, dtype=np.int64)
        exact_all = all(s.exact_probabilities is not None for s in chance_infosets)
        exact_move = [Fraction(1)] * n if exact_all else None
        below_chance = np.flatnonzero(kind[np.maximum(parent, 0)] == CHANCE)
        below_chance = below_chance[below_chance > 0]
        for k in below_chance:
            cs = chance_infosets[infoset[parent[k]]]
            move_prob[k] = cs.probabilities[pa[k]]
            if exact_move is not None:
                exact_move[k] = cs.exact_probabilities[pa[k]]
        below_decision = np.flatnonzero(kind[np.maximum(parent, 0)] == DECISION)
        below_decision = below_decision[below_decision > 0]
        edge_action[below_decision] = offset[infoset[parent[below_decision]]] + pa[below_decision]
        last_action = np.full((n, num_players), -1, dtype=np.int64)
        mover = f["player"]
        for nodes in levels:
            last_action[nodes] = last_action[parent[nodes]]
            moved = nodes[kind[parent[nodes]] == DECISION]
            last_action[moved, mover[parent[moved]]] = edge_action[moved]
        terminal_index = np.full(n, -1, dtype=np.int64)
        terminal_index[f["terminals"]] = np.arange(len(f["terminals"]))
        game = cls(
            players=players, title=str(title), comment=str(comment),
            kind=kind, parent=parent, parent_action=pa, depth=f["depth"], child_ptr=f["child_ptr"],
            child_idx=f["child_idx"], player=f["player"], infoset=infoset, subtree_end=subtree_end,
            move_prob=move_prob, exact_move_prob=None if exact_move is None else tuple(exact_move),
            edge_action=edge_action, last_action=last_action, node_labels=f["node_labels"],
            infosets=tuple(infosets), chance_infosets=tuple(chance_infosets), player_infosets=player_infosets,
            action_offset=offset, terminals=f["terminals"], terminal_index=terminal_index,
            payoffs=f["payoffs"], exact_payoffs=f["exact_payoffs"], outcome_labels=f["outcome_labels"],
            attributes=f["attributes"], recall_problems=(),
        )
        object.__setattr__(game, "recall_problems", recall_problems(game))
        return game

    # ----------------------------------------------------------------- properties
    @property
    def num_players(self) -> int:
        return len(self.players)

    @property
    def num_nodes(self) -> int:
        return len(self.kind)

    @property
    def num_terminals(self) -> int:
        return len(self.terminals)

    @property
    def num_infosets(self) -> int:
        """Number of decision information sets (all players)."""
        return len(self.infosets)

    @property
    def num_actions(self) -> int:
        """Number of actions summed over all decision information sets."""
        return int(self.action_offset[-1])

    @property
    def is_perfect_information(self) -> bool:
        """True when every decision information set has a single node (chance allowed)."""
        return all(len(s.nodes) == 1 for s in self.infosets)

    @property
    def is_perfect_recall(self) -> bool:
        """True when no player ever forgets what they knew or did (see :func:`perfect_recall_problems`)."""
        return not self.recall_problems

    @property
    def has_chance(self) -> bool:
        return bool(self.chance_infosets)

    @property
    def is_exact(self) -> bool:
        """True when every payoff and every chance probability is rational."""
        return self.exact_payoffs is not None and self.exact_move_prob is not None

    @property
    def max_abs_payoff(self) -> float:
        return float(np.max(np.abs(self.payoffs))) if self.payoffs.size else 0.0

    @property
    def payoff_scale(self) -> PayoffScale:
        """Each player's lowest terminal payoff and range (:mod:`berlinsim.model._scale`), computed once."""
        return tree_scale(self)

    def normalized(self) -> ExtensiveGame:
        """This tree with each player's payoffs mapped onto ``[0, 1]`` (exactly when exact): the same equilibria."""
        return normalized_tree(self)

    # ----------------------------------------------------------------- navigation
    def children(self, node: int) -> tuple[int, ...]:
        """The children of ``node`` in action order (empty for a terminal)."""
        return tuple(int(c) for c in self.child_idx[self.child_ptr[node]:self.child_ptr[node + 1]])

    def actions_at(self, node: int) -> tuple[str, ...]:
        """Action (or chance outcome) labels at ``node``."""
        if self.kind[node] == DECISION:
            return self.infosets[self.infoset[node]].actions
        if self.kind[node] == CHANCE:
            return self.chance_infosets[self.infoset[node]].actions
        return ()

    def path(self, node: int) -> tuple[tuple[int, int], ...]:
        """The moves from the root to ``node``: ``(node, action index)`` pairs."""
        steps = []
        while node > 0:
            steps.append((int(self.parent[node]), int(self.parent_action[node])))
            node = int(self.parent[node])
        return tuple(reversed(steps))

    def player_index(self, player: str | int) -> int:
        """The 0-based index of a player given by label or index."""
        if isinstance(player, (int, np.integer)) and 0 <= player < self.num_players:
            return int(player)
        if player in self.players:
            return self.players.index(player)
        raise GameError(f"no player {player!r}; players are {list(self.players)}")

    def terminal_payoffs(self, node: int) -> tuple[Fraction | float, ...]:
        """Payoffs at a terminal node (exact when the game's payoffs are exact)."""
        row = int(self.terminal_index[node])
        if row < 0:
            raise GameError(f"node {node} is not terminal")
        if self.exact_payoffs is not None:
            return tuple(self.exact_payoffs[row])
        return tuple(float(x) for x in self.payoffs[row])

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ExtensiveGame):
            return NotImplemented
        same_arrays = all(
            np.array_equal(getattr(self, a), getattr(other, a))
            for a in ("kind", "parent", "player", "infoset", "payoffs", "move_prob")
        )
        return (same_arrays and self.players == other.players and self.infosets == other.infosets
                and self.chance_infosets == other.chance_infosets and self.node_labels == other.node_labels
                and self.outcome_labels == other.outcome_labels and self.title == other.title
                and self.comment == other.comment
                and (self.exact_payoffs is None) == (other.exact_payoffs is None)
                and (self.exact_payoffs is None or np.array_equal(self.exact_payoffs, other.exact_payoffs)))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (f"ExtensiveGame(title={self.title!r}, players={self.players!r}, nodes={self.num_nodes}, "
                f"infosets={self.num_infosets}, terminals={self.num_terminals})")
