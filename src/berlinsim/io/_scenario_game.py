"""Reading the ``game`` section of a scenario file: a matrix or a tree, with structural checks.

Private helper of :mod:`berlinsim.io.scenario_yaml`. Besides the game spec it records the
*sites* of the formulas the numeric checks evaluate (outcomes and chance nodes, with their
key paths). Checks here: player and action names, duplicate labels, missing, duplicated and
unknown matrix cells; tree nodes of one kind each, moves to unknown nodes, nodes reached by
two moves, cycles, unreachable nodes, information sets that mix players or offer different
actions; every outcome has a payoff for every player.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from typing import Any

from berlinsim.io._scenario_reader import Reader, describe, quoted
from berlinsim.io.yaml_source import KeyPath
from berlinsim.model.expression import Expr
from berlinsim.model.scenario import (
    Action,
    Cell,
    ChanceNode,
    DecisionNode,
    MatrixSpec,
    OutcomeNode,
    ScenarioTree,
    TreeNode,
    suggest,
)

MAX_OUTCOMES = 1_000_000
"""Largest number of matrix cells or tree nodes accepted."""
_SHOWN = 8


@dataclass
class OutcomeSite:
    """A matrix cell or terminal node: where it is, its attribute formulas and direct payoffs."""

    key_path: KeyPath
    name: str
    attributes: dict[str, tuple[KeyPath, Expr]] = field(default_factory=dict)
    payoffs: dict[int, tuple[KeyPath, Expr]] = field(default_factory=dict)


@dataclass
class ChanceSite:
    """A chance node: where it is and its outcomes' probability formulas."""

    key_path: KeyPath
    node: str
    outcomes: list[tuple[str, KeyPath, Expr]] = field(default_factory=list)


@dataclass
class GameSites:
    outcomes: list[OutcomeSite] = field(default_factory=list)
    chances: list[ChanceSite] = field(default_factory=list)


def _known(known: list[str], kind: str) -> str:
    if not known:
        return f" (no {kind}s)"
    shown = ", ".join(known[:_SHOWN]) + (", ..." if len(known) > _SHOWN else "")
    return f" (expected one of: {shown})"


def _unknown(ld: Reader, kp: KeyPath, kind: str, value: Any, known: list[str], *, at_value: bool = True) -> None:
    hint = suggest(str(value), known) or _known(known, kind)
    ld.fail(kp, f"unknown {kind} {quoted(value)}{hint}",
            at_value=at_value)


def read_game(ld: Any, value: Any) -> MatrixSpec | ScenarioTree | None:
    """The game spec of the ``game`` section (None after recording its problems in ``ld``)."""
    data = ld.mapping(("game",), value, "a mapping with 'type: matrix' or 'type: tree'")
    if data is None or not ld.players_ok:  # without players, every player name would be "unknown"
        return None
    kind = data.get("type")
    if kind == "matrix":
        return _read_matrix(ld, data)
    if kind == "tree":
        return _read_tree(ld, data)
    if "type" not in data:
        ld.fail(("game",), "missing required key 'type' (expected 'matrix' or 'tree')")
    else:
        hint = suggest(str(kind), ["matrix", "tree"])
        ld.fail(("game", "type"), f"unknown game type {quoted(kind)}{hint} (expected 'matrix' or 'tree')",
                at_value=True)
    return None


# --- shared: outcomes -----------------------------------------------------------------------------

def _read_outcome(ld: Any, kp: KeyPath, entry: dict[Any, Any], name: str) -> OutcomeSite:
    """Attributes and direct payoffs of a cell or terminal; checks every player gets a payoff."""
    site = OutcomeSite(key_path=kp, name=name)
    scope = ld.scope(("parameter", "definition"), "an attribute value")
    attrs = ld.mapping(kp + ("attributes",), entry["attributes"], "a mapping of attribute name to value") \
        if entry.get("attributes") is not None else None
    for key, item in (attrs or {}).items():
        akp = kp + ("attributes", key)
        if key not in ld.declared or ld.declared[key] != "attribute":
            known = [n for n, k in ld.declared.items() if k == "attribute"]
            hint = suggest(str(key), known) or _known(known, "declared attribute")
            ld.fail(akp, f"unknown attribute '{key}'{hint}")
            continue
        expr = ld.formula(akp, item, scope, f"the attribute '{key}'")
        if expr is not None:
            site.attributes[key] = (akp, expr)
    pays = ld.mapping(kp + ("payoffs",), entry["payoffs"], "a mapping of player name to payoff") \
        if entry.get("payoffs") is not None else None
    pay_scope = ld.scope(("parameter", "definition", "attribute"), "a payoff")
    for key, item in (pays or {}).items():
        pkp = kp + ("payoffs", key)
        if key not in ld.players:
            _unknown(ld, pkp, "player", key, ld.players, at_value=False)
            continue
        expr = ld.formula(pkp, item, pay_scope, f"the payoff of '{key}'")
        if expr is not None:
            site.payoffs[ld.players.index(key)] = (pkp, expr)
    given = set((pays or {}).keys())
    for index in sorted(ld.no_payoff):
        player = ld.players[index]
        if player not in given:
            ld.fail(kp, f"no payoff for player '{player}' in {name} (expected a payoff here, since "
                        f"'{player}' has no payoff formula)")
    ld.sites.outcomes.append(site)
    return site


# --- matrix ---------------------------------------------------------------------------------------

