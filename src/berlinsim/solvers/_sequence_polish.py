"""Polish an approximate equilibrium of a perfect-recall tree on a fixed support (sequence form).

Private helper of :mod:`berlinsim.solvers.agent_qre`. Given a behaviour profile near
an equilibrium (the end of a QRE path), read off each player's support (sequences
whose realisation probability is above a threshold) and solve, by Newton's method
with least-squares steps, the equilibrium conditions on that support:

    E_p x_p = e_p                          (x_p a realisation plan, 0 off the support)
    (E_p' u_p)_s = g_p(x_-p)_s   for s in a set T_p of tight sequences

where ``g_p`` is the gradient of player ``p``'s expected payoff in their own plan
(multilinear in the others' plans). ``T_p`` contains the support and, optionally,
sequences played with tiny probability at the end point: an unused sequence that is
as good as the support can be what pins the other players' strategies (e.g. bluffing
in poker at the edge of an equilibrium family). For two players the conditions are
linear and one step suffices. A candidate is kept only when it is a behaviour profile whose regret,
computed from the tree, is within tolerance; behaviour at information sets the
player's own plan never reaches is taken from the path's end point.

Examples
--------
>>> from berlinsim.model.extensive import ExtensiveGame, decision, terminal
>>> g = ExtensiveGame.from_tree(decision("1", {
...     "H": decision("2", {"h": terminal(1, -1), "t": terminal(-1, 1)}, infoset="I"),
...     "T": decision("2", {"h": terminal(-1, 1), "t": terminal(1, -1)}, infoset="I")}))
>>> flat = np.array([0.5003, 0.4997, 0.4998, 0.5002])
>>> [round(p, 12) for p in polish(g, flat, 1e-9)[0][0][0]]
[0.5, 0.5]
"""

from __future__ import annotations

from typing import Any

import numpy as np

from berlinsim.model import behavior as bh
from berlinsim.model.extensive import ExtensiveGame
from berlinsim.model.sequence_form import SequenceForm, behavior_from_plans, realization_plans, sequence_form

#: (support, tight) thresholds on the realisation probability, tried in turn.
THRESHOLDS = ((1e-6, 1e-6), (1e-9, 1e-9), (1e-4, 1e-4), (1e-2, 1e-2), (1e-2, 1e-6), (1e-4, 1e-9))


def _products(sf: SequenceForm, plans: list[np.ndarray], skip: tuple[int, ...]) -> np.ndarray:
    """For each terminal, the product of the plans of the players not in ``skip`` at their sequences."""
    out = np.ones(len(sf.terminal_sequences))
    for q, plan in enumerate(plans):
        if q not in skip:
            out = out * plan[sf.terminal_sequences[:, q]]
    return out


def _newton(sf: SequenceForm, weights: list[np.ndarray], plans: list[np.ndarray],
            support: list[np.ndarray], tight: list[np.ndarray], iterations: int = 30) -> list[np.ndarray] | None:
    """Solve the conditions with ``support`` and ``tight`` sequences from ``plans``; the plans, or None."""
    n = len(plans)
    E = [np.asarray(c, dtype=np.float64) for c in sf.constraints]
    seqs = sf.terminal_sequences
    plans = [np.where(np.isin(np.arange(len(x)), s), x, 0.0) for x, s in zip(plans, support)]
    sizes = [len(s) for s in support] + [c.shape[0] for c in E]
    starts = np.concatenate([[0], np.cumsum(sizes)]).astype(int)
    u = []
    for p in range(n):
        g = np.bincount(seqs[:, p], weights[p] * _products(sf, plans, (p,)), minlength=len(plans[p]))
        u.append(np.linalg.lstsq(E[p].T[tight[p]], g[tight[p]], rcond=None)[0])
    for _ in range(iterations):
        rows = sum(len(s) + c.shape[0] for s, c in zip(tight, E))
        res = np.empty(rows)
        jac = np.zeros((rows, int(starts[-1])))
        r = 0
        for p in range(n):
            m, k = E[p].shape[0], len(tight[p])
            res[r:r + m] = E[p] @ plans[p] - sf.constraint_rhs(p)
            jac[r:r + m, starts[p]:starts[p + 1]] = E[p][:, support[p]]
            r += m
            g = np.bincount(seqs[:, p], weights[p] * _products(sf, plans, (p,)), minlength=len(plans[p]))
            res[r:r + k] = (E[p].T @ u[p])[tight[p]] - g[tight[p]]
            jac[r:r + k, starts[n + p]:starts[n + p + 1]] = E[p].T[tight[p]]
            for q in range(n):
                if q != p:
                    block = np.zeros((len(plans[p]), len(plans[q])))
                    np.add.at(block, (seqs[:, p], seqs[:, q]), weights[p] * _products(sf, plans, (p, q)))
                    jac[r:r + k, starts[q]:starts[q + 1]] = -block[np.ix_(tight[p], support[q])]
            r += k
        step = np.linalg.lstsq(jac, -res, rcond=None)[0]
        for p in range(n):
            plans[p][support[p]] += step[starts[p]:starts[p + 1]]
            u[p] = u[p] + step[starts[n + p]:starts[n + p + 1]]
        if not all(np.all(np.isfinite(x)) for x in plans):
            return None
        if np.max(np.abs(step), initial=0.0) <= 1e-14:
            break
    if any(np.any(x < -1e-9) for x in plans):
        return None
    return [np.clip(x, 0.0, None) for x in plans]


def polish(game: ExtensiveGame, flat: np.ndarray, tol: float) -> tuple[Any, float] | None:
    """An equilibrium near the behaviour ``flat`` (global action order): ``(behaviour, regret)`` or None.

    Needs perfect recall (returns None otherwise). Tries the supports and tight sets of
    :data:`THRESHOLDS` in turn and returns the first candidate with regret ``<= tol``.
    """
    if not game.is_perfect_recall:
        return None
    sf = sequence_form(game)
    nested = bh.nest_behavior(game, [float(v) for v in flat])
    start = [np.asarray(x, dtype=np.float64) for x in realization_plans(sf, nested)]
    weights = [np.asarray(sf.terminal_weights(p), dtype=np.float64) for p in range(game.num_players)]
    off_path = [tuple(float(v) for v in flat[game.action_offset[h]:game.action_offset[h + 1]])
                for h in range(game.num_infosets)]
    seen = set()
    for support_threshold, tight_threshold in THRESHOLDS:
        support = [np.flatnonzero(x > support_threshold) for x in start]
        tight = [np.flatnonzero(x > tight_threshold) for x in start]
        key = (tuple(tuple(s) for s in support), tuple(tuple(s) for s in tight))
        if key in seen:
            continue
        seen.add(key)
        plans = _newton(sf, weights, [x.copy() for x in start], support, tight)
        if plans is None:
            continue
        behavior = behavior_from_plans(sf, plans, off_path=off_path)
        r = bh.regret(game, behavior)
        if r <= tol:
            return behavior, r
    return None
