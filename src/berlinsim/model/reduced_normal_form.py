"""The reduced normal (strategic) form of an extensive game, computed over the tree.

A *reduced strategy* of a player chooses one action at each of their information sets
that their own earlier choices do not rule out; information sets it rules out are shown
as ``*``. Labels join the choices in the order of the player's information sets, e.g.
``"Out/*"`` or ``"In/Accommodate"`` (action numbers are used instead when action labels
would make two strategies look alike).

Vectorised: for each player a 0/1 matrix ``consistent[s, z]`` says whether terminal
``z`` can be reached when the player uses reduced strategy ``s`` (every action of theirs
on the path to ``z`` is chosen by ``s``). The payoff tensor is then a sum over terminals
of outer products of these indicators, weighted by the chance probability of the
terminal times its payoff: for two players one matrix product per player. No loop over
strategy profiles.

Examples
--------
>>> from berlinsim.model.extensive import ExtensiveGame, decision, terminal
>>> g = ExtensiveGame.from_tree(
...     decision("Entrant", {"Out": terminal(0, 2),
...                          "In": decision("Incumbent", {"Fight": terminal(-1, -1), "Accommodate": terminal(1, 1)})}))
>>> nf, strategies = to_reduced_normal_form(g)
>>> nf.actions
(('Out', 'In'), ('Fight', 'Accommodate'))
>>> nf.payoffs[0].tolist()
[[0.0, 0.0], [-1.0, 1.0]]
>>> strategies.choices[1]
((0,), (1,))
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction
from math import lcm, prod
from typing import Any, Sequence

import numpy as np

from berlinsim.errors import GameError
from berlinsim.limits import DEFAULT, Limits
from berlinsim.model.behavior import _edge_factors, _reach
from berlinsim.model.extensive import ExtensiveGame
from berlinsim.model.normal_form import NormalFormGame


@dataclass(frozen=True, slots=True, kw_only=True)
class StrategyMap:
    """How reduced strategies map to choices in the tree.

    Attributes
    ----------
    choices : tuple
        ``choices[p][s][j]``: the action index that player ``p``'s reduced strategy ``s`` takes at
        their ``j``-th information set (in :attr:`ExtensiveGame.player_infosets` order), or -1 (``*``)
        where the strategy's own earlier choices rule that information set out.
    consistent : tuple of numpy.ndarray
        ``consistent[p][s, t]``: terminal row ``t`` is reachable under player ``p``'s strategy ``s``.
    """

    choices: tuple[tuple[tuple[int, ...], ...], ...]
    consistent: tuple[np.ndarray, ...]


def _incidence(game: ExtensiveGame, player: int, targets: np.ndarray) -> np.ndarray:
    """Counts ``(len(targets), num_actions)``: the player's actions on the path to each target node."""
    out = np.zeros((len(targets), game.num_actions), dtype=np.int64)
    for row, node in enumerate(targets):
        node = int(node)
        while node > 0:
            parent = int(game.parent[node])
            if game.player[parent] == player:
                out[row, game.edge_action[node]] += 1
            node = parent
    return out


def _perfect_recall_strategies(game: ExtensiveGame, player: int, limits: Limits, *,
                               only_count: bool = False) -> Any:
    """The player's reduced strategies, counted and then built from the deepest information sets up.

    With perfect recall, the player's information sets just below one of their actions are
    those whose nodes have that action as the player's last; each lies strictly deeper. An
    *option* of a set is a choice there together with an option of every set just below it,
    kept as ``(position, action, options below)`` so that options share their parts: building
    them costs their number, and writing out the strategies the size of the result. Their
    number is known before any is built, and checked against ``max_strategies``;
    ``only_count`` returns just that number.
    """
    sets = game.player_infosets[player]
    position = {h: j for j, h in enumerate(sets)}
    below: dict[int, list[int]] = {}
    for h in sets:
        below.setdefault(int(game.last_action[game.infosets[h].nodes[0], player]), []).append(h)
    deepest_first = sorted(sets, key=lambda h: -min(int(game.depth[x]) for x in game.infosets[h].nodes))

    def groups(h: int) -> list[list[int]]:
        return [below.get(int(game.action_offset[h]) + a, []) for a in range(game.infosets[h].num_actions)]

    count: dict[int, int] = {}
    for h in deepest_first:
        count[h] = sum(prod(count[g] for g in group) for group in groups(h))
    total = prod(count[g] for g in below.get(-1, []))
    if total > limits.max_strategies:
        raise GameError(f"player {game.players[player]!r} has {total:,} reduced strategies; expected "
                        f"{limits.at_most('max_strategies', 'strategies per player')}")
    if only_count:
        return total
    options: dict[int, list[tuple[int, int, tuple[Any, ...]]]] = {}
    for h in deepest_first:
        options[h] = [(position[h], a, combo) for a, group in enumerate(groups(h))
                      for combo in itertools.product(*(options[g] for g in group))]
    out = []
    for combo in itertools.product(*(options[g] for g in below.get(-1, []))):
        row, todo = [-1] * len(sets), list(combo)
        while todo:
            j, a, rest = todo.pop()
            row[j] = a
            todo.extend(rest)
        out.append(tuple(row))
    return sorted(out)


