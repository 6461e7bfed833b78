"""The beliefs of a perfect Bayesian assessment and its refinement tests, for ``explain`` (private helper).

:func:`belief_views` turns an equilibrium's :class:`~berlinsim.model.assessment.InfosetBelief`
objects (``pbe`` attaches one per information set) into :class:`BeliefView` values for the sets of
several nodes: the belief, the reach probabilities Bayes' rule divides on the path, the range that
supports the play off it, and the mover's value of each action at each node (what the range is
computed from). :func:`refinement_lines` gives the Intuitive Criterion and D1 tests in words.

Examples
--------
>>> from berlinsim.model.extensive import ExtensiveGame, chance, decision, terminal
>>> from berlinsim.solvers.pbe import pbe_solve
>>> def us(stand, yield_):
...     return decision("US", {"stand": terminal(*stand), "yield": terminal(*yield_)}, infoset="ultimatum")
>>> g = ExtensiveGame.from_tree(chance({
...     "resolute": ("1/3", decision("K", {"ultimatum": us((-26, -10), (-11, 10)), "quiet": terminal(0, 0)}, infoset="r")),
...     "bluffing": ("2/3", decision("K", {"ultimatum": us((-20, -5), (-11, 10)), "quiet": terminal(0, 0)}, infoset="b"))}),
...     players=("US", "K"))
>>> (view,) = belief_views(g, pbe_solve(g).equilibria[0])
>>> view.where, view.source, view.situations, [str(b) for b in view.beliefs], [str(r) for r in view.reaches]
('ultimatum', 'path', ('if resolute', 'if bluffing'), ['1/3', '2/3'], ['1/3', '2/3'])
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from berlinsim.analysis import _derivation_beliefs as bl
from berlinsim.model import behavior as bh
from berlinsim.model.assessment import verdict_text
from berlinsim.model.derivation_result import BeliefView
from berlinsim.model.extensive import ExtensiveGame

__all__ = ["assessment_beliefs", "belief_views", "refinement_lines"]


def assessment_beliefs(game: ExtensiveGame, eq: Any) -> dict[int, tuple[Any, ...]] | None:
    """The equilibrium's belief at each information set (global index), exact where known; None without beliefs."""
    if getattr(eq, "beliefs", None) is None:
        return None
    return {b.infoset: (b.exact_belief if b.exact_belief is not None else b.belief) for player in eq.beliefs for b in player}


def belief_views(game: ExtensiveGame, eq: Any) -> tuple[BeliefView, ...]:
    """One :class:`BeliefView` per information set of several nodes, in the order of the players' sets."""
    if getattr(eq, "beliefs", None) is None:
        return ()
    exact = eq.exact_behavior is not None
    behavior = eq.exact_behavior if exact else eq.behavior
    values = bh.node_values(game, behavior, exact=exact)
    reach = (bh.exact_realization_probabilities if exact else bh.realization_probabilities)(game, behavior)
    out = []
    for player in eq.beliefs:
        for b in player:
            if len(b.nodes) < 2:
                continue
            info = game.infosets[b.infoset]
            i = int(info.player)
            items = bl.situation_items(game, b.nodes, i)
            situations = tuple(", ".join(p) or f"at node {n}" for p, n in zip(items, b.nodes))
            j = game.player_infosets[i].index(b.infoset)
            chosen = tuple(a for a, p in enumerate(behavior[i][j]) if p > 0)
            node_values = tuple(tuple(_number(values[game.children(n)[a]][i], exact) for a in range(info.num_actions))
                                for n in b.nodes)
            belief = b.exact_belief if b.exact_belief is not None else b.belief
            points = b.exact_range if b.exact_range is not None else b.range
            out.append(BeliefView(player=game.players[i], where=info.label or _node_name(game, b.nodes[0]),
                                  situations=situations, source=b.source, beliefs=tuple(belief),
                                  reaches=tuple(_number(reach[n], exact) for n in b.nodes),
                                  range=tuple(tuple(p) for p in points), actions=tuple(info.actions),
                                  chosen=chosen, node_values=node_values))
    return tuple(out)


def refinement_lines(eq: Any) -> tuple[str, ...]:
    """The Intuitive Criterion and D1 on the equilibrium's outcome, in words (signalling games; else ``()``)."""
    verdict = getattr(eq, "signalling", None)
    if verdict is None:
        return ()
    lines = list(verdict_text(verdict))
    if not verdict.tests:
        lines.append("Every message is sent, so no belief is off the path: the Intuitive Criterion and D1 hold.")
    verdicts = (f"Intuitive Criterion: {'passed' if verdict.intuitive_criterion else 'failed'}; "
                f"D1: {'passed' if verdict.d1 else 'failed'}.")
    return (*lines, verdicts)


def _number(value: Any, exact: bool) -> Any:
    return Fraction(value) if exact else float(value)


def _node_name(game: ExtensiveGame, node: int) -> str:
    return game.node_labels[node] or f"node {node}"
