"""An equilibrium of a scenario in the scenario's own words (private helper of :mod:`.scenario_text`).

For a matrix: each player's action (its description from the scenario file), or the mix.
For a tree: each player's choice at every information set reached, introduced by what the
player knows of the situation there (``"USSR, if reasonable: accept; if hardline: reject"``):
the chance outcomes and other players' moves that lead to every node of the information set,
leaving out the equilibrium's main line (moves taken for certain at information sets reached
for certain). Information sets that are never reached are described with every move on the
way to them (``"after US chose wait"``) and listed as off the equilibrium path. Ties are actions as good as the one
chosen, for the mover, at an information set given how likely its nodes are there (trees; see
:func:`beliefs`) or against the others' strategies (matrices).

Examples
--------
>>> from berlinsim.model.normal_form import NormalFormGame
>>> from berlinsim.model.result import equilibrium_from
>>> g = NormalFormGame.from_bimatrix([[1, 1], [0, 0]], [[1, 1], [0, 0]], players=("US", "USSR"),
...                                  actions=(("talk", "wait"), ("accept", "reject")))
>>> words = describe(None, g, equilibrium_from(g, ((1, 0), (1, 0)), exact=True))
>>> words.on_path, words.ties
(('US: talk', 'USSR: accept'), ('USSR: reject would be as good as accept',))
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Sequence

from berlinsim.model.behavior import plan_beliefs
from berlinsim.model.extensive import CHANCE, DECISION
from berlinsim.model.normal_form import NormalFormGame
from berlinsim.reports.number_format import format_probability

TOLERANCE = 1e-9


@dataclass(frozen=True, slots=True, kw_only=True)
class Words:
    """Sentences about one equilibrium.

    ``tie_moves[k]`` gives the moves of ``ties[k]``: ``(player, actions)`` for a matrix,
    ``(information set, (action,))`` for a tree (indices into the game).
    """

    on_path: tuple[str, ...]
    off_path: tuple[str, ...] = ()
    ties: tuple[str, ...] = ()
    tie_moves: tuple[tuple[int, tuple[int, ...]], ...] = ()
    reasoning: tuple[str, ...] = ()
    is_tree: bool = False


def _positive(p: Any) -> bool:
    return p > 0 if isinstance(p, Fraction) else p > TOLERANCE


def _choice(labels: Sequence[str], about: Sequence[str], probs: Sequence[Any]) -> str:
    """A choice in words: ``description [label]`` (or the label alone); a mix as ``... with p, ... with q``."""
    played = [(f"{d} [{a}]" if d and d != a else a, p) for a, d, p in zip(labels, about, probs) if _positive(p)]
    if len(played) == 1:
        return played[0][0]
    return ", ".join(f"{text} with {format_probability(p)}" for text, p in played)


def same_outcomes(outcomes: Sequence[Any]) -> bool:
    """Whether every equilibrium leads to the same distribution over outcomes."""
    first = outcomes[0].distribution
    return all(len(o.distribution) == len(first) and all(
        a == b and abs(float(p) - float(q)) <= TOLERANCE for (a, p), (b, q) in zip(o.distribution, first))
        for o in outcomes[1:])


# ----------------------------------------------------------------------------- matrices
def _describe_matrix(scenario: Any, game: NormalFormGame, eq: Any) -> Words:
    from berlinsim.model.profile import action_values, exact_action_values

    exact = eq.exact_strategies is not None and game.exact_payoffs is not None
    strategies = eq.exact_strategies if exact else eq.strategies
    specs = getattr(getattr(scenario, "game", None), "actions", None)
    lines, ties, moves = [], [], []
    values = exact_action_values(game, strategies) if exact else action_values(game, strategies)
    for i, player in enumerate(game.players):
        about = [a.description for a in specs[i]] if specs is not None else [""] * len(game.actions[i])
        lines.append(f"{player}: {_choice(game.actions[i], about, strategies[i])}")
        best = max(values[i])
        tol = 0 if exact else TOLERANCE * max(1.0, game.max_abs_payoff)
        played = [a for a in range(len(strategies[i])) if _positive(strategies[i][a])]
        idle = [a for a in range(len(strategies[i])) if a not in played and values[i][a] >= best - tol]
        if idle:
            chosen = " / ".join(game.actions[i][a] for a in played)
            ties.append(f"{player}: {', '.join(game.actions[i][a] for a in idle)} would be as good as {chosen}")
            moves.append((i, tuple(idle)))
    return Words(on_path=tuple(lines), ties=tuple(ties), tie_moves=tuple(moves))


# ----------------------------------------------------------------------------- trees
def _spec_nodes(scenario: Any, game: Any) -> list[Any] | None:
    """The scenario's node spec for every game node (both in preorder), or None if they do not match."""
    tree = getattr(scenario, "game", None)
    if tree is None or not hasattr(tree, "root"):
        return None
    order, stack = [], [tree.root]
    try:
        while stack:
            node_id = stack.pop()
            order.append(tree.node(node_id))
            stack.extend(reversed(tree.successors(node_id)))
    except Exception:  # noqa: BLE001 - a spec that does not match the game only costs the descriptions
        return None
    return order if len(order) == game.num_nodes else None