def _general_strategies(game: ExtensiveGame, player: int, limits: Limits) -> list[tuple[int, ...]]:
    """Reduced strategies of a player without perfect recall: pure strategies with unreachable sets starred."""
    sets = game.player_infosets[player]
    sizes = [game.infosets[h].num_actions for h in sets]
    total = int(np.prod(sizes, dtype=object)) if sizes else 1
    if total > limits.max_strategies:
        raise GameError(f"player {game.players[player]!r} lacks perfect recall and has {total:,} pure strategies; "
                        f"expected {limits.at_most('max_strategies', 'strategies')} to enumerate")
    members = [np.array(game.infosets[h].nodes) for h in sets]
    incid = [_incidence(game, player, m) for m in members]
    seen, out = set(), []
    for combo in itertools.product(*[range(n) for n in sizes]):
        chosen = np.zeros(game.num_actions, dtype=np.int64)
        for h, a in zip(sets, combo):
            chosen[game.action_offset[h] + a] = 1
        reduced = tuple(a if np.any(inc @ chosen == inc.sum(axis=1)) else -1 for a, inc in zip(combo, incid))
        if reduced not in seen:
            seen.add(reduced)
            out.append(reduced)
    return out


def _labels(game: ExtensiveGame, player: int, strategies: list[tuple[int, ...]]) -> tuple[str, ...]:
    sets = game.player_infosets[player]
    if not sets:
        return ("(none)",)
    named = tuple("/".join("*" if a < 0 else game.infosets[h].actions[a] for h, a in zip(sets, s)) for s in strategies)
    if len(set(named)) == len(named) and all(named):
        return named
    return tuple("/".join("*" if a < 0 else str(a + 1) for a in s) for s in strategies)


def _own_actions(game: ExtensiveGame, player: int) -> tuple[int, int]:
    """The first global index and the number of the player's actions (their sets' actions are contiguous)."""
    sets = game.player_infosets[player]
    if not sets:
        return 0, 0
    base = int(game.action_offset[sets[0]])
    return base, int(game.action_offset[sets[-1] + 1]) - base


def _check_sizes(game: ExtensiveGame, counts: list[int], recall: list[bool], limits: Limits, *,
                 known: bool) -> None:
    """Refuse a reduced normal form with too many cells or too large tables (``known``: exact counts)."""
    cells = prod(counts)
    if cells > limits.max_cells:
        size = f"shape {'x'.join(map(str, counts))}, {cells:,} cells" if known else f"{cells:,} cells or more"
        raise GameError(f"the reduced normal form would have {size}; expected {limits.at_most('max_cells', 'cells')}")
    for p, count in enumerate(counts):
        if recall[p]:  # strategies x own actions (a choice per information set, one column per action)
            entries = count * (_own_actions(game, p)[1] + 1)
        else:  # strategies and terminals x all actions (the incidence of actions on paths)
            entries = max(count, game.num_terminals) * (game.num_actions + 1)
        if entries > limits.max_incidence_entries:
            raise GameError(f"the reduced normal form needs a {entries:,}-entry table for player "
                            f"{game.players[p]!r} ({count:,} strategies); expected "
                            f"{limits.at_most('max_incidence_entries', 'entries')}")


def to_reduced_normal_form(game: ExtensiveGame, *, limits: Limits | None = None) -> tuple[NormalFormGame, StrategyMap]:
    """The reduced normal form of ``game`` and the map from its strategies to choices in the tree.

    Exact (Fraction payoffs) when the game's payoffs and chance probabilities are rational.
    Raises :class:`~berlinsim.errors.GameError` before building it when it would pass
    ``limits`` (default :data:`berlinsim.limits.DEFAULT`): ``max_strategies`` per player,
    ``max_cells`` in all, ``max_incidence_entries`` for the tables that map strategies to
    terminals.
    """
    limits = limits or DEFAULT
    recall = [_has_recall(game, p) for p in range(game.num_players)]
    # perfect-recall players' strategies are counted first: a table too large is refused before any is built
    counts = [_perfect_recall_strategies(game, p, limits, only_count=True) if recall[p] else 1
              for p in range(game.num_players)]
    _check_sizes(game, counts, recall, limits, known=all(recall))
    choices = []
    for p in range(game.num_players):
        strategies = (_perfect_recall_strategies(game, p, limits) if recall[p]
                      else _general_strategies(game, p, limits))
        choices.append(tuple(strategies) if strategies else ((),))
    _check_sizes(game, [len(c) for c in choices], recall, limits, known=True)
    consistent = []
    for p, strategies in enumerate(choices):
        if recall[p]:  # consistent with z: the strategy takes the player's last action before z
            base, own = _own_actions(game, p)
            chosen = np.zeros((len(strategies), own + 1), dtype=bool)  # last column: no action of theirs yet
            chosen[:, own] = True
            if own:
                picks = np.array(strategies, dtype=np.int64).reshape(len(strategies), -1)
                rows, sets = np.nonzero(picks >= 0)
                offsets = game.action_offset[list(game.player_infosets[p])] - base
                chosen[rows, offsets[sets] + picks[rows, sets]] = True
            last = game.last_action[game.terminals, p]
            consistent.append(chosen[:, np.where(last >= 0, last - base, own)])
        else:
            chosen = np.zeros((len(strategies), game.num_actions), dtype=np.int64)
            for row, s in enumerate(strategies):
                for h, a in zip(game.player_infosets[p], s):
                    if a >= 0:
                        chosen[row, game.action_offset[h] + a] = 1
            incidence = _incidence(game, p, game.terminals)
            consistent.append((chosen @ incidence.T) == incidence.sum(axis=1))
    if game.is_exact:
        exact, payoffs = _exact_payoffs(game, consistent)
    else:
        exact = None
        nature = _reach(game, _edge_factors(game, np.ones(game.num_actions), False))[game.terminals]
        payoffs = np.stack([_contract(consistent, nature * game.payoffs[:, i]) for i in range(game.num_players)])
    nf = NormalFormGame(
        players=game.players,
        actions=tuple(_labels(game, p, list(choices[p])) for p in range(game.num_players)),
        payoffs=payoffs, exact_payoffs=exact, title=game.title, comment=game.comment)
    return nf, StrategyMap(choices=tuple(choices), consistent=tuple(c.copy() for c in consistent))


