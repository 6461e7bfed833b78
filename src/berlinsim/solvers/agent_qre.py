"""Agent-form logit quantal response equilibrium of an extensive game, any number of players.

In the agent form every information set is played by its own agent, who chooses
action ``a`` with probability proportional to ``exp(lambda * V_h(a))``, where
``V_h(a)`` is the player's expected payoff of taking ``a`` at ``h`` *conditional on
reaching* ``h`` (beliefs over the nodes of ``h`` by Bayes' rule, well defined because
every action has positive probability for finite ``lambda``). This is McKelvey and
Palfrey's agent QRE (Experimental Economics 1, 1998, 9-41); as ``lambda`` grows the
principal branch converges to a sequential equilibrium, so its end point selects an
equilibrium that is also sensible off the equilibrium path.

The branch is traced, as for the normal form (:mod:`berlinsim.solvers.qre`), in
log-probabilities ``y = log b`` by the predictor-corrector follower of
:mod:`berlinsim.solvers._homotopy`, as the zero set of::

    sum_a exp(y_h(a)) - 1 = 0                                   (one per information set)
    y_h(a) - y_h(0) - lambda * (V_h(a) - V_h(0)) = 0             (a = 1, ..., k_h - 1)

Conditional values are computed without underflow from log reach probabilities:
terminal ``t`` below action ``a`` at ``h`` is reached, given ``h`` and ``a``, with
probability ``exp(log R(t) - y_h(a) - log S_h)``, where ``log S_h`` is the log-sum-exp
of the log reach of ``h``'s nodes. Their derivatives have closed forms (a product
with the terminal-action incidence matrix), so each Jacobian costs a few dense
matrix products (:mod:`._agent_logit`). Each player's payoffs are shifted to start at 0
(exactly, when they are rational) and divided by the largest range: the logit rule sees only
payoff differences, so shifting a player's payoffs changes no bit of the path. Scaling one
player's payoffs does change it (it is the same as changing her precision), as it does the
normal-form QRE (:mod:`.qre`). Tracing stops when a path point is a Nash equilibrium within
tolerance (relative to each player's payoff range, checked with
:func:`berlinsim.model.behavior.relative_regret`) or at ``max_lambda``.
Where the limit is mixed the regret falls only like ``1 / lambda``, so from
``lambda * spread = 100`` on, at every tenfold increase, the path point is also
*polished*: the equilibrium conditions are solved on its support
(:mod:`berlinsim.solvers._sequence_polish`, perfect recall), and a solution within
:data:`POLISH_DISTANCE` of the path point whose regret is within tolerance ends the
trace. For games with rational data the result is rounded to nearby fractions and
kept exact when its exact regret is 0.

Examples
--------
>>> from berlinsim.model.extensive import ExtensiveGame, decision, terminal
>>> entry = ExtensiveGame.from_tree(decision("Entrant", {"Out": terminal(0, 2),
...     "In": decision("Incumbent", {"Fight": terminal(-1, -1), "Accommodate": terminal(1, 1)})}))
>>> r = agent_qre_solve(entry)
>>> r.equilibria[0].exact_behavior == (((0, 1),), ((0, 1),))   # enter, accommodate: the credible one
True
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from berlinsim.errors import SolverError
from berlinsim.model._exact import nearby_distribution
from berlinsim.model import behavior as bh
from berlinsim.model.extensive import ExtensiveGame
from berlinsim.model.result import RELATIVE_TOLERANCE, SolveResult, behavior_equilibrium_from
from berlinsim.solvers._agent_logit import AgentLogitSystem
from berlinsim.solvers._homotopy import trace_path
from berlinsim.solvers._sequence_polish import polish

#: Polishing is first tried once ``lambda * spread`` passes this, then at every tenfold increase.
POLISH_FROM = 100.0
#: A polished equilibrium is kept only within this distance (largest probability change) of the path.
POLISH_DISTANCE = 0.05
#: Largest number of (actions x terminals) entries of the dense kernels.
from berlinsim.limits import MAX_AGENT_QRE_ENTRIES as MAX_ENTRIES  # noqa: E402


@dataclass(frozen=True, slots=True, kw_only=True)
class AgentQrePath:
    """Points of the principal agent-QRE branch.

    Attributes
    ----------
    lambdas : numpy.ndarray
        Precision at each point, shape ``(k,)``, in the game's payoff units; read-only.
    profiles : numpy.ndarray
        Shape ``(k, num_actions)``: behaviour at each point over the game's global action
        numbering (:attr:`ExtensiveGame.action_offset`); read-only.
    """

    lambdas: np.ndarray
    profiles: np.ndarray

    def __post_init__(self) -> None:
        for name in ("lambdas", "profiles"):
            arr = np.array(getattr(self, name), dtype=np.float64, copy=True)
            arr.setflags(write=False)
            object.__setattr__(self, name, arr)

    def behavior_at(self, game: ExtensiveGame, index: int) -> tuple[tuple[tuple[float, ...], ...], ...]:
        """The behaviour profile at point ``index``, nested ``[player][information set][action]``."""
        return bh.nest_behavior(game, [float(v) for v in self.profiles[index]])


@dataclass(frozen=True, slots=True, kw_only=True)
class AgentQreDetails:
    """The traced path and how its end fared.

    Attributes
    ----------
    path : AgentQrePath
    status : str
        ``"regret"`` (a path point was a Nash equilibrium within tolerance), ``"polished"``
        (a path point polished on its support gave one, see :mod:`._sequence_polish`), ``"max_lambda"``,
        ``"left_branch"`` (``lambda`` turned negative: a step jumped branches),
        ``"max_steps"`` or ``"step_too_small"``.
    end_regret : float
        Nash regret of the last path point (computed from the tree).
    beliefs : tuple
        At the last point, for every information set (global order), the conditional
        probability of each of its nodes: the beliefs of the limiting assessment.
    accepted, rejected, attempts : int
        Steps of the path follower (last attempt) and how many traces were made.
    """

    path: AgentQrePath
    status: str
    end_regret: float
    beliefs: tuple[tuple[float, ...], ...]
    accepted: int
    rejected: int
    attempts: int = 1


def _rationalize(game: ExtensiveGame, flat: np.ndarray) -> Any:
    """An exact equilibrium near ``flat`` (fractions with small denominators), or None."""
    behavior = []
    for p in range(game.num_players):
        per = []
        for h in game.player_infosets[p]:
            fr = nearby_distribution(flat[game.action_offset[h]:game.action_offset[h + 1]], 1000)
            if fr is None:
                return None
            per.append(fr)
        behavior.append(tuple(per))
    if bh.exact_regret(game, behavior) != 0:
        return None
    return behavior_equilibrium_from(game, behavior, exact=True)


def agent_qre_solve(
    game: ExtensiveGame,
    *,
    max_lambda: float | None = None,
    first_step: float = 0.03,
    max_accel: float = 2.0,
    max_steps: int = 2000,
    early_stop: bool = True,
) -> SolveResult:
    """Trace the principal agent-QRE branch of an extensive game and report its limit.

    Parameters
    ----------
    game : ExtensiveGame
        Any number of players; perfect recall is not required, but a path may not meet
        an information set twice (absent-mindedness).
    max_lambda : float, optional
        Stop at this precision, in the game's units (1 / payoff); default
        ``1e7 / spread`` where ``spread`` is the largest range of a player's payoffs.
    first_step, max_accel, max_steps :
        Step control of the path follower (steps taken in ``lambda * spread`` units).
    early_stop : bool
        Stop at the first path point that is a Nash equilibrium within tolerance;
        ``False`` traces on to ``max_lambda`` (for plots of the path).

    Returns
    -------
    SolveResult
        At most one :class:`~berlinsim.model.result.BehaviorEquilibrium` (the end point,
        kept only when its regret is within tolerance; exact when rounding it to small
        fractions gives exact regret 0); ``details`` is an :class:`AgentQreDetails`.

    Examples
    --------
    >>> from berlinsim.model.extensive import ExtensiveGame, decision, terminal
    >>> pennies = ExtensiveGame.from_tree(decision("1", {
    ...     "H": decision("2", {"h": terminal(1, -1), "t": terminal(-1, 1)}, infoset="I"),
    ...     "T": decision("2", {"h": terminal(-1, 1), "t": terminal(1, -1)}, infoset="I")}))
    >>> r = agent_qre_solve(pennies)
    >>> [str(p) for p in r.equilibria[0].exact_behavior[1][0]], float(r.details.path.lambdas[0])
    (['1/2', '1/2'], 0.0)
    """
    if game.num_actions == 0:
        raise SolverError("method 'agent_qre' needs a game in which some player moves")
    tol = RELATIVE_TOLERANCE
    payoffs, spread = _shifted(game)
    if max_lambda is None:
        max_lambda = 1e7 / spread
    if game.num_actions * max(1, game.num_terminals) > MAX_ENTRIES:
        raise SolverError(f"method 'agent_qre' handles at most {MAX_ENTRIES:,} actions x terminals, "
                          f"the game has {game.num_actions:,} x {game.num_terminals:,}")
    system = AgentLogitSystem(game, payoffs)
    sizes = np.diff(game.action_offset)
    x0 = np.append(np.repeat(-np.log(sizes), sizes), 0.0)
    limit = max_lambda * spread

    def regret_at(x: np.ndarray) -> float:  # relative to each player's payoff range
        return bh.relative_regret(game, bh.nest_behavior(game, _normalised(game, x[:-1])))

    attempts = 0
    for settings in _attempts(first_step, max_accel):
        attempts += 1
        polished: list[Any] = []
        checkpoint = [POLISH_FROM]

        def stop(x: np.ndarray) -> bool:
            if x[-1] >= limit or x[-1] < -1e-8:
                return True
            if not early_stop or x[-1] <= 0:
                return False
            if regret_at(x) <= tol:
                return True
            if x[-1] >= checkpoint[0]:
                checkpoint[0] = x[-1] * 10.0
                found = _polish_near(game, _normalised(game, x[:-1]), tol)
                if found is not None:
                    polished.append(found)
                    return True
            return False

        trace = trace_path(system.h, system.jacobian, x0, stop=stop, max_steps=max_steps, **settings)
        end = trace.points[-1]
        status = trace.status
        if status == "stopped":
            status = ("left_branch" if end[-1] < -1e-8 else "max_lambda" if end[-1] >= limit
                      else "polished" if polished else "regret")
        end_relative = regret_at(end)
        if status != "left_branch" and not polished and end_relative > tol:
            found = _polish_near(game, _normalised(game, end[:-1]), tol)
            polished = [found] if found is not None else []
        if status != "left_branch" and (polished or end_relative <= tol):
            break
    end_regret = bh.regret(game, bh.nest_behavior(game, _normalised(game, end[:-1])))
    flat = polished[0] if polished else _normalised(game, end[:-1])
    points = trace.points
    path = AgentQrePath(lambdas=points[:, -1] / spread,
                        profiles=np.array([_normalised(game, p[:-1]) for p in points]))
    equilibria, notes, exact = [], [], False
    if status != "left_branch" and (polished or end_relative <= tol):
        eq = _rationalize(game, flat) if game.is_exact else None
        exact = eq is not None
        equilibria.append(eq if eq is not None else behavior_equilibrium_from(game, bh.nest_behavior(game, flat)))
        notes.append("the end of the agent QRE path approximates a sequential equilibrium (McKelvey and "
                     "Palfrey 1998); Nash equilibrium is verified, sequential rationality is not")
        if polished:
            notes.append("the path's end point was polished on its support (sequence-form equilibrium conditions)")
    else:
        notes.append(f"the path ended at lambda={end[-1] / spread:.4g} ({status}) with regret {end_regret:.3g}; "
                     "no equilibrium within tolerance was found")
        if not game.is_perfect_recall:
            notes.append("without perfect recall an agent-form equilibrium need not be a Nash equilibrium, "
                         "and a game may have no Nash equilibrium in behaviour strategies")
    if attempts > 1:
        notes.append(f"the path was traced {attempts} times, with smaller steps after a failed attempt")
    return SolveResult(
        method="agent_qre", game=game, equilibria=tuple(equilibria), exact=exact, complete=False,
        degenerate=None, tolerance=0.0 if exact else tol,
        parameters=(("max_lambda", max_lambda), ("first_step", first_step), ("max_accel", max_accel),
                    ("max_steps", max_steps), ("early_stop", early_stop)),
        notes=tuple(notes),
        details=AgentQreDetails(path=path, status=status, end_regret=end_regret, beliefs=system.beliefs(end),
                                accepted=trace.accepted, rejected=trace.rejected, attempts=attempts),
    )


def _polish_near(game: ExtensiveGame, flat: np.ndarray, tol: float) -> np.ndarray | None:
    """A polished equilibrium (flat behaviour) within :data:`POLISH_DISTANCE` of ``flat``, or None.

    Polished on the normalised tree, so ``tol`` bounds the regret relative to each player's range.
    """
    found = polish(game.normalized(), flat, tol)
    if found is None:
        return None
    candidate = np.array(bh.flatten_behavior(game, found[0]), dtype=np.float64)
    return candidate if np.max(np.abs(candidate - flat), initial=0.0) <= POLISH_DISTANCE else None


def _shifted(game: ExtensiveGame) -> tuple[np.ndarray, float]:
    """Terminal payoffs with each player's shifted to start at 0, over the largest range; and that range.

    Computed from the normalised payoffs and the ratios of the ranges (exact when the payoffs
    are), so a shift of a player's payoffs changes no bit of the path. The range is 1 when
    every payoff is equal.
    """
    spans = game.payoff_scale.span
    largest = max(spans, default=0)
    if not largest:
        return np.zeros(game.payoffs.shape), 1.0
    ratios = np.array([float(s / largest) for s in spans])
    return game.payoff_scale.normalized.T * ratios, game.payoff_scale.float_span[spans.index(largest)]


def _normalised(game: ExtensiveGame, y: np.ndarray) -> np.ndarray:
    """Behaviour ``exp(y)`` renormalised at each information set (removes corrector round-off)."""
    probs = np.exp(y)
    offsets = np.asarray(game.action_offset)
    sums = np.add.reduceat(probs, offsets[:-1]) if probs.size else probs
    return probs / np.repeat(sums, np.diff(offsets))


def _attempts(first_step: float, max_accel: float) -> tuple[dict, ...]:
    """Step controls for successive attempts: the caller's, then two more cautious ones."""
    return (
        {"first_step": first_step, "max_accel": max_accel},
        {"first_step": first_step, "max_accel": min(max_accel, 1.5), "max_dist": 0.1, "min_cos": 0.99},
        {"first_step": first_step / 10, "max_accel": min(max_accel, 1.2), "max_dist": 0.02, "min_cos": 0.999},
    )
