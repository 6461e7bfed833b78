"""Behaviour profiles of an extensive game: realisation probabilities, payoffs, best responses, regret.

A *behaviour profile* gives every player, at each of their information sets, a
probability for each action: ``behavior[p][j][a]`` where ``j`` runs over player ``p``'s
information sets in :attr:`ExtensiveGame.player_infosets` order (ascending number in the
file). Internally it is one flat vector over the game's global action numbering
(:attr:`ExtensiveGame.action_offset`); :func:`flatten_behavior` and :func:`nest_behavior`
convert. Float profiles use float arithmetic; profiles of Fractions (``exact_*``
functions) use the game's exact payoffs and probabilities.

:func:`regret` is the independent verifier of every extensive-form solver: for each
player it computes the value of a best response against the others' fixed behaviour by a
backward pass over that player's information sets (for perfect recall: each sequence's
value is what its terminal leaves pay plus the best continuation at each information set
that follows it; information sets are processed deepest-first), and compares it with the
player's current expected payoff. For a player without perfect recall it maximises over
the player's pure strategies instead (a small enumeration; refused when huge).

Examples
--------
>>> from berlinsim.model.extensive import ExtensiveGame, decision, terminal
>>> g = ExtensiveGame.from_tree(
...     decision("Entrant", {"Out": terminal(0, 2),
...                          "In": decision("Incumbent", {"Fight": terminal(-1, -1), "Accommodate": terminal(1, 1)})}))
>>> threat = (((1, 0),), ((1, 0),))          # stay out; fight if entered
>>> exact_expected_payoffs(g, threat), exact_regret(g, threat)
((Fraction(0, 1), Fraction(2, 1)), Fraction(0, 1))
>>> exact_terminal_distribution(g, (((0, 1),), ((0, 1),))).tolist()
[Fraction(0, 1), Fraction(0, 1), Fraction(1, 1)]
"""

from __future__ import annotations

import itertools
from fractions import Fraction
from typing import Any, Sequence

import numpy as np

from berlinsim.errors import GameError
from berlinsim.model.extensive import CHANCE, ExtensiveGame

#: A float move probability at or below this counts as a move not played (:func:`plan_beliefs`).
_PLAYED = 1e-9

Behavior = Sequence[Sequence[Sequence[Any]]]

#: Largest number of pure strategies enumerated for a player without perfect recall.
from berlinsim.limits import MAX_PURE_STRATEGIES  # noqa: E402 (stated with every limit)


# ----------------------------------------------------------------- conversions
def flatten_behavior(game: ExtensiveGame, behavior: Behavior, *, exact: bool = False, tol: float = 1e-9) -> np.ndarray:
    """The profile as one vector over global actions, after checking shape and probabilities.

    Float (``exact=False``) or an object array of Fractions (``exact=True``).

    >>> from berlinsim.model.extensive import ExtensiveGame, decision, terminal
    >>> g = ExtensiveGame.from_tree(decision("A", {"x": terminal(1), "y": terminal(0)}))
    >>> flatten_behavior(g, [[[0.25, 0.75]]]).tolist()
    [0.25, 0.75]
    """
    if len(behavior) != game.num_players:
        raise GameError(f"a behaviour profile needs one entry per player ({game.num_players}), got {len(behavior)}")
    flat = np.empty(game.num_actions, dtype=object if exact else np.float64)
    for p, per_player in enumerate(behavior):
        sets = game.player_infosets[p]
        if len(per_player) != len(sets):
            raise GameError(f"player {game.players[p]!r} has {len(sets)} information sets, "
                            f"the profile gives {len(per_player)}")
        for h, probs in zip(sets, per_player):
            s = game.infosets[h]
            if len(probs) != s.num_actions:
                raise GameError(f"information set {s.label or s.number} of {game.players[p]!r} has "
                                f"{s.num_actions} actions, the profile gives {len(probs)} probabilities")
            lo, hi = game.action_offset[h], game.action_offset[h + 1]
            if exact:
                vals = [_simplify(x) for x in probs]
                if any(v < 0 for v in vals) or sum(vals) != 1:
                    raise GameError(f"behaviour of {game.players[p]!r} at information set "
                                    f"{s.label or s.number} is not a probability vector: {[str(v) for v in vals]}")
            else:
                vals = [float(x) for x in probs]
                if min(vals) < -tol or abs(sum(vals) - 1.0) > tol * max(1, len(vals)):
                    raise GameError(f"behaviour of {game.players[p]!r} at information set "
                                    f"{s.label or s.number} is not a probability vector: {vals}")
            flat[lo:hi] = vals
    return flat