def _descriptions(game: Any, specs: list[Any] | None, h: int) -> list[str]:
    """Descriptions of the actions at ``h``: from its nodes, else from the player's same-named actions elsewhere."""
    info = game.infosets[h]
    if specs is None:
        return [""] * info.num_actions
    own: dict[str, str] = {}
    elsewhere: dict[str, str] = {}
    for node, spec in enumerate(specs):
        if game.kind[node] == DECISION and int(game.player[node]) == info.player:
            target = own if node in info.nodes else elsewhere
            for action, _ in getattr(spec, "actions", ()):
                if getattr(action, "description", "") and action.label not in target:
                    target[action.label] = action.description
    return [own.get(a) or elsewhere.get(a, "") for a in info.actions]


def _certain(p: Any) -> bool:
    return p == 1 if isinstance(p, Fraction) else p > 1 - TOLERANCE


def _context(game: Any, node: int, player: int, flat: Any, set_reach: Any) -> list[str]:
    """What leads to ``node``, as the player's situation: chance outcomes and other players' moves.

    With ``set_reach`` (information set -> probability of reaching it; on the equilibrium path)
    a move of another player is left out when it is certain: taken with probability 1 at an
    information set reached with probability 1 (it is the equilibrium's main line). Off the
    path (``set_reach`` None) every move is named, the player's own too.
    """
    items = []
    for parent, a in game.path(node):
        label = game.actions_at(parent)[a]
        if game.kind[parent] == CHANCE:
            if len(game.children(parent)) > 1:
                items.append(f"if {label}")
        elif int(game.player[parent]) == player:
            if set_reach is None:
                items.append(f"after choosing {label}")
        else:
            h = int(game.infoset[parent])
            certain = set_reach is not None and _certain(flat[int(game.action_offset[h]) + a]) and _certain(set_reach[h])
            if not certain:
                items.append(f"after {game.players[int(game.player[parent])]} chose {label}")
    return items


def _situation(game: Any, h: int, player: int, flat: Any, set_reach: Any) -> str:
    """What is common to every node of information set ``h`` (what the player knows there)."""
    contexts = [_context(game, n, player, flat, set_reach) for n in game.infosets[h].nodes]
    common = [item for item in contexts[0] if all(item in c for c in contexts[1:])]
    return ", ".join(common)


def _name(game: Any, specs: list[Any] | None, h: int) -> str:
    info = game.infosets[h]
    if info.label:
        return info.label
    node = info.nodes[0]
    spec = specs[node] if specs is not None else None
    return getattr(spec, "label", "") or getattr(spec, "id", "") or f"node {node}"