def _has_recall(game: ExtensiveGame, player: int) -> bool:
    return all(len({int(game.last_action[x, player]) for x in game.infosets[h].nodes}) == 1
               for h in game.player_infosets[player])


def _contract(consistent: Sequence[np.ndarray], weights: np.ndarray) -> np.ndarray:
    """``sum_z weights[z] * prod_p consistent[p][s_p, z]`` as a tensor over strategy profiles."""
    tensor = consistent[0].astype(weights.dtype) * weights
    for c in consistent[1:-1]:
        tensor = tensor[..., None, :] * c.astype(weights.dtype)
    if len(consistent) == 1:
        return tensor.sum(axis=-1)
    return tensor @ consistent[-1].astype(weights.dtype).T


def _exact_payoffs(game: ExtensiveGame, consistent: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Exact payoffs (and their nearest floats) via integer arithmetic on weights over a common denominator."""
    reach = [Fraction(1)] * game.num_nodes  # chance's probability of each node, parents first (preorder)
    parent, move = game.parent.tolist(), game.exact_move_prob
    for node in range(1, game.num_nodes):
        reach[node] = reach[parent[node]] if move[node] == 1 else reach[parent[node]] * move[node]
    nature = [reach[z] for z in game.terminals.tolist()]
    shape = (game.num_players, *(c.shape[0] for c in consistent))
    exact, floats = np.empty(shape, dtype=object), np.empty(shape)
    for i in range(game.num_players):
        weights = [n * u for n, u in zip(nature, game.exact_payoffs[:, i])]
        denom = lcm(*(w.denominator for w in weights)) if weights else 1
        ints = [int(w * denom) for w in weights]
        bound = max((abs(x) for x in ints), default=0) * max(1, game.num_terminals)
        if bound < 2**53:  # every partial sum is an integer a float holds exactly: BLAS, then back to ints
            total = np.rint(_contract(consistent, np.array(ints, dtype=np.float64))).astype(np.int64)
        else:
            total = _contract(consistent, np.array(ints, dtype=object))
        # one Fraction per distinct value: payoff tensors repeat few values
        values, inverse = np.unique(total.ravel(), return_inverse=True)
        fracs = np.array([Fraction(int(v), denom) for v in values] + [None], dtype=object)[:-1]
        exact[i] = fracs[inverse].reshape(total.shape)
        floats[i] = np.array([float(f) for f in fracs])[inverse].reshape(total.shape) if len(fracs) else 0.0
    return exact, floats


def mixed_to_behavior(game: ExtensiveGame, strategies: StrategyMap, mixed: Sequence[Sequence[Any]], *,
                      exact: bool = False) -> tuple[tuple[tuple[Any, ...], ...], ...]:
    """A behaviour profile equivalent to a profile of mixed reduced strategies (Kuhn's theorem).

    At each information set the probability of an action is the weight of strategies choosing it
    among those that reach the set; information sets no strategy in the support reaches get the
    uniform distribution.
    """
    out = []
    for p in range(game.num_players):
        probs = [Fraction(x) for x in mixed[p]] if exact else [float(x) for x in mixed[p]]
        zero = Fraction(0) if exact else 0.0
        support = [(s, w) for s, w in zip(strategies.choices[p], probs) if w]
        per_set = []
        for j, h in enumerate(game.player_infosets[p]):
            k = game.infosets[h].num_actions
            mass = [zero] * k
            for s, w in support:
                if s[j] >= 0:
                    mass[s[j]] += w
            total = sum(mass, zero)
            if total > 0:
                per_set.append(tuple(m / total for m in mass))
            else:
                per_set.append(tuple((Fraction(1, k) if exact else 1.0 / k) for _ in range(k)))
        out.append(tuple(per_set))
    return tuple(out)