def nest_behavior(game: ExtensiveGame, flat: Sequence[Any]) -> tuple[tuple[tuple[Any, ...], ...], ...]:
    """The nested ``[player][infoset][action]`` form of a flat action vector."""
    return tuple(
        tuple(tuple(flat[game.action_offset[h]:game.action_offset[h + 1]]) for h in game.player_infosets[p])
        for p in range(game.num_players)
    )


def pure_behavior(game: ExtensiveGame, choices: Sequence[Sequence[int]]) -> tuple[tuple[tuple[int, ...], ...], ...]:
    """The 0/1 profile that plays action ``choices[p][j]`` at player ``p``'s ``j``-th information set."""
    return tuple(
        tuple(tuple(int(a == c) for a in range(game.infosets[h].num_actions))
              for h, c in zip(game.player_infosets[p], choices[p]))
        for p in range(game.num_players)
    )


# ----------------------------------------------------------------- kernels (float or object arrays)
def _simplify(value: Any) -> Fraction | int:
    """Whole numbers as ints: exact arithmetic on them is many times faster than on Fractions."""
    if type(value) is int:
        return value
    if not isinstance(value, Fraction):
        value = Fraction(value)
    return value.numerator if value.denominator == 1 else value


def _as_fractions(values: np.ndarray) -> np.ndarray:
    out = np.empty(values.shape, dtype=object)
    out.flat[:] = [Fraction(v) for v in values.flat]
    return out


def _simplified(values: Any) -> np.ndarray:
    out = np.empty(np.shape(values), dtype=object)
    out.flat[:] = [_simplify(v) for v in np.asarray(values, dtype=object).flat]
    return out


def _levels(game: ExtensiveGame) -> list[np.ndarray]:
    order = np.argsort(game.depth, kind="stable")
    counts = np.bincount(game.depth)
    return np.split(order, np.cumsum(counts)[:-1])[1:]


def _edge_factors(game: ExtensiveGame, flat: np.ndarray, exact: bool, skip_player: int | None = None) -> np.ndarray:
    if exact:
        if game.exact_move_prob is None:
            raise GameError("exact arithmetic needs exact (rational) chance probabilities")
        factor = _simplified(game.exact_move_prob)
    else:
        factor = np.array(game.move_prob, dtype=np.float64)
    moved = game.edge_action >= 0
    if skip_player is not None:
        moved &= game.player[np.maximum(game.parent, 0)] != skip_player
    factor[moved] = flat[game.edge_action[moved]]
    return factor


def _reach(game: ExtensiveGame, factor: np.ndarray) -> np.ndarray:
    reach = np.empty(game.num_nodes, dtype=factor.dtype)
    reach[0] = factor[0]
    for nodes in _levels(game):
        reach[nodes] = reach[game.parent[nodes]] * factor[nodes]
    return reach


def _payoff_matrix(game: ExtensiveGame, exact: bool) -> np.ndarray:
    if exact:
        if game.exact_payoffs is None:
            raise GameError("exact arithmetic needs a game with exact (rational) payoffs")
        return _simplified(game.exact_payoffs)
    return game.payoffs


def _best_response_value(game: ExtensiveGame, flat: np.ndarray, player: int, exact: bool) -> Any:
    others = _reach(game, _edge_factors(game, flat, exact, skip_player=player))[game.terminals]
    weighted = others * _payoff_matrix(game, exact)[:, player]
    sets = game.player_infosets[player]
    parent_seq = {h: {int(game.last_action[x, player]) for x in game.infosets[h].nodes} for h in sets}
    if all(len(v) == 1 for v in parent_seq.values()):
        acc = np.zeros(game.num_actions + 1, dtype=weighted.dtype)
        if exact:
            acc[:] = 0
        np.add.at(acc, game.last_action[game.terminals, player] + 1, weighted)
        for h in sorted(sets, key=lambda h: -min(int(game.depth[x]) for x in game.infosets[h].nodes)):
            lo, hi = game.action_offset[h] + 1, game.action_offset[h + 1] + 1
            acc[next(iter(parent_seq[h])) + 1] += max(acc[lo:hi])
        return acc[0]
    return _best_pure_value(game, player, weighted)


