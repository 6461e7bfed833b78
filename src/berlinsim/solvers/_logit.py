"""The logit QRE homotopy of a normal-form game (private helper of :mod:`berlinsim.solvers.qre`).

:class:`LogitSystem` evaluates, at a point ``(y, lambda)`` (log-probabilities and precision),
every player's action values, the homotopy ``H`` whose zero set is the principal branch, its
Jacobian, and the Nash regret of the point; and polishes an end point on a support by
Newton's method. Values are cached per point: the path follower asks for ``H`` and its
Jacobian at the same point.

Examples
--------
>>> u = np.array([[[1.0, 0.0], [0.0, 1.0]], [[0.0, 1.0], [1.0, 0.0]]])  # matching pennies, shifted to [0, 1]
>>> system = LogitSystem(u, np.ones(2))
>>> x = np.array([np.log(0.5)] * 4 + [2.0])
>>> system.h(x).round(12).tolist(), system.relative_regret(x)
([0.0, 0.0, 0.0, 0.0], 0.0)
"""

from __future__ import annotations

import string
from itertools import permutations

import numpy as np

_LETTERS = string.ascii_letters  # einsum axis names, one per player


class LogitSystem:
    """Values ``V_i``, pairwise matrices ``W_ij`` and the homotopy system, cached per point.

    ``weights[i]`` turns player ``i``'s gain in these payoffs into a fraction of her payoff
    range (0 for a player whose payoffs are constant).
    """

    def __init__(self, payoffs: np.ndarray, weights: np.ndarray) -> None:
        self.u = payoffs
        self.weights = weights
        self.shape = payoffs.shape[1:]
        self.n = len(self.shape)
        self.offsets = np.concatenate([[0], np.cumsum(self.shape)]).astype(int)
        self.size = int(self.offsets[-1])
        axes = _LETTERS[: self.n]
        self._pairs = {}
        for i, j in permutations(range(self.n), 2):
            others = [k for k in range(self.n) if k not in (i, j)]
            spec = axes + "".join("," + axes[k] for k in others) + "->" + axes[i] + axes[j]
            self._pairs[i, j] = (spec, others)
        self._key: bytes | None = None

    def split(self, flat: np.ndarray) -> list[np.ndarray]:
        return [flat[self.offsets[i]:self.offsets[i + 1]] for i in range(self.n)]

    def pairs(self, probs: list[np.ndarray]) -> tuple[dict, list[np.ndarray]]:
        """``W[i, j][a, b]``: i's payoff for (a, b) with the rest mixed; ``V[i]``: i's action values."""
        if self.n == 1:
            return {}, [self.u[0].astype(float)]
        if self.n == 2:
            w = {(0, 1): self.u[0], (1, 0): self.u[1].T}
        else:
            w = {
                key: np.einsum(spec, self.u[key[0]], *[probs[k] for k in others])
                for key, (spec, others) in self._pairs.items()
            }
        v = [w[i, (i + 1) % self.n] @ probs[(i + 1) % self.n] for i in range(self.n)]
        return w, v

    def _evaluate(self, x: np.ndarray) -> None:
        key = x.tobytes()
        if key == self._key:
            return
        y, lam = x[:-1], x[-1]
        probs = self.split(np.exp(y))
        w, v = self.pairs(probs)
        h = np.empty(self.size)
        jac = np.zeros((self.size, self.size + 1))
        for i in range(self.n):
            o, k = self.offsets[i], self.shape[i]
            h[o] = probs[i].sum() - 1.0
            h[o + 1:o + k] = (y[o + 1:o + k] - y[o]) - lam * (v[i][1:] - v[i][0])
            jac[o, o:o + k] = probs[i]
            idx = np.arange(o + 1, o + k)
            jac[idx, idx] = 1.0
            jac[o + 1:o + k, o] = -1.0
            jac[o + 1:o + k, -1] = -(v[i][1:] - v[i][0])
            for j in range(self.n):
                if j != i:
                    oj, kj = self.offsets[j], self.shape[j]
                    d = w[i, j][1:] - w[i, j][0]
                    jac[o + 1:o + k, oj:oj + kj] = -lam * d * probs[j]
        self._key, self._h, self._jac = key, h, jac
        self.values, self.probs = v, probs

    def h(self, x: np.ndarray) -> np.ndarray:
        self._evaluate(x)
        return self._h

    def jacobian(self, x: np.ndarray) -> np.ndarray:
        self._evaluate(x)
        return self._jac

    def regret(self, x: np.ndarray) -> float:
        self._evaluate(x)
        return max(0.0, max(float(v.max() - v @ p) for v, p in zip(self.values, self.probs)))

    def relative_regret(self, x: np.ndarray) -> float:
        self._evaluate(x)
        return max(0.0, max(float(v.max() - v @ p) * w for v, p, w in zip(self.values, self.probs, self.weights)))

    def support_newton(self, probs: list[np.ndarray], support: list[np.ndarray], iters: int = 40) -> list[np.ndarray] | None:
        """Solve 'every support action equally good, probabilities sum to 1' from ``probs``."""
        probs = [p.copy() for p in probs]
        for i in range(self.n):
            mask = np.zeros(self.shape[i], dtype=bool)
            mask[support[i]] = True
            probs[i][~mask] = 0.0
            probs[i] /= probs[i].sum()
        sizes = [len(s) for s in support]
        starts = np.concatenate([[0], np.cumsum(sizes)]).astype(int)
        m = int(starts[-1])
        _, v = self.pairs(probs)
        vals = np.array([float(v[i] @ probs[i]) for i in range(self.n)])
        for _ in range(iters):
            w, v = self.pairs(probs)
            res = np.empty(m + self.n)
            jac = np.zeros((m + self.n, m + self.n))
            for i in range(self.n):
                rows = slice(starts[i], starts[i + 1])
                res[rows] = v[i][support[i]] - vals[i]
                jac[rows, m + i] = -1.0
                for j in range(self.n):
                    if j != i:
                        jac[rows, starts[j]:starts[j + 1]] = w[i, j][np.ix_(support[i], support[j])]
                res[m + i] = probs[i][support[i]].sum() - 1.0
                jac[m + i, rows] = 1.0
            step = np.linalg.lstsq(jac, -res, rcond=None)[0]
            for i in range(self.n):
                probs[i][support[i]] += step[starts[i]:starts[i + 1]]
            vals += step[m:]
            if not all(np.all(np.isfinite(p)) for p in probs):
                return None
            if np.max(np.abs(step)) <= 1e-15 * (1.0 + np.max(np.abs(vals))):
                break
        if any(np.any(p < -1e-12) for p in probs):
            return None
        out = []
        for p in probs:
            p = np.clip(p, 0.0, None)
            out.append(p / p.sum())
        return out
