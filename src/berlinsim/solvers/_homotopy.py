"""A predictor-corrector path follower for one-dimensional solution curves ``H(x) = 0``.

``H`` maps ``R^(N+1)`` to ``R^N``; near a regular point its zeros form a curve. The
follower walks along it by arc length (Allgower & Georg, *Introduction to Numerical
Continuation Methods*, 2003, ch. 2 and 6):

- **predictor**: a step of length ``h`` along the unit tangent ``t``, the null vector of
  the Jacobian ``J(x)`` (found by solving the augmented system ``[J; t_prev] t = [0; 1]``,
  which also keeps the orientation);
- **corrector**: Newton's method on the augmented system ``[J; t] dx = [-H; 0]``
  (corrections orthogonal to the tangent);
- **step control**: a step is rejected (and ``h`` halved) when the first correction is
  large, Newton contracts slowly or does not converge, or the tangent turns too sharply;
  after an easy step ``h`` grows by up to ``max_accel``. Far along a straight stretch the
  steps therefore grow geometrically, which is how a homotopy reaches large parameters.

The logit QRE (:mod:`berlinsim.solvers.qre`) uses it; so can the agent-form QRE of an
extensive game: any ``H``, ``jacobian`` and starting point on the curve.

Examples
--------
The unit circle ``x^2 + y^2 - 1 = 0`` from ``(1, 0)``, counter-clockwise, until ``x < 0``:

>>> import numpy as np
>>> trace = trace_path(lambda x: np.array([x @ x - 1.0]), lambda x: 2.0 * x[None, :],
...                    np.array([1.0, 0.0]), direction=np.array([0.0, 1.0]),
...                    stop=lambda x: x[0] < 0)
>>> trace.status, bool(abs(np.hypot(*trace.points[-1]) - 1) < 1e-9), bool(trace.points[-1][1] > 0)
('stopped', True, True)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

Function = Callable[[np.ndarray], np.ndarray]


@dataclass(frozen=True, slots=True, kw_only=True)
class PathTrace:
    """The points visited along the curve and why the tracing ended.

    Attributes
    ----------
    points : numpy.ndarray
        Accepted points, shape ``(k, N + 1)``, read-only; the first is the (corrected) start.
    status : str
        ``"stopped"`` (the ``stop`` test held), ``"max_steps"`` or ``"step_too_small"``
        (every step, down to ``min_step``, was rejected).
    accepted, rejected : int
        Numbers of accepted and rejected steps.
    """

    points: np.ndarray
    status: str
    accepted: int
    rejected: int

    def __post_init__(self) -> None:
        pts = np.array(self.points, dtype=np.float64, copy=True)
        pts.setflags(write=False)
        object.__setattr__(self, "points", pts)


def _tangent(j: np.ndarray, previous: np.ndarray) -> np.ndarray:
    """Unit null vector of ``j`` with positive component along ``previous``."""
    aug = np.vstack([j, previous])
    rhs = np.zeros(aug.shape[0])
    rhs[-1] = 1.0
    t = np.linalg.solve(aug, rhs)
    return t / np.linalg.norm(t)


def _initial_tangent(j: np.ndarray, direction: np.ndarray) -> np.ndarray:
    _, _, vt = np.linalg.svd(j)
    t = vt[-1]
    return -t if t @ direction < 0 else t


def _correct(
    h_fun: Function, jac: Function, x: np.ndarray, t: np.ndarray, tol: float, max_iter: int,
    max_dist: float, max_contraction: float,
) -> tuple[np.ndarray | None, float, float]:
    """Newton on ``[H; t.(x - x0)] = 0``.

    Returns the corrected point (``None`` when a step-control test fails), the length of
    the first correction and the largest ratio of successive corrections.
    """
    first = previous = 0.0
    contraction = 0.0
    for k in range(1, max_iter + 1):
        aug = np.vstack([jac(x), t])
        rhs = np.append(-h_fun(x), 0.0)
        try:
            dx = np.linalg.solve(aug, rhs)
        except np.linalg.LinAlgError:
            return None, first, contraction
        if not np.all(np.isfinite(dx)):
            return None, first, contraction
        norm = float(np.linalg.norm(dx))
        if k == 1:
            first = norm
            if norm > max_dist:
                return None, first, contraction
        elif norm > tol:
            contraction = max(contraction, norm / previous if previous > 0 else np.inf)
            if contraction > max_contraction:
                return None, first, contraction
        x = x + dx
        if norm <= tol * (1.0 + float(np.max(np.abs(x)))):
            return x, first, contraction
        previous = norm
    return None, first, contraction


def trace_path(
    h_fun: Function,
    jacobian: Function,
    x0: np.ndarray,
    *,
    direction: np.ndarray | None = None,
    stop: Callable[[np.ndarray], bool] | None = None,
    first_step: float = 0.03,
    max_accel: float = 2.0,
    min_step: float = 1e-12,
    max_steps: int = 5000,
    tol: float = 1e-11,
    max_corrector: int = 8,
    max_dist: float = 0.4,
    max_contraction: float = 0.6,
    min_cos: float = 0.8,
) -> PathTrace:
    """Follow the curve ``h_fun(x) = 0`` from ``x0`` by arc length.

    Parameters
    ----------
    h_fun : callable
        ``x -> H(x)``, from ``R^(N+1)`` to ``R^N``.
    jacobian : callable
        ``x -> J(x)``, shape ``(N, N+1)``.
    x0 : numpy.ndarray
        A point on (or very near) the curve.
    direction : numpy.ndarray, optional
        Initial orientation: the first tangent has a positive component along it
        (default: increasing last coordinate).
    stop : callable, optional
        ``x -> bool``; tracing ends after the first accepted point where it is true.
    first_step, max_accel, min_step, max_steps :
        Initial arc-length step, largest growth factor per step, smallest step before
        giving up, and most accepted steps.
    tol, max_corrector, max_dist, max_contraction, min_cos :
        Newton tolerance (relative to ``1 + max|x|``) and iteration limit; rejection
        thresholds for the first Newton correction, the ratio of successive corrections,
        and the cosine of the angle between successive tangents. After an accepted step
        ``h`` is divided by ``max(sqrt(dist / max_dist), sqrt(contraction / max_contraction),
        1 / max_accel)`` (the rule of Allgower & Georg, also used by Gambit's tracer), where
        ``dist`` is the first correction's length and ``contraction`` the ratio of the
        second correction to the first.

    Returns
    -------
    PathTrace
    """
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        return _trace(h_fun, jacobian, np.asarray(x0, dtype=np.float64).copy(), direction, stop,
                      first_step, max_accel, min_step, max_steps, tol, max_corrector, max_dist,
                      max_contraction, min_cos)


def _trace(h_fun, jacobian, x, direction, stop, first_step, max_accel, min_step, max_steps, tol,
           max_corrector, max_dist, max_contraction, min_cos) -> PathTrace:
    """:func:`trace_path` with floating-point warnings silenced (non-finite values are rejected)."""
    if direction is None:
        direction = np.zeros_like(x)
        direction[-1] = 1.0
    t = _initial_tangent(jacobian(x), np.asarray(direction, dtype=np.float64))
    corrected, _, _ = _correct(h_fun, jacobian, x, t, tol, max_corrector, np.inf, np.inf)
    if corrected is not None:
        x = corrected
    points = [x]
    h = first_step
    accepted = rejected = 0
    status = "max_steps"
    while accepted < max_steps:
        if stop is not None and stop(x):
            status = "stopped"
            break
        new, dist, contraction = _correct(
            h_fun, jacobian, x + h * t, t, tol, max_corrector, max_dist, max_contraction
        )
        t_new = None
        if new is not None:
            try:
                t_new = _tangent(jacobian(new), t)
            except np.linalg.LinAlgError:
                t_new = None
            if t_new is not None and (not np.all(np.isfinite(t_new)) or t_new @ t < min_cos):
                t_new = None
        if t_new is None:
            rejected += 1
            h *= 0.5
            if h < min_step:
                status = "step_too_small"
                break
            continue
        x, t = new, t_new
        points.append(x)
        accepted += 1
        decel = max(np.sqrt(dist / max_dist), np.sqrt(contraction / max_contraction), 1.0 / max_accel)
        h /= decel
    return PathTrace(points=np.array(points), status=status, accepted=accepted, rejected=rejected)
