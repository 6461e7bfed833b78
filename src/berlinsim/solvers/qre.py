"""Logit quantal response equilibrium (QRE) path and its Nash limit, any number of players.

At precision ``lambda >= 0`` a logit QRE is a profile where every player mixes with
``p_i(a) = exp(lambda * V_i(a)) / sum_b exp(lambda * V_i(b))``, ``V_i(a)`` being the
expected payoff of action ``a`` against the others' strategies (McKelvey & Palfrey
1995). At ``lambda = 0`` everyone plays the centroid; as ``lambda -> infinity`` the
*principal branch* of QRE converges to a Nash equilibrium, so tracing it is a way to
select one equilibrium of a game of any size and any number of players.

Following Turocy ("A dynamic homotopy interpretation of the logistic quantal response
equilibrium correspondence", GEB 2005), the branch is traced in log-probabilities
``y_i(a) = log p_i(a)``, as the zero set of::

    sum_a exp(y_i(a)) - 1 = 0                                  (one per player)
    y_i(a) - y_i(0) - lambda * (V_i(a) - V_i(0)) = 0           (a = 1, ..., n_i - 1)

with the generic predictor-corrector follower of :mod:`berlinsim.solvers._homotopy`,
by arc length in ``(y, lambda)`` with the payoffs divided by their spread (so that
``lambda`` is scale-free). No reparametrisation of ``lambda`` is needed to reach large
values: far out the branch is almost straight in these coordinates (log-probabilities
of unplayed actions fall linearly in ``lambda``, the others converge), so the step
length grows geometrically and ``lambda = 1e6`` is reached in a few dozen steps.
Tracing stops at ``max_lambda`` or as soon as the path point's Nash regret is below
the tolerance. The principal branch never returns to ``lambda <= 0`` (the centroid is
the only QRE there); a trace that does has jumped branches and is redone with more
cautious step control.

The end point is *polished*: for supports read off the end point (actions with
probability above a threshold), Newton's method solves the equilibrium conditions on
that support (the support's actions equally good), and the result is kept only if
its regret (computed from the game) is within tolerance. For exact games the polished
profile is rounded to nearby fractions and kept exact if its exact regret is 0.

Examples
--------
>>> from berlinsim.model.normal_form import NormalFormGame
>>> mp = NormalFormGame.zero_sum([[1, -1], [-1, 1]])
>>> r = qre_solve(mp)
>>> r.equilibria[0].exact_strategies
((Fraction(1, 2), Fraction(1, 2)), (Fraction(1, 2), Fraction(1, 2)))
>>> bool(np.allclose(r.details.path.profiles, 0.5))
True
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from itertools import permutations

import numpy as np

from berlinsim.model._exact import nearby_distribution
from berlinsim.model.normal_form import NormalFormGame
from berlinsim.model.profile import regret
from berlinsim.model.result import SolveResult, equilibrium_from, payoff_tolerance
from berlinsim.solvers._checks import require_size
from berlinsim.solvers._homotopy import trace_path

_LETTERS = string.ascii_letters  # einsum axis names, one per player


@dataclass(frozen=True, slots=True, kw_only=True)
class QrePath:
    """Points of the principal logit QRE branch.

    Attributes
    ----------
    lambdas : numpy.ndarray
        Precision at each point, shape ``(k,)``, read-only.
    profiles : numpy.ndarray
        Shape ``(k, sum(shape))``: each row is every player's strategy, concatenated in
        player order; read-only. :meth:`strategies` slices out one player.
    shape : tuple of int
        Number of actions of each player.
    """

    lambdas: np.ndarray
    profiles: np.ndarray
    shape: tuple[int, ...]

    def __post_init__(self) -> None:
        for name in ("lambdas", "profiles"):
            arr = np.array(getattr(self, name), dtype=np.float64, copy=True)
            arr.setflags(write=False)
            object.__setattr__(self, name, arr)
        object.__setattr__(self, "shape", tuple(int(n) for n in self.shape))

    def strategies(self, player: int) -> np.ndarray:
        """Player ``player``'s strategy at each point, shape ``(k, shape[player])``."""
        start = sum(self.shape[:player])
        return self.profiles[:, start:start + self.shape[player]]

    def profile_at(self, index: int) -> tuple[tuple[float, ...], ...]:
        """The profile at point ``index`` as one tuple per player."""
        return tuple(tuple(float(v) for v in self.strategies(i)[index]) for i in range(len(self.shape)))


