"""All Nash equilibria of an n-player game, by support enumeration and exact polynomial algebra.

For every support profile (each player's set of played actions) the equilibria with
exactly that support are the solutions of the support's indifference equations
(:mod:`._support_systems`) at which every probability is positive and no action outside
the support pays more. Each system is solved exactly (:mod:`._polynomial_systems`: a
Groebner basis, then a univariate eliminant whose real roots are isolated with rational
intervals). An equilibrium with rational probabilities is computed and verified in
Fractions; one with irrational probabilities is certified as an algebraic point (every
sign that decides positivity and best responses is decided exactly) and shown as floats,
with its certificate in ``details.certificates``.

Pruning: actions strictly dominated by an action are removed first (iteratively); a
support is skipped when one of its actions is weakly dominated against the others'
supports (it cannot be played when every such profile has positive probability). Balanced
supports come first. Supports whose equations have infinitely many solutions are tested
with certified linear programs (:mod:`._support_lp`); the result says what is known about
each, and is ``complete`` only when none can hold an equilibrium. On a support left undecided,
the points where one or two unused actions tie are solved for too (with those equations added
the system is often finite) and listed when they are equilibria: an isolated equilibrium on a
curve of solutions must be such a point (elsewhere its neighbours on the curve are equilibria
too), although an isolated solution off every curve is not found this way.

Payoffs given as floats are solved exactly for their binary values; the result then gives
floats (``exact=False``), each verified with the usual tolerance (relative to each player's
payoff range). Each player's payoffs are first mapped exactly onto ``[0, 1]``, so a positive
affine change of any player's payoffs changes nothing, at any magnitude.

Examples
--------
>>> from berlinsim.model.normal_form import NormalFormGame
>>> import numpy as np
>>> u = np.zeros((3, 2, 2, 2), dtype=int)
>>> for i in range(3):
...     u[i, 0, 0, 0], u[i, 1, 1, 1] = 2, 1            # 3-player coordination on A (2) or B (1)
>>> r = enumpoly_solve(NormalFormGame.from_payoffs(u))
>>> r.complete, [round(eq.strategies[0][0], 6) for eq in r.equilibria]     # P(A): 0, sqrt(2) - 1, 1
(True, [0.0, 0.414214, 1.0])
>>> [c is None for c in r.details.certificates]      # the mixed one is irrational: certified algebraically
[True, False, True]
"""

from __future__ import annotations

import itertools
from fractions import Fraction
from typing import Sequence

import numpy as np

from berlinsim.errors import SolverError
from berlinsim.model.enumeration import AlgebraicProfile, EnumpolyDetails, SupportReport
from berlinsim.model.normal_form import NormalFormGame
from berlinsim.model._scale import exact_normalized, payoff_scale
from berlinsim.model.result import RELATIVE_TOLERANCE, Equilibrium, SolveResult, equilibrium_from
from berlinsim.solvers import _univariate as uv
from berlinsim.solvers._checks import require_size
from berlinsim.solvers._polynomial_systems import MAX_DIMENSION, FiniteSolutions, solve_system
from berlinsim.solvers._support_lp import classify
from berlinsim.solvers._support_systems import (
    Support,
    balanced_unknowns,
    count_profiles,
    indifference_equations,
    integer_payoffs,
    is_pruned,
    others_products,
    strategy_forms,
    strictly_dominated,
    support_profiles,
    variables_of,
)

#: Default limit on the number of support profiles (after removing dominated actions).
MAX_SUPPORTS = 4_000
#: Default limit on the unknowns of the largest balanced support's system (3x3x3: 6).
MAX_UNKNOWNS = 6

INCOMPLETE_NOTE = (
    "{k} support profile(s) have indifference equations with infinitely many solutions that "
    "could not be ruled out: equilibria with those supports (possibly a continuum) are not "
    "listed, except where an unused action ties; see details.infinite"
)
CONTINUUM_NOTE = (
    "the game is degenerate: equilibria with {k} support profile(s) are not isolated (a continuum, "
    "or a point where inequalities meet) and are not listed; see details.infinite"
)