def _ties(game: Any, values: Any, flat: Any, h: int, player: int, exact: bool) -> list[int]:
    """Actions not taken at ``h`` worth exactly what the choice made there is worth to the mover.

    Worth is the expected value given that play reaches ``h`` (:func:`~berlinsim.model.behavior.plan_beliefs`). An action worth
    more is no tie: it can happen where the equilibrium's choice does not matter (an information
    set reached with probability 0 in a part of the tree solved as a whole).
    """
    info = game.infosets[h]
    weights = plan_beliefs(game, flat, h, exact=exact)
    zero = Fraction(0) if exact else 0.0
    worth = [sum((values[game.children(n)[a]][player] * w for n, w in zip(info.nodes, weights)), zero)
             for a in range(info.num_actions)]
    offset = int(game.action_offset[h])
    taken = [a for a in range(info.num_actions) if _positive(flat[offset + a])]
    chosen = sum((flat[offset + a] * worth[a] for a in taken), zero)
    tol = 0 if exact else TOLERANCE * max(1.0, game.max_abs_payoff)
    return [a for a in range(info.num_actions) if a not in taken and abs(worth[a] - chosen) <= tol]


def _player_line(game: Any, specs: list[Any] | None, player: str, parts: list[tuple[str, str, int]]) -> str:
    """``"USSR, if reasonable: accept; if hardline: reject"``: a player's choices where play goes."""
    if not parts:
        return f"{player}: does not move on the equilibrium path"
    wheres, choices = [w for w, _, _ in parts], {c for _, c, _ in parts}
    if len(parts) > 1 and len(choices) == 1 and all(wheres) and len(set(wheres)) == len(wheres):
        return f"{player}, {' or '.join(wheres)}: {parts[0][1]}"
    labelled = []
    for where, choice, h in parts:
        if sum(1 for w, _, _ in parts if w == where) > 1 or (not where and labelled):
            where = (where + ", " if where else "") + "at " + _name(game, specs, h)
        labelled.append((where, choice))
    first_where, first_choice = labelled[0]
    head = f"{player}, {first_where}: {first_choice}" if first_where else f"{player}: {first_choice}"
    return "; ".join([head, *(f"{w}: {c}" for w, c in labelled[1:])])


def _describe_tree(scenario: Any, game: Any, eq: Any, trace: Sequence[Any]) -> Words:
    from berlinsim.model import behavior as bh

    exact = eq.exact_behavior is not None
    behavior = eq.exact_behavior if exact else eq.behavior
    flat = bh.flatten_behavior(game, behavior, exact=exact)
    reach = (bh.exact_realization_probabilities if exact else bh.realization_probabilities)(game, behavior)
    values = bh.node_values(game, behavior, exact=exact)
    specs = _spec_nodes(scenario, game)
    zero = Fraction(0) if exact else 0.0
    set_reach = [sum((reach[n] for n in info.nodes), zero) for info in game.infosets]
    on, off, ties, moves = [], [], [], []
    for p, player in enumerate(game.players):
        parts: list[tuple[str, str, int]] = []
        for j, h in enumerate(game.player_infosets[p]):
            info = game.infosets[h]
            reached = _positive(set_reach[h])
            choice = _choice(info.actions, _descriptions(game, specs, h), behavior[p][j])
            where = _situation(game, h, p, flat, set_reach if reached else None)
            if reached:
                parts.append((where, choice, h))
            else:
                off.append(f"{player}" + (f", {where}" if where else f" at {_name(game, specs, h)}") + f": {choice}")
            about = _descriptions(game, specs, h)
            for a in _ties(game, values, flat, h, p, exact):
                place = where or f"at {_name(game, specs, h)}"
                tied = _choice(info.actions, about, [int(k == a) for k in range(info.num_actions)])
                ties.append(f"{player}, {place}: {tied} would be as good as {choice}")
                moves.append((h, (a,)))
        on.append(_player_line(game, specs, player, parts))
    reasoning = tuple(step.text for step in trace if getattr(step, "on_path", False) and step.kind == "decision")
    return Words(on_path=tuple(on), off_path=tuple(off), ties=tuple(ties), tie_moves=tuple(moves),
                 reasoning=reasoning, is_tree=True)


def describe(scenario: Any, game: Any, eq: Any, trace: Sequence[Any] = ()) -> Words:
    """Sentences for one equilibrium of ``game`` (built from ``scenario``, which gives the action descriptions).

    ``trace``: the backward-induction steps of this equilibrium (spe details), for the reasoning.
    """
    if isinstance(game, NormalFormGame):
        return _describe_matrix(scenario, game, eq)
    return _describe_tree(scenario, game, eq, trace)
