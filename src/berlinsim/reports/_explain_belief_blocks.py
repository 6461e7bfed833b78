"""The beliefs section of ``explain`` for a perfect Bayesian equilibrium (private helper of :mod:`._explain_blocks`).

For every information set of several nodes: the belief and where it comes from - Bayes' rule on
the path, with the reach probabilities it divides; off the path Bayes' rule on the play where the
histories part, or, where nothing fixes it, the range of beliefs under which the play there is a
best reply - and, in a signalling game, the Intuitive Criterion and D1 tests in words. The
indifference a mixing mover's belief creates is derived in the steps before (:mod:`._explain_tree_blocks`).
"""

from __future__ import annotations

from typing import Any, Sequence

from berlinsim.model.derivation_result import BeliefView, Derivation
from berlinsim.reports.blocks import Heading, Items, Para
from berlinsim.reports.number_format import format_probability as prob

__all__ = ["assessment_blocks", "belief_sentence"]

_INTRO = ("A perfect Bayesian equilibrium also says what each player believes wherever they cannot tell nodes apart, "
          "and every move must be a best reply to that belief. Where play reaches the set, Bayes' rule fixes the belief: "
          "each node's probability of being reached, divided by the set's. Off the path Bayes' rule says nothing; the "
          "belief must still be one that vanishing mistakes could produce, and the play there must be a best reply to it.")


def _move(view: BeliefView) -> str:
    played = [view.actions[a] for a in view.chosen]
    return played[0] if len(played) == 1 else "mixing " + " and ".join(played)


def _act(view: BeliefView) -> str:
    """What the mover does against the belief: takes an action, or mixes those the belief makes equally good."""
    played = [view.actions[a] for a in view.chosen]
    if len(played) == 1:
        return f"takes {played[0]}"
    return f"mixes {' and '.join(played)}: this belief makes them equally good (the equation is in the steps above)"


def _nodes(values: Sequence[Any]) -> str:
    return ", ".join(f"({k}) {prob(v)}" for k, v in enumerate(values, 1))


def belief_sentence(view: BeliefView) -> str:
    """Where the belief at one information set comes from, with the numbers.

    >>> from fractions import Fraction as F
    >>> v = BeliefView(player="US", where="ultimatum", situations=("if resolute", "if bluffing"), source="path",
    ...                beliefs=(F(1, 3), F(2, 3)), reaches=(F(1, 6), F(1, 3)), actions=("stand", "yield"), chosen=(1,))
    >>> print(belief_sentence(v))
    US at “ultimatum” cannot tell apart (1) if resolute, (2) if bluffing. Play reaches them with probabilities (1) 1/6, (2) 1/3, the set with 1/2; Bayes' rule: (1) 1/6 / 1/2 = 1/3, (2) 1/3 / 1/2 = 2/3. Against this belief US takes yield.
    """
    places = ", ".join(f"({k}) {s}" for k, s in enumerate(view.situations, 1))
    head = f"{view.player} at \u201c{view.where}\u201d cannot tell apart {places}."
    move = _move(view)
    if view.source == "path":
        total = sum(view.reaches, view.reaches[0] * 0)
        quotients = ", ".join(f"({k}) {prob(r)} / {prob(total)} = {prob(b)}"
                              for k, (r, b) in enumerate(zip(view.reaches, view.beliefs), 1))
        return (f"{head} Play reaches them with probabilities {_nodes(view.reaches)}, the set with {prob(total)}; "
                f"Bayes' rule: {quotients}. Against this belief {view.player} {_act(view)}.")
    if view.source == "plan":
        return (f"{head} Play does not get there, but the equilibrium's plan below the point where these situations "
                f"part still fixes the belief (Bayes' rule on it; a player's own deviation tells nothing new about "
                f"chance or the others): {_nodes(view.beliefs)}. Against it {view.player} {_act(view)}.")
    off = f"{head} Play does not get there and nothing in the equilibrium says which of them it would be, so Bayes' rule is silent."
    if len(view.range) <= 1:
        return (f"{off} {move[0].upper()}{move[1:]} is a best reply there for one admissible belief only: "
                f"{_nodes(view.beliefs)}.")
    if len(view.beliefs) == 2:
        low, high = sorted({point[0] for point in view.range})[0], sorted({point[0] for point in view.range})[-1]
        span = f"any belief in (1) from {prob(low)} to {prob(high)}"
    else:
        span = "any belief in the polytope with extreme points " + "; ".join(_nodes(p) for p in view.range)
    return (f"{off} {move[0].upper()}{move[1:]} is a best reply there for {span}: each such belief supports the "
            f"equilibrium (the one listed, {_nodes(view.beliefs)}, is their centre).")


def assessment_blocks(d: Derivation) -> list[Any]:
    """The section on beliefs and refinements, for equilibria that carry beliefs (``pbe``); else ``[]``."""
    shown = [e for e in d.equilibria if e.beliefs or e.refinements]
    if not shown:
        return []
    blocks: list[Any] = [Heading(2, "4. Beliefs, and what supports them"), Para(_INTRO)]
    if any(e.refinements for e in shown):
        blocks.append(Para("In a signalling game each equilibrium is also tested against the refinements of Cho and Kreps "
                           "(1987): for each message no type sends, which types could gain from it, what the receiver "
                           "should then believe, and whether a type would then break away (Intuitive Criterion), or "
                           "which types D1 rules out."))
    for e in shown:
        if len(d.equilibria) > 1:
            blocks.append(Heading(3, f"Equilibrium {e.number}"))
        if e.beliefs:
            blocks.append(Items(tuple(belief_sentence(v) for v in e.beliefs)))
        if e.refinements:
            blocks += [Para("Refinements:"), Items(e.refinements)]
    return blocks