@dataclass(frozen=True, slots=True, kw_only=True)
class QreDetails:
    """The traced path and how its end point fared.

    Attributes
    ----------
    path : QrePath
    status : str
        How the tracing ended: ``"max_lambda"``, ``"regret"`` (the path point's regret
        fell below the tolerance), ``"left_branch"`` (``lambda`` turned negative: a step
        jumped to another branch), ``"max_steps"`` or ``"step_too_small"``.
    end_regret : float
        Nash regret of the last path point.
    limit_regret : float or None
        Regret of the polished limit (``None`` when polishing found no candidate).
    accepted, rejected : int
        Steps of the path follower (in the last attempt).
    attempts : int
        How many times the path was traced: a trace that leaves the branch (``lambda``
        turning negative, which the principal branch never does) or whose end does not
        polish into an equilibrium is retried with more cautious step control.
    """

    path: QrePath
    status: str
    end_regret: float
    limit_regret: float | None
    accepted: int
    rejected: int
    attempts: int = 1


class _Logit:
    """Values ``V_i``, pairwise matrices ``W_ij`` and the homotopy system, cached per point."""

    def __init__(self, payoffs: np.ndarray) -> None:
        self.u = payoffs
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


def _rationalize(game: NormalFormGame, probs: list[np.ndarray]):
    """An exact equilibrium near ``probs`` (fractions with small denominators), or ``None``."""
    strategies = [nearby_distribution(p, 10**6) for p in probs]
    if any(s is None for s in strategies):
        return None
    eq = equilibrium_from(game, strategies, exact=True)
    return eq if eq.exact_regret == 0 else None