def _read_actions(ld: Reader, kp: KeyPath, value: Any) -> tuple[Action, ...] | None:
    items = ld.sequence(kp, value, "a list of actions (labels, or {label: description})")
    if items is None:
        return None
    if not items:
        ld.fail(kp, "no actions (expected at least one, got an empty list)", at_value=True)
        return None
    actions: list[Action] = []
    ok = True
    for i, item in enumerate(items):
        description = ""
        if isinstance(item, dict):
            if len(item) != 1:
                ld.fail(kp + (i,), f"an action is a label or one 'label: description' pair (got a mapping "
                                   f"with {len(item)} keys)")
                ok = False
                continue
            item, description = next(iter(item.items()))
            description = ld.text(kp + (i, item), description) or "" if description is not None else ""
        label = ld.label(kp + (i,), item, "action label")
        if label is None:
            ok = False
        elif any(a.label == label for a in actions):
            ld.fail(kp + (i,), f"duplicate action '{label}' (expected unique action labels)")
            ok = False
        else:
            actions.append(Action(label=label, description=description))
    return tuple(actions) if ok else None


def _read_matrix(ld: Any, data: dict[Any, Any]) -> MatrixSpec | None:
    kp: KeyPath = ("game",)
    ld.keys(kp, data, ("type", "actions", "cells"), ("type", "actions", "cells"), what="of a matrix game")
    players = ld.players
    actions: list[tuple[Action, ...] | None] = [None] * len(players)
    given = ld.mapping(kp + ("actions",), data["actions"], "a mapping of player name to a list of actions") \
        if "actions" in data else None
    for key, items in (given or {}).items():
        if key not in players:
            _unknown(ld, kp + ("actions", key), "player", key, players, at_value=False)
            continue
        actions[players.index(key)] = _read_actions(ld, kp + ("actions", key), items)
    if given is not None:
        for player in players:
            if player not in given:
                ld.fail(kp + ("actions",), f"missing the actions of player '{player}'")
    shape = tuple(len(a) for a in actions) if all(a is not None for a in actions) and players else None
    if shape is not None and math.prod(shape) > MAX_OUTCOMES:
        ld.fail(kp + ("actions",), f"too large: {math.prod(shape)} cells (expected at most {MAX_OUTCOMES})")
        shape = None
    items = ld.sequence(kp + ("cells",), data["cells"], "a list of cells {actions, attributes, payoffs}") \
        if "cells" in data else None
    cells: dict[tuple[int, ...], Cell] = {}
    first_line: dict[tuple[int, ...], int] = {}
    for j, item in enumerate(items or ()):
        ckp = kp + ("cells", j)
        entry = ld.mapping(ckp, item, "a cell {actions, attributes, payoffs}")
        if entry is None:
            shape = None
            continue
        ld.keys(ckp, entry, ("actions", "attributes", "payoffs"), ("actions",), what="of a cell")
        profile = _read_profile(ld, ckp + ("actions",), entry.get("actions"), actions) if "actions" in entry else None
        shown = f"the cell ({', '.join(actions[i][a].label for i, a in enumerate(profile))})" if profile else \
            f"cell {j + 1}"
        site = _read_outcome(ld, ckp, entry, shown)
        if profile is None:  # which profile it meant is unknown: "missing cells" would be guesswork
            shape = None
            continue
        if profile in cells:
            ld.fail(ckp + ("actions",), f"duplicate cell: {shown[4:]} is already given at line "
                                        f"{first_line[profile]} (expected each profile once)")
            continue
        first_line[profile] = ld.doc.where(ckp)[0]
        cells[profile] = Cell(actions=profile, attributes=tuple((n, e) for n, (_, e) in site.attributes.items()),
                              payoffs=tuple(sorted((p, e) for p, (_, e) in site.payoffs.items())))
    if shape is None or items is None:
        return None
    missing = [p for p in itertools.product(*(range(n) for n in shape)) if p not in cells]
    if missing:
        listed = ", ".join("(" + ", ".join(actions[i][a].label for i, a in enumerate(p)) + ")"
                           for p in missing[:_SHOWN])
        more = f" and {len(missing) - _SHOWN} more" if len(missing) > _SHOWN else ""
        ld.fail(kp + ("cells",), f"missing cell{'s' if len(missing) > 1 else ''} {listed}{more} (expected one "
                                 f"cell per profile: {math.prod(shape)}, got {len(cells)})")
        return None
    if ld.errors:
        return None
    return MatrixSpec(actions=tuple(a for a in actions if a is not None),
                      cells=tuple(cells[p] for p in itertools.product(*(range(n) for n in shape))))


def _read_profile(ld: Reader, kp: KeyPath, value: Any,
                  actions: list[tuple[Action, ...] | None]) -> tuple[int, ...] | None:
    items = ld.sequence(kp, value, f"a list of {len(actions)} action labels, one per player")
    if items is None:
        return None
    if len(items) != len(actions):
        ld.fail(kp, f"wrong number of actions (expected {len(actions)}, one per player, got {len(items)})",
                at_value=True)
        return None
    profile = []
    for i, (item, acts) in enumerate(zip(items, actions)):
        if acts is None:
            return None
        labels = [a.label for a in acts]
        label = str(item) if isinstance(item, (str, int)) and not isinstance(item, bool) else None
        if label not in labels:
            player = ld.players[i]
            hint = suggest(str(item), labels) or _known(labels, "action")
            ld.fail(kp + (i,), f"unknown action {quoted(item if label is None else label)} of "
                               f"'{player}'{hint}")
            return None
        profile.append(labels.index(label))
    return tuple(profile)


# --- tree -----------------------------------------------------------------------------------------

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
        site = _read_outcome(ld, okp, body, f"the outcome '{node_id}'")
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
            _unknown(ld, kp + ("player",), "player", entry["player"], ld.players)
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


def _read_tree(ld: Any, data: dict[Any, Any]) -> ScenarioTree | None:
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
        _unknown(ld, kp + ("root",), "node", root, ids)
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
            _unknown(ld, edge.key_path, "node", edge.target, list(where))
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
                    f"the node is referenced twice")
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
