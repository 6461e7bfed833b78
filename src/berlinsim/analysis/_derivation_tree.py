"""The derivation computation for trees (private helper of :mod:`berlinsim.analysis.derivation`).

Backward induction step by step under an equilibrium, in the order it proceeds (deepest
subgame first, as the subgame-perfect solver's trace; inside a subgame with imperfect
information, children before parents): the continuation value of every action at each decision
node, the expectation at each chance node; at an information set with several nodes the values
weighted by the mover's beliefs, and, where the mover mixes, the belief that makes them
indifferent (:mod:`._derivation_beliefs`). Also the deviations table. Threats and their
credibility are in :mod:`._derivation_threats`.

Examples
--------
>>> from berlinsim.model.extensive import ExtensiveGame, decision, terminal
>>> from berlinsim.solvers.spe import spe_solve
>>> entry = ExtensiveGame.from_tree(
...     decision("Entrant", {"Out": terminal(0, 2),
...                          "In": decision("Incumbent", {"Fight": terminal(-1, -1), "Accommodate": terminal(1, 1)})}))
>>> eq = spe_solve(entry).equilibria[0]
>>> [step.text for step in induction(entry, eq)]
['Incumbent at node 2: Fight gives -1, Accommodate gives 1; takes Accommodate', 'Entrant at node 0: Out gives 0, In gives 1; takes In']
"""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction
from typing import Any, Sequence

from berlinsim.analysis import _derivation_beliefs as bl
from berlinsim.model import behavior as bh
from berlinsim.model._exact import format_number
from berlinsim.model.derivation_result import (
    Deviation, InductionStep, Number, StrategyLine, TreeNodeView, TreeView, Verification,
)
from berlinsim.model.extensive import CHANCE, DECISION, ExtensiveGame, subgame_roots

#: Largest tree drawn and induced node by node.
MAX_NODES = 300
#: Largest number of reduced strategies of one player listed in a deviations table.
MAX_STRATEGY_ROWS = 24
_TOL = 1e-9


def _exact(eq: Any) -> bool:
    return eq.exact_behavior is not None


def _profile(eq: Any) -> Any:
    return eq.exact_behavior if _exact(eq) else eq.behavior


def _positive(p: Any) -> bool:
    return p > 0 if isinstance(p, Fraction) else p > 1e-12


def _num(value: Any, exact: bool) -> Number:
    if exact:
        return value if type(value) is Fraction else Fraction(value)
    return float(value)


def _tol(game: ExtensiveGame, exact: bool) -> float:
    return 0 if exact else _TOL * max(1.0, game.max_abs_payoff)  # int 0: Fraction - 0.0 would be a float


def where(game: ExtensiveGame, node: int) -> str:
    """The game's name for a decision node: its information set's label, else the node's label, else its number."""
    if game.kind[node] == DECISION:
        info = game.infosets[int(game.infoset[node])]
        if info.label:
            return info.label
    return game.node_labels[node] or f"node {node}"


def _set_name(game: ExtensiveGame, h: int) -> str:
    return where(game, game.infosets[h].nodes[0])


def _fmt(values: Sequence[Any]) -> str:
    return "(" + ", ".join(format_number(v) for v in values) + ")"


