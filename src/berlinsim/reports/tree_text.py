"""Plain-text reports of extensive games: the tree as indented text, behaviour equilibria.

Each line of the tree is one move: ``action -> what follows``. With an equilibrium, the
probability of each action taken is shown in brackets, moves on the equilibrium path
(reached with positive probability) are drawn ``=>`` instead of ``->``, and each
terminal node reached says with what probability.

Examples
--------
>>> from berlinsim.model.extensive import ExtensiveGame, decision, terminal
>>> from berlinsim.model.result import behavior_equilibrium_from
>>> g = ExtensiveGame.from_tree(
...     decision("Entrant", {"Out": terminal(0, 2),
...                          "In": decision("Incumbent", {"Fight": terminal(-1, -1), "Accommodate": terminal(1, 1)})}),
...     title="Entry deterrence")
>>> eq = behavior_equilibrium_from(g, (((0, 1),), ((0, 1),)), exact=True)
>>> print(format_tree(g, eq))
Entry deterrence
2 players, 5 nodes (3 terminal), perfect information, exact payoffs
<BLANKLINE>
Entrant
  Out -> payoffs 0, 2
  In [1] => Incumbent
    Fight -> payoffs -1, -1
    Accommodate [1] => payoffs 1, 1   (reached with probability 1)
<BLANKLINE>
=> marks the equilibrium path; [p] the probability of a move
>>> format_behavior_equilibrium(eq, g, 1)[0]
'  1. (nash, pure) Entrant: In; Incumbent: Accommodate'
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from berlinsim.model.extensive import CHANCE, DECISION, ExtensiveGame
from berlinsim.reports.number_format import format_probability, format_value

#: Largest tree drawn node by node; bigger trees are summarised.
MAX_TREE_NODES = 300


def _positive(p: Any) -> bool:
    return p > 0 if isinstance(p, Fraction) else p > 1e-12


def _infoset_name(game: ExtensiveGame, h: int) -> str:
    info = game.infosets[h]
    return info.label if info.label else f"#{info.number}"


def _describe(game: ExtensiveGame, node: int) -> str:
    if game.kind[node] == DECISION:
        h = int(game.infoset[node])
        player = game.players[game.infosets[h].player]
        info = game.infosets[h]
        named = len(info.nodes) > 1 or info.label or len(game.player_infosets[info.player]) > 1
        return player + (f" (information set {_infoset_name(game, h)})" if named else "")
    if game.kind[node] == CHANCE:
        return "chance"
    return "payoffs " + ", ".join(format_value(v) for v in game.terminal_payoffs(node))


def _edge_probabilities(game: ExtensiveGame, eq: Any) -> dict[int, Any]:
    """Probability of the move into each non-root node under ``eq`` (chance moves included)."""
    behavior = None
    if eq is not None:
        behavior = eq.exact_behavior if eq.exact_behavior is not None else eq.behavior
    position = {h: (p, j) for p, hs in enumerate(game.player_infosets) for j, h in enumerate(hs)}
    probs: dict[int, Any] = {}
    for node in range(1, game.num_nodes):
        parent = int(game.parent[node])
        a = int(game.parent_action[node])
        if game.kind[parent] == CHANCE:
            exact = game.exact_move_prob
            probs[node] = exact[node] if exact is not None else float(game.move_prob[node])
        elif behavior is not None:
            p, j = position[int(game.infoset[parent])]
            probs[node] = behavior[p][j][a]
    return probs


def format_tree(game: ExtensiveGame, eq: Any = None, *, max_nodes: int = MAX_TREE_NODES) -> str:
    """The tree as indented text, with ``eq``'s moves, path and terminal probabilities when given."""
    facts = [f"{game.num_players} player{'s' if game.num_players != 1 else ''}",
             f"{game.num_nodes} nodes ({game.num_terminals} terminal)",
             "perfect information" if game.is_perfect_information else "imperfect information"]
    if game.has_chance:
        facts.append("chance moves")
    facts.append("exact payoffs" if game.is_exact else "float payoffs")
    lines = [game.title] if game.title else []
    lines.append(", ".join(facts))
    if game.num_nodes > max_nodes:
        lines.append(f"(tree not shown: {game.num_nodes} nodes is more than {max_nodes})")
        return "\n".join(lines)
    probs = _edge_probabilities(game, eq)
    reach: dict[int, Any] = {0: Fraction(1) if eq is not None and eq.exact_behavior is not None else 1.0}
    lines += ["", _describe(game, 0)]
    for node in range(1, game.num_nodes):
        parent = int(game.parent[node])
        action = game.actions_at(parent)[int(game.parent_action[node])]
        p = probs.get(node)
        reach[node] = reach[parent] * p if p is not None and reach.get(parent) is not None else None
        on_path = eq is not None and reach[node] is not None and _positive(reach[node])
        shown = ""
        if p is not None and (game.kind[parent] == CHANCE or _positive(p)):
            shown = f" [{format_probability(p)}]"
        text = f"{'  ' * int(game.depth[node])}{action}{shown} {'=>' if on_path else '->'} {_describe(game, node)}"
        if on_path and game.kind[node] not in (DECISION, CHANCE):
            text += f"   (reached with probability {format_probability(reach[node])})"
        lines.append(text)
    if eq is not None:
        lines += ["", "=> marks the equilibrium path; [p] the probability of a move"]
    return "\n".join(lines)


def _player_behavior(game: ExtensiveGame, player: int, rows: Any) -> str:
    parts = []
    several = len(game.player_infosets[player]) > 1
    for h, probs in zip(game.player_infosets[player], rows):
        actions = game.infosets[h].actions
        played = [(actions[a], p) for a, p in enumerate(probs) if _positive(p)]
        if len(played) == 1:
            text = played[0][0]
        else:
            text = ", ".join(f"{a}={format_probability(p)}" for a, p in played)
        parts.append(f"{_infoset_name(game, h)}: {text}" if several else text)
    return " / ".join(parts) if parts else "(no move)"


def format_behavior_equilibrium(eq: Any, game: ExtensiveGame, number: int) -> list[str]:
    """Lines describing one behaviour equilibrium: each player's moves, payoffs and regret."""
    rows = eq.exact_behavior if eq.exact_behavior is not None else eq.behavior
    payoffs = eq.exact_payoffs if eq.exact_payoffs is not None else eq.payoffs
    kind = "pure" if eq.is_pure else "behaviour"
    head = f"{number:>3}. ({eq.refinement}, {kind}) " + "; ".join(
        f"{game.players[p]}: {_player_behavior(game, p, rows[p])}" for p in range(game.num_players))
    if eq.exact_regret is not None:
        regret = "0 (verified exactly)" if eq.exact_regret == 0 else format_value(eq.exact_regret)
    else:
        regret = "0" if eq.regret == 0 else f"{eq.regret:.2g}"
    return [head, "     payoffs: " + ", ".join(f"{p} {format_value(u)}" for p, u in zip(game.players, payoffs))
            + f"; regret {regret}"]