def enumpoly_solve(
    game: NormalFormGame, *, max_supports: int = MAX_SUPPORTS, max_unknowns: int = MAX_UNKNOWNS
) -> SolveResult:
    """Every Nash equilibrium of ``game`` that is an isolated solution of its support's equations.

    Parameters
    ----------
    game : NormalFormGame
        Any number of players.
    max_supports : int
        Refuse the game (:class:`~berlinsim.errors.SolverError`) when it has more support
        profiles than this after removing strictly dominated actions.
    max_unknowns : int
        Refuse it when the largest balanced support's system (no player with more
        equations than the others have unknowns) would have more unknowns than this.

    Returns
    -------
    SolveResult
        ``complete=True`` when every equilibrium is listed (all finitely many). Otherwise
        ``degenerate=True`` and ``details.infinite`` names the supports left out.
        ``exact=True`` when the payoffs are rational and every equilibrium is rational.
        Equilibria in lexicographic order of their strategies.

    Examples
    --------
    >>> from berlinsim.model.normal_form import NormalFormGame
    >>> bos = NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    >>> [[[str(p) for p in s] for s in eq.exact_strategies] for eq in enumpoly_solve(bos).equilibria]
    [[['0', '1'], ['0', '1']], [['2/3', '1/3'], ['1/3', '2/3']], [['1', '0'], ['1', '0']]]
    """
    require_size(game, "enumpoly")
    u = integer_payoffs(_normalized_fractions(game))
    alive = strictly_dominated(u)
    total = count_profiles(alive)
    unknowns = balanced_unknowns(alive)
    shape = "x".join(str(len(a)) for a in alive)
    if total > max_supports or unknowns > max_unknowns:
        raise SolverError(
            f"game too large for method 'enumpoly': after removing dominated actions it is {shape}, "
            f"with {total:,} support profiles (limit {max_supports:,}) and up to {unknowns} unknowns "
            f"in a balanced support's equations (limit {max_unknowns}); try 'qre' or 'pure'"
        )
    found: list[tuple[Equilibrium, AlgebraicProfile | None]] = []
    infinite: list[SupportReport] = []
    pruned = solved = 0
    for support in support_profiles(alive):
        if is_pruned(u, support, alive):
            pruned += 1
            continue
        equations, variables = indifference_equations(u, support)
        solved += 1
        try:
            solution = solve_system(equations, len(variables))
        except OverflowError as exc:
            raise SolverError(
                f"method 'enumpoly': the equations on the support {_support_text(game, support)} are too "
                f"large for exact solving ({exc}; at most {MAX_DIMENSION} complex solutions); "
                "try 'qre' or 'pure'"
            ) from None
        if solution.status == "infinite":
            status, reason = classify(u, support)
            if status == "unresolved":
                on_ties = _equilibria_at_ties(game, u, support, equations, len(variables))
                found += on_ties
                if on_ties:
                    one = len(on_ties) == 1
                    reason += (f"; {len(on_ties)} equilibri{'um' if one else 'a'} on it where unused actions tie "
                               f"{'is' if one else 'are'} listed (others, such as a continuum, may remain)")
            infinite.append(SupportReport(support=support, status=status, reason=reason))
        elif solution.status == "finite":
            found += _equilibria_on(game, u, support, solution.finite)
    found.sort(key=lambda item: tuple(p for s in item[0].strategies for p in s))
    missing = [r for r in infinite if not r.is_resolved]
    return _result(game, found, infinite, missing, alive, total, pruned, solved, max_supports, max_unknowns)


def _result(game: NormalFormGame, found: list, infinite: list[SupportReport], missing: list[SupportReport],
            alive: Sequence[Sequence[int]], total: int, pruned: int, solved: int, max_supports: int,
            max_unknowns: int) -> SolveResult:
    equilibria = tuple(eq for eq, _ in found)
    certificates = tuple(cert for _, cert in found)
    exact = game.is_exact and all(c is None for c in certificates)
    notes = []
    if not game.is_exact:
        notes.append("payoffs are floats: the equations were solved exactly for their binary values")
    irrational = sum(c is not None for c in certificates)
    if irrational:
        notes.append(f"{irrational} equilibri{'um has' if irrational == 1 else 'a have'} irrational "
                     "probabilities, shown as floats; each is certified exactly as an algebraic point "
                     "(details.certificates)")
    if any(r.status == "unresolved" for r in missing):
        notes.append(INCOMPLETE_NOTE.format(k=len(missing)))
    elif missing:
        notes.append(CONTINUUM_NOTE.format(k=len(missing)))
    dominated = tuple(tuple(a for a in range(n) if a not in keep) for n, keep in zip(game.shape, alive))
    details = EnumpolyDetails(dominated=dominated, supports=total, pruned=pruned, solved=solved,
                              infinite=tuple(infinite), certificates=certificates)
    return SolveResult(
        method="enumpoly",
        game=game,
        equilibria=equilibria,
        exact=exact,
        complete=not missing,
        degenerate=bool(missing),
        tolerance=0.0 if exact else RELATIVE_TOLERANCE,
        parameters=(("max_supports", max_supports), ("max_unknowns", max_unknowns)),
        notes=tuple(notes),
        details=details,
    )