# ----------------------------------------------------------------------------- the tree
def tree_view(game: ExtensiveGame, eq: Any = None, outcomes: Sequence[str] | None = None) -> TreeView:
    """The nodes in preorder, with the first equilibrium's moves and path."""
    exact_game = game.is_exact
    facts = dict(players=game.players, perfect_information=game.is_perfect_information, has_chance=game.has_chance,
                 exact=exact_game, num_nodes=game.num_nodes)
    if game.num_nodes > MAX_NODES:
        return TreeView(nodes=(), too_large=True, **facts)
    exact = eq is not None and _exact(eq)
    reach = None
    flat = None
    if eq is not None:
        reach = (bh.exact_realization_probabilities if exact else bh.realization_probabilities)(game, _profile(eq))
        flat = bh.flatten_behavior(game, _profile(eq), exact=exact)
    labels = tuple(outcomes) if outcomes and len(outcomes) == game.num_terminals else game.outcome_labels
    nodes = []
    for n in range(game.num_nodes):
        parent = int(game.parent[n])
        action, prob = "", None
        if parent >= 0:
            action = game.actions_at(parent)[int(game.parent_action[n])]
            if game.kind[parent] == CHANCE:
                prob = _num(game.exact_move_prob[n], True) if game.exact_move_prob is not None else float(game.move_prob[n])
            elif flat is not None:
                prob = _num(flat[int(game.edge_action[n])], exact)
        kind = {DECISION: "decision", CHANCE: "chance"}.get(int(game.kind[n]), "terminal")
        extra: dict[str, Any] = {}
        if kind == "decision":
            info = game.infosets[int(game.infoset[n])]
            extra = dict(player=game.players[info.player], where=where(game, n), shared=len(info.nodes) > 1)
        elif kind == "terminal":
            t = int(game.terminal_index[n])
            extra = dict(payoffs=tuple(_num(v, exact_game) for v in game.terminal_payoffs(n)),
                         outcome=labels[t] if t < len(labels) else "")
        nodes.append(TreeNodeView(node=n, parent=parent, depth=int(game.depth[n]), action=action, kind=kind,
                                  probability=prob, on_path=reach is not None and _positive(reach[n]), **extra))
    return TreeView(nodes=tuple(nodes), **facts)


def strategy_lines(game: ExtensiveGame, eq: Any) -> tuple[StrategyLine, ...]:
    """Each player's moves at each of their information sets, and whether play reaches it."""
    exact = _exact(eq)
    reach = (bh.exact_realization_probabilities if exact else bh.realization_probabilities)(game, _profile(eq))
    lines = []
    for p, sets in enumerate(game.player_infosets):
        for j, h in enumerate(sets):
            info = game.infosets[h]
            probs = _profile(eq)[p][j]
            lines.append(StrategyLine(
                player=game.players[p], where=_set_name(game, h),
                probabilities=tuple((a, _num(x, exact)) for a, x in zip(info.actions, probs) if _positive(x)),
                reached=any(_positive(reach[n]) for n in info.nodes)))
    return tuple(lines)


# ----------------------------------------------------------------------------- backward induction
def backward_order(game: ExtensiveGame) -> tuple[tuple[int, int], ...]:
    """The steps of backward induction in the order it takes them: ``(subgame root, node)`` pairs.

    The subgames are taken deepest first, in the order of the subgame-perfect solver's trace
    (its subgame roots in reverse preorder). A subgame whose root is its only chance or decision
    node is one step; a larger one (imperfect information: an information set spans it) is
    solved as a whole, and its steps (each chance node, each decision node, each information set
    with several nodes, named by its first node) are listed children first: a step comes after
    every step at or below any of its nodes.

    >>> from berlinsim.model.extensive import decision, terminal
    >>> g = ExtensiveGame.from_tree(decision("A", {"x": decision("B", {"l": terminal(1, 0), "r": terminal(0, 1)}, infoset="b"),
    ...                                            "y": decision("B", {"l": terminal(0, 1), "r": terminal(1, 0)}, infoset="b")}))
    >>> backward_order(g)
    ((0, 1), (0, 0))
    """
    roots = subgame_roots(game)
    is_root = set(roots)
    order = []
    for r in reversed(roots):
        region, stack = [], [r]
        while stack:
            n = stack.pop()
            if game.kind[n] in (DECISION, CHANCE) and (n == r or n not in is_root):
                region.append(n)
                stack.extend(game.children(n))
        key = {n: (min(game.infosets[int(game.infoset[n])].nodes) if game.kind[n] == DECISION else n) for n in region}
        members: dict[int, list[int]] = {}
        for n in sorted(region):
            members.setdefault(key[n], []).append(n)
        below = {k: {key[x] for n in nodes for x in region if n < x < int(game.subtree_end[n])} - {k}
                 for k, nodes in members.items()}
        done: set[int] = set()
        while len(done) < len(members):
            ready = [k for k in members if k not in done and below[k] <= done]
            k = max(ready or [k for k in members if k not in done])  # a cycle (no perfect recall): break it
            done.add(k)
            order.append((r, k))
    return tuple(order)