def _best_pure_value(game: ExtensiveGame, player: int, weighted: np.ndarray) -> Any:
    """Maximum over the player's pure strategies of the reach-weighted payoff (imperfect recall)."""
    sets = game.player_infosets[player]
    sizes = [game.infosets[h].num_actions for h in sets]
    total = int(np.prod(sizes, dtype=object)) if sizes else 1
    if total > MAX_PURE_STRATEGIES:
        raise GameError(f"player {game.players[player]!r} lacks perfect recall and has {total:,} pure strategies; "
                        f"best responses are computed for at most {MAX_PURE_STRATEGIES:,}")
    # incidence: which of the player's actions lie on the path to each terminal
    incidence = np.zeros((game.num_terminals, game.num_actions), dtype=np.int64)
    for row, z in enumerate(game.terminals):
        node = int(z)
        while node > 0:
            parent = int(game.parent[node])
            if game.player[parent] == player:
                incidence[row, game.edge_action[node]] += 1
            node = parent
    need = incidence.sum(axis=1)
    best = None
    for combo in itertools.product(*[range(n) for n in sizes]):
        chosen = np.zeros(game.num_actions, dtype=np.int64)
        for h, a in zip(sets, combo):
            chosen[game.action_offset[h] + a] = 1
        consistent = (incidence @ chosen) == need
        value = sum(weighted[consistent]) if weighted.dtype == object else float(weighted[consistent].sum())
        best = value if best is None or value > best else best
    return best


# ----------------------------------------------------------------- float API
def realization_probabilities(game: ExtensiveGame, behavior: Behavior) -> np.ndarray:
    """Probability of reaching every node under the profile (chance included)."""
    flat = flatten_behavior(game, behavior)
    return _reach(game, _edge_factors(game, flat, False))


def terminal_distribution(game: ExtensiveGame, behavior: Behavior) -> np.ndarray:
    """Probability of each terminal node (rows of :attr:`ExtensiveGame.terminals`)."""
    return realization_probabilities(game, behavior)[game.terminals]


def expected_payoffs(game: ExtensiveGame, behavior: Behavior) -> np.ndarray:
    """Each player's expected payoff under the profile."""
    return terminal_distribution(game, behavior) @ game.payoffs


def best_response_values(game: ExtensiveGame, behavior: Behavior) -> np.ndarray:
    """For each player, the best payoff they can get against the others' fixed behaviour."""
    flat = flatten_behavior(game, behavior)
    return np.array([float(_best_response_value(game, flat, p, False)) for p in range(game.num_players)])


def relative_gains(game: ExtensiveGame, behavior: Behavior) -> tuple[float, ...]:
    """Each player's gain from a best response, as a fraction of the range of her terminal payoffs.

    Computed on the normalised tree (:meth:`ExtensiveGame.normalized`), so it is accurate and
    the same for any positive affine change of a player's payoffs, at any magnitude.
    """
    norm = game.normalized()
    flat = flatten_behavior(norm, behavior)
    current = _reach(norm, _edge_factors(norm, flat, False))[norm.terminals] @ norm.payoffs
    return tuple(float(_best_response_value(norm, flat, p, False)) - float(current[p]) for p in range(game.num_players))


def regret(game: ExtensiveGame, behavior: Behavior) -> float:
    """The largest gain any player gets by deviating to a best response (0 at a Nash equilibrium).

    Each gain is :func:`relative_gains` times the player's payoff range.
    """
    spans = game.payoff_scale.float_span
    return max([g * s for g, s in zip(relative_gains(game, behavior), spans) if g > 0], default=0.0)


def relative_regret(game: ExtensiveGame, behavior: Behavior) -> float:
    """The largest of :func:`relative_gains` (0 at a Nash equilibrium); solvers compare it with their tolerance."""
    return max(0.0, *relative_gains(game, behavior))


def node_values(game: ExtensiveGame, behavior: Behavior, *, exact: bool = False) -> np.ndarray:
    """Expected payoffs from every node onward under the profile: shape ``(num_nodes, num_players)``.

    Float, or an object array of Fractions with ``exact=True``. The value at the root is the
    profile's expected payoff; at any other node it is what play from there is worth.

    >>> from berlinsim.model.extensive import ExtensiveGame, decision, terminal
    >>> g = ExtensiveGame.from_tree(decision("A", {"x": terminal(1, 0), "y": decision("B", {"l": terminal(2, 2), "r": terminal(0, 3)})}))
    >>> node_values(g, [[[0, 1]], [["1/2", "1/2"]]], exact=True)[2].tolist()
    [Fraction(1, 1), Fraction(5, 2)]
    """
    flat = flatten_behavior(game, behavior, exact=exact)
    factor = _edge_factors(game, flat, exact)
    values = np.zeros((game.num_nodes, game.num_players), dtype=object if exact else np.float64)
    if exact:
        values[:] = 0
    values[game.terminals] = _payoff_matrix(game, exact)
    for nodes in reversed(_levels(game)):
        np.add.at(values, game.parent[nodes], values[nodes] * factor[nodes][:, None])
    return _as_fractions(values) if exact else values


