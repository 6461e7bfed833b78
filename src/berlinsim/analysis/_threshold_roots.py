"""Exact switch points from payoff differences: the fast path of :mod:`berlinsim.analysis.thresholds`.

Between two scan points whose equilibrium outcomes differ, an equilibrium that holds on one side
only is held *fixed* and its exact regret is followed towards the other side. With payoffs
affine in the parameter the regret of a fixed profile is a maximum of affine functions, hence
convex and piecewise affine: secant steps taken from the side where it fails never overshoot the
point where it reaches zero, and reach it exactly after a few steps (once two steps lie on the
last affine piece). That point is where the profile stops being an equilibrium.

Which regret depends on the method. Nash methods (everything but the QRE limits) use the Nash
regret (the largest gain of a deviation of one player's whole strategy). The limit of the
agent-form logit QRE is a *sequential* equilibrium: a profile can stay a Nash equilibrium while
one of its moves off the path stops being credible (scenario 05: offering the generous deal now
stays Nash above ``w_framing * F_R = 2.95`` but sweetening a rejected program does not), so for
it the *agent regret* is used: at every information set, the gain of the best action over the
profile's own, weighted by the probability that chance and the *other* players reach each node
(a player's beliefs there, unnormalised; perfect recall makes the player's own moves the same
at every node of the set; a set of one node needs no beliefs and has weight 1). It is zero
exactly when every such move is a best reply; sets the others never reach (of two or more
nodes, where beliefs are free) are not constrained.

A root is accepted when it lies strictly inside the bracket and

- for the QRE-limit methods (slow and only approximately settled near a tie, so not solved
  there): an equilibrium of *each* side gives a root (each side's profile rounded to the pure
  one it tends to and checked exactly on its side), all roots agree, and solving at the middle
  of each half at least a quarter of the bracket wide shows that side's outcomes;
- for the other methods: all roots found agree, and solving just below and just above the root
  (at a distance of ``1e-6`` of the interval) shows the two sides' outcomes.

Otherwise the finder bisects as before. A threshold found here costs a few exact game builds
instead of some 35 solves of bisection.

Examples
--------
A decision between ``hold`` (worth ``w - 7/2``) and ``sweeten`` (worth ``-11/20``): the profile
"sweeten" is optimal up to ``w = 59/20``; its regret is the gain of holding beyond that.

>>> from fractions import Fraction
>>> regret = lambda w: max(Fraction(0), (w - Fraction(7, 2)) - Fraction(-11, 20))
>>> regret_root(regret, Fraction(4), Fraction(2))
Fraction(59, 20)
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Callable

__all__ = ["QRE_LIMITS", "agent_regret", "purified", "regret_root", "resolve_bracket"]

#: Methods that follow a QRE path to its limit: one equilibrium, approximate near ties.
QRE_LIMITS = frozenset({"agent_qre", "qre"})
#: Secant steps before giving up (a piecewise-affine regret needs one step per piece crossed).
MAX_STEPS = 16
#: First secant step, as a fraction of the bracket.
FIRST_STEP = Fraction(1, 2**20)
#: Distance of the checks on either side of a root (non-QRE methods), as a fraction of the interval.
CHECK = Fraction(1, 10**6)


def agent_regret(game: Any, behavior: Any) -> Fraction | None:
    """The largest gain of a one-move deviation at any information set, weighted by the others' reach.

    Exact (Fractions); None when the game's chance probabilities or payoffs are not exact.

    >>> from berlinsim.model.extensive import ExtensiveGame, decision, terminal
    >>> g = ExtensiveGame.from_tree(
    ...     decision("Entrant", {"Out": terminal(0, 2), "In": decision(
    ...         "Incumbent", {"Fight": terminal(-1, -1), "Accommodate": terminal(1, 1)})}))
    >>> threat = (((1, 0),), ((1, 0),))    # stay out, fight if entered: Nash, but fighting is not credible
    >>> agent_regret(g, threat)
    Fraction(2, 1)
    >>> agent_regret(g, (((0, 1),), ((0, 1),)))
    Fraction(0, 1)
    """
    from berlinsim.model.behavior import flatten_behavior, node_values

    if game.exact_payoffs is None or game.exact_move_prob is None:
        return None
    flat = flatten_behavior(game, behavior, exact=True)
    values = node_values(game, behavior, exact=True)
    order = sorted(range(game.num_nodes), key=lambda n: int(game.depth[n]))
    worst = Fraction(0)
    for i, infosets in enumerate(game.player_infosets):
        reach = [Fraction(0)] * game.num_nodes
        for n in order:
            parent = int(game.parent[n])
            if parent < 0:
                reach[n] = Fraction(game.exact_move_prob[n])
                continue
            action = int(game.edge_action[n])
            factor = (game.exact_move_prob[n] if action < 0 else 1 if int(game.player[parent]) == i
                      else flat[action])
            reach[n] = reach[parent] * factor
        for h in infosets:
            nodes = game.infosets[h].nodes
            gains = [Fraction(0)] * game.infosets[h].num_actions
            for x in nodes:
                weight = 1 if len(nodes) == 1 else reach[x]  # a single node needs no beliefs
                if weight == 0:
                    continue
                for a, child in enumerate(game.children(x)):
                    gains[a] += weight * (values[child, i] - values[x, i])
            worst = max(worst, *gains)
    return worst


def regret_root(regret: Callable[[Fraction], Fraction | None], start: Fraction, other: Fraction) -> Fraction | None:
    """Where a convex piecewise-affine ``regret``, positive at ``start``, first reaches zero going to ``other``.

    Secant steps from ``start``; None when the regret is not positive at ``start``, does not
    fall towards ``other``, reaches zero only at or beyond ``other``, or is not met exactly.
    """
    f0 = regret(start)
    if f0 is None or f0 <= 0:
        return None
    step = (other - start) * FIRST_STEP
    x0, x1 = start, start + step
    f1 = regret(x1)
    while f1 == 0 and abs(step) > abs(other - start) * FIRST_STEP ** 3:  # the root is very close to start
        step /= 1024
        x1 = start + step
        f1 = regret(x1)
    for _ in range(MAX_STEPS):
        if f1 is None or f1 >= f0 or f1 == 0:
            return None
        root = x1 + f1 * (x1 - x0) / (f0 - f1)
        if not min(start, other) < root < max(start, other):
            return None
        value = regret(root)
        if value == 0:
            return root
        x0, f0, x1, f1 = x1, f1, root, value
    return None


def resolve_bracket(a: Fraction, b: Fraction, left: Any, right: Any, *, point: Callable[[Fraction], Any],
                    regret: Callable[[Any, Fraction], Fraction | None], qre_limit: bool,
                    span: Fraction) -> tuple[Fraction, dict] | None:
    """The exact switch point between scan points ``a`` and ``b``, or None (bisect instead).

    ``left`` and ``right`` are the solved scan points (``keys``: outcome keys, ``labels``: key
    -> (label, equilibrium), ``game``); ``point(x)`` solves at ``x``; ``regret(eq, x)`` is the method's
    exact regret of the fixed profile ``eq`` at ``x``; ``span`` is the whole interval's width.
    Returns the root and the equilibria of both sides that hold there (key -> (label, eq)).
    """
    roots: dict[str, set[Fraction]] = {"left": set(), "right": set()}
    followed: dict[tuple, Any] = {}
    for name, side, other, start, end in (("left", left, right, b, a), ("right", right, left, a, b)):
        for key in (k for k in side.labels if k not in other.keys):  # the solver's order, not a set's
            eq = side.labels[key][1]
            if qre_limit:  # a QRE limit settles slowly near a tie: follow the pure profile it tends to
                eq = purified(side.game, eq, key)
                if eq is None:
                    continue
            if regret(eq, end) != 0:
                continue
            followed[key] = eq
            root = regret_root(lambda x, eq=eq: regret(eq, x), start, end)
            if root is not None:
                roots[name].add(root)
    found = roots["left"] | roots["right"]
    if len(found) != 1 or (qre_limit and not (roots["left"] and roots["right"])):
        return None
    (root,) = found
    if qre_limit:  # halves narrower than a quarter of the bracket are too close to the tie to solve there
        checks = (((a + root) / 2, left), ((root + b) / 2, right))
        checks = tuple((x, side) for x, side in checks if abs(x - root) * 8 >= b - a)
    else:
        gap = min(span * CHECK, (root - a) / 2, (b - root) / 2)
        checks = ((root - gap, left), (root + gap, right))
    if any(not _same_outcomes(point(x), side) for x, side in checks):
        return None
    holding = {}
    for side in (left, right):
        for key, (label, eq) in side.labels.items():
            eq = followed.get(key, eq)
            if key not in holding and regret(eq, root) == 0:
                holding[key] = (label, eq)
    return root, holding


def purified(game: Any, eq: Any, key: tuple) -> Any | None:
    """``eq`` with every information set (or player) moved to its most probable action, or None.

    None when an action is not more probable than all others together (a genuine mixture) or
    the pure profile has another outcome key. Whether it is an equilibrium is for the caller
    to check exactly.
    """
    from berlinsim.analysis.outcome_keys import matrix_outcome, tree_outcome
    from berlinsim.model.result import behavior_equilibrium_from, equilibrium_from

    tree = hasattr(eq, "exact_behavior")
    strategies = eq.exact_behavior if tree else eq.exact_strategies
    if strategies is None:
        return None

    def pure(probs: tuple) -> tuple | None:
        top = max(range(len(probs)), key=lambda a: probs[a])
        return tuple(int(a == top) for a in range(len(probs))) if 2 * probs[top] > 1 else None

    if tree:
        rounded = [[pure(tuple(part)) for part in player] for player in strategies]
    else:
        rounded = [pure(tuple(player)) for player in strategies]
    if any(r is None for r in (x for player in rounded for x in (player if tree else (player,)))):
        return None
    made = (behavior_equilibrium_from(game, rounded, exact=True) if tree
            else equilibrium_from(game, rounded, exact=True))
    return made if (tree_outcome if tree else matrix_outcome)(game, made)[0] == key else None


def _same_outcomes(one: Any, other: Any) -> bool:
    """The same outcome keys, or the same labels (at an interval's end a type of prior 0 reaches
    fewer information sets: other keys, the same words)."""
    if one.keys == other.keys:
        return True
    return sorted(label for label, _ in one.labels.values()) == sorted(label for label, _ in other.labels.values())


def _is_pure(eq: Any) -> bool:
    strategies = eq.exact_behavior if hasattr(eq, "exact_behavior") else eq.exact_strategies
    if strategies is None:
        return False
    return all(p in (0, 1) for player in strategies for part in player
               for p in (part if isinstance(part, tuple) else (part,)))
