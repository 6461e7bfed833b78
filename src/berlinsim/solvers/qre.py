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
``lambda`` is scale-free). Each player's payoffs are first shifted to start at 0, in exact
arithmetic when the game is exact: the logit rule sees only differences of payoffs, so the
path is the same, bit for bit, however far a player's payoffs are shifted. It is not the same
when one player's payoffs are *scaled*: a logit player responds to ``lambda`` times payoff
differences, so scaling her payoffs is the same as changing her precision, and the path (and
possibly the equilibrium it selects) changes. Scaling every player's payoffs by one factor
only rescales ``lambda``. No reparametrisation of ``lambda`` is needed to reach large
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
its regret (computed from the game) is within tolerance (relative to each player's payoff
range). For exact games the polished profile is rounded to nearby fractions and kept exact
if its exact regret is 0.

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

from dataclasses import dataclass

import numpy as np

from berlinsim.model._exact import nearby_distribution
from berlinsim.model.normal_form import NormalFormGame
from berlinsim.model.profile import regret, relative_regret
from berlinsim.model.result import RELATIVE_TOLERANCE, SolveResult, equilibrium_from
from berlinsim.solvers._checks import require_size
from berlinsim.solvers._homotopy import trace_path
from berlinsim.solvers._logit import LogitSystem


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
    tol = RELATIVE_TOLERANCE
    u, weights, spread = _shifted(game)
    if max_lambda is None:
        max_lambda = 1e6 / spread
    system = LogitSystem(u, weights)
    x0 = np.append(np.concatenate([np.full(k, -np.log(k)) for k in game.shape]), 0.0)
    limit = max_lambda * spread

    attempts = 0
    for settings in _attempts(first_step, max_accel):
        attempts += 1
        trace, status = _trace(system, x0, limit, tol if early_stop else -1.0, settings, max_steps)
        end = trace.points[-1]
        end_regret = system.regret(end) * spread
        found, limit_regret = None, None
        if status != "left_branch":
            found, limit_regret = _polish(game, system, end, tol)
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


def _shifted(game: NormalFormGame) -> tuple[np.ndarray, np.ndarray, float]:
    """Each player's payoffs minus her lowest, over the largest range: ``(payoffs, weights, spread)``.

    Computed from the normalised payoffs and the ratios of the ranges (exact when the game
    is exact), so a shift of a player's payoffs changes no bit. ``weights`` turn gains in these
    units into fractions of each player's range; ``spread`` is the largest range (1 when all
    payoffs are equal).
    """
    spans = game.payoff_scale.span
    largest = max(spans)
    if not largest:
        return np.zeros(game.payoffs.shape), np.zeros(game.num_players), 1.0
    ratios = [float(s / largest) for s in spans]
    u = np.stack([r * p for r, p in zip(ratios, game.normalized_payoffs)])
    weights = np.array([1.0 / r if r else 0.0 for r in ratios])
    return u, weights, game.payoff_scale.float_span[spans.index(largest)]


def _trace(system: LogitSystem, x0: np.ndarray, limit: float, stop_regret: float, settings: dict, max_steps: int):
    """One trace of the branch (in normalised units) and how it ended; ``stop_regret`` is relative."""

    def stop(x: np.ndarray) -> bool:
        return x[-1] >= limit or x[-1] < -1e-8 or (x[-1] > 0 and system.relative_regret(x) <= stop_regret)

    trace = trace_path(system.h, system.jacobian, x0, stop=stop, max_steps=max_steps, **settings)
    end = trace.points[-1][-1]
    status = trace.status
    if status == "stopped":
        status = "left_branch" if end < -1e-8 else "max_lambda" if end >= limit else "regret"
    return trace, status


def _polish(game: NormalFormGame, system: LogitSystem, end: np.ndarray, tol: float):
    """The best equilibrium candidate near the path's end: ``(profile or None, its regret or None)``.

    A candidate is accepted when its relative regret is within ``tol``; the regret reported
    is in payoff units.
    """
    probs = system.split(np.exp(end[:-1]))
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
        if relative_regret(game, candidate) <= tol:
            return candidate, r
    if system.relative_regret(end) <= tol:
        return probs, regret(game, probs)
    return None, best_regret
