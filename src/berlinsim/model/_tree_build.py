"""Turn a preorder list of node records into the flat arrays of an extensive game.

Private helper of :mod:`berlinsim.model.extensive`. A tree is given as its nodes in
preorder (a node, then the subtree of its first action, then the subtree of its
second action, ...), which is also the order of a Gambit ``.efg`` file: the number of
children of a node is the number of actions of its information set, so the list
alone fixes the tree. Nothing here can build a cycle, and a list with nodes left
over (unreachable) or missing is rejected.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Sequence

import numpy as np

from berlinsim.errors import GameError
from berlinsim.model._exact import to_fraction

#: Node kinds stored in :attr:`ExtensiveGame.kind`.
TERMINAL, DECISION, CHANCE = 0, 1, 2

#: Tolerance for inexact (float) chance probabilities summing to one.
PROB_TOL = 1e-9


class TreeError(GameError):
    """A malformed tree; ``node`` is the 0-based preorder index of the offending record (or None)."""

    def __init__(self, message: str, node: int | None = None) -> None:
        self.node = node
        self.message = message
        super().__init__(message if node is None else f"node {node}: {message}")


@dataclass(frozen=True, slots=True, kw_only=True)
class NodeRecord:
    """One node of a tree given in preorder (the low-level input of :meth:`ExtensiveGame.from_records`).

    Attributes
    ----------
    kind : int
        ``TERMINAL``, ``DECISION`` or ``CHANCE``.
    label : str
        Node label (need not be unique).
    player : int or None
        0-based player index of a decision node.
    infoset : int or None
        Number of the information set (per player; chance has its own numbering).
        Decision and chance nodes with the same player and number share an information set.
    infoset_label : str or None
        Label of the information set (the first non-empty label given wins).
    actions : tuple of str or None
        Action (or chance outcome) labels; ``None`` on a later member of an information set
        means "as declared before".
    probabilities : tuple or None
        Chance probabilities (numbers, Fractions or numeric strings).
    payoffs : tuple or None
        Payoffs of the outcome attached to this node (any kind of node; Gambit semantics:
        added to every terminal below).
    outcome : str
        Label of that outcome.
    attributes : tuple of (str, object)
        Named outcome attributes (terminal nodes only).
    """

    kind: int
    label: str = ""
    player: int | None = None
    infoset: int | None = None
    infoset_label: str | None = None
    actions: tuple[str, ...] | None = None
    probabilities: tuple[Any, ...] | None = None
    payoffs: tuple[Any, ...] | None = None
    outcome: str = ""
    attributes: tuple[tuple[str, Any], ...] = ()


def _number(value: Any, what: str, node: int) -> tuple[float, Fraction | None]:
    try:
        exact = to_fraction(value)
        floating = float(exact) if exact is not None else float(value)
    except (TypeError, ValueError) as exc:
        raise TreeError(f"{what}: {exc}", node) from None
    if not np.isfinite(floating):
        raise TreeError(f"{what} must be finite, got {value!r}", node)
    return floating, exact


def build(num_players: int, records: Sequence[NodeRecord]) -> dict[str, Any]:
    """Validate ``records`` and return the constructor fields of an ``ExtensiveGame``."""
    records = tuple(records)
    n = len(records)
    if n == 0:
        raise TreeError("a tree needs at least one node")
    # --- information sets, keyed by (player or -1 for chance, number)
    info: dict[tuple[int, int], dict[str, Any]] = {}
    arity = np.zeros(n, dtype=np.int64)
    next_free: dict[int, int] = {}
    keys: list[tuple[int, int] | None] = []
    for k, r in enumerate(records):
        if r.kind == TERMINAL:
            keys.append(None)
            continue
        if r.kind == DECISION:
            if r.player is None or not 0 <= r.player < num_players:
                raise TreeError(f"decision node has player {r.player!r}; players are 0..{num_players - 1}", k)
            owner = int(r.player)
        elif r.kind == CHANCE:
            owner = -1
        else:
            raise TreeError(f"unknown node kind {r.kind!r}", k)
        number = r.infoset
        if number is None:  # a fresh singleton information set
            number = next_free.get(owner, 0)
            while (owner, number) in info:
                number += 1
        next_free[owner] = max(next_free.get(owner, 0), number + 1)
        key = (owner, int(number))
        keys.append(key)
        entry = info.get(key)
        if entry is None:
            if r.actions is None:
                raise TreeError(f"first node of information set {number} gives no actions", k)
            if len(r.actions) == 0:
                raise TreeError("a decision or chance node needs at least one action", k)
            entry = {"actions": tuple(str(a) for a in r.actions), "label": r.infoset_label or "",
                     "nodes": [], "probs": None, "first": k}
            if owner == -1:
                if r.probabilities is None:
                    raise TreeError("chance node without probabilities", k)
                entry["probs"] = _chance_probabilities(r, k)
            info[key] = entry
        else:
            who = "chance" if owner == -1 else f"player {owner + 1}"
            if r.actions is not None and tuple(str(a) for a in r.actions) != entry["actions"]:
                raise TreeError(
                    f"information set {number} of {who} has actions {list(entry['actions'])} at node "
                    f"{entry['first']} but {list(r.actions)} here", k)
            if owner == -1 and r.probabilities is not None:
                probs = _chance_probabilities(r, k)
                if probs[0] != entry["probs"][0]:
                    raise TreeError(f"chance information set {number} has different probabilities at its nodes", k)
            if not entry["label"] and r.infoset_label:
                entry["label"] = r.infoset_label
        entry["nodes"].append(k)
        arity[k] = len(entry["actions"])
    # --- the tree shape from preorder + arity (iterative, no recursion limit)
    parent = np.full(n, -1, dtype=np.int64)
    parent_action = np.full(n, -1, dtype=np.int64)
    depth = np.zeros(n, dtype=np.int64)
    stack: list[list[int]] = []  # [node, next action]
    for k in range(n):
        if k > 0:
            if not stack:
                raise TreeError(f"{n - k} node(s) after the end of the tree are unreachable", k)
            top = stack[-1]
            parent[k] = top[0]
            parent_action[k] = top[1]
            depth[k] = depth[top[0]] + 1
            top[1] += 1
            if top[1] == arity[top[0]]:
                stack.pop()
        if arity[k] > 0:
            stack.append([k, 0])
    if stack:
        missing = sum(int(arity[s[0]] - s[1]) for s in stack)
        raise TreeError(f"the tree is incomplete: {missing} subtree(s) missing after the last node", stack[-1][0])
    return _assemble(num_players, records, info, keys, parent, parent_action, depth, arity)


def _chance_probabilities(r: NodeRecord, k: int) -> tuple[tuple[float, ...], tuple[Fraction, ...] | None]:
    if len(r.probabilities) != len(r.actions or ()):
        raise TreeError(f"chance node has {len(r.actions or ())} outcomes but {len(r.probabilities)} probabilities", k)
    pairs = [_number(p, "probability", k) for p in r.probabilities]
    floats = tuple(p[0] for p in pairs)
    exact = tuple(p[1] for p in pairs) if all(p[1] is not None for p in pairs) else None
    if any(p < 0 or p > 1 for p in floats):
        raise TreeError(f"chance probabilities must lie in [0, 1], got {list(r.probabilities)}", k)
    if exact is not None:
        if sum(exact) != 1:
            raise TreeError(f"chance probabilities sum to {sum(exact)}, not 1: {[str(p) for p in r.probabilities]}", k)
    elif abs(sum(floats) - 1.0) > PROB_TOL:
        raise TreeError(f"chance probabilities sum to {sum(floats)!r}, not 1", k)
    return floats, exact


def _assemble(num_players, records, info, keys, parent, parent_action, depth, arity) -> dict[str, Any]:
    n = len(records)
    kind = np.array([r.kind for r in records], dtype=np.int8)
    # children in CSR form, ordered by action
    child_ptr = np.zeros(n + 1, dtype=np.int64)
    child_ptr[1:] = np.cumsum(arity)
    child_idx = np.empty(int(child_ptr[-1]), dtype=np.int64)
    nonroot = np.arange(1, n)
    child_idx[child_ptr[parent[nonroot]] + parent_action[nonroot]] = nonroot
    # information sets: decision ones sorted by (player, number); chance ones by number
    dec_keys = sorted(k for k in info if k[0] >= 0)
    ch_keys = sorted(k for k in info if k[0] < 0)
    dec_index = {k: i for i, k in enumerate(dec_keys)}
    ch_index = {k: i for i, k in enumerate(ch_keys)}
    player = np.full(n, -1, dtype=np.int64)
    infoset = np.full(n, -1, dtype=np.int64)
    for k, key in enumerate(keys):
        if key is None:
            continue
        player[k] = key[0]
        infoset[k] = dec_index[key] if key[0] >= 0 else ch_index[key]
    # payoffs: outcome payoffs along the path are added up at each terminal
    own = []
    all_exact = True
    for k, r in enumerate(records):
        if r.payoffs is None:
            own.append(None)
            continue
        if len(r.payoffs) != num_players:
            raise TreeError(f"outcome has {len(r.payoffs)} payoffs, expected {num_players}", k)
        pairs = [_number(v, "payoff", k) for v in r.payoffs]
        all_exact &= all(p[1] is not None for p in pairs)
        own.append(pairs)
    if any(r.attributes and r.kind != TERMINAL for r in records):
        bad = next(k for k, r in enumerate(records) if r.attributes and r.kind != TERMINAL)
        raise TreeError("outcome attributes belong to terminal nodes", bad)
    # floats: one vectorised pass per depth level; exact sums only where an outcome lies on the path
    own_f = np.zeros((n, num_players))
    with_outcome = [k for k in range(n) if own[k] is not None]
    for k in with_outcome:
        own_f[k] = [p[0] for p in own[k]]
    acc_f = own_f.copy()
    contributions = np.zeros(n, dtype=np.int64)
    contributions[with_outcome] = 1
    order = np.argsort(depth, kind="stable")
    for nodes in np.split(order, np.cumsum(np.bincount(depth))[:-1])[1:]:
        with np.errstate(over="ignore"):  # a sum too large for a float is refused below
            acc_f[nodes] += acc_f[parent[nodes]]
        contributions[nodes] += contributions[parent[nodes]]
    terminals = np.flatnonzero(kind == TERMINAL).astype(np.int64)
    payoffs = acc_f[terminals]
    exact_payoffs = None
    if all_exact:
        acc_x: list[tuple[Fraction, ...] | None] = [None] * n  # None: no outcome above (zero payoffs)
        for k in range(n):
            base = acc_x[parent[k]] if k > 0 else None
            if own[k] is None:
                acc_x[k] = base
            else:
                mine = tuple(p[1] for p in own[k])
                acc_x[k] = mine if base is None else tuple(b + m for b, m in zip(base, mine))
        zero = tuple(Fraction(0) for _ in range(num_players))
        exact_payoffs = np.empty((len(terminals), num_players), dtype=object)
        for row, t in enumerate(terminals):
            exact_payoffs[row, :] = acc_x[t] if acc_x[t] is not None else zero
            if contributions[t] > 1:  # a sum of several outcomes: the float nearest the exact sum
                try:
                    payoffs[row] = [float(x) for x in exact_payoffs[row]]
                except OverflowError:
                    payoffs[row] = np.inf
    if not np.all(np.isfinite(payoffs)):
        row = int(np.flatnonzero(~np.isfinite(payoffs).all(axis=1))[0])
        raise TreeError("the payoffs of the outcomes on the path to this terminal add up to more than a float "
                        "holds (about 1.8e308)", int(terminals[row]))
    return {
        "kind": kind, "parent": parent, "parent_action": parent_action, "depth": depth,
        "child_ptr": child_ptr, "child_idx": child_idx, "player": player, "infoset": infoset,
        "node_labels": tuple(str(r.label) for r in records),
        "terminals": terminals, "payoffs": payoffs, "exact_payoffs": exact_payoffs,
        "outcome_labels": tuple(str(records[t].outcome) for t in terminals),
        "attributes": tuple(tuple((str(a), v) for a, v in records[t].attributes) for t in terminals),
        "info": info, "dec_keys": dec_keys, "ch_keys": ch_keys,
    }