# ----------------------------------------------------------------- exact API
def exact_realization_probabilities(game: ExtensiveGame, behavior: Behavior) -> np.ndarray:
    """:func:`realization_probabilities` in Fractions (object array)."""
    flat = flatten_behavior(game, behavior, exact=True)
    return _as_fractions(_reach(game, _edge_factors(game, flat, True)))


def exact_terminal_distribution(game: ExtensiveGame, behavior: Behavior) -> np.ndarray:
    """:func:`terminal_distribution` in Fractions."""
    return exact_realization_probabilities(game, behavior)[game.terminals]


def exact_expected_payoffs(game: ExtensiveGame, behavior: Behavior) -> tuple[Fraction, ...]:
    """:func:`expected_payoffs` in Fractions."""
    flat = flatten_behavior(game, behavior, exact=True)
    dist = _reach(game, _edge_factors(game, flat, True))[game.terminals]
    return tuple(Fraction(x) for x in dist @ _payoff_matrix(game, True))


def exact_best_response_values(game: ExtensiveGame, behavior: Behavior) -> tuple[Fraction, ...]:
    """:func:`best_response_values` in Fractions."""
    flat = flatten_behavior(game, behavior, exact=True)
    return tuple(Fraction(_best_response_value(game, flat, p, True)) for p in range(game.num_players))


def exact_gains(game: ExtensiveGame, behavior: Behavior) -> tuple[Fraction, ...]:
    """Each player's gain from a best response, in exact arithmetic (payoff units)."""
    best = exact_best_response_values(game, behavior)
    current = exact_expected_payoffs(game, behavior)
    return tuple(b - c for b, c in zip(best, current))


def exact_regret(game: ExtensiveGame, behavior: Behavior) -> Fraction:
    """:func:`regret` in exact arithmetic: ``Fraction(0)`` exactly at an equilibrium."""
    return max(Fraction(0), *exact_gains(game, behavior))


def _move_factor(game: ExtensiveGame, flat: Any, parent: int, action: int, exact: bool) -> Any:
    """The probability of ``action`` at ``parent`` (a chance probability or the profile's)."""
    child = game.children(parent)[action]
    if game.kind[parent] == CHANCE:
        return game.exact_move_prob[child] if exact else float(game.move_prob[child])
    return flat[int(game.edge_action[child])]


def plan_beliefs(game: ExtensiveGame, flat: Sequence[Any], h: int, *, exact: bool = False,
                 fallback: bool = True) -> list[Any] | None:
    """How likely each node of information set ``h`` is, given that play gets there (sums to 1).

    The weights come from the play below the deepest common ancestor of the set's nodes (the
    root of the smallest part of the tree that holds them all): a node's weight is the product
    of the move probabilities from there to it. On the equilibrium path this is Bayes' rule on
    the reach probabilities; off the path it is what the equilibrium's own plan for that part of
    the tree implies (the solver's view of the subgame). Nodes the plan never leads to from
    there count only if every node needs an unplayed move: then the nodes with the fewest
    unplayed moves count, in proportion to the probabilities of the played ones (or, with
    ``fallback=False``, the answer is None: the plan does not say).

    Examples
    --------
    >>> from berlinsim.model.extensive import ExtensiveGame, decision, terminal
    >>> g = ExtensiveGame.from_tree(decision("A", {
    ...     "x": decision("B", {"l": terminal(0, 1), "r": terminal(0, 0)}, infoset="b"),
    ...     "y": decision("B", {"l": terminal(0, 0), "r": terminal(0, 1)}, infoset="b")}))
    >>> plan_beliefs(g, [Fraction(1, 4), Fraction(3, 4), 1, 0], 1, exact=True)
    [Fraction(1, 4), Fraction(3, 4)]
    """
    nodes = list(game.infosets[h].nodes)
    paths = [game.path(n) for n in nodes]
    depth = 0
    while all(len(p) > depth for p in paths) and len({p[depth] for p in paths}) == 1:
        depth += 1
    one = Fraction(1) if exact else 1.0
    unplayed, weights = [], []
    for path in paths:
        misses, weight = 0, one
        for parent, action in path[depth:]:
            factor = _move_factor(game, flat, parent, action, exact)
            if (factor > 0 if isinstance(factor, Fraction) else factor > _PLAYED):
                weight *= factor
            else:
                misses += 1
        unplayed.append(misses)
        weights.append(weight)
    fewest = min(unplayed)
    if fewest and not fallback:
        return None
    weights = [w if m == fewest else one * 0 for w, m in zip(weights, unplayed)]
    total = sum(weights, one * 0)
    return [w / total for w in weights]