#: Most tie systems tried per undecided support.
MAX_TIE_SYSTEMS = 64


def _tie_equation(u: np.ndarray, support: Support, player: int, action: int) -> dict:
    """``u_i(action) - u_i(first action of the support) = 0`` over the support's unknowns."""
    forms = strategy_forms(support, u.shape[1:])
    first = support[player][0]
    poly: dict = {}
    for profile, product in others_products(support, forms, player):
        c = u[(player, *profile[:player], action, *profile[player:])] - u[(player, *profile[:player], first,
                                                                              *profile[player:])]
        if c:
            for monomial, k in product.items():
                poly[monomial] = poly.get(monomial, 0) + c * k
    return {m: k for m, k in poly.items() if k}


def _equilibria_at_ties(game: NormalFormGame, u: np.ndarray, support: Support, equations: list,
                        nvars: int) -> list[tuple[Equilibrium, AlgebraicProfile | None]]:
    """Equilibria with ``support`` where one or two unused actions earn as much as the used ones.

    The support's equations have infinitely many solutions; an equilibrium where every unused
    action earns strictly less and that lies on a positive-dimensional set of solutions is not
    isolated (its neighbours there are equilibria too), so isolated equilibria on such sets are
    points where an unused action ties. Adding the tie equations often leaves finitely many
    solutions, each checked exactly like any other.
    """
    unused = [(i, b) for i, s in enumerate(support) for b in range(u.shape[1 + i]) if b not in s]
    ties = {pair: _tie_equation(u, support, *pair) for pair in unused}
    out: dict[tuple, tuple[Equilibrium, AlgebraicProfile | None]] = {}
    tried = 0
    for size in (1, 2):
        for chosen in itertools.combinations(unused, size):
            tried += 1
            if tried > MAX_TIE_SYSTEMS:
                return list(out.values())
            try:
                solution = solve_system(equations + [ties[pair] for pair in chosen], nvars)
            except OverflowError:
                continue
            if solution.status == "finite":
                for eq, cert in _equilibria_on(game, u, support, solution.finite):
                    key = tuple(round(p, 9) for s in eq.strategies for p in s)
                    out.setdefault(key, (eq, cert))
    return list(out.values())


def _support_text(game: NormalFormGame, support: Support) -> str:
    return "; ".join(f"{p} {{{', '.join(game.actions[i][a] for a in s)}}}" for i, (p, s) in enumerate(zip(game.players, support)))


def _normalized_fractions(game: NormalFormGame) -> np.ndarray:
    """Each player's payoffs mapped exactly onto ``[0, 1]`` (floats taken as the binary fractions they are).

    Every decision below is exact, so this changes no answer; it makes games that differ by
    positive affine changes of players' payoffs give the very same equations (and keeps their
    integers as small as the payoffs' differences allow, whatever their magnitude).
    """
    if game.is_exact:
        return exact_normalized(game.exact_payoffs, game.payoff_scale)
    exact = np.empty(game.payoffs.shape, dtype=object)
    exact.flat[:] = [Fraction(float(v)) for v in game.payoffs.flat]
    return exact_normalized(exact, payoff_scale(game.payoffs, exact))


def _strategy_polys(support: Support, shape: Sequence[int], finite: FiniteSolutions) -> list[list[uv.Poly]]:
    """Each probability as a univariate polynomial in the root ``t`` of the eliminant."""
    coords = dict(zip(variables_of(support), finite.coordinates))
    out = []
    for i, s in enumerate(support):
        row: list[uv.Poly] = [() for _ in range(shape[i])]
        first: uv.Poly = (Fraction(1),)
        for a in s[1:]:
            row[a] = coords[(i, a)]
            first = uv.sub(first, coords[(i, a)])
        row[s[0]] = first
        out.append(row)
    return out


