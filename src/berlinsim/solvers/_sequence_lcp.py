"""The sequence-form LCP of a 2-player game and Lemke's path on it (private helper of :mod:`.lcp`).

:func:`lcp_system` writes the mixed LCP (see :mod:`berlinsim.solvers.lcp`) as a linear
system whose columns are the variables; :func:`sequence_form_lcp` pivots in the start
basis (the start pair's plans into the plan equations, the free duals into the start
sequences' rows), follows Lemke's path in floats, and, for exact games, confirms the
result exactly: rounding the float plans and checking them by a backward pass, else
solving the final basis exactly, else rerunning the path with integer pivoting.

Examples
--------
>>> from berlinsim.model.extensive import ExtensiveGame, decision, terminal
>>> g = ExtensiveGame.from_tree(decision("1", {"a": terminal(1, 0), "b": decision("2", {"c": terminal(2, 1)})}))
>>> T, chosen, sizes = lcp_system(sequence_form(g), exact=True)
>>> T.shape, chosen, sizes
((9, 20), [[0, 1], [0, 1]], (3, 2, 2, 2))
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Sequence

import numpy as np

from berlinsim.errors import SolverError
from berlinsim.model.extensive import ExtensiveGame
from berlinsim.model.sequence_form import (
    SequenceForm,
    is_realization_plan,
    payoff_gradient,
    sequence_form,
    sequence_values,
)
from berlinsim.solvers._tableau import FloatTableau, IntegerTableau, Tableau, basic_values
from berlinsim.solvers.lemke import follow_path

#: Largest number of LCP equations (sequences plus information sets, both players) handled.
from berlinsim.limits import MAX_LCP_EQUATIONS as MAX_EQUATIONS  # noqa: E402


@dataclass(frozen=True, slots=True, kw_only=True)
class SequenceFormSolution:
    """An equilibrium in realisation plans, as found by the sequence-form LCP.

    Attributes
    ----------
    plans : tuple of numpy.ndarray
        Each player's realisation plan over their sequences (floats, or Fractions when exact).
    values : tuple of numpy.ndarray
        Dual variables ``u, v`` of the plans' best-response programs: ``values[p][0]`` is
        player ``p``'s expected payoff and ``values[p][1 + j]`` the (reach-weighted) best
        value at their ``j``-th information set (see
        :func:`~berlinsim.model.sequence_form.sequence_values`).
    slacks : tuple of numpy.ndarray
        ``w_x, w_y``: how much each sequence's action loses at its information set
        against the other plan (0 on the support).
    pivots : int
        Pivots on Lemke's path (setup pivots not counted).
    exact : bool
    exact_fallback : bool
        True when the float path's basis did not check exactly and the path was rerun exactly.
    """

    plans: tuple[np.ndarray, np.ndarray]
    values: tuple[np.ndarray, np.ndarray]
    slacks: tuple[np.ndarray, np.ndarray]
    pivots: int
    exact: bool
    exact_fallback: bool = False


def check_game(game: ExtensiveGame) -> None:
    if game.num_players != 2:
        raise SolverError(f"method 'lcp' needs a 2-player game, got {game.num_players} players")
    if not game.is_perfect_recall:
        raise SolverError(
            "method 'lcp' needs perfect recall (the sequence form does not exist without it): "
            + "; ".join(game.recall_problems[:3])
        )


def _start_sequences(sf: SequenceForm, player: int, start: Sequence[int] | None) -> list[int]:
    """The sequences of the pure start strategy: the empty one, then one action per information set."""
    game = sf.game
    sets = game.player_infosets[player]
    choice = [0] * len(sets) if start is None else list(start)
    if len(choice) != len(sets):
        raise SolverError(f"the start strategy of {game.players[player]!r} needs one action per information set "
                          f"({len(sets)}), got {len(choice)}")
    chosen = [0]
    for h, a in zip(sets, choice):
        if not 0 <= a < game.infosets[h].num_actions:
            raise SolverError(f"start action {a} out of range at an information set of {game.players[player]!r}")
        chosen.append(int(sf.action_sequence[game.action_offset[h] + a]))
    return chosen


def lcp_system(sf: SequenceForm, *, exact: bool, start: Sequence[Sequence[int]] | None = None,
               ) -> tuple[np.ndarray, list[list[int]], tuple[int, int, int, int]]:
    """The mixed LCP as a linear system ``T v = rhs`` with artificial slacks for the equations.

    Column layout (labels): ``w_x, w_y`` (``0..N-1``), ``x, y`` (``N..2N-1``), ``u, v``
    (``2N..2N+K-1``), ``z0`` (``2N+K``), then ``K`` artificial slacks and the right-hand
    side; ``N = n1 + n2`` sequences, ``K = m1 + m2`` equations. Rows: one per sequence,
    then one per equation. Returns the matrix, each player's start sequences, and
    ``(n1, n2, m1, m2)``.
    """
    A, B = sf.payoff_matrices(exact=exact)
    E, F = sf.constraints
    n1, n2 = sf.num_sequences
    m1, m2 = E.shape[0], F.shape[0]
    N, K = n1 + n2, m1 + m2
    R = N + K
    z0 = 2 * N + K
    T = np.zeros((R, z0 + 1 + K + 1), dtype=object if exact else np.float64)
    if exact:
        T[:] = Fraction(0)
    T[np.arange(N), np.arange(N)] = 1
    T[:n1, N + n1:2 * N] = A
    T[n1:N, N:N + n1] = B.T
    T[:n1, 2 * N:2 * N + m1] = -E.T
    T[n1:N, 2 * N + m1:z0] = -F.T
    T[N:N + m1, N:N + n1] = E
    T[N + m1:R, N + n1:2 * N] = F
    T[np.arange(N, R), np.arange(z0 + 1, z0 + 1 + K)] = 1
    T[N, -1] = 1
    T[N + m1, -1] = 1
    chosen = [_start_sequences(sf, p, None if start is None else start[p]) for p in range(2)]
    penalty = np.ones(N, dtype=np.int64)
    penalty[chosen[0]] = 0
    penalty[[n1 + s for s in chosen[1]]] = 0
    T[:N, z0] = -penalty
    return T, chosen, (n1, n2, m1, m2)


def _setup(tab: Tableau, chosen: list[list[int]], sizes: tuple[int, int, int, int]) -> list[int]:
    """Pivot the start basis in: plans of the start pair into the equations, ``u, v`` into their rows."""
    n1, n2, m1, m2 = sizes
    N, K = n1 + n2, m1 + m2
    z0 = 2 * N + K
    basis = [*range(N), *range(z0 + 1, z0 + 1 + K)]
    moves = []
    for j, s in enumerate(chosen[0]):
        moves.append((N + j, N + s))
    for j, s in enumerate(chosen[1]):
        moves.append((N + m1 + j, N + n1 + s))
    for j, s in enumerate(chosen[0]):
        moves.append((s, 2 * N + j))
    for j, s in enumerate(chosen[1]):
        moves.append((n1 + s, 2 * N + m1 + j))
    for r, c in moves:
        if abs(tab.column(c)[r]) == 0:
            raise SolverError("internal error: singular start basis for the sequence-form LCP")
        tab.pivot(r, c)
        basis[r] = c
    tab.keep_columns(range(z0 + 1))
    return basis


def _run_path(T: np.ndarray, chosen: list[list[int]], sizes: tuple[int, int, int, int], exact: bool,
              max_pivots: int | None) -> tuple[Tableau, list[int], int]:
    n1, n2, m1, m2 = sizes
    N, K = n1 + n2, m1 + m2
    tab: Tableau = IntegerTableau(T) if exact else FloatTableau(T)
    basis = _setup(tab, chosen, sizes)
    complement = [*range(N, 2 * N), *range(N), *([-1] * (K + 1))]
    free = [False] * (2 * N) + [True] * K + [False]
    limit = 50 * (N + K + 1) if max_pivots is None else max_pivots
    pivots = follow_path(tab, basis, z0=2 * N + K, complement=complement, free=free,
                         lexcols=list(basis), max_pivots=limit)
    return tab, basis, pivots


def _full_values(values: np.ndarray, basis: Sequence[int], num_labels: int, exact: bool) -> np.ndarray:
    full = np.zeros(num_labels, dtype=object if exact else np.float64)
    if exact:
        full[:] = Fraction(0)
    full[list(basis)] = list(values)
    return full


def _solution(sf: SequenceForm, plans: tuple[np.ndarray, np.ndarray], pivots: int, exact: bool,
              fallback: bool = False) -> SequenceFormSolution:
    """The solution record, with duals and slacks recomputed from the plans by a backward pass."""
    values, slacks = [], []
    for p in range(2):
        val, slack = sequence_values(sf, plans, p, exact=exact)
        game = sf.game
        best = [max(val[sf.action_sequence[game.action_offset[h]:game.action_offset[h + 1]]])
                for h in game.player_infosets[p]]
        values.append(np.array([val[0], *best], dtype=object if exact else np.float64))
        slacks.append(slack)
    return SequenceFormSolution(plans=plans, values=(values[0], values[1]), slacks=(slacks[0], slacks[1]),
                                pivots=pivots, exact=exact, exact_fallback=fallback)


def _is_exact_equilibrium(sf: SequenceForm, plans: tuple[np.ndarray, np.ndarray]) -> bool:
    """Exact check: both are realisation plans and each earns its best-response value."""
    for p in range(2):
        plan = list(plans[p])
        if not is_realization_plan(sf, p, plan):
            return False
        gradient = payoff_gradient(sf, plans, p, exact=True)
        values, _ = sequence_values(sf, plans, p, exact=True)
        if values[0] != sum(x * g for x, g in zip(plan, gradient) if x):
            return False
    return True


def _rationalized(plans: tuple[np.ndarray, ...], max_denominator: int = 10**7) -> tuple[np.ndarray, ...]:
    """Nearby fractions for float plans (clipped at 0)."""
    return tuple(np.array([Fraction(max(0.0, float(v))).limit_denominator(max_denominator) for v in plan],
                          dtype=object) for plan in plans)


def sequence_form_lcp(
    game: ExtensiveGame | SequenceForm,
    *,
    exact: bool = False,
    start: Sequence[Sequence[int]] | None = None,
    max_pivots: int | None = None,
) -> SequenceFormSolution:
    """One equilibrium of a 2-player perfect-recall game in realisation plans.

    Parameters
    ----------
    game : ExtensiveGame or SequenceForm
    exact : bool
        Exact rational result (needs rational payoffs and chance probabilities).
    start : optional
        ``start[p][j]``: the action player ``p`` takes at their ``j``-th information set
        in the pure strategy pair the path starts from (default: the first action).
        Different starts may lead to different equilibria.
    max_pivots : int, optional
        Limit on the path length (default ``50 * number of equations``).
    """
    sf = game if isinstance(game, SequenceForm) else None
    base = sf.game if sf is not None else game
    check_game(base)
    if sf is None:
        sf = sequence_form(base)
    if exact and not base.is_exact:
        raise SolverError("exact computation needs rational payoffs and chance probabilities")
    n1, n2 = sf.num_sequences
    m1, m2 = (E.shape[0] for E in sf.constraints)
    if n1 + n2 + m1 + m2 > MAX_EQUATIONS:
        raise SolverError(f"the sequence-form LCP has {n1 + n2 + m1 + m2} equations; "
                          f"method 'lcp' handles at most {MAX_EQUATIONS}")
    T, chosen, sizes = lcp_system(sf, exact=False, start=start)
    tab, basis, pivots = _run_path(T, chosen, sizes, False, max_pivots)
    N, K = n1 + n2, m1 + m2
    num_labels = 2 * N + K + 1
    full = _full_values(_refined(T[:, :num_labels], T[:, -1], basis), basis, num_labels, False)
    plans = (np.maximum(full[N:N + n1], 0.0), np.maximum(full[N + n1:2 * N], 0.0))
    if not exact:
        return _solution(sf, plans, pivots, False)
    # exact: nearby fractions, else the exact solution of the float path's basis, else the exact path
    rational = _rationalized(plans)
    if _is_exact_equilibrium(sf, rational):
        return _solution(sf, rational, pivots, True)
    T_exact, _, _ = lcp_system(sf, exact=True, start=start)
    values = basic_values(T_exact[:, :num_labels], T_exact[:, -1], basis)
    if values is not None:
        full = _full_values(values, basis, num_labels, True)
        candidate = (full[N:N + n1], full[N + n1:2 * N])
        if all(v >= 0 for plan in candidate for v in plan) and _is_exact_equilibrium(sf, candidate):
            return _solution(sf, candidate, pivots, True)
    tab, basis, pivots = _run_path(T_exact, chosen, sizes, True, max_pivots)
    full = _full_values(tab.values(), basis, num_labels, True)
    return _solution(sf, (full[N:N + n1], full[N + n1:2 * N]), pivots, True, fallback=True)


def _refined(system: np.ndarray, rhs: np.ndarray, basis: Sequence[int]) -> np.ndarray:
    """Basic values recomputed from the original system (one LU solve instead of the pivot history)."""
    matrix = np.asarray(system, dtype=np.float64)[:, list(basis)]
    try:
        return np.linalg.solve(matrix, np.asarray(rhs, dtype=np.float64))
    except np.linalg.LinAlgError:
        raise SolverError("the sequence-form LCP ended on a singular basis") from None