def induction(game: ExtensiveGame, eq: Any, method_beliefs: Sequence[Sequence[float]] | None = None, *,
              assessment: dict[int, tuple[Any, ...]] | None = None) -> tuple[InductionStep, ...]:
    """Backward induction under ``eq``, in the order of :func:`backward_order` (see the module docstring).

    ``method_beliefs``: the solver's beliefs per information set (global order), used where
    play does not reach an information set with several nodes; ``assessment``: an assessment's
    beliefs by information set (``pbe``, exact where the game is), used there first.
    """
    if game.num_nodes > MAX_NODES:
        return ()
    exact = _exact(eq)
    behavior = _profile(eq)
    values = bh.node_values(game, behavior, exact=exact)
    reach = (bh.exact_realization_probabilities if exact else bh.realization_probabilities)(game, behavior)
    flat = bh.flatten_behavior(game, behavior, exact=exact)
    tol = _tol(game, exact)
    zero = _num(0, exact)
    steps = []
    for root, n in backward_order(game):
        children = game.children(n)
        actions = game.actions_at(n)
        value = tuple(_num(v, exact) for v in values[n])
        if game.kind[n] == CHANCE:
            info = game.chance_infosets[int(game.infoset[n])]
            probs = tuple(_num(p, True) for p in info.exact_probabilities) if exact and info.exact_probabilities \
                else tuple(float(p) for p in info.probabilities)
            per = tuple(tuple(_num(v, exact) for v in values[c]) for c in children)
            parts = ", ".join(f"{a} ({format_number(p)}) gives {_fmt(v)}" for a, p, v in zip(actions, probs, per))
            steps.append(InductionStep(node=n, kind="chance", player="", where=game.node_labels[n] or f"node {n}",
                                       actions=actions, values=per, chosen=tuple(range(len(children))),
                                       on_path=_positive(reach[n]), value=value, probabilities=probs, subgame=root,
                                       text=f"Chance at {game.node_labels[n] or f'node {n}'}: {parts}; expected {_fmt(value)}"))
            continue
        h = int(game.infoset[n])
        info = game.infosets[h]
        i = info.player
        probs = flat[int(game.action_offset[h]):int(game.action_offset[h + 1])]
        chosen = tuple(a for a, p in enumerate(probs) if _positive(p))
        mixing = tuple(_num(probs[a], exact) for a in chosen) if len(chosen) > 1 else ()
        if len(info.nodes) == 1:
            per = tuple(tuple(_num(v, exact) for v in values[c]) for c in children)
            tied = _ties(per, chosen, i, tol)
            text = (f"{game.players[i]} at {where(game, n)}: "
                    + ", ".join(f"{a} gives {format_number(v[i])}" for a, v in zip(actions, per))
                    + "; takes " + " and ".join(actions[a] for a in chosen)
                    + (f" (as good: {', '.join(actions[a] for a in tied)})" if tied else ""))
            steps.append(InductionStep(node=n, kind="decision", player=game.players[i], where=where(game, n),
                                       actions=actions, values=per, chosen=chosen, tied=tied, subgame=root,
                                       on_path=_positive(reach[n]), value=value, probabilities=mixing, text=text))
            continue
        steps.append(_information_set(game, h, values, reach, chosen, mixing, exact, tol, zero, method_beliefs, flat,
                                      root, assessment))
    return _with_pins(game, tuple(steps), flat, exact, tol)


