"""Sequential rationality of a behaviour profile, and the beliefs that support it.

A profile is *sequentially rational* at information set ``h`` of player ``i`` under belief
``mu`` when ``i``'s continuation from ``h`` is a best reply, given ``mu`` and everyone's
behaviour after ``h``, among all of ``i``'s continuation plans from ``h`` (Kreps and Wilson
1982): ``sum_x mu(x) * (V_i(x) - V_i(x; s)) >= 0`` for every pure continuation plan ``s``, where
``V_i(x)`` is what the profile is worth to ``i`` from node ``x`` and ``V_i(x; s)`` what it is
worth when ``i`` follows ``s`` instead. The whole continuation is compared, not one move, so no
one-shot-deviation argument (which needs beliefs tied together along the play) is relied on.

For fixed behaviour these are linear inequalities in ``mu``. Intersected with the admissible
beliefs of :mod:`._beliefs` (a simplex over classes) they give a small polytope, whose vertices
(:mod:`._vertices`) are the extreme *supporting beliefs*. An empty polytope means no admissible
belief justifies the play there.

:func:`assess` does this at every information set and returns the beliefs, or None when some
set has no supporting belief: it is the verifier every reported perfect Bayesian equilibrium
passes, independent of how the solver found it.

Examples
--------
Entry deterrence with a hidden entry mode: the incumbent cannot tell ``In1`` from ``In2``;
fighting is worse at both nodes, so no belief supports "stay out, because I would fight".

>>> from berlinsim.model.extensive import ExtensiveGame, decision, terminal
>>> def incumbent():
...     return decision("I", {"fight": terminal(-1, -1), "accommodate": terminal(3, 0)}, infoset="entry")
>>> g = ExtensiveGame.from_tree(decision("E", {"out": terminal(0, 2), "in1": incumbent(),
...     "in2": decision("I", {"fight": terminal(-1, -1), "accommodate": terminal(2, 1)}, infoset="entry")}))
>>> assess(g, [1, 0, 0, 1, 0]) is None
True
>>> beliefs, sequential = assess(g, [0, 1, 0, 0, 1])
>>> beliefs[1][0].source, beliefs[1][0].exact_belief, sequential
('path', (Fraction(1, 1), Fraction(0, 1)), True)
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Sequence

from berlinsim.errors import SolverError
from berlinsim.model.assessment import InfosetBelief
from berlinsim.model.extensive import CHANCE, TERMINAL, ExtensiveGame
from berlinsim.solvers._beliefs import AdmissibleBeliefs, admissible_beliefs, coupled_actions
from berlinsim.solvers._vertices import polyhedron_vertices

#: Most pure continuation plans compared at one information set.
MAX_CONTINUATIONS = 20_000


def continuation_plans(game: ExtensiveGame, h: int) -> list[frozenset[int]]:
    """Every pure continuation plan of the mover from ``h``, as the set of global actions it takes.

    A plan picks an action at ``h`` and at each of the mover's later information sets that its
    own choices leave reachable (perfect recall: those whose sequence extends the plan's).
    """
    i = int(game.infosets[h].player)
    after: dict[int, list[int]] = {}
    for g in game.player_infosets[i]:
        after.setdefault(int(game.last_action[game.infosets[g].nodes[0], i]), []).append(g)

    def expand(g: int) -> list[frozenset[int]]:
        plans = []
        for a in range(game.infosets[g].num_actions):
            act = int(game.action_offset[g]) + a
            partial = [frozenset({act})]
            for nxt in after.get(act, []):
                partial = [p | q for p in partial for q in expand(nxt)]
                if len(partial) > MAX_CONTINUATIONS:
                    raise SolverError(f"information set {game.infosets[h].label or h} of {game.players[i]!r} has more "
                                      f"than {MAX_CONTINUATIONS:,} continuation plans to compare")
            plans.extend(partial)
        return plans

    return expand(h)


def _leaves(game: ExtensiveGame, flat: Sequence[Any], x: int, i: int, exact: bool) -> list[tuple[Any, frozenset[int], Any]]:
    """Terminals below ``x``: (product of the others' and chance's probabilities, ``i``'s actions, payoff)."""
    one = Fraction(1) if exact else 1.0
    pay = game.exact_payoffs if exact else game.payoffs
    out = []
    stack = [(x, one, frozenset())]
    while stack:
        node, weight, own = stack.pop()
        kind = game.kind[node]
        if kind == TERMINAL:
            out.append((weight, own, pay[game.terminal_index[node], i]))
            continue
        for child in game.children(node):
            if kind == CHANCE:
                p = game.exact_move_prob[child] if exact else float(game.move_prob[child])
                if p:
                    stack.append((child, weight * p, own))
            elif game.player[node] == i:
                stack.append((child, weight, own | {int(game.edge_action[child])}))
            else:
                p = flat[int(game.edge_action[child])]
                if p:
                    stack.append((child, weight * p, own))
    return out


def _value(leaves: list[tuple[Any, frozenset[int], Any]], flat: Sequence[Any], zero: Any) -> Any:
    total = zero
    for weight, own, u in leaves:
        for a in own:
            weight = weight * flat[a]
            if not weight:
                break
        total += weight * u
    return total


def supporting_beliefs(game: ExtensiveGame, flat: Sequence[Any], admissible: AdmissibleBeliefs,
                       tol: float = 0.0, plans: dict[int, list[frozenset[int]]] | None = None,
                       ) -> tuple[tuple[Any, ...], ...]:
    """Extreme points of the admissible beliefs at which the play at the set is sequentially rational.

    Empty when there is none. Exact (Fractions) for an exact profile and game with ``tol = 0``.
    ``plans`` caches :func:`continuation_plans` by information set (they do not depend on ``flat``).
    """
    h = admissible.infoset
    i = int(game.infosets[h].player)
    exact = not tol and game.is_exact and all(isinstance(v, (int, Fraction)) for v in flat)
    zero = Fraction(0) if exact else 0.0
    leaves = [_leaves(game, flat, x, i, exact) for x in admissible.nodes]
    current = [_value(lv, flat, zero) for lv in leaves]
    rows = set()
    if plans is None:
        plans = {}
    if h not in plans:
        plans[h] = continuation_plans(game, h)
    for plan in plans[h]:
        values = [sum((w * u for w, own, u in lv if own <= plan), zero) for lv in leaves]
        gains = [c - v for c, v in zip(current, values)]
        # the plan is no better, at every vertex weighting: sum_C lambda_C * (v_C . gains) >= -tol
        rows.add(tuple(sum((m * g for m, g in zip(vertex, gains)), zero) for vertex in admissible.vertices))
    k = len(admissible.vertices)
    if k == 1:
        return admissible.vertices if all(r[0] >= -tol for r in rows) else ()
    a_ub = [[-Fraction(c) for c in r] for r in sorted(rows)] + [[-int(j == c) for j in range(k)] for c in range(k)]
    b_ub = [Fraction(tol)] * len(rows) + [0] * k
    lambdas = polyhedron_vertices(a_ub, b_ub, [[1] * k], [1])
    points: dict[tuple[Any, ...], None] = {}
    for lam, _ in lambdas:
        mu = tuple(sum((lam[c] * admissible.vertices[c][n] for c in range(k)), Fraction(0))
                   for n in range(len(admissible.nodes)))
        points[mu if exact else tuple(float(v) for v in mu)] = None
    return tuple(points)


def assess(game: ExtensiveGame, flat: Sequence[Any], tol: float = 0.0,
           plans: dict[int, list[frozenset[int]]] | None = None,
           ) -> tuple[tuple[tuple[InfosetBelief, ...], ...], bool] | None:
    """The beliefs of a perfect Bayesian assessment built on ``flat``, or None when there is none.

    Returns ``(beliefs[player][j], sequential)``: one :class:`InfosetBelief` per information
    set, and whether the beliefs shown are jointly consistent in Kreps and Wilson's sense
    (the assessment is then a sequential equilibrium). None when at some information set no
    admissible belief makes the prescribed play sequentially rational.
    """
    exact = not tol and game.is_exact and all(isinstance(v, (int, Fraction)) for v in flat)
    found: dict[int, InfosetBelief] = {}
    admissible = []
    # deepest sets first: a profile that fails usually fails at the end of the tree
    order = sorted(range(game.num_infosets), key=lambda h: -int(game.depth[game.infosets[h].nodes[0]]))
    for h in order:
        adm = admissible_beliefs(game, flat, h)
        support = supporting_beliefs(game, flat, adm, tol, plans)
        if not support:
            return None
        admissible.append(adm)
        if len(adm.vertices) == 1:
            choice = adm.vertices[0]
        else:
            choice = tuple(sum((Fraction(p[n]) for p in support), Fraction(0)) / len(support)
                           for n in range(len(adm.nodes)))
        choice = tuple(Fraction(v) for v in choice) if exact else tuple(float(v) for v in choice)
        found[h] = InfosetBelief(
            player=int(game.infosets[h].player), infoset=h, nodes=adm.nodes, source=adm.source,
            belief=tuple(float(v) for v in choice), range=tuple(tuple(float(v) for v in p) for p in support),
            reach=float(adm.reach), exact_belief=choice if exact else None,
            exact_range=tuple(tuple(Fraction(v) for v in p) for p in support) if exact else None,
            exact_reach=Fraction(adm.reach) if exact else None)
    sequential = all(a.disjoint for a in admissible) and not coupled_actions(admissible)
    beliefs = tuple(tuple(found[h] for h in game.player_infosets[p]) for p in range(game.num_players))
    return beliefs, sequential
