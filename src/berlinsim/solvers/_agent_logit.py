"""The agent-form logit QRE homotopy of an extensive game (private helper of :mod:`berlinsim.solvers.agent_qre`).

:class:`AgentLogitSystem` evaluates, at a point ``(y, lambda)`` (log behaviour probabilities
over the game's global actions, and precision), every action's value conditional on
reaching its information set, the homotopy ``H`` whose zero set is the principal branch, its
Jacobian, and the beliefs at each information set. Conditional values are computed without
underflow from log reach probabilities (see the module docstring of :mod:`.agent_qre`).

Examples
--------
>>> from berlinsim.model.extensive import ExtensiveGame, decision, terminal
>>> g = ExtensiveGame.from_tree(decision("A", {"x": terminal(1.0), "y": terminal(0.0)}))
>>> system = AgentLogitSystem(g, g.payoffs)
>>> system.h(np.array([np.log(0.5), np.log(0.5), 0.0])).round(12).tolist()
[0.0, 0.0]
"""

from __future__ import annotations

import numpy as np

from berlinsim.errors import SolverError
from berlinsim.model.extensive import DECISION, ExtensiveGame

#: Log-probability standing in for a chance probability of 0 (keeps beliefs defined).
_LOG_ZERO = -1e4


class AgentLogitSystem:
    """Conditional action values, the homotopy ``H`` and its Jacobian, cached per point.

    ``payoffs[t, p]`` are the terminal payoffs in the path's units (each player's shifted to
    start at 0 and divided by the largest range, see :func:`berlinsim.solvers.agent_qre.agent_qre_solve`).
    """

    def __init__(self, game: ExtensiveGame, payoffs: np.ndarray) -> None:
        num_actions = game.num_actions
        self.game = game
        # incidence of actions on the paths to terminals (Pt) and to decision nodes (Pn)
        path_actions = _path_actions(game)
        terminals = np.asarray(game.terminals)
        decision_nodes = np.flatnonzero(np.asarray(game.kind) == DECISION)
        self.Pt = _incidence(path_actions, terminals, num_actions)
        self.Pn = _incidence(path_actions, decision_nodes, num_actions)
        if self.Pt.max(initial=0) > 1 or self.Pn.max(initial=0) > 1:
            raise SolverError("method 'agent_qre' needs a game without absent-mindedness "
                              "(a path meets an information set twice)")
        log_chance = _log_chance(game)
        self.lct = log_chance[terminals]
        self.lcn = log_chance[decision_nodes]
        self.node_infoset = np.asarray(game.infoset)[decision_nodes]
        self.membership = (np.arange(game.num_infosets)[:, None] == self.node_infoset[None, :]).astype(np.float64)
        order = np.argsort(self.node_infoset, kind="stable")
        self.node_order = order
        self.segments = np.searchsorted(self.node_infoset[order], np.arange(game.num_infosets))
        self.action_infoset = np.repeat(np.arange(game.num_infosets), np.diff(game.action_offset))
        self.first = np.asarray(game.action_offset)[self.action_infoset]
        self.is_first = np.arange(num_actions) == self.first
        owner = np.array([s.player for s in game.infosets], dtype=np.int64)[self.action_infoset]
        # payoff of the action's owner at each terminal, in the path's units
        self.U = np.asarray(payoffs, dtype=np.float64)[:, owner].T * self.Pt.T
        self.size = num_actions
        self._key: bytes | None = None

    def _evaluate(self, x: np.ndarray) -> None:
        key = x.tobytes()
        if key == self._key:
            return
        y, lam = x[:-1], x[-1]
        log_rt = self.Pt @ y + self.lct
        log_rn = self.Pn @ y + self.lcn
        ordered = log_rn[self.node_order]
        peak = np.maximum.reduceat(ordered, self.segments) if ordered.size else np.zeros(0)
        total = np.add.reduceat(np.exp(ordered - np.repeat(peak, np.diff(np.append(self.segments, ordered.size)))),
                                self.segments) if ordered.size else np.zeros(0)
        log_s = peak + np.log(total)
        mu = np.exp(log_rn - log_s[self.node_infoset])
        # omega[r, t]: owner's (scaled) payoff at t times P(t | information set of r reached, r taken)
        omega = self.U * np.exp(np.minimum(log_rt[None, :] - y[:, None] - log_s[self.action_infoset][:, None], 0.0))
        values = omega.sum(axis=1)
        beta = (self.membership * mu[None, :]) @ self.Pn
        dv = omega @ self.Pt - values[:, None] * beta[self.action_infoset]
        dv[np.arange(self.size), np.arange(self.size)] -= values
        probs = np.exp(y)
        first = self.first
        h = (y - y[first]) - lam * (values - values[first])
        jac = np.zeros((self.size, self.size + 1))
        jac[:, :-1] = -lam * (dv - dv[first])
        jac[np.arange(self.size), np.arange(self.size)] += 1.0
        jac[np.arange(self.size), first] -= 1.0
        jac[:, -1] = -(values - values[first])
        rows = np.flatnonzero(self.is_first)
        h[rows] = np.add.reduceat(probs, rows) - 1.0 if rows.size else h[rows]
        jac[rows] = 0.0
        block = self.action_infoset[None, :] == self.action_infoset[rows][:, None]
        jac[rows, :-1] = block * probs[None, :]
        self._key, self._h, self._jac = key, h, jac
        self.mu = mu

    def h(self, x: np.ndarray) -> np.ndarray:
        self._evaluate(x)
        return self._h

    def jacobian(self, x: np.ndarray) -> np.ndarray:
        self._evaluate(x)
        return self._jac

    def beliefs(self, x: np.ndarray) -> tuple[tuple[float, ...], ...]:
        self._evaluate(x)
        game = self.game
        decision_nodes = np.flatnonzero(np.asarray(game.kind) == DECISION)
        where = {int(n): k for k, n in enumerate(decision_nodes)}
        return tuple(tuple(float(self.mu[where[n]]) for n in s.nodes) for s in game.infosets)


def _path_actions(game: ExtensiveGame) -> list[list[int]]:
    """For every node, the global actions on the path to it (preorder: parents first)."""
    out: list[list[int]] = [[] for _ in range(game.num_nodes)]
    parent, edge = np.asarray(game.parent), np.asarray(game.edge_action)
    for k in range(1, game.num_nodes):
        out[k] = out[parent[k]] + ([int(edge[k])] if edge[k] >= 0 else [])
    return out


def _incidence(path_actions: list[list[int]], nodes: np.ndarray, num_actions: int) -> np.ndarray:
    out = np.zeros((len(nodes), num_actions))
    for row, n in enumerate(nodes):
        for a in path_actions[n]:
            out[row, a] += 1.0
    return out


def _log_chance(game: ExtensiveGame) -> np.ndarray:
    """Log of the product of chance probabilities on the path to every node."""
    with np.errstate(divide="ignore"):
        logs = np.log(np.asarray(game.move_prob, dtype=np.float64))
    logs = np.maximum(logs, _LOG_ZERO)
    out = logs.copy()
    parent = np.asarray(game.parent)
    for k in range(1, game.num_nodes):
        out[k] = out[parent[k]] + logs[k]
    return out