def _with_pins(game: ExtensiveGame, steps: tuple[InductionStep, ...], flat: Any, exact: bool, tol: float
               ) -> tuple[InductionStep, ...]:
    """Each step whose mover mixes two actions, with the later beliefs that this mix pins down (Bayes' rule)."""
    later = [(int(game.infoset[s.node]), s) for s in steps if s.indifference is not None
             and s.indifference.solution is not None and s.belief_source in ("bayes", "subgame")]
    if not later:
        return steps
    out = []
    for step in steps:
        if step.kind == "chance" or len(step.chosen) != 2:
            out.append(step)
            continue
        h = int(game.infoset[step.node])
        pins = tuple(p for p in (bl.mix_for_belief(game, flat, h, step.chosen, g, s.indifference, s.where, exact, tol)
                                 for g, s in later if g != h) if p is not None)
        out.append(replace(step, pinned_by=pins) if pins else step)
    return tuple(out)


def _information_set(game: ExtensiveGame, h: int, values: Any, reach: Any, chosen: tuple[int, ...],
                     mixing: tuple[Number, ...], exact: bool, tol: float, zero: Number,
                     method_beliefs: Sequence[Sequence[float]] | None, flat: Any, root: int,
                     assessment: dict[int, tuple[Any, ...]] | None = None) -> InductionStep:
    info = game.infosets[h]
    i, nodes = info.player, info.nodes
    total = sum((reach[n] for n in nodes), zero)
    node_values = tuple(tuple(_num(values[game.children(n)[a]][i], exact) for a in range(info.num_actions))
                        for n in nodes)
    inside = bh.plan_beliefs(game, flat, h, exact=exact, fallback=False) if not _positive(total) else None
    if _positive(total):
        beliefs, source = tuple(_num(reach[n] / total, exact) for n in nodes), "bayes"
    elif inside is not None:
        beliefs, source = tuple(_num(x, exact) for x in inside), "subgame"
    elif assessment is not None and h in assessment:
        beliefs, source = tuple(_num(x, exact) for x in assessment[h]), "assessment"
    elif method_beliefs is not None and h < len(method_beliefs) and len(method_beliefs[h]) == len(nodes):
        beliefs, source = tuple(float(b) for b in method_beliefs[h]), "method"
    else:
        beliefs, source = (), ""
    per: tuple[tuple[Number, ...], ...] = ()
    tied: tuple[int, ...] = ()
    if beliefs:
        bayes = source != "method"
        per = tuple(tuple(sum((b * _num(values[game.children(n)[a]][p], exact) if bayes
                               else b * float(values[game.children(n)[a]][p]) for b, n in zip(beliefs, nodes)),
                              zero if bayes else 0.0)
                          for p in range(game.num_players))
                    for a in range(info.num_actions))
        tied = _ties(per, chosen, i, tol if bayes else _TOL * max(1.0, game.max_abs_payoff))
    items = bl.situation_items(game, nodes, i)
    situations = tuple(", ".join(p) or f"at node {n}" for p, n in zip(items, nodes))
    indifference = None
    if beliefs and len(chosen) > 1 and all(abs(per[a][i] - per[chosen[0]][i]) <= (tol if source != "method" else
                                                                             _TOL * max(1.0, game.max_abs_payoff))
                                           for a in chosen):
        weights = beliefs if source != "method" else tuple(float(b) for b in beliefs)
        indifference = bl.belief_indifference(node_values, weights, situations, chosen, items,
                                              tol if source != "method" else _TOL * max(1.0, game.max_abs_payoff))
    name = _set_name(game, h)
    if beliefs:
        weights = ", ".join(f"{s} {format_number(b)}" for s, b in zip(situations, beliefs))
        detail = ", ".join(f"{a} gives {format_number(v[i])}" for a, v in zip(info.actions, per))
        text = f"{game.players[i]} at {name} (cannot tell apart: {weights}): {detail}"
    else:
        text = (f"{game.players[i]} at {name} (never reached; cannot tell apart {', '.join(situations)}): "
                + "; ".join(f"{s}: " + ", ".join(f"{a} gives {format_number(v)}" for a, v in zip(info.actions, row))
                            for s, row in zip(situations, node_values)))
    text += "; takes " + " and ".join(info.actions[a] for a in chosen)
    return InductionStep(node=min(nodes), kind="information set", player=game.players[i], where=name,
                         actions=info.actions, values=per, chosen=chosen, tied=tied,
                         on_path=_positive(total), value=(), probabilities=mixing, situations=situations,
                         beliefs=beliefs, node_values=node_values, belief_source=source, subgame=root,
                         indifference=indifference, text=text)