def _equilibria_on(game: NormalFormGame, u: np.ndarray, support: Support,
                   finite: FiniteSolutions) -> list[tuple[Equilibrium, AlgebraicProfile | None]]:
    """The equilibria with exactly ``support`` among the real solutions of its system."""
    polys = _strategy_polys(support, game.shape, finite)
    out = []
    for interval, rational in zip(finite.roots, finite.rational):
        if rational is not None:
            strategies = [[Fraction(uv.evaluate(p, rational)) for p in row] for row in polys]
            if _is_rational_equilibrium(u, support, strategies):
                out.append((_rational_equilibrium(game, strategies), None))
            continue
        certified = _algebraic_equilibrium(u, support, polys, finite.eliminant, interval)
        if certified is not None:
            floats = certified.approximate()
            eq = equilibrium_from(game, floats)
            if eq.relative_regret > RELATIVE_TOLERANCE:  # pragma: no cover - the certificate says otherwise
                raise AssertionError(f"certified equilibrium has float regret {eq.regret}")
            out.append((eq, certified))
    return out


def _rational_equilibrium(game: NormalFormGame, strategies: list[list[Fraction]]) -> Equilibrium:
    if game.is_exact:
        eq = equilibrium_from(game, strategies, exact=True)
        if eq.exact_regret != 0:  # pragma: no cover - checked on the same numbers just before
            raise AssertionError("exact equilibrium failed its verification")
        return eq
    return equilibrium_from(game, [[float(p) for p in s] for s in strategies])


def _action_values(u: np.ndarray, player: int, strategies: Sequence[Sequence[Fraction]]) -> list[Fraction]:
    """Player ``player``'s payoff from each action against the others' (exact) strategies."""
    values = u[player]
    for j in reversed(range(len(strategies))):
        if j != player:
            values = np.tensordot(values, np.array(strategies[j], dtype=object), axes=([j], [0]))
    return list(values)


def _is_rational_equilibrium(u: np.ndarray, support: Support, strategies: list[list[Fraction]]) -> bool:
    """Exact test: probabilities positive exactly on the support, support actions best responses."""
    for i, s in enumerate(support):
        if any((p > 0) != (a in s) for a, p in enumerate(strategies[i])):
            return False
    for i, s in enumerate(support):
        values = _action_values(u, i, strategies)
        if max(values) > values[s[0]]:
            return False
    return True


def _algebraic_equilibrium(u: np.ndarray, support: Support, polys: list[list[uv.Poly]],
                           eliminant: tuple[int, ...], interval: uv.Interval) -> AlgebraicProfile | None:
    """The certificate of the solution at the irrational root in ``interval``, if it is an equilibrium."""
    for i, s in enumerate(support):
        for a in s:
            sign, interval = uv.sign_at_root(polys[i][a], eliminant, interval)
            if sign <= 0:
                return None
    for i, s in enumerate(support):
        values = _action_value_polys(u, i, polys, eliminant)
        for b in range(u.shape[1 + i]):
            if b not in s:
                sign, interval = uv.sign_at_root(uv.sub(values[b], values[s[0]]), eliminant, interval)
                if sign > 0:
                    return None
    strategies = tuple(tuple(tuple(Fraction(c) for c in p) for p in row) for row in polys)
    return AlgebraicProfile(eliminant=eliminant, interval=interval, strategies=strategies)


def _action_value_polys(u: np.ndarray, player: int, polys: list[list[uv.Poly]],
                        eliminant: tuple[int, ...]) -> list[uv.Poly]:
    """Each action's payoff to ``player`` as a polynomial in ``t``, reduced modulo the eliminant."""
    values = np.empty(u.shape[1:], dtype=object)
    for index in np.ndindex(values.shape):  # one by one: numpy would unpack tuples assigned in bulk
        v = u[(player, *index)]
        values[index] = (v,) if v else ()
    for j in reversed(range(len(polys))):
        if j == player:
            continue
        moved = np.moveaxis(values, j, -1)
        out = np.empty(moved.shape[:-1], dtype=object)
        for index in np.ndindex(out.shape):
            acc: uv.Poly = ()
            for a, p in enumerate(polys[j]):
                if p and moved[index + (a,)]:
                    acc = uv.add(acc, uv.mul(moved[index + (a,)], p))
            out[index] = uv.mod(acc, eliminant) if len(acc) >= len(eliminant) else acc
        values = out
    return list(values)
