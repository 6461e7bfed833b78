"""The sequence form of an extensive game with perfect recall (Koller, Megiddo and von Stengel 1996).

A *sequence* of a player is the list of their own actions on the path to a node;
with perfect recall it is identified by its last action, so player ``p`` has one
sequence per action plus the empty sequence. Sequences are numbered per player:
``0`` is the empty sequence, then the actions of the player's information sets in
:attr:`~berlinsim.model.extensive.ExtensiveGame.player_infosets` order.

A *realisation plan* ``x`` gives each sequence the probability that the player's
own moves follow it; it is characterised by linear constraints ``E x = e, x >= 0``:
``x[0] = 1`` (row 0 of ``E``) and, for each information set ``h`` with parent
sequence ``s(h)`` (row ``1 + j`` for the player's ``j``-th information set),
``sum(x[s(h) a] for a in h) - x[s(h)] = 0``. Expected payoffs are bilinear in the
players' plans: terminal ``t`` contributes ``chance(t) * u(t)`` times the product
of each player's plan at their sequence for ``t``, so for two players
``x @ A @ y`` is player 1's expected payoff. All of this is linear in the size of
the tree, where the (reduced) normal form is exponential.

Payoff data are kept per terminal (sequence of each player, chance weight), which
is sparse by nature; :meth:`SequenceForm.payoff_matrices` assembles the dense
2-player matrices (float, or exact Fractions).

Examples
--------
Matching pennies played in sequence (player 2 does not see player 1's move):

>>> from berlinsim.model.extensive import ExtensiveGame, decision, terminal
>>> g = ExtensiveGame.from_tree(decision("1", {
...     "H": decision("2", {"h": terminal(1, -1), "t": terminal(-1, 1)}, infoset="I"),
...     "T": decision("2", {"h": terminal(-1, 1), "t": terminal(1, -1)}, infoset="I")}))
>>> sf = sequence_form(g)
>>> sf.num_sequences, sf.constraints[0].tolist()
((3, 3), [[1, 0, 0], [-1, 1, 1]])
>>> a, b = sf.payoff_matrices(exact=True)
>>> a.tolist() == [[0, 0, 0], [0, 1, -1], [0, -1, 1]]
True
>>> x = realization_plans(g, [[[Fraction(1, 2), Fraction(1, 2)]], [[1, 0]]], exact=True)
>>> [str(v) for v in x[0]], behavior_from_plans(g, x, exact=True)[0]
(['1', '1/2', '1/2'], ((Fraction(1, 2), Fraction(1, 2)),))
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Sequence

import numpy as np

from berlinsim.errors import GameError
from berlinsim.model.extensive import ExtensiveGame


def _readonly(a: np.ndarray) -> np.ndarray:
    a = np.array(a, copy=True)
    a.setflags(write=False)
    return a


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class SequenceForm:
    """The sequence form of a perfect-recall extensive game (any number of players).

    Attributes
    ----------
    game : ExtensiveGame
        The game it was built from.
    sequence_action : tuple of numpy.ndarray
        ``sequence_action[p][s]``: global action index of the last action of player
        ``p``'s sequence ``s`` (-1 for the empty sequence 0).
    action_sequence : numpy.ndarray
        For each global action, its sequence number within its player's sequences.
    parent_sequence : numpy.ndarray
        For each (global) information set, its player's sequence leading to it.
    constraints : tuple of numpy.ndarray
        ``E_p`` (int), shape ``(1 + #information sets of p, #sequences of p)``.
    terminal_sequences : numpy.ndarray
        Shape ``(num_terminals, num_players)``: each player's sequence at each terminal.
    chance_weight : numpy.ndarray
        Product of the chance probabilities on the path to each terminal.
    exact_chance_weight : numpy.ndarray or None
        The same as Fractions (object array) when the chance probabilities are rational.
    """

    game: ExtensiveGame
    sequence_action: tuple[np.ndarray, ...]
    action_sequence: np.ndarray
    parent_sequence: np.ndarray
    constraints: tuple[np.ndarray, ...]
    terminal_sequences: np.ndarray
    chance_weight: np.ndarray
    exact_chance_weight: np.ndarray | None

    @property
    def num_sequences(self) -> tuple[int, ...]:
        """Number of sequences of each player (actions + 1)."""
        return tuple(len(s) for s in self.sequence_action)

    def constraint_rhs(self, player: int) -> np.ndarray:
        """``e_p``: 1 for the root row, 0 for each information set row."""
        e = np.zeros(self.constraints[player].shape[0], dtype=np.int64)
        e[0] = 1
        return e

    def terminal_weights(self, player: int, *, exact: bool = False) -> np.ndarray:
        """``chance(t) * u_player(t)`` for every terminal ``t`` (float, or Fractions when exact)."""
        game = self.game
        if exact:
            if self.exact_chance_weight is None or game.exact_payoffs is None:
                raise GameError("exact sequence-form payoffs need exact payoffs and chance probabilities")
            return self.exact_chance_weight * game.exact_payoffs[:, player]
        return self.chance_weight * game.payoffs[:, player]

    def payoff_matrices(self, *, exact: bool = False) -> tuple[np.ndarray, np.ndarray]:
        """The 2-player sequence-form payoff matrices ``(A, B)``, shape ``(n1, n2)`` each.

        ``x @ A @ y`` and ``x @ B @ y`` are the players' expected payoffs under plans
        ``x`` and ``y``. Float arrays, or object arrays of Fractions when ``exact``.
        """
        if self.game.num_players != 2:
            raise GameError(f"sequence-form payoff matrices need 2 players, the game has {self.game.num_players}")
        n1, n2 = self.num_sequences
        rows, cols = self.terminal_sequences[:, 0], self.terminal_sequences[:, 1]
        out = []
        for p in range(2):
            weights = self.terminal_weights(p, exact=exact)
            matrix = np.zeros((n1, n2), dtype=object if exact else np.float64)
            if exact:
                matrix[:] = Fraction(0)
            np.add.at(matrix, (rows, cols), weights)
            out.append(matrix)
        return out[0], out[1]


def sequence_form(game: ExtensiveGame) -> SequenceForm:
    """The sequence form of ``game``; raises :class:`~berlinsim.errors.GameError` without perfect recall.

    >>> from berlinsim.model.extensive import ExtensiveGame, chance, decision, terminal
    >>> g = ExtensiveGame.from_tree(chance({"a": ("1/3", decision("P", {"x": terminal(3), "y": terminal(0)})),
    ...                                     "b": ("2/3", terminal(6))}))
    >>> sf = sequence_form(g)
    >>> sf.terminal_sequences[:, 0].tolist(), [str(w) for w in sf.exact_chance_weight]
    ([1, 2, 0], ['1/3', '1/3', '2/3'])
    """
    if not game.is_perfect_recall:
        raise GameError(
            "the sequence form needs perfect recall; " + "; ".join(game.recall_problems[:3])
        )
    num_players = game.num_players
    action_owner = np.empty(game.num_actions, dtype=np.int64)
    for h, s in enumerate(game.infosets):
        action_owner[game.action_offset[h]:game.action_offset[h + 1]] = s.player
    action_sequence = np.zeros(game.num_actions, dtype=np.int64)
    sequence_action = []
    for p in range(num_players):
        actions = [a for h in game.player_infosets[p]
                   for a in range(game.action_offset[h], game.action_offset[h + 1])]
        action_sequence[actions] = np.arange(1, len(actions) + 1)
        sequence_action.append(np.array([-1, *actions], dtype=np.int64))
    parent_sequence = np.zeros(game.num_infosets, dtype=np.int64)
    for h, s in enumerate(game.infosets):
        last = int(game.last_action[s.nodes[0], s.player])
        parent_sequence[h] = 0 if last < 0 else action_sequence[last]
    constraints = []
    for p in range(num_players):
        sets = game.player_infosets[p]
        E = np.zeros((1 + len(sets), len(sequence_action[p])), dtype=np.int64)
        E[0, 0] = 1
        for j, h in enumerate(sets):
            E[1 + j, parent_sequence[h]] = -1
            E[1 + j, action_sequence[game.action_offset[h]:game.action_offset[h + 1]]] = 1
        constraints.append(E)
    last = game.last_action[game.terminals]
    terminal_sequences = np.concatenate([[0], action_sequence])[last + 1]  # last action -1: empty sequence
    weight = _path_products(game, np.asarray(game.move_prob, dtype=np.float64))[game.terminals]
    exact_weight = None
    if game.exact_move_prob is not None:
        factors = np.empty(game.num_nodes, dtype=object)
        factors[:] = list(game.exact_move_prob)
        exact_weight = _path_products(game, factors)[game.terminals]
    return SequenceForm(
        game=game,
        sequence_action=tuple(_readonly(s) for s in sequence_action),
        action_sequence=_readonly(action_sequence),
        parent_sequence=_readonly(parent_sequence),
        constraints=tuple(_readonly(E) for E in constraints),
        terminal_sequences=_readonly(terminal_sequences.reshape(game.num_terminals, num_players)),
        chance_weight=_readonly(weight),
        exact_chance_weight=None if exact_weight is None else _readonly(exact_weight),
    )


def _path_products(game: ExtensiveGame, factors: np.ndarray) -> np.ndarray:
    """For every node, the product of ``factors`` over the nodes on its path (root included)."""
    out = factors.copy()
    depth = np.asarray(game.depth)
    order = np.argsort(depth, kind="stable")
    bounds = np.searchsorted(depth[order], np.arange(1, int(depth.max(initial=0)) + 2))
    for lo, hi in zip(bounds[:-1], bounds[1:]):
        nodes = order[lo:hi]
        out[nodes] = out[game.parent[nodes]] * factors[nodes]
    return out


def _infoset_order(game: ExtensiveGame) -> list[int]:
    """Information sets ordered so that each comes after the one holding its parent sequence."""
    return sorted(range(game.num_infosets), key=lambda h: game.infosets[h].nodes[0])


def _as_sequence_form(source: ExtensiveGame | SequenceForm) -> SequenceForm:
    return source if isinstance(source, SequenceForm) else sequence_form(source)


def realization_plans(source: ExtensiveGame | SequenceForm, behavior: Sequence[Sequence[Sequence[Any]]], *,
                      exact: bool = False) -> tuple[np.ndarray, ...]:
    """Each player's realisation plan (indexed by sequence) for a behaviour profile.

    ``source`` is the game or its sequence form; ``behavior[p][j][a]`` as in
    :mod:`berlinsim.model.behavior`. Float arrays, or object arrays of Fractions
    when ``exact``.
    """
    sf = _as_sequence_form(source)
    game = sf.game
    plans = []
    for p in range(game.num_players):
        x = np.zeros(sf.num_sequences[p], dtype=object if exact else np.float64)
        if exact:
            x[:] = Fraction(0)
        x[0] = Fraction(1) if exact else 1.0
        plans.append(x)
    if len(behavior) != game.num_players:
        raise GameError(f"a behaviour profile needs one entry per player ({game.num_players}), got {len(behavior)}")
    local = {}
    for p in range(game.num_players):
        if len(behavior[p]) != len(game.player_infosets[p]):
            raise GameError(f"player {game.players[p]!r} has {len(game.player_infosets[p])} information sets, "
                            f"the profile gives {len(behavior[p])}")
        for h, probs in zip(game.player_infosets[p], behavior[p]):
            if len(probs) != game.infosets[h].num_actions:
                raise GameError(f"information set {game.infosets[h].label or game.infosets[h].number} has "
                                f"{game.infosets[h].num_actions} actions, the profile gives {len(probs)}")
            local[h] = [Fraction(v) for v in probs] if exact else [float(v) for v in probs]
    for h in _infoset_order(game):
        p = game.infosets[h].player
        seqs = sf.action_sequence[game.action_offset[h]:game.action_offset[h + 1]]
        base = plans[p][sf.parent_sequence[h]]
        for s, prob in zip(seqs, local[h]):
            plans[p][s] = base * prob
    return tuple(plans)


def behavior_from_plans(source: ExtensiveGame | SequenceForm, plans: Sequence[Sequence[Any]], *,
                        exact: bool = False, off_path: Sequence[Sequence[Any]] | None = None,
                        ) -> tuple[tuple[tuple[Any, ...], ...], ...]:
    """The behaviour profile of realisation plans: ``x[s(h) a] / sum_b x[s(h) b]`` at each information set.

    At an information set the player's own plan never reaches, the plan says nothing;
    ``off_path[h]`` (indexed by global information set) gives the behaviour there,
    uniform by default. Fractions when ``exact``, floats otherwise (negative round-off
    is clipped to zero). ``source`` is the game or its sequence form.
    """
    sf = _as_sequence_form(source)
    game = sf.game
    nested = []
    for p in range(game.num_players):
        x = plans[p]
        if len(x) != sf.num_sequences[p]:
            raise GameError(f"player {game.players[p]!r} has {sf.num_sequences[p]} sequences, the plan gives {len(x)}")
        per_player = []
        for h in game.player_infosets[p]:
            seqs = sf.action_sequence[game.action_offset[h]:game.action_offset[h + 1]]
            if exact:
                vals = [Fraction(x[s]) for s in seqs]
            else:
                vals = [max(0.0, float(x[s])) for s in seqs]
            total = sum(vals)
            if total > 0:
                per_player.append(tuple(v / total for v in vals))
            elif off_path is not None:
                per_player.append(tuple(Fraction(v) if exact else float(v) for v in off_path[h]))
            else:
                k = len(vals)
                per_player.append(tuple(Fraction(1, k) if exact else 1.0 / k for _ in vals))
        nested.append(tuple(per_player))
    return tuple(nested)


def payoff_gradient(sf: SequenceForm, plans: Sequence[Sequence[Any]], player: int, *,
                    exact: bool = False) -> np.ndarray:
    """The gradient of ``player``'s expected payoff in their own plan, given the others' plans.

    ``g[s] = sum over terminals t with player's sequence s of chance(t) * u_player(t) *
    product of the other players' plans at their sequences for t``; the expected payoff
    is ``plans[player] @ g``. Float, or Fractions when ``exact``.

    >>> from berlinsim.model.extensive import ExtensiveGame, decision, terminal
    >>> g = ExtensiveGame.from_tree(decision("1", {"a": decision("2", {"x": terminal(1, 0), "y": terminal(3, 0)}),
    ...                                            "b": terminal(2, 0)}))
    >>> payoff_gradient(sequence_form(g), ([1, 0, 1], [1, "1/2", "1/2"]), 0, exact=True).tolist()
    [Fraction(0, 1), Fraction(2, 1), Fraction(2, 1)]
    """
    weights = sf.terminal_weights(player, exact=exact)
    factor = weights.copy()
    for q, plan in enumerate(plans):
        if q != player:
            values = [Fraction(v) for v in plan] if exact else [float(v) for v in plan]
            factor = factor * np.array(values, dtype=object if exact else np.float64)[sf.terminal_sequences[:, q]]
    g = np.zeros(sf.num_sequences[player], dtype=object if exact else np.float64)
    if exact:
        g[:] = Fraction(0)
    np.add.at(g, sf.terminal_sequences[:, player], factor)
    return g


def sequence_values(sf: SequenceForm, plans: Sequence[Sequence[Any]], player: int, *,
                    exact: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Best-response values of ``player`` against the others' plans, by a backward pass.

    Returns ``(values, slack)`` over the player's sequences: ``values[s]`` is what
    sequence ``s`` earns (its own terminals, plus the best continuation at each
    information set that follows it; ``values[0]`` is the best-response payoff), and
    ``slack[s] = max(values of s's information set) - values[s] >= 0`` is how much an
    action loses at its information set (0 for the empty sequence). Payoffs are
    reach-weighted by chance and the others' plans, so at an information set the
    others never reach every slack is 0.
    """
    g = payoff_gradient(sf, plans, player, exact=exact)
    game = sf.game
    values = g.copy()
    best = {}
    for h in reversed(_infoset_order(game)):
        if game.infosets[h].player != player:
            continue
        seqs = sf.action_sequence[game.action_offset[h]:game.action_offset[h + 1]]
        best[h] = max(values[s] for s in seqs)
        values[sf.parent_sequence[h]] = values[sf.parent_sequence[h]] + best[h]
    slack = np.zeros_like(values)
    if exact:
        slack[:] = Fraction(0)
    for h, top in best.items():
        seqs = sf.action_sequence[game.action_offset[h]:game.action_offset[h + 1]]
        slack[seqs] = [top - values[s] for s in seqs]
    return values, slack


def is_realization_plan(sf: SequenceForm, player: int, plan: Sequence[Any], tol: float = 0.0) -> bool:
    """True when ``plan`` satisfies ``E x = e, x >= 0`` (exactly for ints/Fractions, else within ``tol``).

    >>> from berlinsim.model.extensive import ExtensiveGame, decision, terminal
    >>> sf = sequence_form(ExtensiveGame.from_tree(decision("A", {"x": terminal(1), "y": terminal(0)})))
    >>> is_realization_plan(sf, 0, [1, Fraction(1, 3), Fraction(2, 3)]), is_realization_plan(sf, 0, [1, 1, 1])
    (True, False)
    """
    E = sf.constraints[player]
    x = list(plan)
    if len(x) != E.shape[1]:
        return False
    e = sf.constraint_rhs(player)
    if all(isinstance(v, (int, Fraction)) for v in x):
        residual = [sum(int(E[i, j]) * x[j] for j in np.flatnonzero(E[i])) - int(e[i]) for i in range(E.shape[0])]
        return all(v >= 0 for v in x) and all(r == 0 for r in residual)
    xf = np.asarray(x, dtype=np.float64)
    return bool(np.all(xf >= -tol) and np.all(np.abs(E @ xf - e) <= tol))