# ----------------------------------------------------------------------------- deviations
def _with(behavior: Any, player: int, rows: dict[int, tuple[Any, ...]]) -> tuple:
    """``behavior`` with player's information sets ``j`` replaced by ``rows[j]``."""
    return tuple(tuple(rows.get(j, probs) if p == player else probs for j, probs in enumerate(per))
                 for p, per in enumerate(behavior))


def _onehot(k: int, n: int, exact: bool) -> tuple[Any, ...]:
    return tuple((Fraction(int(a == k)) if exact else float(a == k)) for a in range(n))


def verification(game: ExtensiveGame, eq: Any, reduced: Any = None) -> Verification:
    """Each player's payoff from each of their reduced pure strategies (small trees) or from each
    move at each information set (the rest of the plan kept), against the others' equilibrium play.

    ``reduced``: ``(table, StrategyMap)`` of :func:`~berlinsim.model.reduced_normal_form.to_reduced_normal_form`.
    """
    exact = _exact(eq)
    behavior = _profile(eq)
    payoff = bh.exact_expected_payoffs if exact else bh.expected_payoffs
    current = tuple(_num(v, exact) for v in payoff(game, behavior))
    best = (bh.exact_best_response_values if exact else bh.best_response_values)(game, behavior)
    best = tuple(_num(v, exact) for v in best)
    by_strategy = reduced is not None and all(len(c) <= MAX_STRATEGY_ROWS for c in reduced[1].choices)
    rows = []
    for p, sets in enumerate(game.player_infosets):
        if by_strategy:
            table, strategies = reduced
            for label, choice in zip(table.actions[p], strategies.choices[p]):
                rows_p = {j: _onehot(a, game.infosets[h].num_actions, exact)
                          for j, (h, a) in enumerate(zip(sets, choice)) if a >= 0}
                worth = _num(payoff(game, _with(behavior, p, rows_p))[p], exact)
                used = all(_positive(behavior[p][j][a]) for j, a in enumerate(choice) if a >= 0)
                rows.append(Deviation(player=game.players[p], strategy=label, payoff=worth, gain=worth - current[p],
                                      used=used))
            continue
        for j, h in enumerate(sets):
            info = game.infosets[h]
            for a, action in enumerate(info.actions):
                worth = _num(payoff(game, _with(behavior, p, {j: _onehot(a, info.num_actions, exact)}))[p], exact)
                rows.append(Deviation(player=game.players[p], strategy=f"{_set_name(game, h)}: {action}", payoff=worth,
                                      gain=worth - current[p], used=_positive(behavior[p][j][a])))
    regret = max([_num(0, exact), *(b - c for b, c in zip(best, current))])
    columns = tuple((game.players[p], tuple(_set_name(game, h) for h in sets))
                    for p, sets in enumerate(game.player_infosets)) if by_strategy else ()
    return Verification(kind="strategies" if by_strategy else "moves", payoffs=current, rows=tuple(rows),
                        best_values=best, regret=regret, exact=exact, columns=columns)


def _ties(per: tuple[tuple[Number, ...], ...], chosen: tuple[int, ...], player: int, tol: float) -> tuple[int, ...]:
    """Actions not chosen that are worth exactly what the chosen one is worth to ``player`` (within ``tol``).

    Compared with the chosen action, not with the best one: off the path an equilibrium of a
    method that is not sequentially rational may choose worse, and a better action is no tie.

    >>> _ties(((1, 0), (1, 5), (2, 0)), (0,), 0, 0)
    (1,)
    """
    if not chosen:
        return ()
    value = min(per[a][player] for a in chosen)
    return tuple(a for a, v in enumerate(per) if a not in chosen and abs(v[player] - value) <= tol)