def qre_solve(
    game: NormalFormGame,
    *,
    max_lambda: float | None = None,
    first_step: float = 0.03,
    max_accel: float = 2.0,
    max_steps: int = 2000,
    early_stop: bool = True,
) -> SolveResult:
    """Trace the principal logit QRE branch and report its Nash limit.

    Parameters
    ----------
    game : NormalFormGame
        Any number of players.
    max_lambda : float, optional
        Stop tracing at this precision, in the game's units (1 / payoff). Default
        ``1e6 / spread``, where ``spread`` is the largest range of a player's payoffs, so
        that rescaling the payoffs does not change how far the path goes.
    first_step, max_accel, max_steps :
        Initial arc-length step, largest step growth factor, most accepted steps. Steps are
        taken with payoffs divided by ``spread`` (``lambda * spread`` is scale-free).
    early_stop : bool
        Stop as soon as a path point is an equilibrium within tolerance (a pure limit is
        usually reached at small ``lambda``); ``False`` traces on to ``max_lambda`` (for plots).

    Returns
    -------
    SolveResult
        At most one equilibrium (the polished limit, kept only when its regret is within
        tolerance; ``complete=False``); ``details`` is a :class:`QreDetails` with the path.

    Examples
    --------
    >>> from berlinsim.model.normal_form import NormalFormGame
    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> r = qre_solve(pd)
    >>> r.equilibria[0].support, r.details.status
    (((1,), (1,)), 'regret')
    """
    require_size(game, "qre")
    tol = payoff_tolerance(game)
    u = np.asarray(game.payoffs, dtype=np.float64)
    spread = float(max(np.ptp(u[i]) for i in range(game.num_players)))
    spread = spread if spread > 0 else 1.0
    if max_lambda is None:
        max_lambda = 1e6 / spread
    system = _Logit(u / spread)
    x0 = np.append(np.concatenate([np.full(k, -np.log(k)) for k in game.shape]), 0.0)
    limit = max_lambda * spread

    attempts = 0
    for settings in _attempts(first_step, max_accel):
        attempts += 1
        trace, status = _trace(system, x0, limit, tol / spread if early_stop else -1.0, settings, max_steps)
        end = trace.points[-1]
        end_regret = system.regret(end) * spread
        found, limit_regret = None, None
        if status != "left_branch":
            found, limit_regret = _polish(game, system, system.split(np.exp(end[:-1])), end_regret, tol)
        if found is not None:
            break
    points = trace.points
    path = QrePath(lambdas=points[:, -1] / spread, profiles=np.exp(points[:, :-1]), shape=game.shape)

    equilibria, notes = [], []
    exact = False
    if found is not None:
        eq = _rationalize(game, found) if game.is_exact else None
        exact = eq is not None
        equilibria.append(eq if eq is not None else equilibrium_from(game, [p.tolist() for p in found]))
    else:
        notes.append(
            f"the path ended at lambda={end[-1] / spread:.4g} ({status}) with regret {end_regret:.3g}; "
            "no profile within tolerance was found near its end"
        )
    if attempts > 1:
        notes.append(f"the path was traced {attempts} times, with smaller steps after a failed attempt")
    notes.append("the QRE limit is one equilibrium (the one the logit path selects); others may exist")
    return SolveResult(
        method="qre",
        game=game,
        equilibria=tuple(equilibria),
        exact=exact,
        complete=False,
        degenerate=None,
        tolerance=0.0 if exact else tol,
        parameters=(("max_lambda", max_lambda), ("first_step", first_step),
                    ("max_accel", max_accel), ("max_steps", max_steps), ("early_stop", early_stop)),
        notes=tuple(notes),
        details=QreDetails(path=path, status=status, end_regret=end_regret, limit_regret=limit_regret,
                           accepted=trace.accepted, rejected=trace.rejected, attempts=attempts),
    )


def _attempts(first_step: float, max_accel: float) -> tuple[dict, ...]:
    """Step controls for successive attempts: the caller's, then two more cautious ones."""
    return (
        {"first_step": first_step, "max_accel": max_accel},
        {"first_step": first_step, "max_accel": min(max_accel, 1.5), "max_dist": 0.1, "min_cos": 0.99},
        {"first_step": first_step / 10, "max_accel": min(max_accel, 1.2), "max_dist": 0.02, "min_cos": 0.999},
    )


def _trace(system: _Logit, x0: np.ndarray, limit: float, stop_regret: float, settings: dict, max_steps: int):
    """One trace of the branch (in normalised units) and how it ended."""

    def stop(x: np.ndarray) -> bool:
        return x[-1] >= limit or x[-1] < -1e-8 or (x[-1] > 0 and system.regret(x) <= stop_regret)

    trace = trace_path(system.h, system.jacobian, x0, stop=stop, max_steps=max_steps, **settings)
    end = trace.points[-1][-1]
    status = trace.status
    if status == "stopped":
        status = "left_branch" if end < -1e-8 else "max_lambda" if end >= limit else "regret"
    return trace, status


def _polish(game: NormalFormGame, system: _Logit, probs: list[np.ndarray], end_regret: float, tol: float):
    """The best equilibrium candidate near the path's end: ``(profile or None, its regret or None)``."""
    best_regret = None
    seen = set()
    for threshold in (1e-6, 1e-9, 1e-4, 1e-2):
        support = [np.flatnonzero(p > threshold * p.max()) for p in probs]
        key = tuple(tuple(s) for s in support)
        if key in seen:
            continue
        seen.add(key)
        candidate = system.support_newton(probs, support)
        if candidate is None:
            continue
        r = regret(game, candidate)
        best_regret = r if best_regret is None else min(best_regret, r)
        if r <= tol:
            return candidate, r
    if end_regret <= tol:
        return probs, end_regret
    return None, best_regret
