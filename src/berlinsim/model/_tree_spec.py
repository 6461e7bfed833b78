"""Nested tree specs (:func:`decision`, :func:`chance`, :func:`terminal`) for building games by hand.

Private helper of :mod:`berlinsim.model.extensive`, which re-exports the three spec
functions. A spec is a plain immutable description; :func:`flatten` turns it into the
preorder :class:`~berlinsim.model._tree_build.NodeRecord` list that the game is built from.

Examples
--------
>>> spec = decision("A", {"L": terminal(1, 0), "R": terminal(0, 1)})
>>> names, records = flatten(spec, None)
>>> names, [r.kind for r in records]
(('A',), [1, 0, 0])
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Sequence

from berlinsim.errors import GameError
from berlinsim.model._tree_build import CHANCE, DECISION, TERMINAL, NodeRecord


@dataclass(frozen=True, slots=True, kw_only=True)
class TreeSpec:
    """One node of a hand-written tree with its subtrees (built by the spec functions)."""

    kind: int
    label: str = ""
    player: str | int | None = None
    infoset: str | None = None
    actions: tuple[str, ...] = ()
    probabilities: tuple[Any, ...] = ()
    children: tuple[TreeSpec, ...] = ()
    payoffs: tuple[Any, ...] | None = None
    outcome: str = ""
    attributes: tuple[tuple[str, Any], ...] = ()


def _pairs(items: Mapping[str, Any] | Sequence[tuple[str, Any]]) -> list[tuple[str, Any]]:
    return list(items.items()) if isinstance(items, Mapping) else [tuple(x) for x in items]


def terminal(*payoffs: Any, label: str = "", outcome: str = "",
             attributes: Mapping[str, Any] | Sequence[tuple[str, Any]] = ()) -> TreeSpec:
    """A terminal node with one payoff per player (ints, Fractions, numeric strings are exact).

    ``attributes`` are named outcome features (e.g. ``{"war": True}``) kept for later analysis.
    """
    return TreeSpec(kind=TERMINAL, label=label, payoffs=tuple(payoffs) or None, outcome=outcome,
                    attributes=tuple((str(k), v) for k, v in _pairs(attributes)))


def decision(player: str | int, actions: Mapping[str, TreeSpec] | Sequence[tuple[str, TreeSpec]], *,
             infoset: str | None = None, label: str = "", payoffs: Sequence[Any] | None = None,
             outcome: str = "") -> TreeSpec:
    """A decision node of ``player`` with ``{action label: subtree}``.

    Nodes of one player with the same ``infoset`` label form one information set (they
    must offer the same actions); ``infoset=None`` makes a singleton. ``payoffs`` attach an
    outcome to this node: it is added to every terminal below (Gambit's semantics).
    """
    pairs = _pairs(actions)
    if not pairs:
        raise GameError(f"decision node of {player!r} needs at least one action")
    return TreeSpec(kind=DECISION, label=label, player=player, infoset=infoset,
                    actions=tuple(str(a) for a, _ in pairs), children=tuple(c for _, c in pairs),
                    payoffs=None if payoffs is None else tuple(payoffs), outcome=outcome)


def chance(outcomes: Mapping[str, tuple[Any, TreeSpec]] | Sequence[tuple[str, Any, TreeSpec]], *,
           label: str = "", infoset: str | None = None, payoffs: Sequence[Any] | None = None,
           outcome: str = "") -> TreeSpec:
    """A chance node: ``{outcome label: (probability, subtree)}`` or ``[(label, probability, subtree)]``."""
    if isinstance(outcomes, Mapping):
        triples = [(k, v[0], v[1]) for k, v in outcomes.items()]
    else:
        triples = [tuple(x) for x in outcomes]
    if not triples:
        raise GameError("a chance node needs at least one outcome")
    return TreeSpec(kind=CHANCE, label=label, infoset=infoset, actions=tuple(str(t[0]) for t in triples),
                    probabilities=tuple(t[1] for t in triples), children=tuple(t[2] for t in triples),
                    payoffs=None if payoffs is None else tuple(payoffs), outcome=outcome)


def flatten(root: TreeSpec, players: Sequence[str] | None) -> tuple[tuple[str, ...], list[NodeRecord]]:
    """Player labels and the preorder records of a spec tree (iterative, any depth)."""
    if not isinstance(root, TreeSpec):
        raise GameError(f"a tree is built from decision/chance/terminal specs, got {type(root).__name__}")
    order: list[TreeSpec] = []
    stack = [root]
    while stack:
        spec = stack.pop()
        if not isinstance(spec, TreeSpec):
            raise GameError(f"a subtree must be a decision/chance/terminal spec, got {type(spec).__name__}")
        order.append(spec)
        stack.extend(reversed(spec.children))
    names = list(players) if players is not None else []
    if players is None:
        for spec in order:
            if spec.kind == DECISION and not isinstance(spec.player, int) and spec.player not in names:
                names.append(spec.player)
    names = [str(p) for p in names]
    numbers: dict[tuple[int, Any], int] = {}
    count: dict[int, int] = {}
    records = []
    for k, spec in enumerate(order):
        player_idx = None
        if spec.kind == DECISION:
            player_idx = _player_index(spec.player, names)
        owner = -1 if player_idx is None else player_idx
        number = None
        if spec.kind != TERMINAL:
            key = (owner, spec.infoset if spec.infoset is not None else ("#node", k))
            if key not in numbers:
                count[owner] = count.get(owner, 0) + 1
                numbers[key] = count[owner]
            number = numbers[key]
        records.append(NodeRecord(
            kind=spec.kind, label=spec.label, player=player_idx, infoset=number,
            infoset_label=spec.infoset or "", actions=spec.actions if spec.kind != TERMINAL else None,
            probabilities=spec.probabilities if spec.kind == CHANCE else None,
            payoffs=spec.payoffs, outcome=spec.outcome, attributes=spec.attributes))
    return tuple(names), records


def _player_index(player: str | int, names: list[str]) -> int:
    if isinstance(player, int) and not isinstance(player, bool):
        if not 0 <= player < len(names):
            raise GameError(f"no player number {player}; players are {names}")
        return player
    if str(player) not in names:
        raise GameError(f"no player {player!r}; players are {names}")
    return names.index(str(player))
