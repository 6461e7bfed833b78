"""Reading a ``tree`` game: nodes of three kinds, moves between them, and the tree's structure.

Private helper of :mod:`berlinsim.io.scenario_yaml`. Checks: every node is a decision node
(``player`` and ``actions``), a chance node (``chance``) or a terminal (``outcome``); players and
next nodes exist (did-you-mean); every node but the root is reached by exactly one move; no
move leads back to the root or around a cycle; every node is reachable from the root;
information sets belong to one player and offer the same actions at every node.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from berlinsim.io._scenario_outcomes import MAX_OUTCOMES, ChanceSite, read_outcome, unknown
from berlinsim.io._scenario_reader import Reader
from berlinsim.io.yaml_source import KeyPath
from berlinsim.model.scenario import (
    Action,
    ChanceNode,
    DecisionNode,
    OutcomeNode,
    ScenarioTree,
    TreeNode,
)


@dataclass(frozen=True)
class _Edge:
    source: str
    move: str
    key_path: KeyPath  # of the value naming the next node
    target: str


def _next(ld: Reader, kp: KeyPath, value: Any, what: str) -> tuple[KeyPath, str, str] | None:
    """(key path of the target, target id, description) of a move given as 'id' or {next, description}."""
    description = ""
    if isinstance(value, dict):
        ld.keys(kp, value, ("next", "description"), ("next",), what=f"of {what}")
        if "description" in value:
            description = ld.text(kp + ("description",), value["description"]) or ""
        if "next" not in value:
            return None
        kp, value = kp + ("next",), value["next"]
    target = ld.label(kp, value, "node id")
    return None if target is None else (kp, target, description)


def _read_node(ld: Any, kp: KeyPath, node_id: str, value: Any, edges: list[_Edge]) -> TreeNode | None:
    entry = ld.mapping(kp, value, "a node: {player, actions}, {chance} or {outcome}")
    if entry is None:
        return None
    if "outcome" in entry:
        ld.keys(kp, entry, ("outcome",), what="of a terminal node")
        outcome = entry["outcome"] if entry["outcome"] is not None else {}
        body = ld.mapping(kp + ("outcome",), outcome, "a mapping {label, attributes, payoffs}")
        if body is None:
            return None
        okp = kp + ("outcome",)
        ld.keys(okp, body, ("label", "attributes", "payoffs"), what="of an outcome")
        label = ld.label(okp + ("label",), body["label"], "outcome label") if "label" in body else node_id
        site = read_outcome(ld, okp, body, f"the outcome '{node_id}'")
        return OutcomeNode(id=node_id, label=label or node_id,
                           attributes=tuple((n, e) for n, (_, e) in site.attributes.items()),
                           payoffs=tuple(sorted((p, e) for p, (_, e) in site.payoffs.items())))
    label = ld.text(kp + ("label",), entry["label"]) or "" if "label" in entry else ""
    if "chance" in entry:
        ld.keys(kp, entry, ("chance", "label"), what="of a chance node")
        moves = ld.mapping(kp + ("chance",), entry["chance"], "a mapping of outcome to {p, next}")
        if moves is None:
            return None
        if not moves:
            ld.fail(kp + ("chance",), "no outcomes (expected at least one, got an empty mapping)", at_value=True)
        scope = ld.scope(("parameter", "definition"), "a chance probability")
        site = ld.sites.chances
        outcomes, ok = [], bool(moves)
        probabilities = []
        for key, move in moves.items():
            mkp = kp + ("chance", key)
            name = ld.label(mkp, key, "chance outcome")
            body = ld.mapping(mkp, move, "a mapping {p, next}")
            if name is None or body is None:
                ok = False
                continue
            ld.keys(mkp, body, ("p", "next"), ("p", "next"), what="of a chance outcome")
            p = ld.formula(mkp + ("p",), body["p"], scope, "a probability") if "p" in body else None
            target = ld.label(mkp + ("next",), body["next"], "node id") if "next" in body else None
            if target is not None:
                edges.append(_Edge(node_id, name, mkp + ("next",), target))
            if p is None or target is None:
                ok = False
                continue
            probabilities.append((name, mkp + ("p",), p))
            outcomes.append((name, p, target))
        if not ok:
            return None
        site.append(ChanceSite(key_path=kp + ("chance",), node=node_id, outcomes=probabilities))
        return ChanceNode(id=node_id, label=label, outcomes=tuple(outcomes))
    if "player" not in entry and "actions" not in entry:
        ld.fail(kp, "not a node (expected 'player' and 'actions' for a decision node, 'chance' for a chance "
                    "node or 'outcome' for a terminal node)")
        return None
    ld.keys(kp, entry, ("player", "actions", "infoset", "label"), ("player", "actions"), what="of a decision node")
    player = None
    if "player" in entry:
        if entry["player"] in ld.players:
            player = ld.players.index(entry["player"])
        else:
            unknown(ld, kp + ("player",), "player", entry["player"], ld.players)
    infoset = ld.label(kp + ("infoset",), entry["infoset"], "information set label") if "infoset" in entry else None
    moves = ld.mapping(kp + ("actions",), entry["actions"], "a mapping of action to next node") \
        if "actions" in entry else None
    if moves is not None and not moves:
        ld.fail(kp + ("actions",), "no actions (expected at least one, got an empty mapping)", at_value=True)
    actions, ok = [], bool(moves)
    for key, move in (moves or {}).items():
        akp = kp + ("actions", key)
        name = ld.label(akp, key, "action label")
        target = _next(ld, akp, move, "an action")
        if target is not None:
            edges.append(_Edge(node_id, name or str(key), target[0], target[1]))
        if name is None or target is None:
            ok = False
            continue
        actions.append((Action(label=name, description=target[2]), target[1]))
    if player is None or not ok or ("infoset" in entry and infoset is None):
        return None
    return DecisionNode(id=node_id, player=player, infoset=infoset, label=label, actions=tuple(actions))


def read_tree(ld: Any, data: dict[Any, Any]) -> ScenarioTree | None:
    kp: KeyPath = ("game",)
    ld.keys(kp, data, ("type", "root", "nodes"), ("type", "root", "nodes"), what="of a tree game")
    entries = ld.mapping(kp + ("nodes",), data["nodes"], "a mapping of node id to node") if "nodes" in data else None
    if entries is None:
        return None
    if len(entries) > MAX_OUTCOMES:
        ld.fail(kp + ("nodes",), f"too large: {len(entries)} nodes (expected at most {MAX_OUTCOMES})")
        return None
    edges: list[_Edge] = []
    nodes: dict[str, TreeNode | None] = {}
    where: dict[str, KeyPath] = {}
    for key, value in entries.items():
        node_id = ld.label(kp + ("nodes", key), key, "node id")
        if node_id is None:
            continue
        where[node_id] = kp + ("nodes", key)
        nodes[node_id] = _read_node(ld, kp + ("nodes", key), node_id, value, edges)
    root = ld.label(kp + ("root",), data["root"], "node id") if "root" in data else None
    ids = list(where)
    if root is not None and root not in where:
        unknown(ld, kp + ("root",), "node", root, ids)
        root = None
    ok = _check_edges(ld, edges, where, root, complete=all(n is not None for n in nodes.values()))
    _check_infosets(ld, nodes, where)
    if not ok or root is None or ld.errors or any(n is None for n in nodes.values()):
        return None
    return ScenarioTree(root=root, nodes=tuple(n for n in nodes.values() if n is not None))


def _check_edges(ld: Reader, edges: list[_Edge], where: dict[str, KeyPath], root: str | None,
                 *, complete: bool) -> bool:
    ok = True
    children: dict[str, list[str]] = {}
    incoming: dict[str, _Edge] = {}
    for edge in edges:
        if edge.target not in where:
            unknown(ld, edge.key_path, "node", edge.target, list(where))
            ok = False
            continue
        children.setdefault(edge.source, []).append(edge.target)
    for edge in edges:
        if edge.target not in where:
            continue
        if edge.target == root:
            ld.fail(edge.key_path, f"the move '{edge.move}' of '{edge.source}' leads back to the root "
                                   f"'{root}': a cycle (expected a tree)", at_value=True)
            ok = False
        elif edge.target in incoming:
            first = incoming[edge.target]
            line = ld.doc.where_value(first.key_path)[0]
            cycle = _reaches(children, edge.target, edge.source)
            what = (f"a cycle: '{edge.target}' leads back to '{edge.source}'" if cycle else
                    "the node is referenced twice")
            ld.fail(edge.key_path, f"node '{edge.target}' is already the target of the move '{first.move}' of "
                                   f"'{first.source}' (line {line}); {what} (expected every node except the "
                                   f"root to be reached by exactly one move)", at_value=True)
            ok = False
        else:
            incoming[edge.target] = edge
    if root is None or not complete:
        return ok
    reached, stack = {root}, [root]
    while stack:
        for child in children.get(stack.pop(), ()):
            if child not in reached:
                reached.add(child)
                stack.append(child)
    reported: set[str] = set()
    for node in where:
        if node in reached or node in reported:
            continue
        ok = False
        path, current = [node], incoming.get(node)
        while current is not None and current.source not in path and current.source not in reported:
            path.append(current.source)
            current = incoming.get(current.source)
        if current is not None and current.source in path:
            cycle = path[path.index(current.source):][::-1]
            reported.update(cycle)
            first = min(cycle, key=list(where).index)
            shown = " -> ".join(cycle[cycle.index(first):] + cycle[:cycle.index(first)] + [first])
            ld.fail(where[first], f"nodes {shown} form a cycle (expected a tree: no move leads back to an "
                                  f"earlier node)")
    for node in where:
        if node not in reached and node not in reported:
            ld.fail(where[node], f"node '{node}' is unreachable from the root '{root}' (expected every node "
                                 f"to be reached from the root)")
    return ok


def _reaches(children: dict[str, list[str]], start: str, goal: str) -> bool:
    seen, stack = {start}, [start]
    while stack:
        node = stack.pop()
        if node == goal:
            return True
        for child in children.get(node, ()):
            if child not in seen:
                seen.add(child)
                stack.append(child)
    return False


def _check_infosets(ld: Any, nodes: dict[str, TreeNode | None], where: dict[str, KeyPath]) -> None:
    first: dict[str, DecisionNode] = {}
    for node in nodes.values():
        if not isinstance(node, DecisionNode) or node.infoset is None:
            continue
        other = first.setdefault(node.infoset, node)
        if other is node:
            continue
        kp = where[node.id]
        if other.player != node.player:
            ld.fail(kp + ("infoset",), f"information set '{node.infoset}' mixes players: node '{other.id}' "
                                       f"belongs to '{ld.players[other.player]}', node '{node.id}' to "
                                       f"'{ld.players[node.player]}' (expected one player per information set)")
            continue
        mine = [a.label for a, _ in node.actions]
        theirs = [a.label for a, _ in other.actions]
        if sorted(mine) != sorted(theirs):
            ld.fail(kp + ("actions",), f"information set '{node.infoset}' offers different actions at its "
                                       f"nodes (expected [{', '.join(theirs)}] as at node '{other.id}', got "
                                       f"[{', '.join(mine)}])")
